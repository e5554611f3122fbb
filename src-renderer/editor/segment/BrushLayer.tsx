import type Konva from 'konva';
import { useRef } from 'react';
import { Circle, Layer, Line } from 'react-konva';
import { beginGesture, endGesture, studioStore, useStudio } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import { setMask } from '../objects/objectActions';
import { editableObject } from '../objects/objectOps';
import { paintStroke, strokeBox, type BrushPoint } from './brush';
import { patchOverlay } from './overlayCache';
import { useCanvasPointer, type CanvasPointer } from './canvasPointer';
import { segmentUi, useSegmentUi, type BrushMode } from './segmentUi';

interface Stroke {
  readonly objectId: string;
  readonly mode: BrushMode;
  /** Image pixels. */
  readonly radius: number;
  readonly points: BrushPoint[];
}

/**
 * The mask brush. While painting only a preview line is drawn (Konva nodes updated in place, no React
 * render per move, no mask work); the stroke is rasterised into the mask once, at release, as one undo
 * step. That keeps painting fluid on a 4096x4096 image.
 */
export function BrushLayer({ stage }: { stage: Konva.Stage | null }) {
  const active = useStudio((s) => s.tool === Tool.MaskBrush);
  const scale = useStudio((s) => s.viewport.scale);
  const size = useSegmentUi((s) => s.brushSize);
  const mode = useSegmentUi((s) => s.brushMode);
  const colour = useStudio((s) => s.document.objects.find((o) => o.id === s.selection[0])?.colour);
  const layer = useRef<Konva.Layer>(null);
  const cursor = useRef<Konva.Circle>(null);
  const line = useRef<Konva.Line>(null);
  const stroke = useRef<Stroke | null>(null);

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
      const obj = editableObject('paint its mask');
      if (!obj) return false;
      const { brushSize, brushMode } = segmentUi.getState();
      const eraseHeld = p.alt && brushMode === 'add';
      const radius = brushSize / 2 / studioStore.getState().viewport.scale;
      stroke.current = { objectId: obj.id, mode: eraseHeld ? 'erase' : brushMode, radius, points: [p.image] };
      showStroke(stroke.current, obj.colour);
      moveCursor(p);
      return undefined;
    },
    drag: (p) => {
      const s = stroke.current;
      const last = s?.points[s.points.length - 1];
      if (!s || !last) return;
      // Samples closer than a quarter radius add nothing visible but cost rasterisation time.
      if (Math.hypot(p.image.x - last.x, p.image.y - last.y) < Math.max(0.5, s.radius / 4)) return;
      s.points.push(p.image);
      line.current?.points(s.points.flatMap((q) => [q.x, q.y]));
      moveCursor(p);
    },
    up: () => {
      const s = stroke.current;
      stroke.current = null;
      line.current?.visible(false);
      layer.current?.batchDraw();
      if (s) commitStroke(s);
    },
  });

  const showStroke = (s: Stroke, objColour: string) => {
    const l = line.current;
    if (!l) return;
    l.setAttrs({
      points: s.points.flatMap((q) => [q.x, q.y, q.x + 0.01, q.y]),
      strokeWidth: s.radius * 2,
      stroke: s.mode === 'add' ? objColour : '#101318',
      opacity: s.mode === 'add' ? 0.6 : 0.55,
      visible: true,
    });
    layer.current?.batchDraw();
  };

  if (!active) return null;
  const r = size / 2 / scale;
  return (
    <Layer ref={layer} listening={false}>
      <Line ref={line} visible={false} lineCap="round" lineJoin="round" perfectDrawEnabled={false} />
      <Circle
        ref={cursor}
        visible={false}
        radius={r}
        stroke={mode === 'add' ? (colour ?? '#ffffff') : '#ffffff'}
        strokeWidth={1.5 / scale}
        dash={mode === 'erase' ? [4 / scale, 3 / scale] : []}
        shadowColor="#000"
        shadowBlur={2}
        shadowOpacity={0.8}
        perfectDrawEnabled={false}
      />
    </Layer>
  );
}

/** Rasterises the stroke into the object's mask: one document change inside one gesture = one undo step. */
function commitStroke(s: Stroke): void {
  const { document, updateDocument } = studioStore.getState();
  const image = document.image;
  if (!image || !document.objects.some((o) => o.id === s.objectId)) return;
  const base = document.masks[s.objectId] ?? null;
  const mask = paintStroke(
    base,
    base?.width ?? image.width,
    base?.height ?? image.height,
    s.points,
    s.radius,
    s.mode,
  );
  const colour = document.objects.find((o) => o.id === s.objectId)?.colour;
  if (base && colour) patchOverlay(base, mask, colour, strokeBox(s));
  beginGesture(studioStore);
  updateDocument((d) => setMask(d, s.objectId, mask));
  endGesture(studioStore);
}
