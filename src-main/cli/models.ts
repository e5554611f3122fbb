import { catalogueApproxBytes, TRUST_ON_FIRST_USE_NOTE } from '../../src-shared/models/catalogue';
import { GraphContract, ModelRole } from '../../src-shared/models/manifest';
import { defaultModelsDir } from '../services/models/paths';
import { ModelError, PAUSE_REASON, redactTokens } from '../services/models/errors';
import { plainHttpNote } from '../services/models/http';
import { ModelService, type ModelsProgress } from '../services/models/service';
import { formatBytes } from '../../src-shared/models/format';
import { probeProviders } from './probeProviders';
import { readSecretInput } from './secretInput';
import { TRITON_REPO_FLAGS, TRITON_REPO_USAGE, tritonRepoCommand } from './tritonRepo';

export const MODELS_USAGE = `levitor models <command> [--models-dir DIR]   (default: $LEVITOR_MODELS_DIR or the app's user-data folder)
  list                                    installed models (role, size, licence, default)
  catalogue                               known models with sizes and licences
  install <folder|zip|url|catalogue-id>   [--id ID] [--name NAME] [--contract C] [--sha256 HEX] [--token-file F] [--replace]
  install levitor-svd-xt [--from DIR] [--precision fp16|fp32] [--size WxH] [--frames N] [--decode-chunk N]
                                          precision: default float16 graphs when generation runs on a GPU
                                          here (CUDA, DirectML, CoreML), float32 on the CPU
                                          the video model from the hub (gated: request access, then a token), or
                                          with --from from DIR/stable-video-diffusion-img2vid-xt + DIR/LeviTor
                                          (git clones) or a Hugging Face cache folder, without downloading
  verify <id>                             re-hash every file against the manifest
  repair <id> [--token-file F]            re-download only the broken files
  remove <id>
  default <role> <id|none>                the model used for segmentation / depth / video
${TRITON_REPO_USAGE}
Token (sent only to https://huggingface.co and https://hf.co, never to other hosts or redirect targets;
  never written to a file by the studio): $HF_TOKEN, or --token-file FILE (the token on its first line;
  "-" reads it from standard input). --token T works too, but avoid it: a command's arguments are visible
  to every user of this computer (ps, /proc) and stay in your shell's history. $HF_ENDPOINT names a hub
  mirror, which then gets the token too (https, or http on this machine only).
Addresses: the command line fetches any address you type, this computer's included; over plain http the
  file is not protected in transit unless --sha256 is given.
Pause: Ctrl+C stops a download and keeps what arrived (in <models-dir>/.downloads); running the same install
  command again resumes it from the last byte, after re-checking the files already there.`;

export interface ParsedArgs {
  positional: string[];
  flags: Map<string, string | true>;
}

const VALUE_FLAGS = new Set([
  '--models-dir',
  '--id',
  '--name',
  '--contract',
  '--sha256',
  '--token',
  '--token-file',
  '--from',
  '--precision',
  '--size',
  '--frames',
  '--decode-chunk',
  ...TRITON_REPO_FLAGS,
]);
const BOOL_FLAGS = new Set(['--replace', '--help']);

export function parseModelsArgs(argv: readonly string[]): ParsedArgs {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (VALUE_FLAGS.has(a)) {
      const v = argv[++i];
      if (v === undefined) throw new ModelError('invalid', `${a} needs a value`);
      flags.set(a, v);
    } else if (BOOL_FLAGS.has(a)) flags.set(a, true);
    else if (a.startsWith('--')) throw new ModelError('invalid', `unknown option ${a}`);
    else positional.push(a);
  }
  return { positional, flags };
}

function fmtSeconds(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '--';
  const r = Math.round(s);
  return r >= 60 ? `${Math.floor(r / 60)}m${String(r % 60).padStart(2, '0')}s` : `${r}s`;
}

/** `download [#########-----------]  45.0 MB / 111 MB  12.3 MB/s  ETA 5s` */
export function modelsProgressLine(p: ModelsProgress, width = 24): string {
  const frac = p.totalBytes ? Math.min(1, p.receivedBytes / p.totalBytes) : 0;
  const filled = Math.round(frac * width);
  const total = p.totalBytes !== undefined ? formatBytes(p.totalBytes) : '?';
  return `${p.phase.padEnd(8)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${formatBytes(p.receivedBytes)} / ${total}  ${formatBytes(Math.round(p.bytesPerSecond))}/s  ETA ${fmtSeconds(p.etaSeconds)}`;
}

