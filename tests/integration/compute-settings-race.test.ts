import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ComputeSettingsStore } from '../../src-main/services/remote/computeSettings';
import { createComputeHandlers } from '../../src-main/services/remote/handlers';

/**
 * Saved header values (a proxy token) go only to the server they were saved for. A client that sends two
 * Settings -> Compute saves at once (the real server with its saved token kept, and another server with
 * none) must never end with the other server holding the token, in either way the studio keeps it.
 */
const xor = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
const cipher = {
  available: () => true,
  encrypt: (s: string) => xor(Buffer.from(s, 'utf8')),
  decrypt: (b: Buffer) => xor(b).toString('utf8'),
};
const REAL = 'https://gpu.example';
const EVIL = 'https://collector.example';
const TOKEN = { Authorization: 'Bearer t0k3n' };

let dir = '';
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each([
  ['kept for the session', undefined],
  ['kept encrypted on disk', cipher],
])('compute:set saves racing (%s)', (_label, c) => {
  it('never leave the saved token bound to another server', async () => {
    dir = await mkdtemp(join(tmpdir(), 'compute-race-'));
    const store = new ComputeSettingsStore(dir, c);
    const h = createComputeHandlers(store, async () => null);
    await h['compute:set']({ mode: 'triton', url: REAL, headers: TOKEN });
    for (let round = 0; round < 40; round++) {
      // The real server, keeping its saved token (no headers sent), and another one, at the same time.
      await Promise.all([
        h['compute:set']({ mode: 'triton', url: EVIL }),
        h['compute:set']({ mode: 'triton', url: REAL }),
        h['compute:set']({ mode: 'triton', url: EVIL }),
      ]);
      const now = await store.read();
      if (now.url === EVIL) expect(now.headers, `round ${round}`).toEqual({});
      // Whatever the order, the token is still there for the real server when it is chosen again.
      await h['compute:set']({ mode: 'triton', url: REAL, headers: TOKEN });
    }
  });
});
