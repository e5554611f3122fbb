import { commands, type CommandContext } from '../../commands/appCommands';
import { studioStore } from '../../state/store';
import { markFramePlaced } from './autoFrame';
import { fitFrameToMotion, resetCropFrame } from './framingActions';

/** Frame commands (palette, notices' buttons); each is one undo step and makes the frame the artist's. */
const crop = (c: CommandContext) =>
  c.state.document.image !== null && c.state.document.framing.fit === 'crop';

function edit(recipe: typeof resetCropFrame): void {
  const s = studioStore.getState();
  markFramePlaced(s.document.image?.imageId);
  s.updateDocument(recipe);
}

commands.register({
  id: 'frame.fitMotion',
  label: 'Fit frame to motion',
  group: 'View',
  enabled: crop,
  perform: () => edit(fitFrameToMotion),
});
commands.register({
  id: 'frame.reset',
  label: 'Centre frame (reset)',
  group: 'View',
  enabled: crop,
  perform: () => edit(resetCropFrame),
});