function progressPrinter(): (p: ModelsProgress) => void {
  const tty = process.stderr.isTTY;
  return (p) => {
    if (p.phase !== 'download') return; // hashing/copying of local files is quick next to a download
    if (tty) process.stderr.write(`\r${modelsProgressLine(p)}${p.done ? '\n' : ''}`);
    else if (p.done) process.stderr.write(`${modelsProgressLine(p)}\n`);
  };
}

/** --from, --precision, --size WxH, --frames, --decode-chunk (the video model only). */
function videoFlags(args: ParsedArgs): {
  from?: string;
  precision?: 'fp16' | 'fp32';
  shape?: { width: number; height: number; frames: number; decodeChunk: number };
} {
  const get = (k: string): string | undefined => args.flags.get(k) as string | undefined;
  const precision = get('--precision');
  if (precision !== undefined && precision !== 'fp16' && precision !== 'fp32') {
    throw new ModelError('invalid', `--precision must be fp16 or fp32, not ${precision}`);
  }
  const size = get('--size');
  const m = size === undefined ? null : /^(\d+)x(\d+)$/.exec(size);
  if (size !== undefined && !m) throw new ModelError('invalid', `--size must be WIDTHxHEIGHT, e.g. 288x512`);
  const int = (k: string, d: number): number => {
    const v = get(k);
    if (v === undefined) return d;
    if (!/^\d+$/.test(v)) throw new ModelError('invalid', `${k} must be a whole number`);
    return Number(v);
  };
  const shaped = m || get('--frames') !== undefined || get('--decode-chunk') !== undefined;
  const frames = int('--frames', 16);
  return {
    ...(get('--from') !== undefined ? { from: get('--from')! } : {}),
    ...(precision ? { precision } : {}),
    ...(shaped
      ? {
          shape: {
            width: m ? Number(m[1]) : 288,
            height: m ? Number(m[2]) : 512,
            frames,
            decodeChunk: int('--decode-chunk', frames),
          },
        }
      : {}),
  };
}

const out = (s: string): boolean => process.stdout.write(`${s}\n`);

/** A token is a line of a few dozen characters; a larger "token file" is a mistake, not read whole. */
const MAX_TOKEN_FILE_BYTES = 4096;

/**
 * The hub token: --token-file (a file or "-" for stdin, bounded), else --token, else $HF_TOKEN. A file
 * keeps it out of the process list, where --token shows it to every user of the machine.
 */
