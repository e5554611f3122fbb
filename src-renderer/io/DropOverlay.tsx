import { useFileDrop } from './useFileDrop';

export function DropOverlay() {
  const over = useFileDrop();
  return over ? <div className="drop-overlay">Drop the image to open it</div> : null;
}
