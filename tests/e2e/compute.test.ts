import { createServer } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserHost, type RunningHost } from './support/browserHost';
import { launchChromium, type Browser } from './support/chromium';

// Settings -> Compute in Chromium against the browser host: choosing a Triton server, a connection test
// that names what is wrong (nothing listens there), a bad header line caught before it leaves the page,
// and the choice kept by main across a reload with the token's name only, never its value.
let host: RunningHost;
let browser: Browser;
let page: Page;
let port = 0;

beforeAll(async () => {
  port = await new Promise<number>((ok) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as { port: number }).port;
      s.close(() => ok(p));
    });
  });
  host = await startBrowserHost();
  browser = await launchChromium();
  page = await browser.context.newPage();
  await page.goto(host.url);
  await page.getByTestId('compute-local').waitFor();
});
afterAll(async () => {
  await browser?.dispose();
  await host?.dispose();
});

describe('Settings -> Compute', () => {
  it('tests a Triton server and keeps the choice, showing header names only', async () => {
    await page.getByTestId('compute-triton').click();
    await page.getByTestId('compute-url').fill(`grpc://127.0.0.1:${port}`);
    await page.getByTestId('compute-headers').fill('Bearer s3cret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => page.getByTestId('compute-status').textContent())
      .toMatch(/Line 1: write a header/);
    await page.getByTestId('compute-headers').fill('Authorization: Bearer s3cret');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await expect
      .poll(() => page.getByTestId('compute-status').textContent(), { timeout: 20_000 })
      .toMatch(/cannot be reached/);
    await page.getByTestId('compute-save').click();
    await expect.poll(() => page.getByTestId('compute-status').textContent()).toMatch(/Generations go to/);
    await page.reload();
    await page.getByTestId('compute-url').waitFor();
    expect(await page.getByTestId('compute-url').inputValue()).toBe(`grpc://127.0.0.1:${port}`);
    const placeholder = (await page.getByTestId('compute-headers').getAttribute('placeholder')) ?? '';
    expect(placeholder).toMatch(/Saved: Authorization/);
    expect(await page.content()).not.toContain('s3cret');
  });
});
