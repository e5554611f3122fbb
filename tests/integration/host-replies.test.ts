import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserServer } from '../../src-main/hosts/browserServer';
import { handleRequest } from '../../src-main/ipc/dispatcher';
import type { StudioServices } from '../../src-main/services';
import { connectHost, type HostSocket } from './support/hostSocket';

// No request may end a host or its connection: whatever a handler throws (even a value that is not an
// Error), and a request that arrives before the services are up, gets an error reply; an event that
// cannot be encoded is dropped, not thrown into the service that emitted it.
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-replies-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The reply as data: `{ ok: true, result }` or `{ ok: false, error: { code, message } }`. */
const call = (ws: HostSocket, channel: string): Promise<Record<string, unknown>> =>
  ws.call(channel, {}).then(
    (result) => ({ ok: true, result }),
    (e: Error & { code?: string }) => ({ ok: false, error: { code: e.code, message: e.message } }),
  );

describe('replies that cannot be built', () => {
  it('a handler throwing undefined gets an error reply (the dispatcher threw while describing it)', async () => {
    const services = {
      extraHandlers: {
        'project:recent': () => Promise.reject(undefined),
        'project:recoverList': () => Promise.reject(Object.create(null) as object),
      },
    } as unknown as StudioServices;
    expect(await handleRequest(services, 'project:recent', {})).toEqual({
      ok: false,
      error: { code: 'ipc/internal', message: 'project:recent failed: undefined' },
    });
    expect(await handleRequest(services, 'project:recoverList', {})).toMatchObject({
      ok: false,
      error: { code: 'ipc/internal', message: 'project:recoverList failed: unknown error' },
    });
    const server = await startBrowserServer({ rendererDir: dir, services: () => services });
    const ws = await connectHost(server.url);
    expect(await call(ws, 'project:recent')).toMatchObject({
      ok: false,
      error: { code: 'ipc/internal' },
    });
    expect(await call(ws, 'project:recoverList')).toMatchObject({ ok: false });
    ws.close();
    await server.close();
  });

  it('a request before the services are up is answered "still starting", and the socket stays open', async () => {
    let ready: StudioServices | null = null;
    const server = await startBrowserServer({
      rendererDir: dir,
      services: () => {
        if (!ready) throw new Error('services not ready');
        return ready;
      },
    });
    const ws = await connectHost(server.url);
    expect(await call(ws, 'project:recent')).toMatchObject({
      ok: false,
      error: { code: 'ipc/internal', message: expect.stringMatching(/still starting/) },
    });
    ready = { extraHandlers: { 'project:recent': async () => [] } } as unknown as StudioServices;
    expect(await call(ws, 'project:recent')).toMatchObject({ ok: true, result: [] });
    ws.close();
    await server.close();
  });

  it('an event that cannot be encoded is dropped without throwing; the next one arrives', async () => {
    const server = await startBrowserServer({ rendererDir: dir, services: () => ({}) as StudioServices });
    const ws = await connectHost(server.url);
    const broadcast = server.broadcast as (channel: string, payload: unknown) => void;
    expect(() => broadcast('app:notice', { n: 1n })).not.toThrow();
    broadcast('app:notice', { level: 'info', message: 'after' });
    expect(await ws.waitForEvent((c) => c === 'app:notice')).toMatchObject({ message: 'after' });
    expect(ws.events).toHaveLength(1);
    ws.close();
    await server.close();
  });
});
