import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptedTokenStore, MemoryTokenStore, type ProtectedCipher } from './tokenStore';

/** An AES-256-GCM cipher with a key held in memory: what safeStorage does with the OS keyring's key. */
function aesCipher(available = true): ProtectedCipher {
  const key = randomBytes(32);
  return {
    available: () => available,
    encrypt(plain) {
      const iv = randomBytes(12);
      const c = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([c.update(plain, 'utf8'), c.final()]);
      return Buffer.concat([iv, c.getAuthTag(), body]);
    },
    decrypt(bytes) {
      const d = createDecipheriv('aes-256-gcm', key, bytes.subarray(0, 12));
      d.setAuthTag(bytes.subarray(12, 28));
      return Buffer.concat([d.update(bytes.subarray(28)), d.final()]).toString('utf8');
    },
  };
}

const TOKEN = 'hf_SecretToken1234567890';

describe('token stores', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'token-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('memory: $HF_TOKEN first, then what the user enters, for the session only', async () => {
    const s = new MemoryTokenStore('hf_env ');
    await expect(s.get()).resolves.toBe('hf_env');
    expect(await s.status()).toMatchObject({ present: true, source: 'env', canPersist: false });
    await s.set(TOKEN);
    expect(await s.status()).toMatchObject({ source: 'session' });
    await s.set(null);
    await expect(s.get()).resolves.toBeUndefined();
  });

  it('encrypted: only ciphertext on disk, read back by a new store, forgotten on request', async () => {
    const cipher = aesCipher();
    const file = join(dir, 'hf-token.enc');
    await new EncryptedTokenStore(file, cipher, undefined).set(TOKEN);
    const bytes = await readFile(file);
    expect(bytes.includes(Buffer.from(TOKEN))).toBe(false);
    expect(bytes.includes(Buffer.from('SecretToken'))).toBe(false);
    const again = new EncryptedTokenStore(file, cipher, undefined);
    await expect(again.get()).resolves.toBe(TOKEN);
    expect(await again.status()).toEqual({ present: true, source: 'saved', canPersist: true });
    await again.set(null);
    await expect(readdir(dir)).resolves.toEqual([]);
    await expect(again.get()).resolves.toBeUndefined();
  });

  it('a file another key wrote reads as no token; without protected storage nothing is written', async () => {
    const file = join(dir, 'hf-token.enc');
    await new EncryptedTokenStore(file, aesCipher(), undefined).set(TOKEN);
    await expect(new EncryptedTokenStore(file, aesCipher(), undefined).get()).resolves.toBeUndefined();
    await rm(file);
    const plain = new EncryptedTokenStore(file, aesCipher(false), undefined);
    await plain.set(TOKEN);
    await expect(plain.get()).resolves.toBe(TOKEN);
    const st = await plain.status();
    expect(st).toMatchObject({ present: true, source: 'session', canPersist: false });
    expect(st.note).toMatch(/no protected storage.*this session only/);
    await expect(readdir(dir)).resolves.toEqual([]);
  });
});
