import { Tool } from '../../state/uiSlice';

/** What the tool bar, the cursor and the help overlay say about each tool. */
export interface ToolInfo {
  readonly tool: Tool;
  readonly commandId: string;
  readonly label: string;
  readonly shortcut: string;
  /** A one-line "how to use" shown while the tool is active. */
  readonly hint: string;
  /** CSS cursor over the canvas while the tool is active. */
  readonly cursor: string;
}

export const TOOLS: readonly ToolInfo[] = [
  {
    tool: Tool.Select,
    commandId: 'tool.select',
    label: 'Select',
    shortcut: 'V',
    hint: 'Click an object to select it',
    cursor: 'default',
  },
  {
    tool: Tool.Hand,
    commandId: 'tool.hand',
    label: 'Hand (pan)',
    shortcut: 'H',
    hint: 'Drag to pan; wheel to zoom',
    cursor: 'grab',
  },
  {
    tool: Tool.Segment,
    commandId: 'tool.segment',
    label: 'Segment',
    shortcut: 'S',
    hint: 'Click: include · Shift+click: exclude · Drag: box',
    cursor: 'crosshair',
  },
  {
    tool: Tool.MaskBrush,
    commandId: 'tool.maskBrush',
    label: 'Mask brush',
    shortcut: 'B',
    hint: 'Drag to paint · Alt+drag or X: erase',
    cursor: 'none',
  },
  {
    tool: Tool.Trajectory,
    commandId: 'tool.trajectory',
    label: 'Trajectory',
    shortcut: 'T',
    hint: 'Click to add path points for the selected moving object',
    cursor: 'copy',
  },
  {
    tool: Tool.DepthBrush,
    commandId: 'tool.depthBrush',
    label: 'Depth brush',
    shortcut: 'D',
    hint: 'Paint to raise or lower the scene depth',
    cursor: 'cell',
  },
];

export function toolInfo(tool: Tool): ToolInfo {
  return TOOLS.find((t) => t.tool === tool) ?? TOOLS[0]!;
}
