import { describe, expect, it } from 'vitest';
import { redirectTarget, statusError, tokenAllowed } from './http';
import { hubTokenOrigins } from './service';

describe('tokenAllowed: the Hugging Face token goes to the hub over https only', () => {
  it('allows the hub origins and nothing else', () => {
    expect(tokenAllowed(new URL('https://huggingface.co/org/repo/resolve/main/model.onnx'))).toBe(true);
    expect(tokenAllowed(new URL('https://hf.co/org/repo/resolve/main/model.onnx'))).toBe(true);
    for (const url of [
      'http://huggingface.co/org/repo/resolve/main/model.onnx', // clear text
      'https://huggingface.co:8443/x', // another port is another server
      'https://cdn-lfs.huggingface.co/x', // the CDN gets signed URLs, not the token
      'https://huggingface.co.evil.example/x',
      'https://evil.example/huggingface.co/x',
      'https://user@evil.example/x',
      'ftp://huggingface.co/x',
    ]) {
      expect(tokenAllowed(new URL(url)), url).toBe(false);
    }
  });
});

describe('redirectTarget', () => {
  it('follows relative and cross-host redirects, never from https down to http or off http(s)', () => {
    const hub = new URL('https://huggingface.co/o/r/resolve/main/m.onnx');
    expect(redirectTarget('/api/resolve-cache/x', hub).href).toBe(
      'https://huggingface.co/api/resolve-cache/x',
    );
    expect(redirectTarget('https://cdn-lfs.hf.co/x?sig=1', hub).host).toBe('cdn-lfs.hf.co');
    expect(() => redirectTarget('http://cdn-lfs.hf.co/x', hub)).toThrow(/from https to plain http/);
    expect(() => redirectTarget('file:///etc/passwd', hub)).toThrow(/refusing redirect to file:/);
    expect(() => redirectTarget('http://[bad', hub)).toThrow(/not an address/);
    // a plain http start may go on over http or move up to https
    const lan = new URL('http://files.lan/m.onnx');
    expect(redirectTarget('http://nas.lan/m.onnx', lan).protocol).toBe('http:');
    expect(redirectTarget('https://files.lan/m.onnx', lan).protocol).toBe('https:');
  });
});

describe('statusError', () => {
  it('never repeats a signed URL (its query) in a message', () => {
    const url = 'https://cdn-lfs.hf.co/repos/x/model.onnx?X-Amz-Signature=deadbeef&Expires=1';
    for (const status of [401, 403, 404, 500, 418]) {
      const m = statusError(status, url, 'none').message;
      expect(m, String(status)).not.toMatch(/Signature|deadbeef/);
    }
    expect(statusError(404, url, 'none').message).toBe(
      '404 Not Found: https://cdn-lfs.hf.co/repos/x/model.onnx',
    );
  });
});

describe('hubTokenOrigins: a mirror named in $HF_ENDPOINT gets the token only over https or on loopback', () => {
  it('adds https mirrors and local http servers, never a remote http one', () => {
    const hub = ['https://huggingface.co', 'https://hf.co'];
    expect(hubTokenOrigins('https://huggingface.co')).toEqual(hub);
    expect(hubTokenOrigins('https://hf-mirror.example/')).toEqual([...hub, 'https://hf-mirror.example']);
    expect(hubTokenOrigins('http://127.0.0.1:8080')).toEqual([...hub, 'http://127.0.0.1:8080']);
    expect(hubTokenOrigins('http://localhost:9000/')).toEqual([...hub, 'http://localhost:9000']);
    expect(hubTokenOrigins('http://mirror.example')).toEqual(hub);
  });
});
