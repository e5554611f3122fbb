/** `levitor <command> ...` (npm run levitor -- <command>). */
import { commands } from '../cli/commands';

function usage(): string {
  const rows = Object.entries(commands).map(([n, c]) => `  ${n.padEnd(10)} ${c.summary}`);
  return `usage: levitor <command> [args]\n\n${rows.join('\n')}`;
}

const [name, ...rest] = process.argv.slice(2);
const command = name ? commands[name] : undefined;
if (!command) {
  console.error(name && name !== '--help' ? `unknown command "${name}"\n\n${usage()}` : usage());
  process.exitCode = name && name !== '--help' ? 2 : 0;
} else {
  command.run(rest).then(
    (code) => (process.exitCode = code),
    (e: unknown) => {
      console.error((e as Error).message ?? e);
      process.exitCode = 1;
    },
  );
}
