import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { forkLauncher, InferenceClient, type HostStatusEvent } from '../../src-main/inference/client';
import { addModel, matMulModel } from './support/onnxGraphs';

// The real host, built by `npm run build` (npm test builds before the integration project): the same
// bundle the app and the browser host fork, run under plain Node with the real onnxruntime-node.
const ENTRY = resolve(import.meta.dirname, '../../out/main/inferenceHost.js');

describe('inference host (child process, real onnxruntime-node)', () => {
  let dir: string;
  let client: InferenceClient;
  const statuses: HostStatusEvent[] = [];

  beforeAll(async () => {
    if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
    dir = mkdtempSync(join(tmpdir(), 'levitor-host-'));
    client = new InferenceClient({
      launch: forkLauncher(ENTRY),
      onStatus: (s) => statuses.push(s),
      restartDelayMs: 50,
    });
    await client.ready();
  });
  afterAll(async () => {
    await client?.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('reports CPU and why no GPU provider is used', () => {
    const p = client.providers;
    expect(p?.available).toContain('cpu');
    expect(p?.active).toBeTruthy();
    if (p?.active === 'cpu') expect(p.notes.length).toBeGreaterThan(0);
  });

  it('runs Add and MatMul graphs with correct numbers', async () => {
    const add = await client.run<{ outputs: Record<string, { dims: number[]; data: Float32Array }> }>(
      'onnx:run',
      {
        modelPath: addModel(dir),
        inputs: {
          a: { dims: [2, 3], data: [1, 2, 3, 4, 5, 6] },
          b: { dims: [2, 3], data: Float32Array.of(10, 20, 30, 40, 50, 60) },
        },
      },
    );
    expect(add.outputs['y']?.dims).toEqual([2, 3]);
    expect([...(add.outputs['y']?.data ?? [])]).toEqual([11, 22, 33, 44, 55, 66]);
    const mm = await client.run<{ outputs: Record<string, { data: Float32Array }> }>('onnx:run', {
      modelPath: matMulModel(dir),
      inputs: {
        x: { dims: [2, 3], data: [1, 2, 3, 4, 5, 6] },
        w: { dims: [3, 2], data: [1, 0, 0, 1, 1, 1] },
      },
    });
    // [[1,2,3],[4,5,6]] @ [[1,0],[0,1],[1,1]] = [[4,5],[10,11]]
    expect([...(mm.outputs['y']?.data ?? [])]).toEqual([4, 5, 10, 11]);
  });

  it('names missing inputs and unknown tasks', async () => {
    await expect(
      client.run('onnx:run', {
        modelPath: addModel(dir),
        inputs: { a: { dims: [2, 3], data: [0, 0, 0, 0, 0, 0] } },
      }),
    ).rejects.toThrow(/needs inputs \[b\]/);
    await expect(client.run('nope:task', {})).rejects.toMatchObject({ code: 'inference/unknown-task' });
  });

  it('streams progress and cancels a long job', async () => {
    const progress: number[] = [];
    const abort = new AbortController();
    const job = client.run(
      'onnx:run',
      {
        modelPath: matMulModel(dir),
        inputs: {
          x: { dims: [2, 3], data: [1, 2, 3, 4, 5, 6] },
          w: { dims: [3, 2], data: [1, 0, 0, 1, 1, 1] },
        },
        repeat: 100_000,
      },
      {
        signal: abort.signal,
        onProgress: (done) => {
          progress.push(done);
          if (done === 5) abort.abort();
        },
      },
    );
    await expect(job).rejects.toMatchObject({ code: 'inference/cancelled' });
    expect(progress.slice(0, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(progress.length).toBeLessThan(100_000);
  });

  it('reports a crash, restarts, and keeps working', async () => {
    const before = client.pid;
    expect(before).toBeTypeOf('number');
    process.kill(before as number, 'SIGKILL');
    await expect.poll(() => statuses.some((s) => s.state === 'crashed'), { timeout: 10_000 }).toBe(true);
    const crashed = statuses.find((s) => s.state === 'crashed');
    expect(crashed?.message).toMatch(/exited.*Restarting/);
    await expect
      .poll(() => client.pid !== undefined && client.pid !== before, { timeout: 30_000 })
      .toBe(true);
    const r = await client.run<{ outputs: Record<string, { data: Float32Array }> }>('onnx:run', {
      modelPath: addModel(dir),
      inputs: {
        a: { dims: [2, 3], data: [1, 1, 1, 1, 1, 1] },
        b: { dims: [2, 3], data: [1, 1, 1, 1, 1, 1] },
      },
    });
    expect([...(r.outputs['y']?.data ?? [])]).toEqual([2, 2, 2, 2, 2, 2]);
  });

  it('disposes cleanly: the host process exits', async () => {
    const pid = client.pid as number;
    await client.dispose();
    expect(() => process.kill(pid, 0)).toThrow();
    expect(statuses.at(-1)?.state).toBe('stopped');
  });
});
