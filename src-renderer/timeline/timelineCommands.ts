import { commands, type CommandContext } from '../commands/appCommands';
import { exportStore } from '../export/exportStore';
import { generate } from '../jobs/generate';
import { studioStore } from '../state/store';
import { currentTake, stepFrame } from './playback';

/** Playback, generate and export commands; registered once when the timeline module loads. */
const hasImage = (c: CommandContext) => c.state.document.image !== null;
const step = (delta: number) => () => {
  const s = studioStore.getState();
  s.setPlaying(false);
  s.setFrame(stepFrame(s.frame, s.frameCount, delta));
};

const timelineCommands = [
  {
    id: 'timeline.playPause',
    label: 'Play / pause',
    group: 'View',
    shortcuts: ['K'],
    perform: () => {
      const s = studioStore.getState();
      // Play from the start when paused on the last frame without looping.
      if (!s.playing && !s.loop && s.frame >= s.frameCount - 1) s.setFrame(0);
      s.setPlaying(!s.playing);
    },
  },
  { id: 'timeline.prevFrame', label: 'Previous frame', group: 'View', shortcuts: [','], perform: step(-1) },
  { id: 'timeline.nextFrame', label: 'Next frame', group: 'View', shortcuts: ['.'], perform: step(1) },
  {
    id: 'timeline.toggleLoop',
    label: 'Loop playback on / off',
    group: 'View',
    perform: () => studioStore.getState().setLoop(!studioStore.getState().loop),
  },
  {
    id: 'generation.generate',
    label: 'Generate a take',
    group: 'File',
    shortcuts: ['Mod+Enter'],
    enabled: hasImage,
    perform: () => generate(),
  },
  {
    id: 'export.open',
    label: 'Export…',
    group: 'File',
    shortcuts: ['Mod+E'],
    enabled: hasImage,
    perform: (c: CommandContext) => exportStore.getState().open(currentTake(c.state)?.id ?? null),
  },
];

for (const cmd of timelineCommands) commands.register(cmd);
