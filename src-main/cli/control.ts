/**
 * `levitor control <scene folder | scene.json> --out DIR [--frames N] [--points-ratio X] [--debug]`:
 * runs the control engine on a scene folder and writes (format in docs/scene-format.md)
 *   keypoints.json            { "frames": [[[row, col, id, depth], ...], ...] }
 *   control.f32 + control.json raw little-endian float32 [F,3,H,W] + its shape header
 *   idmaps/frame_XXX.png      per-frame id map, 8-bit grayscale
 *   (--debug) debug/merged.png, debug/depthmaps.f32 (float32 [F,H,W]), debug/z0.f64 (float64 [H,W])
 * Exit codes: 0 ok, 2 bad arguments or refused input (ControlError / scene format), 1 other failures.
 */
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { computeControl, ControlError, type ControlResult } from '../../src-shared/control';
import { WriteError, writeFileAtomic } from '../services/projects/atomicWrite';
import { loadScene, SceneFormatError } from '../services/scene/loadScene';

export const CONTROL_USAGE = `usage: levitor control <scene folder | scene.json> --out DIR [--frames N] [--points-ratio X] [--debug]`;

export const CONTROL_HELP = `${CONTROL_USAGE}

Computes the LeviTor control signal of a scene: a folder with scene.json, a depth map and mask PNGs
(format: docs/scene-format.md). Writes into DIR:
  keypoints.json              the control points of every frame, [row, col, id, depth]
  control.f32 + control.json  the ControlNet input, float32 little-endian [F,3,H,W], and its shape
  idmaps/frame_XXX.png        the per-frame id map, 8-bit grayscale

Options:
  --out DIR           where to write (created if missing)
  --frames N          frames to compute (default: the scene's "frames", 16)
  --points-ratio X    control points per object, as a multiple (default: the scene's "pointsRatio", 1)
  --debug             also write debug/merged.png, debug/depthmaps.f32 [F,H,W], debug/z0.f64 [H,W]
  -h, --help          show this help

Each file is written whole or not at all (temp file, then renamed over): a full disk leaves the
previous run's file in place, never a cut one. On such a failure the exit code is 1 and the message names
the file; files written before it are new, the others keep their previous contents.

Exit codes: 0 done, 2 bad arguments or a scene the format refuses (the message says why), 1 other errors.`;

const isHelp = (a: string): boolean => a === '--help' || a === '-h';

export interface ControlArgs {
  scenePath: string;
  outDir: string;
  frames?: number;
  pointsRatio?: number;
  debug: boolean;
}

export function parseControlArgs(argv: readonly string[]): ControlArgs {
  const pos: string[] = [];
  const named: Record<string, string> = {};
  let debug = false;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (a === '--debug') debug = true;
    else if (['--out', '--frames', '--points-ratio'].includes(a)) {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value\n${CONTROL_USAGE}`);
      named[a.slice(2)] = v;
    } else if (a.startsWith('-')) throw new Error(`unknown option ${a}\n${CONTROL_USAGE}`);
    else pos.push(a);
  }
  if (pos.length !== 1) throw new Error(`give one scene folder (or its scene.json)\n${CONTROL_USAGE}`);
  if (!named['out']) throw new Error(`--out DIR is required\n${CONTROL_USAGE}`);
  const num = (k: string, int: boolean): number | undefined => {
    const v = named[k];
    if (v === undefined) return undefined;
    const n = Number(v);
    if (!(n > 0) || (int && !Number.isInteger(n)))
      throw new Error(`--${k} must be a positive ${int ? 'integer' : 'number'}, got ${v}`);
    return n;
  };
  const frames = num('frames', true);
  const pointsRatio = num('points-ratio', false);
  return {
    scenePath: resolve(pos[0] as string),
    outDir: resolve(named['out']),
    debug,
    ...(frames !== undefined ? { frames } : {}),
    ...(pointsRatio !== undefined ? { pointsRatio } : {}),
  };
}

const le = (a: Float32Array | Float64Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength); // x86/ARM are LE

/** An 8-bit grayscale PNG (not sharp's default sRGB) of a W x H plane. */
function gray(data: Uint8Array, width: number, height: number): Promise<Buffer> {
  return sharp(Buffer.from(data.buffer, data.byteOffset, data.byteLength), {
    raw: { width, height, channels: 1 },
  })
    .toColourspace('b-w')
    .png()
    .toBuffer();
}

/**
 * Writes every output through the atomic writer (the one projects use): a run that cannot finish a file
 * leaves that file's previous contents, never a truncated one that a later step would read as valid.
 */
export async function writeControlOutputs(r: ControlResult, outDir: string, debug = false): Promise<void> {
  const { width: W, height: H, frames: F } = r;
  await mkdir(join(outDir, 'idmaps'), { recursive: true });
  const text = (s: string): Uint8Array => new TextEncoder().encode(s);
  const kp = `{"frames": [\n${r.keypoints.map((f) => JSON.stringify(f)).join(',\n')}\n]}\n`;
  await writeFileAtomic(join(outDir, 'keypoints.json'), text(kp));
  await writeFileAtomic(join(outDir, 'control.f32'), le(r.control));
  await writeFileAtomic(
    join(outDir, 'control.json'),
    text(`${JSON.stringify({ dtype: 'float32', byteOrder: 'little', shape: [F, 3, H, W] })}\n`),
  );
  for (let i = 0; i < F; i++)
    await writeFileAtomic(
      join(outDir, 'idmaps', `frame_${String(i).padStart(3, '0')}.png`),
      await gray(r.idMaps.subarray(i * W * H, (i + 1) * W * H), W, H),
    );
  if (debug) {
    await mkdir(join(outDir, 'debug'), { recursive: true });
    await writeFileAtomic(join(outDir, 'debug', 'merged.png'), await gray(r.merged, W, H));
    await writeFileAtomic(join(outDir, 'debug', 'depthmaps.f32'), le(r.depth.toArray()));
    await writeFileAtomic(join(outDir, 'debug', 'z0.f64'), le(r.z0));
  }
}

/** `levitor control`: returns the exit code. */
export async function controlCommand(argv: readonly string[]): Promise<number> {
  if (argv.some(isHelp)) {
    process.stdout.write(`${CONTROL_HELP}\n`);
    return 0;
  }
  let args: ControlArgs;
  try {
    args = parseControlArgs(argv);
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n`);
    return 2;
  }
  try {
    const { scene } = await loadScene(args.scenePath);
    const t0 = performance.now();
    const r = computeControl(scene, {
      ...(args.frames !== undefined ? { frames: args.frames } : {}),
      ...(args.pointsRatio !== undefined ? { pointsRatio: args.pointsRatio } : {}),
    });
    const ms = performance.now() - t0;
    for (const w of r.warnings) process.stderr.write(`warning: ${w}\n`);
    await writeControlOutputs(r, args.outDir, args.debug);
    const nk = r.keypoints.reduce((s, f) => s + f.length, 0);
    process.stderr.write(
      `wrote ${args.outDir}: ${r.frames} frames ${r.width}x${r.height}, ${nk} keypoints (${ms.toFixed(0)} ms)\n`,
    );
    return 0;
  } catch (e) {
    if (e instanceof ControlError || e instanceof SceneFormatError) {
      process.stderr.write(`refused: ${e.message}\n`);
      return 2;
    }
    // A WriteError's message names the file and says the previous one was kept.
    process.stderr.write(`control failed: ${(e as Error).message}\n`);
    if (e instanceof WriteError && e.code === 'disk-full')
      process.stderr.write('Free some disk space, or choose another --out folder, and run it again.\n');
    return 1;
  }
}
