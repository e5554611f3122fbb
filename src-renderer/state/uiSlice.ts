import { IDENTITY_VIEWPORT, type Size, type Viewport } from '../canvas/viewport';
import type { SliceCreator } from './types';

/**
 * Canvas tools; exactly one is active and shown in the tool bar. Each tool's layer handles pointer
 * events only while its tool is active (Hand: pan; Select: pick objects, drag trajectory points).
 */
export const Tool = {
  Hand: 'hand',
  Select: 'select',
  Segment: 'segment',
  MaskBrush: 'maskBrush',
  Trajectory: 'trajectory',
  DepthBrush: 'depthBrush',
} as const;
export type Tool = (typeof Tool)[keyof typeof Tool];

export interface UiSlice {
  readonly tool: Tool;
  readonly viewport: Viewport;
  /** While true the view refits whenever the canvas is resized; any manual zoom or pan turns it off. */
  readonly autoFit: boolean;
  readonly stageSize: Size;
  readonly selection: readonly string[];
  readonly paletteOpen: boolean;
  setTool: (tool: Tool) => void;
  setViewport: (viewport: Viewport, autoFit?: boolean) => void;
  setStageSize: (size: Size) => void;
  select: (ids: readonly string[]) => void;
  setPaletteOpen: (open: boolean) => void;
}

export const createUiSlice: SliceCreator<UiSlice> = (set, get) => ({
  tool: Tool.Select,
  viewport: IDENTITY_VIEWPORT,
  autoFit: true,
  stageSize: { width: 0, height: 0 },
  selection: [],
  paletteOpen: false,
  setTool: (tool) => set({ tool }),
  setViewport: (viewport, autoFit = false) => set({ viewport, autoFit }),
  setStageSize: (size) => {
    const old = get().stageSize;
    if (old.width !== size.width || old.height !== size.height) set({ stageSize: size });
  },
  select: (ids) => set({ selection: ids }),
  setPaletteOpen: (paletteOpen) => set({ paletteOpen }),
});
