import type Konva from 'konva';
import { useRef, useState } from 'react';
import { Circle, Group, Layer, Line, Rect } from 'react-konva';
import { studioStore, useStudio } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import { editableObject, selectedObject } from '../objects/objectOps';
import { useCanvasPointer, type ImagePoint } from './canvasPointer';
import {
  PointLabel,
  clampToImage,
  pointNear,
  withBox,
  withPoint,
  withoutPoint,
  type Prompts,
} from './promptActions';
import { requestSegment } from './segmentClick';
import { segmentUi, useSegmentUi } from './segmentUi';

/** Moving this many screen pixels between press and release makes a box instead of a click. */
const DRAG_THRESHOLD = 4;
/** A click this close (screen pixels) to an existing point removes it instead of adding one. */
const HIT_RADIUS = 7;

/**
 * The segment tool: click = positive point, Shift+click = negative point, drag = box, click on a point =
 * remove it. Draws the selected object's prompts as +/− markers (the pending ones at once).
 */
export function SegmentToolLayer({ stage }: { stage: Konva.Stage | null }) {
  const active = useStudio((s) => s.tool === Tool.Segment);
  const scale = useStudio((s) => s.viewport.scale);
  const obj = useStudio((s) => selectedObject(s));
  const pending = useSegmentUi((s) => s.pending);
  // Points waiting for their mask get a dashed ring; amber while the image is still being encoded.
  const encoding = useSegmentUi((s) => s.encoding !== null);
  const [drag, setDrag] = useState<{ from: ImagePoint; to: ImagePoint } | null>(null);
  // The press, kept outside React state so the release sees it however renders are batched.
  const press = useRef<{ image: ImagePoint; screen: ImagePoint } | null>(null);

  useCanvasPointer(stage, active, {
    down: (p) => {
      const image = studioStore.getState().document.image;
      // With no object yet, adding one from the hint replays this click on it.
      const retry = () => {
        const t = selectedObject();
        if (t)
          requestSegment(
            t.id,
            withPoint(t.prompts, { x: p.image.x, y: p.image.y, label: PointLabel.Positive }),
          );
      };
      if (!image || !editableObject('segment it', retry)) return false;
      press.current = { image: p.image, screen: p.screen };
      return undefined;
    },
    drag: (p) => {
      const d = press.current;
      if (d && Math.hypot(p.screen.x - d.screen.x, p.screen.y - d.screen.y) >= DRAG_THRESHOLD)
        setDrag({ from: d.image, to: p.image });
    },
    up: (p) => {
      const d = press.current;
      press.current = null;
      setDrag(null);
      const target = selectedObject();
      const image = studioStore.getState().document.image;
      if (!d || !target || !image) return;
      const prompts = currentPrompts(target.id, target.prompts);
      const moved = Math.hypot(p.screen.x - d.screen.x, p.screen.y - d.screen.y);
      if (moved >= DRAG_THRESHOLD) {
        const a = clampToImage(d.image.x, d.image.y, image.width, image.height);
        const b = clampToImage(p.image.x, p.image.y, image.width, image.height);
        requestSegment(target.id, withBox(prompts, [a.x, a.y, b.x, b.y]));
        return;
      }
      const hit = pointNear(
        prompts,
        p.image.x,
        p.image.y,
        HIT_RADIUS / studioStore.getState().viewport.scale,
      );
      if (hit >= 0) {
        requestSegment(target.id, withoutPoint(prompts, hit));
        return;
      }
      if (p.image.x < 0 || p.image.y < 0 || p.image.x >= image.width || p.image.y >= image.height) return;
      const label = p.shift ? PointLabel.Negative : PointLabel.Positive;
      requestSegment(target.id, withPoint(prompts, { x: p.image.x, y: p.image.y, label }));
    },
  });

  if (!obj || !active) return null;
  const waiting = pending?.objectId === obj.id;
  const shown = waiting ? pending : obj.prompts;
  const box = drag ? [drag.from.x, drag.from.y, drag.to.x, drag.to.y] : shown.box;
  const s = 1 / scale;
  return (
    <Layer listening={false}>
      {box && (
        <Rect
          x={Math.min(box[0]!, box[2]!)}
          y={Math.min(box[1]!, box[3]!)}
          width={Math.abs(box[2]! - box[0]!)}
          height={Math.abs(box[3]! - box[1]!)}
          stroke={obj.colour}
          strokeWidth={2 * s}
          dash={[6 * s, 4 * s]}
        />
      )}
      {shown.points.map((p, i) => (
        <Group key={i} x={p.x} y={p.y} scaleX={s} scaleY={s}>
          {waiting && (
            <Circle
              radius={11}
              stroke={encoding ? '#e7b04b' : '#fff'}
              strokeWidth={2}
              dash={[3, 3]}
              name="pending-marker"
            />
          )}
          <Circle radius={7} fill={p.label ? '#1f9d55' : '#d64545'} stroke="#fff" strokeWidth={1.5} />
          <Line points={[-3.5, 0, 3.5, 0]} stroke="#fff" strokeWidth={2} />
          {p.label === 1 && <Line points={[0, -3.5, 0, 3.5]} stroke="#fff" strokeWidth={2} />}
        </Group>
      ))}
    </Layer>
  );
}

/** The prompts a new click builds on: the ones still waiting for their mask, else the object's. */
function currentPrompts(objectId: string, committed: Prompts): Prompts {
  const pending = segmentUi.getState().pending;
  return pending && pending.objectId === objectId
    ? { points: [...pending.points], box: pending.box && [...pending.box] }
    : committed;
}
