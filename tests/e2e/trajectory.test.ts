import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTinyModels } from '../support/installTinyModels';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { saveReadmeScreenshot } from './support/readmeShot';
import { launchChromium, type Browser } from './support/chromium';
import { Pixels, type Rect } from './support/pixels';
import { sampleScenePng } from './support/sampleScene';

// Trajectories and depth in Chromium against the real browser host with the tiny random-weight depth
// model installed through the real model manager: real pointer, wheel and key events on the canvas; the
// document read back through the read-only hooks (?e2e=1); paths and the depth overlay checked in pixels.
let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-trajectory-'));
const modelsDir = join(work, 'models');
const errors: string[] = [];

/** Mirrors src-renderer/editor/trajectory/testHook.ts (typechecked without the DOM library). */
interface TrajState {
  undoSteps: number;
  objects: {
    id: string;
    kind: string;
    trajectory: {
      points: { x: number; y: number; depth: number; frame?: number }[];
      timing: string;
      easing: string[];
    } | null;
  }[];
  depth: { state: string; width: number; height: number } | null;
  depthEdit: { width: number; height: number; sum: number } | null;
  overlay: { visible: boolean; opacity: number };
}
interface StudioState {
  image: { width: number; height: number } | null;
  viewport: { scale: number; x: number; y: number };
  tool: string;
  selection: string[];
}

const IMAGE = { width: 1280, height: 720 };
/** Path points in image pixels, sweeping over the lake of the sample scene. */
const PATH = [
  { x: 300, y: 500 },
  { x: 640, y: 300 },
  { x: 980, y: 480 },
];

beforeAll(async () => {
  await mkdir(modelsDir, { recursive: true });
  await installTinyModels(modelsDir);
  await writeFile(join(work, 'lakeside-balloon.png'), await sampleScenePng());
  host = await startBrowserHost({ LEVITOR_MODELS_DIR: modelsDir });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${host.url}&e2e=1&autoGrid=2`);
  await page.getByRole('button', { name: 'Open image' }).waitFor();
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

const traj = () => page.evaluate('window.__trajectoryTest.getState()') as Promise<TrajState>;
const studio = () => page.evaluate('window.__studioTest.getState()') as Promise<StudioState>;
const depthAt = (x: number, y: number) =>
  page.evaluate(`window.__trajectoryTest.depthAt(${x}, ${y})`) as Promise<number | null>;

async function waitFor(test: (s: TrajState) => boolean, what: string, seconds = 60): Promise<TrajState> {
  for (let i = 0; i < seconds * 10; i++) {
    const s = await traj();
    if (test(s)) return s;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await traj())}\n${host.log()}`);
}

async function canvasBox(): Promise<Rect> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('canvas has no box');
  return box;
}

async function toPage(x: number, y: number): Promise<{ x: number; y: number }> {
  const area = await canvasBox();
  const vp = (await studio()).viewport;
  return { x: area.x + vp.x + x * vp.scale, y: area.y + vp.y + y * vp.scale };
}

const points = async () => (await traj()).objects[0]?.trajectory?.points ?? [];
const shot = async () => Pixels.fromPng(await page.screenshot());

/** Pixels (every 2nd) in `area` whose colour differs by more than `tol` between two screenshots. */
function changed(a: Pixels, b: Pixels, area: Rect, tol = 40): number {
  let n = 0;
  for (let y = Math.ceil(area.y); y < area.y + area.height; y += 2)
    for (let x = Math.ceil(area.x); x < area.x + area.width; x += 2) {
      const p = a.at(x, y);
      const q = b.at(x, y);
      if (Math.abs(p[0] - q[0]) + Math.abs(p[1] - q[1]) + Math.abs(p[2] - q[2]) > tol) n++;
    }
  return n;
}

