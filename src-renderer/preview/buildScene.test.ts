import { describe, expect, it } from 'vitest';
import { computeControl } from '../../src-shared/control/computeControl';
import { defaultSettings } from '../../src-shared/project/schema';
import type { EditorObject, Mask } from '../state/documentSlice';
import { buildPreviewScene, parseResolution, type PreviewInputs } from './buildScene';
import { CENTRED_FRAME, frameMask, placeFrame } from '../../src-shared/image/framing';

function rectMask(w: number, h: number, x0: number, y0: number, x1: number, y1: number): Mask {
  const data = new Uint8Array(w * h);
  for (let y = y0; y < y1; y++) data.fill(255, y * w + x0, y * w + x1);
  return { width: w, height: h, data };
}

function object(id: string, over: Partial<EditorObject> = {}): EditorObject {
  return {
    id,
    name: id,
    colour: '#ff0000',
    kind: 'moving',
    visible: true,
    locked: false,
    prompts: { points: [], box: null },
    trajectory: null,
    ...over,
  };
}

const traj = (pts: { x: number; y: number; depth: number }[]) => ({
  points: pts,
  timing: 'uniform' as const,
  easing: [],
});

// A 576x1024 image (twice 288x512) with depth at a quarter of the image size.
function inputs(over: Partial<PreviewInputs> = {}): PreviewInputs {
  return {
    image: { width: 576, height: 1024 },
    objects: [
      object('car', {
        trajectory: traj([
          { x: 200, y: 300, depth: 0.5 },
          { x: 401, y: 601, depth: 0.3 },
        ]),
      }),
      object('hidden', { visible: false }),
      object('nomask'),
      object('tree', { kind: 'static' }),
      object('still', { trajectory: traj([]) }),
      object('speck'),
    ],
    masks: {
      car: rectMask(576, 1024, 100, 200, 300, 400),
      hidden: rectMask(576, 1024, 0, 0, 50, 50),
      tree: rectMask(576, 1024, 400, 800, 500, 1000),
      still: rectMask(576, 1024, 0, 900, 100, 1000),
      speck: rectMask(576, 1024, 2, 2, 3, 3), // one image pixel no sample lands on
    },
    depth: { width: 144, height: 256, data: new Float32Array(144 * 256).fill(0.8) },
    autoMasks: [rectMask(576, 1024, 0, 0, 576, 100)],
    settings: { ...defaultSettings, resolution: '288x512', frames: 8 },
    framing: { fit: 'stretch', frame: CENTRED_FRAME },
    ...over,
  };
}

