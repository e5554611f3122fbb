import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { openFile } from './support/openFile';
import { Pixels } from './support/pixels';

// Depth an artist can read, in Chromium against the browser host: the inspector's distance control
// (relative to where the object starts, exact to the LeviTor value, wheel fine / Shift+wheel coarse, one
// undo step per burst, clamped at the LeviTor limits and saying so), the outline on the canvas of where and
// how big the object will be at the selected point (moved and scaled as the control signal does it), and
// a point outside the crop shown and explained. The scene is set through the preview's test hook.
interface PagePoint {
  x: number;
  y: number;
  depth: number;
}
interface PageDoc {
  readonly image: { readonly width: number; readonly height: number; readonly imageId: string } | null;
  readonly objects: readonly { readonly trajectory: { readonly points: readonly PagePoint[] } | null }[];
  readonly [key: string]: unknown;
}
interface PageStudio {
  readonly document: PageDoc;
  readonly viewport: { readonly x: number; readonly y: number; readonly scale: number };
  setDepth(depth: Record<string, unknown>): void;
  updateDocument(recipe: (d: PageDoc) => PageDoc): void;
  select(ids: string[]): void;
}
interface PageTemporal {
  readonly pastStates: readonly unknown[];
}
declare const window: {
  __studioPreview?: {
    studio: { getState(): PageStudio; temporal: { getState(): PageTemporal } };
  };
};
declare function requestAnimationFrame(cb: (time: number) => void): number;

let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-distance-'));
const SHOTS = join(tmpdir(), 'levitor-screenshots');
// Twice the method's 288 x 512 frame: the crop is the whole image and a frame pixel is 2 image pixels.
const IMG = { width: 576, height: 1024 };
const DISC = { x: 150, y: 250, r: 60 };
const START = { x: 150, y: 250, depth: 0.1 };
const END = { x: 400, y: 700, depth: 0.1 };

