import { writeFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { saveReadmeScreenshot } from './support/readmeShot';
import { launchChromium, type Browser } from './support/chromium';
import { oversizedPngHeader, quadrantPng, type QuadrantImage } from './support/images';
import { sampleScenePng } from './support/sampleScene';
import { Pixels, inside, near, saturated, type RGB, type Rect } from './support/pixels';

// The studio shell in Debian Chromium against the real browser host: open images through the file
// dialog path and by drag and drop, and check from screenshot pixels that the canvas shows them.
let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-shell-'));
const consoleErrors: string[] = [];

let landscape: QuadrantImage;
let portrait: QuadrantImage;

beforeAll(async () => {
  landscape = await quadrantPng(
    640,
    400,
    [
      [220, 40, 40],
      [40, 190, 80],
      [40, 90, 230],
      [240, 200, 40],
    ],
    80,
  );
  portrait = await quadrantPng(
    300,
    480,
    [
      [230, 110, 20],
      [150, 60, 220],
      [20, 180, 190],
      [220, 50, 150],
    ],
    60,
  );
  await writeFile(join(work, 'landscape.png'), landscape.png);
  await writeFile(join(work, 'notes.png'), 'these are notes, not pixels\n');
  await writeFile(join(work, 'huge.png'), oversizedPngHeader(20000, 20000));
  await writeFile(join(work, 'lakeside-balloon.png'), await sampleScenePng());
  host = await startBrowserHost();
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(host.url);
  // The host starts as on a fresh machine: the first run opens the bundled sample. Wait for it, so it
  // cannot land over the images these tests open.
  await page.locator('.topbar__doc-name', { hasText: 'Coffee cup (sample)' }).waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  rmSync(work, { recursive: true, force: true });
});

async function canvasBox(): Promise<Rect> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('canvas has no box');
  return box;
}

async function screenshot(): Promise<Pixels> {
  return Pixels.fromPng(await page.screenshot());
}

/** UI that floats over the canvas (tools, tool options, preview switch, notices) and may be coloured. */
const FLOATING =
  '[role="toolbar"][aria-label="Tools"], [data-testid="tool-options"], [data-testid="preview-toolbar"], [data-testid="notice"]';

async function floatingBoxes(): Promise<Rect[]> {
  const boxes = await Promise.all(
    (await page.locator(FLOATING).all()).map((l) => l.boundingBox().catch(() => null)),
  );
  return boxes.filter((b): b is Rect => b !== null);
}

/** A screenshot with the boxes of the floating UI seen just before and just after it was taken. */
async function canvasShot(): Promise<{ px: Pixels; floating: Rect[] }> {
  const before = await floatingBoxes();
  const px = await screenshot();
  return { px, floating: [...before, ...(await floatingBoxes())] };
}

/** Waits until the canvas shows coloured pixels forming a box of the given aspect ratio. */
async function waitForImageBounds(aspect: number): Promise<{ px: Pixels; bounds: Rect; floating: Rect[] }> {
  const area = await canvasBox();
  for (let i = 0; i < 100; i++) {
    const { px, floating } = await canvasShot();
    const bounds = px.boundsOf(area, saturated, floating);
    if (bounds && Math.abs(bounds.width / bounds.height - aspect) < 0.02) return { px, bounds, floating };
    await page.waitForTimeout(100);
  }
  // Keep what the page showed last, for whoever reads the failure (CI prints this path).
  const shot = join(tmpdir(), `levitor-shell-failure-${Date.now()}.png`);
  await page.screenshot({ path: shot });
  const floating = JSON.stringify(await floatingBoxes());
  throw new Error(
    `no image of aspect ${aspect} appeared on the canvas (last screenshot: ${shot}; floating UI: ${floating}); host log:\n${host.log()}`,
  );
}

/**
 * New projects open with the crop frame, which dims the parts of the image it leaves out; these tests
 * measure the whole image, so they switch its framing to stretch (no dimming) and give the keyboard back
 * to the page (a clicked button keeps Space and Enter for itself).
 */
let acceptsDiscard = false;
async function showWholeImage(): Promise<void> {
  // The framing change is an edit: the next image opened asks whether to discard it, and it may.
  if (!acceptsDiscard) page.on('dialog', (d) => void d.accept());
  acceptsDiscard = true;
  await page.getByTestId('fit-stretch').click();
  await page.evaluate('document.activeElement && document.activeElement.blur()');
}

