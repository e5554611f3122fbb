import { useEffect } from 'react';
import { runCommand } from '../commands/appCommands';
import { reportError } from '../io/reportError';
import { studioStore, useStudio } from '../state/store';
import { bridge } from './index';

/** Keeps the app slice in step with the host: info on every (re)connect, host status and notices. */
export function useBridgeEvents(): void {
  const connection = useStudio((s) => s.connection);

  useEffect(() => {
    if (connection !== 'open') return undefined;
    let stale = false;
    bridge.api.app
      .getInfo({})
      .then((info) => !stale && studioStore.getState().setInfo(info))
      .catch((err: unknown) => reportError(err, 'Could not read the studio status'));
    return () => {
      stale = true;
    };
  }, [connection]);

  useEffect(() => {
    const offs = [
      bridge.api.on('inference:hostStatus', (status) => studioStore.getState().setHostStatus(status)),
      // The Electron app menu runs the same registered commands as the in-window menus and shortcuts.
      bridge.api.on('app:menuCommand', ({ command }) => void runCommand(command)),
      bridge.api.on('app:notice', (n) =>
        studioStore
          .getState()
          .pushNotice({ level: n.level, title: n.title, ...(n.detail ? { detail: n.detail } : {}) }),
      ),
    ];
    return () => offs.forEach((off) => off());
  }, []);
}