beforeAll(async () => {
  const raw = Buffer.alloc(IMG.width * IMG.height * 3, 110);
  await writeFile(
    join(work, 'grey.png'),
    await sharp(raw, { raw: { width: IMG.width, height: IMG.height, channels: 3 } })
      .png()
      .toBuffer(),
  );
  await mkdir(SHOTS, { recursive: true });
  host = await startBrowserHost();
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(host.url);
  await page.getByTestId('canvas').waitFor();
  await openFile(page, join(work, 'grey.png'));
  await page.waitForFunction(
    (w) => window.__studioPreview?.studio.getState().document.image?.width === w,
    IMG.width,
  );
  // One moving disc object with a two-point path, on a flat depth of 0.1, selected in the trajectory tool.
  await page.evaluate(
    ({ disc, points }) => {
      const s = window.__studioPreview!.studio.getState();
      const img = s.document.image!;
      const data = new Uint8Array(img.width * img.height);
      for (let y = 0; y < img.height; y++)
        for (let x = 0; x < img.width; x++)
          if ((x + 0.5 - disc.x) ** 2 + (y + 0.5 - disc.y) ** 2 < disc.r ** 2) data[y * img.width + x] = 255;
      const z0 = new Float32Array(img.width * img.height).fill(0.1);
      s.setDepth({ imageId: img.imageId, width: img.width, height: img.height, z0, disparity: z0 });
      s.updateDocument((d) => ({
        ...d,
        objects: [
          {
            id: 'obj-1',
            name: 'Disc',
            colour: '#3cb44b',
            kind: 'moving',
            visible: true,
            locked: false,
            prompts: { points: [], box: null },
            trajectory: { points, timing: 'uniform', easing: [] },
          },
        ],
        masks: { 'obj-1': { width: img.width, height: img.height, data } },
      }));
      s.select(['obj-1']);
    },
    { disc: DISC, points: [START, END] },
  );
  await page.keyboard.press('t');
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

const settle = () =>
  page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
const points = () =>
  page.evaluate(() => window.__studioPreview!.studio.getState().document.objects[0]!.trajectory!.points);
const undoSteps = () =>
  page.evaluate(() => window.__studioPreview!.studio.temporal.getState().pastStates.length);

async function screenAt(x: number, y: number): Promise<{ x: number; y: number }> {
  const box = await page.getByTestId('canvas').boundingBox();
  const vp = await page.evaluate(() => window.__studioPreview!.studio.getState().viewport);
  return { x: box!.x + vp.x + x * vp.scale, y: box!.y + vp.y + y * vp.scale };
}

/**
 * Whether the outline's white line crosses the ray from image point (cx, cy) at `angle` between radii r0
 * and r1 (image pixels). The image is a flat grey and the path, the markers and the mask overlay are not
 * white there, so a near-white pixel is the outline.
 */
async function outlineOnRay(px: Pixels, cx: number, cy: number, angle: number, r0: number, r1: number) {
  const o = await screenAt(0, 0);
  const scale = await page.evaluate(() => window.__studioPreview!.studio.getState().viewport.scale);
  for (let r = r0; r <= r1; r += 0.5) {
    const c = px.at(o.x + (cx + r * Math.cos(angle)) * scale, o.y + (cy + r * Math.sin(angle)) * scale);
    if (c[0] > 225 && c[1] > 225 && c[2] > 225) return true;
  }
  return false;
}

const shot = async (name: string) => Pixels.fromPng(await page.screenshot({ path: join(SHOTS, name) }));

/** Waits until the last point's depth satisfies `test`. */
async function waitForDepth(test: (d: number) => boolean, what: string): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const d = (await points())[1]!.depth;
    if (test(d)) return d;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await points())}`);
}

describe('depth that reads like distance', () => {
  it('selects the end point: the inspector reads distance and size, the canvas outlines the object there', async () => {
    const end = await screenAt(END.x, END.y);
    await page.mouse.click(end.x, end.y);
    await expect(page.getByTestId('point-distance-value').textContent()).resolves.toBe(
      'same distance · 100 % size',
    );
    await settle();
    await page.getByTestId('point-inspector').screenshot({ path: join(SHOTS, 'distance-inspector.png') });
    const px = await shot('distance-same.png');
    // Unmoved in depth: the disc (r 60) outlined around the end point, about one splat radius wider.
    for (const a of [0, Math.PI / 2, Math.PI])
      expect(await outlineOnRay(px, END.x, END.y, a, DISC.r - 4, DISC.r + 8)).toBe(true);
  });

  it('Shift+wheel over the control: coarse steps (two = twice as far, half the size), one undo step', async () => {
    const before = await undoSteps();
    // Two notches in one task (a loaded machine may space real wheel events past the burst's 400 ms),
    // as Chromium sends a Shift+wheel: horizontal (deltaX), with shiftKey.
    await page.evaluate(`(() => {
      const el = document.querySelector('[data-testid="point-distance-slider"]');
      for (let i = 0; i < 2; i++)
        el.dispatchEvent(new WheelEvent('wheel', { deltaX: 100, shiftKey: true, bubbles: true, cancelable: true }));
    })()`);
    const d = await waitForDepth((v) => v > 0.15, 'two coarse steps');
    expect(d).toBeCloseTo(0.2, 12); // exactly x2 of the start depth 0.1
    await expect(page.getByTestId('point-distance-value').textContent()).resolves.toBe(
      '×2 farther · 50 % size',
    );
    for (let i = 0; i < 30 && (await undoSteps()) === before; i++) await page.waitForTimeout(50);
    await page.waitForTimeout(500); // past the burst's end: nothing more may be recorded
    expect(await undoSteps()).toBe(before + 1);
    // The raw LeviTor value stays in the inspector for experts.
    await expect(page.getByTestId('point-depth').inputValue()).resolves.toBe('0.2');
  });

  it('the outline follows: half the size, pulled toward the frame centre as the control signal moves it', async () => {
    await page.mouse.move(5, 5);
    await settle();
    const px = await shot('distance-farther.png');
    // Frame 288 x 512 (centre 144, 256); the end point is frame pixel (200, 350), the start (75, 125): the
    // disc centre goes to 144 + (200 - 144) / 2 = 172, 256 + (350 - 256) / 2 = 303, i.e. image (344, 606),
    // with half the radius (30 image pixels).
    const c = { x: 344, y: 606 };
    for (const a of [0, Math.PI / 2, Math.PI]) expect(await outlineOnRay(px, c.x, c.y, a, 26, 36)).toBe(true);
    // and nothing is left where the unscaled outline was
    expect(await outlineOnRay(px, END.x, END.y, 0, DISC.r - 4, DISC.r + 8)).toBe(false);
  });

  it('dragging the depth handle updates the outline live (48 px down = twice as far), one undo step', async () => {
    const before = await undoSteps();
    const end = await screenAt(END.x, END.y);
    const handle = { x: end.x, y: end.y - 26 }; // HANDLE_OFFSET screen pixels above the point
    await page.mouse.move(handle.x, handle.y);
    await page.mouse.down();
    await page.mouse.move(handle.x, handle.y + 48, { steps: 6 });
    await waitForDepth((v) => Math.abs(v - 0.4) < 1e-12, 'x2 more (x4 from the start)');
    await settle();
    // Still held: the outline already shows the object at a quarter size, nearer the centre: frame
    // (144 + (200 - 144) / 4, 256 + (350 - 256) / 4) = (158, 279.5), image (316, 559), radius ~15 + splat.
    const px = await shot('distance-handle-drag.png');
    for (const a of [0, Math.PI]) expect(await outlineOnRay(px, 316, 559, a, 11, 24)).toBe(true);
    await page.mouse.up();
    expect(await undoSteps()).toBe(before + 1);
    await page.keyboard.press('Control+z');
    await waitForDepth((v) => Math.abs(v - 0.2) < 1e-12, 'the undo of the drag');
  });

  it('undo restores the depth; the wheel over the point and the arrow keys step finely, Shift coarsely', async () => {
    await page.keyboard.press('Control+z');
    await waitForDepth((v) => v === 0.1, 'the undo');
    const end = await screenAt(END.x, END.y);
    await page.mouse.move(end.x, end.y);
    await page.mouse.wheel(0, 100);
    const d = await waitForDepth((v) => v !== 0.1, 'a fine step');
    expect(d / 0.1).toBeCloseTo(2 ** (1 / 12), 10);
    // Shift+Down on the canvas: one coarse step farther, onto the next half-doubling (x1.41)
    await page.keyboard.press('Shift+ArrowDown');
    const c = await waitForDepth((v) => v !== d, 'a coarse key step');
    expect(c / 0.1).toBeCloseTo(Math.SQRT2, 10);
    await page.keyboard.press('ArrowUp');
    expect((await waitForDepth((v) => v !== c, 'a fine key step')) / 0.1).toBeCloseTo(2 ** (5 / 12), 10);
  });

  it('clamps at the LeviTor limit and says so', async () => {
    const slider = page.getByTestId('point-distance-slider');
    await slider.focus();
    await page.keyboard.press('Home');
    await waitForDepth((v) => Math.abs(v - 1 / 255) < 1e-12, 'the nearest depth');
    await expect(page.getByTestId('point-distance-limit').textContent()).resolves.toMatch(
      /nearest depth LeviTor can encode \(1\/255, ×0.039 nearer\): it cannot come nearer/,
    );
    // Z + dd stays > 0 (the object's own depth is 0.1), but ×0.04 the distance is 25 times the size,
    // centred far off the frame: the inspector says the object will not show there.
    await expect(page.getByTestId('point-warning').textContent()).resolves.toMatch(
      /wholly outside the frame/,
    );
    await page.keyboard.press('End');
    await waitForDepth((v) => v === 1, 'the farthest depth');
    await expect(page.getByTestId('point-distance-limit').textContent()).resolves.toMatch(
      /farthest depth LeviTor can encode \(1, ×10 farther\): it cannot go farther/,
    );
    await expect(page.getByTestId('point-warning').count()).resolves.toBe(0);
    await slider.blur();
  });

  it('shows a point outside the crop and says what the control signal does with it', async () => {
    await page.evaluate(() =>
      window.__studioPreview!.studio.getState().updateDocument((d) => ({
        ...d,
        framing: { fit: 'crop', frame: { cx: 0.5, cy: 0.5, scale: 0.5 } },
      })),
    );
    // The half-size crop spans image x 144..432, y 256..768: the start point (y 250) is above it.
    const start = await screenAt(START.x, START.y);
    await page.mouse.click(start.x, start.y);
    await expect(page.getByTestId('point-warning').textContent()).resolves.toMatch(
      /Outside the crop: the control signal uses the nearest pixel on the top edge/,
    );
    // The fix the Frame section offers is offered here too.
    const fit = page.getByTestId('point-inspector').getByRole('button', { name: 'Fit frame to motion' });
    expect(await fit.count()).toBe(1);
    await settle();
    await shot('distance-outside-crop.png');
    // The end point is at the farthest depth (1): drawn smallest, it is still picked 10 px off its centre.
    const end = await screenAt(END.x, END.y);
    await page.mouse.click(end.x + 7, end.y - 7);
    await expect(page.getByTestId('point-inspector').textContent()).resolves.toContain('Point 2 of 2');
    await expect(page.getByTestId('point-warning').count()).resolves.toBe(0);
    // A crop below the disc (image y 460..972): nothing of the object is in the frame, so the control
    // signal leaves it out, and the inspector says so instead of drawing no outline without a word.
    await page.evaluate(() =>
      window.__studioPreview!.studio.getState().updateDocument((d) => ({
        ...d,
        framing: { fit: 'crop', frame: { cx: 0.6, cy: 0.7, scale: 0.5 } },
      })),
    );
    await expect(page.getByTestId('point-warning').textContent()).resolves.toMatch(
      /None of Disc’s mask is inside the crop, so the control signal leaves it out/,
    );
  });
});
