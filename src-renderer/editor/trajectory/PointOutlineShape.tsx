import { Shape } from 'react-konva';
import type { EditorObject } from '../../state/documentSlice';
import { usePointOutline } from './usePointOutline';

/**
 * On the canvas, where and how big the object will be at the selected point (usePointOutline): a light
 * line on a dark halo, readable over any image or mask, a constant width on screen (k = 1 / zoom). The
 * outline is many short segments (one per frame pixel of the edge), so it is drawn solid, not dashed.
 */
export function PointOutlineShape({ obj, index, k }: { obj: EditorObject; index: number; k: number }) {
  const outline = usePointOutline(obj, index);
  const seg = outline && 'segments' in outline ? outline.segments : null;
  if (!seg || seg.length === 0) return null;
  return (
    <Shape
      name="point-outline"
      perfectDrawEnabled={false}
      sceneFunc={(ctx) => {
        const c = ctx._context;
        c.beginPath();
        for (let i = 0; i < seg.length; i += 4) {
          c.moveTo(seg[i] as number, seg[i + 1] as number);
          c.lineTo(seg[i + 2] as number, seg[i + 3] as number);
        }
        c.lineCap = 'round';
        c.lineJoin = 'round';
        c.strokeStyle = 'rgba(11, 13, 18, 0.8)';
        c.lineWidth = 4 * k;
        c.stroke();
        c.strokeStyle = '#ffffff';
        c.lineWidth = 1.6 * k;
        c.stroke();
      }}
    />
  );
}
