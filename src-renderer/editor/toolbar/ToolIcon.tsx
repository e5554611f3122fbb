import { Tool } from '../../state/uiSlice';

/** Small line icons drawn as SVG paths (no icon font, no emoji: they render the same everywhere). */
const PATHS: Record<Tool, string> = {
  [Tool.Select]: 'M5 3 L5 17 L9 13 L12 19 L14.5 18 L11.5 12 L17 12 Z',
  [Tool.Hand]:
    'M7 11 V5.5 a1.3 1.3 0 0 1 2.6 0 V10 M9.6 10 V4 a1.3 1.3 0 0 1 2.6 0 V10 M12.2 10 V5 a1.3 1.3 0 0 1 2.6 0 V11 M14.8 11 V7.5 a1.3 1.3 0 0 1 2.6 0 V13 c0 4 -2.5 6 -5.5 6 c-2.5 0 -3.8 -1 -5.2 -3 L4 12.3 a1.3 1.3 0 0 1 2 -1.6 L7 12',
  [Tool.Segment]: 'M10 2.5 V6 M10 14 V17.5 M2.5 10 H6 M14 10 H17.5 M10 7.5 a2.5 2.5 0 1 1 -0.01 0 Z',
  [Tool.MaskBrush]:
    'M16.5 3 L9 10.5 L10.5 12 L18 4.5 Z M8 11.5 c-2 0 -3 1.5 -3 3 c0 1.2 -0.8 2 -2 2.5 c3 1 7 0.5 7 -3.5 Z',
  [Tool.Trajectory]:
    'M3 16 c3 -8 6 -9 8 -5 s5 3 6 -6 M17 5 l-2.5 1 M17 5 l0.8 2.6 M3 16 a1.2 1.2 0 1 0 0.01 0',
  [Tool.DepthBrush]: 'M10 3 a7 7 0 1 0 0.01 0 Z M10 3 V17 M10 5 h4 M10 8 h6 M10 11 h6 M10 14 h4',
};

export function ToolIcon({ tool }: { tool: Tool }) {
  return (
    <svg className="toolbar__icon" viewBox="0 0 20 20" width="20" height="20" aria-hidden="true">
      <path
        d={PATHS[tool]}
        fill="none"
        stroke="currentColor"
        strokeWidth="1.5"
        strokeLinecap="round"
        strokeLinejoin="round"
      />
    </svg>
  );
}
