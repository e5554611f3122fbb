import type { AnalysisState, AutoSegment } from '../state/analysisSlice';
import type { StudioDocument } from '../state/documentSlice';
import type { SliceCreator } from '../state/types';
import { sameContent } from './sameContent';

/**
 * What the project file holds, as the editor last opened or saved it: the document and the automatic
 * segments (the artist's Skip/Find choice is written in the file, yet it is analysis, not an undo step).
 */
export interface SavedState {
  readonly document: StudioDocument;
  readonly autoSegmentsState: AnalysisState;
  readonly autoSegments: readonly AutoSegment[];
}

/** The parts of the studio's state that the project file stores. */
export interface Saveable extends SavedState {
  readonly project: ProjectInfo;
}

/** The project the open document belongs to (a file, or untitled). */
export interface ProjectInfo {
  /** The .levitor file it was opened from / saved to; null = untitled. */
  readonly path: string | null;
  readonly name: string;
  /**
   * The project's id (projectSchema `id`) once main holds it; null until then. A take belongs to the
   * project it was generated for: jobs of another id are never added to this document.
   */
  readonly id: string | null;
  /**
   * The state as last opened or saved ("unsaved changes" compares against it, by content: see isDirty).
   * Null = nothing saved that matches (a recovered project).
   */
  readonly saved: SavedState | null;
}

export type ProjectDialog = 'recent' | 'recovery' | null;

export interface ProjectSlice {
  readonly project: ProjectInfo;
  readonly projectDialog: ProjectDialog;
  setProject: (project: ProjectInfo) => void;
  setProjectDialog: (dialog: ProjectDialog) => void;
}

export const NO_PROJECT: ProjectInfo = { path: null, name: '', id: null, saved: null };

export const createProjectSlice: SliceCreator<ProjectSlice> = (set) => ({
  project: NO_PROJECT,
  projectDialog: null,
  setProject: (project) => set({ project }),
  setProjectDialog: (projectDialog) => set({ projectDialog }),
});

/** The saveable part of `s` as it is now (to remember as saved). */
export function savedStateOf(s: Saveable, document: StudioDocument = s.document): SavedState {
  return { document, autoSegmentsState: s.autoSegmentsState, autoSegments: s.autoSegments };
}

/** The automatic-segments choice as the file records it (anything else is recomputed on open). */
function recordedChoice(state: AnalysisState): AnalysisState | undefined {
  return state === 'done' || state === 'skipped' ? state : undefined;
}

let last: {
  doc: StudioDocument;
  segs: readonly AutoSegment[];
  state: string;
  saved: SavedState;
  dirty: boolean;
} | null = null;

/**
 * Unsaved changes: there is a document and the file would differ from what was last opened or saved,
 * whatever the way here (undo, redo, edits that cancel out, Skip then Find). By content, not identity;
 * cheap: identical parts are shared by immutable edits, and the last answer is kept (the title bar asks on
 * every store change).
 */
export function isDirty(s: Saveable): boolean {
  if (s.document.image === null) return false;
  const saved = s.project.saved;
  if (saved === null) return true;
  const state = String(recordedChoice(s.autoSegmentsState));
  if (
    last &&
    last.doc === s.document &&
    last.segs === s.autoSegments &&
    last.state === state &&
    last.saved === saved
  )
    return last.dirty;
  const dirty =
    recordedChoice(saved.autoSegmentsState) !== recordedChoice(s.autoSegmentsState) ||
    !sameContent(
      saved.autoSegments.map((a) => a.mask),
      s.autoSegments.map((a) => a.mask),
    ) ||
    !sameContent(saved.document, s.document);
  last = { doc: s.document, segs: s.autoSegments, state, saved, dirty };
  return dirty;
}
