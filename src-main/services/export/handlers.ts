import { existsSync, lstatSync } from 'node:fs';
import { isAbsolute, normalize, extname, dirname } from 'node:path';
import sharp from 'sharp';
import type { z } from 'zod';
import type { ControlScene } from '../../../src-shared/control';
import { exportChannels, type ExportChannel } from '../../../src-shared/generation/ipc';
import { resolutionSize } from '../../../src-shared/generation/params';
import { StudioError } from '../../../src-shared/ipc/contract';
import { WriteError, writeFileAtomic } from '../projects/atomicWrite';
import { buildControlScene, resolveSceneDepth } from '../generation/scene';
import { UploadStore } from '../uploads';
import type { TakeStore } from '../generation/takeStore';
import { ExportError, exportFrames } from './exportTake';

type Req<C extends ExportChannel> = z.infer<(typeof exportChannels)[C]['request']>;

const EXT: Record<string, string | null> = {
  mp4: '.mp4',
  webm: '.webm',
  gif: '.gif',
  json: '.json',
  png: null,
};

/**
 * Where an export of `kind` goes for a name the user chose (a handle's path, without extension): the name
 * with the format's extension, or a new folder of that name for a PNG sequence.
 */
export function exportTarget(stem: string, kind: keyof typeof EXT): string {
  return `${stem}${EXT[kind] ?? ''}`;
}

/** The target is re-checked: absolute, no device/kernel folders, the format's extension (png: a new folder). */
export function checkExportPath(path: string, kind: keyof typeof EXT): string {
  if (path.includes('\0') || !isAbsolute(path))
    throw new StudioError('export/bad-path', `The export path must be absolute: ${path}`);
  const n = normalize(path);
  if (/^(\/dev|\/proc|\/sys)(\/|$)/.test(n) || /^\\\\[.?]\\/.test(path))
    throw new StudioError('export/bad-path', `Not a place to export to: ${path}`);
  const ext = EXT[kind];
  if (ext && extname(n).toLowerCase() !== ext)
    throw new StudioError('export/bad-path', `A ${kind.toUpperCase()} export must end in ${ext}: ${path}`);
  if (ext && existsSync(n) && !lstatSync(n).isFile())
    throw new StudioError(
      'export/bad-path',
      `${path} is a folder (or not a plain file); an export never replaces it. Choose another name.`,
    );
  if (!ext && existsSync(n))
    throw new StudioError(
      'export/bad-path',
      `A PNG sequence goes into a new folder; ${path} already exists.`,
    );
  if (!existsSync(dirname(n)))
    throw new StudioError('export/bad-path', `The folder ${dirname(n)} does not exist.`);
  return n;
}

function toStudioError(e: unknown): never {
  if (e instanceof ExportError) throw new StudioError(`export/${e.code}`, e.message);
  if (e instanceof WriteError) throw new StudioError('export/io', e.message);
  throw e;
}

/**
 * Control frame i [3,H,W] as RGB8 [H,W,3]: R = the Gaussian template (0-1 -> 0-255), G = object id,
 * B = depth & 255: the image the ControlNet sees, one colour channel per control channel.
 */
export function controlFrameRgb(control: Float32Array, i: number, W: number, H: number): Uint8Array {
  const n = W * H;
  const base = i * 3 * n;
  const out = new Uint8Array(n * 3);
  for (let p = 0; p < n; p++) {
    out[3 * p] = Math.round(Math.min(1, Math.max(0, control[base + p] as number)) * 255);
    out[3 * p + 1] = Math.min(255, Math.max(0, control[base + n + p] as number));
    out[3 * p + 2] = Math.min(255, Math.max(0, control[base + 2 * n + p] as number));
  }
  return out;
}

