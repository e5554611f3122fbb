/** Electron main process: lifecycle and wiring only. Services live in services/, shared with the browser host. */
import { app, BrowserWindow, session, shell } from 'electron';
import { join } from 'node:path';
import { ASSET_SCHEME, handleAssetProtocol, registerAssetScheme } from './electron/assetProtocol';
import { nativeFileDialog } from './electron/fileDialogs';
import { electronCipher, electronTokenStore } from './electron/tokenStore';
import { installClosePrompt } from './electron/projectDialogs';
import { bindIpc, sendToWindow } from './electron/ipcBinding';
import { installMenu } from './electron/menu';
import { isAllowedExternalUrl } from './electron/external';
import { isTrustedUrl } from './electron/trust';
import { utilityLauncher } from './electron/utilityLauncher';
import { InferenceClient } from './inference/client';
import { CONTENT_SECURITY_POLICY } from './security';
import { createStudioServices, type StudioServices } from './services';

const devUrl = process.env['ELECTRON_RENDERER_URL'];
// The one page the window may show and IPC may come from (trust.ts): our own build, not any index.html.
const page = { rendererIndex: join(import.meta.dirname, '../renderer/index.html'), devUrl };
let win: BrowserWindow | null = null;
let services: StudioServices | null = null;

registerAssetScheme();

function createWindow(): BrowserWindow {
  const w = new BrowserWindow({
    width: 1400,
    height: 900,
    show: false,
    title: 'LeviTor Studio',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      webviewTag: false,
    },
  });
  w.once('ready-to-show', () => w.show());
  installClosePrompt(w, async () => services?.projects.discardUnsaved());
  w.webContents.on('will-navigate', (e, url) => {
    if (!isTrustedUrl(url, page)) e.preventDefault();
  });
  w.webContents.on('will-redirect', (e, url) => {
    if (!isTrustedUrl(url, page)) e.preventDefault();
  });
  w.webContents.setWindowOpenHandler(({ url }) => {
    // Documentation and model-hub links open in the user's browser, never in the app; nothing else opens.
    if (isAllowedExternalUrl(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  if (devUrl) void w.loadURL(devUrl);
  else void w.loadFile(page.rendererIndex);
  return w;
}

void app.whenReady().then(() => {
  session.defaultSession.webRequest.onHeadersReceived((details, cb) => {
    cb({
      responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [CONTENT_SECURITY_POLICY] },
    });
  });
  session.defaultSession.setPermissionRequestHandler((_wc, _perm, cb) => cb(false));
  const inference = new InferenceClient({
    launch: utilityLauncher(join(import.meta.dirname, 'inferenceHost.js')),
    onStatus: (s) => sendToWindow(win?.webContents, 'inference:hostStatus', s),
  });
  services = createStudioServices({
    host: 'electron',
    // Compute headers (tokens) encrypted at rest like the hub token, or kept for the session only.
    secretCipher: electronCipher,
    version: app.getVersion(),
    assetUrl: (id) => `${ASSET_SCHEME}://image/${id}`,
    inference,
    emit: (channel, payload) => sendToWindow(win?.webContents, channel, payload),
    modelsDir: join(app.getPath('userData'), 'models'),
    settingsDir: app.getPath('userData'),
    // Packaged: electron-builder's extraResources copies resources/samples beside app.asar.
    ...(app.isPackaged ? { samplesDir: join(process.resourcesPath, 'samples') } : {}),
    nativeDialog: (req) => nativeFileDialog(win, req),
    tokenStore: electronTokenStore(app.getPath('userData')),
  });
  handleAssetProtocol(() => services as StudioServices);
  bindIpc(services, () => win?.webContents ?? null, page);
  installMenu(() => win);
  win = createWindow();
  const scope = `window:${win.webContents.id}`;
  win.on('closed', () => {
    services?.files.grants.dropScope(scope); // the window's file handles go with it
    services?.uploads.dropScope(scope); // and what it was sending
    win = null;
  });
  inference.ready().catch(() => undefined);
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) win = createWindow();
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

let quitting = false;
app.on('before-quit', (e) => {
  if (quitting || !services) return;
  // Stop the inference host (releases native sessions) before the process goes.
  e.preventDefault();
  if (win) {
    // Close the window first: with unsaved work it asks (projectDialogs.ts), and Cancel keeps it all running.
    win.once('closed', () => app.quit());
    win.close();
    return;
  }
  quitting = true;
  void services.dispose().finally(() => app.quit());
});
