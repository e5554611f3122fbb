import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ControlError } from '../../../src-shared/control/errors';
import { loadScene, parseSceneJson, readMaskPng, SceneFormatError } from './loadScene';

const fixture = join(__dirname, '..', '..', '..', 'tests', 'fixtures', 'control', 'z0-input');

describe('scene loading', () => {
  it('applies the documented defaults', () => {
    const s = parseSceneJson(
      JSON.stringify({
        format: 'levitor-scene',
        version: 1,
        depth: { kind: 'z0', file: 'd.f32' },
        objects: [],
      }),
    );
    expect([s.width, s.height, s.frames, s.pointsRatio, s.parity, s.autoMasks]).toEqual([
      288,
      512,
      16,
      1,
      true,
      [],
    ]);
  });
  it('rejects a moving object without a trajectory and a wrong format tag', () => {
    const base = { format: 'levitor-scene', version: 1, depth: { kind: 'z0', file: 'd' } };
    expect(() =>
      parseSceneJson(JSON.stringify({ ...base, objects: [{ kind: 'moving', mask: 'm.png' }] })),
    ).toThrow(SceneFormatError);
    expect(() => parseSceneJson(JSON.stringify({ ...base, format: 'x', objects: [] }))).toThrow(/format/);
    expect(() => parseSceneJson('{')).toThrow(/not JSON/);
  });
  it('loads a golden scene folder (gzipped z0 depth, PNG masks)', async () => {
    const { scene } = await loadScene(join(fixture, 'scene.json'));
    expect(scene.depth.kind).toBe('z0');
    expect(scene.depth.data.length).toBe(scene.width * scene.height);
    expect(scene.objects.length).toBeGreaterThan(0);
    expect(scene.objects[0]!.mask.some((v) => v > 0)).toBe(true);
  });
  it('refuses a mask of the wrong size', async () => {
    const { file } = await loadScene(join(fixture, 'scene.json'));
    await expect(readMaskPng(join(fixture, file.objects[0]!.mask), 10, 10)).rejects.toThrow(ControlError);
  });
});
