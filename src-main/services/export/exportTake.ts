import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readdir, rename, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { ffmpegArgs, outputSize, type EncodeSpec } from './ffmpegArgs';
import { ffmpegPath } from './ffmpegPath';

export class ExportError extends Error {
  override readonly name = 'ExportError';
  constructor(
    readonly code: 'cancelled' | 'ffmpeg' | 'input' | 'io',
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ExportRequest extends EncodeSpec {
  /** Number of frames and a reader of frame i as RGB24 [height, width, 3]. */
  frameCount: number;
  readFrame: (i: number) => Promise<Uint8Array>;
  /** A file for mp4/webm/gif; a folder (created, must not exist) for png. */
  outPath: string;
  signal?: AbortSignal | undefined;
  /** Frames encoded so far (from ffmpeg's -progress), out of frameCount. */
  onProgress?: ((done: number, total: number) => void) | undefined;
}

/**
 * Encodes frames with the bundled ffmpeg. The output appears only when complete (temp name, then rename);
 * on error or cancel ffmpeg is killed and the partial output removed.
 */
export async function exportFrames(
  req: ExportRequest,
): Promise<{ path: string; width: number; height: number }> {
  if (!Number.isInteger(req.scale) || req.scale < 1 || req.scale > 8)
    throw new ExportError('input', `Upscale factor must be an integer 1-8, got ${req.scale}.`);
  if (req.frameCount < 1) throw new ExportError('input', 'Nothing to export: the take has no frames.');
  // ffmpeg never sees the user's text: '%' in any part of a path is an image2 frame pattern and 'name:' a
  // protocol. It runs inside a work folder this export creates (next to the output, so the final rename
  // stays on one file system) and writes a name built here; the output is moved to the user's name after.
  const tmp = join(dirname(req.outPath), `.levitor-export-${randomBytes(6).toString('hex')}.part`);
  const target = req.format === 'png' ? 'frame_%05d.png' : `out.${req.format}`;
  await mkdir(tmp);
  const child = spawn(ffmpegPath(), ffmpegArgs(req, target), { cwd: tmp, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => void (stderr = (stderr + d.toString()).slice(-4000)));
  let progressBuf = '';
  child.stdout.on('data', (d: Buffer) => {
    progressBuf += d.toString();
    const lines = progressBuf.split('\n');
    progressBuf = lines.pop() ?? '';
    for (const l of lines) {
      const m = /^frame=(\d+)/.exec(l.trim());
      if (m) req.onProgress?.(Math.min(Number(m[1]), req.frameCount), req.frameCount);
    }
  });
  const exited = new Promise<number | null>((res, rej) => {
    child.once('error', rej);
    child.once('close', (code) => res(code));
  });
  const onAbort = (): void => void child.kill('SIGKILL');
  req.signal?.addEventListener('abort', onAbort, { once: true });
  child.stdin.on('error', () => undefined); // EPIPE when ffmpeg dies; reported through the exit code
  try {
    if (req.signal?.aborted) throw new ExportError('cancelled', 'Export cancelled.');
    const expected = req.width * req.height * 3;
    for (let i = 0; i < req.frameCount; i++) {
      if (req.signal?.aborted) throw new ExportError('cancelled', 'Export cancelled.');
      const frame = await req.readFrame(i);
      if (frame.byteLength !== expected)
        throw new ExportError(
          'input',
          `Frame ${i} has ${frame.byteLength} bytes, expected ${expected} (RGB ${req.width}x${req.height}).`,
        );
      if (!child.stdin.write(frame))
        await new Promise<void>((r) => {
          child.stdin.once('drain', r);
          child.once('close', () => r());
        });
    }
    child.stdin.end();
    const code = await exited;
    if (req.signal?.aborted) throw new ExportError('cancelled', 'Export cancelled.');
    if (code !== 0)
      throw new ExportError('ffmpeg', `ffmpeg failed (exit ${code}): ${stderr.trim().slice(-500)}`);
    if (req.format === 'png') await placeOutput(tmp, req.outPath, true);
    else {
      await placeOutput(join(tmp, target), req.outPath, false);
      await rm(tmp, { recursive: true, force: true });
    }
    req.onProgress?.(req.frameCount, req.frameCount);
    return { path: req.outPath, ...outputSize(req) };
  } catch (e) {
    child.kill('SIGKILL');
    await exited.catch(() => null);
    await rm(tmp, { recursive: true, force: true });
    if (e instanceof ExportError) throw e;
    throw new ExportError(req.signal?.aborted ? 'cancelled' : 'io', (e as Error).message, { cause: e });
  } finally {
    req.signal?.removeEventListener('abort', onAbort);
  }
}

/**
 * Moves the finished output to its name. A file export replaces an existing file (the user chose to
 * overwrite it in the save dialog) and nothing else: never a folder, whatever its name ends with. A PNG
 * sequence goes into a folder that must not exist yet. Nothing the export did not create is deleted.
 */
async function placeOutput(tmp: string, outPath: string, folder: boolean): Promise<void> {
  const there = await lstat(outPath).catch(() => null);
  if (there && (folder || !there.isFile()))
    throw new ExportError(
      'io',
      `${outPath} already exists${there.isDirectory() ? ' and is a folder' : ''}; the export was not written over it. Choose another name.`,
    );
  await rename(tmp, outPath);
}

/** Lists a PNG-sequence export (for callers that want the file names). */
export async function listPngSequence(dir: string): Promise<string[]> {
  return (await readdir(dir)).filter((n) => /^frame_\d{5}\.png$/.test(n)).sort();
}
