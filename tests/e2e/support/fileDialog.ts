import type { Page } from 'playwright-core';

/**
 * Answers the studio's in-app file picker (the browser host's dialog, src-renderer/files): goes to
 * `folder` through the location field, then saves as `name` (save purposes) or opens the entry `name`.
 */
export async function answerFileDialog(
  page: Page,
  folder: string,
  name: string,
  mode: 'save' | 'open' = 'save',
): Promise<void> {
  const dialog = page.getByTestId('file-dialog');
  await dialog.waitFor();
  const location = dialog.getByLabel('Folder', { exact: true });
  await location.fill(folder);
  await location.press('Enter');
  await dialog.locator(`ul[data-dir="${folder}"]`).waitFor();
  if (mode === 'save') {
    await dialog.getByLabel('File name', { exact: true }).fill(name);
    await dialog.getByRole('button', { name: 'Save', exact: true }).click();
  } else {
    await dialog.getByRole('button', { name: `File ${name}`, exact: true }).click();
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  }
  await dialog.waitFor({ state: 'detached' });
}
