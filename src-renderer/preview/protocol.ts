import type { ControlScene } from '../../src-shared/control/types';

/** Main thread -> preview worker. */
export type PreviewRequest =
  | {
      readonly type: 'image';
      /** identifies the image at this size; compute requests name it */
      readonly key: string;
      /** the document image already resized to the generation size */
      readonly bitmap: ImageBitmap;
    }
  | {
      readonly type: 'compute';
      /** generation counter: the main thread ignores any answer older than its latest request */
      readonly gen: number;
      readonly scene: ControlScene;
      /** render the animatic from this image (see 'image'); null = keypoints only */
      readonly imageKey: string | null;
    };

/** Keypoints of every frame, flattened: frame f holds entries offsets[f] .. offsets[f+1]-1. */
export interface PreviewPoints {
  /** per entry [col, row, id, Z]: position at the generation size, instance id, scene depth Z_t there */
  readonly data: Float32Array;
  /** Int32 [F + 1] */
  readonly offsets: Int32Array;
}

/** Preview worker -> main thread. */
export type PreviewResponse =
  | {
      readonly type: 'result';
      readonly gen: number;
      readonly width: number;
      readonly height: number;
      readonly frames: number;
      readonly points: PreviewPoints;
      /** the animatic's frames at the generation size, stacked in sheets, or null when not asked for */
      readonly animatic: AnimaticSheets | null;
      /** worker milliseconds per phase (engine phases + 'animatic') */
      readonly timings: Record<string, number>;
    }
  | { readonly type: 'error'; readonly gen: number; readonly code: string; readonly message: string };

export const POINT_STRIDE = 4;

/**
 * Animatic frames stacked top to bottom in a few tall bitmaps (one bitmap per frame cost a copy and a
 * decode each): frame f is sheet floor(f / perSheet), rows (f % perSheet) * height ... + height.
 */
export interface AnimaticSheets {
  readonly sheets: ImageBitmap[];
  readonly perSheet: number;
}

/** Bitmap side limit kept well under Chromium's (32767 px). */
export const SHEET_MAX_HEIGHT = 16384;

/** Where frame f of an animatic with frames `height` px tall lies. */
export function sheetFrame(
  a: AnimaticSheets,
  f: number,
  height: number,
): { sheet: ImageBitmap | undefined; y: number } {
  return { sheet: a.sheets[Math.floor(f / a.perSheet)], y: (f % a.perSheet) * height };
}
