import { describe, expect, it } from 'vitest';
import { newProjectDocument } from './newProject';
import { projectToScene } from './toScene';

describe('projectToScene', () => {
  it('maps objects, trajectories, auto segments and depth onto the control scene', () => {
    const doc = newProjectDocument('s', { entry: 'image.png', width: 288, height: 512 });
    expect(projectToScene(doc)).toBeNull();
    doc.depth.original = { entry: 'depth/original.f32', kind: 'disparity', width: 288, height: 512 };
    const base = { colour: '#000000', visible: true, locked: false, prompts: { points: [], box: null } };
    doc.objects.push(
      {
        ...base,
        id: 'a',
        name: 'car',
        kind: 'moving',
        mask: 'masks/a.png',
        trajectory: { points: [{ x: 10.4, y: 20.6, depth: 0.5 }], timing: 'uniform', easing: [] },
      },
      {
        ...base,
        id: 'b',
        name: 'hidden',
        kind: 'static',
        mask: 'masks/b.png',
        trajectory: null,
        visible: false,
      },
      { ...base, id: 'c', name: 'tree', kind: 'static', mask: 'masks/c.png', trajectory: null },
    );
    doc.autoSegments.push('masks/auto000.png', 'masks/auto001.png');
    const s = projectToScene(doc)!;
    expect(s.depth).toEqual({ kind: 'disparity', file: 'depth/original.f32' });
    expect(s.objects).toEqual([
      { name: 'car', kind: 'moving', mask: 'masks/a.png', trajectory: [{ x: 10, y: 21, depth: 0.5 }] },
      { name: 'tree', kind: 'static', mask: 'masks/c.png' },
    ]);
    expect(s.autoMasks).toEqual(['masks/auto000.png', 'masks/auto001.png']);
    doc.depth.edited = { entry: 'depth/edited.f32', width: 288, height: 512 };
    expect(projectToScene(doc)!.depth).toEqual({ kind: 'z0', file: 'depth/edited.f32' });
  });
});