export async function tokenOf(
  args: ParsedArgs,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | undefined> {
  const file = args.flags.get('--token-file') as string | undefined;
  if (file !== undefined) {
    let text: string;
    try {
      text = await readSecretInput('--token-file', file, MAX_TOKEN_FILE_BYTES);
    } catch (e) {
      throw new ModelError('invalid', (e as Error).message);
    }
    const token = text.split(/\r?\n/)[0]?.trim() ?? '';
    if (!token) throw new ModelError('invalid', `--token-file ${file} holds no token on its first line`);
    return token;
  }
  return (args.flags.get('--token') as string | undefined) ?? env['HF_TOKEN'];
}

async function run(
  cmd: string,
  args: ParsedArgs,
  service: ModelService,
  signal: AbortSignal,
): Promise<number> {
  const [, a1, a2] = args.positional;
  const token = await tokenOf(args);
  const need = (v: string | undefined, what: string): string => {
    if (!v) throw new ModelError('invalid', `missing ${what}\n${MODELS_USAGE}`);
    return v;
  };
  switch (cmd) {
    case 'list': {
      const { models, broken } = await service.list();
      if (models.length === 0 && broken.length === 0) out(`no models installed in ${service.registry.root}`);
      for (const m of models) {
        const l = m.manifest.licence;
        out(
          `${m.isDefault ? '*' : ' '} ${m.manifest.id.padEnd(32)} ${m.manifest.role.padEnd(12)} ${formatBytes(m.bytes).padStart(8)}  ${l.spdx}  ${m.manifest.contract}`,
        );
      }
      for (const b of broken) out(`! ${b.folder}: ${b.error}`);
      return 0;
    }
    case 'catalogue': {
      for (const e of service.catalogue()) {
        const size = catalogueApproxBytes(e);
        out(
          `${e.id.padEnd(32)} ${e.role.padEnd(12)} ${(size !== undefined ? `~${formatBytes(size)}` : 'build').padStart(9)}  ${e.licence.spdx}${e.licence.redistributable ? '' : ' (not redistributable)'}`,
        );
        out(
          `    ${e.name} - ${e.repo}${e.download.kind === 'build' ? `\n    ${e.download.instructions}` : ''}`,
        );
      }
      out(`\n${TRUST_ON_FIRST_USE_NOTE}`);
      return 0;
    }
    case 'install': {
      const contract = args.flags.get('--contract');
      const source = need(a1, 'what to install');
      const note = plainHttpNote(source, args.flags.get('--sha256') as string | undefined);
      if (note) process.stderr.write(`note: ${note}\n`);
      const m = await service.install({
        source,
        id: args.flags.get('--id') as string | undefined,
        name: args.flags.get('--name') as string | undefined,
        contract: contract === undefined ? undefined : GraphContract.parse(contract),
        sha256: (args.flags.get('--sha256') as string | undefined)?.toLowerCase(),
        replace: args.flags.has('--replace'),
        token,
        signal,
        ...videoFlags(args),
      });
      out(
        `installed ${m.manifest.id} (${m.manifest.role}, ${m.manifest.contract}, ${formatBytes(m.bytes)}) in ${m.dir}`,
      );
      for (const f of m.manifest.files) out(`  ${f.sha256}  ${f.path}`);
      return 0;
    }
    case 'verify':
    case 'repair': {
      const id = need(a1, 'model id');
      const r =
        cmd === 'verify' ? await service.verify(id, { signal }) : await service.repair(id, { signal, token });
      for (const f of r.files) out(`${f.status.padEnd(15)} ${f.path}`);
      out(r.ok ? `${id}: all files verified` : `${id}: broken files found; run: levitor models repair ${id}`);
      return r.ok ? 0 : 3;
    }
    case 'remove':
      await service.remove(need(a1, 'model id'));
      out(`removed ${a1}`);
      return 0;
    case 'default': {
      const role = ModelRole.parse(need(a1, 'role'));
      const id = need(a2, 'model id or "none"');
      await service.setDefault(role, id === 'none' ? null : id);
      out(id === 'none' ? `no default ${role} model` : `default ${role} model: ${id}`);
      return 0;
    }
    case 'triton-repo':
      return tritonRepoCommand(service.registry, a1, args.flags, signal);
    default:
      throw new ModelError('invalid', `unknown models command ${cmd}\n${MODELS_USAGE}`);
  }
}

function stopLine(e: ModelError): string {
  if (e.code === 'cancelled') return 'cancelled';
  if (e.code === 'paused') return 'paused: what was downloaded is kept; run the same command again to resume';
  return `error (${e.code}): ${redactTokens(e.message, [process.env['HF_TOKEN']])}`;
}

/**
 * `levitor models ...`: returns the exit code (0 ok, 1 failure, 2 refused arguments, 3 verify found
 * damage, 130 paused by Ctrl+C).
 */
export async function modelsCommand(argv: readonly string[]): Promise<number> {
  const ac = new AbortController();
  // Ctrl+C pauses: the partial download stays and the same command resumes it.
  const onSigint = (): void => ac.abort(PAUSE_REASON);
  process.once('SIGINT', onSigint);
  try {
    const args = parseModelsArgs(argv);
    const cmd = args.positional[0];
    if (!cmd || args.flags.has('--help')) {
      out(MODELS_USAGE);
      return cmd ? 0 : 2;
    }
    const dir = (args.flags.get('--models-dir') as string | undefined) ?? defaultModelsDir();
    const service = new ModelService({
      modelsDir: dir,
      // The person at the terminal typed the address: a server on this computer is theirs to use.
      allowLocalAddresses: true,
      onProgress: progressPrinter(),
      // asked only when installing the video model without --precision
      executionProviders: () => probeProviders(),
    });
    return await run(cmd, args, service, ac.signal);
  } catch (e) {
    if (e instanceof ModelError) {
      process.stderr.write(`\n${stopLine(e)}\n`);
      if (e.code === 'paused') return 130; // the shell's code for a Ctrl+C stop
      return e.code === 'invalid' || e.code === 'unrecognized' ? 2 : 1;
    }
    const text = e instanceof Error ? e.message : String(e);
    process.stderr.write(`\nmodels failed: ${redactTokens(text, [process.env['HF_TOKEN']])}\n`);
    return e instanceof Error && e.name === 'ZodError' ? 2 : 1;
  } finally {
    process.off('SIGINT', onSigint);
  }
}