describe('trajectories and depth in Chromium', () => {
  it('estimates depth when the image opens', async () => {
    // Ctrl+O pressed again if a loaded 2-core machine dropped the first press (the sample is opening).
    for (let attempt = 0; ; attempt++) {
      const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
      await page.keyboard.press('Control+O');
      try {
        await (await chooser).setFiles(join(work, 'lakeside-balloon.png'));
        break;
      } catch (err) {
        if (attempt === 2) throw err;
      }
    }
    // The first run shows the bundled sample project: wait for this image and its own depth.
    for (let i = 0; i < 300 && (await studio()).image?.width !== IMAGE.width; i++)
      await page.waitForTimeout(100);
    const s = await waitFor((t) => t.depth?.state === 'done' && t.depth.width === 1024, 'the depth estimate');
    // Work resolution: longest side 1024 for a 1280 x 720 image.
    expect(s.depth).toEqual({ state: 'done', width: 1024, height: 576 });
    await expect(page.getByTestId('depth-status').textContent()).resolves.toBe('Estimated');
  });

  it('tells the user what to do with no object selected, then draws three points', async () => {
    await page.keyboard.press('t');
    await expect(page.getByTestId('trajectory-hint').textContent()).resolves.toMatch(/Add an object first/);
    await page.getByTestId('trajectory-hint').getByRole('button', { name: 'Add object' }).click();
    await page.getByTestId('trajectory-hint').waitFor({ state: 'detached' });
    expect((await studio()).tool).toBe('trajectory');
    const before = (await traj()).undoSteps;
    for (const q of PATH) {
      const p = await toPage(q.x, q.y);
      await page.mouse.click(p.x, p.y);
    }
    const pts = await points();
    expect(pts).toHaveLength(3);
    pts.forEach((p, i) => {
      expect(p.x).toBeCloseTo(PATH[i]!.x, 0);
      expect(p.y).toBeCloseTo(PATH[i]!.y, 0);
    });
    // New points take the scene depth Z0 under them (docs/levitor-method.md: depth for reference = Z0[y, x]).
    for (const [i, q] of PATH.entries()) {
      const z = await depthAt(Math.floor((q.x * 1024) / IMAGE.width), Math.floor((q.y * 576) / IMAGE.height));
      expect(pts[i]!.depth).toBeCloseTo(z!, 6);
    }
    expect((await traj()).undoSteps).toBe(before + 3);
    await expect(page.getByTestId('traj-count').textContent()).resolves.toBe('3');
  });

  it('drags a point (one undo step) and draws the PCHIP path', async () => {
    const before = (await traj()).undoSteps;
    const from = await toPage(PATH[1]!.x, PATH[1]!.y);
    const to = await toPage(PATH[1]!.x + 40, PATH[1]!.y - 60);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    for (let k = 1; k <= 8; k++)
      await page.mouse.move(from.x + ((to.x - from.x) * k) / 8, from.y + ((to.y - from.y) * k) / 8);
    await page.mouse.up();
    const pts = await points();
    expect(pts[1]!.x).toBeCloseTo(PATH[1]!.x + 40, 0);
    expect(pts[1]!.y).toBeCloseTo(PATH[1]!.y - 60, 0);
    expect((await traj()).undoSteps).toBe(before + 1);

    // The path in pixels: the trajectory tool draws it, the hand tool hides it.
    const withPath = await shot();
    await page.keyboard.press('h');
    const without = await shot();
    await page.keyboard.press('t');
    const a = await toPage(PATH[0]!.x + 60, 360);
    const b = await toPage(PATH[2]!.x - 60, 520);
    const band = { x: a.x, y: Math.min(a.y, b.y) - 80, width: b.x - a.x, height: Math.abs(b.y - a.y) + 160 };
    expect(changed(withPath, without, band)).toBeGreaterThan(150);
    // On the curve half-way between points 1 and 2 (PCHIP through them), the path colour shows.
    const mid = await toPage((pts[0]!.x + pts[1]!.x) / 2, (pts[0]!.y + pts[1]!.y) / 2);
    const area = { x: mid.x - 25, y: mid.y - 25, width: 50, height: 50 };
    expect(changed(withPath, without, area)).toBeGreaterThan(5);
  });

  it('wheel over a point changes its depth without zooming; undo reverts it', async () => {
    const vp = (await studio()).viewport;
    const d0 = (await points())[2]!.depth;
    const before = (await traj()).undoSteps;
    const p = await toPage(PATH[2]!.x, PATH[2]!.y);
    await page.mouse.move(p.x, p.y);
    // One notch: two separate wheel events can arrive further apart than a burst on a loaded machine and
    // make two steps (depthDistance.test.ts checks a burst of notches as one step).
    await page.mouse.wheel(0, -100);
    const s = await waitFor((t) => t.undoSteps === before + 1, 'the wheel gesture to end', 5);
    const d1 = s.objects[0]!.trajectory!.points[2]!.depth;
    expect(d1).toBeLessThan(d0);
    expect((await studio()).viewport).toEqual(vp);
    await expect(page.getByTestId('point-depth').inputValue()).resolves.toBe(
      String(Math.round(d1 * 1e4) / 1e4),
    );
    // The number field sets it exactly.
    await page.getByTestId('point-depth').fill('0.25');
    await page.getByTestId('point-depth').press('Enter');
    // Shortcuts are ignored while typing: leave the field.
    await page.getByTestId('point-depth').blur();
    await waitFor((t) => t.objects[0]!.trajectory!.points[2]!.depth === 0.25, 'typed depth', 5);
    await page.keyboard.press('Control+z');
    await page.keyboard.press('Control+z');
    await waitFor((t) => t.objects[0]!.trajectory!.points[2]!.depth === d0, 'undo of the depth', 5);
    await page.keyboard.press('Control+Shift+z');
    await page.keyboard.press('Control+Shift+z');
    await waitFor((t) => t.objects[0]!.trajectory!.points[2]!.depth === 0.25, 'redo of the depth', 5);
  });

  it('keyframed timing and easing from the inspector (frames validated)', async () => {
    await page.getByRole('radio', { name: 'Keyframed' }).click();
    let s = await waitFor((t) => t.objects[0]!.trajectory!.timing === 'keyframed', 'keyframed timing', 5);
    expect(s.objects[0]!.trajectory!.points.map((p) => p.frame)).toEqual([0, 8, 15]);
    // Select point 2 by clicking it (a click without a move changes nothing).
    const steps = s.undoSteps;
    const p2 = await toPage(PATH[1]!.x + 40, PATH[1]!.y - 60);
    await page.mouse.click(p2.x, p2.y);
    expect((await traj()).undoSteps).toBe(steps);
    // Frames are shown from 1, as on the timeline: 16 is the last frame (stored as 15, point 3's frame).
    const frame = page.getByTestId('point-frame');
    expect(await frame.getAttribute('aria-label')).toBe('Frame (1–16)');
    await frame.fill('16');
    await frame.press('Enter');
    await expect(page.getByRole('alert').filter({ hasText: 'not allowed' }).count()).resolves.toBe(1);
    await frame.fill('5');
    await frame.press('Enter');
    s = await waitFor((t) => t.objects[0]!.trajectory!.points[1]!.frame === 4, 'frame 4', 5);
    expect(s.objects[0]!.trajectory!.points.map((p) => p.frame)).toEqual([0, 4, 15]);
    await page.getByTestId('point-easing').selectOption('easeOut');
    s = await waitFor((t) => t.objects[0]!.trajectory!.easing[1] === 'easeOut', 'easing', 5);
    expect(s.objects[0]!.trajectory!.easing).toEqual(['linear', 'easeOut']);
    await page.getByTestId('point-easing').blur();
  });

  it('saves the README screenshot', async () => {
    const p = await toPage(PATH[1]!.x + 40, PATH[1]!.y - 60);
    await page.mouse.click(p.x, p.y);
    await page.mouse.move(p.x + 200, p.y + 200);
    await page.waitForTimeout(300);
    await saveReadmeScreenshot(page, 'trajectory.png');
  });

  it('shows the depth overlay in pixels (Shift+D)', async () => {
    await page.keyboard.press('h');
    const off = await shot();
    await page.keyboard.press('Shift+D');
    await waitFor((t) => t.overlay.visible, 'the overlay', 5);
    await page.waitForTimeout(200);
    const on = await shot();
    if (process.env.TRAJ_SHOTS) await page.screenshot({ path: join(process.env.TRAJ_SHOTS, 'overlay.png') });
    const c = await toPage(IMAGE.width / 2, IMAGE.height / 2);
    const area = { x: c.x - 200, y: c.y - 120, width: 400, height: 240 };
    expect(changed(off, on, area, 30)).toBeGreaterThan(1000);
    await page.keyboard.press('Shift+D');
    await waitFor((t) => !t.overlay.visible, 'the overlay off', 5);
  });

  it('paints depth with the brush (one undo step) and undo restores the estimate', async () => {
    await page.keyboard.press('d');
    await waitFor((t) => t.overlay.visible, 'the overlay with the depth brush', 5);
    expect((await traj()).depthEdit).toBeNull();
    const before = (await traj()).undoSteps;
    const z = await depthAt(512, 200);
    const a = await toPage(500, 250);
    const b = await toPage(780, 250);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    for (let k = 1; k <= 10; k++) await page.mouse.move(a.x + ((b.x - a.x) * k) / 10, a.y);
    await page.mouse.up();
    const s = await waitFor((t) => t.depthEdit !== null, 'the painted depth', 5);
    if (process.env.TRAJ_SHOTS) await page.screenshot({ path: join(process.env.TRAJ_SHOTS, 'brush.png') });
    expect(s.depthEdit).toMatchObject({ width: 1024, height: 576 });
    expect(s.undoSteps).toBe(before + 1);
    // Raise = nearer: smaller Z0 under the stroke.
    const painted = await depthAt(
      Math.floor((640 * 1024) / IMAGE.width),
      Math.floor((250 * 576) / IMAGE.height),
    );
    expect(painted).not.toBeNull();
    await page.keyboard.press('Control+z');
    const u = await waitFor((t) => t.depthEdit === null, 'undo of the stroke', 5);
    expect(u.undoSteps).toBe(before);
    const after = await depthAt(
      Math.floor((640 * 1024) / IMAGE.width),
      Math.floor((250 * 576) / IMAGE.height),
    );
    expect(painted!).toBeLessThan(after!);
    expect(await depthAt(512, 200)).toBe(z);
  });

  it('explains that a static object has no trajectory and offers to make it moving', async () => {
    await page.getByRole('button', { name: /^Kind: moving/ }).click();
    await waitFor((t) => t.objects[0]!.kind === 'static', 'static kind', 5);
    await page.keyboard.press('t');
    const hint = page.getByTestId('trajectory-hint');
    await expect(hint.textContent()).resolves.toMatch(/is static/);
    await hint.getByRole('button', { name: 'Make it moving' }).click();
    await hint.waitFor({ state: 'detached' });
    expect((await traj()).objects[0]!.kind).toBe('moving');
  });

  it('keys: arrow up = nearer, Delete removes the selected point, undo brings it back', async () => {
    const p3 = await toPage(PATH[2]!.x, PATH[2]!.y);
    await page.mouse.click(p3.x, p3.y);
    const d = (await points())[2]!.depth;
    await page.keyboard.press('ArrowUp');
    await waitFor((t) => t.objects[0]!.trajectory!.points[2]!.depth < d, 'nearer by key', 5);
    // The handle 26 px above the selected point: dragging it down pushes the point farther (one undo step).
    const steps = (await traj()).undoSteps;
    const d1 = (await points())[2]!.depth;
    await page.mouse.move(p3.x, p3.y - 26);
    await page.mouse.down();
    for (let k = 1; k <= 5; k++) await page.mouse.move(p3.x, p3.y - 26 + 8 * k);
    await page.mouse.up();
    const afterHandle = await traj();
    expect(afterHandle.objects[0]!.trajectory!.points[2]!.depth).toBeGreaterThan(d1);
    expect(afterHandle.objects[0]!.trajectory!.points[2]!.x).toBe(PATH[2]!.x);
    expect(afterHandle.undoSteps).toBe(steps + 1);
    await page.keyboard.press('Delete');
    await waitFor((t) => t.objects[0]!.trajectory!.points.length === 2, 'point deleted', 5);
    await page.keyboard.press('Control+z');
    await waitFor((t) => t.objects[0]!.trajectory!.points.length === 3, 'point restored', 5);
    expect(errors).toEqual([]);
  });
});

