// Shared plumbing of the browser benches: the real browser host, Debian Chromium with the e2e tests'
// flags, opening an image and reading the live preview through the page's test hook.
/* global window -- page.evaluate callbacks run in the page */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const CHROMIUM = process.env.LEVITOR_CHROMIUM ?? '/usr/bin/chromium';

export { arg } from './args.mjs';
export const quantile = (xs, q) => {
  const s = [...xs].sort((a, b) => a - b);
  if (s.length === 0) return NaN;
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
};
export const fmt = (x) => x.toFixed(1);

export async function startHost() {
  const entry = join(root, 'out/main/browserHost.js');
  if (!existsSync(entry) || !existsSync(join(root, 'out/renderer/index.html')))
    throw new Error('out/ is missing: run `npm run build` first');
  // Its own settings/models folder: a fresh studio every time, never the developer's (nor its recents).
  const home = mkdtempSync(join(tmpdir(), 'levitor-bench-host-'));
  const env = {
    ...process.env,
    LEVITOR_DATA_DIR: join(home, 'data'),
    LEVITOR_MODELS_DIR: join(home, 'models'),
  };
  const child = spawn(process.execPath, [entry], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = await new Promise((ok, fail) => {
    const timer = setTimeout(() => fail(new Error(`no URL from the browser host:\n${output}`)), 60_000);
    const onData = (d) => {
      output += d.toString();
      const m = /(http:\/\/(?:127\.0\.0\.1|localhost):\d+\/\S*token=[\w-]+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        ok(m[1]);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => fail(new Error(`browser host exited ${code}:\n${output}`)));
  });
  return {
    url,
    stop: () => {
      child.kill('SIGTERM');
      rmSync(home, { recursive: true, force: true });
    },
  };
}

export async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'levitor-bench-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    deviceScaleFactor: 1,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function openImage(page, path, width) {
  // Pressed again if the first press was lost (seen on a loaded machine, as in the e2e tests' openFile).
  for (let attempt = 0; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
    await page.keyboard.press('Control+O');
    const c = await chooser.catch((e) => (attempt < 2 ? null : Promise.reject(e)));
    if (c) {
      await c.setFiles(path);
      break;
    }
  }
  await page.waitForFunction(
    (w) => window.__studioPreview?.studio.getState().document.image?.width === w,
    width,
    { timeout: 60_000 },
  );
}

export async function setMode(page, label) {
  // through the store: notices from the session may cover the toolbar, and the bench measures the preview
  await page.evaluate((m) => window.__studioPreview.preview.getState().setMode(m), label.toLowerCase());
}

export async function waitForResult(page, after) {
  await page.waitForFunction(
    (n) => {
      const p = window.__studioPreview.preview.getState();
      return p.results > n && p.status !== 'computing';
    },
    after,
    { timeout: 60_000 },
  );
}

/**
 * Moves point `point` (-1: the last) of the first object's trajectory to x (and y when given), through the
 * document as the trajectory tool does: one document update.
 */
export async function movePathPoint(page, point, x, y = null) {
  await page.evaluate(
    ([at, nx, ny]) => {
      const s = window.__studioPreview.studio.getState();
      s.updateDocument((d) => ({
        ...d,
        objects: d.objects.map((o, j) => {
          if (j !== 0 || !o.trajectory) return o;
          const q = at < 0 ? o.trajectory.points.length + at : at;
          const points = o.trajectory.points.map((pt, k) => (k === q ? { ...pt, x: nx, y: ny ?? pt.y } : pt));
          return { ...o, trajectory: { ...o.trajectory, points } };
        }),
      }));
    },
    [point, x, y],
  );
}
