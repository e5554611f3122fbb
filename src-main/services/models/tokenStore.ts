import { chmod, readFile, rm } from 'node:fs/promises';
import type { TokenStatus } from '../../../src-shared/models/ipc';
import { writeFileAtomic } from './fsutil';

/**
 * Where the Hugging Face access token lives between installs. The token never goes back to the renderer
 * and is never written in plain text: the Electron app encrypts it with the OS's protected storage
 * (electron/tokenStore.ts); the browser host, the CLI and tests keep it in memory for the session, seeded
 * from $HF_TOKEN. TokenStatus (src-shared/models/ipc.ts) is what the panel may know: whether one is kept
 * and where, never the token.
 */
export interface TokenStore {
  get(): Promise<string | undefined>;
  /** Keeps `token` (encrypted where possible); `null` forgets it. */
  set(token: string | null): Promise<void>;
  status(): Promise<TokenStatus>;
}

/** In memory only: $HF_TOKEN (or nothing) at start, replaced for this session by what the user enters. */
export class MemoryTokenStore implements TokenStore {
  private token: string | undefined;
  private source: TokenStatus['source'];

  constructor(
    env: string | undefined = process.env['HF_TOKEN'],
    private readonly note = 'kept for this session only: set HF_TOKEN to keep it across runs',
  ) {
    this.token = env?.trim() || undefined;
    this.source = this.token ? 'env' : 'none';
  }

  get(): Promise<string | undefined> {
    return Promise.resolve(this.token);
  }

  set(token: string | null): Promise<void> {
    this.token = token?.trim() || undefined;
    this.source = this.token ? 'session' : 'none';
    return Promise.resolve();
  }

  status(): Promise<TokenStatus> {
    return Promise.resolve({
      present: this.token !== undefined,
      source: this.source,
      canPersist: false,
      note: this.note,
    });
  }
}

/** The OS's protected storage as the Electron app sees it (electron/tokenStore.ts adapts safeStorage). */
export interface ProtectedCipher {
  /** False when the OS offers no protected storage (or only a hard-coded key, Linux's basic_text). */
  available(): boolean;
  encrypt(plain: string): Buffer;
  decrypt(cipher: Buffer): string;
}

/**
 * The token encrypted with the OS's protected storage in `file` (ciphertext only). Without protected
 * storage it falls back to memory for the session and says so; a file that no longer decrypts (another
 * user, a reset keyring) is ignored, as if no token had been saved.
 */
export class EncryptedTokenStore implements TokenStore {
  private readonly memory: MemoryTokenStore;

  constructor(
    private readonly file: string,
    private readonly cipher: ProtectedCipher,
    env: string | undefined = process.env['HF_TOKEN'],
  ) {
    this.memory = new MemoryTokenStore(
      env,
      'this system has no protected storage for secrets: the token is kept for this session only',
    );
  }

  async get(): Promise<string | undefined> {
    return (await this.saved()) ?? this.memory.get();
  }

  async set(token: string | null): Promise<void> {
    const t = token?.trim() || undefined;
    if (!this.cipher.available()) return this.memory.set(t ?? null);
    if (t === undefined) {
      await rm(this.file, { force: true });
      return this.memory.set(null);
    }
    await writeFileAtomic(this.file, this.cipher.encrypt(t));
    await chmod(this.file, 0o600).catch(() => undefined);
  }

  async status(): Promise<TokenStatus> {
    if (!this.cipher.available()) return this.memory.status();
    if ((await this.saved()) !== undefined) return { present: true, source: 'saved', canPersist: true };
    const m = await this.memory.status();
    return { present: m.present, source: m.source, canPersist: true };
  }

  private async saved(): Promise<string | undefined> {
    if (!this.cipher.available()) return undefined;
    const bytes = await readFile(this.file).catch(() => undefined);
    if (!bytes) return undefined;
    try {
      return this.cipher.decrypt(bytes) || undefined;
    } catch {
      return undefined;
    }
  }
}
