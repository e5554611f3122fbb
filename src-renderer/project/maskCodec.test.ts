import { describe, expect, it } from 'vitest';
import {
  decodeMaskNow,
  maskBox,
  uncropMask,
  workerCodec,
  type CodecRequest,
  type CodecResponse,
  type WorkerLike,
} from './maskCodec';
import { encodePngGrey } from './png';

/** Runs mask.worker.ts's two operations in-process, recording what each postMessage transferred. */
function inProcessWorker(transfers: ArrayBuffer[][]): WorkerLike {
  const w: WorkerLike = {
    onmessage: null,
    onerror: null,
    postMessage(req: CodecRequest, transfer: ArrayBuffer[]) {
      transfers.push(transfer);
      const res: CodecResponse =
        req.op === 'encode'
          ? {
              id: req.id,
              ok: true,
              png: encodePngGrey(req.width, req.height, uncropMask(req.width, req.height, req.crop, req.box)),
            }
          : { id: req.id, ok: true, mask: decodeMaskNow(req.png) };
      setTimeout(() => w.onmessage?.({ data: res }), 0);
    },
  };
  return w;
}

describe('workerCodec', () => {
  it('transfers a copy of the mask to encode, and the document keeps its pixels', async () => {
    const transfers: ArrayBuffer[][] = [];
    const codec = workerCodec(() => inProcessWorker(transfers));
    const data = new Uint8Array(64 * 32).map((_, i) => (i % 7 === 0 ? 255 : 0));
    const mask = { width: 64, height: 32, data };
    const png = await codec.encode(mask);
    expect(transfers[0]).toHaveLength(1);
    expect(transfers[0]![0]).not.toBe(data.buffer);
    expect(data.byteLength).toBe(64 * 32); // not detached
    const back = await codec.decode(png);
    expect(Array.from(back.data)).toEqual(Array.from(data));
  });

  it('sends only the box of the non-zero pixels and rebuilds the whole mask', async () => {
    const transfers: ArrayBuffer[][] = [];
    const codec = workerCodec(() => inProcessWorker(transfers));
    const W = 97;
    const H = 41;
    const data = new Uint8Array(W * H);
    for (const [x, y] of [
      [13, 5],
      [60, 5],
      [40, 30],
      [13, 22],
    ] as const)
      data[y * W + x] = 255;
    const mask = { width: W, height: H, data };
    expect(maskBox(mask)).toEqual({ x: 13, y: 5, w: 48, h: 26 });
    const back = await codec.decode(await codec.encode(mask));
    expect(transfers[0]![0]!.byteLength).toBe(48 * 26);
    expect(Array.from(back.data)).toEqual(Array.from(data));
    // rows of a width that is a multiple of 4 are scanned 4 bytes at a time: same box
    const aligned = new Uint8Array(96 * 8);
    aligned[2 * 96 + 9] = 1;
    aligned[6 * 96 + 70] = 1;
    expect(maskBox({ width: 96, height: 8, data: aligned })).toEqual({ x: 9, y: 2, w: 62, h: 5 });
    // an empty mask sends nothing and comes back empty; a full one sends everything
    expect(maskBox({ width: W, height: H, data: new Uint8Array(W * H) })).toEqual({ x: 0, y: 0, w: 0, h: 0 });
    const empty = await codec.decode(
      await codec.encode({ width: W, height: H, data: new Uint8Array(W * H) }),
    );
    expect(empty.data.every((v) => v === 0)).toBe(true);
    expect(maskBox({ width: W, height: H, data: new Uint8Array(W * H).fill(1) })).toEqual({
      x: 0,
      y: 0,
      w: W,
      h: H,
    });
  });
});
