import type { GraphContract } from './manifest';

/**
 * Graph recognition (docs/model-contracts.md): a graph is identified by its input/output names and, where the
 * contract fixes them, static dims - never by its file name. Anything else is refused with a message that
 * names what was expected and what was found.
 */

/** One input or output as the runtime reports it (ORT `inputMetadata`); symbolic dims are strings. */
export interface ValueInfo {
  name: string;
  dims?: readonly (number | string)[];
  /** ONNX TensorProto.DataType (1 = float32, 10 = float16, 7 = int64, ...), when the file says. */
  elemType?: number;
}
export interface GraphInfo {
  /** Shown in messages (usually the file name). */
  label: string;
  inputs: readonly ValueInfo[];
  outputs: readonly ValueInfo[];
}

export type GraphPart = 'encoder' | 'decoder' | 'model';
/** -1 = any size; a string = a symbolic dim (any size). */
type DimSpec = readonly (number | string)[];

interface GraphSpec {
  kind: string;
  contract: GraphContract;
  part: GraphPart;
  inputs: Readonly<Record<string, DimSpec>>;
  outputs: Readonly<Record<string, DimSpec>>;
}

const SAM2_FEATS = {
  high_res_feats_0: [1, 32, 256, 256],
  high_res_feats_1: [1, 64, 128, 128],
  image_embed: [1, 256, 64, 64],
} as const;
const SAM2_PROMPTS = {
  point_coords: ['L', 'N', 2],
  point_labels: ['L', 'N'],
  mask_input: ['L', 1, 256, 256],
  has_mask_input: ['L'],
} as const;

export const GRAPH_SPECS: readonly GraphSpec[] = [
  {
    kind: 'sam2-encoder',
    contract: 'sam2-encoder-decoder',
    part: 'encoder',
    inputs: { image: [1, 3, 1024, 1024] },
    outputs: SAM2_FEATS,
  },
  {
    kind: 'sam2-decoder',
    contract: 'sam2-encoder-decoder',
    part: 'decoder',
    inputs: { ...SAM2_FEATS, ...SAM2_PROMPTS },
    outputs: { masks: ['L', 3, 256, 256], iou_predictions: ['L', 3] },
  },
  {
    kind: 'sam2-decoder-orig-size',
    contract: 'sam2-encoder-decoder',
    part: 'decoder',
    inputs: { ...SAM2_FEATS, ...SAM2_PROMPTS, orig_im_size: [2] },
    outputs: { masks: ['L', 3, 'H', 'W'], iou_predictions: ['L', 3] },
  },
  {
    kind: 'sam2-transformersjs-encoder',
    contract: 'sam2-transformersjs',
    part: 'encoder',
    inputs: { pixel_values: ['B', 3, 1024, 1024] },
    outputs: {
      'image_embeddings.0': ['B', 32, 256, 256],
      'image_embeddings.1': ['B', 64, 128, 128],
      'image_embeddings.2': ['B', 256, 64, 64],
    },
  },
  {
    kind: 'sam2-transformersjs-decoder',
    contract: 'sam2-transformersjs',
    part: 'decoder',
    inputs: {
      'image_embeddings.0': ['B', 32, 256, 256],
      'image_embeddings.1': ['B', 64, 128, 128],
      'image_embeddings.2': ['B', 256, 64, 64],
      input_points: ['B', 'P', 'N', 2],
      input_labels: ['B', 'P', 'N'],
      input_boxes: ['B', 'nb', 4],
    },
    outputs: {
      iou_scores: ['B', 'P', 3],
      pred_masks: ['B', 'P', 3, 256, 256],
      object_score_logits: ['B', 'P', 1],
    },
  },
  {
    // No official SAM v1 encoder export exists: this is the image encoder (ViT + neck) traced alone, fed the
    // resized, normalised and zero-padded image (Sam.preprocess), as tools/export/sam2/samv1.py writes it.
    kind: 'sam-v1-encoder',
    contract: 'sam-v1',
    part: 'encoder',
    inputs: { image: [1, 3, 1024, 1024] },
    outputs: { image_embeddings: [1, 256, 64, 64] },
  },
  {
    // The same encoder as several SAM v1 / MobileSAM export scripts name its input.
    kind: 'sam-v1-encoder-input-image',
    contract: 'sam-v1',
    part: 'encoder',
    inputs: { input_image: [1, 3, 1024, 1024] },
    outputs: { image_embeddings: [1, 256, 64, 64] },
  },
  {
    kind: 'sam-v1-decoder',
    contract: 'sam-v1',
    part: 'decoder',
    inputs: {
      image_embeddings: [1, 256, 64, 64],
      point_coords: [1, 'N', 2],
      point_labels: [1, 'N'],
      mask_input: [1, 1, 256, 256],
      has_mask_input: [1],
      orig_im_size: [2],
    },
    outputs: { masks: [-1, -1, -1, -1], iou_predictions: [-1, -1], low_res_masks: [-1, -1, 256, 256] },
  },
  {
    kind: 'depth-transformersjs',
    contract: 'depth-anything-v2-transformersjs',
    part: 'model',
    inputs: { pixel_values: ['B', 3, 'H', 'W'] },
    outputs: { predicted_depth: ['B', 'H', 'W'] },
  },
  {
    kind: 'depth-standalone',
    contract: 'depth-anything-v2-standalone',
    part: 'model',
    inputs: { image: ['B', 3, 'H', 'W'] },
    // [B,H,W], or [B,1,H,W] in older exports: the rank is checked by the depth runner.
    outputs: { depth: [] },
  },
];

