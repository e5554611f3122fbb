/**
 * Load a scene folder (scene.json + depth + masks; format in docs/scene-format.md) into the engine's
 * in-memory ControlScene. Depth: raw little-endian float32 [H,W] (`.gz` = gzipped). Masks: see maskPng.ts.
 */
import { stat } from 'node:fs/promises';
import { dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { ControlError } from '../../../src-shared/control/errors';
import { IMAGE_LIMITS } from '../../../src-shared/ipc/contract';
import type { ControlScene, SceneObject } from '../../../src-shared/control/types';
import { BoundedReadError, readBounded } from '../fs/readBounded';
import { readMaskPng } from './maskPng';
import { sceneFileSchema, type SceneFile } from './schema';

export { readMaskPng };

export class SceneFormatError extends Error {
  override name = 'SceneFormatError';
}

/**
 * Reads a raw or gzipped (`.gz`) file of at most `maxBytes` (the size the scene says it has): a larger
 * file, or a gzip that inflates past it (3 MB of gzip can hold 6 GB), is refused before it is held.
 */
export async function readMaybeGz(path: string, maxBytes: number): Promise<Buffer> {
  const tooLarge = (): SceneFormatError =>
    new SceneFormatError(`${path}: holds more than the ${maxBytes} bytes the scene's size allows`);
  const gz = path.endsWith('.gz');
  // The file itself first: a raw file is exactly its size, a gzip at most a little larger (stored blocks).
  const buf = await readSceneFile(path, gz ? Math.ceil(maxBytes * 1.01) + (1 << 20) : maxBytes, tooLarge);
  if (!gz) return buf;
  try {
    return gunzipSync(buf, { maxOutputLength: maxBytes + 1 });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw tooLarge();
    throw new SceneFormatError(`${path}: not a readable gzip file (${(e as Error).message})`);
  }
}

/** The most bytes of a scene.json (a long trajectory is a few hundred KB). */
export const MAX_SCENE_JSON_BYTES = 16 * 1024 * 1024;

/**
 * A file a scene names (or scene.json itself), read with a bound: a regular file only (a FIFO would hang,
 * /dev/zero never ends), at most `maxBytes`.
 */
export async function readSceneFile(
  path: string,
  maxBytes: number,
  tooLarge = (): SceneFormatError => new SceneFormatError(`${path}: larger than ${maxBytes} bytes`),
): Promise<Buffer> {
  try {
    return await readBounded(path, maxBytes);
  } catch (e) {
    if (!(e instanceof BoundedReadError)) throw e;
    if (e.code === 'too-large') throw tooLarge();
    throw new SceneFormatError(
      e.code === 'not-file' ? `${path}: not a regular file` : `${path}: cannot be read (${e.message})`,
    );
  }
}

/** scene.json, bounded and parsed. */
export async function readSceneJson(scenePath: string): Promise<SceneFile> {
  const bytes = await readSceneFile(scenePath, MAX_SCENE_JSON_BYTES);
  return parseSceneJson(bytes.toString('utf8'), scenePath);
}

export function parseSceneJson(text: string, where = 'scene.json'): SceneFile {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new SceneFormatError(`${where}: not JSON (${(e as Error).message})`);
  }
  const r = sceneFileSchema.safeParse(raw);
  if (!r.success)
    throw new SceneFormatError(
      `${where}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`,
    );
  return r.data;
}

/** The scene.json of a scene: the path itself, or `scene.json` inside it when it is a folder. */
export async function sceneJsonPath(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info) throw new SceneFormatError(`${path}: no such file or folder`);
  if (!info.isDirectory()) return path;
  const inside = join(path, 'scene.json');
  if (!(await stat(inside).catch(() => null))?.isFile())
    throw new SceneFormatError(`${path}: the folder has no scene.json (a scene is a folder with scene.json)`);
  return inside;
}

/** A path named in scene.json, proven to stay inside the scene folder. */
export function scenePart(dir: string, name: string): string {
  const full = resolve(dir, name);
  const rel = relative(dir, full);
  if (!rel || rel.startsWith('..') || isAbsolute(rel))
    throw new SceneFormatError(`"${name}" points outside the scene folder; name files inside it`);
  return full;
}

export async function loadScene(path: string): Promise<{ scene: ControlScene; file: SceneFile }> {
  const scenePath = await sceneJsonPath(path);
  const file = await readSceneJson(scenePath);
  const dir = dirname(resolve(scenePath));
  const { width: W, height: H } = file;
  if (W * H > IMAGE_LIMITS.maxPixels)
    throw new SceneFormatError(
      `${scenePath}: ${W}x${H} is larger than the studio's ${IMAGE_LIMITS.maxPixels} pixels`,
    );
  const dbuf = await readMaybeGz(scenePart(dir, file.depth.file), W * H * 4);
  if (dbuf.length !== W * H * 4)
    throw new ControlError(
      'size-mismatch',
      `${file.depth.file}: ${dbuf.length} bytes, expected float32 ${W}x${H} (${W * H * 4} bytes)`,
    );
  const data = new Float32Array(W * H);
  for (let i = 0; i < data.length; i++) data[i] = dbuf.readFloatLE(4 * i);
  const objects: SceneObject[] = await Promise.all(
    file.objects.map(async (o) => ({
      ...(o.name !== undefined ? { name: o.name } : {}),
      kind: o.kind,
      mask: await readMaskPng(scenePart(dir, o.mask), W, H),
      ...(o.kind === 'moving' ? { trajectory: o.trajectory } : {}),
    })),
  );
  const autoMasks = await Promise.all(file.autoMasks.map((m) => readMaskPng(scenePart(dir, m), W, H)));
  const scene: ControlScene = {
    width: W,
    height: H,
    frames: file.frames,
    pointsRatio: file.pointsRatio,
    depth: { kind: file.depth.kind, data },
    objects,
    autoMasks,
    parity: file.parity,
  };
  return { scene, file };
}
