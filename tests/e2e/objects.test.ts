import { mkdtempSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTinyModels } from '../support/installTinyModels';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { saveReadmeScreenshot } from './support/readmeShot';
import { openFile as openFileAt } from './support/openFile';
import { launchChromium, type Browser } from './support/chromium';
import { Pixels, near, type RGB, type Rect } from './support/pixels';
import { sampleScenePng } from './support/sampleScene';

// Objects, click-to-segment and the mask brush in Chromium against the real browser host, with the tiny
// random-weight SAM2 installed through the real model manager: real pointer and key events on the canvas,
// the document read back through the read-only test hook (?e2e=1), and the overlay checked in pixels.
let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-objects-'));
const modelsDir = join(work, 'models');
const errors: string[] = [];

/** Mirrors src-renderer/testHook.ts (this file is typechecked without the DOM library). */
interface TestState {
  image: { width: number; height: number } | null;
  viewport: { scale: number; x: number; y: number };
  tool: string;
  selection: string[];
  undoSteps: number;
  autoSegments: {
    state: string;
    count: number;
    areas: number[];
    smallestAt: { x: number; y: number } | null;
  };
  objects: {
    id: string;
    name: string;
    colour: string;
    kind: string;
    visible: boolean;
    locked: boolean;
    points: { x: number; y: number; label: number }[];
    box: number[] | null;
    mask: { width: number; height: number; area: number } | null;
  }[];
}

const IMAGE = { width: 1280, height: 720 };
/** The balloon in the sample scene (image pixels). */
const BALLOON = { x: 360, y: 180 };

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
  // autoGrid=4: a 4x4 point grid for the automatic segments, so the background job is quick on CI.
  await page.goto(`${host.url}&e2e=1&autoGrid=4`);
  await page.getByRole('button', { name: 'Open image' }).waitFor();
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

const stateOf = (p: Page) => p.evaluate('window.__studioTest.getState()') as Promise<TestState>;
const state = () => stateOf(page);

