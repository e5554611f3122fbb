import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { BlockList, isIP, type LookupFunction } from 'node:net';
import { ModelError } from './errors';

/**
 * Which addresses a download may reach. The window (renderer) names download URLs; a page or script
 * that took it over must not turn main into a client for this computer's own services (127.0.0.1, a
 * local admin port) or the link-local ones (169.254.169.254, a cloud VM's metadata and credentials).
 * A file server on the studio's LAN is a fair use of an address the artist typed, so private networks
 * stay open, except as the target of a redirect from the internet (a public server may not send the
 * studio into the local network: what browsers' Private Network Access rule says too).
 */
export interface NetworkPolicy {
  /**
   * Loopback, link-local and other local addresses allowed: the CLI (the person at the terminal typed
   * the address) and tests' local servers. Set by main's own code only; no request payload reaches it.
   */
  allowLocal?: boolean | undefined;
  /** Origins main configured itself (a hub mirror named in $HF_ENDPOINT): reached whatever their address. */
  trustedOrigins?: readonly string[] | undefined;
}

export type AddressClass = 'public' | 'private' | 'loopback' | 'link-local' | 'unspecified' | 'multicast';

const RANGES: [AddressClass, string, number, 'ipv4' | 'ipv6'][] = [
  ['loopback', '127.0.0.0', 8, 'ipv4'],
  ['loopback', '::1', 128, 'ipv6'],
  ['unspecified', '0.0.0.0', 8, 'ipv4'],
  ['unspecified', '::', 128, 'ipv6'],
  ['link-local', '169.254.0.0', 16, 'ipv4'],
  ['link-local', 'fe80::', 10, 'ipv6'],
  ['multicast', '224.0.0.0', 4, 'ipv4'],
  ['multicast', '240.0.0.0', 4, 'ipv4'], // reserved, and 255.255.255.255 (broadcast)
  ['multicast', 'ff00::', 8, 'ipv6'],
  ['private', '10.0.0.0', 8, 'ipv4'],
  ['private', '172.16.0.0', 12, 'ipv4'],
  ['private', '192.168.0.0', 16, 'ipv4'],
  ['private', '100.64.0.0', 10, 'ipv4'], // carrier-grade NAT, VPN overlays
  ['private', 'fc00::', 7, 'ipv6'], // unique local addresses
];

/** NAT64 (64:ff9b::/96) carries an IPv4 address in its last 32 bits: it is judged as that address. */
function nat64(v4: string, prefix: number): [string, number] {
  const [a, b, c, d] = v4.split('.').map(Number) as [number, number, number, number];
  const hex = (x: number, y: number): string => ((x << 8) | y).toString(16);
  return [`64:ff9b::${hex(a, b)}:${hex(c, d)}`, 96 + prefix];
}

const lists = new Map<AddressClass, BlockList>();
for (const [cls, net, prefix, family] of RANGES) {
  const list = lists.get(cls) ?? new BlockList();
  list.addSubnet(net, prefix, family); // IPv4-mapped IPv6 (::ffff:a.b.c.d) is matched by the IPv4 rules
  if (family === 'ipv4') list.addSubnet(...nat64(net, prefix), 'ipv6');
  lists.set(cls, list);
}

/** The class of an IP address (without brackets). Anything not listed above is public. */
export function classifyAddress(ip: string): AddressClass {
  const family = isIP(ip) === 6 ? 'ipv6' : 'ipv4';
  for (const [cls, list] of lists) if (list.check(ip, family)) return cls;
  return 'public';
}

const LOCAL_WORDS: Partial<Record<AddressClass, string>> = {
  loopback: "this computer's own address",
  'link-local': 'a link-local address (169.254.x.x / fe80::, where cloud machines serve their credentials)',
  unspecified: 'an unspecified address (0.0.0.0 / ::, which reaches this computer)',
  multicast: 'a multicast or reserved address',
};

/**
 * Judges the hops of one download (the URL, then each redirect) against a policy. `check` is called
 * with every address a hop connects to: the IP in the URL, or every address its name resolves to (so
 * a name that resolves to 127.0.0.1 is judged as 127.0.0.1, at connect time).
 */
export class HopGuard {
  /** Class of the first hop's address: a redirect from a public one may not enter private networks. */
  private first: AddressClass | undefined;
  /** 0 for the URL itself, then 1, 2... for each redirect followed (httpGet calls nextHop). */
  private hop = -1;

  constructor(
    private readonly policy: NetworkPolicy,
    private readonly startUrl: string,
  ) {}

  /** The refusal for connecting `url` to `ip`, or undefined when allowed. */
  check(url: URL, ip: string): ModelError | undefined {
    if (this.policy.allowLocal || this.policy.trustedOrigins?.includes(url.origin)) return undefined;
    const cls = classifyAddress(ip);
    if (this.hop <= 0) this.first ??= cls;
    const host = url.host;
    const local = LOCAL_WORDS[cls];
    if (local) {
      // A name that lands here is often a hosts file or a DNS filter (0.0.0.0) blocking it: say so.
      const named = isIP(url.hostname.replace(/^\[|\]$/g, '')) === 0;
      const what = named ? `${host} resolves to ${ip}, ${local}` : `${host} is ${local} (${ip})`;
      const blocked = named
        ? ' If that name should not lead here, a hosts file or DNS filter is redirecting it.'
        : '';
      return new ModelError(
        'refused-address',
        `${what}; the studio does not download from such addresses when the window asks, so that no page ` +
          'or script can use it to reach services on this computer. For a model served on this computer, ' +
          'save the file and install it with the Models panel\'s "Choose folder…" or "Choose .zip…", or use `levitor models` in ' +
          `a terminal (install <url>, repair <id>).${blocked}`,
      );
    }
    if (cls === 'private' && this.hop > 0 && this.first === 'public') {
      return new ModelError(
        'refused-address',
        `${new URL(this.startUrl).host} redirected the download to ${host} (${ip}), an address on your local ` +
          'network; a server on the internet may not send the studio into your network. If you trust that ' +
          'server, download from its address directly.',
      );
    }
    return undefined;
  }

  /** Called before each request: the URL itself, then every redirect. */
  nextHop(): void {
    this.hop++;
  }

  /** Throws the refusal for a URL whose host is an IP address (no name lookup happens for those). */
  checkLiteral(url: URL): void {
    const ip = url.hostname.replace(/^\[|\]$/g, '');
    if (isIP(ip) === 0) return;
    const refusal = this.check(url, ip);
    if (refusal) throw refusal;
  }

  /** A lookup for `url`'s request that resolves its name, then refuses it if any address is refused. */
  lookupFor(url: URL): LookupFunction {
    return (hostname, options, callback) => {
      dnsLookup(hostname, { ...options, all: true }, (err, addresses: LookupAddress[]) => {
        if (err) return callback(err, '');
        if (addresses.length === 0) {
          const none = Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' });
          return callback(none, '');
        }
        for (const a of addresses) {
          const refusal = this.check(url, a.address);
          if (refusal) return callback(refusal as NodeJS.ErrnoException, '');
        }
        if (options.all) return callback(null, addresses);
        return callback(null, addresses[0]!.address, addresses[0]!.family);
      });
    };
  }
}
