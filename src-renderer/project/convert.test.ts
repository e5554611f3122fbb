import { describe, expect, it } from 'vitest';
import { newProjectDocument } from '../../src-shared/project/newProject';
import type { ProjectSnapshot } from '../../src-shared/project/ipc';
import type { Mask } from '../state/documentSlice';
import { STAGE_PIECE_BYTES } from '../../src-shared/project/ipc';
import { base64ToBytes, bytesToFloat32, float32ToBytes } from './base64';
import { snapshotToStudio, studioToEdit } from './convert';
import { encodePngGrey } from './png';

// Pure conversions on a synthetic 6x4 project (the sample-based round trip is in tests/integration).
const W = 6;
const H = 4;
const mask = (cells: number[]): Mask => {
  const data = new Uint8Array(W * H);
  for (const c of cells) data[c] = 255;
  return { width: W, height: H, data };
};

function snapshot(): ProjectSnapshot {
  const doc = newProjectDocument('tiny', { entry: 'image.png', width: W, height: H });
  doc.objects.push({
    id: 'a',
    name: 'ball',
    colour: '#112233',
    kind: 'moving',
    visible: true,
    locked: false,
    mask: 'masks/a.png',
    prompts: { points: [], box: null },
    trajectory: { points: [{ x: 1, y: 1, depth: 0.5, frame: 0 }], timing: 'keyframed', easing: [] },
  });
  doc.depth.edited = { entry: 'depth/edited.f32', width: W, height: H };
  return {
    path: '/p/tiny.levitor',
    dirty: false,
    doc,
    image: { imageId: 'i', url: 'u' },
    entries: {
      'masks/a.png': encodePngGrey(W, H, mask([0, 7, 23]).data),
      'depth/edited.f32': float32ToBytes(new Float32Array(W * H).fill(0.75)),
    },
  };
}

describe('snapshot <-> document (pure)', () => {
  it('decodes masks to 0/255 pixels and edited depth to float32, and re-encodes only changes', async () => {
    const snap = snapshot();
    const p = await snapshotToStudio(snap);
    expect([...(p.document.masks['a']?.data ?? [])].flatMap((v, i) => (v ? [i] : []))).toEqual([0, 7, 23]);
    expect(p.document.depthEdit?.data[5]).toBe(0.75);
    const st = { document: p.document, analysis: p.analysis, name: 'tiny', selection: [] };
    expect(await studioToEdit(st, p.base)).toMatchObject({ doc: snap.doc, entries: {} });
    const changed = { ...p.document, masks: { a: mask([1]) }, objects: [] };
    const edit = await studioToEdit({ ...st, document: changed }, p.base);
    // The object is gone, so is its mask: nothing to send, and the doc no longer names it.
    expect(edit.entries).toEqual({});
    expect(edit.doc.objects).toEqual([]);
    const again = await studioToEdit({ ...st, document: { ...p.document, masks: { a: mask([1]) } } }, p.base);
    expect(Object.keys(again.entries)).toEqual(['masks/a.png']);
    expect(
      (
        await snapshotToStudio({
          ...snap,
          entries: { ...snap.entries, 'masks/a.png': base64ToBytes(again.entries['masks/a.png'] ?? '') },
        })
      ).document.masks['a'],
    ).toEqual(mask([1]));
  });

  it('puts an entry larger than one piece in `staged`, as pieces that join to its base64', async () => {
    const p = await snapshotToStudio(snapshot());
    const st = { document: p.document, analysis: p.analysis, name: 'tiny', selection: [] };
    // 1024 x 512 float32 = 2 MiB: two pieces of at most 1.5 MiB.
    const data = Float32Array.from({ length: 1024 * 512 }, (_, i) => (i % 977) / 977);
    const big = { ...p.document, depthEdit: { ...p.document.depthEdit!, width: 1024, height: 512, data } };
    const edit = await studioToEdit({ ...st, document: big }, p.base);
    expect(edit.entries).toEqual({});
    expect(Object.keys(edit.staged)).toEqual(['depth/edited.f32']);
    const pieces = edit.staged['depth/edited.f32']!;
    expect(pieces.map((x) => x.length)).toEqual([
      (STAGE_PIECE_BYTES / 3) * 4,
      Math.ceil(((2 << 20) - STAGE_PIECE_BYTES) / 3) * 4,
    ]);
    expect(bytesToFloat32(base64ToBytes(pieces.join('')))).toEqual(data);
    expect(edit.doc.depth.edited).toEqual({ entry: 'depth/edited.f32', width: 1024, height: 512 });
    // Small entries stay inline.
    const small = await studioToEdit({ ...st, document: { ...p.document, masks: { a: mask([2]) } } }, p.base);
    expect([Object.keys(small.entries), small.staged]).toEqual([['masks/a.png'], {}]);
  });

  it('refuses a snapshot whose entries are missing or not PNGs, before touching anything', async () => {
    const snap = snapshot();
    await expect(snapshotToStudio({ ...snap, entries: {} })).rejects.toThrow(/no entry masks\/a.png/);
    await expect(
      snapshotToStudio({
        ...snap,
        entries: { ...snap.entries, 'masks/a.png': new Uint8Array(9) },
      }),
    ).rejects.toThrow(/not a PNG/);
  });
});
