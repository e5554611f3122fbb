import { IMAGE_ACCEPT, registerFileInput } from './fileInput';
import { importImageFile } from './openImage';

/** The file input behind "Open image" in the browser (and in Electron when the host asks for it). */
export function HiddenFileInput() {
  return (
    <input
      ref={registerFileInput}
      type="file"
      accept={IMAGE_ACCEPT}
      className="visually-hidden"
      tabIndex={-1}
      aria-hidden="true"
      data-testid="file-input"
      onChange={(e) => {
        const file = e.currentTarget.files?.[0];
        if (file) void importImageFile(file);
      }}
    />
  );
}
