import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseModelsArgs, tokenOf } from '../../src-main/cli/models';
import { RecoveryStore, writeArchive } from '../../src-main/services/projects';
import { SceneFormatError, loadScene } from '../../src-main/services/scene/loadScene';
import { makeProject } from './projectFixture';

// Files named by outside input (a folder others can write, a CLI argument) are read with a bound: a FIFO
// (which hung the reader for good), a huge sparse file or a folder is refused at once with the reason.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-bounded-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const fifo = (path: string): void => void execFileSync('mkfifo', [path]);
/** A sparse file of `bytes` (no disk used). */
async function sparse(path: string, bytes: number): Promise<void> {
  const h = await open(path, 'w');
  await h.truncate(bytes);
  await h.close();
}

describe('recovery list', () => {
  it('skips a FIFO, a huge, a folder and a broken <id>.json, saying why, and lists the good one', async () => {
    const rec = join(dir, 'recovery');
    const store = new RecoveryStore(rec);
    await store.write('good', null, await makeProject());
    for (const id of ['fifo', 'huge', 'folder', 'broken', 'orphan'])
      await writeFile(join(rec, `${id}.levitor`), writeArchive(await makeProject()));
    fifo(join(rec, 'fifo.json'));
    await sparse(join(rec, 'huge.json'), 200 << 20);
    await mkdir(join(rec, 'folder.json'));
    await writeFile(join(rec, 'broken.json'), '{"id": "broken", "na');
    await writeFile(
      join(rec, 'stray.json'),
      JSON.stringify({ id: 'stray', projectPath: null, name: 'x', savedAt: 'y' }),
    );
    const { entries, skipped } = await store.scan();
    expect(entries.map((e) => e.id)).toEqual(['good']);
    expect(Object.fromEntries(skipped.map((s) => [s.file, s.reason]))).toEqual({
      'fifo.json': 'not a regular file',
      'huge.json': 'larger than 65536 bytes',
      'folder.json': 'not a regular file',
      'broken.json': expect.stringMatching(/^not JSON/),
      'stray.json': 'stray.levitor is missing',
    });
    expect((await store.list()).map((e) => e.id)).toEqual(['good']);
  }, 10_000);
});

describe('levitor control / render scene files', () => {
  it('refuses a scene.json that is a FIFO or larger than 16 MiB, at once', async () => {
    const a = join(dir, 'scene-fifo');
    await mkdir(a);
    fifo(join(a, 'scene.json'));
    await expect(loadScene(join(a, 'scene.json'))).rejects.toThrow(/scene\.json: not a regular file/);
    const b = join(dir, 'scene-huge');
    await mkdir(b);
    await sparse(join(b, 'scene.json'), 64 << 20);
    const err = await loadScene(b).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SceneFormatError);
    expect((err as Error).message).toMatch(/larger than 16777216 bytes/);
  }, 10_000);

  it('refuses a depth file that is a FIFO', async () => {
    const s = join(dir, 'scene-depth-fifo');
    await mkdir(s);
    fifo(join(s, 'depth.f32'));
    await writeFile(
      join(s, 'scene.json'),
      JSON.stringify({
        format: 'levitor-scene',
        version: 1,
        width: 8,
        height: 8,
        frames: 2,
        depth: { file: 'depth.f32', kind: 'z0' },
        objects: [],
        autoMasks: [],
      }),
    );
    await expect(loadScene(s)).rejects.toThrow(/depth\.f32: not a regular file/);
  }, 10_000);
});

describe('levitor models --token-file', () => {
  it('reads the token from a file (first line), refuses a large file or a FIFO, and keeps --token and $HF_TOKEN', async () => {
    const file = join(dir, 'token');
    await writeFile(file, 'hf_secret\n# comment\n');
    const args = (...a: string[]) => parseModelsArgs(['install', 'x', ...a]);
    expect(await tokenOf(args('--token-file', file), {})).toBe('hf_secret');
    expect(await tokenOf(args('--token', 'hf_arg'), {})).toBe('hf_arg');
    expect(await tokenOf(args(), { HF_TOKEN: 'hf_env' })).toBe('hf_env');
    await sparse(join(dir, 'big-token'), 1 << 20);
    await expect(tokenOf(args('--token-file', join(dir, 'big-token')), {})).rejects.toThrow(
      /larger than 4096 bytes/,
    );
    fifo(join(dir, 'token-fifo'));
    await expect(tokenOf(args('--token-file', join(dir, 'token-fifo')), {})).rejects.toThrow(
      /not a regular file/,
    );
    await writeFile(join(dir, 'empty-token'), '\n');
    await expect(tokenOf(args('--token-file', join(dir, 'empty-token')), {})).rejects.toThrow(
      /holds no token/,
    );
  });
});
