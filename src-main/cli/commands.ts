import { controlCommand } from './control';
import { infoCommand } from './info';
import { modelsCommand } from './models';
import { renderCommand } from './render';

export interface CliCommand {
  readonly summary: string;
  run(argv: readonly string[]): Promise<number>;
}

/** `levitor <name> ...`: one line per command. */
export const commands: Record<string, CliCommand> = {
  info: {
    summary: 'show version and the compute devices (execution providers) this machine can use',
    run: infoCommand,
  },
  control: { summary: 'compute the LeviTor control signal for a scene', run: controlCommand },
  render: {
    summary: 'render a video from a scene (SVD + LeviTor control)',
    run: (argv) => renderCommand(argv),
  },
  models: { summary: 'list, install, verify and remove model packs', run: modelsCommand },
};
