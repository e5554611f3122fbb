import { execFileSync, spawn } from 'node:child_process';
import { constants } from 'node:fs';
import { mkdir, mkdtemp, open, readFile, rename, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readGeometry } from '../../src-main/inference/models/sam2js/config';
import { packIdentity } from '../../src-main/inference/models/svd/identity';
import { loadSvdPack } from '../../src-main/inference/models/svd/manifest';
import { ModelRegistry } from '../../src-main/services/models/registry';
import { installVideoFromDir } from '../../src-main/services/models/videopack/install';
import { SVD_FIXTURES } from '../golden/svdGoldens';

/**
 * A hostile models folder as the studio finds it at start (another user, a synced folder, a crafted
 * copy): every manifest.json that is not a plain, bounded JSON file is listed as broken with the reason,
 * quickly, and the list still shows the good models. The manifest is read in one bounded open, so a file
 * swapped for a FIFO between a check and the read cannot hang the thread pool.
 */
let tmp: string;
let root: string;
let registry: ModelRegistry;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-minst-'));
  root = join(tmp, 'models');
  await mkdir(root);
  registry = new ModelRegistry(root);
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

function manifest(id: string): string {
  return JSON.stringify({
    format: 'levitor-model',
    formatVersion: 1,
    id,
    role: 'depth',
    name: id,
    contract: 'depth-anything-v2-standalone',
    source: { kind: 'local' },
    licence: { spdx: 'Apache-2.0', redistributable: true },
    files: [{ path: 'm.onnx', bytes: 1, sha256: '0'.repeat(64) }],
    installedAt: new Date(0).toISOString(),
  });
}

async function model(id: string, write: (path: string) => Promise<void>): Promise<void> {
  await mkdir(join(root, id, 'files'), { recursive: true });
  await write(join(root, id, 'manifest.json'));
}

/**
 * A second process could swap a file between a check and a read; here the test swaps `name` in `dir`
 * between a good file and a FIFO as fast as it can while `read` runs 300 times. Each read must parse the
 * good file or refuse the FIFO (or find the name missing mid-swap), never wait on it.
 */
