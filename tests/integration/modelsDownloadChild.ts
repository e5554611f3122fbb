// Child process for the model-download full-disk test (bundled by esbuild at test time, run under
// `ulimit -f`, so every file it writes is cut at the limit as on a full disk): installs one model from a
// URL and prints how it ended as one JSON line.
import { ModelService } from '../../src-main/services/models/service';

const [url, modelsDir] = process.argv.slice(2) as [string, string];
try {
  const m = await new ModelService({ modelsDir, allowLocalAddresses: true }).install({ source: url });
  process.stdout.write(`${JSON.stringify({ ok: true, dir: m.dir })}\n`);
} catch (e) {
  const err = e as Error & { code?: string };
  process.stdout.write(
    `${JSON.stringify({ ok: false, name: err.name, code: err.code, message: err.message })}\n`,
  );
}
