/**
 * `npm run studio:web [-- --port N] [--data-dir DIR] [--models-dir DIR]`: the studio in a local browser.
 * Same services as the Electron main process behind the same contract, carried over a token-protected
 * loopback WebSocket.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forkLauncher, InferenceClient } from '../inference/client';
import { createStudioServices, type StudioServices } from '../services';
import { startBrowserServer } from './browserServer';
import { hostDirs } from './dataDirs';

const here = import.meta.dirname; // out/main when built
const portArg = process.argv.indexOf('--port');
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0;
// --data-dir / LEVITOR_DATA_DIR (settings, recovery) and --models-dir / LEVITOR_MODELS_DIR, set apart.
const { dataDir, modelsDir } = (() => {
  try {
    return hostDirs(process.argv.slice(2));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(2);
  }
})();
const version = (JSON.parse(readFileSync(join(here, '../../package.json'), 'utf8')) as { version: string })
  .version;

let services: StudioServices | null = null;
const inference = new InferenceClient({
  launch: forkLauncher(join(here, 'inferenceHost.js')),
  onStatus: (s) => server.broadcast('inference:hostStatus', s),
});
const server = await startBrowserServer({
  rendererDir: process.env['RENDERER_DIR'] ?? join(here, '../renderer'),
  port,
  services: () => {
    if (!services) throw new Error('services not ready');
    return services;
  },
});
services = createStudioServices({
  host: 'browser',
  version,
  assetUrl: (id) => `/asset/${server.token}/image/${id}`,
  inference,
  emit: (c, p) => server.broadcast(c, p),
  modelsDir,
  settingsDir: dataDir,
});
inference.ready().catch((e: Error) => console.error(`inference host: ${e.message}`));
console.log(`Data folder (settings, recovery): ${dataDir}\nModels folder: ${modelsDir}`);
console.log(`LeviTor Studio (browser host) at ${server.url}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  // Running work is cancelled first, so no generation finishes into the project while it is written; then
  // unsaved work goes to recovery before the host stops, so the page's next link offers it.
  services?.stopWork();
  await services?.projects.autosaveNow().catch(() => false);
  await services?.dispose();
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