/** Polls the test hook; segmentation waits behind the background auto-segments job on 2 CPU cores. */
async function waitForState(
  test: (s: TestState) => boolean,
  what: string,
  seconds = 20,
  on: Page = page,
): Promise<TestState> {
  for (let i = 0; i < seconds * 10; i++) {
    const s = await stateOf(on);
    if (test(s)) return s;
    await on.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await stateOf(on))}\n${host.log()}`);
}

async function canvasBox(): Promise<Rect> {
  const box = await page.getByTestId('canvas').boundingBox();
  if (!box) throw new Error('canvas has no box');
  return box;
}

/** Image pixel -> page coordinates through the studio's viewport (read from the page). */
async function toPage(x: number, y: number): Promise<{ x: number; y: number }> {
  const area = await canvasBox();
  const vp = (await state()).viewport;
  return { x: area.x + vp.x + x * vp.scale, y: area.y + vp.y + y * vp.scale };
}

/** Pixels in the canvas close to `colour`. */
/** Pixels of the image on screen (every second row and column) close to `colour`. */
async function countColour(colour: RGB, tolerance = 16): Promise<number> {
  const px = await Pixels.fromPng(await page.screenshot());
  const area = await canvasBox();
  const a = await toPage(0, 0);
  const b = await toPage(IMAGE.width, IMAGE.height);
  let n = 0;
  for (let y = Math.ceil(Math.max(a.y, area.y)); y < Math.min(b.y, area.y + area.height); y += 2)
    for (let x = Math.ceil(Math.max(a.x, area.x)); x < Math.min(b.x, area.x + area.width); x += 2)
      if (near(px.at(x, y), colour, tolerance)) n++;
  return n;
}

function openFile(on: Page, file: string): Promise<void> {
  return openFileAt(on, join(work, file));
}

const hex = (h: string): RGB => [
  Number.parseInt(h.slice(1, 3), 16),
  Number.parseInt(h.slice(3, 5), 16),
  Number.parseInt(h.slice(5, 7), 16),
];

describe('objects and click-to-segment in Chromium', () => {
  it('opens an image and shows every tool in the tool bar', async () => {
    await openFile(page, 'lakeside-balloon.png');
    await waitForState((s) => s.image?.width === IMAGE.width, 'the image');
    const tools = page.getByRole('toolbar', { name: 'Tools' });
    for (const name of ['Select', 'Hand', 'Segment', 'Mask brush', 'Trajectory', 'Depth brush'])
      await expect(tools.getByRole('button', { name: new RegExp(`^${name} \\(`) }).count()).resolves.toBe(1);
    await page.keyboard.press('s');
    await waitForState((s) => s.tool === 'segment', 'the segment tool');
    await expect(
      tools.getByRole('button', { name: /^Segment \(S\)/ }).getAttribute('aria-pressed'),
    ).resolves.toBe('true');
    // Cursor feedback: the stage's container carries the tool and the editor styles map it to a cursor.
    const cursor = () =>
      page.evaluate(`getComputedStyle(document.querySelector('[data-testid="canvas"] [data-tool]')).cursor`);
    await expect(cursor()).resolves.toBe('crosshair');
    await page.keyboard.press('h');
    await expect(cursor()).resolves.toBe('grab');
    await page.keyboard.press('s');
  });

  it('asks for an object when clicking with none, and applies the click to the one it adds', async () => {
    const p = await toPage(BALLOON.x, BALLOON.y);
    await page.mouse.click(p.x, p.y);
    const hint = page.getByTestId('needs-object');
    await hint.waitFor();
    // Why the click did nothing and what the button does, without repeating the title.
    await expect(hint.textContent()).resolves.toMatch(
      /^Add an object firstA click segments the selected object, and there is none yet\. Add object \(N\) makes one and applies your click to it\./,
    );
    await expect(state().then((s) => s.objects.length)).resolves.toBe(0);
    // The tool's instructions are shown whole (wrapped), not cut off beside the status and preview switch.
    const hintText = page.locator('.tool-options__hint');
    await expect(hintText.textContent()).resolves.toBe('Click: include · Shift+click: exclude · Drag: box');
    const clip = await hintText.evaluate((el) => [
      el.scrollWidth - el.clientWidth,
      el.scrollHeight - el.clientHeight,
    ]);
    expect(clip).toEqual([0, 0]);
    // The first palette colour; the overlay outline is drawn opaque in it.
    const colour: RGB = [0xe6, 0x19, 0x4b];
    const before = await countColour(colour);
    await hint.getByRole('button', { name: 'Add object' }).click();
    await expect(hint.count()).resolves.toBe(0);
    const s = await waitForState((st) => (st.objects[0]?.mask?.area ?? 0) > 0, 'a mask', 150);
    const obj = s.objects[0]!;
    expect(s.selection).toEqual([obj.id]);
    expect(hex(obj.colour)).toEqual(colour);
    expect(obj.points).toHaveLength(1);
    expect(obj.points[0]!.label).toBe(1);
    expect(Math.abs(obj.points[0]!.x - BALLOON.x)).toBeLessThan(2);
    expect(Math.abs(obj.points[0]!.y - BALLOON.y)).toBeLessThan(2);
    expect(obj.mask).toMatchObject({ width: IMAGE.width, height: IMAGE.height });
    await page.waitForTimeout(200);
    expect(await countColour(colour)).toBeGreaterThan(before + 20);
  });

  it('a click adds a positive point and updates the mask, as one undo step', async () => {
    const s0 = await state();
    const p = await toPage(BALLOON.x, BALLOON.y + 110);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    await page.mouse.up();
    const s = await waitForState((st) => st.objects[0]!.points.length === 2, 'the second point', 150);
    const obj = s.objects[0]!;
    expect(obj.points.map((q) => q.label)).toEqual([1, 1]);
    expect(Math.abs(obj.points[1]!.y - (BALLOON.y + 110))).toBeLessThan(2);
    expect(obj.mask!.area).toBeGreaterThan(0);
    expect(s.undoSteps).toBe(s0.undoSteps + 1);
  });

  it('Shift+click adds a negative point (one undo step with its mask)', async () => {
    const steps = (await state()).undoSteps;
    const p = await toPage(BALLOON.x + 200, BALLOON.y + 250);
    await page.keyboard.down('Shift');
    await page.mouse.click(p.x, p.y);
    await page.keyboard.up('Shift');
    const s = await waitForState((st) => st.objects[0]!.points.length === 3, 'the negative point', 150);
    expect(s.objects[0]!.points[2]!.label).toBe(0);
    expect(s.undoSteps).toBe(steps + 1);
  });

  it('paints with the mask brush as one undo step; Mod+Z restores the previous mask', async () => {
    await page.keyboard.press('b');
    await waitForState((s) => s.tool === 'maskBrush', 'the brush');
    const before = await state();
    const area0 = before.objects[0]!.mask!.area;
    const a = await toPage(900, 600);
    const b = await toPage(1150, 650);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 12 });
    await page.mouse.up();
    const painted = await waitForState((s) => s.objects[0]!.mask!.area > area0, 'the painted mask');
    expect(painted.undoSteps).toBe(before.undoSteps + 1);
    expect(painted.objects[0]!.points).toEqual(before.objects[0]!.points);
    await page.keyboard.press('Control+Z');
    const undone = await waitForState((s) => s.undoSteps === before.undoSteps, 'the undo');
    expect(undone.objects[0]!.mask!.area).toBe(area0);
    expect(undone.objects[0]!.points).toHaveLength(3);
  });

  it('edits objects in the list: rename, kind, lock (and a locked object cannot be painted)', async () => {
    const row = page.getByTestId('object-row').first();
    const name = row.getByRole('textbox');
    await name.fill('Balloon');
    await name.press('Enter');
    await waitForState((s) => s.objects[0]!.name === 'Balloon', 'the rename');
    await row.getByRole('button', { name: /^Kind: moving/ }).click();
    await waitForState((s) => s.objects[0]!.kind === 'static', 'the kind switch');
    await row.getByRole('button', { name: 'Lock Balloon' }).click();
    const locked = await waitForState((s) => s.objects[0]!.locked, 'the lock');
    const p = await toPage(300, 600);
    await page.mouse.move(p.x, p.y);
    await page.mouse.down();
    await page.mouse.move(p.x + 40, p.y, { steps: 4 });
    await page.mouse.up();
    await page.getByText('Balloon is locked').waitFor();
    expect((await state()).objects[0]!.mask!.area).toBe(locked.objects[0]!.mask!.area);
    await row.getByRole('button', { name: 'Unlock Balloon' }).click();
    await waitForState((s) => !s.objects[0]!.locked, 'the unlock');
  });

  it('adds, reorders and deletes objects with buttons and keys', async () => {
    await page.keyboard.press('n');
    const two = await waitForState((s) => s.objects.length === 2, 'a second object');
    const second = two.objects[1]!.id;
    expect(two.selection).toEqual([second]);
    await page.getByRole('button', { name: `Move ${two.objects[1]!.name} up` }).click();
    await waitForState((s) => s.objects[0]!.id === second, 'the move up');
    await page
      .getByTestId('object-row')
      .nth(0)
      .click({ position: { x: 4, y: 4 } });
    await page.keyboard.press('Alt+ArrowDown');
    await waitForState((s) => s.objects[1]!.id === second, 'the move down');
    await page.getByRole('button', { name: `Delete ${two.objects[1]!.name}` }).click();
    await waitForState((s) => s.objects.length === 1, 'the delete');
    await page.keyboard.press('Control+Z');
    await waitForState((s) => s.objects.length === 2, 'the delete undone');
    // Dragging a row onto another moves it there.
    const rows = page.getByTestId('object-row');
    await rows.nth(1).dragTo(rows.nth(0));
    await waitForState((s) => s.objects[0]!.id === second, 'the drag reorder');
  });

  it('a drag with the segment tool draws a box prompt; hiding an object hides its overlay', async () => {
    const s0 = await state();
    const target = s0.objects[0]!;
    await page
      .getByTestId('object-row')
      .nth(0)
      .click({ position: { x: 4, y: 4 } });
    await page.keyboard.press('s');
    const a = await toPage(700, 380);
    const b = await toPage(1000, 560);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move(b.x, b.y, { steps: 6 });
    await page.mouse.up();
    const s = await waitForState((st) => (st.objects[0]!.mask?.area ?? 0) > 0, 'the box mask', 150);
    expect(s.objects[0]!.id).toBe(target.id);
    expect(s.objects[0]!.points).toEqual([]);
    const box = s.objects[0]!.box!;
    [700, 380, 1000, 560].forEach((v, i) => expect(Math.abs(box[i]! - v)).toBeLessThan(1.5));
    const colour = hex(target.colour);
    await page.waitForTimeout(200);
    const shown = await countColour(colour);
    expect(shown).toBeGreaterThan(20);
    await page.getByRole('button', { name: `Hide ${target.name}` }).click();
    await waitForState((st) => !st.objects[0]!.visible, 'the hidden object');
    await page.waitForTimeout(200);
    expect(await countColour(colour)).toBeLessThan(shown / 4);
    // Back below the balloon for the tests that follow.
    await page.keyboard.press('Alt+ArrowDown');
    await waitForState((st) => st.objects[1]!.id === target.id, 'the order restored');
  });

  it('computes automatic segments in the background; clicking one adds a static object', async () => {
    const s = await waitForState((st) => st.autoSegments.state !== 'running', 'automatic segments', 170);
    expect(s.autoSegments.state).toBe('done');
    expect(s.autoSegments.count).toBeGreaterThan(0);
    await page.keyboard.press('g');
    await expect(page.getByTestId('auto-segments-toggle').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.keyboard.press('v');
    const at = s.autoSegments.smallestAt!;
    const p = await toPage(at.x, at.y);
    await page.mouse.click(p.x, p.y);
    const added = await waitForState((st) => st.objects.length === s.objects.length + 1, 'the static object');
    const obj = added.objects[added.objects.length - 1]!;
    expect(obj.kind).toBe('static');
    expect(obj.mask!.area).toBe(Math.min(...s.autoSegments.areas));
    expect(added.selection).toEqual([obj.id]);
    await page.keyboard.press('g');
    await page.keyboard.press('Delete');
    await waitForState((st) => st.objects.length === s.objects.length, 'the static object deleted');
  });

  it('automatic segments can be skipped for an image (shown in the tool bar) and found again', async () => {
    const before = await stateOf(page);
    expect(before.autoSegments.state).toBe('done');
    await page.keyboard.press('Control+K');
    await page.keyboard.type('Skip automatic segments');
    await page.keyboard.press('Enter');
    const skipped = await waitForState((st) => st.autoSegments.state === 'skipped', 'segments skipped');
    expect(skipped.autoSegments.count).toBe(0);
    await expect(page.getByTestId('auto-segments-toggle').textContent()).resolves.toBe('Segments skipped');
    // "Find" starts them again for this image: the same segments come back.
    await page.getByTestId('auto-segments-action').click();
    const again = await waitForState((st) => st.autoSegments.state === 'done', 'segments found again', 170);
    expect(again.autoSegments.count).toBe(before.autoSegments.count);
    // Found, they can still be skipped from the tool bar.
    await expect(page.getByTestId('auto-segments-action').textContent()).resolves.toBe('Skip');
  });

  it('lists every command shortcut in the help overlay (?)', async () => {
    await page.keyboard.press('?');
    const help = page.getByTestId('help-overlay');
    await help.waitFor();
    const text = (await help.textContent()) ?? '';
    for (const label of [
      'Segment tool',
      'Mask brush',
      'Trajectory tool',
      'Depth brush',
      'Undo',
      'Add object',
    ])
      expect(text).toContain(label);
    await page.keyboard.press('Escape');
    await expect(help.count()).resolves.toBe(0);
  });

  it('saves the README screenshot', async () => {
    // The tiny test model has random weights, so its masks are noise: erase it with a large brush and
    // paint the balloon, as an artist refines a mask; the click prompts stay on the object.
    const dismiss = page.getByTestId('notice').getByRole('button', { name: 'Dismiss' });
    while ((await dismiss.count()) > 0) await dismiss.first().click();
    await page
      .getByTestId('object-row')
      .first()
      .click({ position: { x: 4, y: 4 } });
    await page.keyboard.press('b');
    for (let i = 0; i < 12; i++) await page.keyboard.press(']');
    await page.keyboard.press('x');
    const stroke = async (from: [number, number], to: [number, number]) => {
      const a = await toPage(...from);
      const b = await toPage(...to);
      await page.mouse.move(a.x, a.y);
      await page.mouse.down();
      await page.mouse.move(b.x, b.y, { steps: 10 });
      await page.mouse.up();
    };
    // Right to left: the tool strip covers the canvas's left edge.
    for (const y of [100, 350, 600]) await stroke([IMAGE.width - 10, y], [-60, y]);
    await waitForState((st) => st.objects[0]!.mask!.area === 0, 'the erased mask');
    // Strokes update only their box of the overlay bitmap: nothing of the old overlay may survive.
    const red: RGB = [0xe6, 0x19, 0x4b];
    await page.waitForTimeout(200);
    expect(await countColour(red)).toBeLessThan(10);
    await page.keyboard.press('x');
    // Horizontal strokes following the envelope's half-width (sample scene: centre (360, 190)), then the
    // basket; a 16 px brush (about 23 image px across at this zoom) keeps the edge close to the drawing.
    for (let i = 0; i < 8; i++) await page.keyboard.press('[');
    const profile: [number, number][] = [
      [-70, 26],
      [-58, 44],
      [-44, 56],
      [-30, 64],
      [-16, 69],
      [0, 70],
      [16, 67],
      [30, 60],
      [44, 50],
      [58, 38],
      [72, 24],
      [86, 10],
    ];
    for (const [dy, half] of profile) await stroke([360 - half + 7, 190 + dy], [360 + half - 7, 190 + dy]);
    await stroke([360, 280], [360, 312]);
    await waitForState((st) => st.objects[0]!.mask!.area > 10_000, 'the painted balloon');
    await page.waitForTimeout(200);
    // The overlay's outline is drawn in the object's colour (its fill is blended with the image): at the
    // fitted zoom that is about a hundred sampled pixels, against fewer than ten once erased.
    expect(await countColour(red)).toBeGreaterThan(50);
    // Cyan reads better than the default red on a red balloon: the swatch cycles the palette.
    const swatch = page.getByRole('button', { name: 'Change the colour of Balloon' });
    for (let i = 0; i < 5; i++) await swatch.click();
    await waitForState((st) => st.objects[0]!.colour === '#42d4f4', 'the cyan colour');
    await page.keyboard.press('s');
    await page.mouse.move(10, 10);
    await page.evaluate('document.activeElement?.blur()');
    await page.waitForTimeout(300);
    await saveReadmeScreenshot(page, 'segment.png');
    expect(errors.filter((e) => !/favicon/.test(e))).toEqual([]);
  });
});

describe('click-to-segment without a SAM 2 model', () => {
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

  it('says which model to install and where, instead of failing silently', async () => {
    await openFile(barePage, 'lakeside-balloon.png');
    // Not just any image: on a first run the bundled sample project may open first.
    await waitForState((st) => st.image?.width === IMAGE.width, 'the image', 20, barePage);
    await barePage.keyboard.press('n');
    await waitForState((st) => st.tool === 'segment' && st.objects.length === 1, 'the object', 20, barePage);
    const box = await barePage.getByTestId('canvas').boundingBox();
    await barePage.mouse.click(box!.x + box!.width / 2, box!.y + box!.height / 2);
    const notice = barePage.getByTestId('notice').filter({ hasText: 'needs a SAM 2 model' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toMatch(/Models panel/);
    const s = await stateOf(barePage);
    expect(s.objects[0]!.points).toEqual([]);
    expect(s.objects[0]!.mask).toBeNull();
    await waitForState((st) => st.autoSegments.state === 'failed', 'the auto failure', 20, barePage);
    await expect(barePage.getByTestId('auto-segments-toggle').getAttribute('title')).resolves.toMatch(
      /install one from the Models panel/,
    );
  });
});