describe('depth without a depth model', () => {
  let bare: RunningHost;
  let barePage: Page;

  beforeAll(async () => {
    const empty = join(work, 'no-models');
    await mkdir(empty, { recursive: true });
    bare = await startBrowserHost({ LEVITOR_MODELS_DIR: empty });
    barePage = await browser.context.newPage();
    await barePage.goto(`${bare.url}&e2e=1`);
    await barePage.getByRole('button', { name: 'Open image' }).waitFor();
  });

  afterAll(async () => {
    await barePage?.close();
    await bare?.dispose();
  });

  it('says what to install; the depth brush explains why it cannot paint', async () => {
    for (let attempt = 0; ; attempt++) {
      const chooser = barePage.waitForEvent('filechooser', { timeout: 15_000 });
      await barePage.keyboard.press('Control+O');
      try {
        await (await chooser).setFiles(join(work, 'lakeside-balloon.png'));
        break;
      } catch (err) {
        if (attempt === 2) throw err;
      }
    }
    // A lasting state in the Depth section (not a toast over the canvas), with the way to fix it.
    const missing = barePage.getByTestId('depth-missing-model');
    await missing.waitFor();
    await expect(missing.textContent()).resolves.toMatch(/Install a depth model/);
    await expect(barePage.getByTestId('depth-status').textContent()).resolves.toBe(
      'No depth model installed',
    );
    await barePage.keyboard.press('d');
    const box = await barePage.getByTestId('canvas').boundingBox();
    await barePage.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    await barePage.getByTestId('notice').filter({ hasText: 'No depth map to paint yet' }).waitFor();
    const s = (await barePage.evaluate('window.__trajectoryTest.getState()')) as TrajState;
    expect(s.depthEdit).toBeNull();
  });
});
