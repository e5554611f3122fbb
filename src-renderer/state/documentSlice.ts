import type { GenerationSettings, ProjectObject, Take } from '../../src-shared/project/schema';
import { defaultSettings } from '../../src-shared/project/schema';
import { CENTRED_FRAME, type Framing } from '../../src-shared/image/framing';
import type { SliceCreator } from './types';

/** The image the document is built on, as the host registered it. */
export interface DocumentImage {
  readonly imageId: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  /** Where the renderer can load the pixels from (served by the host; not a data URL). */
  readonly url: string;
}

/**
 * A binary mask at image resolution: data[y * width + x] is 255 inside, 0 outside ([H, W] uint8).
 * Immutable: an edit makes a new Mask (a new Uint8Array), so undo snapshots share untouched masks.
 */
export interface Mask {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

/**
 * A moving or static object: the project schema's object with the mask held here as pixels (`masks[id]`)
 * instead of an archive entry name. Array order is the objects' order (object ids in the control signal
 * follow it; the list shows it top to bottom).
 */
export type EditorObject = Omit<ProjectObject, 'mask'>;

/**
 * Depth at the depth work resolution (the estimator's output size; longest side <= 1024), LeviTor Z0
 * convention ((0, 1], smaller = nearer), row-major [H, W] float32. `edited` is the artist's painted Z0
 * (null = none); the control signal uses edited ?? z0.
 */
export interface DepthEdit {
  readonly width: number;
  readonly height: number;
  readonly data: Float32Array;
}

/**
 * Plain document data only: this is what undo/redo records (docs/design.md rule 6). Never Konva nodes.
 * Computed, non-undoable inputs (estimated depth, automatic segments) live in the analysis slice.
 */
export interface StudioDocument {
  readonly image: DocumentImage | null;
  readonly objects: readonly EditorObject[];
  /** Object id -> mask; an object without a mask yet has no entry. */
  readonly masks: Readonly<Record<string, Mask>>;
  readonly depthEdit: DepthEdit | null;
  readonly settings: GenerationSettings;
  /** How the image maps onto the generation frame (crop frame, letterbox, stretch): one undo step an edit. */
  readonly framing: Framing;
  /** Finished generations, oldest first. */
  readonly takes: readonly Take[];
}

export const EMPTY_DOCUMENT: StudioDocument = {
  image: null,
  objects: [],
  masks: {},
  depthEdit: null,
  settings: defaultSettings,
  framing: { fit: 'crop', frame: CENTRED_FRAME },
  takes: [],
};

/** A document on a freshly opened image. */
export function documentForImage(image: DocumentImage): StudioDocument {
  return { ...EMPTY_DOCUMENT, image };
}

export interface DocumentSlice {
  readonly document: StudioDocument;
  /** Starts a new document on this image (history is cleared by the caller: see store.ts). */
  replaceDocument: (document: StudioDocument) => void;
  /**
   * Every document edit goes through here: `recipe` returns the next document (or the same one for no
   * change). Outside a gesture each call is one undo step; inside beginGesture/endGesture (store.ts) a
   * whole drag or brush stroke is one step.
   */
  updateDocument: (recipe: (doc: StudioDocument) => StudioDocument) => void;
}

export const createDocumentSlice: SliceCreator<DocumentSlice> = (set, get) => ({
  document: EMPTY_DOCUMENT,
  replaceDocument: (document) => set({ document }),
  updateDocument: (recipe) => {
    const prev = get().document;
    const next = recipe(prev);
    if (next !== prev) set({ document: next });
  },
});
