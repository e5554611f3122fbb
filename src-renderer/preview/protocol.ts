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
      /** one bitmap per frame at the generation size, or null when not asked for */
      readonly animatic: ImageBitmap[] | null;
      /** worker milliseconds per phase (engine phases + 'animatic') */
      readonly timings: Record<string, number>;
    }
  | { readonly type: 'error'; readonly gen: number; readonly code: string; readonly message: string };

export const POINT_STRIDE = 4;
