/** The hidden <input type=file> for .levitor files (browser host; Electron uses the native dialog). */
let input: HTMLInputElement | null = null;

export function registerProjectFileInput(el: HTMLInputElement | null): void {
  input = el;
}

/** Must run inside the user's click or key press, or the browser refuses to show the dialog. */
export function clickProjectFileInput(): void {
  if (!input) throw new Error('The project file input is not mounted');
  input.value = '';
  input.click();
}

export const PROJECT_ACCEPT = '.levitor';
