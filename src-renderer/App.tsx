import { useEffect } from 'react';
import { CanvasView } from './canvas/CanvasView';
import { useShortcuts } from './commands/useShortcuts';
import './commands/toolCommands';
import './testHook';
import { CanvasChrome } from './editor/toolbar/CanvasChrome';
import { useBridgeEvents } from './bridge/useBridgeEvents';
import { DropOverlay } from './io/DropOverlay';
import { HiddenFileInput } from './io/HiddenFileInput';
import { ObjectsPanel } from './panels/ObjectsPanel';
import { SettingsPanel } from './panels/SettingsPanel';
import { CommandPalette } from './shell/CommandPalette';
import { Notices } from './shell/Notices';
import { StatusBar } from './shell/StatusBar';
import { TopBar } from './shell/TopBar';
import { ProjectDialogs } from './project/ProjectDialogs';
import './commands/projectCommands';
import { TimelineStrip } from './timeline/TimelineStrip';
import { TakeView } from './timeline/TakeView';
import { ExportDialog } from './export/ExportDialog';
import { FileDialog } from './files/FileDialog';
import { ModelsDialog } from './shell/ModelsDialog';
import { HostRestarted } from './shell/HostRestarted';
import { ConfirmDialog } from './shell/modal/ConfirmDialog';
import { useGenerationEvents } from './jobs/useGenerationEvents';
import { PreviewToolbar } from './preview/PreviewToolbar';
import './commands/trajectoryCommands';
import { TrajectoryHint } from './editor/trajectory/TrajectoryHint';
import { useDepthEstimate } from './editor/depth/depthEstimate';
import { installAutoFrame } from './editor/framing/autoFrame';
import './editor/framing/frameCommands';

/** Layout only: each region owns its state through narrow store selectors. */
export function App() {
  useShortcuts();
  useBridgeEvents();
  useGenerationEvents();
  useDepthEstimate();
  useEffect(() => installAutoFrame(), []);
  return (
    <div className="shell">
      <TopBar />
      <ObjectsPanel />
      <main className="shell__canvas">
        <CanvasView />
        <TakeView />
        <CanvasChrome />
        <PreviewToolbar />
        <TrajectoryHint />
      </main>
      <SettingsPanel />
      <TimelineStrip />
      <StatusBar />
      <Notices />
      <CommandPalette />
      <DropOverlay />
      <HiddenFileInput />
      <ProjectDialogs />
      <ExportDialog />
      <ModelsDialog />
      <FileDialog />
      <HostRestarted />
      <ConfirmDialog />
    </div>
  );
}
