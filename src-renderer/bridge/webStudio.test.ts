import { describe, expect, it } from 'vitest';
import { createWebStudio, socketUrl } from './webStudio';
import type { WireClient } from './wireClient';

describe('web studio', () => {
  it('maps area:method channels to named functions over the wire client', async () => {
    const calls: [string, unknown][] = [];
    const client = {
      request: (channel: string, payload: unknown) => {
        calls.push([channel, payload]);
        return Promise.resolve({ channel });
      },
      on: () => () => {},
    } as unknown as WireClient;
    const api = createWebStudio(client, ['app:getInfo', 'image:importBytes']);
    await expect(api.app.getInfo({})).resolves.toEqual({ channel: 'app:getInfo' });
    await api.image.importBytes({ name: 'a.png', bytes: Uint8Array.of(0) });
    expect(calls).toEqual([
      ['app:getInfo', {}],
      ['image:importBytes', { name: 'a.png', bytes: Uint8Array.of(0) }],
    ]);
    expect(() => createWebStudio(client, ['nocolon'])).toThrow(/area:method/);
  });

  it('builds the socket URL on the page origin with the page token', () => {
    expect(socketUrl({ protocol: 'http:', host: '127.0.0.1:4567', search: '?token=a%2Bb&x=1' })).toBe(
      'ws://127.0.0.1:4567/ws?token=a%2Bb',
    );
    expect(socketUrl({ protocol: 'https:', host: 'h', search: '' })).toBe('wss://h/ws?token=');
  });
});
