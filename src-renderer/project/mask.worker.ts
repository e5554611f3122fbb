/// <reference lib="webworker" />
/** Mask PNG encode/decode off the UI thread (see maskCodec.ts). */
import type { CodecRequest, CodecResponse } from './maskCodec';
import { decodeMaskNow, uncropMask } from './maskCodec';
import { encodePngGrey } from './png';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.onmessage = (e: MessageEvent<CodecRequest>) => {
  const req = e.data;
  let res: CodecResponse;
  const transfer: Transferable[] = [];
  try {
    if (req.op === 'encode') {
      const png = encodePngGrey(req.width, req.height, uncropMask(req.width, req.height, req.crop, req.box));
      transfer.push(png.buffer);
      res = { id: req.id, ok: true, png };
    } else {
      const mask = decodeMaskNow(req.png);
      transfer.push(mask.data.buffer);
      res = { id: req.id, ok: true, mask };
    }
  } catch (err) {
    res = { id: req.id, ok: false, message: err instanceof Error ? err.message : String(err) };
  }
  scope.postMessage(res, transfer);
};
