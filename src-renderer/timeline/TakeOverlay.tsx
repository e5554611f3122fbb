import type { Take } from '../../src-shared/project/schema';
import { CENTRED_FRAME, frameToImage, imageToFrame, placeFrame } from '../../src-shared/image/framing';
import { densePath } from '../editor/trajectory/pathGeometry';
import { POINT_STRIDE } from '../preview/protocol';
import { usePreview } from '../preview/previewStore';
import { useStudio } from '../state/store';

const STRETCH = { fit: 'stretch', frame: CENTRED_FRAME } as const;

/**
 * Trajectories (image coordinates) drawn as the editor draws them (the PCHIP curve through the points) and,
 * when the live preview has computed them, the control points of the current frame, over a take's frame
 * box. Everything is placed in the take's frame by the framing the take was generated with, so a path
 * lands on the pixels the take moved (a take from before framings was stretched).
 */
export function TakeOverlay({ take, frame, count }: { take: Take; frame: number; count: number }) {
  const image = useStudio((s) => s.document.image);
  const objects = useStudio((s) => s.document.objects);
  const preview = usePreview((s) => s.result);
  if (!image) return null;
  const pl = placeFrame(image, { width: take.width, height: take.height }, take.framing ?? STRETCH);
  const toTake = (p: { x: number; y: number }) => imageToFrame(p, pl);
  const colourOf = new Map(objects.map((o) => [o.id, o.colour]));
  const points: { x: number; y: number; colour: string }[] = [];
  if (preview && preview.frames > 0) {
    // The preview runs at settings.frames; a take may have another count (a pack's fixed one): same time.
    const pf = count > 1 ? Math.round((frame * (preview.frames - 1)) / (count - 1)) : 0;
    const { data, offsets } = preview.points;
    for (let k = offsets[pf] ?? 0; k < (offsets[pf + 1] ?? 0); k++) {
      const id = data[k * POINT_STRIDE + 2] as number;
      const objectId = preview.objectIds[id - 1];
      const at = frameToImage(
        { x: (data[k * POINT_STRIDE] as number) + 0.5, y: (data[k * POINT_STRIDE + 1] as number) + 0.5 },
        preview.placement,
      );
      points.push({ ...toTake(at), colour: (objectId && colourOf.get(objectId)) ?? '#ffffff' });
    }
  }
  const r = Math.max(take.width, take.height) / 150;
  return (
    <svg
      className="take-overlay"
      viewBox={`0 0 ${take.width} ${take.height}`}
      preserveAspectRatio="none"
      data-testid="take-overlay"
      aria-hidden
    >
      {objects.map((o) => {
        const pts = o.trajectory?.points ?? [];
        if (pts.length === 0 || !o.visible) return null;
        const curve = pts.length > 1 ? densePath(pts).points : pts;
        return (
          <g key={o.id} stroke={o.colour} fill={o.colour}>
            <polyline
              data-testid="take-path"
              points={curve
                .map((p) => toTake(p))
                .map((p) => `${p.x},${p.y}`)
                .join(' ')}
              fill="none"
              vectorEffect="non-scaling-stroke"
              style={{ strokeWidth: 2 }}
            />
            {pts.map(toTake).map((p, i) => (
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
