import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { modelsCommand, modelsProgressLine } from '../../src-main/cli/models';
import { onnxBody, sha256, startServer } from './models-support';

let tmp: string;
let stdout: string;
let stderr: string;

beforeEach(async () => {
  tmp = await mkdtemp(join(tmpdir(), 'levitor-cli-'));
  stdout = '';
  stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((stderr += String(s)), true));
});
afterEach(async () => {
  vi.restoreAllMocks();
  await rm(tmp, { recursive: true, force: true });
});

const cli = (...args: string[]) => modelsCommand([...args, '--models-dir', join(tmp, 'models')]);

describe('levitor models', () => {
  it('install, list, default, verify, remove', async () => {
    const src = join(tmp, 'dav2');
    await mkdir(src);
    await writeFile(join(src, 'model.onnx'), onnxBody(5000));
    expect(await cli('install', src, '--contract', 'depth-anything-v2-transformersjs', '--id', 'dav2')).toBe(
      0,
    );
    expect(stdout).toMatch(/installed dav2 \(depth, depth-anything-v2-transformersjs, 5\.0 kB\)/);
    expect(await cli('default', 'depth', 'dav2')).toBe(0);
    stdout = '';
    expect(await cli('list')).toBe(0);
    expect(stdout).toMatch(/^\* dav2\s+depth\s+5\.0 kB\s+NOASSERTION/m);
    expect(await cli('verify', 'dav2')).toBe(0);
    expect(stdout).toMatch(/all files verified/);
    await writeFile(join(tmp, 'models', 'dav2', 'files', 'model.onnx'), 'x');
    expect(await cli('verify', 'dav2')).toBe(3);
    expect(stdout).toMatch(/wrong-size\s+model\.onnx/);
    expect(await cli('repair', 'dav2')).toBe(2); // a local install has no URL to repair from
    expect(stderr).toMatch(/no download URL/);
    expect(await cli('remove', 'dav2')).toBe(0);
    stdout = '';
    await cli('list');
    expect(stdout).toMatch(/no models installed/);
  });

  it('installs from a server on this computer (the person typed it), saying plain http is unprotected', async () => {
    const server = await startServer();
    try {
      const body = onnxBody(5000);
      server.routes.set('/m.onnx', { body });
      const c = ['--contract', 'depth-anything-v2-transformersjs'];
      expect(await cli('install', `${server.base}/m.onnx`, ...c, '--id', 'a')).toBe(0);
      expect(stderr).toMatch(
        /note: http:\/\/127\.0\.0\.1:\d+\/m\.onnx is plain http: the file is not protected in transit/,
      );
      stderr = '';
      expect(await cli('install', `${server.base}/m.onnx`, ...c, '--id', 'b', '--sha256', sha256(body))).toBe(
        0,
      );
      expect(stderr).not.toMatch(/not protected/);
    } finally {
      await server.close();
    }
  });

  it('refuses bad arguments with exit code 2 and shows the catalogue with the first-download note', async () => {
    expect(await cli('install')).toBe(2);
    expect(await cli('install', join(tmp, 'nope'))).toBe(2);
    expect(await cli('frobnicate')).toBe(2);
    expect(await cli('install', tmp, '--contract', 'sam3')).toBe(2);
    expect(await cli('install', 'sam2.1-hiera-tiny', '--from', tmp)).toBe(2);
    expect(stderr).toMatch(/only apply to levitor-svd-xt/);
    expect(await cli('install', 'levitor-svd-xt', '--size', '288by512')).toBe(2);
    expect(stderr).toMatch(/--size must be WIDTHxHEIGHT/);
    expect(await cli('catalogue')).toBe(0);
    expect(stdout).toMatch(/sam2\.1-hiera-tiny\s+segmentation\s+~111 MB\s+Apache-2\.0/);
    expect(stdout).toMatch(
      /levitor-svd-xt\s+video\s+~7\.2 GB\s+LicenseRef-Stability-AI-Community \(not redistributable\)/,
    );
    expect(stdout).toMatch(/verified on first download/);
  });

  it('draws a progress bar with size, speed and ETA', () => {
    const line = modelsProgressLine({
      jobId: 'j',
      phase: 'download',
      what: 'u',
      receivedBytes: 50e6,
      totalBytes: 100e6,
      bytesPerSecond: 10e6,
      etaSeconds: 5,
      done: false,
    });
    expect(line).toBe('download [############------------] 50 MB / 100 MB  10 MB/s  ETA 5s');
  });
});
