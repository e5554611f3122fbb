import { Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';

/** App menu; commands run in the renderer (one command registry there) via app:menuCommand. */
export function installMenu(win: () => BrowserWindow | null): void {
  const send = (command: string) => () => win()?.webContents.send('app:menuCommand', { command });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Project from Image…', accelerator: 'CmdOrCtrl+O', click: send('file.openImage') },
        { label: 'Open Project…', accelerator: 'CmdOrCtrl+Shift+O', click: send('project.open') },
        { label: 'Open Recent…', click: send('project.recent') },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('project.save') },
        { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: send('project.saveAs') },
        { type: 'separator' },
        process.platform === 'darwin' ? { role: 'close' } : { role: 'quit' },
      ],
    },
    { role: 'editMenu' },
    {
      label: 'View',
      submenu: [
        { label: 'Fit to View', accelerator: 'CmdOrCtrl+0', click: send('view.fit') },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        { role: 'toggleDevTools' },
      ],
    },
    { role: 'windowMenu' },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
