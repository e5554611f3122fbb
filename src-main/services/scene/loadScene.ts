/**
 * Load a scene folder (scene.json + depth + masks) into the engine's in-memory ControlScene.
 * Depth: raw little-endian float32 [H,W] (`.gz` = gzipped). Masks: PNG (channel 0, > 0 inside), exactly W x H.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { ControlError } from '../../../src-shared/control/errors';
import type { ControlScene, SceneObject } from '../../../src-shared/control/types';
import { sceneFileSchema, type SceneFile } from './schema';

export class SceneFormatError extends Error {
  override name = 'SceneFormatError';
}

export async function readMaybeGz(path: string): Promise<Buffer> {
  const buf = await readFile(path);
  return path.endsWith('.gz') ? gunzipSync(buf) : buf;
}

export async function readMaskPng(path: string, width: number, height: number): Promise<Uint8Array> {
  const { data, info } = await sharp(path).raw().toBuffer({ resolveWithObject: true });
  if (info.width !== width || info.height !== height)
    throw new ControlError(
      'size-mismatch',
      `${path}: mask is ${info.width}x${info.height}, expected ${width}x${height}`,
    );
  const out = new Uint8Array(width * height);
  for (let p = 0; p < out.length; p++) out[p] = data[p * info.channels] as number;
  return out;
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

export async function loadScene(scenePath: string): Promise<{ scene: ControlScene; file: SceneFile }> {
  const file = parseSceneJson(await readFile(scenePath, 'utf8'), scenePath);
  const dir = dirname(resolve(scenePath));
  const { width: W, height: H } = file;
  const dbuf = await readMaybeGz(resolve(dir, file.depth.file));
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
      mask: await readMaskPng(resolve(dir, o.mask), W, H),
      ...(o.kind === 'moving' ? { trajectory: o.trajectory } : {}),
    })),
  );
  const autoMasks = await Promise.all(file.autoMasks.map((m) => readMaskPng(resolve(dir, m), W, H)));
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
