import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFile, mkdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { SVD_GRAPH_SEMANTICS } from '../../../src-shared/models/videoPack';
import { externalWeightsModel, type ExternalPlacement } from './onnxGraphs';

/**
 * Generated hostile model folders for the fuzz suite (tests/integration/models-fuzz.test.ts). Each case
 * writes its files into `src` (the folder the user picks), may plant things in `outside` (a folder
 * beside it that must never be read into a model nor written), and says what the refusal must mention.
 */
export interface HostileCase {
  name: string;
  kind: 'graph' | 'external' | 'pack';
  /** Builds the case; returns the .onnx to load directly (external cases), if any. */
  make(src: string, outside: string): Promise<string | undefined>;
  /** What a refusal message must match. */
  why: RegExp;
}

/** Small deterministic PRNG (xorshift32), so a failing case can be rebuilt from its seed. */
export function rng(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 2 ** 32;
  };
}

function varint(v: number): Buffer {
  const out: number[] = [];
  while (v > 127) {
    out.push((v % 128) | 0x80);
    v = Math.floor(v / 128);
  }
  out.push(v);
  return Buffer.from(out);
}
const field = (no: number, body: Buffer): Buffer =>
  Buffer.concat([varint(no * 8 + 2), varint(body.length), body]);
const model = (graph: Buffer): Buffer => Buffer.concat([Buffer.from([0x08, 0x08]), field(7, graph)]);
const many = (part: Buffer, n: number): Buffer => Buffer.concat(Array.from({ length: n }, () => part));

const DEPTH = 'tests/fixtures/depth/model.onnx';

function nested(depth: number): Buffer {
  // graph { node { attribute { g: graph { node { ... } } } } }
  let g: Buffer = Buffer.alloc(0);
  for (let i = 0; i < depth; i++) g = field(1, field(5, field(6, g)));
  return g;
}

function graphCases(r: () => number, n: number): HostileCase[] {
  const gens: ((i: number) => { name: string; body: () => Promise<Buffer>; why: RegExp })[] = [
    (i) => ({
      name: `random bytes #${i}`,
      body: async () =>
        Buffer.from(Array.from({ length: 1 + Math.floor(r() * 4096) }, () => Math.floor(r() * 256))),
      why: /refused|no graph inside/,
    }),
    (i) => ({
      name: `truncated real graph #${i}`,
      body: async () => {
        const b = await readFile(DEPTH);
        return b.subarray(0, 1 + Math.floor(r() * b.length * 0.9));
      },
      why: /truncated|runs past its end|refused|no graph/,
    }),
    () => ({ name: 'empty file', body: async () => Buffer.alloc(0), why: /no graph inside/ }),
    () => ({ name: 'varint of 11 bytes', body: async () => Buffer.alloc(11, 0xff), why: /malformed number/ }),
    () => ({
      name: 'graph length 2^40',
      body: async () => Buffer.concat([Buffer.from([0x3a]), varint(2 ** 40), Buffer.alloc(16)]),
      why: /runs past its end/,
    }),
    (i) => ({
      name: `wire type ${[3, 4, 6, 7][i % 4]}`,
      body: async () => Buffer.from([(7 << 3) | [3, 4, 6, 7][i % 4]!, 0, 0]),
      why: /wire type/,
    }),
    (i) => ({
      name: `input bomb #${i}`,
      body: async () => model(many(Buffer.from([0x5a, 0x00]), 10_001 + Math.floor(r() * 40_000))),
      why: /more than 10000 graph inputs and outputs/,
    }),
    () => ({
      name: 'an input with 100 dims',
      body: async () => {
        const dim = field(1, Buffer.from([0x08, 0x01]));
        const type = field(1, field(2, many(dim, 100)));
        return model(field(11, Buffer.concat([field(1, Buffer.from('x')), field(2, type)])));
      },
      why: /more than 64 dims/,
    }),
    () => ({
      name: 'a 5000-byte input name',
      body: async () => model(field(11, field(1, Buffer.alloc(5000, 0x61)))),
      why: /a name of 5000 bytes/,
    }),
    (i) => ({
      name: `subgraphs ${33 + i} deep`,
      body: async () => model(nested(33 + i)),
      why: /nested deeper than 32/,
    }),
    () => ({
      name: '200 001 empty tensors',
      body: async () => model(many(Buffer.from([0x2a, 0x00]), 200_001)),
      why: /more than 200000 tensors/,
    }),
    () => ({
      name: 'no graph field',
      body: async () => Buffer.from([0x08, 0x08, 0x12, 0x01, 0x61]),
      why: /no graph inside/,
    }),
  ];
  return Array.from({ length: n }, (_, i) => {
    const g = gens[i % gens.length]!(Math.floor(i / gens.length));
    return {
      name: `graph: ${g.name}`,
      kind: 'graph' as const,
      why: g.why,
      make: async (src: string) => {
        await writeFile(join(src, 'model.onnx'), await g.body());
        return undefined;
      },
    };
  });
}

const PLACEMENTS: ExternalPlacement[] = ['initializer', 'constant', 'if-branch', 'sparse'];

