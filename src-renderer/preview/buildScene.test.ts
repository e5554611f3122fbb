import { describe, expect, it } from 'vitest';
import { computeControl } from '../../src-shared/control/computeControl';
import { defaultSettings } from '../../src-shared/project/schema';
import type { EditorObject, Mask } from '../state/documentSlice';
import {
  buildPreviewScene,
  parseResolution,
  resampleDepth,
  resampleMask,
  type PreviewInputs,
} from './buildScene';

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
    const direct = resampleMask(same.masks.car!, 512, 288);
    expect(Array.from(landscape.scene.objects[0]!.mask)).toEqual(Array.from(direct));
    expect(Array.from(portrait.scene.objects[0]!.mask)).not.toEqual(Array.from(direct));
    // fresh copies each time (they are transferred)
    const again = buildPreviewScene(same)!; // cache hit: the same Mask objects
    expect(again.scene.objects[0]!.mask).not.toBe(portrait.scene.objects[0]!.mask);
    expect(Array.from(again.scene.objects[0]!.mask)).toEqual(Array.from(portrait.scene.objects[0]!.mask));
  });

  it('parses W x H resolutions', () => {
    expect(parseResolution('512x288')).toEqual({ width: 512, height: 288 });
    expect(() => parseResolution('big')).toThrow();
  });
});

describe('resampling', () => {
  it('samples masks at target pixel centres', () => {
    const m = rectMask(8, 8, 4, 0, 8, 8); // right half
    expect(Array.from(resampleMask(m, 2, 1))).toEqual([0, 255]);
    expect(Array.from(resampleMask(m, 4, 1))).toEqual([0, 0, 255, 255]);
  });

  it('interpolates depth bilinearly between pixel centres', () => {
    const d = { width: 2, height: 1, data: Float32Array.from([0, 1]) };
    const out = resampleDepth(d, 4, 1);
    expect(Array.from(out)).toEqual([0, 0.25, 0.75, 1]);
  });
});