describe('buildPreviewScene', () => {
  it('maps the document onto a control scene at the generation size (toScene semantics)', () => {
    const built = buildPreviewScene(inputs());
    expect(built).not.toBeNull();
    const { scene, objectIds, transfer } = built!;
    expect([scene.width, scene.height, scene.frames]).toEqual([288, 512, 8]);
    // hidden, maskless and vanished objects are left out; order is document order
    expect(objectIds).toEqual(['car', 'tree', 'still']);
    expect(scene.objects.map((o) => o.kind)).toEqual(['moving', 'static', 'static']);
    // trajectory points go to the generation pixel that contains them
    expect(scene.objects[0]!.trajectory).toEqual([
      { x: 100, y: 150, depth: 0.5 },
      { x: 200, y: 300, depth: 0.3 },
    ]);
    // the mask is halved: rows 100..199, cols 50..149
    const m = scene.objects[0]!.mask;
    let count = 0;
    for (const v of m) if (v) count++;
    expect(count).toBe(100 * 100);
    expect(m[100 * 288 + 50]).toBe(255);
    expect(m[99 * 288 + 50]).toBe(0);
    expect(scene.autoMasks).toHaveLength(1);
    expect(scene.depth.kind).toBe('z0');
    expect(scene.depth.data).toHaveLength(288 * 512);
    expect(scene.depth.data[1000]).toBeCloseTo(0.8, 6);
    // every buffer is fresh and listed for transfer: 3 masks + 1 auto mask + depth
    expect(transfer).toHaveLength(5);
    expect(new Set(transfer).size).toBe(5);
  });

  it('waits for depth, and the engine accepts what it builds', () => {
    expect(buildPreviewScene(inputs({ depth: null }))).toBeNull();
    const built = buildPreviewScene(inputs())!;
    const r = computeControl(built.scene);
    expect(r.keypoints).toHaveLength(8);
    // the moving object (id 1) has keypoints in the first and the last frame, near its moved centre
    const first = r.keypoints[0]!.filter((k) => k[2] === 1);
    const last = r.keypoints[7]!.filter((k) => k[2] === 1);
    expect(first.length).toBeGreaterThan(0);
    expect(last.length).toBeGreaterThan(0);
    const meanCol = (ks: typeof first) => ks.reduce((a, k) => a + k[1], 0) / ks.length;
    expect(meanCol(last) - meanCol(first)).toBeGreaterThan(60);
  });

  it('remembers resampled masks per size (288x512 and 512x288 are different maps)', () => {
    const same = inputs();
    const portrait = buildPreviewScene(same)!;
    const landscape = buildPreviewScene({
      ...same,
      settings: { ...defaultSettings, resolution: '512x288', frames: 8 },
    })!;
    const car = same.masks.car!;
    const pl = placeFrame(same.image, { width: 512, height: 288 }, same.framing);
    const direct = frameMask(car.data, car.width, car.height, same.image, pl);
    // a plain loop: a deep toEqual over 147k array elements takes seconds
    const sameBytes = (a: Uint8Array, b: Uint8Array) =>
      a.length === b.length && a.every((v, i) => v === b[i]);
    expect(sameBytes(landscape.scene.objects[0]!.mask, direct)).toBe(true);
    expect(sameBytes(portrait.scene.objects[0]!.mask, direct)).toBe(false);
    // fresh copies each time (they are transferred)
    const again = buildPreviewScene(same)!; // cache hit: the same Mask objects
    expect(again.scene.objects[0]!.mask).not.toBe(portrait.scene.objects[0]!.mask);
    expect(sameBytes(again.scene.objects[0]!.mask, portrait.scene.objects[0]!.mask)).toBe(true);
  });

  it('parses W x H resolutions', () => {
    expect(parseResolution('512x288')).toEqual({ width: 512, height: 288 });
    expect(() => parseResolution('big')).toThrow();
  });
});

describe('framing', () => {
  it('places masks, depth and points by the document framing, and remembers per placement', () => {
    const base = inputs();
    const stretched = buildPreviewScene(base)!;
    const cropped = buildPreviewScene({
      ...base,
      framing: { fit: 'crop', frame: { cx: 0.25, cy: 0.25, scale: 0.5 } },
    })!;
    // 576x1024 at 288x512 is the same aspect: the largest crop is the whole image, half of it is 288x512
    expect(cropped.placement.src).toEqual({ x: 0, y: 0, w: 288, h: 512 });
    // the car (100..300 x 200..400) fills columns 100..287 of the crop at 1:1
    const m = cropped.scene.objects[0]!.mask;
    expect(m[300 * 288 + 99]).toBe(0);
    expect(m[300 * 288 + 100]).toBe(255);
    expect(m[300 * 288 + 287]).toBe(255);
    expect(stretched.scene.objects[0]!.mask[300 * 288 + 100]).toBe(0); // stretched: columns 50..150, rows 100..200
    // the first point (200, 300) is frame pixel (200, 300) in the crop and (100, 150) stretched
    expect(cropped.scene.objects[0]!.trajectory![0]).toMatchObject({ x: 200, y: 300 });
    expect(stretched.scene.objects[0]!.trajectory![0]).toMatchObject({ x: 100, y: 150 });
    // the last point (401, 601) lies outside the crop: clamped to its edge
    expect(cropped.scene.objects[0]!.trajectory!.at(-1)).toMatchObject({ x: 287, y: 511 });
    // objects outside the crop are left out (the tree at 400..500 x 800..1000)
    expect(cropped.objectIds).not.toContain('tree');
    expect(stretched.objectIds).toContain('tree');
  });
});
