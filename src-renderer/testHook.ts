import type { Mask } from './state/documentSlice';
import { segmentUi } from './editor/segment/segmentUi';
import { studioStore } from './state/store';

/**
 * Read-only view of the studio for the e2e tests, installed only when the page URL carries `e2e=1`
 * (tests/e2e/objects.test.ts adds it). It returns plain data: image size, viewport, object fields, prompt
 * points, mask sizes and areas, selection, tool, undo depth and what a segment click waits for. It cannot change anything.
 */
export interface StudioTestState {
  readonly image: { readonly width: number; readonly height: number } | null;
  readonly viewport: { readonly scale: number; readonly x: number; readonly y: number };
  readonly tool: string;
  readonly selection: readonly string[];
  readonly undoSteps: number;
  /** `smallestAt`: a pixel inside the smallest segment (a click there picks exactly that segment). */
  readonly autoSegments: {
    readonly state: string;
    readonly count: number;
    readonly areas: readonly number[];
    readonly smallestAt: { readonly x: number; readonly y: number } | null;
  };
  /** Click-to-segment in flight: the embedding still computing, and the points waiting for their mask. */
  readonly segment: { readonly encoding: boolean; readonly pendingPoints: number };
  readonly objects: readonly {
    readonly id: string;
    readonly name: string;
    readonly colour: string;
    readonly kind: string;
    readonly visible: boolean;
    readonly locked: boolean;
    readonly points: readonly { x: number; y: number; label: number }[];
    readonly box: readonly number[] | null;
    readonly mask: { readonly width: number; readonly height: number; readonly area: number } | null;
  }[];
}

declare global {
  interface Window {
    __studioTest?: { getState(): StudioTestState };
  }
}

function snapshot(): StudioTestState {
  const s = studioStore.getState();
  const img = s.document.image;
  return {
    image: img && { width: img.width, height: img.height },
    viewport: { ...s.viewport },
    tool: s.tool,
    selection: [...s.selection],
    undoSteps: studioStore.temporal.getState().pastStates.length,
    autoSegments: {
      state: s.autoSegmentsState,
      count: s.autoSegments.length,
      areas: s.autoSegments.map((a) => a.area),
      smallestAt: smallestSegmentPixel(s.autoSegments.map((a) => a.mask)),
    },
    segment: {
      encoding: img !== null && segmentUi.getState().encoding === img.imageId,
      pendingPoints: segmentUi.getState().pending?.points.length ?? 0,
    },
    objects: s.document.objects.map((o) => {
      const m = s.document.masks[o.id];
      let area = 0;
      if (m) for (let i = 0; i < m.data.length; i++) if (m.data[i]) area++;
      return {
        id: o.id,
        name: o.name,
        colour: o.colour,
        kind: o.kind,
        visible: o.visible,
        locked: o.locked,
        points: o.prompts.points.map((p) => ({ ...p })),
        box: o.prompts.box ? [...o.prompts.box] : null,
        mask: m ? { width: m.width, height: m.height, area } : null,
      };
    }),
  };
}

/** The middle inside pixel (row-major) of the smallest segment: inside it, and away from its first rows. */
function smallestSegmentPixel(masks: readonly Mask[]): { x: number; y: number } | null {
  let best: Mask | null = null;
  let bestArea = Infinity;
  for (const m of masks) {
    let area = 0;
    for (let i = 0; i < m.data.length; i++) if (m.data[i]) area++;
    if (area > 0 && area < bestArea) [best, bestArea] = [m, area];
  }
  if (!best) return null;
  for (let i = 0, seen = 0; i < best.data.length; i++) {
    if (best.data[i] && seen++ === Math.floor(bestArea / 2))
      return { x: (i % best.width) + 0.5, y: Math.floor(i / best.width) + 0.5 };
  }
  return null;
}

if (new URLSearchParams(window.location.search).get('e2e') === '1') {
  window.__studioTest = { getState: snapshot };
}

/**
 * e2e only: `autoGrid=N` asks for an N x N point grid (default 32 x 32) and no quality thresholds, so the
 * background job finishes in seconds on a 2-core CI machine and the tiny random-weight model still yields
 * segments. Ignored without `e2e=1`.
 */
export function testAutoSettings():
  { pointsPerSide: number; predIouThresh: number; stabilityScoreThresh: number } | undefined {
  const params = new URLSearchParams(window.location.search);
  const n = Number(params.get('autoGrid'));
  if (params.get('e2e') !== '1' || !Number.isInteger(n) || n < 1 || n > 64) return undefined;
  return { pointsPerSide: n, predIouThresh: 0, stabilityScoreThresh: 0 };
}
