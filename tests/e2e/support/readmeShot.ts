import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './browserHost';

/** Set by `npm run screenshots` (tools/screenshots.mjs): only then are the README's images replaced. */
export const README_SHOTS_ENV = 'LEVITOR_README_SCREENSHOTS';

/**
 * Saves a screenshot the README shows. A test run never modifies tracked files, so it writes to a
 * temporary folder (where a failing run can still be looked at); `npm run screenshots` writes to
 * docs/screenshots. Returns the path written.
 */
export async function saveReadmeScreenshot(page: Page, name: string): Promise<string> {
  const dir =
    process.env[README_SHOTS_ENV] === '1'
      ? resolve(ROOT, 'docs/screenshots')
      : join(tmpdir(), 'levitor-screenshots');
  await mkdir(dir, { recursive: true });
  const path = join(dir, name);
  await page.screenshot({ path });
  return path;
}
