import { describe, expect, it } from 'vitest';
import { interpolateTrack } from './pchip';
import { defaultKeyframes, ease, keyframeProblem, timedPoints, type TimedTrajectory } from './timing';

const pts = [
  { x: 10, y: 100, depth: 0.5 },
  { x: 50, y: 60, depth: 0.3 },
  { x: 90, y: 100, depth: 0.6 },
];

describe('trajectory timing', () => {
  it('uniform linear timing hands the reference its own points (identical engine results)', () => {
    const t: TimedTrajectory = { points: pts, timing: 'uniform', easing: [] };
    expect(timedPoints(t, 16)).toEqual(pts);
    expect(timedPoints({ ...t, easing: ['linear', 'linear'] }, 16)).toEqual(pts);
  });

  it('one point holds still; keyframes are ignored for it', () => {
    const one = { points: [{ x: 3, y: 4, depth: 0.2, frame: 5 }], timing: 'keyframed' as const, easing: [] };
    expect(timedPoints(one, 16)).toEqual([{ x: 3, y: 4, depth: 0.2 }]);
  });

  it('uniform keyframes with linear easing reproduce the reference curve frame by frame', () => {
    // 3 points over 5 frames: uniform frames 0, 2, 4 are integers, so keyframed = uniform sampling.
    const keyed: TimedTrajectory = {
      points: pts.map((p, k) => ({ ...p, frame: k * 2 })),
      timing: 'keyframed',
      easing: [],
    };
    const out = timedPoints(keyed, 5);
    const ref = interpolateTrack(
      pts.map((p) => p.x),
      5,
    );
    expect(out.map((p) => p.x)).toEqual(Array.from(ref));
  });

  it('keyframed timing waits before the first key, arrives at each key frame and holds after the last', () => {
    const keyed: TimedTrajectory = {
      points: [
        { ...pts[0]!, frame: 2 },
        { ...pts[1]!, frame: 5 },
        { ...pts[2]!, frame: 10 },
      ],
      timing: 'keyframed',
      easing: [],
    };
    const out = timedPoints(keyed, 16);
    expect(out).toHaveLength(16);
    expect(out[0]).toEqual(pts[0]);
    expect(out[2]).toEqual(pts[0]);
    expect(out[5]!.x).toBeCloseTo(50, 10);
    expect(out[5]!.depth).toBeCloseTo(0.3, 10);
    expect(out[10]!.x).toBeCloseTo(90, 10);
    expect(out[15]!.x).toBeCloseTo(90, 10);
    // The engine's PCHIP through these 16 points reproduces them at its 16 samples.
    const again = interpolateTrack(
      out.map((p) => p.x),
      16,
    );
    for (let f = 0; f < 16; f++) expect(again[f]).toBeCloseTo(out[f]!.x, 9);
  });

  it('easing changes when, not where: ease-in starts slower than linear on the same segment', () => {
    const base: TimedTrajectory = {
      points: [
        { x: 0, y: 0, depth: 0.5, frame: 0 },
        { x: 100, y: 0, depth: 0.5, frame: 10 },
      ],
      timing: 'keyframed',
      easing: ['linear'],
    };
    const lin = timedPoints(base, 11);
    const easeIn = timedPoints({ ...base, easing: ['easeIn'] }, 11);
    const easeOut = timedPoints({ ...base, easing: ['easeOut'] }, 11);
    expect(lin[5]!.x).toBeCloseTo(50, 10);
    expect(easeIn[5]!.x).toBeCloseTo(25, 10);
    expect(easeOut[5]!.x).toBeCloseTo(75, 10);
    expect(easeIn[10]!.x).toBeCloseTo(100, 10);
    // Uniform timing with a non-linear easing also eases (frames k*(F-1)/(n-1)).
    const uniformEased = timedPoints({ ...base, timing: 'uniform', easing: ['easeInOut'] }, 11);
    expect(uniformEased[5]!.x).toBeCloseTo(50, 10);
    expect(uniformEased[2]!.x).toBeCloseTo(8, 10);
  });

  it('easing curves are monotone maps of [0, 1] onto itself', () => {
    for (const k of ['linear', 'easeIn', 'easeOut', 'easeInOut'] as const) {
      expect(ease(k, 0)).toBe(0);
      expect(ease(k, 1)).toBe(1);
      let prev = 0;
      for (let u = 0.05; u <= 1; u += 0.05) {
        expect(ease(k, u)).toBeGreaterThanOrEqual(prev);
        prev = ease(k, u);
      }
    }
  });

  it('validates keyframes: integer, within the frames, strictly increasing', () => {
    const at = (...frames: (number | undefined)[]) => frames.map((frame, k) => ({ ...pts[k]!, frame }));
    expect(keyframeProblem(at(0, 7, 15), 16)).toBeNull();
    expect(keyframeProblem(at(0, 7, 16), 16)).toMatch(/outside 1\.\.16/);
    expect(keyframeProblem(at(0, 7, 7), 16)).toMatch(/must come after/);
    expect(keyframeProblem(at(0, undefined, 9), 16)).toMatch(/no frame/);
    expect(keyframeProblem(at(0, 2.5, 9), 16)).toMatch(/outside/);
    // Unusable keyframes fall back to the reference (uniform) sampling.
    const bad: TimedTrajectory = { points: at(0, 9, 3), timing: 'keyframed', easing: [] };
    expect(timedPoints(bad, 16)).toEqual(pts);
  });

  it('default keyframes spread the points uniformly over the frames', () => {
    expect(defaultKeyframes(3, 16)).toEqual([0, 8, 15]);
    expect(defaultKeyframes(1, 16)).toEqual([0]);
    expect(defaultKeyframes(4, 16)).toEqual([0, 5, 10, 15]);
  });
});

describe('keyframed timing reaches the control scene', () => {
  it('projectToScene hands the engine one point per frame for keyframes, the clicks for uniform', async () => {
    const { newProjectDocument } = await import('../project/newProject');
    const { projectToScene } = await import('../project/toScene');
    const doc = newProjectDocument('s', { entry: 'image.png', width: 288, height: 512 });
    doc.depth.original = { entry: 'd.f32', kind: 'disparity', width: 288, height: 512 };
    const points = pts.map((p, k) => ({ ...p, frame: [0, 3, 15][k] }));
    doc.objects.push({
      id: 'a',
      name: 'car',
      colour: '#000000',
      kind: 'moving',
      visible: true,
      locked: false,
      mask: 'masks/a.png',
      prompts: { points: [], box: null },
      trajectory: { points, timing: 'uniform', easing: [] },
    });
    const uniform = projectToScene(doc)!.objects[0] as { trajectory: unknown[] };
    expect(uniform.trajectory).toEqual(pts);
    doc.objects[0]!.trajectory!.timing = 'keyframed';
    const keyed = projectToScene(doc)!.objects[0] as { trajectory: { x: number; depth: number }[] };
    expect(keyed.trajectory).toHaveLength(16);
    expect(keyed.trajectory[3]).toEqual({ x: 50, y: 60, depth: 0.3 });
    expect(keyed.trajectory[15]!.x).toBe(90);
  });
});
