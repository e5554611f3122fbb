import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(import.meta.dirname, '../../..');
const ENTRY = resolve(ROOT, 'out/main/browserHost.js');

export interface RunningHost {
  readonly url: string;
  readonly process: ChildProcess;
  /** Everything the host printed, for failure messages. */
  readonly log: () => string;
  dispose(): Promise<void>;
}

/** The test runner builds before e2e; a developer running this file alone gets a clear instruction. */
export function assertBuilt(): void {
  for (const p of [ENTRY, resolve(ROOT, 'out/renderer/index.html')]) {
    if (!existsSync(p)) throw new Error(`${p} is missing: run \`npm run build\` before the e2e tests`);
  }
}

/**
 * Starts the real browser host (same services as Electron main) and waits for the URL it prints. Unless
 * the test names them, the host gets a fresh data folder (LEVITOR_DATA_DIR: recent projects, recovery
 * files), models folder and home folder (HOME: where its in-app file picker may go) in a temporary
 * folder, so nothing comes from or goes to the developer's own studio, and every test starts as a first
 * run does on a fresh machine.
 */
export async function startBrowserHost(
  extraEnv: Record<string, string> = {},
  args: readonly string[] = [],
): Promise<RunningHost> {
  assertBuilt();
  const needs = ['LEVITOR_DATA_DIR', 'HOME'].some((k) => !extraEnv[k]);
  const own = needs ? mkdtempSync(join(tmpdir(), 'levitor-host-')) : null;
  const defaults: Record<string, string> = own
    ? {
        LEVITOR_DATA_DIR: join(own, 'data'),
        LEVITOR_MODELS_DIR: join(own, 'models'),
        HOME: join(own, 'home'),
      }
    : {};
  if (own) mkdirSync(join(own, 'home'));
  const child = spawn(process.execPath, [ENTRY, ...args], {
    cwd: ROOT,
    env: { ...process.env, ...defaults, ...extraEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`browser host printed no URL in 60 s:\n${output}`)),
      60_000,
    );
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /(http:\/\/(?:127\.0\.0\.1|localhost):\d+\/\S*token=[\w-]+)/.exec(output);
      if (m?.[1]) {
        clearTimeout(timer);
        resolveUrl(m[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`browser host exited with ${code} before printing a URL:\n${output}`));
    });
  });
  return {
    url,
    process: child,
    log: () => output,
    async dispose() {
      try {
        await stop();
      } finally {
        if (own) rmSync(own, { recursive: true, force: true });
      }
    },
  };

  async function stop() {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }
}
