import { generateMasks, type AmgSettings, type AutoMask } from './amg';
import type { Prompt, RgbImage } from './pre';
import type { MaskChoice } from './post';
import { Sam2Runner } from './runner';
import { type ClickResult, segmentClick } from './segment';

/**
 * Task handlers for the inference host's registry: `sam2:encode`, `sam2:decode`, `sam2:auto`. Sessions stay
 * open per (encoder, decoder) pair, so the embedding cache survives between clicks; `dispose` frees them.
 * (src-main/inference/tasks.ts registers these when the host exists.)
 */
export interface TaskContext {
  signal?: AbortSignal;
  progress?: (done: number, total: number) => void;
}
export interface Sam2ModelRef {
  encoderPath: string;
  decoderPath: string;
  providers?: readonly string[];
}

export class Sam2Tasks {
  private readonly runners = new Map<string, Promise<Sam2Runner>>();

  private runner(m: Sam2ModelRef): Promise<Sam2Runner> {
    const key = `${m.encoderPath}\n${m.decoderPath}\n${(m.providers ?? ['cpu']).join()}`;
    let r = this.runners.get(key);
    if (!r) {
      r = Sam2Runner.open(m.encoderPath, m.decoderPath, m.providers ?? ['cpu']);
      r.catch(() => this.runners.delete(key));
      this.runners.set(key, r);
    }
    return r;
  }

  /** sam2:encode - warm the embedding cache for an image (returns its content key). */
  async encode(p: { model: Sam2ModelRef; image: RgbImage }): Promise<{ key: string }> {
    const e = await (await this.runner(p.model)).encode(p.image);
    return { key: e.key };
  }

  /** sam2:decode - prompt -> mask at image size, IoUs, chosen index, low-res logits for refinement. */
  async decode(p: {
    model: Sam2ModelRef;
    image: RgbImage;
    prompt: Prompt;
    choice?: MaskChoice;
    previous?: Float32Array | null;
  }): Promise<ClickResult> {
    const r = await this.runner(p.model);
    return segmentClick(r, p.image, p.prompt, {
      choice: p.choice ?? 'reference',
      previous: p.previous ?? null,
    });
  }

  /** sam2:auto - automatic masks (reference settings unless overridden), progress per batch, cancellable. */
  async auto(
    p: { model: Sam2ModelRef; image: RgbImage; settings?: Partial<AmgSettings> },
    ctx: TaskContext = {},
  ): Promise<AutoMask[]> {
    const r = await this.runner(p.model);
    const e = await r.encode(p.image);
    const opts: Parameters<typeof generateMasks>[2] = {};
    if (p.settings) opts.settings = p.settings;
    if (ctx.signal) opts.signal = ctx.signal;
    if (ctx.progress) opts.onProgress = ctx.progress;
    return generateMasks(r, e, opts);
  }

  async dispose(): Promise<void> {
    const all = [...this.runners.values()];
    this.runners.clear();
    for (const r of all) await (await r.catch(() => null))?.release();
  }
}
