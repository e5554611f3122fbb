import type Konva from 'konva';
import { memo, useMemo } from 'react';
import type { Context } from 'konva/lib/Context';
import { Circle, Group, Layer, Line, Rect, Shape, Text } from 'react-konva';
import { useStudio } from '../../state/store';
import type { EditorObject } from '../../state/documentSlice';
import { Tool } from '../../state/uiSlice';
import { depthColour, rangeWithDepths, type NearRange } from '../depth/colormap';
import { useDepthRange } from '../depth/useDepthRange';
import { sceneDepthAt } from '../depth/sceneDepth';
import { useCanvasPointer } from '../segment/canvasPointer';
import { densePath, framePositions } from './pathGeometry';
import { clampedPoint, type ClampedPoint } from './frameClamp';
import { usePlacement } from './usePlacement';
import { PointOutlineShape } from './PointOutlineShape';
import { trajectoryHandlers, useTrajectoryWheel } from './trajectoryPointer';
import { HANDLE_OFFSET, pathWidth, pointRadius } from './trajectoryStyle';
import { useTrajectoryUi } from './trajectoryUi';
import './testHook';

/**
 * Trajectories over the image. With the trajectory tool: the selected object's path is editable (points,
 * depth handle, wheel depth) and other moving objects' paths are dimmed; with the select tool every path
 * is shown. Everything is drawn in image coordinates with sizes divided by the zoom, so points keep their
 * screen size. Nothing here listens to Konva events: the tool hit-tests on DOM pointer events.
 */
export function TrajectoryLayer({
  stage,
  layerRef,
}: {
  stage: Konva.Stage | null;
  layerRef: (layer: Konva.Layer | null) => void;
}) {
  const tool = useStudio((s) => s.tool);
  const objects = useStudio((s) => s.document.objects);
  const selectedId = useStudio((s) => s.selection[0]);
  const active = tool === Tool.Trajectory;
  useCanvasPointer(stage, active, trajectoryHandlers);
  useTrajectoryWheel(stage, active);
  const shown = tool === Tool.Trajectory || tool === Tool.Select;
  const moving = objects.filter((o) => o.kind === 'moving' && o.visible && o.trajectory?.points.length);
  // The layer always exists: it is how the tools find the stage.
  return (
    <Layer ref={layerRef} listening={false}>
      {shown &&
        moving.map((o) => (
          <ObjectPath
            key={o.id}
            obj={o}
            editing={active && o.id === selectedId}
            dim={active && o.id !== selectedId}
          />
        ))}
    </Layer>
  );
}

/**
 * Memoised: a point drag changes one object, and the others' paths keep their props, so React leaves their
 * Konva nodes alone (re-setting hundreds of attributes per move showed in profiles). The path geometry
 * depends on the trajectory, not the zoom, so a wheel zoom only re-sizes strokes and markers.
 */
const ObjectPath = memo(function ObjectPath({
  obj,
  editing,
  dim,
}: {
  obj: EditorObject;
  editing: boolean;
  dim: boolean;
}) {
  const scale = useStudio((s) => s.viewport.scale);
  const frames = useStudio((s) => s.document.settings.frames);
  const placement = usePlacement();
  const selected = useTrajectoryUi((s) => (s.selected?.objectId === obj.id ? s.selected.index : -1));
  const sceneRange = useDepthRange();
  const traj = obj.trajectory;
  const geometry = useMemo(
    () => (traj ? pathGeometry(traj, frames, sceneRange) : null),
    [traj, frames, sceneRange],
  );
  if (!traj || !geometry) return null;
  const { range, outline } = geometry;
  const pts = traj.points;
  const k = 1 / scale;
  return (
    <Group opacity={dim ? 0.45 : 1}>
      {/* Under the path and the markers: the object as the control signal places it at the point. */}
      {editing && pts[selected] && <PointOutlineShape obj={obj} index={selected} k={k} />}
      {outline && (
        <Line
          points={outline}
          stroke="#0b0d12"
          strokeWidth={8 * k}
          opacity={0.55}
          lineCap="round"
          lineJoin="round"
          perfectDrawEnabled={false}
        />
      )}
      {/* Pieces of PIECE samples, each in the colour and width of its mid depth, then the frame ticks. */}
      <Shape sceneFunc={(ctx) => drawPiecesAndTicks(ctx, geometry, k)} perfectDrawEnabled={false} />
      {pts.length === 1 && pts[0] && <PinnedMarker x={pts[0].x} y={pts[0].y} colour={obj.colour} k={k} />}
      {pts.map((p, i) => (
        <PointMarker
          key={i}
          x={p.x}
          y={p.y}
          clamped={placement && clampedPoint(p, placement)}
          depth={p.depth}
          colour={obj.colour}
          k={k}
          selected={editing && i === selected}
          label={String(i + 1)}
          range={range}
        />
      ))}
      {editing && pts[selected] && <DepthHandle p={pts[selected]} k={k} range={range} />}
    </Group>
  );
});

