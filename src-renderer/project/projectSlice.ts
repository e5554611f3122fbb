import type { StudioDocument } from '../state/documentSlice';
import type { SliceCreator } from '../state/types';

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
   * The document as last opened or saved. The document is immutable, so "unsaved changes" is identity:
   * an edit makes a new document, and undoing back to the saved one makes it clean again. Null = nothing
   * saved that matches (a recovered project).
   */
  readonly savedDocument: StudioDocument | null;
}

export type ProjectDialog = 'recent' | 'recovery' | null;

export interface ProjectSlice {
  readonly project: ProjectInfo;
  readonly projectDialog: ProjectDialog;
  setProject: (project: ProjectInfo) => void;
  setProjectDialog: (dialog: ProjectDialog) => void;
}

export const NO_PROJECT: ProjectInfo = { path: null, name: '', id: null, savedDocument: null };

export const createProjectSlice: SliceCreator<ProjectSlice> = (set) => ({
  project: NO_PROJECT,
  projectDialog: null,
  setProject: (project) => set({ project }),
  setProjectDialog: (projectDialog) => set({ projectDialog }),
});

/** Unsaved changes: there is a document and it is not the one last opened or saved. */
export function isDirty(s: { document: StudioDocument; project: ProjectInfo }): boolean {
  return s.document.image !== null && s.document !== s.project.savedDocument;
}
