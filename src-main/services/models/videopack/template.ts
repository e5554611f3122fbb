import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ModelError } from '../errors';
import {
  decodeMessage,
  encodeMessage,
  fieldString,
  readInts,
  stringField,
  type WireField,
} from './protoWire';
import type { SafetensorsHeader } from './safetensors';

/**
 * template.json written by tools/export/svd/template.py beside the four template graphs: the pack
 * manifest to install (minus its file list), and per source checkpoint the file, its config and every
 * tensor the graphs read from it with dtype and shape.
 */
const tensorSpec = z.object({ dtype: z.string(), shape: z.array(z.number().int().nonnegative()) });
const templateSchema = z.object({
  format: z.literal('levitor-studio-svd-template'),
  formatVersion: z.literal(1),
  pack: z
    .record(z.string(), z.unknown())
    .and(z.object({ graphs: z.record(z.string(), z.object({ file: z.string().regex(/^[\w.-]+\.onnx$/) })) })),
  sources: z.record(
    z.string(),
    z.object({
      file: z.string(),
      config: z.string(),
      configValues: z.record(z.string(), z.unknown()),
      tensors: z.record(z.string(), tensorSpec),
      /** What a key left out of config.json means (transformers writes only non-default values). */
      configDefaults: z.record(z.string(), z.unknown()).default({}),
      /** In the checkpoint but read by no graph (an architecture quirk): checked, not referenced. */
      unused: z.record(z.string(), tensorSpec).default({}),
      /** Buffers older library versions saved (CLIP's position_ids): allowed, shape checked, unused. */
      optional: z.record(z.string(), z.object({ shape: z.array(z.number().int()) })).default({}),
    }),
  ),
  traceShape: z.object({
    width: z.number().int(),
    height: z.number().int(),
    frames: z.number().int(),
    decodeChunk: z.number().int(),
  }),
  /** graph -> input -> axis -> symbol (H, W image size; h, w latent; F frames; n decode chunk). */
  dynamicAxes: z.record(z.string(), z.record(z.string(), z.record(z.string(), z.string()))),
  graphFiles: z.array(z.object({ path: z.string(), bytes: z.number().int(), sha256: z.string().length(64) })),
});
export type VideoTemplate = z.infer<typeof templateSchema> & { dir: string };

export async function loadVideoTemplate(dir: string): Promise<VideoTemplate> {
  const path = join(dir, 'template.json');
  const raw = await readFile(path, 'utf8').catch(() => {
    throw new ModelError(
      'invalid',
      `video model template missing: ${path} (a broken installation of the studio)`,
    );
  });
  const parsed = templateSchema.safeParse(JSON.parse(raw));
  if (!parsed.success) throw new ModelError('invalid', `${path}: ${parsed.error.message}`);
  return { ...parsed.data, dir };
}

// onnx.proto: ModelProto.graph = 7; GraphProto.initializer = 5; TensorProto dims = 1, data_type = 2,
// name = 8, external_data = 13 (StringStringEntryProto key = 1, value = 2), data_location = 14.
const ONNX_DTYPE: Record<number, string> = { 1: 'F32', 10: 'F16', 16: 'BF16', 11: 'F64' };

/** Where each weight of a resolved graph points: for the equality proof and the install report. */
export interface ResolvedWeight {
  name: string;
  location: string;
  offset: number;
  length: number;
}

/**
 * Fills in a template graph: every initializer whose external data names a checkpoint tensor gets the
 * offset and length of that tensor inside the downloaded safetensors file (the location, relative to the
 * graph, stays the hub-layout path). The tensor's dtype and shape must be the initializer's exactly.
 */
export function resolveGraph(
  template: Uint8Array,
  headers: ReadonlyMap<string, SafetensorsHeader>,
  graphName: string,
): { bytes: Buffer; weights: ResolvedWeight[] } {
  const model = decodeMessage(template);
  const weights: ResolvedWeight[] = [];
  const problems: string[] = [];
  const newModel = model.map((mf): WireField => {
    if (mf.num !== 7 || !mf.bytes) return mf;
    const graph = decodeMessage(mf.bytes).map((gf): WireField => {
      if (gf.num !== 5 || !gf.bytes) return gf;
      const tensor = decodeMessage(gf.bytes);
      const ext = tensor.filter((f) => f.num === 13).map((f) => decodeMessage(f.bytes ?? new Uint8Array()));
      const kv = new Map(
        ext.map((e) => [fieldString(e.find((x) => x.num === 1)!), e.find((x) => x.num === 2)]),
      );
      const location = kv.get('location');
      const tensorName = kv.get('tensor');
      if (!location || !tensorName) return gf; // an inline constant
      const name = fieldString(tensor.find((f) => f.num === 8) ?? stringField(8, '?'));
      const file = fieldString(location);
      const key = fieldString(tensorName);
      const st = headers.get(file)?.tensors.get(key);
      const dims = readInts(tensor, 1);
      const dtype = ONNX_DTYPE[Number(tensor.find((f) => f.num === 2)?.varint ?? 0n)] ?? '?';
      if (!st) {
        problems.push(`${file}: tensor ${key} missing (needed by ${graphName} as ${name})`);
        return gf;
      }
      if (st.dtype !== dtype || st.shape.join(',') !== dims.join(',')) {
        problems.push(
          `${file}: tensor ${key} is ${st.dtype}[${st.shape.join(',')}], ${graphName} needs ${dtype}[${dims.join(',')}]`,
        );
        return gf;
      }
      weights.push({ name, location: file, offset: st.offset, length: st.length });
      const entry = (k: string, v: string): WireField => ({
        num: 13,
        type: 2,
        bytes: encodeMessage([stringField(1, k), stringField(2, v)]),
      });
      const kept = tensor.filter((f) => f.num !== 13);
      return {
        ...gf,
        bytes: encodeMessage([
          ...kept,
          entry('location', file),
          entry('offset', String(st.offset)),
          entry('length', String(st.length)),
        ]),
      };
    });
    return { ...mf, bytes: encodeMessage(graph) };
  });
  if (problems.length > 0) {
    throw new ModelError('invalid', `the checkpoints do not match the video model: ${problems.join('; ')}`);
  }
  return { bytes: encodeMessage(newModel), weights };
}
