import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTinyVideoPack, TRITON_REPO_ENTRIES } from '../support/installTinyVideoPack';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { answerFileDialog } from './support/fileDialog';

// The Models panel's "Triton repository…" button in Chromium against the real browser host: the folder
// comes from main's in-app picker (a handle), the repository is written by services/triton.
let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-triton-e2e-'));
const home = join(work, 'home');

beforeAll(async () => {
  mkdirSync(home);
  await installTinyVideoPack(join(work, 'models'), 'tiny-video');
  host = await startBrowserHost({
    LEVITOR_DATA_DIR: join(work, 'data'),
    LEVITOR_MODELS_DIR: join(work, 'models'),
    HOME: home,
  });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${host.url}&e2e=1`);
  await page.locator('.topbar__doc-name').waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('Models panel: Triton repository', () => {
  it('writes the installed video model’s repository into the folder chosen in the picker', async () => {
    await page.getByRole('button', { name: /model manager|^Models:/ }).click();
    const dialog = page.getByTestId('models-dialog');
    await dialog.waitFor();
    await dialog.getByRole('button', { name: 'Triton repository…' }).click();
    await answerFileDialog(page, home, 'studio-triton');
    const notice = page.getByTestId('models-notice');
    await notice.waitFor({ timeout: 30_000 });
    await expect(notice.textContent()).resolves.toMatch(
      /Triton repository written to .*studio-triton \(5 models; graph files (hard-linked|copied)/,
    );
    expect((await readdir(join(home, 'studio-triton'))).sort()).toEqual(TRITON_REPO_ENTRIES);
  });
});
