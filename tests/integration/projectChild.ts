// Child process for the kill tests (bundled by esbuild at test time): does a save or an autosave and
// then waits to be killed.
import { open } from 'node:fs/promises';
import { ProjectService } from '../../src-main/services/projects';
import { makeProject } from './projectFixture';

const [mode, path, settingsDir, recoveryDir] = process.argv.slice(2) as [string, string, string, string];
const svc = new ProjectService({ settingsDir, recoveryDir });

/**
 * From now on, the first large write of a file handle (the project's temp file: ~25 MB, written in 8 MiB
 * pieces) goes to disk and then never returns, after printing `partial`. The parent's kill then lands
 * mid-write on any machine, however loaded: before this, a fast save often finished between the parent's
 * look at the temp file and its kill.
 */
async function freezeAfterFirstLargeWrite(): Promise<void> {
  const probe = await open(process.execPath, 'r');
  const proto = Object.getPrototypeOf(probe) as { write: (...a: unknown[]) => Promise<unknown> };
  await probe.close();
  const write = proto.write;
  proto.write = async function (this: unknown, ...args: unknown[]) {
    const result = await write.apply(this, args);
    const length = typeof args[2] === 'number' ? args[2] : 0;
    if (length >= 1 << 20) {
      process.stdout.write('partial\n');
      await new Promise(() => undefined);
    }
    return result;
  };
}

if (mode === 'save') {
  const data = await makeProject({ padBytes: 24 << 20 });
  data.doc.name = 'large';
  svc.update(data);
  await freezeAfterFirstLargeWrite();
  process.stdout.write('saving\n');
  await svc.saveAs(path);
  process.stdout.write('saved\n');
} else if (mode === 'autosave') {
  const data = await svc.open(path);
  data.doc.name = 'edited before the crash';
  data.doc.objects[0]!.trajectory!.points.push({ x: 40, y: 60, depth: 0.25 });
  svc.update(data);
  await svc.autosaveNow();
  process.stdout.write('autosaved\n');
}
setInterval(() => undefined, 1000); // stay alive until killed
