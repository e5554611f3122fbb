import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { projectSchema } from '../../src-shared/project/schema';
import { migrateProject } from '../../src-shared/project/migrate';
import type { ProjectSnapshot } from '../../src-shared/project/ipc';
import type { DocumentImage, Mask, StudioDocument } from '../../src-renderer/state/documentSlice';
import { snapshotToStudio, studioToEdit, type LoadedProject } from '../../src-renderer/project/convert';

// The renderer's conversions against the real bundled sample (read here the way main sends it).

/** The bundled sample as main would send it: every entry but the image, which is an asset URL. */
function sampleSnapshot(): ProjectSnapshot {
  const zip = unzipSync(readFileSync(resolve(import.meta.dirname, '../../resources/samples/coffee.levitor')));
  const doc = migrateProject(JSON.parse(new TextDecoder().decode(zip['project.json'])));
  const entries: Record<string, Uint8Array> = {};
  for (const [k, v] of Object.entries(zip)) if (k !== 'project.json' && k !== 'image.png') entries[k] = v;
  return { path: null, dirty: false, doc, entries, image: { imageId: 'img-1', url: '/asset/t/image/img-1' } };
}

/** What main does with an edit: replace the document, add/replace the entries, drop unreferenced ones. */
function applyLikeMain(
  snap: ProjectSnapshot,
  edit: { doc: ProjectSnapshot['doc']; entries: Record<string, Uint8Array> },
) {
  const entries = { ...snap.entries };
  for (const [k, v] of Object.entries(edit.entries)) entries[k] = v;
  return { ...snap, doc: edit.doc, entries };
}

function state(p: LoadedProject, name = p.base.doc.name) {
  return { document: p.document, analysis: p.analysis, name, selection: p.selection };
}

function withMaskBlock(m: Mask, x0: number, y0: number, size: number): Mask {
  const data = m.data.slice();
  for (let y = y0; y < y0 + size; y++) for (let x = x0; x < x0 + size; x++) data[y * m.width + x] = 255;
  return { ...m, data };
}

/** Bytewise equality of typed arrays (vitest's deep equality is slow on 240k-element arrays). */
function sameBytes(a: ArrayBufferView | undefined, b: ArrayBufferView | undefined): boolean {
  if (!a || !b) return a === b;
  const x = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  const y = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  return x.length === y.length && x.every((v, i) => v === y[i]);
}

function expectSameDocument(a: StudioDocument, b: StudioDocument): void {
  const { masks: am, depthEdit: ad, ...ra } = a;
  const { masks: bm, depthEdit: bd, ...rb } = b;
  expect(ra).toEqual(rb);
  expect(Object.keys(am).sort()).toEqual(Object.keys(bm).sort());
  for (const [id, m] of Object.entries(bm)) {
    expect([am[id]?.width, am[id]?.height]).toEqual([m.width, m.height]);
    expect(sameBytes(am[id]?.data, m.data), `mask ${id}`).toBe(true);
  }
  expect([ad?.width, ad?.height]).toEqual([bd?.width, bd?.height]);
  expect(sameBytes(ad?.data, bd?.data)).toBe(true);
}

