import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { answerFileDialog } from './support/fileDialog';
import { addMovingObject } from './support/movingObject';
import { openFile } from './support/openFile';

// What the generation frame leaves out, in Chromium against the browser host: on a landscape image in the
// default portrait crop, the Frame panel, the line above Generate and the timeline say which object is
// outside and at which frames; "Fit frame to motion" moves the frame over it (one undo step); Generate asks
// first (fit and generate, generate anyway, cancel); a motion no crop can hold points to Letterbox.
type Hook = { studio: { getState(): any } }; // eslint-disable-line @typescript-eslint/no-explicit-any
type Frame = { cx: number; cy: number; scale: number };
const work = mkdtempSync(join(tmpdir(), 'levitor-frame-warning-'));
const shots = process.env.LEVITOR_E2E_SHOTS ?? work;
let host: RunningHost;
let browser: Browser;
let page: Page;

const frame = () =>
  page.evaluate(
    () =>
      (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState().document.framing
        .frame as Frame,
  );
const setPath = (points: { x: number; y: number; depth: number }[]) =>
  page.evaluate((points) => {
    const s = (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState();
    s.updateDocument((d: { objects: { trajectory: unknown }[] }) => ({
      ...d,
      objects: d.objects.map((o) => ({ ...o, trajectory: { points, timing: 'uniform', easing: [] } })),
    }));
  }, points);
const panel = () => page.getByTestId('frame-warning');
const bar = () => page.getByTestId('frame-warning-generate');
const outsideCells = () => page.locator('.timeline__frame--outside');

beforeAll(async () => {
  const raw = Buffer.alloc(900 * 500 * 3, 120);
  const png = await sharp(raw, { raw: { width: 900, height: 500, channels: 3 } })
    .png()
    .toBuffer();
  await writeFile(join(work, 'wide.png'), png);
  host = await startBrowserHost({ HOME: work }); // the in-app picker saves under it
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.setViewportSize({ width: 1400, height: 900 });
  await page.goto(host.url);
  await page.getByTestId('canvas').waitFor();
  await openFile(page, join(work, 'wide.png'));
  await page.locator('.topbar__doc-name', { hasText: 'wide' }).waitFor();
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

const objectCount = () =>
  page.evaluate(
    () =>
      (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState().document.objects
        .length as number,
  );
// 900x500 in the portrait crop: the centred frame is x = 309..590; the object sits at x = 60..110.
const addSquare = () =>
  addMovingObject(page, { x0: 60, y0: 200, x1: 110, y1: 300 }, [
    { x: 85, y: 250, depth: 0.5 },
    { x: 250, y: 250, depth: 0.5 },
  ]);

describe('what the frame leaves out', () => {
  it('a new project’s centred frame moves once over the first motion, in the same undo step', async () => {
    await addSquare();
    const notice = page.getByTestId('notice').filter({ hasText: 'Frame moved to hold the motion' });
    await notice.waitFor();
    await expect(notice.textContent()).resolves.toContain('Square was outside the centred frame');
    const placed = await frame();
    expect(placed.cx * 900).toBeLessThan(250);
    expect(await panel().count()).toBe(0);
    await page.screenshot({ path: join(shots, 'frame-placed.png') });
    await page.mouse.click(5, 400);
    await page.keyboard.press('Control+Z');
    await expect.poll(objectCount).toBe(0);
    expect(await frame()).toEqual({ cx: 0.5, cy: 0.5, scale: 1 });
    await notice.waitFor({ state: 'detached' }); // the move it reported is undone: it is gone too
  });

  it('names the object outside the crop, next to the frame, above Generate and on the timeline', async () => {
    await addSquare(); // once placed by the studio, the frame stays where the artist leaves it
    await panel().waitFor();
    expect(await frame()).toEqual({ cx: 0.5, cy: 0.5, scale: 1 });
    await expect(panel().textContent()).resolves.toContain('Square is not in the frame, so it will not move');
    expect(await panel().textContent()).toContain('Fit the frame to the motion, or move the frame');
    await expect(bar().textContent()).resolves.toContain('Square is outside the frame');
    expect(await outsideCells().count()).toBe(16);
    await expect(outsideCells().first().getAttribute('title')).resolves.toBe(
      'Outside the frame here: Square',
    );
    await page.screenshot({ path: join(shots, 'frame-warning.png') });
  });

  it('Generate asks first; Cancel queues nothing and leaves the frame as it was', async () => {
    const before = await frame();
    await page.getByTestId('generate').click();
    const dialog = page.getByTestId('confirm-dialog');
    await dialog.waitFor();
    await expect(dialog.textContent()).resolves.toContain('Part of the motion is outside the frame');
    await page.screenshot({ path: join(shots, 'frame-warning-generate.png') });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByTestId('job').count()).toBe(0);
    expect(await frame()).toEqual(before);
  });

  it('"Fit frame to motion" moves the frame over the object and its path, as one undo step', async () => {
    const before = await frame();
    await panel().getByRole('button', { name: 'Fit frame to motion' }).click();
    await panel().waitFor({ state: 'detached' });
    await bar().waitFor({ state: 'detached' });
    expect(await outsideCells().count()).toBe(0);
    const fitted = await frame();
    expect(fitted.cx * 900).toBeLessThan(250);
    await page.screenshot({ path: join(shots, 'frame-fitted.png') });
    await page.mouse.click(5, 400);
    await page.keyboard.press('Control+Z');
    await panel().waitFor();
    expect(await frame()).toEqual(before);
    await page.keyboard.press('Control+Shift+Z');
    await panel().waitFor({ state: 'detached' });
  });

  it('lists the frames where a path leaves the frame; "Fit frame and generate" fits first', async () => {
    await setPath([
      { x: 85, y: 250, depth: 0.5 },
      { x: 330, y: 250, depth: 0.5 },
    ]);
    await panel().waitFor();
    const text = (await panel().textContent()) ?? '';
    const m = /Square’s path leaves the frame at frames (\d+)–16/.exec(text);
    expect(m, text).not.toBeNull();
    expect(await outsideCells().count()).toBe(17 - Number(m![1]));
    await page.getByTestId('generate').click();
    await page.getByRole('button', { name: 'Fit frame and generate' }).click();
    await panel().waitFor({ state: 'detached' });
  });

  it('a motion no crop of this shape can hold points to Letterbox or the landscape frame', async () => {
    await setPath([
      { x: 85, y: 250, depth: 0.5 },
      { x: 860, y: 250, depth: 0.5 },
    ]);
    await panel().waitFor();
    await expect(panel().textContent()).resolves.toContain('choose Letterbox or the landscape frame');
    await page.screenshot({ path: join(shots, 'frame-too-wide.png') });
    await page.getByTestId('fit-letterbox').click();
    await panel().waitFor({ state: 'detached' });
  });

  it('never moves the frame of a project opened from a file', async () => {
    await page.getByTestId('fit-crop').click();
    await page.evaluate(() =>
      (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio
        .getState()
        .updateDocument((d: object) => ({
          ...d,
          objects: [],
          masks: {},
          framing: { fit: 'crop', frame: { cx: 0.5, cy: 0.5, scale: 1 } },
        })),
    );
    await page.mouse.click(5, 400);
    await page.keyboard.press('Control+Shift+S');
    await answerFileDialog(page, work, 'wide');
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
    await page.reload();
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Open recent project…' }).click();
    await page.getByRole('button', { name: /^wide\.levitor/ }).click();
    await page.locator('.topbar__doc-name', { hasText: 'wide' }).waitFor();
    await addSquare();
    await panel().waitFor(); // said, not done: the saved frame stays where it was
    expect(await frame()).toEqual({ cx: 0.5, cy: 0.5, scale: 1 });
    expect(await page.getByTestId('notice').filter({ hasText: 'Frame moved' }).count()).toBe(0);
  });
});
