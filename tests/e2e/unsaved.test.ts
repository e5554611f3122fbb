import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTinyModels } from '../support/installTinyModels';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { answerFileDialog } from './support/fileDialog';
import { setField } from './support/movingObject';

// The unsaved dot says whether the file would change, whatever the way back to what was saved: undo and
// redo, edits that cancel out, and Skip then Find of the automatic segments (analysis, not undo steps).
const work = mkdtempSync(join(tmpdir(), 'levitor-unsaved-'));
let host: RunningHost;
let browser: Browser;
let page: Page;

type Hook = { studio: { getState(): any } }; // eslint-disable-line @typescript-eslint/no-explicit-any
const autoState = () =>
  page.evaluate(
    () =>
      (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState()
        .autoSegmentsState as string,
  );
const dot = () => page.getByTestId('dirty-marker');
const clean = () => dot().waitFor({ state: 'detached' });

beforeAll(async () => {
  const models = join(work, 'models');
  await installTinyModels(models);
  host = await startBrowserHost({ LEVITOR_MODELS_DIR: models, HOME: work });
  browser = await launchChromium();
  page = await browser.context.newPage();
  // A small automatic-segments grid (test-only URL switch): the runs end in seconds.
  await page.goto(`${host.url}&e2e=1&autoGrid=4`);
  await page.locator('.topbar__doc-name', { hasText: 'Coffee cup (sample)' }).waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('the unsaved dot', () => {
  it('segments found on their own when the image opens leave the project clean; Save As clears the dot', async () => {
    await expect.poll(autoState, { timeout: 120_000 }).toBe('done');
    expect(await dot().count()).toBe(0);
    await page.getByLabel('Name of cup and saucer').fill('mug');
    await page.getByLabel('Name of cup and saucer').press('Enter');
    await dot().waitFor();
    await page.mouse.click(5, 300);
    await page.keyboard.press('Control+Shift+S');
    await answerFileDialog(page, work, 'cup');
    await page.getByTestId('notice').filter({ hasText: 'Saved cup.levitor' }).waitFor();
    await clean();
    await expect(page.title()).resolves.not.toMatch(/^•/);
  });

  it('clears when edits cancel out: a setting typed back, a name typed back', async () => {
    const steps = await page.getByTestId('setting-steps').inputValue();
    await setField(page, 'setting-steps', '9');
    await dot().waitFor();
    await expect(page.title()).resolves.toMatch(/^• /);
    await setField(page, 'setting-steps', steps);
    await clean();
    const name = page.getByLabel('Name of mug');
    await name.fill('espresso');
    await name.press('Enter');
    await dot().waitFor();
    await page.getByLabel('Name of espresso').fill('mug');
    await page.getByLabel('Name of espresso').press('Enter');
    await clean();
    // Undo of the two renames passes through the edited name and back to the saved one.
    await page.mouse.click(5, 300);
    await page.keyboard.press('Control+Z');
    await dot().waitFor();
    await page.keyboard.press('Control+Z');
    await clean();
  });

  it('Skip marks it unsaved, and Find that finds the saved segments again clears it', async () => {
    const action = page.getByTestId('auto-segments-action');
    await expect(action.textContent()).resolves.toBe('Skip');
    await action.click();
    await dot().waitFor();
    await expect(action.textContent()).resolves.toBe('Find');
    await action.click();
    await expect.poll(autoState, { timeout: 120_000 }).toBe('done');
    await clean();
    // After Skip an undo back to the saved document still has the skip to save: the dot stays.
    await action.click();
    await setField(page, 'setting-steps', '7');
    await page.mouse.click(5, 300);
    await page.keyboard.press('Control+Z');
    await expect.poll(() => page.getByTestId('setting-steps').inputValue()).not.toBe('7');
    expect(await dot().count()).toBe(1);
  });
});
