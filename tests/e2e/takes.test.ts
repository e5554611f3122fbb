import { mkdtempSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readArchive } from '../../src-main/services/projects/archive';
import { installTinyVideoPack } from '../support/installTinyVideoPack';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { answerFileDialog } from './support/fileDialog';
import { addMovingObject, setField } from './support/movingObject';
import { openFile } from './support/openFile';

// Takes belong to the project they were made for: generate in project A, open project B while it runs,
// and B neither gets the take nor offers to add it; back in A it is offered. Then delete / undo / redo of
// the take and what the saved file holds. Real browser host, real inference host, tiny video pack.
const work = mkdtempSync(join(tmpdir(), 'levitor-takes-'));
const models = join(work, 'models');
let host: RunningHost;
let browser: Browser;
let page: Page;
const errors: string[] = [];

type Hook = { studio: { getState(): any } }; // eslint-disable-line @typescript-eslint/no-explicit-any
const takeIds = () =>
  page.evaluate(
    () =>
      (globalThis as unknown as { __studioJobs: Hook }).__studioJobs.studio
        .getState()
        .document.takes.map((t: { id: string }) => t.id) as string[],
  );
const docName = (name: string) => page.locator('.topbar__doc-name', { hasText: name }).waitFor();
const image = (background: string) =>
  sharp({ create: { width: 360, height: 400, channels: 3, background } })
    .png()
    .toBuffer();

beforeAll(async () => {
  await writeFile(join(work, 'alpha.png'), await image('#2a6f97'));
  await writeFile(join(work, 'beta.png'), await image('#7a4f2a'));
  await installTinyVideoPack(models);
  host = await startBrowserHost({ LEVITOR_MODELS_DIR: models, HOME: work });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('dialog', (d) => void d.accept()); // "discard unsaved changes?" when switching projects
  await page.goto(host.url);
  await docName('Coffee cup (sample)');
});

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await rm(work, { recursive: true, force: true });
});

describe('takes and their project', () => {
  it('A take made for project A is never added to or offered in project B; back in A it is', async () => {
    await openFile(page, join(work, 'alpha.png'));
    await docName('alpha');
    await addMovingObject(page, { x0: 100, y0: 120, x1: 200, y1: 220 }, [
      { x: 150, y: 170, depth: 0.5 },
      { x: 230, y: 250, depth: 0.4 },
    ]);
    await setField(page, 'setting-steps', '2');
    await page.mouse.click(5, 400);
    await page.keyboard.press('Control+Shift+S');
    await answerFileDialog(page, work, 'alpha');
    await page.getByTestId('notice').filter({ hasText: 'Saved alpha.levitor' }).waitFor();

    await page.getByTestId('generate').click();
    const job = page.getByTestId('job').first();
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 60_000 }).toBe('running');
    // Project B opens while A's take is being made.
    await openFile(page, join(work, 'beta.png'));
    await docName('beta');
    await expect.poll(() => job.getAttribute('data-status'), { timeout: 180_000 }).toBe('done');
    expect(await job.getAttribute('data-project')).toBe('other');
    await expect(job.getByTestId('job-elsewhere').textContent()).resolves.toMatch(/another project/);
    expect(await page.getByTestId('job-add-take').count()).toBe(0);
    expect(await takeIds()).toEqual([]);

    // Back in A (from the recent list): the take is A's, so the queue offers it.
    await page.getByRole('button', { name: 'File' }).click();
    await page.getByRole('menuitem', { name: 'Open recent project…' }).click();
    await page.getByRole('button', { name: /^alpha\.levitor/ }).click();
    await docName('alpha');
    await expect.poll(() => job.getAttribute('data-project')).toBe('this');
    await page.getByTestId('job-add-take').click();
    await expect.poll(takeIds).toHaveLength(1);
    expect(errors).toEqual([]);
  });

  it('deleting a take undoes and redoes; the saved file holds exactly the takes on screen', async () => {
    const [id] = await takeIds();
    const file = join(work, 'alpha.levitor');
    const saved = async () => {
      await page.mouse.click(5, 400);
      await page.keyboard.press('Control+S');
      await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });
      const data = await readArchive(file);
      const frames = [...data.entries.keys()].filter((k) => k.startsWith('takes/'));
      return { takes: data.doc.takes.map((t) => t.id), frames: frames.length };
    };
    await page.getByTestId('take-delete').click();
    expect(await takeIds()).toEqual([]);
    await page.keyboard.press('Control+Z');
    expect(await takeIds()).toEqual([id]);
    await page.keyboard.press('Control+Shift+Z');
    expect(await takeIds()).toEqual([]);
    // A deleted take is not offered back by the queue: undo is the way back.
    expect(await page.getByTestId('job-add-take').count()).toBe(0);
    expect(await saved()).toEqual({ takes: [], frames: 0 });
    await page.keyboard.press('Control+Z');
    expect(await takeIds()).toEqual([id]);
    expect(await saved()).toEqual({ takes: [id], frames: 4 });
    expect(errors).toEqual([]);
  });

  it('the queue names a job as its take is named; with no project open it says so', async () => {
    const job = page.getByTestId('job').first();
    await page.getByTestId('take-select').selectOption({ index: 1 });
    await page.getByTestId('take-rename').click();
    await page.getByTestId('take-name').fill('wide swing');
    await page.getByTestId('take-name').press('Enter');
    await expect.poll(() => job.locator('.job__label').textContent()).toBe('wide swing');
    await page.mouse.click(5, 400);
    await page.keyboard.press('Control+S');
    await page.getByTestId('dirty-marker').waitFor({ state: 'detached' });

    // A reload opens nothing (there is a recent project now): the job's project is not open, and the
    // queue says exactly that rather than naming "another project".
    await page.reload();
    await expect.poll(() => job.getAttribute('data-project'), { timeout: 30_000 }).toBe('other');
    const line = job.getByTestId('job-elsewhere');
    await expect(line.textContent()).resolves.toBe(
      'Made for a project that is not open: open that project to use this take.',
    );
    expect(errors).toEqual([]);
  });
});
