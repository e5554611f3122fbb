// Child process for the full-disk test (bundled by esbuild at test time, run under `ulimit -f`, so every
// file it writes is cut at the limit as on a full disk): tries a save, an autosave and a JSON export that
// are all larger than the limit, and prints how each ended, one JSON line each.
import { exportTrajectoriesJson } from '../../src-main/services/export/projectExport';
import { ProjectService } from '../../src-main/services/projects';
import { makeProject } from './projectFixture';

const [path, settingsDir, recoveryDir, jsonPath] = process.argv.slice(2) as [string, string, string, string];
const svc = new ProjectService({ settingsDir, recoveryDir });

async function report(what: string, run: () => Promise<unknown>): Promise<void> {
  try {
    await run();
    process.stdout.write(`${JSON.stringify({ what, ok: true })}\n`);
  } catch (e) {
    const err = e as Error & { code?: string; hint?: string };
    process.stdout.write(
      `${JSON.stringify({ what, ok: false, name: err.name, code: err.code, message: err.message, hint: err.hint })}\n`,
    );
  }
}

await svc.open(path);
const big = await makeProject({ padBytes: 4 << 20 });
big.doc.name = 'larger than the disk allows';
svc.update(big);
await report('save', () => svc.save());
await report('autosave', () => svc.autosaveNow());
// A trajectories export of a few MB: 200 objects of 1000 points.
const doc = structuredClone(big.doc);
const o = doc.objects[0]!;
doc.objects = Array.from({ length: 200 }, (_, i) => ({
  ...o,
  id: `o${i}`,
  trajectory: {
    points: Array.from({ length: 1000 }, (_, k) => ({ x: k, y: i, depth: 0.5 })),
    timing: 'uniform' as const,
    easing: [],
  },
}));
await report('json', () => exportTrajectoriesJson(doc, jsonPath));
svc.dispose();
