import { cp, mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../src-shared/models/catalogue';
import { startServer, type TestServer } from '../integration/models-support';
import {
  HUB_MODELS,
  HUB_TEMPLATE,
  resolvePath,
  serveGatedHub,
  SVD_REPO,
  UNET,
  unetPart,
} from '../support/svdHub';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';
import { saveReadmeScreenshot } from './support/readmeShot';

// The video model installed from the Models dialog in Chromium, against the real browser host and a real
// loopback server in the hub's layout ($HF_ENDPOINT) serving the tiny checkpoints, with the SVD repository
// gated by token: the gated step shown first, a 403 for a token without access, then the install with a
// granted token, paused and resumed mid-UNet; then the same model from a folder through the in-app picker.
const entry = catalogue.find((e) => e.id === 'levitor-svd-xt')!;
const SVD = SVD_REPO;
const TOKEN = 'hf_e2eGrantedToken7f3a9c';
let server: TestServer;
let work: string;
let host: RunningHost;
let browser: Browser;
let page: Page;
const errors: string[] = [];

async function allFiles(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...(await allFiles(p)));
    else if (e.isFile()) out.push(p);
  }
  return out;
}

beforeAll(async () => {
  server = await startServer();
  await serveGatedHub(server, entry, TOKEN, 16 * 1024);
  work = await mkdtemp(join(tmpdir(), 'levitor-video-e2e-'));
  host = await startBrowserHost({
    LEVITOR_DATA_DIR: join(work, 'data'),
    LEVITOR_MODELS_DIR: join(work, 'models'),
    HOME: work,
    HF_ENDPOINT: server.base,
    HF_TOKEN: '',
    LEVITOR_VIDEO_TEMPLATE_DIR: HUB_TEMPLATE,
  });
  browser = await launchChromium();
  page = await browser.context.newPage();
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(host.url);
  await page.getByRole('button', { name: /model manager|^Models:/ }).click();
  await page.getByTestId('models-dialog').waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
  await server?.close();
  await rm(work, { recursive: true, force: true });
});

