import { describe, expect, it } from 'vitest';
import { tokenAllowed } from './http';

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
