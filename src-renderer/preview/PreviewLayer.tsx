import type { Context } from 'konva/lib/Context';
import { Image as KonvaImage, Layer, Shape } from 'react-konva';
import { useStudio } from '../state/store';
import { pointRadius, segmentColour } from './colours';
import { usePreview } from './previewStore';
import { POINT_STRIDE, sheetFrame } from './protocol';

/**
 * The control preview over the image while the timeline plays the preview source: the current frame's
 * keypoints (coloured by object, sized by depth) or the 2.5D animatic frame. One Konva shape draws all
 * points, so a frame change is one cheap redraw; the layer never listens to pointer events.
 */
export function PreviewLayer() {
  const mode = usePreview((p) => p.mode);
  const result = usePreview((p) => p.result);
  const frame = useStudio((s) => s.frame);
  const isPreview = useStudio((s) => s.source.kind === 'preview');
  const hasImage = useStudio((s) => s.document.image !== null);
  const objects = useStudio((s) => s.document.objects);
  const scale = useStudio((s) => s.viewport.scale);
  if (mode === 'off' || !isPreview || !result || !hasImage) return null;
  const f = Math.min(frame, result.frames - 1);
  // The result is in the generation frame: its image part (dst) goes back over the framed image part (src).
  const { src, dst } = result.placement;
  const kx = src.w / dst.w;
  const ky = src.h / dst.h;
  if (mode === 'animatic') {
    const at = result.animatic ? sheetFrame(result.animatic, f, result.height) : null;
    return (
      <Layer listening={false}>
        {at?.sheet && (
          <KonvaImage
            image={at.sheet}
            crop={{ x: dst.x, y: at.y + dst.y, width: dst.w, height: dst.h }}
            x={src.x}
            y={src.y}
            width={src.w}
            height={src.h}
            perfectDrawEnabled={false}
          />
        )}
      </Layer>
    );
  }
  const colourOf = new Map<number, string>();
  result.objectIds.forEach((id, i) => {
    const o = objects.find((x) => x.id === id);
    if (o) colourOf.set(i + 1, o.colour);
  });
  const { data, offsets } = result.points;
  const draw = (ctx: Context) => {
    const c = ctx._context;
    const from = offsets[f] as number;
    const to = offsets[f + 1] as number;
    c.lineWidth = 1.25 / scale;
    c.strokeStyle = 'rgba(0, 0, 0, 0.8)';
    for (let k = from; k < to; k++) {
      const i = k * POINT_STRIDE;
      const id = data[i + 2] as number;
      const userColour = colourOf.get(id);
      const r = pointRadius(data[i + 3] as number, userColour !== undefined) / scale;
      c.beginPath();
      const x = src.x + ((data[i] as number) + 0.5 - dst.x) * kx;
      const y = src.y + ((data[i + 1] as number) + 0.5 - dst.y) * ky;
      c.arc(x, y, r, 0, 2 * Math.PI);
      c.fillStyle = userColour ?? segmentColour(id);
      c.fill();
      c.stroke();
    }
  };
  return (
    <Layer listening={false}>
      <Shape sceneFunc={draw} perfectDrawEnabled={false} />
    </Layer>
  );
}