export type RecognisedGraph = {
  ok: true;
  kind: string;
  contract: GraphContract;
  part: GraphPart;
  graph: GraphInfo;
};
export type Refusal = { ok: false; message: string };

const fmtDims = (d: readonly (number | string)[] | undefined): string =>
  d === undefined ? '[?]' : `[${d.map((x) => (typeof x === 'number' && x < 0 ? '?' : String(x))).join(',')}]`;
const names = (vs: readonly ValueInfo[]): string => vs.map((v) => v.name).join(', ');
const specText = (s: GraphSpec): string =>
  `${s.kind}: inputs ${Object.entries(s.inputs)
    .map(([n, d]) => `${n}${fmtDims(d)}`)
    .join(', ')} -> outputs ${Object.keys(s.outputs).join(', ')}`;

/** A graph dim conflicts with the spec only when both are fixed numbers that differ. */
function dimProblem(
  name: string,
  spec: DimSpec,
  found: readonly (number | string)[] | undefined,
): string | null {
  if (!found || spec.length === 0 || found.length === 0) return null;
  const mismatch =
    spec.length !== found.length ||
    spec.some((s, i) => typeof s === 'number' && s >= 0 && typeof found[i] === 'number' && found[i] !== s);
  return mismatch ? `${name}: expected ${fmtDims(spec)}, found ${fmtDims(found)}` : null;
}