/** `export:*` handlers over the export service; `emit` sends export:progress. */
export function createExportHandlers(opts: {
  generation: {
    takes: TakeStore;
    computeControl: (
      scene: ControlScene,
      frames: number,
    ) => Promise<{ keypoints: unknown[]; control: Float32Array }>;
  };
  /** The path behind an `export` handle (services/files), without extension; refuses any other handle. */
  resolveOut: (handle: string) => string;
  /** Depth maps sent ahead of a scene (upload:piece); without it only inline depth is accepted. */
  uploads?: Pick<UploadStore, 'takeBlob'>;
  emit: (channel: 'export:progress', p: { exportId: string; done: number; total: number }) => void;
}): { handlers: Record<ExportChannel, (payload: unknown) => Promise<unknown>>; cancelAll(): void } {
  const running = new Map<string, AbortController>();
  const uploads = opts.uploads ?? new UploadStore(0);
  /** Parsed, and a scene's uploaded depth taken as its data (every handler reads it after this). */
  const parse = <C extends ExportChannel>(c: C, p: unknown): Req<C> => {
    const r = exportChannels[c].request.parse(p) as Req<C>;
    return 'scene' in r ? { ...r, scene: resolveSceneDepth(r.scene, uploads) } : r;
  };
  /** One export at a time per id: cancellable, progress as export:progress, errors in words. */
  async function run<T>(
    exportId: string,
    body: (signal: AbortSignal, onProgress: (d: number, t: number) => void) => Promise<T>,
  ): Promise<T> {
    if (running.has(exportId)) throw new StudioError('export/busy', 'That export is already running.');
    const ac = new AbortController();
    running.set(exportId, ac);
    try {
      return await body(ac.signal, (done, total) => opts.emit('export:progress', { exportId, done, total }));
    } catch (e) {
      return toStudioError(e);
    } finally {
      running.delete(exportId);
    }
  }
  const handlers: Record<ExportChannel, (payload: unknown) => Promise<unknown>> = {
    'export:take': async (p) => {
      const r = parse('export:take', p);
      const outPath = checkExportPath(exportTarget(opts.resolveOut(r.out), r.format), r.format);
      const t = opts.generation.takes.get(r.takeId);
      if (!t) throw new StudioError('export/no-take', `The frames of take ${r.takeId} are not available.`);
      return run(r.exportId, async (signal, onProgress) => {
        const out = await exportFrames({
          format: r.format,
          width: t.take.width,
          height: t.take.height,
          fps: t.take.fps,
          scale: r.scale,
          frameCount: t.pngs.length,
          outPath,
          signal,
          onProgress,
          readFrame: async (i) =>
            new Uint8Array(
              await sharp(t.pngs[i] as Uint8Array)
                .removeAlpha()
                .raw()
                .toBuffer(),
            ),
        });
        return { ...out, frames: t.pngs.length };
      });
    },
    'export:controlFrames': async (p) => {
      const r = parse('export:controlFrames', p);
      const outPath = checkExportPath(exportTarget(opts.resolveOut(r.out), r.format), r.format);
      const { width: W, height: H } = resolutionSize(r.settings.resolution);
      const frames = r.settings.frames;
      const { scene } = buildControlScene(r.scene, {
        width: W,
        height: H,
        frames,
        pointsRatio: r.settings.pointsRatio,
      });
      return run(r.exportId, async (signal, onProgress) => {
        const { control } = await opts.generation.computeControl(scene, frames);
        const out = await exportFrames({
          format: r.format,
          width: W,
          height: H,
          fps: r.settings.fps,
          scale: r.scale,
          frameCount: frames,
          outPath,
          signal,
          onProgress,
          readFrame: async (i) => controlFrameRgb(control, i, W, H),
        });
        return { ...out, frames };
      });
    },
    'export:controlJson': async (p) => {
      const r = parse('export:controlJson', p);
      const outPath = checkExportPath(exportTarget(opts.resolveOut(r.out), 'json'), 'json');
      const size = resolutionSize(r.settings.resolution);
      const frames = r.settings.frames;
      const { scene } = buildControlScene(r.scene, { ...size, frames, pointsRatio: r.settings.pointsRatio });
      const control = await opts.generation.computeControl(scene, frames);
      const body = {
        format: 'levitor-trajectories',
        version: 1,
        image: { width: r.scene.imageWidth, height: r.scene.imageHeight },
        frames,
        fps: r.settings.fps,
        objects: r.scene.objects.map((o, i) => ({
          id: o.id,
          instanceId: i + 1,
          name: o.name,
          kind: o.kind,
          trajectory: o.trajectory,
        })),
        // Keypoints per frame at the generation size: [row, col, id, depth] (docs/levitor-method.md section 6).
        control: { width: size.width, height: size.height, keypoints: control.keypoints },
      };
      await writeFileAtomic(outPath, new TextEncoder().encode(JSON.stringify(body, null, 1))).catch(
        toStudioError,
      );
      return { path: outPath, frames };
    },
    'export:cancel': async (p) => {
      const { exportId } = parse('export:cancel', p);
      const ac = running.get(exportId);
      ac?.abort();
      return { cancelled: !!ac };
    },
  };
  return { handlers, cancelAll: () => running.forEach((ac) => ac.abort()) };
}
