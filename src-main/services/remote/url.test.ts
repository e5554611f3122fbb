import { describe, expect, it } from 'vitest';
import { checkHeaders, parseServerUrl } from './url';

describe('server addresses', () => {
  it('reads the scheme as plain or TLS and fills the default port', () => {
    expect(parseServerUrl('grpc://gpu-box:9001')).toMatchObject({ target: 'gpu-box:9001', tls: false });
    expect(parseServerUrl('gpu-box')).toMatchObject({ target: 'gpu-box:8001', tls: false });
    expect(parseServerUrl('https://triton.example.com')).toMatchObject({
      target: 'triton.example.com:443',
      tls: true,
      display: 'grpcs://triton.example.com:443',
    });
    expect(parseServerUrl(' grpcs://10.0.0.5:8443 ')).toMatchObject({ target: '10.0.0.5:8443', tls: true });
  });

  it('refuses what gRPC cannot use, saying why', () => {
    expect(() => parseServerUrl('ftp://x')).toThrow(/not supported/);
    expect(() => parseServerUrl('https://x/triton')).toThrow(/path/);
    expect(() => parseServerUrl('https://user:pw@x')).toThrow(/header/);
    expect(() => parseServerUrl('http://')).toThrow();
  });

  it('sends tokens only over TLS or on loopback, and refuses broken headers', () => {
    const token = { Authorization: 'Bearer s3cret' };
    expect(() => checkHeaders(token, parseServerUrl('grpc://gpu-box:8001'))).toThrow(/only over TLS/);
    expect(() => checkHeaders(token, parseServerUrl('https://gpu-box'))).not.toThrow();
    expect(() => checkHeaders(token, parseServerUrl('grpc://127.0.0.1:8001'))).not.toThrow();
    expect(() => checkHeaders({ 'X-A': 'a\r\nb' }, parseServerUrl('https://h'))).toThrow(/line break/);
    expect(() => checkHeaders({ 'content-type': 'x' }, parseServerUrl('https://h'))).toThrow(
      /cannot be used/,
    );
    try {
      checkHeaders(token, parseServerUrl('grpc://gpu-box'));
    } catch (e) {
      expect((e as Error).message).not.toContain('s3cret');
    }
  });
});