type PathGeometry = ReturnType<typeof pathGeometry>;

/** Everything about a drawn path that does not depend on the zoom (flat point lists in image pixels). */
function pathGeometry(
  traj: NonNullable<EditorObject['trajectory']>,
  frames: number,
  sceneRange: NearRange | null,
) {
  const range = rangeWithDepths(
    sceneRange,
    traj.points.map((p) => p.depth),
  );
  const dense = densePath(traj.points).points;
  return {
    range,
    outline: dense.length > 1 ? dense.flatMap((p) => [p.x, p.y]) : null,
    pieces: piecesOf(dense.length).map(([from, to]) => {
      const mid = dense[(from + to) >> 1] ?? dense[from]!;
      return {
        from,
        points: dense.slice(from, to + 1).flatMap((q) => [q.x, q.y]),
        colour: depthColour(mid.depth, range),
        width: pathWidth(mid.depth, range),
      };
    }),
    ticks: traj.points.length > 1 ? framePositions(traj, frames) : [],
  };
}

/**
 * One Konva shape for a path's pieces and frame ticks (about 30 per path), with the canvas calls one Line
 * per piece and one Circle per tick would make, in the same order and state, so pixels are unchanged.
 * Hundreds of nodes made every pan or zoom frame walk, transform and save/restore each of them.
 */
function drawPiecesAndTicks(ctx: Context, g: PathGeometry, k: number): void {
  const c = ctx._context;
  const alpha = c.globalAlpha; // the group's opacity (dimmed paths), as Konva applied it to this shape
  for (const piece of g.pieces) {
    const pts = piece.points;
    c.lineJoin = 'round';
    c.lineCap = 'round';
    c.lineWidth = piece.width * k;
    c.strokeStyle = piece.colour;
    c.beginPath();
    c.moveTo(pts[0]!, pts[1]!);
    for (let i = 2; i < pts.length; i += 2) c.lineTo(pts[i]!, pts[i + 1]!);
    c.stroke();
  }
  c.globalAlpha = alpha * 0.85;
  c.fillStyle = '#ffffff';
  for (const t of g.ticks) {
    c.beginPath();
    c.arc(t.x, t.y, 1.6 * k, 0, Math.PI * 2, false);
    c.closePath();
    c.fill();
  }
}

const PIECE = 3;

/** [from, to] sample index ranges (sharing end samples) covering a polyline of n samples. */
function piecesOf(n: number): [number, number][] {
  const out: [number, number][] = [];
  for (let i = 0; i + 1 < n; i += PIECE) out.push([i, Math.min(n - 1, i + PIECE)]);
  return out;
}