/** The fitted image is centred in the canvas and touches the padding on its limiting side. */
function expectFittedAndCentred(bounds: Rect, area: Rect) {
  const cx = bounds.x + bounds.width / 2;
  const cy = bounds.y + bounds.height / 2;
  expect(Math.abs(cx - (area.x + area.width / 2))).toBeLessThan(2);
  expect(Math.abs(cy - (area.y + area.height / 2))).toBeLessThan(2);
  const fillW = bounds.width / area.width;
  const fillH = bounds.height / area.height;
  // One side spans the view minus a small margin; the image is neither tiny nor cropped.
  expect(Math.max(fillW, fillH)).toBeGreaterThan(0.85);
  expect(Math.max(fillW, fillH)).toBeLessThanOrEqual(1);
}

function expectQuadrants(shot: { px: Pixels; bounds: Rect; floating: Rect[] }, img: QuadrantImage) {
  const { px, bounds, floating } = shot;
  const point = (fx: number, fy: number) => ({
    x: bounds.x + fx * bounds.width,
    y: bounds.y + fy * bounds.height,
  });
  const probes: [{ x: number; y: number }, RGB][] = [
    [point(0.2, 0.2), img.quadrants[0]],
    [point(0.8, 0.2), img.quadrants[1]],
    [point(0.2, 0.8), img.quadrants[2]],
    [point(0.8, 0.8), img.quadrants[3]],
    [point(0.5, 0.5), [255, 255, 255]],
  ];
  const visible = probes.filter(([p]) => !floating.some((r) => inside(r, p.x, p.y, 4)));
  // The floating UI sits at the canvas edges: at least the centre and three quadrants are in view.
  expect(visible.length).toBeGreaterThanOrEqual(4);
  for (const [p, colour] of visible) expect(near(px.at(p.x, p.y), colour)).toBe(true);
}

