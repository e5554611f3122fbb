import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installTinyModels } from '../support/installTinyModels';
import { installTinyVideoPack } from '../support/installTinyVideoPack';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { answerFileDialog } from './support/fileDialog';
import { addMovingObject, setField } from './support/movingObject';
import { openFile } from './support/openFile';
import { sampleScenePng } from './support/sampleScene';

// Automatic segments are the artist's choice per image (issue 14 item 5), end to end in Chromium with the
// tiny models: a Generate waiting for them offers to skip them; skipped, the control preview holds the
// artist's objects only and the choice is shown and saved; "Find" computes them later; a reopened project
// never computes them again, whether skipped or found.
const work = mkdtempSync(join(tmpdir(), 'levitor-auto-segments-'));
let host: RunningHost;
let browser: Browser;
let page: Page;
const errors: string[] = [];

type Hook = { studio: { getState(): any; subscribe(fn: (s: any) => void): () => void } }; // eslint-disable-line @typescript-eslint/no-explicit-any
const autoState = () =>
  page.evaluate(() => {
    const s = (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState();
    return { state: s.autoSegmentsState as string, count: (s.autoSegments as unknown[]).length };
  });

/** Instance ids in the control preview beyond the artist's objects: the automatic segments' points. */
const previewSegmentIds = () =>
  page.evaluate(() => {
    type Result = { points: { data: Float32Array }; objectIds: string[] } | null;
    const w = globalThis as unknown as { __studioPreview: { preview: { getState(): { result: Result } } } };
    const r = w.__studioPreview.preview.getState().result;
    if (!r) return null;
    const ids = new Set<number>();
    for (let i = 2; i < r.points.data.length; i += 4)
      if (r.points.data[i]! > r.objectIds.length) ids.add(r.points.data[i]!);
    return ids.size;
  });

/** Reopens a project from the recent list, recording every automatic-segments state the studio passes. */
async function reopen(name: string): Promise<string[]> {
  await page.reload();
  await page.getByTestId('generate').waitFor();
  await page.evaluate(() => {
    const w = globalThis as unknown as { __studioJobs: Hook; __autoStates: string[] };
    w.__autoStates = [];
    w.__studioJobs.studio.subscribe((s) => {
      const last = w.__autoStates[w.__autoStates.length - 1];
      if (s.autoSegmentsState !== last) w.__autoStates.push(s.autoSegmentsState);
    });
  });
  await page.getByRole('button', { name: 'File' }).click();
  await page.getByRole('menuitem', { name: 'Open recent project…' }).click();
  await page.getByRole('button', { name: new RegExp(`^${name}\\.levitor`) }).click();
  await page.locator('.topbar__doc-name', { hasText: name }).waitFor();
  await page.waitForTimeout(1500); // time enough for an automatic run to start, were one started
  return page.evaluate(() => (globalThis as unknown as { __autoStates: string[] }).__autoStates);
}

async function save(): Promise<void> {
  await page.mouse.click(5, 400);
  await page.keyboard.press('Control+S');
  await page.getByTestId('notice').filter({ hasText: 'Saved lakeside.levitor' }).waitFor();
  await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
}

async function previewReady(): Promise<number> {
  await expect.poll(previewSegmentIds, { timeout: 30_000 }).not.toBeNull();
  return (await previewSegmentIds())!;
}

beforeAll(async () => {
  const models = join(work, 'models');
  await installTinyModels(models);
  await installTinyVideoPack(models);
  await writeFile(join(work, 'lakeside.png'), await sampleScenePng());
  host = await startBrowserHost({ LEVITOR_MODELS_DIR: models, HOME: work });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => void d.accept());
  // The full default grid: automatic segments take far longer than this test on 2 cores.
  await page.goto(host.url);
  await page.locator('.topbar__doc-name', { hasText: 'Coffee cup (sample)' }).waitFor({ timeout: 60_000 });
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('automatic segments, the artist’s choice per image', () => {
  it('a Generate waiting for them offers to skip them, and queues at once when skipped', async () => {
    await openFile(page, join(work, 'lakeside.png'));
    await page.locator('.topbar__doc-name', { hasText: 'lakeside' }).waitFor();
    await expect.poll(async () => (await autoState()).state).toBe('running');
    // Farther along the path: with the frame over it (a new project's frame follows its first motion),
    // a path coming nearer than the object's estimated depth allows would be refused by the preview.
    await addMovingObject(page, { x0: 300, y0: 120, x1: 420, y1: 260 }, [
      { x: 360, y: 190, depth: 0.5 },
      { x: 600, y: 260, depth: 0.6 },
    ]);
    await setField(page, 'setting-steps', '2');
    await setField(page, 'setting-frames', '4');
    const trajectory = () =>
      page.evaluate(
        () =>
          (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio.getState().document.objects[0]
            .trajectory as unknown,
      );
    const before = await trajectory();
    await page.getByTestId('generate').click();
    const waiting = page.getByTestId('notice').filter({ hasText: 'queued once the scene analysis is done' });
    await waiting.waitFor();
    await expect(waiting.textContent()).resolves.toMatch(/Skip the segments to queue it now/);
    expect(await page.getByTestId('job').count()).toBe(0);
    await waiting.getByRole('button', { name: 'Skip segments' }).click();
    await page.getByTestId('job').first().waitFor({ timeout: 30_000 });
    await expect(waiting.count()).resolves.toBe(0);
    expect(await autoState()).toEqual({ state: 'skipped', count: 0 });
    await expect(page.getByTestId('auto-segments-toggle').textContent()).resolves.toBe('Segments skipped');
    await expect(page.getByTestId('auto-segments-action').textContent()).resolves.toBe('Find');
    expect(await trajectory()).toEqual(before);
    const job = page.getByTestId('job').first();
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 120_000 }).toMatch(/done|failed/);
    expect(await job.getByTestId('job-line').textContent()).toMatch(/^Done/);
    await page.getByRole('button', { name: 'Back to editing' }).click(); // the new take is on screen
  });

  it('skipped: the control preview holds the artist’s objects only, and a reopen keeps the choice', async () => {
    await page.getByRole('button', { name: 'Points' }).click();
    expect(await previewReady()).toBe(0);
    await page.mouse.click(5, 400);
    await page.keyboard.press('Control+Shift+S');
    await answerFileDialog(page, work, 'lakeside');
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
    // The job is not this test's subject: let it go so the reopened page starts quiet.
    await page
      .getByTestId('job')
      .first()
      .getByRole('button', { name: 'Cancel' })
      .click()
      .catch(() => undefined);

    const states = await reopen('lakeside');
    expect(states).not.toContain('running');
    expect(await autoState()).toEqual({ state: 'skipped', count: 0 });
    await expect(page.getByTestId('auto-segments-toggle').textContent()).resolves.toBe('Segments skipped');
  });

  it('"Find" computes them later; found, they join the control preview and a reopen never recomputes them', async () => {
    // A small grid for this part (test-only URL switch), so the background job ends in seconds.
    await page.goto(`${host.url}&e2e=1&autoGrid=4`);
    await page.getByTestId('generate').waitFor();
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Open recent project…' }).click();
    await page.getByRole('button', { name: /^lakeside\.levitor/ }).click();
    await page.locator('.topbar__doc-name', { hasText: 'lakeside' }).waitFor();
    expect(await page.getByTestId('dirty-marker').count()).toBe(0);
    await page.getByTestId('auto-segments-action').click();
    await expect.poll(async () => (await autoState()).state, { timeout: 170_000 }).toBe('done');
    const found = (await autoState()).count;
    expect(found).toBeGreaterThan(0);
    await expect(page.getByTestId('auto-segments-toggle').textContent()).resolves.toBe(`Segments (${found})`);
    // The file still says "skipped": the project has unsaved changes until it is saved.
    await page.getByTestId('dirty-marker').waitFor();
    await page.getByRole('button', { name: 'Points' }).click();
    await expect.poll(previewSegmentIds, { timeout: 30_000 }).toBeGreaterThan(0);
    await save();

    const states = await reopen('lakeside');
    expect(states).not.toContain('running');
    expect(await autoState()).toEqual({ state: 'done', count: found });
    expect(errors.filter((e) => !/WebSocket|ERR_CONNECTION_REFUSED/.test(e))).toEqual([]);
  });
});
