import { utilityProcess } from 'electron';
import type { HostChannel, HostLauncher } from '../inference/client';
import type { FromHost } from '../inference/protocol';

/** Starts the inference host as an Electron utilityProcess (the app's equivalent of forkLauncher). */
export function utilityLauncher(entry: string): HostLauncher {
  return (): HostChannel => {
    const child = utilityProcess.fork(entry, [], { serviceName: 'LeviTor inference', stdio: 'inherit' });
    return {
      send: (m) => child.postMessage(m),
      onMessage: (fn) => child.on('message', (m: unknown) => fn(m as FromHost)),
      onExit: (fn) => child.once('exit', (code) => fn(code)),
      kill: () => void child.kill(),
      get pid() {
        return child.pid;
      },
    };
  };
}
