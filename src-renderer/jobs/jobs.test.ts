import { describe, expect, it } from 'vitest';
import { GenerationScene } from '../../src-shared/generation/ipc';
import { decodeRle } from '../../src-shared/generation/rle';
import { defaultSettings, type Take } from '../../src-shared/project/schema';
import { EMPTY_DOCUMENT, documentForImage, type StudioDocument } from '../state/documentSlice';
import { generationScene } from './jobScene';
import { addTake, applySettings, randomiseSeed, removeTake } from './settingsActions';

const doc = documentForImage({ imageId: 'img', name: 'a.png', width: 4, height: 2, url: '/a' });
const take: Take = {
  id: 't1',
  created: '2026-01-01T00:00:00.000Z',
  name: '',
  starred: false,
  settings: defaultSettings,
  seedUsed: 5,
  frames: { dir: 'takes/t1', count: 4 },
  video: null,
  fps: 6,
  width: 72,
  height: 80,
};

describe('settings actions', () => {
  it('applies valid edits and returns the same document for invalid or unchanged ones', () => {
    const a = applySettings(doc, { steps: 10, seedLocked: true });
    expect(a.settings).toMatchObject({ steps: 10, seedLocked: true });
    expect(applySettings(a, { steps: 10 })).toBe(a);
    expect(applySettings(a, { steps: 0 })).toBe(a);
    expect(applySettings(a, { fps: 1.5 })).toBe(a);
    expect(applySettings(a, { resolution: '100x100' as never })).toBe(a);
  });
  it('randomises the seed within 32 bits', () => {
    const r = randomiseSeed(doc, () => 0.5);
    expect(r.settings.seed).toBe(2 ** 31);
  });
  it('adds a take once and removes it', () => {
    const d1 = addTake(doc, take);
    expect(d1.takes).toHaveLength(1);
    expect(addTake(d1, take)).toBe(d1);
    expect(removeTake(d1, 't1').takes).toHaveLength(0);
    expect(removeTake(doc, 't1')).toBe(doc);
  });
});

describe('generation scene from the document', () => {
  it('is null without an image; carries masks as runs and the painted depth', () => {
    expect(generationScene({ document: EMPTY_DOCUMENT, depth: null, autoSegments: [] })).toBeNull();
    const d: StudioDocument = {
      ...doc,
      objects: [
        {
          id: 'o1',
          name: 'Cup',
          colour: '#ff0000',
          kind: 'moving',
          visible: true,
          locked: false,
          prompts: { points: [], box: null },
          trajectory: { points: [{ x: 1, y: 1, depth: 0.5 }], timing: 'uniform', easing: [] },
        },
      ],
      masks: { o1: { width: 4, height: 2, data: Uint8Array.of(0, 255, 255, 0, 0, 0, 255, 0) } },
      depthEdit: { width: 2, height: 1, data: Float32Array.of(0.25, 0.5) },
    };
    const s = GenerationScene.parse(generationScene({ document: d, depth: null, autoSegments: [] }));
    expect(s).toMatchObject({ imageId: 'img', imageWidth: 4, imageHeight: 2 });
    const m = s.objects[0]?.mask;
    expect(m && [...decodeRle(m)]).toEqual([0, 255, 255, 0, 0, 0, 255, 0]);
    expect(s.depth).toMatchObject({ kind: 'z0', width: 2, height: 1 });
    expect([...(s.depth?.data ?? [])]).toEqual([0.25, 0.5]);
  });
});

describe('take actions', () => {
  it('renames, stars and deletes takes, each one undo step (same document when nothing changes)', async () => {
    const { addTake, removeTake, renameTake, takeLabel, toggleTakeStar } = await import('./settingsActions');
    const d1 = addTake(doc, take);
    expect(takeLabel(d1, 't1')).toBe('Take 1 · seed 5');
    const named = renameTake(d1, 't1', '  wide swing ');
    expect(named.takes[0]?.name).toBe('wide swing');
    expect(renameTake(named, 't1', 'wide swing')).toBe(named);
    const starred = toggleTakeStar(named, 't1');
    expect(takeLabel(starred, 't1')).toBe('★ wide swing · seed 5');
    expect(toggleTakeStar(starred, 't1').takes[0]?.starred).toBe(false);
    expect(removeTake(starred, 't1').takes).toEqual([]);
    expect(renameTake(starred, 'gone', 'x')).toBe(starred);
  });
});
