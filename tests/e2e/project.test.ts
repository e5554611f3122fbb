import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UPLOAD_PIECE_BYTES } from '../../src-shared/ipc/upload';
import { ROOT, startBrowserHost, type RunningHost } from './support/browserHost';
import { saveReadmeScreenshot } from './support/readmeShot';
import { launchChromium, type Browser } from './support/chromium';
import { answerFileDialog } from './support/fileDialog';

// Projects in the studio UI through the real browser host: the first run opens the bundled sample, an
// edit shows the dirty marker, Save As writes a file, a reload + open gives the identical document, a
// corrupt file is refused with a clear message, and autosaved work is offered again after a kill.
const work = mkdtempSync(join(tmpdir(), 'levitor-project-e2e-'));
const settings = join(work, 'settings'); // recent list + recovery files (the data folder)
mkdirSync(settings);
const modelsParent = join(work, 'shared');
// The picker's home is the test's folder; the models folder's parent must stay untouched.
const env = { LEVITOR_DATA_DIR: settings, LEVITOR_MODELS_DIR: join(modelsParent, 'models'), HOME: work };
let host: RunningHost;
let browser: Browser;
let page: Page;
const consoleErrors: string[] = [];

type Summary = {
  image: { width: number; height: number } | null;
  objects: { id: string; name: string; trajectory: { points: unknown[] } | null }[];
  masks: Record<string, string | null>;
  depth: string | null;
  depthEdit: string | null;
  settings: Record<string, unknown>;
  project: { path: string | null; name: string; dirty: boolean };
};

const summary = (): Promise<Summary> => page.evaluate('window.__studioProject.summary()') as Promise<Summary>;
const documentPart = ({ project: _p, ...doc }: Summary) => doc;

/**
 * Records the largest message the page sends on its WebSocket and how many were binary (source text: this
 * file is typechecked without the DOM library). Runs before the studio's own scripts.
 */
const RECORD_SENDS = `(() => {
  const send = WebSocket.prototype.send;
  window.__sent = { largest: 0, binary: 0 };
  WebSocket.prototype.send = function (d) {
    const n = typeof d === 'string' ? d.length : d.byteLength;
    window.__sent.largest = Math.max(window.__sent.largest, n);
    if (typeof d !== 'string') window.__sent.binary++;
    return send.call(this, d);
  };
})()`;
const sent = () => page.evaluate('window.__sent') as Promise<{ largest: number; binary: number }>;

async function openStudio(): Promise<void> {
  page = await browser.context.newPage();
  await page.addInitScript(RECORD_SENDS);
  page.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text());
  });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(host.url);
  await page.getByRole('button', { name: 'File' }).waitFor();
}

/** Polls an expression in the page (waitForFunction would eval, which the studio's CSP forbids). */
async function waitUntil(expression: string): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (await page.evaluate(expression)) return;
    await page.waitForTimeout(100);
  }
  throw new Error(`timed out waiting for ${expression}`);
}

