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
 * Plain document data only: this is what undo/redo records (DESIGN.md rule 6). Objects, trajectories and
 * depth edits join it in the editor issue; they stay plain data, never Konva nodes.
 */
export interface StudioDocument {
  readonly image: DocumentImage | null;
}

export const EMPTY_DOCUMENT: StudioDocument = { image: null };

export interface DocumentSlice {
  readonly document: StudioDocument;
  /** Starts a new document on this image (history is cleared by the caller: see store.ts). */
  replaceDocument: (document: StudioDocument) => void;
}

export const createDocumentSlice: SliceCreator<DocumentSlice> = (set) => ({
  document: EMPTY_DOCUMENT,
  replaceDocument: (document) => set({ document }),
});
