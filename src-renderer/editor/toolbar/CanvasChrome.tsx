import '../../styles/editor.css';
import { HelpOverlay } from '../help/HelpOverlay';
import { useSegmentAnalysis } from '../segment/segmentAnalysis';
import { SegmentStatus } from '../segment/SegmentStatus';
import { NeedsObjectHint } from './NeedsObjectHint';
import { ToolBar } from './ToolBar';
import { ToolOptions } from './ToolOptions';

/** The editor's HTML over the canvas: tool strip, tool options, the no-object hint, what a click waits for,
 * the shortcut overlay. */
export function CanvasChrome() {
  useSegmentAnalysis();
  return (
    <>
      <ToolBar />
      <ToolOptions />
      <NeedsObjectHint />
      <SegmentStatus />
      <HelpOverlay />
    </>
  );
}
