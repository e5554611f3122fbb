// Child process for the control full-disk test (bundled by esbuild at test time, run under `ulimit -f`):
// runs `levitor control` with the given arguments and exits with its code.
import { controlCommand } from '../../src-main/cli/control';

process.exitCode = await controlCommand(process.argv.slice(2));
