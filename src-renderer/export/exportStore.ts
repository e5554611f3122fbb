import { createStore, useStore } from 'zustand';

export interface ExportState {
  /** The dialog is open, preset to this take (null = the trajectories/control JSON). */
  readonly isOpen: boolean;
  readonly takeId: string | null;
  open: (takeId: string | null) => void;
  close: () => void;
}

export const exportStore = createStore<ExportState>()((set) => ({
  isOpen: false,
  takeId: null,
  open: (takeId) => set({ isOpen: true, takeId }),
  close: () => set({ isOpen: false }),
}));

export function useExport<T>(selector: (s: ExportState) => T): T {
  return useStore(exportStore, selector);
}

export type ExportKind = 'mp4' | 'webm' | 'gif' | 'png' | 'json' | 'control-mp4' | 'control-png';

/** The file format behind a kind (control frames are encoded like a take). */
export function formatOf(kind: ExportKind): 'mp4' | 'webm' | 'gif' | 'png' | 'json' {
  return kind === 'control-mp4' ? 'mp4' : kind === 'control-png' ? 'png' : kind;
}

/** File name suggested for an export; a PNG sequence is a folder. */
export function suggestedName(base: string, kind: ExportKind): string {
  const stem = base.replace(/\.[^.]+$/, '').replace(/[^\w.-]+/g, '_') || 'take';
  const names: Record<ExportKind, string> = {
    mp4: `${stem}.mp4`,
    webm: `${stem}.webm`,
    gif: `${stem}.gif`,
    png: `${stem}_frames`,
    json: `${stem}_control.json`,
    'control-mp4': `${stem}_control.mp4`,
    'control-png': `${stem}_control_frames`,
  };
  return names[kind];
}

/** Joins a folder main reported with a file name, using the folder's own separator. */
export function joinPath(dir: string, name: string): string {
  const sep = dir.includes('\\') && !dir.includes('/') ? '\\' : '/';
  return dir.endsWith(sep) ? dir + name : dir + sep + name;
}

/** Replaces the extension of a path for another format (keeps folders for PNG sequences). */
export function withKind(path: string, kind: ExportKind): string {
  const m = /^(.*?)(_control_frames|_control\.mp4|_control\.json|_frames|\.(mp4|webm|gif|json))?$/.exec(path);
  const stem = m?.[1] ?? path;
  return suggestedName('x', kind).replace(/^x/, stem);
}
