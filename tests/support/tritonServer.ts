import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { TritonClient } from '../../src-main/services/remote/tritonClient';

/**
 * A real tritonserver (from the nvidia-pytriton wheel in a venv) for tests: 127.0.0.1 only, a free port,
 * HTTP and metrics off, bounded start, stopped by the test. LEVITOR_TRITON_VENV names the venv folder
 * (tools/.venv-triton); tests skip with `TRITON_SKIP` when it is not set.
 */
export const TRITON_VENV = process.env['LEVITOR_TRITON_VENV']
  ? resolve(process.env['LEVITOR_TRITON_VENV'])
  : '';
export const TRITON_SKIP = TRITON_VENV
  ? ''
  : 'LEVITOR_TRITON_VENV is not set: these tests need a venv with nvidia-pytriton (bash tools/triton/setup.sh makes tools/.venv-triton)';

function pytritonDir(venv: string): string {
  const lib = join(venv, 'lib');
  const py = existsSync(lib) ? readdirSync(lib).find((d) => /^python3\.\d+$/.test(d)) : undefined;
  return join(lib, py ?? 'python3.11', 'site-packages');
}

/** The venv's Python (numpy, onnxruntime, tritonclient[grpc]): what tests run Python clients with. */
export function tritonPython(venv = TRITON_VENV): string {
  return join(venv, 'bin', 'python');
}

export function freePort(): Promise<number> {
  return new Promise((ok, fail) => {
    const s = createServer();
    s.once('error', fail);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => ok(port));
    });
  });
}

export interface RunningTriton {
  url: string;
  port: number;
  log(): string;
  /** SIGKILL, as a crash would (the test of a server lost mid-job) */
  kill(): void;
  stop(): Promise<void>;
}

/** The Python backend with the stub for the venv's Python, laid out as tritonserver expects. */
function backendDir(venv: string, into: string): string {
  const dist = join(pytritonDir(venv), 'pytriton', 'tritonserver');
  const py = join(into, 'python');
  mkdirSync(py, { recursive: true });
  for (const f of ['libtriton_python.so', 'triton_python_backend_utils.py'])
    symlinkSync(join(dist, 'backends', 'python', f), join(py, f));
  const pyVersion = /python(3\.\d+)/.exec(pytritonDir(venv))?.[1] ?? '3.11';
  symlinkSync(
    join(dist, 'python_backend_stubs', pyVersion, 'triton_python_backend_stub'),
    join(py, 'triton_python_backend_stub'),
  );
  return into;
}

export async function startTriton(
  repo: string,
  opts: { port?: number; timeoutMs?: number } = {},
): Promise<RunningTriton> {
  const venv = TRITON_VENV;
  const bin = join(pytritonDir(venv), 'pytriton', 'tritonserver', 'bin', 'tritonserver');
  if (!existsSync(bin)) throw new Error(`no tritonserver at ${bin}`);
  const work = mkdtempSync(join(tmpdir(), 'triton-backends-'));
  const port = opts.port ?? (await freePort());
  const args = [
    `--model-repository=${repo}`,
    `--backend-directory=${backendDir(venv, work)}`,
    '--allow-http=false',
    '--allow-metrics=false',
    '--grpc-address=127.0.0.1',
    `--grpc-port=${port}`,
    '--exit-timeout-secs=3',
    '--log-verbose=0',
    // The Python backend names its shared memory by this prefix: servers running side by side (test files
    // in parallel workers, other checkouts on the machine) must not share it.
    `--backend-config=python,shm-region-prefix-name=levitor_${process.pid}_${port}_`,
  ];
  const child: ChildProcess = spawn(bin, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      // The backend stub runs the venv's Python (numpy, onnxruntime): first on PATH.
      PATH: `${join(venv, 'bin')}:${process.env['PATH'] ?? ''}`,
      LD_LIBRARY_PATH: join(pytritonDir(venv), 'nvidia_pytriton.libs'),
    },
  });
  let log = '';
  child.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  child.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `grpc://127.0.0.1:${port}`;
  const client = new TritonClient({ url, headers: {} });
  const deadline = Date.now() + (opts.timeoutMs ?? 30_000);
  try {
    for (;;) {
      if (child.exitCode !== null) throw new Error(`tritonserver exited ${child.exitCode}:\n${log}`);
      if (await client.serverReady().catch(() => false)) break;
      if (Date.now() > deadline) throw new Error(`tritonserver not ready in time:\n${log}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  } catch (e) {
    child.kill('SIGKILL');
    rmSync(work, { recursive: true, force: true });
    throw e;
  } finally {
    client.close();
  }
  if (process.env['LEVITOR_TRITON_DEBUG'])
    console.log(`tritonserver ready in ${Date.now() - deadline + (opts.timeoutMs ?? 30_000)} ms`);
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const t = setTimeout(() => child.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(t);
    }
    rmSync(work, { recursive: true, force: true });
  };
  return { url, port, log: () => log, kill: () => child.kill('SIGKILL'), stop };
}
