import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { tmpdir } from 'node:os';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { answerFileDialog } from './support/fileDialog';

// The browser host's file authority and first-run behaviour in Chromium: the in-app save/open picker
// (folders under home, not hidden ones; default name without the image's extension), a host restart
// under an open page (said, with the way on; Save fails in words), and discarded work never offered
// again. Screenshots are written to the test's temporary folder.
const work = mkdtempSync(join(tmpdir(), 'levitor-files-e2e-'));
const home = join(work, 'home');
const data = join(work, 'data');
const env = { HOME: home, LEVITOR_DATA_DIR: data, LEVITOR_MODELS_DIR: join(work, 'models') };
let host: RunningHost;
let browser: Browser;
let page: Page;

type Summary = { project: { path: string | null; name: string; dirty: boolean } };
const summary = (): Promise<Summary> => page.evaluate('window.__studioProject.summary()') as Promise<Summary>;
const docName = () => page.locator('.topbar__doc-name');

async function openStudio(url = host.url): Promise<void> {
  page = await browser.context.newPage();
  await page.goto(url);
  await page.getByRole('button', { name: 'File' }).waitFor();
}

async function edit(name: string): Promise<void> {
  await page.evaluate(`window.__studioProject.studio.getState().updateDocument((d) => ({
    ...d, settings: { ...d.settings, steps: ${name.length + 3} },
  }))`);
  await page.getByTestId('dirty-marker').waitFor();
}

beforeAll(async () => {
  mkdirSync(join(home, 'Pictures'), { recursive: true });
  mkdirSync(join(home, 'Documents'));
  mkdirSync(join(home, '.secret'));
  await sharp({ create: { width: 120, height: 80, channels: 3, background: '#3a7' } })
    .png()
    .toFile(join(home, 'Pictures', 'photo.png'));
  host = await startBrowserHost(env);
  browser = await launchChromium();
  await openStudio();
});
afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('files in the browser host', () => {
  it('Save As proposes photo.levitor for photo.png, in the in-app picker (no hidden folders)', async () => {
    await docName().filter({ hasText: 'Coffee cup (sample)' }).waitFor({ timeout: 30_000 });
    await page.getByTestId('file-input').setInputFiles(join(home, 'Pictures', 'photo.png'));
    await docName()
      .filter({ hasText: /^photo$/ })
      .waitFor();
    await page.mouse.click(5, 300);
    await page.keyboard.press('Control+S'); // untitled: Save asks where, like Save As
    const dialog = page.getByTestId('file-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('File name', { exact: true }).inputValue()).toBe('photo');
    await dialog.locator(`ul[data-dir="${join(home, 'Documents')}"]`).waitFor();
    await dialog.getByRole('button', { name: 'Home', exact: true }).click();
    await dialog.locator(`ul[data-dir="${home}"]`).waitFor();
    const names = await dialog.getByRole('list', { name: 'Files' }).getByRole('button').allTextContents();
    expect(names.join(' ')).toMatch(/Documents.*Pictures/);
    expect(names.join(' ')).not.toMatch(/secret/);
    await page.screenshot({ path: join(work, 'save-dialog.png') });
    await answerFileDialog(page, join(home, 'Documents'), 'photo');
    await page.getByTestId('notice').filter({ hasText: 'Saved photo.levitor' }).waitFor();
    expect(existsSync(join(home, 'Documents', 'photo.levitor'))).toBe(true);
    expect((await summary()).project).toEqual({
      path: join(home, 'Documents', 'photo.levitor'),
      name: 'photo',
      dirty: false,
    });
  });

  it('Open project goes through the same picker and keeps the file as the project path', async () => {
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Open the sample project' }).click();
    await docName().filter({ hasText: 'Coffee cup (sample)' }).waitFor();
    await page.mouse.click(5, 300);
    await page.keyboard.press('Control+Shift+O');
    await answerFileDialog(page, join(home, 'Documents'), 'photo.levitor', 'open');
    await docName()
      .filter({ hasText: /^photo$/ })
      .waitFor();
    expect((await summary()).project.path).toBe(join(home, 'Documents', 'photo.levitor'));
  });

  it('after the host restarts, the page says so and how to go on; Save fails in words; the work is in recovery', async () => {
    await edit('restart');
    await page.evaluate('window.__studioProject.pushNow()'); // as the throttled push does, 2-20 s later
    const old = page;
    const port = new URL(host.url).port;
    await host.dispose(); // SIGTERM: the host writes the unsaved work to recovery as it stops
    host = await startBrowserHost(env, ['--port', port]); // same address, new link (token)
    await old.getByTestId('host-restarted').waitFor({ timeout: 20_000 });
    expect(await old.getByTestId('host-restarted').textContent()).toMatch(/restarted.*new link.*recovery/s);
    await old.screenshot({ path: join(work, 'restarted.png') });
    await old.getByTestId('host-restarted').getByRole('button', { name: 'OK' }).click();
    await old.mouse.click(5, 300);
    await old.keyboard.press('Control+S');
    await old
      .getByTestId('notice')
      .filter({ hasText: 'Could not save the project: the studio restarted' })
      .waitFor();
    await old.close({ runBeforeUnload: false });
    await openStudio();
    const recovery = page.getByTestId('recovery-dialog');
    await recovery.getByText('photo', { exact: true }).waitFor();
    expect(readdirSync(join(data, 'recovery')).some((n) => n.endsWith('.levitor'))).toBe(true);
    // Settings and recovery live in the data folder: the models folder's parent holds nothing else.
    expect(existsSync(join(work, 'recovery'))).toBe(false);
    expect(existsSync(join(work, 'recent-projects.json'))).toBe(false);
    expect(existsSync(join(data, 'recent-projects.json'))).toBe(true);
  });

  it('recovery never offers work the user discarded', async () => {
    // Recover it, then discard it explicitly by opening another project (the page asks, the user agrees).
    const recovery = page.getByTestId('recovery-dialog');
    await recovery.getByRole('button', { name: 'Recover' }).click();
    await recovery.waitFor({ state: 'detached' });
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Open the sample project' }).click();
    await docName().filter({ hasText: 'Coffee cup (sample)' }).waitFor();
    await page.reload();
    await page.getByRole('button', { name: 'File' }).waitFor();
    await page.waitForTimeout(1000);
    expect(await page.getByTestId('recovery-dialog').count()).toBe(0);
    expect(readdirSync(join(data, 'recovery')).filter((n) => n.endsWith('.levitor'))).toEqual([]);
  });
});
