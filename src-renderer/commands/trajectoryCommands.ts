import { depthUi, stepDepthBrushSize, type DepthBrushMode } from '../editor/depth/depthUi';
import { deleteSelectedPoint, nudgeSelectedDepth, selectedPoint } from '../editor/trajectory/trajectoryOps';
import { Tool } from '../state/uiSlice';
import { commands, type CommandContext } from './appCommands';

/**
 * Trajectory and depth commands (the tool switches T and D are in toolCommands.ts). Point commands work
 * with the trajectory tool on its selected point; brush keys only with the depth brush, so the letters
 * stay free for other tools. Registered once on import (App.tsx).
 */
const trajectoryTool = (c: CommandContext) => c.state.tool === Tool.Trajectory;
const hasPoint = (c: CommandContext) => trajectoryTool(c) && selectedPoint() !== null;
const depthBrush = (c: CommandContext) => c.state.tool === Tool.DepthBrush;
const hasImage = (c: CommandContext) => c.state.document.image !== null;

const brushMode = (mode: DepthBrushMode, label: string, key: string) => ({
  id: `depthBrush.${mode}`,
  label: `Depth brush: ${label}`,
  group: 'Tools',
  shortcuts: [key],
  enabled: depthBrush,
  perform: () => depthUi.setState({ mode }),
});

const trajectoryCommands = [
  {
    id: 'trajectory.deletePoint',
    label: 'Delete trajectory point',
    group: 'Edit',
    shortcuts: ['Delete', 'Backspace'],
    enabled: hasPoint,
    perform: () => void deleteSelectedPoint(),
  },
  {
    id: 'trajectory.nearer',
    label: 'Trajectory point nearer',
    group: 'Edit',
    shortcuts: ['ArrowUp'],
    enabled: hasPoint,
    perform: () => void nudgeSelectedDepth(-1),
  },
  {
    id: 'trajectory.farther',
    label: 'Trajectory point farther',
    group: 'Edit',
    shortcuts: ['ArrowDown'],
    enabled: hasPoint,
    perform: () => void nudgeSelectedDepth(1),
  },
  {
    id: 'trajectory.muchNearer',
    label: 'Trajectory point much nearer (coarse step)',
    group: 'Edit',
    shortcuts: ['Shift+ArrowUp'],
    enabled: hasPoint,
    perform: () => void nudgeSelectedDepth(-1, true),
  },
  {
    id: 'trajectory.muchFarther',
    label: 'Trajectory point much farther (coarse step)',
    group: 'Edit',
    shortcuts: ['Shift+ArrowDown'],
    enabled: hasPoint,
    perform: () => void nudgeSelectedDepth(1, true),
  },
  {
    id: 'depth.toggleOverlay',
    label: 'Show depth overlay',
    group: 'View',
    shortcuts: ['Shift+D'],
    enabled: hasImage,
    perform: () => depthUi.setState((s) => ({ overlay: !s.overlay })),
  },
  brushMode('raise', 'raise (nearer)', 'R'),
  brushMode('lower', 'lower (farther)', 'L'),
  brushMode('smooth', 'smooth', 'M'),
  brushMode('flatten', 'flatten', 'E'),
  {
    id: 'depthBrush.smaller',
    label: 'Depth brush smaller',
    group: 'Tools',
    shortcuts: ['{'],
    enabled: depthBrush,
    perform: () => stepDepthBrushSize(-1),
  },
  {
    id: 'depthBrush.larger',
    label: 'Depth brush larger',
    group: 'Tools',
    shortcuts: ['}'],
    enabled: depthBrush,
    perform: () => stepDepthBrushSize(1),
  },
];

for (const cmd of trajectoryCommands) commands.register(cmd);
