/**
 * `npm run studio:web [-- --port N] [--models-dir DIR]`: the studio in a local browser. Same services as the
 * Electron main process behind the same contract, carried over a token-protected loopback WebSocket.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { forkLauncher, InferenceClient } from '../inference/client';
import { createStudioServices, type StudioServices } from '../services';
import { defaultModelsDir } from '../services/models/paths';
import { startBrowserServer } from './browserServer';

const here = import.meta.dirname; // out/main when built
const portArg = process.argv.indexOf('--port');
const port = portArg >= 0 ? Number(process.argv[portArg + 1]) : 0;
// --models-dir DIR (tests, portable setups); else LEVITOR_MODELS_DIR, else the app's user-data models folder.
const modelsArg = process.argv.indexOf('--models-dir');
const modelsDir = modelsArg >= 0 ? (process.argv[modelsArg + 1] ?? defaultModelsDir()) : defaultModelsDir();
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
});
inference.ready().catch((e: Error) => console.error(`inference host: ${e.message}`));
console.log(`LeviTor Studio (browser host) at ${server.url}`);

let stopping = false;
async function stop(): Promise<void> {
  if (stopping) return;
  stopping = true;
  await services?.dispose();
  await server.close();
  process.exit(0);
}
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
