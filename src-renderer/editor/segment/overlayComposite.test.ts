import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { RenderedOverlay } from './overlayCache';
import { mergeOverlays } from './overlayComposite';

// Unit tests run without a DOM: a canvas stub records what the merge draws (pixels are checked by e2e).
interface StubCanvas {
  width: number;
  height: number;
  drawn: unknown[];
  getContext: () => { drawImage: (c: unknown, x: number, y: number) => void };
}
function stubCanvas(width = 0, height = 0): StubCanvas {
  const c: StubCanvas = {
    width,
    height,
    drawn: [],
    getContext: () => ({ drawImage: (src) => c.drawn.push(src) }),
  };
  return c;
}
const part = (w: number, h: number, step: number): RenderedOverlay => ({
  canvas: stubCanvas(w, h) as unknown as HTMLCanvasElement,
  step,
});

describe('mergeOverlays', () => {
  beforeEach(() => vi.stubGlobal('document', { createElement: () => stubCanvas() }));
  afterEach(() => vi.unstubAllGlobals());

  it('returns nothing for no overlays and a single overlay as it is', () => {
    expect(mergeOverlays([])).toBeNull();
    const one = part(8, 8, 2);
    expect(mergeOverlays([one])).toBe(one);
  });

  it('refuses overlays that cannot share a bitmap', () => {
    expect(mergeOverlays([part(8, 8, 2), part(8, 8, 1)])).toBeNull();
    expect(mergeOverlays([part(8, 8, 2), part(8, 4, 2)])).toBeNull();
  });

  it('draws the overlays bottom first into one bitmap of their size and step, once per list', () => {
    const a = part(16, 8, 4);
    const b = part(16, 8, 4);
    const merged = mergeOverlays([a, b]);
    const canvas = merged?.canvas as unknown as StubCanvas;
    expect(merged?.step).toBe(4);
    expect([canvas.width, canvas.height]).toEqual([16, 8]);
    expect(canvas.drawn).toEqual([a.canvas, b.canvas]);
    // A new array with the same overlays (a re-render) reuses the bitmap; a new order or overlay rebuilds.
    expect(mergeOverlays([a, b])).toBe(merged);
    const swapped = mergeOverlays([b, a]);
    expect(swapped).not.toBe(merged);
    expect((swapped?.canvas as unknown as StubCanvas).drawn).toEqual([b.canvas, a.canvas]);
  });
});
