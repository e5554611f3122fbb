import { writeFile } from 'node:fs/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';

// Keyboard rules and messages in Debian Chromium against the real browser host: a clicked checkbox leaves
// the shortcuts working, modal dialogs take the keyboard and close with Escape, toasts close with Escape
// and keep library text behind "Details".
let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-keys-'));

beforeAll(async () => {
  await writeFile(join(work, 'notes.png'), 'these are notes, not pixels\n');
  // A JPEG cut off half way: sharp reads its size, then the full decode fails.
  const pixels = Buffer.alloc(256 * 192 * 3);
  for (let i = 0; i < pixels.length; i++) pixels[i] = (i * 37) % 251; // texture: the scan data is long
  const jpeg = await sharp(pixels, { raw: { width: 256, height: 192, channels: 3 } })
    .jpeg()
    .toBuffer();
  await writeFile(join(work, 'cut.jpg'), jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));
  host = await startBrowserHost();
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${host.url}&e2e=1`);
  await page.locator('.topbar__doc-name', { hasText: 'Coffee cup (sample)' }).waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  rmSync(work, { recursive: true, force: true });
});

const tool = () => page.evaluate('window.__studioTest.getState().tool') as Promise<string>;
const dialogs = () => page.getByRole('dialog').count();

describe('keyboard and dialogs', () => {
  it('keeps the shortcuts working after a checkbox was clicked', async () => {
    await page.keyboard.press('v');
    await page.getByTestId('depth-overlay-toggle').click();
    await expect(page.getByTestId('depth-overlay-toggle').isChecked()).resolves.toBe(true);
    await page.keyboard.press('h');
    await expect.poll(tool).toBe('hand');
    // Space still toggles the focused checkbox (it belongs to the control), letters reach the studio.
    await page.keyboard.press('v');
    await expect.poll(tool).toBe('select');
    await page.getByTestId('depth-overlay-toggle').click();
  });

  it('gives the keyboard to the Models dialog: shortcuts do not act behind it, Escape closes it', async () => {
    await page.getByRole('button', { name: /model manager|^Models:/ }).click();
    await page.getByTestId('models-dialog').waitFor();
    const chooser = page.waitForEvent('filechooser', { timeout: 1500 }).then(
      () => 'opened',
      () => 'none',
    );
    await page.keyboard.press('Control+O');
    await expect(chooser).resolves.toBe('none');
    await page.keyboard.press('Control+Enter');
    await page.keyboard.press('h');
    await expect(tool()).resolves.toBe('select');
    await expect(page.getByTestId('job').count()).resolves.toBe(0);
    // Even with the focus thrown out of the dialog (a click on the backdrop's edge closes it; here the
    // focus is moved by script), keys go to the dialog, not behind it.
    await page.evaluate('document.activeElement?.blur()');
    await page.keyboard.press('h');
    await expect(tool()).resolves.toBe('select');
    await page.keyboard.press('Escape');
    await page.getByTestId('models-dialog').waitFor({ state: 'detached' });
    await page.keyboard.press('h');
    await expect.poll(tool).toBe('hand');
    await page.keyboard.press('v');
  });

  it('closes every dialog with Escape', async () => {
    const openers: [string, () => Promise<void>][] = [
      ['command palette', () => page.keyboard.press('Control+K')],
      ['keyboard shortcuts', () => page.keyboard.press('?')],
      ['export', () => page.getByRole('button', { name: 'Export…' }).click()],
      [
        'recent projects',
        async () => {
          await page.getByRole('button', { name: 'File' }).click();
          await page.getByRole('menuitem', { name: /Open recent/ }).click();
        },
      ],
    ];
    for (const [name, open] of openers) {
      await open();
      await expect.poll(dialogs, { message: `${name} opened` }).toBe(1);
      await page.keyboard.press('Escape');
      await expect.poll(dialogs, { message: `${name} closed by Escape` }).toBe(0);
    }
  });

  it('has one menu entry for starting a project from an image', async () => {
    await page.getByRole('button', { name: 'File' }).click();
    const items = await page.getByRole('menuitem').allTextContents();
    expect(items.filter((t) => /image/i.test(t))).toEqual([
      expect.stringMatching(/^New project from image…/),
    ]);
    await page.keyboard.press('Escape');
  });
});

describe('messages', () => {
  it('keeps library text behind Details and closes toasts with Escape', async () => {
    await page.getByTestId('file-input').setInputFiles(join(work, 'cut.jpg'));
    const notice = page.getByTestId('notice').filter({ hasText: 'Could not open cut.jpg' });
    await notice.waitFor({ timeout: 15_000 });
    await expect(notice.locator('.notice__title').textContent()).resolves.toBe(
      'Could not open cut.jpg: the file is damaged or incomplete',
    );
    await expect(notice.locator('.notice__detail').textContent()).resolves.not.toMatch(/vips|jpeg:/i);
    const details = notice.locator('details');
    await expect(details.locator('pre').isVisible()).resolves.toBe(false);
    await details.locator('summary').click();
    await expect(details.locator('pre').textContent()).resolves.toMatch(/premature end|Vips/i);

    await page.getByTestId('file-input').setInputFiles(join(work, 'notes.png'));
    await page.getByTestId('notice').filter({ hasText: 'Could not open notes.png' }).waitFor();
    expect(await page.getByTestId('notice').count()).toBeGreaterThanOrEqual(2);
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('notice').count()).toBe(0);
  });
});

describe('generation settings', () => {
  it('says why a number is refused, next to the field, and clears it when fixed', async () => {
    const steps = page.getByTestId('setting-steps');
    await steps.fill('0');
    await steps.press('Enter');
    const error = page.getByTestId('setting-steps-error');
    await expect(error.textContent()).resolves.toMatch(/^Steps must be at least 1; \d+ is kept$/);
    await expect(steps.getAttribute('aria-invalid')).resolves.toBe('true');
    await steps.fill('2.5');
    await expect(error.textContent()).resolves.toMatch(/whole number/);
    await steps.fill('25');
    await steps.press('Enter');
    await error.waitFor({ state: 'detached' });
    await expect(steps.getAttribute('aria-invalid')).resolves.toBe('false');
  });

  it('explains each setting in one line and offers motion presets', async () => {
    const grid = page.getByTestId('generation-settings');
    for (const label of [
      'Motion bucket',
      'Noise augmentation',
      'Control scale',
      'Points ratio',
      'Min guidance',
    ])
      await expect(
        grid.locator('.gen-field', { hasText: label }).locator('.gen-field__help').count(),
      ).resolves.toBe(1);
    await page.getByTestId('preset-strong').click();
    await expect(page.getByTestId('setting-motionBucket').inputValue()).resolves.toBe('180');
    await expect(page.getByTestId('preset-strong').getAttribute('aria-pressed')).resolves.toBe('true');
    await page.getByTestId('preset-subtle').click();
    await expect(page.getByTestId('setting-motionBucket').inputValue()).resolves.toBe('60');
    await page.keyboard.press('Control+Z');
    await expect(page.getByTestId('setting-motionBucket').inputValue()).resolves.toBe('180');
    await page.getByTestId('preset-default').click();
  });

  it('keeps Generate in view while the settings are scrolled', async () => {
    const panel = page.getByRole('complementary', { name: 'Settings' });
    await panel.evaluate((el) => (el.scrollTop = 0));
    const inView = async () => {
      const [p, g] = await Promise.all([panel.boundingBox(), page.getByTestId('generate').boundingBox()]);
      return !!p && !!g && g.y >= p.y && g.y + g.height <= p.y + p.height + 1;
    };
    await expect(inView()).resolves.toBe(true);
    await panel.evaluate((el) => (el.scrollTop = el.scrollHeight));
    await expect(inView()).resolves.toBe(true);
  });

  it('asks before generating when nothing moves: Cancel and Escape queue nothing', async () => {
    const png = await sharp({ create: { width: 120, height: 90, channels: 3, background: '#3a6' } })
      .png()
      .toBuffer();
    await writeFile(join(work, 'plain.png'), png);
    page.once('dialog', (d) => void d.accept()); // the edited sample: discard its changes
    await page.getByTestId('file-input').setInputFiles(join(work, 'plain.png'));
    await page.locator('.topbar__doc-name', { hasText: 'plain' }).waitFor();
    const jobs = page.getByTestId('job');
    const before = await jobs.count();
    const question = page.getByTestId('confirm-dialog');
    await page.getByTestId('generate').click();
    await question.waitFor();
    await expect(question.textContent()).resolves.toMatch(
      /Nothing will move.*draw its path with the Trajectory tool/,
    );
    await question.getByRole('button', { name: 'Cancel' }).click();
    await question.waitFor({ state: 'detached' });
    // The dialog takes the keyboard: Ctrl+Enter behind it does not generate; Escape answers Cancel.
    await page.getByTestId('generate').click();
    await question.waitFor();
    await page.keyboard.press('Control+Enter');
    await page.keyboard.press('Escape');
    await question.waitFor({ state: 'detached' });
    await page.waitForTimeout(300);
    expect(await jobs.count()).toBe(before);
    await page.getByTestId('generate').click();
    await question.getByRole('button', { name: 'Generate anyway' }).click();
    await expect.poll(() => jobs.count(), { timeout: 30_000 }).toBe(before + 1);
  });
});
