import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/**
 * A real `tritonserver` (from the nvidia-pytriton wheel in tools/.venv-triton, made by
 * tools/triton/setup.sh) for tests: 127.0.0.1 only, a random free gRPC port, HTTP and metrics off, a
 * bounded start, stopped by the test. Tests that need it skip unless LEVITOR_TRITON_VENV names the venv.
 */
export const TRITON_VENV = process.env['LEVITOR_TRITON_VENV']
  ? resolve(process.env['LEVITOR_TRITON_VENV'])
  : '';
export const TRITON_SKIP_REASON =
  'LEVITOR_TRITON_VENV is not set: run `bash tools/triton/setup.sh` and set LEVITOR_TRITON_VENV=tools/.venv-triton to test against a real Triton server';

export interface TritonServer {
  /** host:port of the gRPC endpoint. */
  url: string;
  port: number;
  process: ChildProcess;
  log(): string;
  /** SIGTERM, then SIGKILL after `graceMs`; resolves when the process is gone. */
  stop(graceMs?: number): Promise<void>;
}

export function tritonPaths(venv = TRITON_VENV): {
  python: string;
  binary: string;
  libs: string;
  backends: string;
} {
  const lib = join(venv, 'lib');
  const py = existsSync(lib) ? readdirSync(lib).find((d) => /^python3\.\d+$/.test(d)) : undefined;
  if (!py) throw new Error(`${venv} is not a Python venv: run bash tools/triton/setup.sh`);
  const site = join(lib, py, 'site-packages');
  const paths = {
    python: join(venv, 'bin', 'python'),
    binary: join(site, 'pytriton', 'tritonserver', 'bin', 'tritonserver'),
    libs: join(site, 'nvidia_pytriton.libs'),
    backends: join(venv, 'triton-backends'),
  };
  for (const p of Object.values(paths))
    if (!existsSync(p)) throw new Error(`${p} is missing: run bash tools/triton/setup.sh`);
  return paths;
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const s = createServer();
    s.once('error', rej);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => res(port));
    });
  });
}

export async function startTritonServer(
  repository: string,
  opts: { venv?: string; startMs?: number } = {},
): Promise<TritonServer> {
  const p = tritonPaths(opts.venv);
  const port = await freePort();
  const args = [
    `--model-repository=${repository}`,
    `--backend-directory=${p.backends}`,
    '--allow-http=false',
    '--allow-metrics=false',
    '--allow-grpc=true',
    '--grpc-address=127.0.0.1',
    `--grpc-port=${port}`,
    '--exit-timeout-secs=5',
    '--log-verbose=0',
    // Each server needs its own shared-memory names: tests (and other engineers' servers) run side by side.
    `--backend-config=python,shm-region-prefix-name=levitor_${process.pid}_${port}_`,
  ];
  const env = {
    ...process.env,
    PATH: `${join(p.python, '..')}:${process.env['PATH'] ?? ''}`,
    LD_LIBRARY_PATH: [p.libs, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':'),
  };
  const child = spawn(p.binary, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  const onData = (d: Buffer): void => {
    log = (log + d.toString()).slice(-200_000);
  };
  child.stdout.on('data', onData);
  child.stderr.on('data', onData);
  const exited = new Promise<void>((res) => child.once('exit', () => res()));
  const stop = async (graceMs = 8000): Promise<void> => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const t = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(t);
  };
  const startMs = opts.startMs ?? 60_000;
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => {
      void stop(1000);
      rej(new Error(`tritonserver did not start within ${startMs / 1000} s:\n${log.slice(-4000)}`));
    }, startMs);
    const check = (): void => {
      if (log.includes(`Started GRPCInferenceService at 127.0.0.1:${port}`)) {
        clearTimeout(timer);
        res();
      }
    };
    child.stdout.on('data', check);
    child.stderr.on('data', check);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      rej(new Error(`tritonserver exited (${code ?? signal}) while starting:\n${log.slice(-4000)}`));
    });
  });
  return { url: `127.0.0.1:${port}`, port, process: child, log: () => log, stop };
}
