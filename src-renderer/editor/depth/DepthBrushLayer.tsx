import type Konva from 'konva';
import { useEffect, useRef } from 'react';
import { Circle, Layer } from 'react-konva';
import { beginGesture, endGesture, studioStore, useStudio } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import { useCanvasPointer, type CanvasPointer } from '../segment/canvasPointer';
import { releaseFocus } from '../trajectory/trajectoryPointer';
import { applyDab, dabsBetween, unionRect, type DirtyRect, type PaintMap } from './brushKernels';
import { depthUi, useDepthUi, type DepthBrushMode } from './depthUi';
import { depthOverlay } from './overlayCanvas';
import { mapCell, sceneDepthMap } from './sceneDepth';

interface Stroke {
  readonly map: PaintMap;
  readonly mode: DepthBrushMode;
  readonly strength: number;
  /** Radius in depth-map cells. */
  readonly radius: number;
  /** Image px -> map cells. */
  readonly kx: number;
  readonly ky: number;
  readonly target: number;
  last: { x: number; y: number };
  dirty: DirtyRect | null;
}

/**
 * The depth brush: raise (nearer), lower (farther), smooth, flatten (to the depth at the stroke start).
 * A stroke paints into a private copy of the depth (the painted map, else a copy of Z0 on the first edit)
 * and patches only the overlay's dirty rectangle per move; at release the copy becomes document.depthEdit
 * in one update = one undo step. The map is at its work resolution (<= 1024 px), so strokes stay fluid on
 * large images.
 */
export function DepthBrushLayer({ stage }: { stage: Konva.Stage | null }) {
  const active = useStudio((s) => s.tool === Tool.DepthBrush);
  const scale = useStudio((s) => s.viewport.scale);
  const size = useDepthUi((s) => s.size);
  const mode = useDepthUi((s) => s.mode);
  const layer = useRef<Konva.Layer>(null);
  const cursor = useRef<Konva.Circle>(null);
  const stroke = useRef<Stroke | null>(null);

  useEffect(() => {
    // Painting depth blind is pointless: picking the brush shows the overlay.
    if (active) depthUi.setState({ overlay: true });
  }, [active]);

  const moveCursor = (p: CanvasPointer | null) => {
    const c = cursor.current;
    if (!c) return;
    c.visible(p !== null);
    if (p) c.position(p.image);
    layer.current?.batchDraw();
  };

  useCanvasPointer(stage, active, {
    hover: moveCursor,
    down: (p) => {
      releaseFocus();
      const s = startStroke(p);
      if (!s) return false;
      stroke.current = s;
      dab(s, s.last);
      moveCursor(p);
      return undefined;
    },
    drag: (p) => {
      const s = stroke.current;
      if (!s) return;
      const to = { x: p.image.x * s.kx, y: p.image.y * s.ky };
      for (const c of dabsBetween(s.last, to, Math.max(0.5, s.radius / 4))) dab(s, c);
      s.last = to;
      moveCursor(p);
    },
    up: () => {
      const s = stroke.current;
      stroke.current = null;
      if (s?.dirty) commit(s);
    },
  });

  if (!active) return null;
  return (
    <Layer ref={layer} listening={false}>
      <Circle
        ref={cursor}
        visible={false}
        radius={size / 2 / scale}
        stroke="#ffffff"
        strokeWidth={1.5 / scale}
        dash={mode === 'smooth' || mode === 'flatten' ? [4 / scale, 3 / scale] : []}
        shadowColor="#000"
        shadowBlur={2}
        shadowOpacity={0.8}
        perfectDrawEnabled={false}
      />
    </Layer>
  );
}

function startStroke(p: CanvasPointer): Stroke | null {
  const st = studioStore.getState();
  const image = st.document.image;
  const map = sceneDepthMap(st);
  if (!image) return null;
  if (!map) {
    st.pushNotice({
      level: 'warning',
      title: 'No depth map to paint yet',
      detail:
        st.depthState === 'running'
          ? 'Depth is still being estimated; try again in a moment.'
          : 'Install a depth model (Depth Anything V2) from the Models panel; the open image is estimated as soon as it is installed.',
    });
    return null;
  }
  const { mode, size, strength } = depthUi.getState();
  const kx = map.width / image.width;
  const ky = map.height / image.height;
  const { col, row } = mapCell(map, image.width, image.height, p.image.x, p.image.y);
  return {
    // The document's map is never mutated: undo snapshots keep the old one.
    map: { width: map.width, height: map.height, data: map.data.slice() },
    mode,
    strength,
    radius: Math.max(0.75, (size / 2 / st.viewport.scale) * kx),
    kx,
    ky,
    target: map.data[row * map.width + col] ?? 1,
    last: { x: p.image.x * kx, y: p.image.y * ky },
    dirty: null,
  };
}

function dab(s: Stroke, c: { x: number; y: number }): void {
  const rect = applyDab(s.map, c.x, c.y, s.radius, s.mode, s.strength, s.target);
  s.dirty = unionRect(s.dirty, rect);
  if (depthUi.getState().overlay) depthOverlay.patch(s.map, rect);
}

function commit(s: Stroke): void {
  const { updateDocument } = studioStore.getState();
  beginGesture(studioStore);
  updateDocument((d) => ({ ...d, depthEdit: s.map }));
  endGesture(studioStore);
}