describe('project snapshot <-> studio document', () => {
  it('opens the sample: object, 0/255 mask at image size, Z0 depth, 3D trajectory, selection', async () => {
    const snap = sampleSnapshot();
    const p = await snapshotToStudio(snap);
    expect(p.document.image).toMatchObject({
      imageId: 'img-1',
      width: 600,
      height: 400,
      name: 'Coffee cup (sample)',
    });
    expect(p.document.objects.map((o) => o.name)).toEqual(['cup and saucer']);
    expect(p.document.objects[0]).not.toHaveProperty('mask');
    const mask = p.document.masks['cup'];
    expect(mask && [mask.width, mask.height]).toEqual([600, 400]);
    expect(new Set(mask?.data)).toEqual(new Set([0, 255]));
    // Depths come through unchanged: three distinct values (a 3D path), as the file has them.
    const depths = p.document.objects[0]?.trajectory?.points.map((q) => q.depth);
    expect(depths).toEqual(snap.doc.objects[0]?.trajectory?.points.map((q) => q.depth));
    expect(new Set(depths).size).toBe(3);
    expect(p.analysis.depth).toMatchObject({ imageId: 'img-1', width: 600, height: 400 });
    expect(p.analysis.depth?.z0.every((z) => z > 0 && z <= 1)).toBe(true);
    expect(p.analysis.depth?.disparity[0]).toBeCloseTo(1 / (p.analysis.depth?.z0[0] ?? 1), 5);
    expect(p.document.settings.seed).toBe(217);
    expect(p.selection).toEqual(['cup']);
  });

  it('an unchanged document saves the same project.json and resends no entry', async () => {
    const snap = sampleSnapshot();
    const p = await snapshotToStudio(snap);
    const edit = await studioToEdit(state(p), p.base);
    expect(edit.entries).toEqual({});
    expect(edit.doc).toEqual(snap.doc);
  });

  it('round trip: edits -> save entries -> snapshot -> identical document, masks bit-exact', async () => {
    const snap = sampleSnapshot();
    const p = await snapshotToStudio(snap);
    const cup = p.document.masks['cup'] as Mask;
    const saucer: Mask = withMaskBlock(
      { width: 600, height: 400, data: new Uint8Array(600 * 400) },
      10,
      300,
      40,
    );
    const document = {
      ...p.document,
      objects: [
        { ...(p.document.objects[0] as (typeof p.document.objects)[number]), name: 'the cup' },
        {
          id: 'obj 2/ü',
          name: 'spoon',
          colour: '#3cb44b',
          kind: 'static' as const,
          visible: true,
          locked: true,
          prompts: { points: [{ x: 1, y: 2, label: 1 as const }], box: null },
          trajectory: null,
        },
      ],
      masks: { cup: withMaskBlock(cup, 500, 10, 30), 'obj 2/ü': saucer },
      depthEdit: { width: 600, height: 400, data: new Float32Array(600 * 400).fill(0.25) },
      settings: { ...p.document.settings, steps: 12, seedLocked: false },
    };
    const autoSegments = [{ mask: saucer, area: 1600, iou: 0.9 }];
    const edit = await studioToEdit(
      {
        document,
        analysis: { ...p.analysis, autoSegments, autoSegmentsState: 'done' },
        name: 'renamed',
        selection: ['obj 2/ü'],
      },
      p.base,
    );
    // Only what changed travels: two masks, the segment and the edited depth (not the original depth).
    expect(Object.keys(edit.entries).sort()).toEqual([
      'depth/edited.f32',
      'masks/cup.png',
      'masks/obj_2__.png',
      'segments/auto_0000.png',
    ]);
    expect(projectSchema.safeParse(edit.doc).success).toBe(true);
    const back = await snapshotToStudio(applyLikeMain(snap, edit));
    // The image is labelled with the project's name; everything else is what was saved.
    expectSameDocument(back.document, {
      ...document,
      image: { ...(document.image as DocumentImage), name: 'renamed' },
    });
    expect(back.analysis.autoSegments.length).toBe(1);
    expect(sameBytes(back.analysis.autoSegments[0]?.mask.data, saucer.data)).toBe(true);
    expect(sameBytes(back.analysis.depth?.z0, p.analysis.depth?.z0)).toBe(true);
    expect(back.base.doc.name).toBe('renamed');
    expect(back.selection).toEqual(['obj 2/ü']);
    // Saving again from the new base sends nothing; the entry names stay put.
    const again = await studioToEdit(state(back, 'renamed'), back.base);
    expect(again.entries).toEqual({});
    expect(again.doc).toEqual(edit.doc);
    // After main accepted the edit, the same in-memory objects are not resent either.
    expect(
      (
        await studioToEdit(
          {
            document,
            analysis: { ...p.analysis, autoSegments, autoSegmentsState: 'done' },
            name: 'renamed',
            selection: [],
          },
          edit.next,
        )
      ).entries,
    ).toEqual({});
  });

  it('a re-estimated depth is saved as disparity and reads back to the same Z0', async () => {
    const snap = sampleSnapshot();
    const p = await snapshotToStudio(snap);
    const disparity = new Float32Array(600 * 400).map((_, i) => (i % 600) / 7);
    const est = { imageId: 'img-1', width: 600, height: 400, disparity, z0: new Float32Array(0) };
    const edit = await studioToEdit(
      { ...state(p), analysis: { depth: est, autoSegments: [], autoSegmentsState: 'idle' } },
      p.base,
    );
    expect(edit.doc.depth.original).toEqual({
      entry: 'depth/original.f32',
      kind: 'disparity',
      width: 600,
      height: 400,
    });
    const bytes = edit.entries['depth/original.f32'];
    expect(bytes?.length).toBe(600 * 400 * 4);
    const back = await snapshotToStudio(applyLikeMain(snap, edit));
    expect(sameBytes(back.analysis.depth?.disparity, disparity)).toBe(true);
    // Z0 = 1 / Dn with Dn the disparity scaled to 0..255: the nearest column is 1/255, the farthest 1.
    expect(back.analysis.depth?.z0[599]).toBeCloseTo(1 / 255, 6);
    expect(back.analysis.depth?.z0[0]).toBe(1);
  });

  it('the automatic-segments choice is saved per image: skipped, or done with none, is never recomputed', async () => {
    const snap = sampleSnapshot();
    const p = await snapshotToStudio(snap);
    for (const choice of ['skipped', 'done'] as const) {
      const edit = await studioToEdit(
        { ...state(p), analysis: { ...p.analysis, autoSegments: [], autoSegmentsState: choice } },
        p.base,
      );
      expect(edit.doc.autoSegmentsState).toBe(choice);
      const back = await snapshotToStudio(applyLikeMain(snap, edit));
      expect(back.analysis.autoSegmentsState).toBe(choice);
    }
    // Not computed yet (or failed): nothing is written, and the file reads back as "compute on open".
    const idle = await studioToEdit(
      { ...state(p), analysis: { ...p.analysis, autoSegments: [], autoSegmentsState: 'failed' } },
      p.base,
    );
    expect(idle.doc.autoSegmentsState).toBeUndefined();
    expect((await snapshotToStudio(applyLikeMain(snap, idle))).analysis.autoSegmentsState).toBe('idle');
  });
});
