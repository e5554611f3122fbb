// Opens one archive with the studio's own open path and prints how it ended and the peak RSS.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProjectService } from '../../src-main/services/projects';
const svc = new ProjectService({
  settingsDir: mkdtempSync(join(tmpdir(), 'levitor-rss-s-')),
  recoveryDir: mkdtempSync(join(tmpdir(), 'levitor-rss-r-')),
});
const t0 = performance.now();
const r = await svc.open(process.argv[2]!).then(
  () => 'opened',
  (e: Error) => `refused: ${e.message.slice(0, 120)}`,
);
console.log(
  JSON.stringify({
    file: process.argv[2],
    r,
    ms: Math.round(performance.now() - t0),
    maxRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  }),
);
svc.dispose();
