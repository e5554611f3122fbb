import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { packIdentity } from './identity';

describe('packIdentity', () => {
  let dir = '';
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  it('hashes the manifest bytes as on disk, so a one-byte change gives another identity', async () => {
    dir = await mkdtemp(join(tmpdir(), 'levitor-identity-'));
    const text = '{"format":"levitor-svd-pack", "files":[]}\n';
    await writeFile(join(dir, 'manifest.json'), text);
    const a = await packIdentity(dir);
    expect(a).toBe(createHash('sha256').update(Buffer.from(text)).digest('hex'));
    await writeFile(join(dir, 'manifest.json'), text.replace(', ', ','));
    expect(await packIdentity(dir)).not.toBe(a);
  });

  it('says which file is missing when the folder is not a pack', async () => {
    dir = await mkdtemp(join(tmpdir(), 'levitor-identity-'));
    await expect(packIdentity(dir)).rejects.toThrow(/manifest\.json/);
  });
});
