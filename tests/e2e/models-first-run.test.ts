import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TINY_DEPTH_DIR } from '../support/installTinyModels';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { openFile } from './support/openFile';

// A first run with no models, as a new artist meets it in Chromium through the browser host: the missing
// depth model is said in the Depth section (never a toast over the canvas), the Models dialog keeps its
// title and Close button in view while its long body scrolls, the first depth model installed becomes
// the one in use and depth appears for the open image at once, and a second one is offered clearly.
let work: string;
let host: RunningHost;
let browser: Browser;
let page: Page;
const errors: string[] = [];

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), 'levitor-first-run-'));
  for (const name of ['depth-one', 'depth-two']) {
    await mkdir(join(work, name));
    await copyFile(join(TINY_DEPTH_DIR, 'model.onnx'), join(work, name, 'model.onnx'));
  }
  host = await startBrowserHost({ LEVITOR_MODELS_DIR: join(work, 'models'), HOME: work });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(host.url);
  await page.locator('.topbar__doc-name', { hasText: 'Coffee cup (sample)' }).waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

/** Installs a folder of `work` through the Models dialog's "Choose folder…" and the in-app picker. */
async function installFolder(name: string): Promise<void> {
  await page.getByTestId('models-dialog').getByRole('button', { name: 'Choose folder…' }).click();
  const picker = page.getByTestId('file-dialog');
  const location = picker.getByLabel('Folder', { exact: true });
  await location.fill(work);
  await location.press('Enter');
  await picker.getByRole('button', { name: `Folder ${name}`, exact: true }).click();
  await picker.getByRole('button', { name: 'Choose folder', exact: true }).click();
  await picker.waitFor({ state: 'detached' });
}

const installedRow = (text: string) => page.getByTestId('models-installed').filter({ hasText: text });

describe('a first run without models', () => {
  it('says a depth model is missing in the Depth section, not over the canvas', async () => {
    await openFile(page, join(import.meta.dirname, '../fixtures/sam2/images/photo.png'));
    await page.locator('.topbar__doc-name', { hasText: 'photo' }).waitFor();
    await expect
      .poll(() => page.getByTestId('depth-status').textContent(), { timeout: 30_000 })
      .toBe('No depth model installed');
    // The state is in place, with the way out; no toast covers the image for it.
    await page.getByTestId('depth-missing-model').waitFor();
    expect(
      await page
        .getByTestId('notice')
        .filter({ hasText: /depth model/i })
        .count(),
    ).toBe(0);
    await page.getByRole('button', { name: 'Install a depth model…' }).click();
    await page.getByTestId('models-dialog').waitFor();
  });

  it('keeps the Models dialog title and Close button in view while its body scrolls', async () => {
    const dialog = page.getByTestId('models-dialog');
    const close = dialog.getByRole('button', { name: 'Close' });
    const top = (await dialog.boundingBox())!.y;
    // Scroll whatever scrolls in the dialog to its end, as a wheel over it would.
    const scrolled = await dialog.evaluate((el) => {
      let moved = 0;
      for (const e of [el, ...Array.from(el.querySelectorAll('*'))]) {
        if (e.scrollHeight <= e.clientHeight + 1) continue;
        e.scrollTop = e.scrollHeight;
        moved += e.scrollTop;
      }
      return moved;
    });
    expect(scrolled).toBeGreaterThan(200); // the catalogue is longer than the dialog
    await dialog.getByRole('button', { name: 'Choose folder…' }).waitFor();
    const box = (await close.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(top);
    expect(box.y).toBeLessThan(top + 48);
    // Nothing covers it: the point under its centre is the button.
    const hit = await close.evaluate((b) => {
      const r = b.getBoundingClientRect();
      const doc = (b as unknown as { ownerDocument: { elementFromPoint(x: number, y: number): unknown } })
        .ownerDocument;
      return doc.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2) === b;
    });
    expect(hit).toBe(true);
    await expect(dialog.getByRole('heading', { name: 'Models', exact: true }).isVisible()).resolves.toBe(
      true,
    );
  });

  it('makes the first depth model installed the one in use and estimates the open image at once', async () => {
    await installFolder('depth-one');
    const row = installedRow('depth-one');
    await row.locator('.badge', { hasText: 'default depth' }).waitFor({ timeout: 60_000 });
    expect(await row.getByRole('button', { name: 'Use this model' }).count()).toBe(0);
    await page.getByTestId('models-dialog').getByRole('button', { name: 'Close' }).click();
    // No reopening the image: depth arrives for it once the model is in.
    await expect
      .poll(() => page.getByTestId('depth-status').textContent(), { timeout: 60_000 })
      .toBe('Estimated');
    expect(await page.getByTestId('depth-missing-model').count()).toBe(0);
  });

  it('offers a second model of the same role clearly, and uses it when asked', async () => {
    await page.getByRole('button', { name: /^Models:/ }).click();
    await installFolder('depth-two');
    const second = installedRow('depth-two');
    await second.waitFor({ timeout: 60_000 });
    await expect(second.getByTestId('models-unused').textContent()).resolves.toMatch(
      /^Not in use: the studio uses .*depth-one.* for depth\.$/,
    );
    await second.getByRole('button', { name: 'Use this model' }).click();
    await second.locator('.badge', { hasText: 'default depth' }).waitFor();
    await installedRow('depth-one').getByTestId('models-unused').waitFor();
    expect(errors).toEqual([]);
  });
});
