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

type EncodeRequest = { op: 'encode'; width: number; height: number; data: Uint8Array };
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
 * of the mask's pixels is transferred to the worker (the document keeps its own), decoded masks come back
 * transferred.
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
      // A copy of the pixels, transferred: cloning a 16-megapixel mask through postMessage took ~50 ms of
      // the UI thread each (one long frame after a big edit); a copy is a few ms, one mask per task.
      await new Promise((resolve) => setTimeout(resolve, 0));
      const copy = m.data.slice();
      const r = await call({ op: 'encode', width: m.width, height: m.height, data: copy }, [
        copy.buffer as ArrayBuffer,
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
