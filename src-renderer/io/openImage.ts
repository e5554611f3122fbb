import { clickFileInput } from './fileInput';
export async function chooseImageFile(): Promise<void> {
  clickFileInput();
}
export async function importImageFile(_file: File): Promise<void> {}
