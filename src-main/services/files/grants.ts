import { randomBytes } from 'node:crypto';
import { StudioError } from '../../../src-shared/ipc/contract';
import type { FilePurpose } from '../../../src-shared/files/ipc';
import { currentScope } from './scope';

export interface FileGrant {
  readonly path: string;
  readonly purpose: FilePurpose;
  readonly scope: string;
}

/** Handles kept per studio; past this the oldest go (a renderer asking for more is only refused later). */
const MAX_GRANTS = 1024;

/** The one answer for every handle main cannot use, so a caller learns nothing about paths it was not given. */
export function unknownHandle(): StudioError {
  return new StudioError(
    'files/unknown-handle',
    'The studio has no access to that file (it was not chosen in this window, or the window was reloaded). Choose the file again.',
  );
}

/**
 * Paths the user chose, each behind an unguessable handle bound to the connection it was issued on and to
 * one purpose (read an image, write a project, ...). Main issues them after a dialog it showed, or for the
 * recent list it keeps; every channel that touches a user's file takes a handle and resolves it here.
 */
export class FileGrants {
  private readonly grants = new Map<string, FileGrant>();

  grant(path: string, purpose: FilePurpose, scope = currentScope()): string {
    const handle = `fh_${randomBytes(24).toString('base64url')}`;
    this.grants.set(handle, { path, purpose, scope });
    while (this.grants.size > MAX_GRANTS) {
      const oldest = this.grants.keys().next().value as string;
      this.grants.delete(oldest);
    }
    return handle;
  }

  /** The grant behind `handle` if it was issued on this connection for one of `purposes`; else one error. */
  resolve(handle: string, purposes: readonly FilePurpose[], scope = currentScope()): FileGrant {
    const g = this.grants.get(handle);
    if (!g || g.scope !== scope || !purposes.includes(g.purpose)) throw unknownHandle();
    return g;
  }

  /** A connection closed (socket, window): its handles go with it. */
  dropScope(scope: string): void {
    for (const [h, g] of this.grants) if (g.scope === scope) this.grants.delete(h);
  }

  clear(): void {
    this.grants.clear();
  }
}