async function runMenu(item: string): Promise<void> {
  await page.getByRole('button', { name: 'File' }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

const dirtyMarker = () => page.getByTestId('dirty-marker');
const docName = () => page.locator('.topbar__doc-name');

beforeAll(async () => {
  host = await startBrowserHost(env);
  browser = await launchChromium();
  await openStudio();
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  rmSync(work, { recursive: true, force: true });
});

describe('projects in the studio', () => {
  it('opens the bundled sample on first run: object, mask, depth and 3D trajectory', async () => {
    await docName().filter({ hasText: 'Coffee cup (sample)' }).waitFor({ timeout: 30_000 });
    const s = await summary();
    expect(s.image).toEqual({ width: 600, height: 400 });
    expect(s.objects.map((o) => o.name)).toEqual(['cup and saucer']);
    expect(s.objects[0]?.trajectory?.points).toHaveLength(3);
    expect(s.masks['cup']).toMatch(/^240000:/);
    expect(s.depth).toMatch(/^960000:/);
    expect(s.project).toEqual({ path: null, name: 'Coffee cup (sample)', dirty: false });
    expect(await dirtyMarker().count()).toBe(0);
    await expect(page.title()).resolves.toBe('Coffee cup (sample) — LeviTor Studio');
  });

  it('shows the dirty marker after an edit and clears it when undone', async () => {
    // Rename the object in the objects panel: one undoable edit.
    const name = page.getByLabel('Name of cup and saucer');
    await name.fill('espresso cup');
    await name.press('Enter');
    await dirtyMarker().waitFor();
    await expect(page.title()).resolves.toMatch(/^• /);
    await page.mouse.click(5, 300); // focus out of the panel's inputs so the shortcuts apply
    await page.keyboard.press('Control+Z');
    await dirtyMarker().waitFor({ state: 'detached' });
    expect((await summary()).objects[0]?.name).toBe('cup and saucer');
    await page.keyboard.press('Control+Shift+Z');
    await dirtyMarker().waitFor();
    // Paint a block into the mask and change a setting (the brush and panel make the same updates).
    await page.evaluate(`window.__studioProject.studio.getState().updateDocument((d) => {
      const m = d.masks.cup;
      const data = m.data.slice();
      for (let y = 20; y < 60; y++) for (let x = 500; x < 560; x++) data[y * m.width + x] = 255;
      return { ...d, masks: { ...d.masks, cup: { ...m, data } }, settings: { ...d.settings, steps: 9 } };
    })`);
    expect((await summary()).objects[0]?.name).toBe('espresso cup');
  });

  it('saves as a file (in-app picker in the browser host), then the marker is gone', async () => {
    const path = join(work, 'espresso.levitor');
    await page.keyboard.press('Control+Shift+S');
    // The picker proposes the project's name; Escape closes it without saving.
    const dialog = page.getByTestId('file-dialog');
    await dialog.waitFor();
    expect(await dialog.getByLabel('File name', { exact: true }).inputValue()).toBe('Coffee cup (sample)');
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });
    await dirtyMarker().waitFor();
    await page.keyboard.press('Control+Shift+S');
    await answerFileDialog(page, work, 'espresso');
    await page.getByTestId('notice').filter({ hasText: 'Saved espresso.levitor' }).waitFor();
    await dirtyMarker().waitFor({ state: 'detached' });
    expect((await stat(path)).size).toBeGreaterThan(1000);
    const s = await summary();
    expect(s.project).toEqual({ path, name: 'espresso', dirty: false });
    await expect(docName().textContent()).resolves.toBe('espresso');
    // Undo goes back past the save: unsaved again; redo returns to exactly what was saved.
    await page.keyboard.press('Control+Z');
    await dirtyMarker().waitFor();
    await page.keyboard.press('Control+Shift+Z');
    await dirtyMarker().waitFor({ state: 'detached' });
  });

  it('reopens the saved file after a reload (recent list and file input) as the identical document', async () => {
    const saved = await summary();
    await page.reload();
    await page.getByRole('button', { name: 'File' }).waitFor();
    // Not a first run any more: the sample does not open by itself.
    await page.waitForTimeout(500);
    expect((await summary()).image).toBeNull();
    await runMenu('Open recent project…');
    await page
      .getByRole('dialog', { name: 'Recent projects' })
      .getByRole('button', { name: /^espresso.levitor/ })
      .click();
    await docName().filter({ hasText: 'espresso' }).waitFor();
    const back = await summary();
    expect(documentPart(back)).toEqual(documentPart(saved));
    expect(back.objects[0]?.name).toBe('espresso cup');
    expect(back.settings['steps']).toBe(9);
    expect(back.project).toEqual(saved.project);
    // The same file through the browser's file input (bytes to the host): same document, untitled.
    await page.getByTestId('project-file-input').setInputFiles(join(work, 'espresso.levitor'));
    await waitUntil('window.__studioProject.summary().project.path === null');
    expect(documentPart(await summary())).toEqual(documentPart(saved));
  });

  it('refuses corrupt, foreign and newer files with a clear message and keeps the document on screen', async () => {
    const before = await summary();
    const bytes = await readFile(join(work, 'espresso.levitor'));
    bytes.fill(0x5a, 200, 4000); // inside the first entries: CRC and zip structure fail
    await writeFile(join(work, 'broken.levitor'), bytes);
    await writeFile(join(work, 'notes.levitor'), 'just some notes\n');
    await page.getByTestId('project-file-input').setInputFiles(join(work, 'broken.levitor'));
    const notice = page.getByTestId('notice').filter({ hasText: 'Could not open broken.levitor' });
    await notice.waitFor();
    expect(await notice.textContent()).toMatch(/damaged|not a LeviTor project/);
    expect(await notice.textContent()).toMatch(/current work was not changed/);
    await page.getByTestId('project-file-input').setInputFiles(join(work, 'notes.levitor'));
    await page.getByTestId('notice').filter({ hasText: 'not a LeviTor project' }).waitFor();
    // A file from a newer studio: same archive, project.json version 99.
    const zip = unzipSync(await readFile(join(ROOT, 'resources/samples/coffee.levitor')));
    const doc = JSON.parse(new TextDecoder().decode(zip['project.json'])) as Record<string, unknown>;
    zip['project.json'] = new TextEncoder().encode(JSON.stringify({ ...doc, version: 99 }));
    await writeFile(join(work, 'future.levitor'), zipSync(zip));
    await page.getByTestId('project-file-input').setInputFiles(join(work, 'future.levitor'));
    await page.getByTestId('notice').filter({ hasText: 'saved by a newer LeviTor Studio' }).waitFor();
    expect(await summary()).toEqual(before);
  });

  it('offers autosaved work again after the host is killed, and recovers it', async () => {
    // With an edited depth map of 1200 x 800 (3.7 MiB): large entries go to the host as bytes in pieces
    // ahead of the edit (upload:piece, binary WebSocket messages), and must come back whole.
    await page.evaluate(`window.__studioProject.studio.getState().updateDocument((d) => ({
      ...d, objects: d.objects.map((o) => ({ ...o, name: 'recovered cup' })),
      depthEdit: { width: 1200, height: 800,
        data: Float32Array.from({ length: 1200 * 800 }, (_, i) => 1 + ((i * 7) % 1000) / 250) },
    }))`);
    await dirtyMarker().waitFor();
    const depthEdit = (await summary()).depthEdit;
    expect(depthEdit).toMatch(/^3840000:/);
    await expect(page.evaluate('window.__studioProject.autosaveNow()')).resolves.toBe(true);
    // No message carried the map whole (or as base64 text): pieces of UPLOAD_PIECE_BYTES and their JSON.
    const { largest, binary } = await sent();
    expect(binary).toBeGreaterThanOrEqual(2);
    expect(largest).toBeLessThan(UPLOAD_PIECE_BYTES + 16384);
    host.process.kill('SIGKILL');
    await new Promise((r) => host.process.once('exit', r));
    await page.close({ runBeforeUnload: false });
    host = await startBrowserHost(env);
    await openStudio();
    const dialog = page.getByTestId('recovery-dialog');
    await dialog.getByText('never saved').waitFor();
    await page.screenshot({ path: join(work, 'recovery.png') });
    await dialog.getByRole('button', { name: 'Recover' }).click();
    await dialog.waitFor({ state: 'detached' });
    const s = await summary();
    expect(s.objects[0]?.name).toBe('recovered cup');
    expect(s.depthEdit).toBe(depthEdit);
    expect(s.masks['cup']).toBe((await summary()).masks['cup']);
    expect(s.project.dirty).toBe(true);
    await dirtyMarker().waitFor();
  });

  it('asks before closing unsaved work', async () => {
    const asked = new Promise<string>((r) => page.once('dialog', (d) => (r(d.type()), void d.accept())));
    await page.mouse.click(5, 300); // user activation, which browsers require for the prompt
    await page.close({ runBeforeUnload: true });
    await expect(asked).resolves.toBe('beforeunload');
  });

  it('saves a screenshot of a project with the File menu open', async () => {
    await openStudio();
    await page.getByTestId('recovery-dialog').getByRole('button', { name: 'Discard' }).click();
    await runMenu('Open the sample project');
    await docName().filter({ hasText: 'Coffee cup (sample)' }).waitFor();
    await page.evaluate(`window.__studioProject.studio.getState().updateDocument((d) => ({
      ...d, settings: { ...d.settings, steps: 20 },
    }))`);
    await dirtyMarker().waitFor();
    await page.getByRole('button', { name: 'File' }).click();
    await page.waitForTimeout(300);
    await saveReadmeScreenshot(page, 'project.png');
    expect(
      consoleErrors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED|ERR_CONNECTION_RESET/.test(e)),
    ).toEqual([]);
  });
});
