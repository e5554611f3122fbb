import { disparityToDn, dnToZ0 } from '../../src-shared/control/depth';
import type { ProjectDocument } from '../../src-shared/project/schema';
import type { ProjectSnapshot } from '../../src-shared/project/ipc';
import type { AnalysisState, AutoSegment, EstimatedDepth } from '../state/analysisSlice';
import type { DepthEdit, DocumentImage, Mask, StudioDocument } from '../state/documentSlice';
import { bytesToFloat32, float32ToBytes } from './float32';
import { inlineCodec, type MaskCodec } from './maskCodec';

/**
 * What the renderer last exchanged with main: the project document and, per archive entry, the in-memory
 * object (Mask, depth map) it holds. An entry whose object is still the same (edits are immutable) is
 * unchanged and never resent.
 */
export interface ProjectBase {
  readonly doc: ProjectDocument;
  readonly sources: ReadonlyMap<string, object>;
}

export interface Analysis {
  readonly depth: EstimatedDepth | null;
  readonly autoSegments: readonly AutoSegment[];
  readonly autoSegmentsState: AnalysisState;
}

export interface LoadedProject {
  readonly document: StudioDocument;
  readonly analysis: Analysis;
  readonly base: ProjectBase;
  readonly selection: readonly string[];
}

/** An entry of a complete snapshot (its pieces fetched: see snapshotPieces.ts). */
function entry(snap: ProjectSnapshot, name: string): Uint8Array {
  const bytes = snap.entries[name];
  if (bytes === undefined) throw new Error(`The project has no entry ${name}.`);
  return bytes;
}

function countInside(m: Mask): number {
  let n = 0;
  for (const v of m.data) if (v) n++;
  return n;
}

/** The estimated depth in both forms the studio uses: Z0 for the control signal, disparity for display. */
function toEstimated(imageId: string, kind: 'z0' | 'disparity', w: number, h: number, data: Float32Array) {
  const z0 = kind === 'z0' ? data : Float32Array.from(dnToZ0(disparityToDn(data)));
  const disparity = kind === 'disparity' ? data : z0.map((z) => 1 / z);
  return { imageId, width: w, height: h, z0, disparity } satisfies EstimatedDepth;
}

/**
 * ProjectSnapshot (main) -> the editor's document + analysis, decoding masks (8-bit PNG, inside where > 0,
 * to 0/255 pixels) and depth maps. Masks decode through `codec` (a worker in the studio).
 */
export async function snapshotToStudio(
  snap: ProjectSnapshot,
  codec: MaskCodec = inlineCodec,
): Promise<LoadedProject> {
  const { doc } = snap;
  if (!snap.image) throw new Error('The host did not register the project image.');
  const image: DocumentImage = {
    imageId: snap.image.imageId,
    url: snap.image.url,
    name: doc.name,
    width: doc.image.width,
    height: doc.image.height,
  };
  const sources = new Map<string, object>();
  const decode = async (name: string): Promise<Mask> => {
    const m = await codec.decode(entry(snap, name));
    sources.set(name, m);
    return m;
  };
  const masks: Record<string, Mask> = {};
  const withMasks = doc.objects.filter((o) => o.mask);
  const decoded = await Promise.all(withMasks.map((o) => decode(o.mask as string)));
  withMasks.forEach((o, i) => (masks[o.id] = decoded[i] as Mask));
  const autoSegments = await Promise.all(
    doc.autoSegments.map(async (name): Promise<AutoSegment> => {
      const mask = await decode(name);
      // The archive keeps the segments' order (predicted IoU descending), not the scores themselves.
      return { mask, area: countInside(mask), iou: 0 };
    }),
  );
  let depth: EstimatedDepth | null = null;
  const o = doc.depth.original;
  if (o) {
    depth = toEstimated(image.imageId, o.kind, o.width, o.height, bytesToFloat32(entry(snap, o.entry)));
    sources.set(o.entry, depth);
  }
  let depthEdit: DepthEdit | null = null;
  const e = doc.depth.edited;
  if (e) {
    depthEdit = { width: e.width, height: e.height, data: bytesToFloat32(entry(snap, e.entry)) };
    sources.set(e.entry, depthEdit);
  }
  const objects = doc.objects.map(({ mask: _mask, ...rest }) => rest);
  const selected = doc.ui.selectedObjectId;
  return {
    document: {
      image,
      objects,
      masks,
      depthEdit,
      settings: doc.settings,
      framing: { fit: doc.image.fit, frame: doc.image.frame },
      takes: doc.takes,
    },
    analysis: {
      depth,
      autoSegments,
      autoSegmentsState: doc.autoSegmentsState ?? (autoSegments.length ? 'done' : 'idle'),
    },
    base: { doc, sources },
    selection: selected && objects.some((x) => x.id === selected) ? [selected] : [],
  };
}

export interface StudioState {
  readonly document: StudioDocument;
  readonly analysis: Analysis;
  readonly name: string;
  readonly selection: readonly string[];
}

