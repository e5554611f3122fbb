import { useEffect } from 'react';
import { studioStore, useStudio } from '../state/store';
import type { Notice } from '../state/appSlice';

const AUTO_DISMISS_MS = 6000;

/** Toasts: errors stay until dismissed (they tell the user what to do), the rest fade after a while. */
export function Notices() {
  const notices = useStudio((s) => s.notices);
  return (
    <div className="notices" aria-label="Notifications">
      {notices.map((n) => (
        <NoticeCard key={n.id} notice={n} />
      ))}
    </div>
  );
}

function NoticeCard({ notice }: { notice: Notice }) {
  const sticky = notice.level === 'error' || notice.level === 'warning';
  useEffect(() => {
    if (sticky) return undefined;
    const t = setTimeout(() => studioStore.getState().dismissNotice(notice.id), AUTO_DISMISS_MS);
    return () => clearTimeout(t);
  }, [notice.id, sticky]);
  return (
    <div className={`notice notice--${notice.level}`} role={sticky ? 'alert' : 'status'} data-testid="notice">
      <div className="notice__body">
        <p className="notice__title">{notice.title}</p>
        {notice.detail && <p className="notice__detail">{notice.detail}</p>}
      </div>
      <button
        type="button"
        className="btn btn--ghost btn--icon notice__close"
        aria-label="Dismiss"
        onClick={() => studioStore.getState().dismissNotice(notice.id)}
      >
        ×
      </button>
    </div>
  );
}
