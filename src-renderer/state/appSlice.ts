import type { AppInfo, HostStatus } from '../bridge/types';
import type { SliceCreator } from './types';

export const Connection = {
  Connecting: 'connecting',
  Open: 'open',
  Reconnecting: 'reconnecting',
  /** The browser host restarted: this page's link is no longer valid (the new one is in its terminal). */
  Restarted: 'restarted',
  Closed: 'closed',
} as const;
export type Connection = (typeof Connection)[keyof typeof Connection];

export type NoticeLevel = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
  readonly id: number;
  readonly level: NoticeLevel;
  readonly title: string;
  /** What to do about it (or what happened in more detail), in words. */
  readonly detail?: string;
  /** The underlying error text (library or host message), shown only behind "Details". */
  readonly technical?: string;
  /**
   * One button that resolves what the notice is about (a command id of the registry). A notice with an
   * action stays until closed, acted on, or dismissed by its code once the wait it reports is over.
   */
  readonly action?: { readonly label: string; readonly command: string };
}

/** A long operation the user is waiting for, e.g. reading and sending a large image. */
export interface TaskProgress {
  readonly label: string;
  /** 0..1, or null while the size of the work is unknown. */
  readonly fraction: number | null;
}

export interface AppSlice {
  readonly info: AppInfo | null;
  readonly hostStatus: HostStatus | null;
  readonly connection: Connection;
  readonly notices: readonly Notice[];
  readonly task: TaskProgress | null;
  setInfo: (info: AppInfo) => void;
  setHostStatus: (status: HostStatus) => void;
  setConnection: (connection: Connection) => void;
  pushNotice: (notice: Omit<Notice, 'id'>) => number;
  dismissNotice: (id: number) => void;
  /** Escape: every toast goes. */
  dismissNotices: () => void;
  setTask: (task: TaskProgress | null) => void;
}

const MAX_NOTICES = 4;
let nextNoticeId = 1;

export const createAppSlice: SliceCreator<AppSlice> = (set, get) => ({
  info: null,
  hostStatus: null,
  connection: Connection.Connecting,
  notices: [],
  task: null,
  setInfo: (info) => set({ info }),
  setHostStatus: (hostStatus) => set({ hostStatus }),
  setConnection: (connection) => set({ connection }),
  pushNotice: (notice) => {
    // The same message twice in a row (e.g. dropping two bad files) shows once, refreshed.
    const rest = get().notices.filter((n) => !(n.title === notice.title && n.detail === notice.detail));
    const id = nextNoticeId++;
    set({ notices: [...rest, { ...notice, id }].slice(-MAX_NOTICES) });
    return id;
  },
  dismissNotice: (id) => set({ notices: get().notices.filter((n) => n.id !== id) }),
  dismissNotices: () => {
    if (get().notices.length > 0) set({ notices: [] });
  },
  setTask: (task) => set({ task }),
});