const PointMarker = memo(function PointMarker(props: {
  x: number;
  y: number;
  /** where the control signal pulls a point outside the frame (null: inside) */
  clamped: ClampedPoint | null;
  depth: number;
  colour: string;
  k: number;
  selected: boolean;
  label: string;
  range: NearRange | null;
}) {
  const { x, y, depth, k, clamped } = props;
  const r = pointRadius(depth, props.range) * k;
  const scene = useStudio((s) => sceneDepthAt(s, x, y));
  return (
    <Group x={x} y={y}>
      {clamped && <ClampLead dx={clamped.x - x} dy={clamped.y - y} r={r} k={k} />}
      {/* A dark halo under the disc: a far (small, dark) point still stands out on any image. */}
      <Circle radius={r + 2 * k} fill="#0b0d12" opacity={0.55} perfectDrawEnabled={false} />
      <Circle
        radius={r}
        fill={depthColour(depth, props.range)}
        stroke={props.selected ? '#ffffff' : props.colour}
        strokeWidth={(props.selected ? 3 : 2) * k}
        {...(clamped ? { dash: [3 * k, 2 * k] } : {})}
        perfectDrawEnabled={false}
      />
      {/* Scene depth under the point, for reference: a tiny tick in the overlay's colours. */}
      {scene !== null && (
        <Rect
          x={r + 2 * k}
          y={-2 * k}
          width={7 * k}
          height={4 * k}
          fill={depthColour(scene, props.range)}
          stroke="#0b0d12"
          strokeWidth={k}
          perfectDrawEnabled={false}
        />
      )}
      {/* Top left of the point (the depth handle sits straight above the selected one), white on a dark
          halo so it reads over masks, the depth overlay and bright images alike. */}
      <Text
        text={props.label}
        x={-r - 26 * k}
        y={-r - 10 * k}
        width={22 * k}
        align="right"
        fontSize={12 * k}
        fontStyle="bold"
        fill={clamped ? WARN : '#ffffff'}
        stroke="#0b0d12"
        strokeWidth={3.5 * k}
        lineJoin="round"
        fillAfterStrokeEnabled
        perfectDrawEnabled={false}
      />
    </Group>
  );
});

const WARN = '#e7b04b';

/**
 * A point outside the frame: a dashed lead from it to the frame-edge pixel the control signal uses
 * instead (frameClamp.ts), ending in a small square there.
 */
function ClampLead({ dx, dy, r, k }: { dx: number; dy: number; r: number; k: number }) {
  return (
    <>
      <Line points={[0, 0, dx, dy]} stroke="#0b0d12" strokeWidth={3.5 * k} opacity={0.6} />
      <Line points={[0, 0, dx, dy]} stroke={WARN} strokeWidth={1.5 * k} dash={[4 * k, 3 * k]} />
      <Rect
        x={dx - 3.5 * k}
        y={dy - 3.5 * k}
        width={7 * k}
        height={7 * k}
        fill={WARN}
        stroke="#0b0d12"
        strokeWidth={k}
      />
      <Circle radius={r + 5 * k} stroke={WARN} strokeWidth={1.5 * k} dash={[3 * k, 2 * k]} />
    </>
  );
}

/** A one-point trajectory holds the object still: a pin under the point says so. */
function PinnedMarker({ x, y, colour, k }: { x: number; y: number; colour: string; k: number }) {
  return (
    <Group x={x} y={y}>
      <Circle radius={18 * k} stroke={colour} strokeWidth={2 * k} dash={[4 * k, 3 * k]} />
      <Line points={[0, 18 * k, 0, 30 * k]} stroke={colour} strokeWidth={2 * k} />
      <Text
        text="held still"
        x={-30 * k}
        y={32 * k}
        width={60 * k}
        align="center"
        fontSize={10 * k}
        fill="#fff"
        stroke="#0b0d12"
        strokeWidth={3 * k}
        lineJoin="round"
        fillAfterStrokeEnabled
      />
    </Group>
  );
}

/** Drag up = nearer, down = farther (also: wheel over the point, or the inspector's field). */
function DepthHandle({
  p,
  k,
  range,
}: {
  p: { x: number; y: number; depth: number };
  k: number;
  range: NearRange | null;
}) {
  const off = HANDLE_OFFSET * k;
  return (
    <Group x={p.x} y={p.y}>
      <Line
        points={[0, -pointRadius(p.depth, range) * k, 0, -off + 5 * k]}
        stroke="#ffffff"
        strokeWidth={1.5 * k}
      />
      <Rect
        x={-5 * k}
        y={-off - 5 * k}
        width={10 * k}
        height={10 * k}
        cornerRadius={2 * k}
        fill="#ffffff"
        stroke="#0b0d12"
        strokeWidth={k}
      />
      <Line
        points={[-3 * k, -off + 1 * k, 0, -off - 2 * k, 3 * k, -off + 1 * k]}
        stroke="#0b0d12"
        strokeWidth={1.2 * k}
      />
    </Group>
  );
}
