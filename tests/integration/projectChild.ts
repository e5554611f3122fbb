// Child process for the kill tests (bundled by esbuild at test time): does a save or an autosave and
// then waits to be killed.
import { ProjectService } from '../../src-main/services/projects';
import { makeProject } from './projectFixture';

const [mode, path, settingsDir, recoveryDir] = process.argv.slice(2) as [string, string, string, string];
const svc = new ProjectService({ settingsDir, recoveryDir });

if (mode === 'save') {
  const data = await makeProject({ padBytes: 160 << 20 });
  data.doc.name = 'large';
  svc.update(data);
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
