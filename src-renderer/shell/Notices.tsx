import { useEffect, useState } from 'react';
import { runCommand } from '../commands/appCommands';
import { studioStore, useStudio } from '../state/store';
import type { Notice, NoticeLevel } from '../state/appSlice';
import { TaskProgress } from './TaskProgress';

/** How long a toast that needs no action stays; errors stay until closed (they say what to do). */
export const FADE_AFTER_MS: Record<NoticeLevel, number | null> = {
  info: 6000,
  success: 4000,
  warning: 10000,
  error: null,
};

/**
 * Toasts in one column with the progress of the running task on top, so a message never covers the
 * progress. Escape closes them all (useShortcuts); the pointer over a toast holds its fade.
 */
export function Notices() {
  const notices = useStudio((s) => s.notices);
  return (
    <div className="notices" aria-label="Notifications">
      <TaskProgress />
      {notices.map((n) => (
        <NoticeCard key={n.id} notice={n} />
      ))}
    </div>
  );
}

function NoticeCard({ notice }: { notice: Notice }) {
  const [held, setHeld] = useState(false);
  const fadeAfter = notice.action ? null : FADE_AFTER_MS[notice.level];
  useEffect(() => {
    if (fadeAfter === null || held) return undefined;
    const t = setTimeout(() => studioStore.getState().dismissNotice(notice.id), fadeAfter);
    return () => clearTimeout(t);
  }, [notice.id, fadeAfter, held]);
  return (
    <div
      className={`notice notice--${notice.level}`}
      role={notice.level === 'error' ? 'alert' : 'status'}
      data-testid="notice"
      data-level={notice.level}
      onPointerEnter={() => setHeld(true)}
      onPointerLeave={() => setHeld(false)}
      onFocus={() => setHeld(true)}
    >
      <div className="notice__body">
        <p className="notice__title">{notice.title}</p>
        {notice.detail && <p className="notice__detail">{notice.detail}</p>}
        {notice.action && (
          <div className="notice__actions">
            <button
              type="button"
              className="btn btn--small"
              onClick={() => {
                studioStore.getState().dismissNotice(notice.id);
                void runCommand(notice.action!.command);
              }}
            >
              {notice.action.label}
            </button>
          </div>
        )}
        {notice.technical && (
          <details className="notice__technical">
            <summary>Details</summary>
            <pre>{notice.technical}</pre>
          </details>
        )}
      </div>
      <button
        type="button"
        className="btn btn--ghost btn--icon notice__close"
        aria-label="Dismiss"
        title="Dismiss (Esc closes all)"
        onClick={() => studioStore.getState().dismissNotice(notice.id)}
      >
        ×
      </button>
    </div>
  );
}
