import '../../styles/editor.css';
import { HelpOverlay } from '../help/HelpOverlay';
import { useSegmentAnalysis } from '../segment/segmentAnalysis';
import { NeedsObjectHint } from './NeedsObjectHint';
import { ToolBar } from './ToolBar';
import { ToolOptions } from './ToolOptions';

/** The editor's HTML over the canvas: tool strip, tool options, the no-object hint, the shortcut overlay. */
export function CanvasChrome() {
  useSegmentAnalysis();
  return (
    <>
      <ToolBar />
      <ToolOptions />
      <NeedsObjectHint />
      <HelpOverlay />
    </>
  );
}