function externalCases(r: () => number, n: number): HostileCase[] {
  const secret = (outside: string): string => join(outside, 'secret.bin');
  const gens: {
    name: string;
    loc: (o: string) => string;
    plant?: (src: string, o: string) => Promise<void>;
    why: RegExp;
  }[] = [
    { name: '../', loc: () => '../outside/secret.bin', why: /climbs out/ },
    { name: 'deep ../', loc: () => 'a/b/../../../outside/secret.bin', why: /climbs out/ },
    { name: 'absolute', loc: (o) => secret(o), why: /absolute path/ },
    { name: '/etc/passwd', loc: () => '/etc/passwd', why: /absolute path/ },
    { name: 'drive letter', loc: () => 'C:/Windows/win.ini', why: /absolute path/ },
    { name: 'UNC', loc: () => '\\\\server\\share\\w.bin', why: /absolute path|uses "\\"/ },
    { name: 'backslashes', loc: () => '..\\outside\\secret.bin', why: /uses "\\"/ },
    { name: 'empty', loc: () => '', why: /empty or malformed/ },
    { name: 'NUL', loc: () => 'w.bin\0../../x', why: /empty or malformed/ },
    { name: 'empty segment', loc: () => 'a//w.bin', why: /not a plain relative path/ },
    { name: 'missing file', loc: () => 'nope.bin', why: /is missing/ },
    {
      name: 'a folder',
      loc: () => 'sub',
      plant: (s) => mkdir(join(s, 'sub')),
      why: /not a regular file|is missing/,
    },
    {
      name: 'symlinked file',
      loc: () => 'w.bin',
      plant: (s, o) => symlink(secret(o), join(s, 'w.bin')),
      why: /symbolic link|is missing/,
    },
    {
      name: 'symlinked folder',
      loc: () => 'd/secret.bin',
      plant: (s, o) => symlink(o, join(s, 'd')),
      why: /symbolic link|is missing/,
    },
    {
      name: 'symlink to /dev/zero',
      loc: () => 'z.bin',
      plant: (s) => symlink('/dev/zero', join(s, 'z.bin')),
      why: /symbolic link|is missing/,
    },
    {
      name: 'FIFO',
      loc: () => 'f.bin',
      plant: async (s) => void execFileSync('mkfifo', [join(s, 'f.bin')]),
      why: /not a regular file|is missing/,
    },
    { name: '5000-char location', loc: () => 'a'.repeat(5000), why: /a name of 5000 bytes/ },
  ];
  return Array.from({ length: n }, (_, i) => {
    const g = gens[i % gens.length]!;
    const placement = PLACEMENTS[Math.floor(r() * PLACEMENTS.length)]!;
    return {
      name: `external data: ${g.name} (${placement})`,
      kind: 'external' as const,
      why: g.why,
      make: async (src: string, outside: string) => {
        await g.plant?.(src, outside);
        return externalWeightsModel(src, 'model.onnx', g.loc(outside), placement);
      },
    };
  });
}

/** A valid-looking video pack manifest whose `patch` makes it hostile. */
function packCases(n: number): HostileCase[] {
  const gens: { name: string; patch: (m: Record<string, unknown>) => void; why: RegExp }[] = [
    {
      name: 'graph file ../',
      patch: (m) => graphFile(m, '../outside/x.onnx'),
      why: /manifest\.json is invalid/,
    },
    {
      name: 'graph file absolute',
      patch: (m) => graphFile(m, '/etc/passwd'),
      why: /manifest\.json is invalid/,
    },
    {
      name: 'listed file ../',
      patch: (m) => ((m['files'] as { path: string }[])[0]!.path = '../../x'),
      why: /invalid/,
    },
    { name: 'graph not listed', patch: (m) => graphFile(m, 'other.onnx'), why: /is not one of its files/ },
    { name: 'wrong version', patch: (m) => (m['formatVersion'] = 99), why: /manifest\.json is invalid/ },
    { name: 'files not a list', patch: (m) => (m['files'] = 'x'), why: /manifest\.json is invalid/ },
    {
      name: 'hash mismatch',
      patch: (m) => ((m['files'] as { sha256: string }[])[0]!.sha256 = '0'.repeat(64)),
      why: /does not match the SHA-256/,
    },
  ];
  return Array.from({ length: n }, (_, i) => {
    const g = gens[i % gens.length]!;
    return {
      name: `pack manifest: ${g.name}`,
      kind: 'pack' as const,
      why: g.why,
      make: async (src: string) => {
        await copyFile(DEPTH, join(src, 'g.onnx'));
        const m = packManifest(await readFile(DEPTH));
        g.patch(m);
        await writeFile(join(src, 'manifest.json'), JSON.stringify(m));
        return undefined;
      },
    };
  });
}

function graphFile(m: Record<string, unknown>, file: string): void {
  (m['graphs'] as Record<string, { file: string }>)['denoiser']!.file = file;
}

function packManifest(graph: Buffer): Record<string, unknown> {
  const sha = createHash('sha256').update(graph).digest('hex');
  const g = { file: 'g.onnx', inputs: {}, outputs: ['y'] };
  return {
    format: 'levitor-studio-svd-pack',
    formatVersion: 1,
    graphSemantics: SVD_GRAPH_SEMANTICS,
    kind: 'tiny',
    precision: { weights: 'fp32', io: 'float32' },
    sources: [],
    resolution: { width: 64, height: 64 },
    latent: { width: 8, height: 8, channels: 4, scalingFactor: 0.18215 },
    frames: 4,
    decodeChunk: 2,
    imageEmbedDim: 8,
    scheduler: { sigmaMin: 0.002, sigmaMax: 700, rho: 7, predictionType: 'v_prediction', defaultSteps: 2 },
    graphs: { imageEncoder: g, vaeEncoder: g, denoiser: { ...g }, vaeDecoder: g },
    files: [{ path: 'g.onnx', bytes: graph.length, sha256: sha }],
  };
}

export function hostileCases(
  seed: number,
  counts: { graph: number; external: number; pack: number },
): HostileCase[] {
  const r = rng(seed);
  return [...graphCases(r, counts.graph), ...externalCases(r, counts.external), ...packCases(counts.pack)];
}
