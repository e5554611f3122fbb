import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { openFile } from './support/openFile';
import { Pixels } from './support/pixels';

// The generation frame on the canvas, in Chromium against the browser host: a landscape image opens with
// the centred crop frame (the rest dimmed), the frame is moved by its edge and scaled by a corner (one undo
// step each), letterbox shows bars around the image, and the landscape frame shape is offered with its note.
interface Framing {
  readonly fit: string;
  readonly frame: { readonly cx: number; readonly cy: number; readonly scale: number };
}
interface PageStudio {
  readonly document: {
    readonly image: { readonly width: number } | null;
    readonly framing: Framing;
    readonly settings: { readonly resolution: string };
  };
  readonly viewport: { readonly x: number; readonly y: number; readonly scale: number };
}
declare const window: { __studioPreview?: { studio: { getState(): PageStudio } } };
declare function requestAnimationFrame(cb: (time: number) => void): number;

let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-framing-'));
const IMG = { width: 900, height: 500 };

beforeAll(async () => {
  const raw = Buffer.alloc(IMG.width * IMG.height * 3, 120);
  await writeFile(
    join(work, 'wide.png'),
    await sharp(raw, { raw: { width: IMG.width, height: IMG.height, channels: 3 } })
      .png()
      .toBuffer(),
  );
  host = await startBrowserHost();
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(host.url);
  await page.getByTestId('canvas').waitFor();
  await openFile(page, join(work, 'wide.png'));
  await page.waitForFunction(
    (w) => window.__studioPreview?.studio.getState().document.image?.width === w,
    IMG.width,
  );
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  rmSync(work, { recursive: true, force: true });
});

const state = () => page.evaluate(() => window.__studioPreview!.studio.getState().document);
const settle = () =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));

/** Image point -> page point through the canvas box and the viewport. */
async function screenAt(x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('canvas').boundingBox();
  const vp = await page.evaluate(() => window.__studioPreview!.studio.getState().viewport);
  return { x: box!.x + vp.x + x * vp.scale, y: box!.y + vp.y + y * vp.scale };
}

async function drag(from: { x: number; y: number }, to: { x: number; y: number }): Promise<void> {
  await page.mouse.move(from.x, from.y);
  await page.mouse.down();
  await page.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 4 });
  await page.mouse.move(to.x, to.y, { steps: 4 });
  await page.mouse.up();
  await settle();
}

const shot = async (name: string) => {
  const png = await page.screenshot({ path: join(work, `${name}.png`) });
  return Pixels.fromPng(png);
};
const lum = (c: readonly number[]) => ((c[0] as number) + (c[1] as number) + (c[2] as number)) / 3;

describe('the generation frame on the canvas', () => {
  it('opens a landscape image with the centred crop frame and dims what it leaves out', async () => {
    const doc = await state();
    expect(doc.framing).toEqual({ fit: 'crop', frame: { cx: 0.5, cy: 0.5, scale: 1 } });
    await settle();
    const px = await shot('crop-default');
    // 500 high -> 281 wide centred: x 309..590. Left of it dimmed, inside the plain grey (120).
    const inside = await screenAt(450, 250);
    const outside = await screenAt(150, 250);
    expect(Math.abs(lum(px.at(inside.x, inside.y)) - 120)).toBeLessThan(6);
    expect(lum(px.at(outside.x, outside.y))).toBeLessThan(75);
    expect(await page.getByTestId('fit-crop').getAttribute('aria-checked')).toBe('true');
  });

  it('moves the frame by its edge and scales it by a corner, one undo step each', async () => {
    const left = await screenAt(309, 250);
    const further = await screenAt(209, 250);
    await drag(left, further);
    const moved = (await state()).framing.frame;
    expect(moved.cx * IMG.width).toBeCloseTo(350, -1); // centre 450 -> 350
    expect(moved.scale).toBe(1);
    // bottom-right corner of the moved frame (209 + 281, 500) pulled in to half the size
    const corner = await screenAt(209 + 281, 500);
    const inward = await screenAt(209 + 140, 250);
    await drag(corner, inward);
    const scaled = (await state()).framing.frame;
    expect(scaled.scale).toBeCloseTo(0.5, 1);
    // top-left corner held
    expect((scaled.cx - (scaled.scale * 281) / 2 / IMG.width) * IMG.width).toBeCloseTo(209, -1);
    await shot('crop-scaled');
    await page.keyboard.press('Control+Z');
    expect((await state()).framing.frame).toEqual(moved);
    await page.keyboard.press('Control+Z');
    expect((await state()).framing.frame).toEqual({ cx: 0.5, cy: 0.5, scale: 1 });
  });

  it('letterbox shows black bars around the whole image; stretch is labelled as the reference', async () => {
    await page.getByTestId('fit-letterbox').click();
    expect((await state()).framing.fit).toBe('letterbox');
    await settle();
    const px = await shot('letterbox');
    // 900x500 in a 288x512 frame: the frame is 900 wide, 1600 high in image pixels; bars above and below
    const bar = await screenAt(450, -20);
    const img = await screenAt(450, 250);
    expect(lum(px.at(bar.x, bar.y))).toBeLessThan(8);
    expect(Math.abs(lum(px.at(img.x, img.y)) - 120)).toBeLessThan(6);
    await page.getByTestId('fit-stretch').click();
    expect(await page.getByTestId('fit-help').textContent()).toContain('the reference’s behaviour');
    await shot('stretch');
  });

  it('offers the landscape frame for a landscape image, saying it is outside the training shape', async () => {
    await page.getByTestId('fit-crop').click();
    await page.getByLabel('Frame shape').selectOption('512x288');
    expect((await state()).settings.resolution).toBe('512x288');
    expect(await page.getByTestId('frame-shape-note').textContent()).toContain('trained on 288 × 512');
    await settle();
    const px = await shot('landscape');
    // 900x500 at 16:9: 889 wide, full height, centred: the image middle is inside, x = 2 is dimmed
    const inside = await screenAt(450, 250);
    const edge = await screenAt(2, 250);
    expect(Math.abs(lum(px.at(inside.x, inside.y)) - 120)).toBeLessThan(6);
    expect(lum(px.at(edge.x, edge.y))).toBeLessThan(75);
  });
});