export interface ProjectEdit {
  readonly doc: ProjectDocument;
  /**
   * The bytes of the entries added or replaced since `base`; unchanged entries are not resent. How they
   * travel (inline, or ahead with upload:piece) is the session's choice (session.ts sendAhead).
   */
  readonly entries: Record<string, Uint8Array>;
  /** The base to use once main has accepted this edit. */
  readonly next: ProjectBase;
}

/**
 * Which entries of an edit go inline in its request and which ahead with upload:piece: inline while they
 * total `pieceBytes` at most (in the edit's order), so the request stays within one piece plus its JSON.
 */
export function splitForSend(
  entries: Readonly<Record<string, Uint8Array>>,
  pieceBytes: number,
): { inline: Record<string, Uint8Array>; ahead: [string, Uint8Array][] } {
  const inline: Record<string, Uint8Array> = {};
  const ahead: [string, Uint8Array][] = [];
  let total = 0;
  for (const [name, bytes] of Object.entries(entries)) {
    if (total + bytes.byteLength <= pieceBytes) {
      inline[name] = bytes;
      total += bytes.byteLength;
    } else ahead.push([name, bytes]);
  }
  return { inline, ahead };
}

/** Entry names are stable: an object keeps its mask entry; new ones get `masks/<id>.png` (made safe). */
function maskEntryName(id: string, previous: string | null | undefined, taken: Set<string>): string {
  if (previous && !taken.has(previous)) return previous;
  const stem = id.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60) || 'object';
  let name = `masks/${stem}.png`;
  for (let i = 2; taken.has(name); i++) name = `masks/${stem}_${i}.png`;
  return name;
}

/**
 * The editor's document + analysis -> the project document for project:save/update + the entries that
 * changed since `base` (masks PNG-encoded through `codec`).
 */
export async function studioToEdit(
  state: StudioState,
  base: ProjectBase,
  codec: MaskCodec = inlineCodec,
): Promise<ProjectEdit> {
  const { document: d, analysis } = state;
  const sources = new Map<string, object>();
  const entries: Record<string, Uint8Array> = {};
  const pending: Promise<void>[] = [];
  const put = (name: string, source: object, encode: () => Uint8Array | Promise<Uint8Array>): void => {
    sources.set(name, source);
    if (base.sources.get(name) !== source)
      pending.push(
        Promise.resolve(encode()).then((bytes) => {
          entries[name] = bytes;
        }),
      );
  };
  const taken = new Set<string>();
  const prevMask = new Map(base.doc.objects.map((o) => [o.id, o.mask]));
  const objects = d.objects.map((o) => {
    const m = d.masks[o.id];
    if (!m) return { ...o, mask: null };
    const name = maskEntryName(o.id, prevMask.get(o.id), taken);
    taken.add(name);
    put(name, m, () => codec.encode(m));
    return { ...o, mask: name };
  });
  const autoSegments = analysis.autoSegments.map((s, i) => {
    const name = `segments/auto_${String(i).padStart(4, '0')}.png`;
    put(name, s.mask, () => codec.encode(s.mask));
    return name;
  });
  let original: ProjectDocument['depth']['original'] = null;
  const est = analysis.depth;
  if (est && est.imageId === d.image?.imageId) {
    const prev = base.doc.depth.original;
    if (prev && base.sources.get(prev.entry) === est) original = prev;
    else original = { entry: 'depth/original.f32', kind: 'disparity', width: est.width, height: est.height };
    put(original.entry, est, () => float32ToBytes(original?.kind === 'z0' ? est.z0 : est.disparity));
  }
  let edited: ProjectDocument['depth']['edited'] = null;
  if (d.depthEdit) {
    const de = d.depthEdit;
    edited = { entry: 'depth/edited.f32', width: de.width, height: de.height };
    put(edited.entry, de, () => float32ToBytes(de.data));
  }
  const sel = state.selection.find((id) => d.objects.some((o) => o.id === id)) ?? null;
  const activeTake = base.doc.ui.activeTakeId;
  // The automatic-segments choice is the editor's now, not the base's.
  const { autoSegmentsState: _previous, ...kept } = base.doc;
  const doc: ProjectDocument = {
    ...kept,
    name: state.name,
    image: { ...base.doc.image, fit: d.framing.fit, frame: d.framing.frame },
    objects,
    autoSegments,
    ...(analysis.autoSegmentsState === 'done' || analysis.autoSegmentsState === 'skipped'
      ? { autoSegmentsState: analysis.autoSegmentsState }
      : {}),
    depth: { original, edited },
    settings: d.settings,
    takes: [...d.takes],
    ui: {
      ...base.doc.ui,
      selectedObjectId: sel,
      activeTakeId: activeTake && d.takes.some((t) => t.id === activeTake) ? activeTake : null,
    },
  };
  await Promise.all(pending);
  return { doc, entries, next: { doc, sources } };
}
