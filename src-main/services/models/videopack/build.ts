import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { ModelError } from '../errors';
import { writeFileAtomic } from '../fsutil';
import { childPath } from '../safePaths';
import { readSafetensorsHeader, type SafetensorsHeader } from './safetensors';
import { resolveGraph, type ResolvedWeight, type VideoTemplate } from './template';

/** Files a video install needs in the hub layout (relative to the install root): configs and weights. */
export function requiredSourceFiles(t: VideoTemplate): string[] {
  return Object.values(t.sources).flatMap((s) => [s.config, s.file]);
}

/**
 * Checks the checkpoints under `root` (hub layout) against the template before anything is written:
 * each config.json has the values the graphs were traced with, and each safetensors file holds exactly
 * the tensors the graphs read (none missing, none unexpected, every dtype and shape equal). All problems
 * are collected and named in one error, so a user sees everything wrong at once.
 */
export async function checkSources(root: string, t: VideoTemplate): Promise<Map<string, SafetensorsHeader>> {
  const problems: string[] = [];
  const headers = new Map<string, SafetensorsHeader>();
  for (const [key, src] of Object.entries(t.sources)) {
    let config: Record<string, unknown> | undefined;
    try {
      config = JSON.parse(await readFile(childPath(root, src.config, 'video model file'), 'utf8')) as Record<
        string,
        unknown
      >;
    } catch (e) {
      problems.push(`${src.config}: unreadable (${e instanceof Error ? e.message : String(e)})`);
    }
    for (const [k, want] of Object.entries(src.configValues)) {
      if (config && !isDeepStrictEqual(config[k], want)) {
        problems.push(
          `${src.config}: ${k} is ${JSON.stringify(config[k])}, the ${key} graphs need ${JSON.stringify(want)}`,
        );
      }
    }
    let header: SafetensorsHeader;
    try {
      header = await readSafetensorsHeader(childPath(root, src.file, 'video model file'));
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
      continue;
    }
    headers.set(src.file, header);
    const all = { ...src.unused, ...src.tensors };
    const missing = Object.keys(all).filter((n) => !header.tensors.has(n));
    const unexpected = [...header.tensors.keys()].filter((n) => !(n in all) && !(n in src.optional));
    for (const [n, o] of Object.entries(src.optional)) {
      const got = header.tensors.get(n);
      if (got && got.shape.join(',') !== o.shape.join(',')) {
        problems.push(
          `${src.file}: ${n} has shape [${got.shape.join(',')}], expected [${o.shape.join(',')}]`,
        );
      }
    }
    const mismatched = Object.entries(all).flatMap(([n, want]) => {
      const got = header.tensors.get(n);
      return got && (got.dtype !== want.dtype || got.shape.join(',') !== want.shape.join(','))
        ? [`${n} is ${got.dtype}[${got.shape.join(',')}], expected ${want.dtype}[${want.shape.join(',')}]`]
        : [];
    });
    const list = (what: string, names: string[]): void => {
      if (names.length > 0)
        problems.push(
          `${src.file}: ${names.length} ${what}: ${names.slice(0, 8).join(', ')}${names.length > 8 ? ', ...' : ''}`,
        );
    };
    list('missing tensor(s)', missing);
    list('unexpected tensor(s)', unexpected);
    list('mis-shaped tensor(s)', mismatched);
  }
  if (problems.length > 0) {
    throw new ModelError('invalid', `these checkpoints cannot make the video model: ${problems.join('; ')}`);
  }
  return headers;
}

/** Writes the four graphs into `root`, their weights pointing into the checked safetensors files. */
export async function writeGraphs(
  root: string,
  t: VideoTemplate,
  headers: ReadonlyMap<string, SafetensorsHeader>,
): Promise<{ files: string[]; weights: Map<string, ResolvedWeight[]> }> {
  const files: string[] = [];
  const weights = new Map<string, ResolvedWeight[]>();
  for (const [name, g] of Object.entries(t.pack.graphs)) {
    const template = await readFile(childPath(t.dir, g.file, 'video model file'));
    const resolved = resolveGraph(template, headers, name);
    await writeFileAtomic(childPath(root, g.file, 'video model file'), resolved.bytes);
    files.push(g.file);
    weights.set(name, resolved.weights);
  }
  return { files, weights };
}

export interface PackShape {
  width: number;
  height: number;
  frames: number;
  decodeChunk: number;
}

/** SVD-XT at the reference's shape (levitor-method section 0): 288x512 portrait, 16 frames, one decode. */
export const DEFAULT_PACK_SHAPE: PackShape = { width: 288, height: 512, frames: 16, decodeChunk: 16 };

/**
 * The pack's manifest.json (what loadSvdPack reads): the template's, at the chosen shape (the template
 * graphs leave resolution, frames and decode chunk free), plus every file with its hash.
 */
export function packManifest(
  t: VideoTemplate,
  shape: PackShape,
  files: { path: string; bytes: number; sha256: string }[],
  sources: { name: string; licence: string }[],
): Record<string, unknown> {
  const { width, height, frames, decodeChunk } = shape;
  if (width % 8 || height % 8 || width < 64 || height < 64 || frames < 1 || frames % decodeChunk) {
    throw new ModelError(
      'invalid',
      `pack shape ${width}x${height}, ${frames} frames, decode chunk ${decodeChunk}: sizes must be multiples of 8 (at least 64) and the chunk must divide the frames`,
    );
  }
  const sym: Record<string, number> = {
    H: height,
    W: width,
    h: height / 8,
    w: width / 8,
    F: frames,
    n: decodeChunk,
  };
  const pack = t.pack as unknown as Record<string, unknown> & {
    graphs: Record<string, { inputs: Record<string, number[]> }>;
    latent: Record<string, unknown>;
  };
  const graphs = Object.fromEntries(
    Object.entries(pack.graphs).map(([g, spec]) => {
      const axes = t.dynamicAxes[g] ?? {};
      const inputs = Object.fromEntries(
        Object.entries(spec.inputs).map(([name, dims]) => [
          name,
          dims.map((d, i) => {
            const s = axes[name]?.[String(i)];
            return s === undefined ? d : (sym[s] ?? d);
          }),
        ]),
      );
      return [g, { ...spec, inputs }];
    }),
  );
  return {
    ...pack,
    graphs,
    resolution: { width, height },
    latent: { ...pack.latent, width: width / 8, height: height / 8 },
    frames,
    decodeChunk,
    sources,
    files,
  };
}
