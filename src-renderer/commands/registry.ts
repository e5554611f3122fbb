import { matchesShortcut, parseShortcut, type KeyInput, type ParsedShortcut } from './shortcuts';

/**
 * Commands are registered once (docs/design.md rule 8); menus, keyboard shortcuts and the command palette all
 * look them up here and run them through `run`, so "enabled" and error handling live in one place.
 */
export interface Command<Ctx> {
  readonly id: string;
  readonly label: string;
  /** Menu/palette grouping, e.g. "File", "View". */
  readonly group: string;
  readonly shortcuts?: readonly string[];
  readonly enabled?: (ctx: Ctx) => boolean;
  readonly perform: (ctx: Ctx) => void | Promise<void>;
}

export interface CommandRegistry<Ctx> {
  register(command: Command<Ctx>): () => void;
  get(id: string): Command<Ctx> | undefined;
  list(): readonly Command<Ctx>[];
  isEnabled(id: string, ctx: Ctx): boolean;
  /** Runs the command if it exists and is enabled; resolves to whether it ran. */
  run(id: string, ctx: Ctx): Promise<boolean>;
  /** The first enabled command bound to this key press, if any. */
  findByKey(e: KeyInput, ctx: Ctx, isMac: boolean): Command<Ctx> | undefined;
}

export function createCommandRegistry<Ctx>(
  onError: (err: unknown, cmd: Command<Ctx>) => void,
): CommandRegistry<Ctx> {
  const commands = new Map<string, { cmd: Command<Ctx>; keys: ParsedShortcut[] }>();

  const isEnabled = (cmd: Command<Ctx>, ctx: Ctx): boolean => (cmd.enabled ? cmd.enabled(ctx) : true);

  return {
    register(cmd) {
      if (commands.has(cmd.id)) throw new Error(`Command "${cmd.id}" is already registered`);
      // Parse now so a typo in a shortcut fails at start-up, not on the first key press.
      commands.set(cmd.id, { cmd, keys: (cmd.shortcuts ?? []).map(parseShortcut) });
      return () => {
        if (commands.get(cmd.id)?.cmd === cmd) commands.delete(cmd.id);
      };
    },
    get: (id) => commands.get(id)?.cmd,
    list: () => [...commands.values()].map((c) => c.cmd),
    isEnabled(id, ctx) {
      const entry = commands.get(id);
      return entry ? isEnabled(entry.cmd, ctx) : false;
    },
    async run(id, ctx) {
      const entry = commands.get(id);
      if (!entry || !isEnabled(entry.cmd, ctx)) return false;
      try {
        await entry.cmd.perform(ctx);
      } catch (err) {
        onError(err, entry.cmd);
      }
      return true;
    },
    findByKey(e, ctx, isMac) {
      for (const { cmd, keys } of commands.values()) {
        if (keys.some((k) => matchesShortcut(k, e, isMac)) && isEnabled(cmd, ctx)) return cmd;
      }
      return undefined;
    },
  };
}
