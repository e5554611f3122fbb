import { describe, expect, it } from 'vitest';
import { classifyAddress, HopGuard } from './netPolicy';

describe('classifyAddress', () => {
  it('names local, link-local, private and public addresses, in IPv4, IPv6 and their mixed forms', () => {
    const cases: [string, string][] = [
      ['127.0.0.1', 'loopback'],
      ['127.255.1.2', 'loopback'],
      ['::1', 'loopback'],
      ['::ffff:127.0.0.1', 'loopback'], // IPv4-mapped
      ['::ffff:7f00:1', 'loopback'], // the same, as URL writes it
      ['64:ff9b::7f00:1', 'loopback'], // NAT64 of 127.0.0.1
      ['0.0.0.0', 'unspecified'],
      ['::', 'unspecified'],
      ['169.254.169.254', 'link-local'],
      ['fe80::1', 'link-local'],
      ['64:ff9b::a9fe:a9fe', 'link-local'],
      ['224.0.0.1', 'multicast'],
      ['255.255.255.255', 'multicast'],
      ['ff02::1', 'multicast'],
      ['10.1.2.3', 'private'],
      ['172.16.0.1', 'private'],
      ['172.31.255.255', 'private'],
      ['192.168.1.20', 'private'],
      ['100.64.0.1', 'private'],
      ['fd12:3456::1', 'private'],
      ['172.32.0.1', 'public'],
      ['8.8.8.8', 'public'],
      ['2606:4700::1111', 'public'],
      ['64:ff9b::808:808', 'public'],
    ];
    for (const [ip, cls] of cases) expect(classifyAddress(ip), ip).toBe(cls);
  });
});

describe('HopGuard', () => {
  const u = (s: string) => new URL(s);

  it('refuses local addresses on every hop, keeps the LAN open for the address the user gave', () => {
    const g = new HopGuard({}, 'http://files.studio.lan/m.onnx');
    g.nextHop();
    expect(g.check(u('http://files.studio.lan/m.onnx'), '192.168.1.20')).toBeUndefined();
    g.nextHop(); // a LAN server may redirect within the LAN
    expect(g.check(u('http://nas.studio.lan/m.onnx'), '10.0.0.5')).toBeUndefined();
    g.nextHop();
    const local = g.check(u('http://localhost:8080/admin'), '127.0.0.1');
    expect(local?.code).toBe('refused-address');
    expect(local?.message).toMatch(/localhost:8080 resolves to 127\.0\.0\.1, this computer's own address;/);
    expect(local?.message).toMatch(/hosts file or DNS filter/);
    expect(local?.message).toMatch(/`levitor models` in a terminal \(install <url>, repair <id>\)/);
    expect(() => g.checkLiteral(u('http://169.254.169.254/latest/meta-data/'))).toThrow(/link-local/);
    expect(() => g.checkLiteral(u('http://[::ffff:127.0.0.1]:8080/'))).toThrow(/own address/);
    expect(() => g.checkLiteral(u('http://0.0.0.0:8080/'))).toThrow(/unspecified/);
  });

  it('refuses a redirect from the internet into the local network', () => {
    const g = new HopGuard({}, 'https://models.example/m.onnx');
    g.nextHop();
    expect(g.check(u('https://models.example/m.onnx'), '93.184.216.34')).toBeUndefined();
    g.nextHop();
    const e = g.check(u('http://router.lan/'), '192.168.1.1');
    expect(e?.code).toBe('refused-address');
    expect(e?.message).toMatch(/models\.example redirected the download to router\.lan \(192\.168\.1\.1\)/);
    expect(g.check(u('https://cdn.example/m.onnx'), '151.101.1.1')).toBeUndefined();
  });

  it('a name that resolves to several addresses is judged on all of them, as one hop', () => {
    const g = new HopGuard({}, 'https://models.example/m.onnx');
    g.nextHop();
    expect(g.check(u('https://models.example/m.onnx'), '93.184.216.34')).toBeUndefined();
    expect(g.check(u('https://models.example/m.onnx'), '192.168.1.1')).toBeUndefined(); // same hop
    expect(g.check(u('https://models.example/m.onnx'), '127.0.0.1')?.code).toBe('refused-address');
  });

  it("main's switches: local addresses allowed, or an origin main configured", () => {
    const local = new HopGuard({ allowLocal: true }, 'http://127.0.0.1:1/');
    local.nextHop();
    expect(local.check(u('http://127.0.0.1:1/'), '127.0.0.1')).toBeUndefined();
    const mirror = new HopGuard({ trustedOrigins: ['http://127.0.0.1:9000'] }, 'http://127.0.0.1:9000/x');
    mirror.nextHop();
    expect(mirror.check(u('http://127.0.0.1:9000/x'), '127.0.0.1')).toBeUndefined();
    mirror.nextHop(); // its redirect elsewhere on this computer is judged on its own
    expect(mirror.check(u('http://127.0.0.1:9001/x'), '127.0.0.1')?.code).toBe('refused-address');
  });
});
