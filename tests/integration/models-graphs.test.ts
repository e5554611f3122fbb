import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as ort from 'onnxruntime-node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCheckedSession } from '../../src-main/inference/checkedSession';
import { ModelError } from '../../src-main/services/models/errors';
import { inspectOnnx } from '../../src-main/services/models/onnxGraphInfo';
import { inspectOnnxIsolated } from '../../src-main/services/models/onnxIsolated';
import { defaultOnnxLimits } from '../../src-main/services/models/onnxProto';
import { ModelService } from '../../src-main/services/models/service';
import { externalWeightsModel, type ExternalPlacement } from './support/onnxGraphs';

/** Items 4 and 9 of issue 12: graphs are read with bounds, outside the main thread; external data stays home. */
const WORKER = resolve('out/main/onnxWorker.js');
const SECRET = Float32Array.of(101, 102, 103, 104, 105, 106);

let tmp: string;
beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-graphs-'));
});
afterEach(async () => {
  await rm(tmp, { recursive: true, force: true });
});

async function refusal(p: Promise<unknown>): Promise<ModelError> {
  const e = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e, 'expected a refusal').toBeInstanceOf(ModelError);
  return e as ModelError;
}

/** A model file of ~2 MB whose graph lists a million empty inputs (the audit's heap bomb, smaller). */
async function inputBomb(n = 1_000_000): Promise<string> {
  const inputs = Buffer.alloc(n * 2);
  for (let i = 0; i < n; i++) inputs[i * 2] = 0x5a; // field 11, length 0
  const len: number[] = [];
  for (let v = inputs.length; ; v = Math.floor(v / 128)) {
    if (v < 128) {
      len.push(v);
      break;
    }
    len.push((v & 0x7f) | 0x80);
  }
  const path = join(tmp, 'bomb.onnx');
  await writeFile(path, Buffer.concat([Buffer.from([0x3a, ...len]), inputs]));
  return path;
}

describe('reading graphs with bounds (item 4)', () => {
  it('refuses a graph with a million inputs at once, naming the bound', async () => {
    const path = await inputBomb();
    const t0 = performance.now();
    const e = await refusal(Promise.resolve().then(() => inspectOnnx(path)));
    expect(e.message).toMatch(/bomb\.onnx: more than 10000 graph inputs and outputs; refused/);
    expect(performance.now() - t0).toBeLessThan(5000);
  });

  it('the built worker answers like the in-thread reader, and its heap and clock are bounded', async () => {
    expect(existsSync(WORKER), `${WORKER} is missing: run npm run build first`).toBe(true);
    const [depth] = await inspectOnnxIsolated(['tests/fixtures/depth/depth_anything_v2_518.onnx'], {
      workerFile: WORKER,
    });
    expect(depth!.info.inputs).toEqual([{ name: 'image', dims: [1, 3, 518, 518], elemType: 1 }]);
    const bomb = await inputBomb();
    const unbounded = { ...defaultOnnxLimits, maxValueInfos: 1e9, maxFields: 1e12, maxMs: 1e9 };
    // With the count bound lifted, the heap cap stops it: the main thread never holds the million inputs.
    const heap = await refusal(
      inspectOnnxIsolated([bomb], { workerFile: WORKER, limits: unbounded, heapMb: 16 }),
    );
    expect(heap.message).toMatch(/needed more than 16 MB; refused|took longer/);
    const slow = await refusal(
      inspectOnnxIsolated([bomb], { workerFile: WORKER, limits: unbounded, timeMs: 50 }),
    );
    expect(slow.message).toMatch(/took longer than 0\.05 s; refused/);
  });
});

async function run(session: ort.InferenceSession): Promise<number[]> {
  const out = await session.run({ x: new ort.Tensor('float32', new Float32Array(6), [6]) });
  await session.release();
  return [...(out['y']!.data as Float32Array)];
}

