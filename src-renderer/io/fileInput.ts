/** The single hidden <input type=file> (rendered by HiddenFileInput) that browser-mode opening uses. */
let input: HTMLInputElement | null = null;

export function registerFileInput(el: HTMLInputElement | null): void {
  input = el;
}

export function clickFileInput(): void {
  if (!input) throw new Error('The file input is not mounted');
  // Clear first so choosing the same file again still fires "change".
  input.value = '';
  input.click();
}

export const IMAGE_ACCEPT = 'image/png,image/jpeg,image/webp,.png,.jpg,.jpeg,.webp';
