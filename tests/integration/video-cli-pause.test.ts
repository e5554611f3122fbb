import { spawn } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { catalogue } from '../../src-shared/models/catalogue';
import { HUB_TEMPLATE, resolvePath, serveGatedHub, SVD_REPO, UNET, unetPart } from '../support/svdHub';
import { startServer, type TestServer } from './models-support';

// `levitor models install levitor-svd-xt` as a user runs it (the built CLI in its own process), stopped
// with a real SIGINT (Ctrl+C) mid-UNet, then run again: it resumes from the byte where it stopped.
const CLI = resolve(import.meta.dirname, '../../out/main/cli.js');
const entry = catalogue.find((e) => e.id === 'levitor-svd-xt')!;
const TOKEN = 'hf_cliGrantedToken42';

describe('levitor models install levitor-svd-xt: Ctrl+C pauses, the same command resumes', () => {
  let server: TestServer;
  let root: string;
  beforeAll(async () => {
    server = await startServer();
    await serveGatedHub(server, entry, TOKEN, 16 * 1024);
    root = await mkdtemp(join(tmpdir(), 'video-cli-'));
  });
  afterAll(async () => {
    await server.close();
    await rm(root, { recursive: true, force: true });
  });

  function install(interruptAt?: number): Promise<{ code: number | null; stderr: string; stdout: string }> {
    const models = join(root, 'models');
    const child = spawn(process.execPath, [CLI, 'models', 'install', entry.id, '--models-dir', models], {
      env: {
        ...process.env,
        HF_ENDPOINT: server.base,
        HF_TOKEN: TOKEN,
        LEVITOR_VIDEO_TEMPLATE_DIR: HUB_TEMPLATE,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString()));
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    const poll =
      interruptAt === undefined
        ? undefined
        : setInterval(() => {
            void stat(unetPart(models)).then(
              // One Ctrl+C (a second one while it winds down would end the process outright).
              (s) => s.size >= interruptAt && !child.killed && child.kill('SIGINT'),
              () => undefined,
            );
          }, 20);
    return new Promise((done) =>
      child.once('exit', (code) => {
        clearInterval(poll);
        done({ code, stderr, stdout });
      }),
    );
  }

  it('keeps the partial file on Ctrl+C and resumes it with a Range request', async () => {
    const first = await install(300_000);
    expect(first.stderr).toMatch(/paused: what was downloaded is kept; run the same command again to resume/);
    expect(first.code).toBe(130);
    const kept = (await stat(unetPart(join(root, 'models')))).size;
    expect(kept).toBeGreaterThan(0);
    const seen = server.log.length;
    const second = await install();
    expect(second.stderr).not.toMatch(/error/);
    expect(second.code).toBe(0);
    expect(second.stdout).toMatch(/installed levitor-svd-xt \(video, levitor-video-pack-v1/);
    const asks = server.log.slice(seen).filter((l) => l.path === resolvePath(SVD_REPO, UNET));
    expect(asks.map((l) => l.range)).toEqual([`bytes=${kept}-`]);
    expect(first.stderr + second.stderr + second.stdout).not.toContain(TOKEN);
  }, 60_000);
});
