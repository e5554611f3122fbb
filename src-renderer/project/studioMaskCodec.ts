import { inlineCodec, workerCodec, type MaskCodec, type WorkerLike } from './maskCodec';

let shared: MaskCodec | null = null;

/** The codec the studio uses: a module worker (mask.worker.ts) in the browser, inline where there is none. */
export function studioMaskCodec(): MaskCodec {
  // `new Worker(new URL(...))` written out so Vite bundles the worker.
  shared ??=
    typeof Worker === 'undefined'
      ? inlineCodec
      : workerCodec(
          () =>
            new Worker(new URL('./mask.worker.ts', import.meta.url), {
              type: 'module',
              name: 'mask-codec',
            }) as unknown as WorkerLike,
        );
  return shared;
}
