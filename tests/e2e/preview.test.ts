import { mkdtempSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { saveReadmeScreenshot } from './support/readmeShot';
import { openFile } from './support/openFile';
import { launchChromium, type Browser } from './support/chromium';
import { sampleScenePng } from './support/sampleScene';
import { Pixels, near, type RGB, type Rect } from './support/pixels';

// The live control preview in Chromium against the real browser host: an object with a mask and a
// trajectory (set through the preview's test hook), the preview computed in its web worker, and the
// keypoints / animatic read back from screenshot pixels at the first and the last frame.
// page.evaluate callbacks run in the page; the node typecheck has no DOM lib, so the page globals they
// touch are declared here in the shape the preview's test hook (src-renderer/preview/testHook.ts) has.
interface PageDoc {
  readonly image: { readonly width: number; readonly height: number; readonly imageId: string } | null;
  readonly settings: Record<string, unknown>;
  readonly [key: string]: unknown;
}
interface PageStudio {
  readonly document: PageDoc;
  readonly frameCount: number;
  readonly frame: number;
  readonly viewport: { readonly x: number; readonly y: number; readonly scale: number };
  setDepth(depth: Record<string, unknown>): void;
  updateDocument(recipe: (d: PageDoc) => PageDoc): void;
  setFrame(frame: number): void;
}
interface PagePreview {
  readonly results: number;
  readonly status: string;
  readonly message: string | null;
  readonly result: { readonly points: { readonly offsets: Int32Array } } | null;
}
declare const window: {
  __studioPreview?: { studio: { getState(): PageStudio }; preview: { getState(): PagePreview } };
};
declare function requestAnimationFrame(cb: (time: number) => void): number;

let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-preview-'));
const errors: string[] = [];

// 576x1024 grey image (twice 288x512) with a green 100x100 square at (100..200, 200..300).
const IMG = { width: 576, height: 1024 };
const OBJ = { x0: 100, y0: 200, x1: 200, y1: 300 };
const GREEN: RGB = [40, 200, 80];
const MAGENTA: RGB = [255, 0, 255];
// trajectory (image px): square centre -> (420, 800); at 288x512 that is (75,125) -> (210,400)
const MOVE = { dx: 270, dy: 550 };

async function squarePng(): Promise<Buffer> {
  const raw = Buffer.alloc(IMG.width * IMG.height * 3, 120);
  for (let y = OBJ.y0; y < OBJ.y1; y++)
    for (let x = OBJ.x0; x < OBJ.x1; x++) raw.set(GREEN, (y * IMG.width + x) * 3);
  return sharp(raw, { raw: { width: IMG.width, height: IMG.height, channels: 3 } })
    .png()
    .toBuffer();
}

beforeAll(async () => {
  await writeFile(join(work, 'square.png'), await squarePng());
  await writeFile(join(work, 'lakeside-balloon.png'), await sampleScenePng());
  host = await startBrowserHost();
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(host.url);
  // A first run opens the bundled sample; the tests below wait for their own images to be open.
  await page.getByTestId('canvas').waitFor();
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  rmSync(work, { recursive: true, force: true });
});

async function openImage(file: string, width: number): Promise<void> {
  await openFile(page, join(work, file));
  await page.waitForFunction(
    (w) => window.__studioPreview?.studio.getState().document.image?.width === w,
    width,
  );
}

interface SceneSpec {
  resolution: string;
  frames: number;
  mask: { cx: number; cy: number; rx: number; ry: number; ellipse: boolean };
  points: { x: number; y: number; depth: number }[];
  colour: string;
  /** depth work size and Z0 at the top / bottom rows (linear in between) */
  depth: { width: number; height: number; top: number; bottom: number };
}

/** One moving object with a mask and a trajectory, and an estimated depth, through the test hook. */
async function setScene(spec: SceneSpec): Promise<void> {
  await page.evaluate((sp) => {
    const hook = window.__studioPreview!;
    const s = hook.studio.getState();
    const img = s.document.image!;
    const data = new Uint8Array(img.width * img.height);
    const { cx, cy, rx, ry, ellipse } = sp.mask;
    for (let y = Math.floor(cy - ry); y < cy + ry; y++)
      for (let x = Math.floor(cx - rx); x < cx + rx; x++) {
        const inside = !ellipse || ((x + 0.5 - cx) / rx) ** 2 + ((y + 0.5 - cy) / ry) ** 2 <= 1;
        if (inside && x >= 0 && y >= 0 && x < img.width && y < img.height) data[y * img.width + x] = 255;
      }
    const z0 = new Float32Array(sp.depth.width * sp.depth.height);
    for (let y = 0; y < sp.depth.height; y++)
      z0.fill(
        sp.depth.top + ((sp.depth.bottom - sp.depth.top) * y) / (sp.depth.height - 1),
        y * sp.depth.width,
        (y + 1) * sp.depth.width,
      );
    s.setDepth({ imageId: img.imageId, width: sp.depth.width, height: sp.depth.height, z0, disparity: z0 });
    s.updateDocument((d) => ({
      ...d,
      settings: {
        ...d.settings,
        resolution: sp.resolution,
        frames: sp.frames,
      },
      objects: [
        {
          id: 'obj-1',
          name: 'Object 1',
          colour: sp.colour,
          kind: 'moving',
          visible: true,
          locked: false,
          prompts: { points: [], box: null },
          trajectory: { points: sp.points, timing: 'uniform', easing: [] },
        },
      ],
      masks: { 'obj-1': { width: img.width, height: img.height, data } },
    }));
  }, spec);
}

async function setMode(label: 'Points' | 'Animatic' | 'Off'): Promise<void> {
  await page.getByRole('toolbar', { name: 'Control preview' }).getByRole('button', { name: label }).click();
}

/** Waits for a preview answer newer than `after` answers (it must be a result), then for the canvas. */
async function waitForResult(after: number): Promise<void> {
  await page.waitForFunction(
    (n) => {
      const p = window.__studioPreview!.preview.getState();
      return p.results > n && p.status !== 'computing';
    },
    after,
    { timeout: 30_000 },
  );
  const p = await page.evaluate(() => {
    const st = window.__studioPreview!.preview.getState();
    return { status: st.status, message: st.message };
  });
  expect(p).toEqual({ status: 'ready', message: null });
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

const results = () => page.evaluate(() => window.__studioPreview!.preview.getState().results);

async function setFrame(frame: number): Promise<void> {
  await page.evaluate((f) => window.__studioPreview!.studio.getState().setFrame(f), frame);
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** An image-space rectangle in screenshot pixels (the stage fills the canvas element). */
async function toScreen(r: Rect): Promise<Rect> {
  const box = await page.getByTestId('canvas').boundingBox();
  const vp = await page.evaluate(() => window.__studioPreview!.studio.getState().viewport);
  return {
    x: box!.x + vp.x + r.x * vp.scale,
    y: box!.y + vp.y + r.y * vp.scale,
    width: r.width * vp.scale,
    height: r.height * vp.scale,
  };
}

const inside = (a: Rect, b: Rect, slack: number) =>
  a.x >= b.x - slack &&
  a.y >= b.y - slack &&
  a.x + a.width <= b.x + b.width + slack &&
  a.y + a.height <= b.y + b.height + slack;

describe('live control preview', () => {
  it('draws the keypoints on the object at frame 0 and where the trajectory ends at the last frame', async () => {
    await openImage('square.png', IMG.width);
    // Play on the timeline's preview source turns the preview on (points)
    const timeline = page.getByRole('region', { name: 'Timeline' });
    await timeline.getByRole('button', { name: 'Play', exact: true }).click();
    await page
      .getByRole('toolbar', { name: 'Control preview' })
      .getByRole('button', { name: 'Points', pressed: true })
      .waitFor();
    await timeline.getByRole('button', { name: 'Pause', exact: true }).click();
    const before = await results();
    await setScene({
      resolution: '288x512',
      frames: 16,
      mask: { cx: 150, cy: 250, rx: 50, ry: 50, ellipse: false },
      points: [
        { x: 150, y: 250, depth: 0.5 },
        { x: 420, y: 800, depth: 0.5 },
      ],
      colour: '#ff00ff',
      depth: { width: 144, height: 256, top: 0.9, bottom: 0.9 },
    });
    await waitForResult(before);
    // the timeline's preview source follows the document's frame count
    expect(await page.evaluate(() => window.__studioPreview!.studio.getState().frameCount)).toBe(16);
    const objRect = { x: OBJ.x0, y: OBJ.y0, width: OBJ.x1 - OBJ.x0, height: OBJ.y1 - OBJ.y0 };
    const moved = { ...objRect, x: objRect.x + MOVE.dx, y: objRect.y + MOVE.dy };
    // Keypoints = pixels that change when the preview is switched on and that carry the object's colour
    // (other layers, e.g. the mask overlay's outline in the same colour, are there in both shots).
    const keypointBounds = async (): Promise<Rect | null> => {
      const canvas = (await page.getByTestId('canvas').boundingBox())!;
      const n = await results();
      await setMode('Off');
      const off = await Pixels.fromPng(await page.screenshot());
      await setMode('Points');
      await waitForResult(n);
      const on = await Pixels.fromPng(await page.screenshot({ path: join(work, 'points.png') }));
      let [bx0, by0, bx1, by1] = [Infinity, Infinity, -Infinity, -Infinity];
      for (let y = Math.ceil(canvas.y); y < Math.floor(canvas.y + canvas.height); y++)
        for (let x = Math.ceil(canvas.x); x < Math.floor(canvas.x + canvas.width); x++) {
          const c = on.at(x, y);
          if (!near(c, MAGENTA, 40) || near(off.at(x, y), c, 8)) continue;
          [bx0, by0, bx1, by1] = [Math.min(bx0, x), Math.min(by0, y), Math.max(bx1, x), Math.max(by1, y)];
        }
      return bx1 < 0 ? null : { x: bx0, y: by0, width: bx1 - bx0 + 1, height: by1 - by0 + 1 };
    };

    await setFrame(0);
    const at0 = await keypointBounds();
    expect(at0, 'keypoints at frame 0').not.toBeNull();
    // point radius + 1 generation pixel of the splat's growth, in screen px
    expect(inside(at0!, await toScreen(objRect), 16)).toBe(true);

    // the last frame through the timeline's scrubber, as a person would
    await page.getByTestId('scrubber').fill('15');
    expect(await page.evaluate(() => window.__studioPreview!.studio.getState().frame)).toBe(15);
    const atLast = await keypointBounds();
    expect(atLast, 'keypoints at the last frame').not.toBeNull();
    expect(inside(atLast!, await toScreen(moved), 16)).toBe(true);
    // and none left on the start position
    expect(inside(atLast!, await toScreen(objRect), 16)).toBe(false);
  });

  it('carries the object in the animatic and dims the hole it leaves', async () => {
    const before = await results();
    await setMode('Animatic');
    await waitForResult(before);
    await setFrame(15);
    const px = await Pixels.fromPng(await page.screenshot());
    const start = await toScreen({ x: 150, y: 250, width: 0, height: 0 });
    const end = await toScreen({ x: 150 + MOVE.dx, y: 250 + MOVE.dy, width: 0, height: 0 });
    expect(near(px.at(end.x, end.y), GREEN, 30), `green at the end ${px.at(end.x, end.y).join()}`).toBe(true);
    const hole = px.at(start.x, start.y);
    expect(Math.max(...hole), `dimmed hole ${hole.join()}`).toBeLessThan(100);
    await setFrame(0);
    const px0 = await Pixels.fromPng(await page.screenshot());
    expect(near(px0.at(start.x, start.y), GREEN, 30)).toBe(true);
    expect(near(px0.at(end.x, end.y), [120, 120, 120], 20)).toBe(true);
  });

  it('shows the preview over a real-looking picture (README screenshot)', async () => {
    // a fresh page: opening a second image over an edited document asks about the unsaved changes
    await page.close();
    page = await browser.context.newPage();
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(host.url);
    await page.getByTestId('canvas').waitFor();
    await openImage('lakeside-balloon.png', 1280);
    await setMode('Points');
    const before = await results();
    await setScene({
      resolution: '512x288',
      frames: 16,
      mask: { cx: 360, cy: 205, rx: 74, ry: 118, ellipse: true },
      points: [
        { x: 360, y: 200, depth: 0.55 },
        { x: 700, y: 290, depth: 0.4 },
        { x: 1000, y: 170, depth: 0.3 },
      ],
      colour: '#f0616d',
      depth: { width: 512, height: 288, top: 1, bottom: 0.2 },
    });
    await waitForResult(before);
    await setFrame(10);
    const notices = page.getByTestId('notice');
    while ((await notices.count()) > 0)
      await notices.first().getByRole('button', { name: 'Dismiss' }).click();
    await page.mouse.move(0, 0);
    await saveReadmeScreenshot(page, 'preview.png');
    const p = await page.evaluate(
      () => window.__studioPreview!.preview.getState().result!.points.offsets[11],
    );
    expect(p).toBeGreaterThan(0);
    const n = await results();
    await setMode('Animatic');
    await waitForResult(n);
    await saveReadmeScreenshot(page, 'preview-animatic.png');
    expect(errors).toEqual([]);
  });
});
