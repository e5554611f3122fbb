import { describe, expect, it } from 'vitest';
import { newProjectDocument } from '../../src-shared/project/newProject';
import type { ProjectSnapshot } from '../../src-shared/project/ipc';
import type { Mask } from '../state/documentSlice';
import { bytesToFloat32, float32ToBytes } from './float32';
import { snapshotToStudio, splitForSend, studioToEdit } from './convert';
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
          entries: { ...snap.entries, 'masks/a.png': again.entries['masks/a.png']! },
        })
      ).document.masks['a'],
    ).toEqual(mask([1]));
  });

  it('gives changed entries as bytes; inline up to one piece in all, the rest to send ahead', async () => {
    const p = await snapshotToStudio(snapshot());
    const st = { document: p.document, analysis: p.analysis, name: 'tiny', selection: [] };
    const data = Float32Array.from({ length: 1024 * 512 }, (_, i) => (i % 977) / 977);
    const big = { ...p.document, depthEdit: { ...p.document.depthEdit!, width: 1024, height: 512, data } };
    const edit = await studioToEdit({ ...st, document: { ...big, masks: { a: mask([2]) } } }, p.base);
    expect(bytesToFloat32(edit.entries['depth/edited.f32']!)).toEqual(data);
    expect(edit.doc.depth.edited).toEqual({ entry: 'depth/edited.f32', width: 1024, height: 512 });
    // 2 MiB of depth does not fit a 1 MiB piece; the small mask stays inline.
    const { inline, ahead } = splitForSend(edit.entries, 1 << 20);
    expect(Object.keys(inline)).toEqual(['masks/a.png']);
    expect(ahead.map(([name, b]) => [name, b.byteLength])).toEqual([['depth/edited.f32', 2 << 20]]);
    // Inline entries total at most one piece: the second of two half-pieces-plus-one goes ahead.
    const half = new Uint8Array((1 << 19) + 1);
    const two = splitForSend({ 'masks/x.png': half, 'masks/y.png': half }, 1 << 20);
    expect([Object.keys(two.inline), two.ahead.map(([n]) => n)]).toEqual([['masks/x.png'], ['masks/y.png']]);
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