async function swapRace(dir: string, name: string, content: string, read: () => Promise<unknown>) {
  const target = join(dir, name);
  const good = join(dir, 'good.tmp');
  const fifo = join(dir, 'fifo.tmp');
  await writeFile(good, content);
  execFileSync('mkfifo', [fifo]);
  let stop = false;
  const swapper = (async () => {
    while (!stop) {
      await rename(good, target).catch(() => undefined);
      await writeFile(good, content);
      await rename(fifo, target).catch(() => undefined);
      execFileSync('mkfifo', [fifo]);
    }
  })();
  const outcomes: string[] = [];
  try {
    for (let i = 0; i < 300; i++) {
      const r = await Promise.race([
        read().then(
          () => 'read',
          (e: Error) =>
            /not a regular file|is missing|not installed|not a preprocessor config|ENOENT/.test(e.message)
              ? 'refused'
              : e.message,
        ),
        new Promise<string>((ok) => setTimeout(() => ok('hung'), 2_000)),
      ]);
      expect(r).toMatch(/^(read|refused)$/);
      outcomes.push(r);
    }
  } finally {
    stop = true;
    await swapper.catch(() => undefined);
    // Release any reader a failed run left blocked on the FIFO (a writer end unblocks its open).
    for (const p of [target, fifo]) {
      const fh = await open(p, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
      await fh?.close();
    }
  }
  expect(outcomes.length).toBe(300);
}

describe('installed manifests from a hostile models folder', () => {
  it('lists links, FIFOs, devices, huge and malformed manifests as broken, with the reason', async () => {
    const outside = join(tmp, 'outside.json');
    await writeFile(outside, manifest('linked'));
    await model('good', (p) => writeFile(p, manifest('good')));
    await model('linked', (p) => symlink(outside, p));
    await model('zero', (p) => symlink('/dev/zero', p));
    await model('fifo', async (p) => {
      execFileSync('mkfifo', [p]);
    });
    await model('huge', async (p) => {
      const fh = await open(p, 'w');
      await fh.truncate(17 * 1024 ** 2);
      await fh.close();
    });
    await model('notjson', (p) => writeFile(p, '{"id": '));
    await model('other', (p) => writeFile(p, manifest('good')));
    await model('escape', (p) => writeFile(p, manifest('escape').replace('m.onnx', '../../../x')));
    const t0 = performance.now();
    const { models, broken } = await registry.list();
    expect(performance.now() - t0).toBeLessThan(5_000);
    expect(models.map((m) => m.manifest.id)).toEqual(['good']);
    const why = Object.fromEntries(broken.map((b) => [b.folder, b.error]));
    expect(why['linked']).toMatch(/not a regular file/);
    expect(why['zero']).toMatch(/not a regular file/);
    expect(why['fifo']).toMatch(/not a regular file/);
    expect(why['huge']).toMatch(/17825792 bytes; a model manifest is far smaller/);
    expect(why['notjson']).toMatch(/not valid JSON/);
    expect(why['other']).toMatch(/does not match its folder/);
    expect(why['escape']).toMatch(/invalid|outside/);
    expect(await readFile(outside, 'utf8')).toBe(manifest('linked'));
  });

  it('a manifest swapped for a FIFO while it is read never hangs the reader', async () => {
    await model('swap', (p) => writeFile(p, manifest('swap')));
    await swapRace(join(root, 'swap'), 'manifest.json', manifest('swap'), () =>
      registry.readManifest('swap'),
    );
  });

  it("a SAM2 model's preprocessor config swapped for a FIFO never hangs the inference host", async () => {
    const dir = join(tmp, 'sam2');
    await mkdir(dir);
    const config = JSON.stringify({ size: { height: 1024, width: 1024 } });
    await writeFile(join(dir, 'preprocessor_config.json'), config);
    await swapRace(dir, 'preprocessor_config.json', config, () =>
      readGeometry(join(dir, 'preprocessor_config.json')),
    );
  });
});

describe('video model --from a hostile Hugging Face cache folder', () => {
  it('a refs/main that is a FIFO is skipped, not waited on', async () => {
    const from = join(tmp, 'hf-cache');
    const refs = join(from, 'models--hlwang06--LeviTor', 'refs');
    await mkdir(refs, { recursive: true });
    const ref = join(refs, 'main');
    execFileSync('mkfifo', [ref]);
    try {
      const r = await Promise.race([
        installVideoFromDir(new ModelRegistry(root), from, {
          templateDir: join(SVD_FIXTURES, 'hub', 'template'),
          id: 'video',
          name: 'video',
          licence: { spdx: 'Apache-2.0', redistributable: true },
          source: { kind: 'local', repo: 'fixture' },
        }).then(
          () => 'installed',
          (e: Error) => e.message,
        ),
        new Promise<string>((ok) => setTimeout(() => ok('hung'), 5_000)),
      ]);
      expect(r).toMatch(/lacks .*LeviTor\//);
    } finally {
      // Release a reader a failed run left waiting on the FIFO.
      const fh = await open(ref, constants.O_WRONLY | constants.O_NONBLOCK).catch(() => undefined);
      await fh?.close();
    }
  });
});

describe('a video pack whose manifest.json is not a file', () => {
  it('is refused at once by the synchronous loader (main thread) and by the identity hash', async () => {
    const pack = join(tmp, 'pack');
    await mkdir(pack);
    const manifestPath = join(pack, 'manifest.json');
    execFileSync('mkfifo', [manifestPath]);
    // A reader that blocked on the FIFO (the old code) is released after 2 s by this writer, so a failure
    // shows as a slow call instead of a test run that never ends.
    const writer = spawn('timeout', ['4', 'sh', '-c', `sleep 2; : > '${manifestPath}'`], {
      stdio: 'ignore',
    });
    try {
      const t0 = performance.now();
      expect(() => loadSvdPack(pack)).toThrow(/is not a regular file/);
      await expect(packIdentity(pack)).rejects.toThrow(/is not a regular file/);
      expect(performance.now() - t0).toBeLessThan(1_000);
      await rm(manifestPath);
      const fh = await open(manifestPath, 'w');
      await fh.truncate(5 * 1024 ** 2);
      await fh.close();
      expect(() => loadSvdPack(pack)).toThrow(/is 5242880 bytes, far more than a pack manifest/);
    } finally {
      writer.kill();
    }
  });
});
