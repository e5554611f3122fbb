import { describe, expect, it } from 'vitest';
import { addObject } from '../objects/objectActions';
import { documentForImage, type StudioDocument } from '../../state/documentSlice';
import {
  addPoint,
  clampDepth,
  deletePoint,
  insertPoint,
  MIN_DEPTH,
  movePoint,
  setEasing,
  setPointDepth,
  setPointFrame,
  setTiming,
} from './trajectoryActions';
import { densePath, framePositions, hitPoint, hitSegment } from './pathGeometry';

const base = (): StudioDocument =>
  addObject(documentForImage({ imageId: 'i', name: 'i.png', width: 200, height: 100, url: '/i' }), {
    id: 'a',
  });
const traj = (d: StudioDocument) => d.objects[0]!.trajectory;
const three = () => {
  let d = base();
  d = addPoint(d, 'a', 10, 50, 0.5, 16);
  d = addPoint(d, 'a', 100, 20, 0.3, 16);
  return addPoint(d, 'a', 190, 50, 0.6, 16);
};

describe('trajectory actions', () => {
  it('adds points at the end, inserts between neighbours, moves and deletes', () => {
    let d = three();
    expect(traj(d)!.points.map((p) => p.x)).toEqual([10, 100, 190]);
    expect(traj(d)!.timing).toBe('uniform');
    d = insertPoint(d, 'a', 0, 55, 30, 0.4);
    expect(traj(d)!.points.map((p) => p.x)).toEqual([10, 55, 100, 190]);
    d = movePoint(d, 'a', 1, 60.123, 33.456);
    expect(traj(d)!.points[1]).toEqual({ x: 60.12, y: 33.46, depth: 0.4 });
    d = deletePoint(d, 'a', 2);
    expect(traj(d)!.points.map((p) => p.x)).toEqual([10, 60.12, 190]);
    // Invalid inserts and unknown points leave the document as it was (no empty undo step).
    expect(insertPoint(d, 'a', 2, 1, 1, 0.5)).toBe(d);
    expect(movePoint(d, 'a', 7, 1, 1)).toBe(d);
    expect(movePoint(d, 'a', 0, 10, 50)).toBe(d);
    expect(addPoint(d, 'nope', 1, 1, 0.5, 16)).toBe(d);
  });

  it('removing the last point leaves no trajectory; one point is a stationary trajectory', () => {
    let d = addPoint(base(), 'a', 5, 5, 0.2, 16);
    expect(traj(d)!.points).toHaveLength(1);
    expect(framePositions(traj(d)!, 4)).toEqual(Array(4).fill({ x: 5, y: 5, depth: 0.2 }));
    d = deletePoint(d, 'a', 0);
    expect(traj(d)).toBeNull();
  });

  it('depths clamp to [1/255, 1]', () => {
    expect(clampDepth(0)).toBe(MIN_DEPTH);
    expect(clampDepth(-3)).toBe(MIN_DEPTH);
    expect(clampDepth(Number.NaN)).toBe(1);
    const d = setPointDepth(three(), 'a', 1, 7);
    expect(traj(d)!.points[1]!.depth).toBe(1);
  });

  it('keyframed timing: default frames, validated edits, new points between keys', () => {
    let d = setTiming(three(), 'a', 'keyframed', 16);
    expect(traj(d)!.points.map((p) => p.frame)).toEqual([0, 8, 15]);
    const bad = setPointFrame(d, 'a', 1, 15, 16);
    expect(bad.error).toMatch(/must come after|not allowed/);
    expect(bad.doc).toBe(d);
    expect(setPointFrame(d, 'a', 2, 16, 16).error).toMatch(/outside 1\.\.16/);
    const ok = setPointFrame(d, 'a', 1, 4, 16);
    expect(ok.error).toBeNull();
    d = ok.doc;
    expect(traj(d)!.points.map((p) => p.frame)).toEqual([0, 4, 15]);
    d = insertPoint(d, 'a', 1, 150, 40, 0.5);
    expect(traj(d)!.points.map((p) => p.frame)).toEqual([0, 4, 10, 15]);
    // Back to uniform keeps the frames stored (switching back restores them).
    d = setTiming(d, 'a', 'uniform', 16);
    expect(traj(d)!.timing).toBe('uniform');
    expect(traj(setTiming(d, 'a', 'keyframed', 16))!.points.map((p) => p.frame)).toEqual([0, 4, 10, 15]);
  });

  it('easing is one entry per segment and follows inserts and deletes', () => {
    let d = setEasing(three(), 'a', 1, 'easeIn');
    expect(traj(d)!.easing).toEqual(['linear', 'easeIn']);
    d = insertPoint(d, 'a', 1, 150, 40, 0.5);
    expect(traj(d)!.easing).toEqual(['linear', 'easeIn', 'easeIn']);
    d = addPoint(d, 'a', 199, 90, 0.5, 16);
    expect(traj(d)!.easing).toEqual(['linear', 'easeIn', 'easeIn', 'linear']);
    d = deletePoint(d, 'a', 4);
    expect(traj(d)!.easing).toEqual(['linear', 'easeIn', 'easeIn']);
    expect(setEasing(d, 'a', 9, 'easeOut')).toBe(d);
    // All linear is stored as the empty list (the reference's plain uniform trajectory).
    d = setEasing(setEasing(setEasing(d, 'a', 1, 'linear'), 'a', 2, 'linear'), 'a', 0, 'linear');
    expect(traj(d)!.easing).toEqual([]);
  });
});

describe('path geometry', () => {
  const pts = [
    { x: 10, y: 50, depth: 0.5 },
    { x: 100, y: 20, depth: 0.3 },
    { x: 190, y: 50, depth: 0.6 },
  ];
  it('the dense path passes through the points with the engine parameterisation', () => {
    const { points, segment } = densePath(pts);
    expect(points[0]).toEqual(pts[0]);
    expect(points[24]!.x).toBeCloseTo(100, 9);
    expect(points[points.length - 1]!.x).toBeCloseTo(190, 9);
    expect(segment[0]).toBe(0);
    expect(segment[segment.length - 1]).toBe(1);
    // The frame positions are the engine's 16 samples (uniform timing).
    const f = framePositions({ points: pts, timing: 'uniform', easing: [] }, 16);
    expect(f).toHaveLength(16);
    expect(f[0]).toEqual(pts[0]);
  });
  it('hit tests points and the curve', () => {
    expect(hitPoint(pts, 101, 21, 5)).toBe(1);
    expect(hitPoint(pts, 60, 90, 5)).toBe(-1);
    const { points } = densePath(pts);
    const onCurve = points[36]!;
    expect(hitSegment(pts, onCurve.x, onCurve.y + 2, 4)).toBe(1);
    expect(hitSegment(pts, 100, 95, 4)).toBe(-1);
  });
});
