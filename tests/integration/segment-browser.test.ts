import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, encodeFrame } from '../../src-shared/ipc/wireBinary';
import type { ImportedImage, InferenceProgress } from '../../src-shared/ipc/contract';
import type { AutoMaskInfo, SegmentClickResult } from '../../src-shared/segment/ipc';
import { decodeMask } from '../../src-shared/segment/maskCodec';
import { compareMasks, readU8Gz } from '../golden/sam2Fixture';
import { installTinyModels, TINY_SAM2_DIR } from '../support/installTinyModels';

// The built browser host (`npm run studio:web -- --models-dir DIR`) with the tiny models installed: its
// status lists them, a click over the WebSocket gives the golden mask, and automatic masks stream
// inference:progress events to the page.
const ROOT = resolve(import.meta.dirname, '../..');
const ENTRY = join(ROOT, 'out/main/browserHost.js');

let dir: string;
let child: ChildProcess;
let ws: WebSocket;
const events: { channel: string; payload: unknown }[] = [];
const waiting = new Map<number, (frame: Record<string, unknown>) => void>();
let nextId = 1;

function call<T>(channel: string, payload: unknown): Promise<T> {
  const id = nextId++;
  return new Promise((res, rej) => {
    waiting.set(id, (f) => (f['ok'] ? res(f['result'] as T) : rej(Object.assign(new Error(), f['error']))));
    ws.send(encodeFrame({ kind: 'request', id, channel, payload }));
  });
}

beforeAll(async () => {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
  dir = await mkdtemp(join(tmpdir(), 'levitor-segweb-'));
  await installTinyModels(join(dir, 'models'));
  const env: NodeJS.ProcessEnv = { ...process.env, LEVITOR_SKIP_GPU_PROBE: '1' };
  delete env['LEVITOR_MODELS_DIR']; // the flag alone must point the host at the folder
  const args = ['--models-dir', join(dir, 'models'), '--data-dir', join(dir, 'data')];
  child = spawn(process.execPath, [ENTRY, ...args], {
    cwd: ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise<URL>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`no URL printed:\n${out}`)), 60_000);
    const onData = (b: Buffer) => {
      out += b.toString();
      const m = /(http:\/\/(?:127\.0\.0\.1|localhost):\d+\/\S*token=[\w-]+)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        res(new URL(m[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
  });
  ws = await new Promise<WebSocket>((res, rej) => {
    const s = new WebSocket(`ws://${url.host}/ws?token=${url.searchParams.get('token')}`, {
      origin: url.origin,
    });
    s.once('open', () => res(s));
    s.once('error', rej);
  });
  // Replies holding masks come as binary frames (src-shared/ipc/wireBinary.ts), as the page receives them.
  ws.on('message', (d, isBinary) => {
    const f = decodeFrame(isBinary ? (d as Buffer) : d.toString()) as Record<string, unknown>;
    if (f['kind'] === 'event') events.push({ channel: f['channel'] as string, payload: f['payload'] });
    else waiting.get(f['id'] as number)?.(f);
  });
});
afterAll(async () => {
  ws?.close();
  if (child && child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  await rm(dir, { recursive: true, force: true });
});

describe('browser host with --models-dir and the tiny models', () => {
  it('app:getInfo lists the installed models', async () => {
    const info = await call<{ models: { id: string; role: string }[] }>('app:getInfo', {});
    expect(info.models.map((m) => [m.id, m.role]).sort()).toEqual([
      ['tiny-depth', 'depth'],
      ['tiny-sam2', 'segmentation'],
    ]);
  });

  it('segment:click over the socket gives the golden mask; auto masks stream inference:progress', async () => {
    const png = await readFile(join(TINY_SAM2_DIR, 'images', 'portrait.png'));
    const img = await call<ImportedImage>('image:importBytes', {
      name: 'portrait.png',
      bytes: png,
    });
    await call('segment:prepare', { imageId: img.imageId });
    const r = await call<SegmentClickResult>('segment:click', {
      imageId: img.imageId,
      points: [{ x: 100, y: 150, label: 1 }],
      box: null,
      choice: 'reference',
    });
    expect(r.cacheHit).toBe(true);
    const plane = 288 * 512;
    const golden = readU8Gz(join(TINY_SAM2_DIR, 'golden', 'portrait-click.masks.u8.gz')).subarray(
      plane,
      2 * plane,
    );
    expect(r.mask).toBeInstanceOf(Uint8Array);
    expect(compareMasks(decodeMask(r.mask, 288, 512), golden).same).toBeGreaterThan(0.999);

    const { jobId } = await call<{ jobId: string }>('segment:auto', {
      imageId: img.imageId,
      settings: { pointsPerSide: 4, pointsPerBatch: 8, predIouThresh: 0, stabilityScoreThresh: 0 },
    });
    const res = await call<{ masks: AutoMaskInfo[] }>('segment:autoResult', { jobId });
    expect(res.masks.length).toBeGreaterThan(0);
    expect(res.masks[0]!.mask).toBeInstanceOf(Uint8Array);
    const progress = events
      .filter((e) => e.channel === 'inference:progress' && (e.payload as InferenceProgress).jobId === jobId)
      .map((e) => (e.payload as InferenceProgress).done);
    expect(progress).toEqual([1, 2]);
    await expect.poll(() => events.some((e) => e.channel === 'segment:autoDone')).toBe(true);
  });
});