/** Identify one graph; on failure the message names the closest contract, what it expects and what was found. */
export function recogniseGraph(g: GraphInfo): RecognisedGraph | Refusal {
  const inNames = new Set(g.inputs.map((v) => v.name));
  const outNames = new Set(g.outputs.map((v) => v.name));
  let best: { spec: GraphSpec; score: number } | null = null;
  for (const spec of GRAPH_SPECS) {
    const specIn = Object.keys(spec.inputs);
    const specOut = Object.keys(spec.outputs);
    const exactIn = specIn.length === inNames.size && specIn.every((n) => inNames.has(n));
    if (exactIn && specOut.every((n) => outNames.has(n))) {
      const problems: string[] = [];
      for (const v of g.inputs) {
        const p = dimProblem(`input ${v.name}`, spec.inputs[v.name] ?? [], v.dims);
        if (p) problems.push(p);
      }
      for (const v of g.outputs) {
        const s = spec.outputs[v.name];
        const p = s ? dimProblem(`output ${v.name}`, s, v.dims) : null;
        if (p) problems.push(p);
      }
      if (problems.length === 0)
        return { ok: true, kind: spec.kind, contract: spec.contract, part: spec.part, graph: g };
      return {
        ok: false,
        message: `${g.label}: looks like ${spec.kind} but has wrong shapes: ${problems.join('; ')}`,
      };
    }
    const score =
      specIn.filter((n) => inNames.has(n)).length +
      specOut.filter((n) => outNames.has(n)).length -
      0.01 * (specIn.length + specOut.length);
    if (!best || score > best.score) best = { spec, score };
  }
  const found = `found inputs [${names(g.inputs)}] -> outputs [${names(g.outputs)}]`;
  if (!best || best.score <= 0) {
    return { ok: false, message: `${g.label}: not a known segmentation or depth graph (${found})` };
  }
  const s = best.spec;
  const missing = [...Object.keys(s.inputs), ...Object.keys(s.outputs)].filter(
    (n) => !inNames.has(n) && !outNames.has(n),
  );
  const extra = g.inputs.map((v) => v.name).filter((n) => !(n in s.inputs));
  return {
    ok: false,
    message:
      `${g.label}: expected ${specText(s)}; ${found}` +
      (missing.length ? `; missing ${missing.join(', ')}` : '') +
      (extra.length ? `; unexpected inputs ${extra.join(', ')}` : ''),
  };
}

export interface RecognisedModel {
  contract: GraphContract;
  /** Index into the given graphs of each part (an encoder/decoder pair, or a single depth model). */
  parts: Partial<Record<GraphPart, number>>;
  kinds: Partial<Record<GraphPart, string>>;
}

/** Identify a model made of one or more graphs (SAM2 needs an encoder and a decoder of the same contract). */
export function recogniseModel(graphs: readonly GraphInfo[]): { ok: true; model: RecognisedModel } | Refusal {
  const results = graphs.map((g) => recogniseGraph(g));
  const refused = results.filter((r): r is Refusal => !r.ok);
  if (refused.length) return { ok: false, message: refused.map((r) => r.message).join('\n') };
  const ok = results as RecognisedGraph[];
  const contracts = [...new Set(ok.map((r) => r.contract))];
  if (contracts.length !== 1 || !contracts[0]) {
    return {
      ok: false,
      message: `graphs of different contracts: ${ok.map((r) => `${r.graph.label}=${r.kind}`).join(', ')}`,
    };
  }
  const model: RecognisedModel = { contract: contracts[0], parts: {}, kinds: {} };
  ok.forEach((r, i) => {
    if (model.parts[r.part] !== undefined) return;
    model.parts[r.part] = i;
    model.kinds[r.part] = r.kind;
  });
  // SAM v1 decoders ship without an encoder graph, but clicks need one (sam-v1-encoder above).
  const needs: GraphPart[] = ok[0]?.part === 'model' ? ['model'] : ['encoder', 'decoder'];
  const lacking = needs.filter((p) => model.parts[p] === undefined);
  if (lacking.length) {
    const hint =
      model.contract === 'sam-v1' && lacking.includes('encoder')
        ? ' (the SAM v1 image encoder: image or input_image [1,3,1024,1024] -> image_embeddings [1,256,64,64])'
        : '';
    return {
      ok: false,
      message: `${model.contract}: expected ${needs.join(' + ')} graphs, found ${ok.map((r) => `${r.graph.label} (${r.part})`).join(', ')}; missing ${lacking.join(', ')}${hint}`,
    };
  }
  return { ok: true, model };
}

/** Static [H, W] of a depth graph's input when both are fixed numbers (standalone 518x518 exports), else null. */
export function staticInputSize(g: GraphInfo): { width: number; height: number } | null {
  const d = g.inputs[0]?.dims;
  const h = d?.[2];
  const w = d?.[3];
  return typeof h === 'number' && typeof w === 'number' && h > 0 && w > 0 ? { width: w, height: h } : null;
}
