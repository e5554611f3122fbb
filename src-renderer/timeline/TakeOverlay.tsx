import { POINT_STRIDE } from '../preview/protocol';
import { usePreview } from '../preview/previewStore';
import { useStudio } from '../state/store';

/**
 * Trajectories (image coordinates) and, when the live preview has computed them, the control points of
 * the current frame (generation coordinates), drawn over a take's frame box. The take is the image
 * stretched to the generation size, so both map onto the box by plain scaling.
 */
export function TakeOverlay({ frame, count }: { frame: number; count: number }) {
  const image = useStudio((s) => s.document.image);
  const objects = useStudio((s) => s.document.objects);
  const preview = usePreview((s) => s.result);
  if (!image) return null;
  const colourOf = new Map(objects.map((o) => [o.id, o.colour]));
  const points: { x: number; y: number; colour: string }[] = [];
  if (preview && preview.frames > 0) {
    // The preview runs at settings.frames; a take may have another count (a pack's fixed one): same time.
    const pf = count > 1 ? Math.round((frame * (preview.frames - 1)) / (count - 1)) : 0;
    const { data, offsets } = preview.points;
    const sx = image.width / preview.width;
    const sy = image.height / preview.height;
    for (let k = offsets[pf] ?? 0; k < (offsets[pf + 1] ?? 0); k++) {
      const id = data[k * POINT_STRIDE + 2] as number;
      const objectId = preview.objectIds[id - 1];
      points.push({
        x: (data[k * POINT_STRIDE] as number) * sx,
        y: (data[k * POINT_STRIDE + 1] as number) * sy,
        colour: (objectId && colourOf.get(objectId)) ?? '#ffffff',
      });
    }
  }
  const r = Math.max(image.width, image.height) / 150;
  return (
    <svg
      className="take-overlay"
      viewBox={`0 0 ${image.width} ${image.height}`}
      preserveAspectRatio="none"
      data-testid="take-overlay"
      aria-hidden
    >
      {objects.map((o) => {
        const pts = o.trajectory?.points ?? [];
        if (pts.length === 0 || !o.visible) return null;
        return (
          <g key={o.id} stroke={o.colour} fill={o.colour}>
            <polyline
              points={pts.map((p) => `${p.x},${p.y}`).join(' ')}
              fill="none"
              strokeWidth={r / 2}
              vectorEffect="non-scaling-stroke"
              style={{ strokeWidth: 2 }}
            />
            {pts.map((p, i) => (
              <circle key={i} cx={p.x} cy={p.y} r={r} fillOpacity={0.9} stroke="#000" strokeWidth={r / 4} />
            ))}
          </g>
        );
      })}
      {points.map((p, i) => (
        <circle key={`k${i}`} cx={p.x} cy={p.y} r={r / 2} fill={p.colour} stroke="#fff" strokeWidth={r / 6} />
      ))}
    </svg>
  );
}
