import { z } from 'zod';

/** Where the studio sends generations: a Triton server's gRPC endpoint and optional request headers. */
export const remoteServerSchema = z.object({
  url: z.string().trim().min(1).max(2048),
  /** e.g. { Authorization: 'Bearer ...' } for a TLS reverse proxy; values are secrets (never logged). */
  headers: z.record(z.string(), z.string().max(8192)).default({}),
});
export type RemoteServer = z.infer<typeof remoteServerSchema>;

export interface ServerAddress {
  /** host:port as grpc-js wants it */
  target: string;
  tls: boolean;
  /** What messages show: scheme, host and port only (never a header). */
  display: string;
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
// What gRPC metadata can carry (grpc-js refuses anything else with an error that quotes the value, so
// the check is made here first, with a message that never does): names of letters, digits, `_ . -`,
// not `-bin` (binary values); values of printable ASCII.
const HEADER_NAME = /^[a-z0-9_.-]+$/i;
const HEADER_VALUE = /^[\x20-\x7e]*$/;
// Set by grpc-js or HTTP/2 itself; a user header of these names would break the call.
const RESERVED = new Set(['content-type', 'te', 'host', 'user-agent', 'grpc-timeout', 'grpc-encoding']);

export class RemoteConfigError extends Error {
  override readonly name = 'RemoteConfigError';
}

/**
 * grpc://host:port and http://host:port: plain; grpcs:// and https://: TLS (default port 443; plain
 * default 8001, Triton's gRPC port). A bare host:port is plain. No path: gRPC routes by service name.
 */
export function parseServerUrl(raw: string): ServerAddress {
  const text = raw.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(text) ? text : `grpc://${text}`;
  let u: URL;
  try {
    u = new URL(withScheme);
  } catch {
    throw new RemoteConfigError(
      `"${raw}" is not a server address; write e.g. grpc://gpu-box:8001 or https://triton.example.com`,
    );
  }
  const scheme = u.protocol.replace(/:$/, '').toLowerCase();
  if (!['grpc', 'grpcs', 'http', 'https'].includes(scheme))
    throw new RemoteConfigError(`${scheme}:// is not supported; use grpc://, grpcs://, http:// or https://`);
  if (u.username || u.password)
    throw new RemoteConfigError('Put credentials in a header (Authorization), not in the address.');
  if (u.pathname !== '/' && u.pathname !== '')
    throw new RemoteConfigError(
      `The address must not have a path (${u.pathname}): gRPC routes by service name.`,
    );
  if (!u.hostname) throw new RemoteConfigError(`"${raw}" names no host.`);
  const tls = scheme === 'grpcs' || scheme === 'https';
  const port = u.port || (tls ? '443' : '8001');
  const target = `${u.hostname}:${port}`;
  return { target, tls, display: `${tls ? 'grpcs' : 'grpc'}://${target}` };
}

/** Header names/values a gRPC call can carry; a token over plain text leaves loopback only through TLS. */
export function checkHeaders(headers: Record<string, string>, addr: ServerAddress): void {
  for (const [name, value] of Object.entries(headers)) {
    const shown = JSON.stringify(name.slice(0, 100));
    if (!HEADER_NAME.test(name) || /-bin$/i.test(name) || RESERVED.has(name.toLowerCase()))
      throw new RemoteConfigError(
        `${shown} cannot be used as a request header (letters, digits, "_", "." and "-" only).`,
      );
    if (/[\r\n\0]/.test(value)) throw new RemoteConfigError(`The value of header ${shown} has a line break.`);
    if (!HEADER_VALUE.test(value))
      throw new RemoteConfigError(
        `The value of header ${shown} has a character a request header cannot carry (printable ASCII ` +
          'only; the value is not shown here). Check it was copied whole.',
      );
  }
  const host = addr.target.slice(0, addr.target.lastIndexOf(':'));
  if (Object.keys(headers).length > 0 && !addr.tls && !LOOPBACK.has(host))
    throw new RemoteConfigError(
      `Headers (tokens) are sent only over TLS: use https:// or grpcs:// for ${addr.display}, ` +
        'or remove the headers.',
    );
}

/** Whether two addresses name the same server (host, port and TLS); false when either does not parse. */
export function sameServer(a: string, b: string): boolean {
  try {
    const x = parseServerUrl(a);
    const y = parseServerUrl(b);
    return x.target === y.target && x.tls === y.tls;
  } catch {
    return false;
  }
}
