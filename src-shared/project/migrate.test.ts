import { describe, expect, it } from 'vitest';
import { ProjectError } from './errors';
import { migrateProject } from './migrate';
import { newProjectDocument } from './newProject';
import { PROJECT_SCHEMA_VERSION } from './schema';

const v1 = {
  format: 'levitor-project',
  version: 1,
  name: 'old',
  image: { entry: 'image.png', width: 288, height: 512 },
  objects: [
    {
      name: 'car',
      mask: 'masks/object0.png',
      kind: 'moving',
      trajectory: [
        { x: 1, y: 2, depth: 0.5 },
        { x: 3, y: 4, depth: 0.3 },
      ],
    },
    { name: 'tree', mask: 'masks/object1.png', kind: 'static' },
  ],
  autoMasks: ['masks/auto000.png'],
  depth: 'depth/original.f32',
  seed: 7,
};

function takeOf(doc: ReturnType<typeof newProjectDocument>) {
  return {
    id: 't1',
    created: '2026-01-01T00:00:00.000Z',
    settings: doc.settings,
    seedUsed: 1,
    frames: { dir: 'takes/t1', count: 2 },
    video: null,
    fps: 6,
    width: 288,
    height: 512,
  };
}

describe('migrateProject', () => {
  it('upgrades a version 1 document to the current version', () => {
    const doc = migrateProject(structuredClone(v1));
    expect(doc.version).toBe(PROJECT_SCHEMA_VERSION);
    expect(doc.image.fit).toBe('stretch');
    expect(doc.objects[0]?.trajectory?.points).toEqual(v1.objects[0]?.trajectory);
    expect(doc.objects[0]?.trajectory?.timing).toBe('uniform');
    expect(doc.objects[1]?.trajectory).toBeNull();
    expect(doc.objects.map((o) => o.id)).toEqual(['obj1', 'obj2']);
    expect(doc.autoSegments).toEqual(['masks/auto000.png']);
    expect(doc.depth.original?.entry).toBe('depth/original.f32');
    expect(doc.settings.seed).toBe(7);
  });

  it('opens a version 2 document as it looked (stretched), with an id and unnamed, unstarred takes', () => {
    const v3 = newProjectDocument('n', { entry: 'image.png', width: 10, height: 20 });
    const take = { ...takeOf(v3), name: undefined, starred: undefined };
    const { id: _id, ...rest } = v3;
    const v2 = {
      ...rest,
      version: 2,
      image: { ...v3.image, fit: 'stretch', frame: undefined },
      takes: [take],
    };
    const doc = migrateProject(JSON.parse(JSON.stringify(v2)));
    expect(doc.version).toBe(PROJECT_SCHEMA_VERSION);
    expect(doc.image.fit).toBe('stretch');
    expect(doc.image.frame).toEqual({ cx: 0.5, cy: 0.5, scale: 1 });
    expect(doc.id).toMatch(/^[0-9a-f]{16}$/);
    expect(doc.takes[0]).toMatchObject({ id: 't1', name: '', starred: false });
    expect(migrateProject(JSON.parse(JSON.stringify(v2))).id).not.toBe(doc.id);
  });

  it('new projects crop with the largest centred frame', () => {
    const doc = newProjectDocument('n', { entry: 'image.png', width: 10, height: 20 });
    expect(doc.image.fit).toBe('crop');
    expect(doc.image.frame).toEqual({ cx: 0.5, cy: 0.5, scale: 1 });
    expect(doc.id).not.toBe(newProjectDocument('n', { entry: 'image.png', width: 10, height: 20 }).id);
  });

  it('passes a current document through unchanged', () => {
    const doc = newProjectDocument('n', { entry: 'image.png', width: 10, height: 20 });
    expect(migrateProject(structuredClone(doc))).toEqual(doc);
  });

  it('refuses newer versions with a clear message', () => {
    const doc = { ...newProjectDocument('n', { entry: 'image.png', width: 10, height: 20 }), version: 99 };
    expect(() => migrateProject(doc)).toThrow(/newer LeviTor Studio/);
    try {
      migrateProject(doc);
    } catch (e) {
      expect(e).toBeInstanceOf(ProjectError);
      expect((e as ProjectError).code).toBe('newer-version');
    }
  });

  it.each([
    null,
    1,
    'x',
    [],
    {},
    { format: 'other', version: 2 },
    { format: 'levitor-project', version: 'a' },
    { ...v1, objects: 3 },
  ])('refuses %j with a ProjectError', (raw) => {
    expect(() => migrateProject(raw)).toThrow(ProjectError);
  });

  it('refuses escaping entry names', () => {
    const doc = newProjectDocument('n', { entry: '../evil.png', width: 10, height: 20 });
    expect(() => migrateProject(doc)).toThrow(ProjectError);
  });
});
