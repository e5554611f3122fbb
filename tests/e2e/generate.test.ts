import { execFile } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTinyVideoPack } from '../support/installTinyVideoPack';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { answerFileDialog } from './support/fileDialog';
import { saveReadmeScreenshot } from './support/readmeShot';
import { launchChromium, type Browser } from './support/chromium';
import { openFile } from './support/openFile';
import { addMovingObject, setField as setFieldOf } from './support/movingObject';
import { Pixels, type Rect } from './support/pixels';

// Generation in Chromium against the real browser host and inference host on the tiny video pack
// (72x80, 4 frames): settings through the panel, Generate, step progress, the take shown over the
// canvas, scrub/step/play change the shown pixels, export MP4 checked with ffprobe.
const ffprobe = (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;
const work = mkdtempSync(join(tmpdir(), 'levitor-generate-'));
const models = join(work, 'models');
let host: RunningHost;
let browser: Browser;
let page: Page;
const errors: string[] = [];

/** 360x400 picture: a red square (the object) on a blue/green gradient. */
async function picture(): Promise<Buffer> {
  const W = 360;
  const H = 400;
  const raw = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const inside = x >= 100 && x < 200 && y >= 120 && y < 220;
      raw.set(
        inside ? [220, 30, 30] : [20, Math.round((x * 255) / W), Math.round((y * 255) / H)],
        3 * (y * W + x),
      );
    }
  return sharp(raw, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toBuffer();
}

beforeAll(async () => {
  await writeFile(join(work, 'square.png'), await picture());
  // No video model yet: the first job must fail in words; the test installs the pack, then retries.
  host = await startBrowserHost({ LEVITOR_MODELS_DIR: models, HOME: work });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(host.url);
  await page.getByTestId('generate').waitFor();
  // The host starts as on a fresh machine: the first run opens the bundled sample. Wait for it, so the
  // image opened below does not race it.
  await page.locator('.topbar__doc-name', { hasText: 'Coffee cup (sample)' }).waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

/** The page's DOM, as far as these callbacks use it (this file is typechecked without the DOM lib). */
type Dom = {
  document: {
    querySelector(s: string): { textContent: string | null; getAttribute(n: string): string | null } | null;
  };
};
type Hook = { studio: { getState(): any } }; // eslint-disable-line @typescript-eslint/no-explicit-any

const setField = (testId: string, value: string) => setFieldOf(page, testId, value);

async function frameBox(): Promise<Rect> {
  const box = await page.getByTestId('take-frame').boundingBox();
  if (!box) throw new Error('no take frame on screen');
  return box;
}

async function framePixels(): Promise<number[]> {
  const b = await frameBox();
  const px = await Pixels.fromPng(await page.screenshot());
  const out: number[] = [];
  for (let y = b.y + 2; y < b.y + b.height - 2; y += 4)
    for (let x = b.x + 2; x < b.x + b.width - 2; x += 4) out.push(...px.at(x, y));
  return out;
}

const readout = () => page.getByTestId('frame-readout').textContent();

describe('generate a take in the browser (tiny video pack)', () => {
  it('settings -> Generate (no model: error in words) -> install -> Retry -> step progress -> take -> scrub/play -> compare -> export MP4', async () => {
    await openFile(page, join(work, 'square.png'));
    await page.waitForFunction(() => {
      const h = (globalThis as unknown as { __studioJobs?: Hook }).__studioJobs;
      return h?.studio.getState().document.image?.width === 360;
    });
    // An object with a mask and a trajectory (the tools that draw them are tested in their own e2e tests).
    await addMovingObject(page, { x0: 100, y0: 120, x1: 200, y1: 220 }, [
      { x: 150, y: 170, depth: 0.5 },
      { x: 230, y: 250, depth: 0.4 },
      { x: 300, y: 320, depth: 0.3 },
    ]);
    await setField('setting-steps', '8');
    await setField('setting-frames', '4');
    await setField('setting-seed', '777');
    if ((await page.getByTestId('seed-lock').getAttribute('aria-pressed')) !== 'true')
      await page.getByTestId('seed-lock').click();
    const settings = await page.evaluate(
      () =>
        (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState().document.settings,
    );
    expect(settings).toMatchObject({ steps: 8, frames: 4, seed: 777, seedLocked: true });
    // invalid text is not committed
    await setField('setting-steps', '0');
    expect(
      await page.evaluate(
        () =>
          (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState().document.settings
            .steps,
      ),
    ).toBe(8);
    await setField('setting-steps', '8');

    await page.getByTestId('generate').click();
    const alert = page.getByRole('alert').filter({ hasText: 'No video model is installed' });
    await alert.waitFor({ timeout: 60_000 });
    expect(await alert.textContent()).toMatch(/install the LeviTor video pack/);
    await installTinyVideoPack(models);
    await page.getByRole('button', { name: 'Retry' }).click();
    await page.getByRole('button', { name: 'Remove Take 1 from the list' }).first().click();
    const line = page.getByTestId('job-line').first();
    await page.waitForFunction(
      () =>
        /Step [1-8] of 8/.test(
          (globalThis as unknown as Dom).document.querySelector('[data-testid="job-line"]')?.textContent ??
            '',
        ),
      undefined,
      { timeout: 120_000, polling: 20 },
    );
    expect(await line.textContent()).toMatch(/elapsed · ETA \d+:\d\d/);
    await page.getByTestId('take-frame').waitFor({ timeout: 120_000 });
    expect(await page.getByTestId('job').first().getAttribute('data-status')).toBe('done');
    expect(await line.textContent()).toMatch(/Done in .* seed 777/);
    expect(await readout()).toMatch(/Frame \d \/ 4 · 6 fps/);
    // The timeline's cells show the take's frames as thumbnails.
    const thumbs = page.locator('.timeline__frame--thumb');
    await expect.poll(() => thumbs.count(), { timeout: 30_000 }).toBe(4);
    const background = await thumbs
      .first()
      .evaluate(
        (el) =>
          (
            globalThis as unknown as { getComputedStyle(e: unknown): { backgroundImage: string } }
          ).getComputedStyle(el).backgroundImage,
      );
    expect(background).toMatch(/^url\(/);

    // Scrub to the first frame, step to the last with the . key: the shown pixels change.
    await page.getByTestId('scrubber').fill('0');
    await page.waitForFunction(() =>
      (globalThis as unknown as Dom).document
        .querySelector('[data-testid="take-frame"]')
        ?.getAttribute('alt')
        ?.endsWith('frame 1'),
    );
    const first = await framePixels();
    await page.mouse.click(5, 5); // focus away from the inputs so the shortcut is not typing
    for (let i = 0; i < 3; i++) await page.keyboard.press('.');
    expect(await readout()).toMatch(/^Frame 4 \/ 4/);
    await page.waitForFunction(() =>
      (globalThis as unknown as Dom).document
        .querySelector('[data-testid="take-frame"]')
        ?.getAttribute('alt')
        ?.endsWith('frame 4'),
    );
    const last = await framePixels();
    const diff = first.reduce((a, v, i) => a + Math.abs(v - (last[i] ?? v)), 0) / first.length;
    expect(diff).toBeGreaterThan(1);
    await page.keyboard.press(',');
    expect(await readout()).toMatch(/^Frame 3 \/ 4/);

    // Play: the frame advances by itself at the take's fps, then pause.
    await page.getByRole('button', { name: 'Play' }).click();
    await page.waitForFunction(() =>
      /^Frame [124] /.test(
        (globalThis as unknown as Dom).document.querySelector('[data-testid="frame-readout"]')?.textContent ??
          '',
      ),
    );
    await page.getByRole('button', { name: 'Pause' }).click();

    // Overlay the trajectory on the result; screenshot for the docs.
    await page.getByLabel('Overlay paths').check();
    await page.getByTestId('take-overlay').waitFor();
    // The overlay switches the live control preview on: the control points of the frame are drawn too.
    await page.waitForFunction(() => {
      const svg = (globalThis as unknown as Dom).document.querySelector(
        '[data-testid="take-overlay"]',
      ) as unknown as {
        querySelectorAll(s: string): { length: number };
      } | null;
      return (svg?.querySelectorAll('circle').length ?? 0) > 3;
    });
    // Notices from other parts of the studio (e.g. the first-run sample) would hide the view.
    const dismiss = page.getByRole('button', { name: 'Dismiss' });
    while ((await dismiss.count()) > 0) await dismiss.first().click();
    await saveReadmeScreenshot(page, 'generate.png');

    // A second take with another seed, compared side by side with the first.
    await setField('setting-seed', '778');
    await page.getByTestId('generate').click();
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState().document.takes
          .length === 2,
      undefined,
      { timeout: 120_000 },
    );
    await page.getByTestId('take-select').selectOption({ index: 2 });
    await page.getByTestId('compare-select').selectOption({ index: 1 });
    await page.getByTestId('take-pane').nth(1).waitFor();
    expect(await page.getByTestId('take-pane').count()).toBe(2);
    const captions = await page.locator('.take-pane__caption').allTextContents();
    expect(captions.join(' | ')).toMatch(/Take 2 · seed 778.*\| Take 1 · seed 777/);
    await page.getByTestId('take-frame').nth(1).waitFor();
    await page.screenshot({ path: join(work, 'compare.png') });

    // Star and rename take 2, then delete it and bring it back with undo.
    const takesNow = () =>
      page.evaluate(() =>
        (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio
          .getState()
          .document.takes.map(
            (t: { starred: boolean; name: string; id: string }) => `${t.starred ? '*' : ''}${t.name || t.id}`,
          ),
      );
    await page.getByTestId('take-star').click();
    await page.getByTestId('take-rename').click();
    await page.getByTestId('take-name').fill('wide swing');
    await page.getByTestId('take-name').press('Enter');
    expect((await takesNow())[1]).toBe('*wide swing');
    // The narrow take list shows the whole name of the chosen take as its tooltip.
    expect(await page.getByTestId('take-select').getAttribute('title')).toBe('★ wide swing · seed 778');
    expect(await page.locator('.take-pane__caption').first().textContent()).toMatch(
      /★ wide swing · seed 778/,
    );
    await page.getByTestId('take-delete').click();
    expect(await takesNow()).toHaveLength(1);
    await page.keyboard.press('Control+Z');
    expect((await takesNow())[1]).toBe('*wide swing');
    await page.getByTestId('take-select').selectOption({ index: 2 });

    // Export MP4 where the in-app picker says (browser host: no native dialog).
    await page.getByRole('button', { name: 'Export…' }).click();
    const out = join(work, 'take.mp4');
    await page.getByRole('button', { name: 'Choose…' }).click();
    await answerFileDialog(page, work, 'take');
    await page
      .getByRole('dialog', { name: 'Export' })
      .getByRole('button', { name: 'Export', exact: true })
      .click();
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    const { stdout } = await promisify(execFile)(ffprobe, [
      '-v',
      'error',
      '-count_frames',
      '-select_streams',
      'v:0',
      '-show_entries',
      'stream=width,height,r_frame_rate,nb_read_frames,codec_name',
      '-of',
      'json',
      out,
    ]);
    const s = (JSON.parse(stdout) as { streams: Record<string, unknown>[] }).streams[0];
    expect(s).toMatchObject({
      codec_name: 'h264',
      width: 72,
      height: 80,
      r_frame_rate: '6/1',
      nb_read_frames: '4',
    });
    await page.getByRole('button', { name: 'Close' }).click();
    expect(errors).toEqual([]);
  });

  it('offers a finished take that is missing from the project (finished while disconnected) to be added', async () => {
    const takes = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio
            .getState()
            .document.takes.map((t: { id: string }) => t.id) as string[],
      );
    const before = await takes();
    expect(before).toHaveLength(2);
    expect(await page.getByTestId('job-add-take').count()).toBe(0);
    // The document without its first take, as after a reload that missed the job's "done" event.
    await page.evaluate(() =>
      (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio
        .getState()
        .updateDocument((d: { takes: unknown[] }) => ({ ...d, takes: d.takes.slice(1) })),
    );
    const add = page.getByTestId('job-add-take');
    await add.waitFor();
    expect(await add.count()).toBe(1);
    await add.click();
    await expect.poll(takes).toEqual([before[1], before[0]]);
    await expect.poll(() => page.getByTestId('job-add-take').count()).toBe(0);
    expect(errors).toEqual([]);
  });
});
