import { mkdtempSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Dialog, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { openFile } from './support/openFile';

// The user agrees to replace unsaved work, then keeps editing while the new image loads (a large image
// takes seconds to check): those later edits were never agreed to, so the studio asks again, and "no"
// keeps them. Real browser host and Chromium; the large image only needs to be slow to decode.
let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-open-editing-'));

interface TestState {
  image: { width: number; height: number } | null;
  objects: unknown[];
}
const state = () => page.evaluate('window.__studioTest.getState()') as Promise<TestState>;

async function until<T>(probe: () => Promise<T | null>, what: string, seconds: number): Promise<T> {
  for (let i = 0; i < seconds * 20; i++) {
    const v = await probe();
    if (v !== null) return v;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await state())}`);
}

beforeAll(async () => {
  const gradient = await sharp({ create: { width: 2, height: 2, channels: 3, background: '#406080' } })
    .png()
    .toBuffer();
  await sharp(gradient).resize(64, 48).png().toFile(join(work, 'small.png'));
  await sharp(gradient).resize(8000, 6000).png({ compressionLevel: 1 }).toFile(join(work, 'large.png'));
  host = await startBrowserHost({});
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${host.url}&e2e=1`);
  await page.getByRole('button', { name: 'Open image' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('opening a file while the document is being edited', () => {
  it('asks again about edits made while the file loaded, and keeps them on "no"', async () => {
    await openFile(page, join(work, 'small.png'));
    await until(async () => ((await state()).image?.width === 64 ? true : null), 'the small image', 60);
    const addObject = async (n: number) =>
      until(
        async () => {
          if ((await state()).objects.length < n) await page.keyboard.press('n');
          await page.waitForTimeout(100);
          return (await state()).objects.length >= n ? true : null;
        },
        `object ${n}`,
        30,
      );
    await addObject(1); // unsaved work

    const questions: string[] = [];
    const answer = (d: Dialog) => {
      questions.push(d.message());
      // Yes to the first question (replace the unsaved work), no to the one after the wait.
      void (questions.length === 1 ? d.accept() : d.dismiss());
    };
    page.on('dialog', answer);
    await openFile(page, join(work, 'large.png'));
    await until(async () => (questions.length >= 1 ? true : null), 'the first question', 30);
    await addObject(2); // while the large image is read and checked
    await until(async () => (questions.length >= 2 ? true : null), 'the question after the wait', 120);
    page.off('dialog', answer);

    expect(questions[0]).toMatch(/has unsaved changes/);
    expect(questions[1]).toMatch(/while the file was loading/);
    const s = await state();
    expect(s.image?.width, 'the edited document stays on screen').toBe(64);
    expect(s.objects).toHaveLength(2);
    await expect(page.getByText('large.png was not opened').first().isVisible()).resolves.toBe(true);
  }, 240_000);
});
