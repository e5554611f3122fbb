import { mkdir, mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportFrames, listPngSequence, type ExportRequest } from '../../src-main/services/export';

// Names the user picks may hold ffmpeg's own syntax: % (image2 frame patterns), ':' (protocol prefixes).
// The real ffmpeg must see none of it: it writes into a folder the export owns, under names the export builds.
const HOSTILE = ['100%d', 'a%05d%s', 'file:x', 'concat:y', 'pct%%'];
let root: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'levitor-export-names-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function request(format: ExportRequest['format'], outPath: string): ExportRequest {
  return {
    format,
    width: 8,
    height: 6,
    fps: 6,
    scale: 1,
    frameCount: 3,
    outPath,
    readFrame: async (i) => new Uint8Array(8 * 6 * 3).fill(40 * i),
  };
}

describe('export names with ffmpeg pattern characters', () => {
  it.each(HOSTILE)(
    'PNG sequence named %s, in a folder named the same, holds exactly its frames',
    async (n) => {
      const parent = join(root, `png-${n}`);
      await mkdir(parent);
      const out = join(parent, n);
      await exportFrames(request('png', out));
      expect(await listPngSequence(out)).toEqual(['frame_00000.png', 'frame_00001.png', 'frame_00002.png']);
      expect(await readdir(out)).toHaveLength(3);
      expect(await readdir(parent)).toEqual([n]);
    },
  );

  it.each(HOSTILE)('video named %s.mp4 / .gif lands under that very name', async (n) => {
    const parent = join(root, `vid-${n}`);
    await mkdir(parent);
    for (const format of ['mp4', 'gif'] as const) {
      const out = join(parent, `${n}.${format}`);
      await exportFrames(request(format, out));
      expect((await stat(out)).size).toBeGreaterThan(0);
    }
    expect((await readdir(parent)).sort()).toEqual([`${n}.gif`, `${n}.mp4`]);
  });
});