describe('video model in the Models dialog', () => {
  it('lists every file with sizes and licence links, and says the SVD repository is gated before anything starts', async () => {
    const card = page.getByTestId('video-model');
    await card.waitFor();
    const files = await card.locator('.video-card__files li code').allTextContents();
    const expected =
      entry.download.kind === 'hub-checkpoints'
        ? entry.download.repos.flatMap((r) => r.files.map((f) => f.path))
        : [];
    expect(files).toEqual(expected);
    const notice = card.getByTestId('gated-notice');
    await expect(notice.textContent()).resolves.toMatch(/stable-video-diffusion-img2vid-xt is gated/);
    await expect(notice.getByRole('link', { name: 'open its page' }).getAttribute('href')).resolves.toBe(
      `https://huggingface.co/${SVD}`,
    );
    const links = await card.locator('.video-card__repo-head .muted a').all();
    const licences = await Promise.all(links.map((a) => a.getAttribute('href')));
    expect(licences).toEqual([
      `https://huggingface.co/${SVD}/blob/main/LICENSE.md`,
      'https://www.apache.org/licenses/LICENSE-2.0',
    ]);
    await expect(card.getByTestId('token-status').textContent()).resolves.toMatch(
      /No token yet.*session only/,
    );
    expect(server.log).toHaveLength(0); // nothing asked of the hub before the user starts
    await saveReadmeScreenshot(page, 'models-video.png');
  });

  it('a token without access gets the 403 step; a granted token installs, paused and resumed mid-file', async () => {
    const card = page.getByTestId('video-model');
    await card.getByLabel('Hugging Face token').fill('hf_notGranted123');
    await card.getByRole('button', { name: 'Save token' }).click();
    await expect
      .poll(() => card.getByTestId('token-status').textContent())
      .toMatch(/Token entered: kept for this session only/);
    await expect(card.getByLabel('Hugging Face token').inputValue()).resolves.toBe('');
    await card.getByRole('button', { name: 'Install from Hugging Face' }).click();
    const err = card.getByTestId('video-error');
    await err.waitFor();
    await expect(err.textContent()).resolves.toMatch(
      /no access to this gated repository.*request access at https:\/\/huggingface\.co\/stabilityai/,
    );
    expect(server.log.filter((l) => l.path.includes('/resolve/'))).toHaveLength(0);

    await card.getByLabel('Hugging Face token').fill(TOKEN);
    await card.getByRole('button', { name: 'Save token' }).click();
    await card.getByRole('button', { name: 'Install from Hugging Face' }).click();
    const progress = card.getByTestId('video-progress');
    await progress
      .getByText(
        /File 6 of 8: stabilityai\/stable-video-diffusion-img2vid-xt\/unet\/diffusion_pytorch_model\.fp16\.safetensors · [\d.]+ [kM]B of 2\.7 MB/,
      )
      .waitFor({ timeout: 30_000 });
    await expect(progress.locator('.video-card__overall').textContent()).resolves.toMatch(
      /^Downloading · [\d.]+ [kM]B of [\d.]+ MB · [\d.]+ [kM]B\/s · \d+ s left$/,
    );
    await card.evaluate((el) => el.scrollIntoView({ block: 'start' }));
    await saveReadmeScreenshot(page, 'models-video-progress.png');
    await progress.getByRole('button', { name: 'Pause' }).click();
    const paused = card.getByTestId('video-paused');
    await paused.waitFor();
    await expect(paused.textContent()).resolves.toMatch(/Paused: [\d.]+ MB of ~7\.2 GB downloaded/);
    const part = unetPart(join(work, 'models'));
    const kept = (await stat(part)).size;
    expect(kept).toBeGreaterThan(0);
    expect(kept).toBeLessThan(2_728_040);

    const before = server.log.length;
    await paused.getByRole('button', { name: 'Resume' }).click();
    await card.locator('.badge', { hasText: 'installed' }).waitFor({ timeout: 60_000 });
    const unetAsks = server.log.slice(before).filter((l) => l.path === resolvePath(SVD, UNET));
    expect(unetAsks.map((l) => l.range)).toEqual([`bytes=${kept}-`]);
    const installedRow = page.getByTestId('models-installed').filter({ hasText: entry.name });
    // The first video model installed is the one generation uses, without a further click.
    await installedRow.locator('.badge', { hasText: 'default video' }).waitFor();
    expect(await installedRow.getByRole('button', { name: 'Use this model' }).count()).toBe(0);
    // The status bar hears of it as soon as the install is in, not only when the dialog closes.
    await expect.poll(() => page.getByText(/No models installed/).count()).toBe(0);
    await expect(card.getByTestId('gated-notice').count()).resolves.toBe(0);
    // The token went to the hub (this test's server) and nowhere on disk or in the host's output.
    const written = [...(await allFiles(join(work, 'data'))), ...(await allFiles(join(work, 'models')))];
    expect(written.length).toBeGreaterThan(8);
    for (const f of written) expect((await readFile(f)).includes(Buffer.from(TOKEN)), f).toBe(false);
    expect(host.log()).not.toContain(TOKEN);
    expect(host.log()).not.toContain('hf_notGranted123');
  });

  it('installs from a folder on this machine chosen in the in-app picker, with no download', async () => {
    const row = page.getByTestId('models-installed').filter({ hasText: entry.name });
    await row.getByRole('button', { name: 'Remove' }).click();
    await row.waitFor({ state: 'detached' });
    await cp(HUB_MODELS, join(work, 'checkpoints'), { recursive: true });
    const asked = server.log.length;
    const card = page.getByTestId('video-model');
    await card.getByRole('button', { name: 'Install from a folder on this machine…' }).click();
    const dialog = page.getByTestId('file-dialog');
    await dialog.waitFor();
    const location = dialog.getByLabel('Folder', { exact: true });
    await location.fill(work);
    await location.press('Enter');
    await dialog.getByRole('button', { name: 'Folder checkpoints', exact: true }).click();
    await dialog.getByRole('button', { name: 'Choose folder', exact: true }).click();
    await card.locator('.badge', { hasText: 'installed' }).waitFor({ timeout: 60_000 });
    expect(server.log.length).toBe(asked);
    await expect(
      page.getByTestId('models-installed').filter({ hasText: entry.name }).textContent(),
    ).resolves.toMatch(/video/);
    expect(errors).toEqual([]);
  });
});
