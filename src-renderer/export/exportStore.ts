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

/**
 * Where an export goes, to show the user: main writes the chosen name with the format's extension, or a
 * new folder of that name for a PNG sequence (src-main/services/export/handlers.ts: exportTarget).
 */
export function targetPath(chosen: string, format: 'mp4' | 'webm' | 'gif' | 'png' | 'json'): string {
  return format === 'png' ? `${chosen}/` : `${chosen}.${format}`;
}
