import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadSvdPack } from '../inference/models/svd/manifest';
import { svdParamsSchema, type SvdParamsInput } from '../inference/models/svd/params';
import { computeControl, ControlError } from '../../src-shared/control';
import { runSvdGenerate } from '../inference/models/svd/job';
import {
  loadScene,
  readSceneFile,
  readSceneJson,
  sceneJsonPath,
  scenePart,
  SceneFormatError,
} from '../services/scene/loadScene';
import { DEFAULT_SCENE_FRAMING, fitSceneToSize } from '../services/scene/resample';
import type { FitMode, Framing } from '../../src-shared/image/framing';
import { generationInputRgb8 } from '../services/images/decodeRgb';
import type { SvdProgress } from '../inference/models/svd/pipeline';
import { runRemoteJob } from '../services/remote/job';
import type { RemoteServer } from '../services/remote/url';
import { parseHeaderLines, readSecretInput } from './secretInput';

/** Control map [F,3,H,W] for a scene file (the control engine, or a precomputed control.f32). */
export type ControlSource = (
  scenePath: string,
  size: { width: number; height: number; frames: number },
  pointsRatio?: number,
  framing?: Framing,
) => Promise<Float32Array>;

/**
 * The studio's control engine (docs/levitor-method.md sections 1-7) on a scene folder, at the pack's
 * size: a scene of another size is resampled as the studio does (fitSceneToSize), and says so.
 */
export const engineControl: ControlSource = async (scenePath, size, pointsRatio, framing) => {
  const loaded = await loadScene(scenePath);
  const { scene, note } = fitSceneToSize(loaded.scene, size.width, size.height, framing);
  if (note) process.stderr.write(`note: ${note}\n`);
  if (loaded.scene.frames !== size.frames)
    process.stderr.write(
      `note: the scene asks for ${loaded.scene.frames} frames; the pack renders ${size.frames}, so the trajectories are sampled at ${size.frames}\n`,
    );
  const r = computeControl(scene, {
    frames: size.frames,
    ...(pointsRatio !== undefined ? { pointsRatio } : {}),
  });
  for (const w of r.warnings) process.stderr.write(`control: ${w}\n`);
  return r.control;
};

export interface RenderOptions {
  scenePath: string;
  packDir: string;
  outPath: string;
  imagePath?: string; // default: the scene's optional "image" field
  controlPath?: string; // raw float32 [F,3,H,W] (`levitor control` output); else `controlSource`
  controlSource?: ControlSource; // default: the control engine on the scene (engineControl)
  pointsRatio?: number; // overrides the scene's pointsRatio
  fit?: FitMode; // a scene of another size than the pack's: how it is framed (default crop, as the studio)
  params?: SvdParamsInput;
  providers?: string[];
  /** a Triton server serving this pack (levitor_generate): the diffusion runs there */
  server?: RemoteServer;
  onProgress?: (p: SvdProgress) => void;
  signal?: AbortSignal;
}

async function readControl(
  path: string,
  size: { width: number; height: number; frames: number },
): Promise<Float32Array> {
  const { width, height, frames } = size;
  const expected = frames * 3 * width * height;
  // Bounded: a file larger than the pack needs (or a FIFO, /dev/zero) is refused, not read whole.
  const buf = await readSceneFile(
    path,
    expected * 4,
    () =>
      new Error(`${path}: larger than the ${expected * 4} bytes of float32 [${frames},3,${height},${width}]`),
  );
  if (buf.length !== expected * 4)
    throw new Error(
      `${path}: ${buf.length} bytes, but the pack needs float32 [${frames},3,${height},${width}] (${expected * 4} bytes). ` +
        'A control file cannot be resampled; leave out --control to compute it from the scene at the pack size.',
    );
  return new Float32Array(buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length));
}