describe('the built CLI reads graphs through its bundled worker', () => {
  it('refuses the input bomb with the bound named and a failing exit code, nothing installed', async () => {
    const src = join(tmp, 'bomb');
    await mkdir(src);
    const bomb = await inputBomb(2_000_000);
    execFileSync('mv', [bomb, join(src, 'model.onnx')]);
    const models = join(tmp, 'models');
    const r = spawnSync(
      process.execPath,
      [resolve('out/main/cli.js'), 'models', 'install', src, '--contract', 'sam-v1', '--models-dir', models],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect(r.stderr).toMatch(/more than 10000 graph inputs and outputs; refused/);
    expect(r.status).not.toBe(0);
    expect(await readdir(models)).toEqual([]);
  });
});

describe('external data stays in the model folder (item 9), at install and at load, real onnxruntime', () => {
  it('a graph with its weights beside it installs, loads and runs', async () => {
    const src = join(tmp, 'good');
    await mkdir(src);
    const graph = externalWeightsModel(src, 'model.onnx', 'model.onnx.data');
    await writeFile(join(src, 'model.onnx.data'), Buffer.from(Float32Array.of(1, 2, 3, 4, 5, 6).buffer));
    const service = new ModelService({ modelsDir: join(tmp, 'models'), isolation: { workerFile: WORKER } });
    const m = await service.install({ source: src, contract: 'sam-v1' });
    expect(m.manifest.files.map((f) => f.path)).toEqual(['model.onnx', 'model.onnx.data']);
    expect(await run(await createCheckedSession(graph, {}))).toEqual([1, 2, 3, 4, 5, 6]);
    expect(
      await run(await createCheckedSession(service.registry.filePath(m.manifest.id, 'model.onnx'), {})),
    ).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('onnxruntime alone reads a file outside the folder into the weights (why the check exists)', async () => {
    await writeFile(join(tmp, 'secret.bin'), Buffer.from(SECRET.buffer));
    const src = join(tmp, 'evil');
    await mkdir(src);
    const graph = externalWeightsModel(src, 'model.onnx', '../secret.bin');
    expect(await run(await ort.InferenceSession.create(graph))).toEqual([...SECRET]);
  });

  const cases: {
    name: string;
    location: (t: string) => string;
    placement?: ExternalPlacement;
    prepare?: (src: string, t: string) => Promise<void>;
    why: RegExp;
  }[] = [
    { name: '../ to a sibling file', location: () => '../secret.bin', why: /climbs out with "\.\."/ },
    { name: 'an absolute path', location: (t) => join(t, 'secret.bin'), why: /is an absolute path/ },
    { name: 'a Windows path', location: () => '..\\secret.bin', why: /uses "\\"/ },
    { name: 'a/../../ in the middle', location: () => 'a/../../secret.bin', why: /climbs out/ },
    {
      name: 'a Constant node tensor',
      location: () => '../secret.bin',
      placement: 'constant',
      why: /climbs out/,
    },
    {
      name: 'an If branch initializer',
      location: () => '../secret.bin',
      placement: 'if-branch',
      why: /climbs out/,
    },
    { name: 'a sparse initializer', location: () => '../secret.bin', placement: 'sparse', why: /climbs out/ },
    {
      name: 'a symlinked file',
      location: () => 'w.bin',
      prepare: (src, t) => symlink(join(t, 'secret.bin'), join(src, 'w.bin')),
      why: /symbolic link|missing/,
    },
    {
      name: 'a symlinked folder',
      location: () => 'd/secret.bin',
      prepare: (src, t) => symlink(t, join(src, 'd')),
      why: /symbolic link|missing/,
    },
    {
      name: 'a device through a symlink',
      location: () => 'zero.bin',
      prepare: (src) => symlink('/dev/zero', join(src, 'zero.bin')),
      why: /symbolic link|missing/,
    },
  ];

  for (const c of cases) {
    it(`refuses ${c.name}`, async () => {
      await writeFile(join(tmp, 'secret.bin'), Buffer.from(SECRET.buffer));
      const src = join(tmp, 'evil');
      await mkdir(src);
      const graph = externalWeightsModel(src, 'model.onnx', c.location(tmp), c.placement);
      await c.prepare?.(src, tmp);
      const modelsDir = join(tmp, 'models');
      const service = new ModelService({ modelsDir, isolation: { workerFile: WORKER } });
      const atInstall = await refusal(service.install({ source: src, contract: 'sam-v1' }));
      expect(atInstall.message).toMatch(c.why);
      expect(await readdir(modelsDir)).toEqual([]);
      // At load the file system is checked again (the symlinks are still there in the source folder).
      const atLoad = await refusal(createCheckedSession(graph, {}));
      expect(atLoad.message).toMatch(/symbolic link|climbs out|absolute|uses "\\"/);
    });
  }

  it.runIf(process.platform === 'linux')('refuses a FIFO as weights, without blocking', async () => {
    const src = join(tmp, 'fifo');
    await mkdir(src);
    const graph = externalWeightsModel(src, 'model.onnx', 'w.bin');
    execFileSync('mkfifo', [join(src, 'w.bin')]);
    const e = await refusal(createCheckedSession(graph, {}));
    expect(e.message).toMatch(/is not a regular file; refused/);
    // A FIFO as the graph itself is refused before it is opened (opening would wait for a writer).
    execFileSync('mkfifo', [join(src, 'g.onnx')]);
    expect((await refusal(createCheckedSession(join(src, 'g.onnx'), {}))).message).toMatch(
      /not a regular file/,
    );
  });
});
