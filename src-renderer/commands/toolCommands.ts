import {
  addObjectAndSelect,
  deleteObjectById,
  moveObjectBy,
  selectedObject,
} from '../editor/objects/objectOps';
import { helpState, setHelpOpen } from '../editor/help/helpState';
import { segmentUi, stepBrushSize } from '../editor/segment/segmentUi';
import { clearPrompts } from '../editor/segment/segmentClick';
import { skipAutoSegments, startAutoSegments } from '../editor/segment/segmentAnalysis';
import { studioStore } from '../state/store';
import { Tool } from '../state/uiSlice';
import { commands, type CommandContext } from './appCommands';

/**
 * Editor commands: the tools (V and H are registered in appCommands), objects, brush options and the
 * shortcut overlay. Registered once on import (App.tsx imports this module).
 */
const hasImage = (c: CommandContext) => c.state.document.image !== null;
const hasSelection = (c: CommandContext) => selectedObject(c.state) !== undefined;
const setTool = (tool: Tool) => () => studioStore.getState().setTool(tool);

const editorCommands = [
  {
    id: 'tool.segment',
    label: 'Segment tool (click to select objects)',
    group: 'Tools',
    shortcuts: ['S'],
    perform: setTool(Tool.Segment),
  },
  {
    id: 'tool.maskBrush',
    label: 'Mask brush',
    group: 'Tools',
    shortcuts: ['B'],
    perform: setTool(Tool.MaskBrush),
  },
  {
    id: 'tool.trajectory',
    label: 'Trajectory tool',
    group: 'Tools',
    shortcuts: ['T'],
    perform: setTool(Tool.Trajectory),
  },
  {
    id: 'tool.depthBrush',
    label: 'Depth brush',
    group: 'Tools',
    shortcuts: ['D'],
    perform: setTool(Tool.DepthBrush),
  },
  {
    id: 'brush.smaller',
    label: 'Brush smaller',
    group: 'Tools',
    shortcuts: ['['],
    perform: () => stepBrushSize(-1),
  },
  {
    id: 'brush.larger',
    label: 'Brush larger',
    group: 'Tools',
    shortcuts: [']'],
    perform: () => stepBrushSize(1),
  },
  {
    id: 'brush.toggleErase',
    label: 'Mask brush: switch add / erase',
    group: 'Tools',
    shortcuts: ['X'],
    perform: () => segmentUi.setState((s) => ({ brushMode: s.brushMode === 'add' ? 'erase' : 'add' })),
  },
  {
    id: 'object.add',
    label: 'Add object',
    group: 'Edit',
    shortcuts: ['N'],
    enabled: hasImage,
    perform: () => {
      addObjectAndSelect();
      // Adding an object is almost always followed by segmenting it.
      const { tool, setTool: set } = studioStore.getState();
      if (tool === Tool.Select || tool === Tool.Hand) set(Tool.Segment);
    },
  },
  {
    id: 'object.delete',
    label: 'Delete object',
    group: 'Edit',
    shortcuts: ['Delete'],
    // The trajectory and depth tools may bind Delete to their own points.
    enabled: (c: CommandContext) =>
      hasSelection(c) && c.state.tool !== Tool.Trajectory && c.state.tool !== Tool.DepthBrush,
    perform: (c: CommandContext) => {
      const obj = selectedObject(c.state);
      if (obj) deleteObjectById(obj.id);
    },
  },
  {
    id: 'object.moveUp',
    label: 'Move object up the list',
    group: 'Edit',
    shortcuts: ['Alt+ArrowUp'],
    enabled: hasSelection,
    perform: (c: CommandContext) => moveObjectBy(selectedObject(c.state)?.id ?? '', -1),
  },
  {
    id: 'object.moveDown',
    label: 'Move object down the list',
    group: 'Edit',
    shortcuts: ['Alt+ArrowDown'],
    enabled: hasSelection,
    perform: (c: CommandContext) => moveObjectBy(selectedObject(c.state)?.id ?? '', 1),
  },
  {
    id: 'segment.clearPrompts',
    label: 'Clear the selected object’s clicks and mask',
    group: 'Edit',
    enabled: hasSelection,
    perform: () => clearPrompts(),
  },
  {
    id: 'view.autoSegments',
    label: 'Show automatic segments',
    group: 'View',
    shortcuts: ['G'],
    enabled: (c: CommandContext) => c.state.autoSegments.length > 0,
    perform: () => segmentUi.setState((s) => ({ showAutoSegments: !s.showAutoSegments })),
  },
  {
    id: 'segment.autoFind',
    label: 'Find automatic segments for this image now',
    group: 'View',
    enabled: (c: CommandContext) =>
      hasImage(c) && ['idle', 'skipped', 'failed'].includes(c.state.autoSegmentsState),
    perform: () => startAutoSegments({ chosen: true }),
  },
  {
    id: 'segment.autoSkip',
    label: 'Skip automatic segments for this image (use my objects only)',
    group: 'View',
    enabled: (c: CommandContext) => hasImage(c) && c.state.autoSegmentsState !== 'skipped',
    perform: () => skipAutoSegments(),
  },
  {
    id: 'help.shortcuts',
    label: 'Keyboard shortcuts',
    group: 'Help',
    shortcuts: ['?'],
    perform: () => setHelpOpen(!helpState.getState().open),
  },
];

for (const cmd of editorCommands) commands.register(cmd);
