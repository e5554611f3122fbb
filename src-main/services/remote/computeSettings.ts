import { chmod, mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { ComputeHeaders, ComputeMode, type ComputeView } from '../../../src-shared/compute/ipc';
import type { RemoteServer } from './url';

/** Encrypts secrets at rest where the platform can (Electron's safeStorage: keychain / DPAPI / libsecret). */
export interface SecretCipher {
  encrypt(plain: string): Buffer;
  decrypt(data: Buffer): string;
}

const settingsFile = z.object({ mode: ComputeMode, url: z.string().max(2048) });
type Stored = z.infer<typeof settingsFile> & { headers: Record<string, string> };

const DEFAULTS: Stored = { mode: 'local', url: '', headers: {} };

async function writePrivate(path: string, data: string | Buffer): Promise<void> {
  const tmp = `${path}.${process.pid}.tmp`;
  await writeFile(tmp, data, { mode: 0o600 });
  await chmod(tmp, 0o600); // an existing tmp keeps its mode otherwise
  await rename(tmp, path);
}

/**
 * Settings -> Compute, kept in the data folder: compute.json (mode, URL) and compute-headers (the header
 * values, owner-only 0600, encrypted with the platform cipher when there is one). A broken or missing
 * file reads as Local, so a bad settings file never blocks generation.
 */
export class ComputeSettingsStore {
  private readonly file: string;
  private readonly secrets: string;

  constructor(
    private readonly dir: string,
    private readonly cipher?: SecretCipher,
  ) {
    this.file = join(dir, 'compute.json');
    this.secrets = join(dir, cipher ? 'compute-headers.bin' : 'compute-headers.json');
  }

  async read(): Promise<Stored> {
    const base = await readFile(this.file, 'utf8')
      .then((t) => settingsFile.parse(JSON.parse(t)))
      .catch(() => null);
    if (!base) return { ...DEFAULTS };
    const headers = await readFile(this.secrets)
      .then((b) =>
        ComputeHeaders.parse(JSON.parse(this.cipher ? this.cipher.decrypt(b) : b.toString('utf8'))),
      )
      .catch(() => ({}));
    return { ...base, headers };
  }

  async write(next: {
    mode: 'local' | 'triton';
    url: string;
    headers?: Record<string, string>;
  }): Promise<Stored> {
    const prev = await this.read();
    const stored: Stored = { mode: next.mode, url: next.url, headers: next.headers ?? prev.headers };
    await mkdir(this.dir, { recursive: true });
    const json = JSON.stringify(stored.headers);
    await writePrivate(this.secrets, this.cipher ? this.cipher.encrypt(json) : json);
    await writePrivate(this.file, `${JSON.stringify({ mode: stored.mode, url: stored.url }, null, 2)}\n`);
    return stored;
  }

  static view(s: Stored): ComputeView {
    return { mode: s.mode, url: s.url, headerNames: Object.keys(s.headers) };
  }

  /** The server generations go to, or null for Local. */
  async remote(): Promise<RemoteServer | null> {
    const s = await this.read();
    return s.mode === 'triton' && s.url ? { url: s.url, headers: s.headers } : null;
  }
}
