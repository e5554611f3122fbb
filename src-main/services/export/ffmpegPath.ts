import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/** The bundled ffmpeg; inside a packaged app the binary lives in app.asar.unpacked, not in the archive. */
export function ffmpegPath(): string {
  const p = (require('@ffmpeg-installer/ffmpeg') as { path: string }).path;
  return p
    .replace('app.asar', 'app.asar.unpacked')
    .replace('app.asar.unpacked.unpacked', 'app.asar.unpacked');
}
