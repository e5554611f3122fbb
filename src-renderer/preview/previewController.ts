import { studioStore } from '../state/store';
import type { StudioState } from '../state/types';
import { buildPreviewScene, type PreviewScene } from './buildScene';
import { previewStore, PreviewMode, type PreviewResult } from './previewStore';
import type { PreviewRequest, PreviewResponse } from './protocol';

/**
 * An edit made while a request is in flight waits for its answer, then the newest state is sent (a drag
 * refreshes the preview as fast as the worker computes, with no fixed delay on a single edit). An answer
 * that has not come after this long no longer holds the next request back.
 */
export const MAX_WAIT_MS = 250;

/** The studio state the preview depends on; a change of any of these (by identity) recomputes it. */
function inputsOf(s: StudioState) {
  const d = s.document;
  return [d.image, d.objects, d.masks, d.depthEdit, d.settings, d.framing, s.depth, s.autoSegments] as const;
}

function sameInputs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.every((v, i) => v === b[i]);
}

function sceneFrom(s: StudioState): PreviewScene | null {
  const d = s.document;
  if (!d.image) return null;
  const depth =
    d.depthEdit ?? (s.depth ? { width: s.depth.width, height: s.depth.height, data: s.depth.z0 } : null);
  return buildPreviewScene({
    image: d.image,
    objects: d.objects,
    masks: d.masks,
    depth,
    autoMasks: s.autoSegments.map((a) => a.mask),
    settings: d.settings,
    framing: d.framing,
  });
}

/** The image as the generation frames it (for the animatic): a W x H bitmap. */
async function framedBitmap(img: HTMLImageElement, pl: PreviewScene['placement']): Promise<ImageBitmap> {
  const { src, dst } = pl;
  const part = await createImageBitmap(img, src.x, src.y, src.w, src.h, {
    resizeWidth: dst.w,
    resizeHeight: dst.h,
    resizeQuality: 'high',
  });
  if (dst.w === pl.width && dst.h === pl.height) return part;
  const canvas = new OffscreenCanvas(pl.width, pl.height);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('no 2D canvas for the animatic image');
  ctx.fillStyle = '#000';
  ctx.fillRect(0, 0, pl.width, pl.height);
  ctx.drawImage(part, dst.x, dst.y);
  part.close();
  return canvas.transferToImageBitmap();
}

function closeBitmaps(r: PreviewResult | null): void {
  for (const b of r?.animatic?.sheets ?? []) b.close();
}

/**
 * Keeps the preview in step with the document: holds edits back while a request is in flight, builds the
 * scene on the main thread (cheap:
 * masks are sampled, not filtered), sends it to the worker with its buffers transferred, and keeps only
 * the answer to the newest request. The worker starts on first use and is ended by dispose().
 */
export class PreviewController {
  private worker: Worker | null = null;
  /** the send queued for the next task (it reads the newest state, so one is enough) */
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** set while an edit waits for the answer in flight; `fallback` sends it anyway after MAX_WAIT_MS */
  private waiting = false;
  private fallback: ReturnType<typeof setTimeout> | null = null;
  private gen = 0;
  /** per request in flight: the objects its instance ids stand for, and when its oldest edit happened */
  private sent = new Map<
    number,
    { objectIds: readonly string[]; placement: PreviewScene['placement']; editTime: number }
  >();
  /** time of the oldest edit not yet sent */
  private pendingSince: number | null = null;
  private last: readonly unknown[] = [];
  private imageKey: string | null = null;
  private imageLoading: string | null = null;
  private readonly unsubscribe: (() => void)[] = [];

  start(): void {
    this.unsubscribe.push(
      studioStore.subscribe((s) => this.onStudio(s)),
      previewStore.subscribe((p, prev) => {
        if (p.mode !== prev.mode) this.schedule(true);
      }),
    );
    this.onStudio(studioStore.getState());
  }

  dispose(): void {
    for (const u of this.unsubscribe.splice(0)) u();
    if (this.timer) clearTimeout(this.timer);
    if (this.fallback) clearTimeout(this.fallback);
    this.worker?.terminate();
    this.worker = null;
    closeBitmaps(previewStore.getState().result);
    previewStore.setState({ result: null, status: 'idle' });
  }

  private onStudio(s: StudioState): void {
    // The timeline's preview source plays the document's frame count.
    if (s.source.kind === 'preview' && s.frameCount !== s.document.settings.frames)
      s.setFrameCount(s.document.settings.frames);
    // Pressing play on the preview shows it.
    if (s.playing && s.source.kind === 'preview' && previewStore.getState().mode === PreviewMode.off)
      previewStore.getState().setMode(PreviewMode.points);
    const inputs = inputsOf(s);
    if (sameInputs(inputs, this.last)) return;
    this.last = inputs;
    this.schedule(false);
  }

