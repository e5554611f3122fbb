import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ComputeHeaders, ComputeMode, type ComputeView } from '../../../src-shared/compute/ipc';
import { writeFileAtomic } from '../models/fsutil';
import type { ProtectedCipher } from '../models/tokenStore';
import type { RemoteServer } from './url';

const settingsFile = z.object({ mode: ComputeMode, url: z.string().max(2048) });
type Stored = z.infer<typeof settingsFile> & { headers: Record<string, string> };

/**
 * Settings -> Compute in the data folder: compute.json (mode, URL; no secret) and the header values, kept
 * as the app keeps the hub token (services/models/tokenStore.ts): encrypted with the OS's protected storage
 * in compute-headers.enc (owner-only), or, where there is none (browser host, CLI, tests, Linux without a
 * keyring), in memory for the session only. Never in plain text on disk. A missing or broken file reads
 * as Local, so a bad settings file never blocks generation.
 */
export class ComputeSettingsStore {
  private readonly file: string;
  private readonly secrets: string;
  private sessionHeaders: Record<string, string> = {};

  constructor(
    private readonly dir: string,
    private readonly cipher?: ProtectedCipher,
  ) {
    this.file = join(dir, 'compute.json');
    this.secrets = join(dir, 'compute-headers.enc');
  }

  private persists(): boolean {
    return this.cipher?.available() ?? false;
  }

  async read(): Promise<Stored> {
    const base = await readFile(this.file, 'utf8')
      .then((t) => settingsFile.parse(JSON.parse(t)))
      .catch(() => ({ mode: 'local' as const, url: '' }));
    return { ...base, headers: await this.headers() };
  }

  private async headers(): Promise<Record<string, string>> {
    const cipher = this.cipher;
    if (!cipher || !this.persists()) return { ...this.sessionHeaders };
    // A file that no longer decrypts (another user, a reset keyring) reads as no headers.
    return readFile(this.secrets)
      .then((b) => ComputeHeaders.parse(JSON.parse(cipher.decrypt(b))))
      .catch(() => ({}));
  }

  async write(next: {
    mode: 'local' | 'triton';
    url: string;
    headers: Record<string, string>;
  }): Promise<Stored> {
    await mkdir(this.dir, { recursive: true });
    if (this.cipher && this.persists()) {
      if (Object.keys(next.headers).length === 0) await rm(this.secrets, { force: true });
      else {
        await writeFileAtomic(this.secrets, this.cipher.encrypt(JSON.stringify(next.headers)));
        await chmod(this.secrets, 0o600).catch(() => undefined);
      }
    } else this.sessionHeaders = { ...next.headers };
    await writeFileAtomic(this.file, `${JSON.stringify({ mode: next.mode, url: next.url }, null, 2)}\n`);
    return { mode: next.mode, url: next.url, headers: next.headers };
  }

  view(s: Stored): ComputeView {
    return {
      mode: s.mode,
      url: s.url,
      headerNames: Object.keys(s.headers),
      headersKept: this.persists() ? 'saved' : 'session',
    };
  }

  /** The server generations go to, or null for Local. */
  async remote(): Promise<RemoteServer | null> {
    const s = await this.read();
    return s.mode === 'triton' && s.url ? { url: s.url, headers: s.headers } : null;
  }
}
