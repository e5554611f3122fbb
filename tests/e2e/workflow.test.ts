import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTinyVideoPack } from '../support/installTinyVideoPack';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { answerFileDialog } from './support/fileDialog';
import { launchChromium, type Browser } from './support/chromium';

// The whole workflow a new user meets, in Chromium through the browser host and the real inference
// host on the tiny video pack: the sample opens on first run, edit it, generate a take, play it, export
// it (ffprobe), save the project, reload the page and reopen it: the same document, take included.
const ffprobe = (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;
const work = mkdtempSync(join(tmpdir(), 'levitor-workflow-'));
const settingsDir = join(work, 'settings');
mkdirSync(settingsDir);
let host: RunningHost;
let browser: Browser;
let page: Page;
const errors: string[] = [];

type Summary = {
  objects: { name: string; trajectory: unknown }[];
  masks: Record<string, string | null>;
  settings: { steps: number; frames: number; seed: number };
  takes: { id: string; seedUsed: number; frames: { count: number } | null }[];
  project: { path: string | null; name: string; dirty: boolean };
};
const summary = (): Promise<Summary> => page.evaluate('window.__studioProject.summary()') as Promise<Summary>;

beforeAll(async () => {
  const models = join(work, 'models');
  await installTinyVideoPack(models);
  // The picker's home is the test's folder; settings and recovery in their own data folder.
  host = await startBrowserHost({ LEVITOR_MODELS_DIR: models, LEVITOR_DATA_DIR: settingsDir, HOME: work });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(host.url);
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

async function setField(testId: string, value: string): Promise<void> {
  const input = page.getByTestId(testId);
  await input.fill(value);
  await input.press('Enter');
}

describe('the whole workflow in the browser', () => {
  it('sample -> edit -> generate -> play -> export -> save -> reload -> reopen', async () => {
    // 1. First run: the bundled sample with its object, mask, depth and 3D trajectory.
    await page.locator('.topbar__doc-name', { hasText: 'Coffee cup (sample)' }).waitFor({ timeout: 30_000 });
    const sample = await summary();
    expect(sample.objects).toHaveLength(1);
    expect(sample.objects[0]?.trajectory).not.toBeNull();

    // 2. Edit: rename the object in its panel, fewer steps and frames for the tiny pack.
    const name = page.getByLabel('Name of cup and saucer');
    await name.fill('flying cup');
    await name.press('Enter');
    await setField('setting-steps', '4');
    await setField('setting-frames', '4');
    await page.getByTestId('dirty-marker').waitFor();

    // 3. Generate a take on the tiny pack; the take appears over the canvas and lands in the document.
    await page.getByTestId('generate').click();
    await page.getByTestId('take-frame').waitFor({ timeout: 180_000 });
    const generated = await summary();
    expect(generated.takes).toHaveLength(1);
    expect(generated.takes[0]?.frames?.count).toBe(4);

    // 4. Play: the frame readout advances by itself, then pause.
    const readout = page.getByTestId('frame-readout');
    const before = await readout.textContent();
    await page.getByRole('button', { name: 'Play' }).click();
    for (let i = 0; i < 50 && (await readout.textContent()) === before; i++) await page.waitForTimeout(100);
    expect(await readout.textContent()).not.toBe(before);
    await page.getByRole('button', { name: 'Pause' }).click();

    // 5. Export MP4 where the in-app picker says (a name in a folder) and check it with ffprobe.
    await page.getByRole('button', { name: 'Export…' }).click();
    const mp4 = join(work, 'take.mp4');
    await page.getByRole('button', { name: 'Choose…' }).click();
    await answerFileDialog(page, work, 'take');
    expect(await page.getByLabel('Export path').inputValue()).toBe(mp4);
    await page
      .getByRole('dialog', { name: 'Export' })
      .getByRole('button', { name: 'Export', exact: true })
      .click();
    await page.getByTestId('export-done').waitFor({ timeout: 60_000 });
    const { stdout } = await promisify(execFile)(ffprobe, [
      ...['-v', 'error', '-count_frames', '-select_streams', 'v:0'],
      ...['-show_entries', 'stream=nb_read_frames,codec_name', '-of', 'json', mp4],
    ]);
    expect(JSON.parse(stdout)).toMatchObject({ streams: [{ codec_name: 'h264', nb_read_frames: '4' }] });
    await page.keyboard.press('Escape');

    // 6. Save As (the browser host's in-app picker), the dirty marker goes.
    const path = join(work, 'flying-cup.levitor');
    await page.mouse.click(5, 400);
    await page.keyboard.press('Control+Shift+S');
    await answerFileDialog(page, work, 'flying-cup');
    await page.getByTestId('notice').filter({ hasText: 'Saved flying-cup.levitor' }).waitFor();
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
    expect((await stat(path)).size).toBeGreaterThan(10_000);
    const saved = await summary();

    // 7. Reload and reopen from the recent list: the same document, with its take still playable.
    await page.reload();
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Open recent project…' }).click();
    await page.getByRole('button', { name: /^flying-cup\.levitor/ }).click();
    await page.locator('.topbar__doc-name', { hasText: 'flying-cup' }).waitFor();
    const reopened = await summary();
    expect(reopened).toEqual(saved);
    expect(reopened.objects[0]?.name).toBe('flying cup');
    await page.getByTestId('take-select').selectOption({ index: 1 });
    await page.getByTestId('take-frame').waitFor();
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
  });
});
