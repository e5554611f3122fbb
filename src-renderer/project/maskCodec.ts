import type { Mask } from '../state/documentSlice';
import { decodePngGrey, encodePngGrey } from './png';

/** Mask PNG encode/decode, possibly off the UI thread (a 16-megapixel mask takes ~0.5 s each way). */
export interface MaskCodec {
  encode(mask: Mask): Promise<Uint8Array>;
  /** PNG bytes -> 0/255 mask ([H, W] uint8). */
  decode(png: Uint8Array): Promise<Mask>;
}

export function decodeMaskNow(png: Uint8Array): Mask {
  const { width, height, data } = decodePngGrey(png);
  for (let i = 0; i < data.length; i++) data[i] = data[i] ? 255 : 0;
  return { width, height, data };
}

/** On the calling thread: unit tests, and the fallback when workers are unavailable. */
export const inlineCodec: MaskCodec = {
  encode: (m) => Promise.resolve().then(() => encodePngGrey(m.width, m.height, m.data)),
  decode: (png) => Promise.resolve().then(() => decodeMaskNow(png)),
};

/** Box of a mask's non-zero pixels: columns [x, x + w), rows [y, y + h); w = h = 0 for an empty mask. */
export interface MaskBox {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** The smallest box holding every non-zero pixel (empty stretches of a row skipped 4 bytes at a time). */
export function maskBox(m: Mask): MaskBox {
  const { width: W, height: H, data } = m;
  const words =
    data.byteOffset % 4 === 0 && W % 4 === 0
      ? new Uint32Array(data.buffer, data.byteOffset, (W * H) >> 2)
      : null;
  let x0 = W;
  let x1 = -1;
  let y0 = -1;
  let y1 = -1;
  for (let y = 0; y < H; y++) {
    const row = y * W;
    let a = 0;
    if (words) {
      let w = row >> 2;
      const end = w + (W >> 2);
      while (w < end && words[w] === 0) w++;
      a = (w << 2) - row;
    }
    while (a < W && data[row + a] === 0) a++;
    if (a === W) continue;
    let b = W - 1;
    while (data[row + b] === 0) b--;
    if (y0 < 0) y0 = y;
    y1 = y;
    x0 = Math.min(x0, a);
    x1 = Math.max(x1, b);
  }
  return y0 < 0 ? { x: 0, y: 0, w: 0, h: 0 } : { x: x0, y: y0, w: x1 - x0 + 1, h: y1 - y0 + 1 };
}

/** The box's pixels, row by row ([h, w] uint8). */
export function cropMask(m: Mask, box: MaskBox): Uint8Array {
  const out = new Uint8Array(box.w * box.h);
  for (let r = 0; r < box.h; r++) {
    const from = (box.y + r) * m.width + box.x;
    out.set(m.data.subarray(from, from + box.w), r * box.w);
  }
  return out;
}

/** A full-size mask from a crop and its box (zeros outside). */
export function uncropMask(width: number, height: number, crop: Uint8Array, box: MaskBox): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let r = 0; r < box.h; r++)
    out.set(crop.subarray(r * box.w, (r + 1) * box.w), (box.y + r) * width + box.x);
  return out;
}

/** Encode: the mask's size and only the box of its non-zero pixels (objects rarely fill the picture). */
type EncodeRequest = { op: 'encode'; width: number; height: number; crop: Uint8Array; box: MaskBox };
type DecodeRequest = { op: 'decode'; png: Uint8Array };
export type CodecRequest = (EncodeRequest | DecodeRequest) & { id: number };
export type CodecResponse =
  { id: number; ok: true; png?: Uint8Array; mask?: Mask } | { id: number; ok: false; message: string };

/** The part of a DOM Worker used here (this module is also typechecked for Node, without the DOM lib). */
export interface WorkerLike {
  onmessage: ((e: { data: CodecResponse }) => void) | null;
  onerror: ((e: { message: string }) => void) | null;
  postMessage(message: CodecRequest, transfer: ArrayBuffer[]): void;
}

/**
 * One module worker (mask.worker.ts) shared by every conversion; requests are answered in order. A copy
 * of the box of the mask's non-zero pixels is transferred to the worker (the document keeps its own),
 * decoded masks come back transferred.
 */
export function workerCodec(create: () => WorkerLike): MaskCodec {
  let worker: WorkerLike | null = null;
  let next = 1;
  const waiting = new Map<number, { resolve: (r: CodecResponse) => void }>();
  const call = (req: EncodeRequest | DecodeRequest, transfer: ArrayBuffer[] = []): Promise<CodecResponse> => {
    if (!worker) {
      worker = create();
      worker.onmessage = (e) => {
        waiting.get(e.data.id)?.resolve(e.data);
        waiting.delete(e.data.id);
      };
      worker.onerror = (e) => {
        for (const [id, w] of waiting)
          w.resolve({ id, ok: false, message: `mask worker failed: ${e.message}` });
        waiting.clear();
        worker = null;
      };
    }
    const id = next++;
    return new Promise((resolve) => {
      waiting.set(id, { resolve });
      worker?.postMessage({ ...req, id }, transfer);
    });
  };
  const fail = (r: CodecResponse): never => {
    throw new Error(r.ok ? 'mask worker answered nothing' : r.message);
  };
  return {
    async encode(m) {
      // Only the box of the non-zero pixels travels, copied and transferred, one mask per task: cloning or
      // copying a whole 16-megapixel mask cost the UI thread 50-60 ms each in Chromium (fresh pages).
      await new Promise((resolve) => setTimeout(resolve, 0));
      const box = maskBox(m);
      const crop = cropMask(m, box);
      const r = await call({ op: 'encode', width: m.width, height: m.height, crop, box }, [
        crop.buffer as ArrayBuffer,
      ]);
      return r.ok && r.png ? r.png : fail(r);
    },
    async decode(png) {
      const copy = png.slice();
      const r = await call({ op: 'decode', png: copy }, [copy.buffer as ArrayBuffer]);
      return r.ok && r.mask ? r.mask : fail(r);
    },
  };
}
