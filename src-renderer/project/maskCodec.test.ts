import { describe, expect, it } from 'vitest';
import {
  decodeMaskNow,
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
          ? { id: req.id, ok: true, png: encodePngGrey(req.width, req.height, req.data) }
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
});