/** RGB8 frames -> H.264 MP4 (yuv420p, widely playable) with the bundled ffmpeg. */
export async function encodeMp4(
  frames: Uint8Array[],
  width: number,
  height: number,
  fps: number,
  outPath: string,
): Promise<void> {
  const { default: ffmpeg } = (await import('@ffmpeg-installer/ffmpeg')) as { default: { path: string } };
  const args = [
    '-y',
    '-loglevel',
    'error',
    '-f',
    'rawvideo',
    '-pix_fmt',
    'rgb24',
    '-s',
    `${width}x${height}`,
    '-r',
    String(fps),
    '-i',
    '-',
  ];
  // yuv420p needs even sizes: pad by one pixel where needed rather than refuse
  args.push(
    '-vf',
    'pad=ceil(iw/2)*2:ceil(ih/2)*2',
    '-c:v',
    'libx264',
    '-pix_fmt',
    'yuv420p',
    '-crf',
    '17',
    '-movflags',
    '+faststart',
    // 'file:' makes ffmpeg take the rest as a plain path, never as another protocol ('concat:', 'http:').
    `file:${resolve(outPath)}`,
  );
  await new Promise<void>((ok, fail) => {
    const child = spawn(ffmpeg.path, args, { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0 ? ok() : fail(new Error(`ffmpeg exited ${code}: ${stderr.trim()}`)),
    );
    for (const f of frames) child.stdin.write(f);
    child.stdin.end();
  });
}

/** control + diffusion + encoding for one scene; returns the frame count written. */
export async function renderVideo(
  o: RenderOptions,
): Promise<{ frames: number; width: number; height: number }> {
  const pack = loadSvdPack(o.packDir);
  const m = pack.manifest;
  const scenePath = await sceneJsonPath(o.scenePath);
  const scene = await readSceneJson(scenePath);
  const { width, height } = m.resolution;
  const imagePath = o.imagePath ?? (scene.image ? scenePart(dirname(scenePath), scene.image) : undefined);
  if (!imagePath || !existsSync(imagePath))
    throw new Error('no input image: pass --image or set "image" in the scene');
  const framing: Framing = o.fit ? { fit: o.fit, frame: DEFAULT_SCENE_FRAMING.frame } : DEFAULT_SCENE_FRAMING;
  // The image gets the framing only when the scene does: a scene at the pack's size is already framed.
  const sameSize = scene.width === width && scene.height === height;
  const image = await generationInputRgb8(
    imagePath,
    width,
    height,
    sameSize ? { fit: 'stretch', frame: framing.frame } : framing,
  );
  const size = { width, height, frames: m.frames };
  let control: Float32Array;
  if (o.controlPath) control = await readControl(o.controlPath, size);
  else control = await (o.controlSource ?? engineControl)(scenePath, size, o.pointsRatio, framing);
  const params = svdParamsSchema.parse(o.params ?? {});
  const hooks = {
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
    ...(o.signal ? { signal: o.signal } : {}),
  };
  const result: { frames: Uint8Array[]; fallbackReason?: string } = o.server
    ? await runRemoteJob(o.server, { packDir: o.packDir, image, control, params }, hooks)
    : await runSvdGenerate(
        { packDir: o.packDir, image, control, params, ...(o.providers ? { providers: o.providers } : {}) },
        hooks,
      );
  if (result.fallbackReason) process.stderr.write(`warning: ${result.fallbackReason}\n`);
  await encodeMp4(result.frames, width, height, params.fps, o.outPath);
  return { frames: result.frames.length, width, height };
}

function fmtMs(ms: number): string {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

/** One terminal line: `denoise [#########-----------] 9/25  elapsed 12s  ETA 21s`. */
export function progressLine(p: SvdProgress, width = 24): string {
  const filled = Math.round((p.step / Math.max(p.steps, 1)) * width);
  const eta = p.etaMs === null ? '--' : fmtMs(p.etaMs);
  return `${p.phase.padEnd(7)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${p.step}/${p.steps}  elapsed ${fmtMs(p.elapsedMs)}  ETA ${eta}`;
}

const NUMERIC: Record<string, keyof SvdParamsInput> = {
  '--seed': 'seed',
  '--steps': 'steps',
  '--motion-bucket': 'motionBucketId',
  '--fps': 'fps',
  '--noise-aug': 'noiseAugStrength',
  '--min-guidance': 'minGuidance',
  '--max-guidance': 'maxGuidance',
  '--control-scale': 'controlScale',
  '--frames': 'frames',
};

export const RENDER_USAGE = `levitor render <scene folder | scene.json> --pack DIR --out video.mp4 [--image IMG] [--control control.f32]
  [--seed N] [--steps N] [--motion-bucket N] [--fps N] [--noise-aug X] [--min-guidance X] [--max-guidance X]
  [--control-scale X] [--frames N] [--points-ratio X] [--fit crop|letterbox|stretch] [--provider cpu|cuda]
  [--server grpc://HOST:PORT|https://HOST [--header-file FILE|-] [--header 'Name: value']...]
Control: the control engine on the scene folder (scene.json + depth + masks), or --control control.f32.
Image: --image, else the scene's "image" field. A scene of another size than the pack's is framed into the
pack's size by the studio's rule, --fit (default crop: the centre of the picture; letterbox: all of it with
black bars; stretch: all of it, distorted, as the reference does), and a note says so. Format:
docs/scene-format.md.
Server: --server sends the diffusion to a Triton server that serves the same pack (its levitor_generate model,
docs/triton.md); --pack still names the local pack whose identity the server must match. --header-file
reads request headers, one 'Name: value' a line ("-": standard input), e.g. 'Authorization: Bearer ...' for
a TLS reverse proxy; they are sent only over TLS off loopback. --header 'Name: value' works too, but avoid
it for secrets: a command's arguments are visible to every user of the computer.
Run with --help for this text.`;

/** A few header lines; a larger "header file" is a mistake, not read whole. */
const MAX_HEADER_FILE_BYTES = 64 * 1024;

export type ParsedRenderArgs = Omit<RenderOptions, 'controlSource' | 'onProgress' | 'signal'> & {
  /** --header-file: read by `withHeaderFile` (a file, or "-" for standard input). */
  headerFile?: string;
};

/** Adds the headers of --header-file to the server's (a header given both ways: the file's wins). */
export async function withHeaderFile(opts: ParsedRenderArgs): Promise<ParsedRenderArgs> {
  if (opts.headerFile === undefined || !opts.server) return opts;
  const text = await readSecretInput('--header-file', opts.headerFile, MAX_HEADER_FILE_BYTES);
  const fromFile = parseHeaderLines(text, `--header-file ${opts.headerFile}`);
  return { ...opts, server: { ...opts.server, headers: { ...opts.server.headers, ...fromFile } } };
}

export function parseRenderArgs(argv: readonly string[]): ParsedRenderArgs {
  const params: Record<string, number> = {};
  const named: Record<string, string> = {};
  const headers: Record<string, string> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] ?? '';
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const v = argv[++i];
    if (v === undefined) throw new Error(`${a} needs a value`);
    const key = NUMERIC[a];
    if (key) {
      const n = Number(v);
      if (!Number.isFinite(n)) throw new Error(`${a}: not a number: ${v}`);
      params[key] = n;
    } else if (a === '--points-ratio') {
      const n = Number(v);
      if (!(n > 0)) throw new Error(`--points-ratio must be > 0, got ${v}`);
      named['points-ratio'] = v;
    } else if (a === '--fit') {
      if (!['crop', 'letterbox', 'stretch'].includes(v))
        throw new Error(`--fit must be crop, letterbox or stretch, got ${v}`);
      named['fit'] = v;
    } else if (a === '--header') {
      const colon = v.indexOf(':');
      if (colon <= 0) throw new Error(`--header must be 'Name: value', got a value without a name`);
      headers[v.slice(0, colon).trim()] = v.slice(colon + 1).trim();
    } else if (
      ['--pack', '--out', '--image', '--control', '--provider', '--server', '--header-file'].includes(a)
    )
      named[a.slice(2)] = v;
    else throw new Error(`unknown option ${a}\n${RENDER_USAGE}`);
  }
  const [scene] = positional;
  if (!scene || !named['pack'] || !named['out'] || positional.length > 1) throw new Error(RENDER_USAGE);
  if ((Object.keys(headers).length > 0 || named['header-file']) && !named['server'])
    throw new Error('--header and --header-file need --server');
  return {
    scenePath: resolve(scene),
    packDir: resolve(named['pack']),
    outPath: resolve(named['out']),
    params: svdParamsSchema.parse(params),
    ...(named['image'] ? { imagePath: resolve(named['image']) } : {}),
    ...(named['control'] ? { controlPath: resolve(named['control']) } : {}),
    ...(named['provider'] ? { providers: [named['provider'], 'cpu'] } : {}),
    ...(named['points-ratio'] ? { pointsRatio: Number(named['points-ratio']) } : {}),
    ...(named['fit'] ? { fit: named['fit'] as FitMode } : {}),
    ...(named['server'] ? { server: { url: named['server'], headers } } : {}),
    ...(named['header-file'] ? { headerFile: named['header-file'] } : {}),
  };
}

/** `levitor render`: exit code 0 ok, 2 bad arguments or refused scene, 1 other failures, 130 interrupted. */
export async function renderCommand(argv: readonly string[], controlSource?: ControlSource): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`usage: ${RENDER_USAGE}\n`);
    return 0;
  }
  let opts;
  try {
    opts = await withHeaderFile(parseRenderArgs(argv));
  } catch (err) {
    process.stderr.write(`${(err as Error).message}\n`);
    return 2;
  }
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  const tty = process.stderr.isTTY;
  try {
    const r = await renderVideo({
      ...opts,
      ...(controlSource ? { controlSource } : {}),
      signal: controller.signal,
      onProgress: (p) => process.stderr.write(tty ? `\r${progressLine(p)}` : `${progressLine(p)}\n`),
    });
    process.stderr.write(
      `${tty ? '\n' : ''}wrote ${opts.outPath} (${r.frames} frames, ${r.width}x${r.height})\n`,
    );
    return 0;
  } catch (err) {
    process.stderr.write(`\nrender failed: ${(err as Error).message}\n`);
    if (controller.signal.aborted) return 130;
    return err instanceof ControlError || err instanceof SceneFormatError ? 2 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
