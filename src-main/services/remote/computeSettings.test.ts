import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ComputeSettingsStore } from './computeSettings';

// A reversible stand-in for the OS's protected storage (Electron safeStorage is not available here).
const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
const cipher = (available = true) => ({
  available: () => available,
  encrypt: (s: string) => xor(Buffer.from(s, 'utf8')),
  decrypt: (b: Buffer) => xor(b).toString('utf8'),
});
const dirs: string[] = [];
const tmp = async () => {
  const d = await mkdtemp(join(tmpdir(), 'compute-settings-'));
  dirs.push(d);
  return d;
};
afterEach(async () => {
  for (const d of dirs.splice(0)) await rm(d, { recursive: true, force: true });
});
const server = {
  mode: 'triton' as const,
  url: 'https://gpu.example',
  headers: { Authorization: 'Bearer t0k' },
};

async function filesContaining(dir: string, text: string): Promise<string[]> {
  const hits: string[] = [];
  for (const f of await readdir(dir)) if ((await readFile(join(dir, f))).includes(text)) hits.push(f);
  return hits;
}

describe('compute settings', () => {
  it('keeps header values encrypted, owner-only, when the OS has protected storage', async () => {
    const dir = await tmp();
    await new ComputeSettingsStore(dir, cipher()).write(server);
    expect(await filesContaining(dir, 't0k')).toEqual([]);
    expect((await stat(join(dir, 'compute-headers.enc'))).mode & 0o077).toBe(0);
    const again = new ComputeSettingsStore(dir, cipher());
    expect(await again.remote()).toEqual({ url: server.url, headers: server.headers });
    expect(again.view(await again.read())).toEqual({
      mode: 'triton',
      url: server.url,
      headerNames: ['Authorization'],
      headersKept: 'saved',
    });
  });

  it('keeps them for the session only, in no file, without protected storage', async () => {
    const dir = await tmp();
    const s = new ComputeSettingsStore(dir, cipher(false));
    await s.write(server);
    expect((await s.remote())?.headers).toEqual(server.headers);
    expect(await filesContaining(dir, 't0k')).toEqual([]);
    expect((await new ComputeSettingsStore(dir).read()).headers).toEqual({});
  });

  it('reads a broken or missing file as Local', async () => {
    const dir = await tmp();
    expect(await new ComputeSettingsStore(dir).remote()).toBeNull();
    await writeFile(join(dir, 'compute.json'), '{"mode": "triton", "url": 5');
    expect(await new ComputeSettingsStore(dir).read()).toEqual({ mode: 'local', url: '', headers: {} });
  });
});
