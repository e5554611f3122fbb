import { mkdtempSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTinyModels } from '../support/installTinyModels';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { openFile } from './support/openFile';

// A click made while the image's embedding is still being computed: the canvas says so (amber pending
// ring + status text), and the click lands by itself once the embedding exists. Real browser host, tiny
// SAM2; the image is large (48 MP) so that decoding it for the encoder takes long enough to click into.
let host: RunningHost;
let browser: Browser;
let page: Page;
const work = mkdtempSync(join(tmpdir(), 'levitor-encoding-'));
const IMAGE = { width: 8000, height: 6000 };

/** Mirrors the parts of src-renderer/testHook.ts this test reads. */
interface TestState {
  image: { width: number; height: number } | null;
  viewport: { scale: number; x: number; y: number };
  tool: string;
  segment: { encoding: boolean; pendingPoints: number };
  objects: { points: unknown[]; mask: { area: number } | null }[];
}
const state = () => page.evaluate('window.__studioTest.getState()') as Promise<TestState>;

async function waitFor<T>(probe: () => Promise<T | null>, what: string, seconds: number): Promise<T> {
  for (let i = 0; i < seconds * 20; i++) {
    const v = await probe();
    if (v !== null) return v;
    await page.waitForTimeout(50);
  }
  throw new Error(`timed out waiting for ${what}: ${JSON.stringify(await state())}\n${host.log()}`);
}

beforeAll(async () => {
  await mkdir(join(work, 'models'));
  await installTinyModels(join(work, 'models'));
  // A smooth gradient compresses to a small file but still costs a full 48 MP decode in main.
  const { width, height } = IMAGE;
  await sharp(
    Buffer.from(
      await sharp({ create: { width: 2, height: 2, channels: 3, background: '#406080' } })
        .png()
        .toBuffer(),
    ),
  )
    .resize(width, height, { kernel: 'cubic' })
    .png({ compressionLevel: 1 })
    .toFile(join(work, 'large.png'));
  host = await startBrowserHost({ LEVITOR_MODELS_DIR: join(work, 'models') });
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(`${host.url}&e2e=1&autoGrid=2`);
  await page.getByRole('button', { name: 'Open image' }).waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('a click while the image is still being encoded', () => {
  it('shows the wait on the canvas and lands once the embedding exists', async () => {
    await openFile(page, join(work, 'large.png'));
    await waitFor(async () => ((await state()).image ? true : null), 'the image', 60);
    // The new project's document arrives once the page has decoded the image: add the object then.
    await page.getByTestId('task-progress').waitFor({ state: 'detached', timeout: 60_000 });
    await waitFor(
      async () => {
        // Kept only once it survives a moment: the new project's document can still replace it.
        if ((await state()).objects.length === 0) await page.keyboard.press('n');
        await page.waitForTimeout(1500);
        return (await state()).objects.length === 1 ? true : null;
      },
      'an object',
      30,
    );
    await page.keyboard.press('s');
    await waitFor(async () => ((await state()).tool === 'segment' ? true : null), 'the segment tool', 10);
    const vp = (await state()).viewport;
    const box = (await page.getByTestId('canvas').boundingBox())!;
    await page.mouse.click(box.x + vp.x + 4000 * vp.scale, box.y + vp.y + 3000 * vp.scale);

    // At once: the point waits (pending ring) for the embedding, and the status says so.
    const waiting = await waitFor(
      async () => {
        const s = await state();
        return s.segment.pendingPoints > 0 || s.objects[0]?.mask ? s : null;
      },
      'the click to be taken',
      5,
    );
    expect(waiting.segment, 'the click was made while the image was being encoded').toEqual({
      encoding: true,
      pendingPoints: 1,
    });
    expect(waiting.objects[0]?.mask ?? null).toBeNull();
    const status = page.getByTestId('segment-status');
    await expect(status.getAttribute('data-state')).resolves.toBe('encoding');
    await expect(status.textContent()).resolves.toMatch(/Still reading the image.*click is kept/);
    await expect(page.getByTestId('segment-busy').textContent()).resolves.toMatch(/Waiting for the image/);
    const clickedAt = Date.now();

    // Then the mask lands without another click, and nothing waits any more.
    const done = await waitFor(
      async () => {
        const s = await state();
        return s.objects[0]?.mask ? s : null;
      },
      'the mask of the early click',
      120,
    );
    console.log(`the early click's mask landed ${Date.now() - clickedAt} ms after the wait was seen`);
    expect(done.objects[0]!.points).toHaveLength(1);
    expect(done.segment).toEqual({ encoding: false, pendingPoints: 0 });
    await expect(status.count()).resolves.toBe(0);
  }, 240_000);
});
