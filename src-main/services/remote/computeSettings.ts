import { chmod, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ComputeHeaders, ComputeMode, type ComputeView } from '../../../src-shared/compute/ipc';
import { writeFileAtomic } from '../models/fsutil';
import type { ProtectedCipher } from '../models/tokenStore';
import { sameServer, type RemoteServer } from './url';

const settingsFile = z.object({ mode: ComputeMode, url: z.string().max(2048) });
type Stored = z.infer<typeof settingsFile> & { headers: Record<string, string> };
/**
 * The header values with the server they were given for. Kept together so the binding cannot come apart:
 * compute.json and the secrets are two files (two saves at once could leave one's URL beside the other's
 * token), and headers are used only when their own URL names the server in compute.json.
 */
const secretRecord = z.object({ url: z.string().max(2048), headers: ComputeHeaders });
type SecretRecord = z.infer<typeof secretRecord>;

/**
 * Settings -> Compute in the data folder: compute.json (mode, URL; no secret) and the header values, kept
 * as the app keeps the hub token (services/models/tokenStore.ts): encrypted with the OS's protected storage
 * in compute-headers.enc (owner-only), or, where there is none (browser host, CLI, tests, Linux without a
 * keyring), in memory for the session only. Never in plain text on disk. A missing or broken file reads
 * as Local, so a bad settings file never blocks generation. Writes run one at a time.
 */
export class ComputeSettingsStore {
  private readonly file: string;
  private readonly secrets: string;
  private session: SecretRecord | null = null;
  private writing: Promise<unknown> = Promise.resolve();

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
    const record = await this.record();
    return { ...base, headers: record && sameServer(record.url, base.url) ? record.headers : {} };
  }

  private async record(): Promise<SecretRecord | null> {
    const cipher = this.cipher;
    if (!cipher || !this.persists()) return this.session && { ...this.session };
    // A file that no longer decrypts (another user, a reset keyring) or is not a record reads as none.
    return readFile(this.secrets)
      .then((b) => secretRecord.parse(JSON.parse(cipher.decrypt(b))))
      .catch(() => null);
  }

  write(next: { mode: 'local' | 'triton'; url: string; headers: Record<string, string> }): Promise<Stored> {
    const run = this.writing.then(() => this.writeNow(next));
    this.writing = run.catch(() => undefined);
    return run;
  }

  private async writeNow(next: {
    mode: 'local' | 'triton';
    url: string;
    headers: Record<string, string>;
  }): Promise<Stored> {
    await mkdir(this.dir, { recursive: true });
    const record = { url: next.url, headers: next.headers };
    if (this.cipher && this.persists()) {
      if (Object.keys(next.headers).length === 0) await rm(this.secrets, { force: true });
      else {
        await writeFileAtomic(this.secrets, this.cipher.encrypt(JSON.stringify(record)));
        await chmod(this.secrets, 0o600).catch(() => undefined);
      }
    } else this.session = Object.keys(next.headers).length === 0 ? null : record;
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
