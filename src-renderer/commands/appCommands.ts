import { actualSizeViewport, fitViewport, nextZoomStep, zoomTo } from '../canvas/viewport';
import { chooseImageFile } from '../io/openImage';
import { reportError } from '../io/reportError';
import { redo, studioStore, undo } from '../state/store';
import type { StudioState } from '../state/types';
import { Tool } from '../state/uiSlice';
import { createCommandRegistry } from './registry';
import { setModelsDialogOpen } from '../shell/ModelsDialog';

export interface CommandContext {
  readonly state: StudioState;
  readonly canUndo: boolean;
  readonly canRedo: boolean;
}

export function currentContext(): CommandContext {
  const history = studioStore.temporal.getState();
  return {
    state: studioStore.getState(),
    canUndo: history.pastStates.length > 0,
    canRedo: history.futureStates.length > 0,
  };
}

export const commands = createCommandRegistry<CommandContext>((err, cmd) =>
  reportError(err, `${cmd.label} failed`),
);

export function runCommand(id: string): Promise<boolean> {
  return commands.run(id, currentContext());
}

const hasImage = (c: CommandContext) => c.state.document.image !== null;

function zoomStep(direction: 1 | -1): void {
  const { viewport, stageSize, setViewport } = studioStore.getState();
  const centre = { x: stageSize.width / 2, y: stageSize.height / 2 };
  setViewport(zoomTo(viewport, nextZoomStep(viewport.scale, direction), centre));
}

// Registered once at start-up; menus, shortcuts and the palette all go through `runCommand`.
const all = [
  {
    // One entry: an opened image always becomes a new untitled project (asking before unsaved work goes).
    id: 'file.openImage',
    label: 'New project from image…',
    group: 'File',
    shortcuts: ['Mod+O'],
    perform: chooseImageFile,
  },
  {
    id: 'edit.undo',
    label: 'Undo',
    group: 'Edit',
    shortcuts: ['Mod+Z'],
    enabled: (c: CommandContext) => c.canUndo,
    perform: () => undo(),
  },
  {
    id: 'edit.redo',
    label: 'Redo',
    group: 'Edit',
    shortcuts: ['Shift+Mod+Z', 'Mod+Y'],
    enabled: (c: CommandContext) => c.canRedo,
    perform: () => redo(),
  },
  {
    id: 'view.fit',
    label: 'Fit to view',
    group: 'View',
    shortcuts: ['F', '0'],
    enabled: hasImage,
    perform: (c: CommandContext) => {
      const { document, stageSize, setViewport } = c.state;
      if (document.image) setViewport(fitViewport(document.image, stageSize), true);
    },
  },
  {
    id: 'view.actualSize',
    label: 'Actual size (100%)',
    group: 'View',
    shortcuts: ['1'],
    enabled: hasImage,
    perform: (c: CommandContext) => {
      const { document, stageSize, setViewport } = c.state;
      if (document.image) setViewport(actualSizeViewport(document.image, stageSize));
    },
  },
  {
    id: 'view.zoomIn',
    label: 'Zoom in',
    group: 'View',
    shortcuts: ['+', '=', 'Mod+='],
    enabled: hasImage,
    perform: () => zoomStep(1),
  },
  {
    id: 'view.zoomOut',
    label: 'Zoom out',
    group: 'View',
    shortcuts: ['-', 'Mod+-'],
    enabled: hasImage,
    perform: () => zoomStep(-1),
  },
  {
    id: 'tool.select',
    label: 'Select tool',
    group: 'Tools',
    shortcuts: ['V'],
    perform: () => studioStore.getState().setTool(Tool.Select),
  },
  {
    id: 'tool.hand',
    label: 'Hand tool (pan)',
    group: 'Tools',
    shortcuts: ['H'],
    perform: () => studioStore.getState().setTool(Tool.Hand),
  },
  {
    id: 'app.commandPalette',
    label: 'Show all commands',
    group: 'Help',
    shortcuts: ['Mod+K', 'Shift+Mod+P'],
    perform: () => studioStore.getState().setPaletteOpen(true),
  },
  {
    id: 'models.openManager',
    label: 'Open the model manager',
    group: 'Models',
    perform: () => setModelsDialogOpen(true),
  },
];

for (const cmd of all) commands.register(cmd);

/** Menu order of the groups. */
export const COMMAND_GROUPS = ['File', 'Edit', 'View', 'Tools', 'Models', 'Help'] as const;
