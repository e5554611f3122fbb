import type { Page } from 'playwright-core';

/**
 * Ctrl+O and the file chooser, as a user opens an image; pressed again when the first press is lost
 * (a heavily loaded machine, or a page still mounting its shortcuts right after it loaded).
 */
export async function openFile(page: Page, path: string, attempts = 3): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const chooser = page.waitForEvent('filechooser', { timeout: 15_000 });
    await page.keyboard.press('Control+O');
    try {
      await (await chooser).setFiles(path);
      return;
    } catch (err) {
      if (attempt >= attempts) throw err;
    }
  }
}
