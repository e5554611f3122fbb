import { studioStore } from '../../state/store';
import { depthUi } from '../depth/depthUi';

/**
 * Read-only e2e view of trajectories and depth (installed only with `e2e=1`, like src-renderer/testHook.ts):
 * each object's trajectory, the painted depth (size + checksum), the estimated depth state and undo depth.
 */
export interface TrajectoryTestState {
  readonly undoSteps: number;
  readonly objects: readonly {
    readonly id: string;
    readonly kind: string;
    readonly trajectory: {
      readonly points: readonly { x: number; y: number; depth: number; frame?: number | undefined }[];
      readonly timing: string;
      readonly easing: readonly string[];
    } | null;
  }[];
  readonly depth: { readonly state: string; readonly width: number; readonly height: number } | null;
  readonly depthEdit: { readonly width: number; readonly height: number; readonly sum: number } | null;
  readonly overlay: { readonly visible: boolean; readonly opacity: number };
}

declare global {
  interface Window {
    __trajectoryTest?: { getState(): TrajectoryTestState; depthAt(x: number, y: number): number | null };
  }
}

function snapshot(): TrajectoryTestState {
  const s = studioStore.getState();
  const e = s.document.depthEdit;
  let sum = 0;
  if (e) for (let i = 0; i < e.data.length; i++) sum += e.data[i] as number;
  const ui = depthUi.getState();
  return {
    undoSteps: studioStore.temporal.getState().pastStates.length,
    objects: s.document.objects.map((o) => ({
      id: o.id,
      kind: o.kind,
      trajectory: o.trajectory && {
        points: o.trajectory.points.map((p) => ({ ...p })),
        timing: o.trajectory.timing,
        easing: [...o.trajectory.easing],
      },
    })),
    depth: s.depth && { state: s.depthState, width: s.depth.width, height: s.depth.height },
    depthEdit: e && { width: e.width, height: e.height, sum },
    overlay: { visible: ui.overlay, opacity: ui.opacity },
  };
}

/** The depth the control signal uses at depth-map cell (x, y) of the work resolution. */
function depthAt(x: number, y: number): number | null {
  const s = studioStore.getState();
  const map = s.document.depthEdit ?? (s.depth && { width: s.depth.width, data: s.depth.z0 });
  return map ? (map.data[y * map.width + x] ?? null) : null;
}

if (new URLSearchParams(window.location.search).get('e2e') === '1') {
  window.__trajectoryTest = { getState: snapshot, depthAt };
}