  private schedule(now: boolean): void {
    this.pendingSince ??= performance.now();
    if (!now && this.sent.size > 0) {
      this.waiting = true;
      this.fallback ??= setTimeout(() => this.flush(), MAX_WAIT_MS);
      return;
    }
    this.flush();
  }

  /** Sends on the next task: the store updates of one user action make one request. */
  private flush(): void {
    this.waiting = false;
    if (this.fallback) clearTimeout(this.fallback);
    this.fallback = null;
    this.timer ??= setTimeout(() => this.send(), 0);
  }

  private send(): void {
    this.timer = null;
    const editTime = this.pendingSince ?? performance.now();
    this.pendingSince = null;
    const mode = previewStore.getState().mode;
    if (mode === PreviewMode.off) return;
    const s = studioStore.getState();
    let built: PreviewScene | null;
    try {
      built = sceneFrom(s);
    } catch (err) {
      previewStore.setState({ status: 'error', message: String(err) });
      return;
    }
    if (!built) {
      previewStore.setState({ status: s.document.image ? 'no-depth' : 'idle', message: null });
      return;
    }
    const wantImage = mode === PreviewMode.animatic && s.document.image ? s.document.image : null;
    if (wantImage) this.ensureImage(wantImage.url, built.placement);
    let worker: Worker;
    try {
      worker = this.ensureWorker();
    } catch (err) {
      // e.g. a host whose CSP or scheme refuses module workers: say so instead of failing silently
      previewStore.setState({ status: 'error', message: `The preview cannot start: ${String(err)}` });
      return;
    }
    const gen = ++this.gen;
    this.sent.set(gen, { objectIds: built.objectIds, placement: built.placement, editTime });
    const req: PreviewRequest = {
      type: 'compute',
      gen,
      scene: built.scene,
      imageKey: wantImage ? this.imageKey : null,
    };
    worker.postMessage(req, built.transfer);
    previewStore.setState({ status: 'computing' });
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./control.worker.ts', import.meta.url), {
      type: 'module',
      name: 'control-preview',
    });
    w.onmessage = (e: MessageEvent<PreviewResponse>) => this.onResponse(e.data);
    w.onerror = (e) => {
      this.sent.clear(); // no answer will come: the next edit is sent at once
      previewStore.setState({ status: 'error', message: `preview worker failed: ${e.message}` });
    };
    this.worker = w;
    return w;
  }

  /**
   * Sends the document image, framed at the generation size (the placement's source rectangle resized onto
   * its destination, black around it), once per image and placement; then recomputes.
   */
  private ensureImage(url: string, pl: PreviewScene['placement']): void {
    const key = `${url}@${JSON.stringify(pl)}`;
    if (this.imageKey === key || this.imageLoading === key) return;
    this.imageLoading = key;
    const img = new Image();
    img.src = url;
    void img
      .decode()
      .then(() => framedBitmap(img, pl))
      .then((bitmap) => {
        if (this.imageLoading !== key) return bitmap.close();
        this.imageLoading = null;
        this.imageKey = key;
        const msg: PreviewRequest = { type: 'image', key, bitmap };
        this.ensureWorker().postMessage(msg, [bitmap]);
        this.schedule(true);
      })
      .catch((err: unknown) => {
        this.imageLoading = null;
        previewStore.setState({ status: 'error', message: `animatic image: ${String(err)}` });
      });
  }

  private onResponse(r: PreviewResponse): void {
    const sent = this.sent.get(r.gen);
    for (const g of this.sent.keys()) if (g <= r.gen) this.sent.delete(g);
    if (this.waiting && this.sent.size === 0) this.flush();
    const shown = previewStore.getState().result?.gen ?? 0;
    if (!sent || r.gen < shown) {
      // stale: something newer is already on screen (during a drag, an answer older than the newest
      // request is still shown: it is newer than what the canvas has, and dropping it would starve the view)
      if (r.type === 'result') for (const b of r.animatic?.sheets ?? []) b.close();
      return;
    }
    const latency = performance.now() - sent.editTime;
    if (r.type === 'error') {
      if (r.gen !== this.gen) return; // a newer request may well be valid
      previewStore.setState((p) => ({
        status: 'error',
        message: r.message,
        lastLatencyMs: latency,
        results: p.results + 1,
      }));
      return;
    }
    const prev = previewStore.getState();
    closeBitmaps(prev.result);
    const result: PreviewResult = {
      gen: r.gen,
      width: r.width,
      height: r.height,
      frames: r.frames,
      points: r.points,
      objectIds: sent.objectIds,
      placement: sent.placement,
      animatic: r.animatic,
    };
    previewStore.setState({
      status: r.gen === this.gen ? 'ready' : 'computing',
      message: null,
      result,
      lastLatencyMs: latency,
      timings: r.timings,
      results: prev.results + 1,
    });
  }
}
