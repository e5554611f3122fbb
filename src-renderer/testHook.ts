import { studioStore } from './state/store';

/**
 * Read-only view of the studio for the e2e tests, installed only when the page URL carries `e2e=1`
 * (tests/e2e/objects.test.ts adds it). It returns plain data: object fields, prompt points, mask sizes
 * and areas, selection, tool and undo depth. It cannot change anything.
 */
export interface StudioTestState {
  readonly tool: string;
  readonly selection: readonly string[];
  readonly undoSteps: number;
  readonly autoSegments: { readonly state: string; readonly count: number };
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
  return {
    tool: s.tool,
    selection: [...s.selection],
    undoSteps: studioStore.temporal.getState().pastStates.length,
    autoSegments: { state: s.autoSegmentsState, count: s.autoSegments.length },
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

if (new URLSearchParams(window.location.search).get('e2e') === '1') {
  window.__studioTest = { getState: snapshot };
}
