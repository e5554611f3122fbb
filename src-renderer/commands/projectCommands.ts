import { chooseProjectFile, openSampleProject, saveCurrent, saveCurrentAs } from '../project/actions';
import { studioStore } from '../state/store';
import { commands, type CommandContext } from './appCommands';

const hasImage = (c: CommandContext) => c.state.document.image !== null;

// Project commands (issue 7): registered once; the File menu, shortcuts, the palette and the Electron
// app menu (app:menuCommand with these ids) all run them.
const all = [
  {
    id: 'project.open',
    label: 'Open project…',
    group: 'File',
    shortcuts: ['Shift+Mod+O'],
    perform: chooseProjectFile,
  },
  {
    id: 'project.recent',
    label: 'Open recent project…',
    group: 'File',
    perform: () => studioStore.getState().setProjectDialog('recent'),
  },
  {
    id: 'project.openSample',
    label: 'Open the sample project',
    group: 'File',
    perform: openSampleProject,
  },
  {
    id: 'project.save',
    label: 'Save',
    group: 'File',
    shortcuts: ['Mod+S'],
    enabled: hasImage,
    perform: saveCurrent,
  },
  {
    id: 'project.saveAs',
    label: 'Save as…',
    group: 'File',
    shortcuts: ['Shift+Mod+S'],
    enabled: hasImage,
    perform: saveCurrentAs,
  },
  {
    id: 'project.recover',
    label: 'Recover unsaved work…',
    group: 'File',
    perform: () => studioStore.getState().setProjectDialog('recovery'),
  },
];

for (const cmd of all) commands.register(cmd);
