import { useEffect } from 'react';
import { isModalOpen } from '../shell/modal/modalStack';
import { studioStore } from '../state/store';
import { commands, currentContext } from './appCommands';
import { isTypingTarget } from './isTypingTarget';
import { isMac } from './platform';

/** One window-level key handler dispatching to the command registry. */
export function useShortcuts(): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.defaultPrevented || isTypingTarget(e.target, e.key)) return;
      const ctx = currentContext();
      const cmd = commands.findByKey(e, ctx, isMac);
      if (isModalOpen()) {
        // A dialog has the keyboard; its shortcut must not act behind it, nor open the browser's dialog.
        if (cmd) e.preventDefault();
        return;
      }
      if (!cmd) {
        if (e.key === 'Escape') studioStore.getState().dismissNotices();
        return;
      }
      // Mod+O / Mod+= would otherwise open the browser's own dialog or page zoom.
      e.preventDefault();
      void commands.run(cmd.id, ctx);
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);
}
