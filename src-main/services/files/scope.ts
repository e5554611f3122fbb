import { AsyncLocalStorage } from 'node:async_hooks';

/**
 * The connection a request came on (an Electron window's webContents, one browser-host WebSocket). The
 * transports run each request inside its scope (ipc/dispatcher.ts), so a file handle issued on one
 * connection is refused on every other one without each service having to pass the connection along.
 * Calls made outside any transport (CLI, tests calling services directly) share the `local` scope.
 */
const store = new AsyncLocalStorage<string>();

export const LOCAL_SCOPE = 'local';

export function runInScope<T>(scope: string, run: () => T): T {
  return store.run(scope, run);
}

export function currentScope(): string {
  return store.getStore() ?? LOCAL_SCOPE;
}
