#!/usr/bin/env node
// npm run bench -- upload [--mb 200] [--host DIR] [--base64]
// An image file of about --mb MB (8192 px wide noise PNG, stored uncompressed, within the pixel limit) sent
// to a real browser host over its WebSocket, as the page does: in upload:piece pieces (binary messages),
// then image:importBytes { upload }. Prints the time to send the pieces, the time until the host answered
// (its import decodes the whole image), and the host process's peak RSS (VmHWM) before and after.
// --host DIR runs DIR/out/main/browserHost.js (a build of another commit); --base64 sends the payload that
// commit expected before bytes ({ name, base64 } in one JSON message) to measure the old path.
// Figures only; asserts nothing.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import WebSocket from 'ws';
import { arg } from './lib/args.mjs';
import { bundleSources } from './lib/engine.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cache = join(root, 'node_modules', '.cache', 'levitor-bench');

/** The wire codec and upload constants, bundled from the sources the studio uses. */
const wire = () =>
  bundleSources(
    'upload-wire',
    `export { encodeFrame, decodeFrame } from './src-shared/ipc/wireBinary.ts';
export { UPLOAD_BLOB, UPLOAD_PIECE_BYTES } from './src-shared/ipc/upload.ts';`,
    ['zod'],
  );

/** Noise does not compress: rows of 8192 RGB pixels at PNG level 0 give about `mb` MB. */
async function imageOf(mb) {
  const W = 8192;
  const H = Math.min(8192, Math.floor((mb * 1e6) / (W * 3)));
  const path = join(cache, `upload-noise-${W}x${H}.png`);
  if (!existsSync(path))
    await sharp({
      create: {
        width: W,
        height: H,
        channels: 3,
        background: '#808080',
        noise: { type: 'gaussian', mean: 128, sigma: 60 },
      },
    })
      .png({ compressionLevel: 0 })
      .toFile(path);
  return { path, W, H };
}

const hwmMb = (pid) =>
  Math.round(Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]) / 1024);

async function startHost(dir) {
  const home = mkdtempSync(join(tmpdir(), 'levitor-bench-upload-'));
  mkdirSync(join(home, 'home'));
  const child = spawn(process.execPath, [join(dir, 'out/main/browserHost.js')], {
    cwd: dir,
    env: {
      ...process.env,
      LEVITOR_DATA_DIR: join(home, 'data'),
      LEVITOR_MODELS_DIR: join(home, 'models'),
      HOME: join(home, 'home'),
      LEVITOR_SKIP_GPU_PROBE: '1',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const url = await new Promise((res, rej) => {
    const on = (c) => {
      out += c.toString();
      const m = /(http:\/\/127\.0\.0\.1:\d+\/\S*token=[\w-]+)/.exec(out);
      if (m) res(m[1]);
    };
    child.stdout.on('data', on);
    child.stderr.on('data', on);
    child.once('exit', () => rej(new Error(`host exited:\n${out}`)));
  });
  return {
    child,
    url,
    dispose: () => (child.kill('SIGTERM'), rmSync(home, { recursive: true, force: true })),
  };
}

export async function run(argv = process.argv.slice(2)) {
  const mb = Number(arg(argv, 'mb', '200'));
  const hostDir = resolve(arg(argv, 'host', root));
  const legacy = argv.includes('--base64');
  const w = await wire();
  const img = await imageOf(mb);
  const file = readFileSync(img.path);
  // A plain Uint8Array, as the page has: a Node Buffer's toJSON would run before the codec sees it.
  const bytes = new Uint8Array(file.buffer, file.byteOffset, file.byteLength);
  const host = await startHost(hostDir);
  const u = new URL(host.url);
  const ws = new WebSocket(`ws://${u.host}/ws?token=${u.searchParams.get('token')}`, { origin: u.origin });
  await new Promise((res, rej) => (ws.once('open', res), ws.once('error', rej)));
  let id = 0;
  const waiting = new Map();
  ws.on('message', (d, bin) => {
    const f = w.decodeFrame(bin ? new Uint8Array(d) : d.toString());
    waiting.get(f.id)?.(f);
  });
  const call = (channel, payload) =>
    new Promise((res, rej) => {
      const fid = ++id;
      waiting.set(fid, (f) => (f.ok ? res(f.result) : rej(new Error(f.error.message))));
      ws.send(
        legacy
          ? JSON.stringify({ kind: 'request', id: fid, channel, payload })
          : w.encodeFrame({ kind: 'request', id: fid, channel, payload }),
      );
    });
  await call('app:getInfo', {});
  const idle = hwmMb(host.child.pid);
  const t0 = performance.now();
  let sent = t0;
  let result;
  if (legacy) {
    result = await call('image:importBytes', { name: 'noise.png', base64: file.toString('base64') });
  } else {
    const parts = Math.ceil(bytes.length / w.UPLOAD_PIECE_BYTES);
    // One piece at a time, each answered before the next, as the page sends them (bridge/upload.ts).
    for (let part = 0; part < parts; part++)
      await call('upload:piece', {
        upload: 'bench',
        name: w.UPLOAD_BLOB,
        part,
        parts,
        bytes: bytes.subarray(part * w.UPLOAD_PIECE_BYTES, (part + 1) * w.UPLOAD_PIECE_BYTES),
      });
    sent = performance.now();
    result = await call('image:importBytes', { name: 'noise.png', upload: 'bench' });
  }
  const done = performance.now();
  const peak = hwmMb(host.child.pid);
  console.log(
    `${legacy ? 'base64, one JSON message' : 'bytes, upload:piece'}: ${(bytes.length / 1e6).toFixed(1)} MB PNG ${img.W}x${img.H} -> ${result.width}x${result.height}`,
  );
  if (!legacy) console.log(`  pieces sent: ${Math.round(sent - t0)} ms`);
  console.log(`  until imported: ${Math.round(done - t0)} ms`);
  console.log(`  host (main) peak RSS: ${peak} MB (${idle} MB before the upload)`);
  ws.close();
  host.dispose();
}