describe('studio shell in Chromium', () => {
  it('shows the shell, on a first run with the sample project, and the compute device in the status bar', async () => {
    await expect(page.getByRole('region', { name: 'Canvas' }).isVisible()).resolves.toBe(true);
    const status = page.getByRole('contentinfo');
    await status.getByText(/Connected/).waitFor();
    await expect(status.textContent()).resolves.toMatch(/Compute/);
  });

  it('opens a PNG with Ctrl+O through the file chooser and shows it fitted on the canvas', async () => {
    const chooser = page.waitForEvent('filechooser');
    await page.keyboard.press('Control+O');
    await (await chooser).setFiles(join(work, 'landscape.png'));
    await page.locator('.topbar__doc-name', { hasText: 'landscape' }).waitFor();
    await showWholeImage();
    const shot = await waitForImageBounds(640 / 400);
    expectFittedAndCentred(shot.bounds, await canvasBox());
    expectQuadrants(shot, landscape);
    await expect(page.getByTestId('zoom-readout').textContent()).resolves.toMatch(/%$/);
  });

  it('zooms about the cursor with the wheel', async () => {
    const area = await canvasBox();
    const before = await waitForImageBounds(640 / 400);
    const centre = {
      x: before.bounds.x + before.bounds.width / 2,
      y: before.bounds.y + before.bounds.height / 2,
    };
    const white = (c: readonly number[]) => near(c as [number, number, number], [255, 255, 255], 10);
    const markerBefore = before.px.runLength(centre.x, centre.y, white);
    const readoutBefore = await page.getByTestId('zoom-readout').textContent();
    await page.mouse.move(centre.x, centre.y);
    await page.mouse.wheel(0, -100);
    await page.mouse.wheel(0, -100);
    let px = await screenshot();
    for (let i = 0; i < 50 && px.runLength(centre.x, centre.y, white) <= markerBefore * 1.2; i++) {
      await page.waitForTimeout(100);
      px = await screenshot();
    }
    const markerAfter = px.runLength(centre.x, centre.y, white);
    const readoutAfter = await page.getByTestId('zoom-readout').textContent();
    const ratio = parseFloat(readoutAfter ?? '') / parseFloat(readoutBefore ?? '');
    expect(ratio).toBeGreaterThan(1.3);
    // The white marker under the cursor grew by the displayed zoom ratio and stayed centred on it.
    expect(markerAfter / markerBefore).toBeGreaterThan(ratio * 0.9);
    expect(markerAfter / markerBefore).toBeLessThan(ratio * 1.1);
    expect(near(px.at(centre.x, centre.y), [255, 255, 255])).toBe(true);
    // Fit (F) brings the whole image back.
    await page.keyboard.press('f');
    const fitted = await waitForImageBounds(640 / 400);
    expectFittedAndCentred(fitted.bounds, area);
  });

  it('pans with Space+drag and with the middle button', async () => {
    // Zoom out first so the panned image stays wholly inside the canvas, where its bounds can be measured.
    await page.keyboard.press('-');
    await page.keyboard.press('-');
    const start = await waitForImageBounds(640 / 400);
    expect(start.bounds.width).toBeLessThan((await canvasBox()).width - 200);
    const from = { x: start.bounds.x + 100, y: start.bounds.y + 100 };
    await page.mouse.move(from.x, from.y);
    await page.keyboard.down('Space');
    await page.mouse.down();
    await page.mouse.move(from.x + 60, from.y + 40, { steps: 4 });
    await page.mouse.up();
    await page.keyboard.up('Space');
    const moved = await waitForImageBounds(640 / 400);
    expect(moved.bounds.x - start.bounds.x).toBeCloseTo(60, -0.5);
    expect(moved.bounds.y - start.bounds.y).toBeCloseTo(40, -0.5);
    await page.mouse.down({ button: 'middle' });
    await page.mouse.move(from.x + 60 - 80, from.y + 40 - 20, { steps: 4 });
    await page.mouse.up({ button: 'middle' });
    const back = await waitForImageBounds(640 / 400);
    expect(back.bounds.x - start.bounds.x).toBeCloseTo(-20, -0.5);
    expect(back.bounds.y - start.bounds.y).toBeCloseTo(20, -0.5);
    await page.keyboard.press('0');
    expectFittedAndCentred((await waitForImageBounds(640 / 400)).bounds, await canvasBox());
  });

  it('opens a dropped image', async () => {
    const b64 = portrait.png.toString('base64');
    // Runs in the page: a real DataTransfer holding a File, dispatched as the browser does for a drop.
    // Kept as source text because this test is typechecked for Node, without the DOM library.
    const dropScript = `(() => {
      const bytes = Uint8Array.from(atob(${JSON.stringify(b64)}), (c) => c.charCodeAt(0));
      const dt = new DataTransfer();
      dt.items.add(new File([bytes], 'portrait.png', { type: 'image/png' }));
      const target = document.querySelector('[data-testid="canvas"]');
      for (const type of ['dragenter', 'dragover', 'drop']) {
        target.dispatchEvent(new DragEvent(type, { dataTransfer: dt, bubbles: true, cancelable: true }));
      }
    })()`;
    await page.evaluate(dropScript);
    await page.locator('.topbar__doc-name', { hasText: 'portrait' }).waitFor();
    await showWholeImage();
    const shot = await waitForImageBounds(300 / 480);
    expectFittedAndCentred(shot.bounds, await canvasBox());
    expectQuadrants(shot, portrait);
    await page.getByText('portrait.png').first().waitFor();
  });

  it('explains that a file which is not an image cannot be opened', async () => {
    await page.getByTestId('file-input').setInputFiles(join(work, 'notes.png'));
    const notice = page
      .getByTestId('notice')
      .filter({ hasText: /not an image|not a PNG|could not be read/i });
    await notice.first().waitFor({ timeout: 15_000 });
    const text = (await notice.first().textContent()) ?? '';
    expect(text).toMatch(/PNG, JPEG or WebP/);
    // The previous image is still shown.
    await waitForImageBounds(300 / 480);
  });

  it('explains that an image which is too large cannot be opened, and what to do', async () => {
    await page.getByTestId('file-input').setInputFiles(join(work, 'huge.png'));
    const notice = page.getByTestId('notice').filter({ hasText: /too large/i });
    await notice.first().waitFor({ timeout: 15_000 });
    expect((await notice.first().textContent()) ?? '').toMatch(/20000.?x.?20000[\s\S]*Scale it down/);
    await waitForImageBounds(300 / 480);
  });

  it('saves a screenshot of the shell for the README', async () => {
    const notices = page.getByTestId('notice');
    while ((await notices.count()) > 0)
      await notices.first().getByRole('button', { name: 'Dismiss' }).click();
    await page.getByTestId('file-input').setInputFiles(join(work, 'lakeside-balloon.png'));
    await page.locator('.topbar__doc-name', { hasText: 'lakeside-balloon' }).waitFor();
    await page.getByTestId('task-progress').waitFor({ state: 'detached' });
    await page.mouse.move(0, 0);
    await page.waitForTimeout(300);
    await saveReadmeScreenshot(page, 'shell.png');
    expect(consoleErrors).toEqual([]);
  });
});
