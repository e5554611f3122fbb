import * as ort from 'onnxruntime-node';
import { createCheckedSession } from '../../checkedSession';
import { recogniseGraph, staticInputSize } from '../../../../src-shared/models/contracts';
import type { RgbImage } from '../sam2/pre';
import { float32Output, runChecked, sessionGraphInfo, sessionOptions } from '../sam2/graphInfo';
import { workGrid } from '../../../../src-shared/image/workGrid';
import { disparityToImage, type LevitorDepth, toLevitorDepth } from './post';
import { sampledLevitorDepth } from './sampled';
import { preprocessDepth } from './pre';

export interface DepthResult extends LevitorDepth {
  width: number;
  height: number;
  /** Network input size used. */
  inputWidth: number;
  inputHeight: number;
  runMs: number;
}

/**
 * Depth Anything V2 in either export style: transformers.js (`pixel_values` -> `predicted_depth`, dynamic
 * H/W) or standalone (`image` -> `depth` [B,H,W] or [B,1,H,W], often static 518x518: its dims are honoured).
 */
export class DepthRunner {
  private constructor(
    private session: ort.InferenceSession | null,
    readonly kind: string,
    private readonly inputName: string,
    private readonly outputName: string,
    readonly fixed: { width: number; height: number } | null,
  ) {}

  static async open(path: string, providers: readonly string[] = ['cpu']): Promise<DepthRunner> {
    const s = await createCheckedSession(path, sessionOptions(providers, { oncePerImage: true }));
    const info = sessionGraphInfo(s, path);
    const r = recogniseGraph(info);
    if (!r.ok || r.part !== 'model') {
      await s.release();
      throw new Error(
        r.ok
          ? `${path}: a ${r.kind} graph is not a depth model (expected pixel_values -> predicted_depth or image -> depth)`
          : r.message,
      );
    }
    const kind = r.kind;
    const standalone = kind === 'depth-standalone';
    return new DepthRunner(
      s,
      kind,
      standalone ? 'image' : 'pixel_values',
      standalone ? 'depth' : 'predicted_depth',
      staticInputSize(info),
    );
  }

  /**
   * `maxSide`: answer on the nearest-cell work grid of at most that many pixels a side (sampled.ts: the same
   * values as the image-size result at those pixels, without the image-size planes); width/height are then
   * the grid's.
   */
  async estimate(img: RgbImage, opts: { parityBgr?: boolean; maxSide?: number } = {}): Promise<DepthResult> {
    const s = this.session;
    if (!s) throw new Error('depth: session is released');
    const x = preprocessDepth(img, { parityBgr: opts.parityBgr ?? true, fixed: this.fixed });
    const t0 = performance.now();
    const out = await runChecked(s, `depth ${this.kind}`, {
      [this.inputName]: new ort.Tensor('float32', x.data, [1, 3, x.height, x.width]),
    });
    const runMs = performance.now() - t0;
    const t = float32Output(out, this.outputName, `depth ${this.kind}`);
    const dims = t.dims;
    const [oh, ow] = [dims[dims.length - 2] ?? 0, dims[dims.length - 1] ?? 0];
    if (!(dims.length === 3 || (dims.length === 4 && dims[1] === 1)) || oh * ow !== t.data.length) {
      throw new Error(`depth ${this.kind}: expected output [1,H,W] or [1,1,H,W], found [${dims.join(',')}]`);
    }
    const common = { inputWidth: x.width, inputHeight: x.height, runMs };
    const grid = workGrid(img.width, img.height, opts.maxSide ?? Infinity);
    if (grid.width !== img.width || grid.height !== img.height) {
      const d = sampledLevitorDepth(t.data as Float32Array, ow, oh, img.width, img.height, grid);
      return { ...d, width: grid.width, height: grid.height, ...common };
    }
    const disparity = disparityToImage(t.data as Float32Array, ow, oh, img.width, img.height);
    return {
      ...toLevitorDepth(disparity),
      width: img.width,
      height: img.height,
      inputWidth: x.width,
      inputHeight: x.height,
      runMs,
    };
  }

  async release(): Promise<void> {
    const s = this.session;
    this.session = null;
    await s?.release();
  }
}
