import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { controlCommand } from '../../src-main/cli/control';
import { bundleChild } from '../support/bundleChild';
import { runLimited } from './support/runLimited';

const scene = join(__dirname, '..', 'fixtures', 'control', 'ratio-half', 'scene.json');
let dir: string;
let childJs: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-control-full-'));
  childJs = await bundleChild('tests/integration/controlChild.ts');
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('levitor control on a full disk', () => {
  it('keeps the previous run whole: no output is left cut at the limit, the error names the file', async () => {
    const out = join(dir, 'out');
    // A first run with 4 frames: control.f32 is 4 x 3 x 256 x 144 x 4 bytes (1.7 MiB).
    const stderr = process.stderr.write;
    process.stderr.write = () => true;
    try {
      expect(await controlCommand([scene, '--out', out, '--frames', '4'])).toBe(0);
    } finally {
      process.stderr.write = stderr;
    }
    const before = await readFile(join(out, 'control.f32'));
    expect(before.length).toBe(4 * 3 * 256 * 144 * 4);
    // The second run (16 frames, 7 MiB) cannot write more than 1 MiB a file.
    const r = await runLimited(1024, childJs, [scene, '--out', out]);
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toMatch(/control\.f32 could not be written: the disk is full or the file is too large/);
    expect(r.stderr).toMatch(/previous file was left as it was/);
    expect((await readFile(join(out, 'control.f32'))).equals(before)).toBe(true);
    expect(JSON.parse(await readFile(join(out, 'control.json'), 'utf8'))).toMatchObject({
      shape: [4, 3, 256, 144],
    });
    expect((await readdir(out)).filter((n) => n.startsWith('.'))).toEqual([]);
  }, 60_000);
});
