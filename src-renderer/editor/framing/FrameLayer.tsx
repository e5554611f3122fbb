import type Konva from 'konva';
import { useCallback, useState } from 'react';
import { Group, Layer, Rect, Text } from 'react-konva';
import { useStudio } from '../../state/store';
import { Tool } from '../../state/uiSlice';
import { canvasFrame } from './frameGeometry';
import { parseResolution } from '../../preview/buildScene';
import { framingCaption } from './framingText';
import { useFrameDrag } from './useFrameDrag';

const DIM = 'rgba(8, 10, 14, 0.55)';
const HANDLE_PX = 9;

/**
 * The generation frame over the image while editing: with crop, the area left out is dimmed and the frame
 * has corner handles with the Select tool (move by its edge, scale by a corner: useFrameDrag); with letterbox, the bars the frame
 * adds around the image; with stretch, the image outlined and labelled as squeezed. Draws only; the drag is
 * DOM-level so it works over any tool.
 */
export function FrameLayer() {
  const [stage, setStage] = useState<Konva.Stage | null>(null);
  const onLayer = useCallback((layer: Konva.Layer | null) => setStage(layer?.getStage() ?? null), []);
  const image = useStudio((s) => s.document.image);
  const framing = useStudio((s) => s.document.framing);
  const resolution = useStudio((s) => s.document.settings.resolution);
  const scale = useStudio((s) => s.viewport.scale);
  const editing = useStudio((s) => s.source.kind === 'preview');
  // Only the Select tool grabs the frame: a brush stroke or a click that starts on its edge stays the tool's.
  const adjustable = useStudio((s) => s.tool === Tool.Select) && editing && framing.fit === 'crop';
  useFrameDrag(stage, adjustable);
  if (!image || !editing) return <Layer ref={onLayer} listening={false} />;
  const target = parseResolution(resolution);
  const { outline: o, used } = canvasFrame(image, target, framing);
  const px = 1 / scale;
  const W = image.width;
  const H = image.height;
  // The dimmed parts: around `used` inside the image for crop, the bars outside it for letterbox.
  const dims =
    framing.fit === 'crop'
      ? [
          { x: 0, y: 0, w: W, h: used.y },
          { x: 0, y: used.y + used.h, w: W, h: H - used.y - used.h },
          { x: 0, y: used.y, w: used.x, h: used.h },
          { x: used.x + used.w, y: used.y, w: W - used.x - used.w, h: used.h },
        ]
      : framing.fit === 'letterbox'
        ? [
            { x: o.x, y: o.y, w: o.w, h: used.y - o.y },
            { x: o.x, y: used.y + used.h, w: o.w, h: o.y + o.h - used.y - used.h },
            { x: o.x, y: o.y, w: used.x - o.x, h: o.h },
            { x: used.x + used.w, y: o.y, w: o.x + o.w - used.x - used.w, h: o.h },
          ]
        : [];
  const handle = HANDLE_PX * px;
  return (
    <Layer ref={onLayer} listening={false}>
      {dims
        .filter((d) => d.w > 0 && d.h > 0)
        .map((d, i) => (
          <Rect
            key={i}
            x={d.x}
            y={d.y}
            width={d.w}
            height={d.h}
            fill={framing.fit === 'letterbox' ? '#000' : DIM}
          />
        ))}
      <Rect x={o.x} y={o.y} width={o.w} height={o.h} stroke="rgba(0,0,0,0.7)" strokeWidth={3 * px} />
      <Rect
        x={o.x}
        y={o.y}
        width={o.w}
        height={o.h}
        stroke="#f5f7fa"
        strokeWidth={1.25 * px}
        dash={framing.fit === 'stretch' ? [6 * px, 4 * px] : []}
        name="generation-frame"
      />
      {adjustable &&
        [
          [o.x, o.y],
          [o.x + o.w, o.y],
          [o.x + o.w, o.y + o.h],
          [o.x, o.y + o.h],
        ].map(([x, y], i) => (
          <Rect
            key={`h${i}`}
            x={(x as number) - handle / 2}
            y={(y as number) - handle / 2}
            width={handle}
            height={handle}
            fill="#f5f7fa"
            stroke="#111"
            strokeWidth={px}
          />
        ))}
      <Group x={o.x} y={o.y - 20 * px}>
        <Rect
          width={Math.min(o.w, 420 * px)}
          height={18 * px}
          fill="rgba(8,10,14,0.75)"
          cornerRadius={3 * px}
        />
        <Text
          text={framingCaption(framing.fit, target)}
          x={6 * px}
          y={3 * px}
          width={Math.min(o.w, 420 * px) - 12 * px}
          fontSize={12 * px}
          fill="#f5f7fa"
          wrap="none"
          ellipsis
        />
      </Group>
    </Layer>
  );
}
