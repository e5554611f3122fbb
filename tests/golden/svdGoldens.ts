import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { svdParamsSchema, type SvdParams } from '../../src-main/inference/models/svd/params';

export const SVD_FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'svd');
export const SVD_TINY_PACK = join(SVD_FIXTURES, 'pack');

interface GoldenIndex {
  meta: Record<string, number>;
  /** library versions the reference ran on (tools/export/svd/reference_goldens.py) */
  reference?: Record<string, string>;
  tensors: Record<string, { file: string; shape: number[] }>;
}

/** The PyTorch reference outputs written by `python -m tools.export.svd.make_tiny` (computed in the
 * reference venv, diffusers 0.24.0, by tools/export/svd/reference_goldens.py). */
export function loadSvdGoldens(): {
  meta: Record<string, number>;
  reference: Record<string, string>;
  get(name: string): Float32Array;
} {
  const dir = join(SVD_FIXTURES, 'golden');
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as GoldenIndex;
  return {
    meta: index.meta,
    reference: index.reference ?? {},
    get(name) {
      const t = index.tensors[name];
      if (!t) throw new Error(`no golden tensor ${name}`);
      const buf = readFileSync(join(dir, t.file));
      return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength));
    },
  };
}

export function maxAbsDiff(a: Float32Array, b: Float32Array): number {
  if (a.length !== b.length) throw new Error(`length ${a.length} vs ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? 0) - (b[i] ?? 0)));
  return m;
}

export function maxAbs(a: Float32Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/** The generation parameters the goldens were made with (their index.json meta). */
export function goldenParams(meta: Record<string, number>): SvdParams {
  return svdParamsSchema.parse({
    steps: meta['steps'],
    fps: meta['fps'],
    motionBucketId: meta['motionBucketId'],
    noiseAugStrength: meta['noiseAugStrength'],
    minGuidance: meta['minGuidance'],
    maxGuidance: meta['maxGuidance'],
    controlScale: meta['controlScale'],
  });
}
