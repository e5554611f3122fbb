import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ExportError,
  exportFrames,
  exportTake,
  exportTrajectoriesJson,
  listPngSequence,
} from '../../src-main/services/export';
import type { ProjectData } from '../../src-main/services/projects';
import { makeProject } from './projectFixture';

const ffprobe = (createRequire(import.meta.url)('@ffprobe-installer/ffprobe') as { path: string }).path;
let dir: string;
let project: ProjectData;

interface Probe {
  width: number;
  height: number;
  fps: string;
  frames: number;
  codec: string;
  pixFmt: string;
}
async function probe(path: string): Promise<Probe> {
  const { stdout } = await promisify(execFile)(ffprobe, [
    '-v',
    'error',
    '-count_frames',
    '-select_streams',
    'v:0',
    '-show_entries',
    'stream=width,height,r_frame_rate,nb_read_frames,codec_name,pix_fmt',
    '-of',
    'json',
    path,
  ]);
  const s = (JSON.parse(stdout) as { streams: Record<string, string | number>[] }).streams[0]!;
  return {
    width: Number(s.width),
    height: Number(s.height),
    fps: String(s.r_frame_rate),
    frames: Number(s.nb_read_frames),
    codec: String(s.codec_name),
    pixFmt: String(s.pix_fmt),
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-export-'));
  // 47x63: odd sizes, so the even-size padding for yuv420p is exercised.
  project = await makeProject({ width: 47, height: 63, frames: 16 });
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('export with ffmpeg, checked with ffprobe', () => {
  it('MP4: H.264 yuv420p, even size, 16 frames at the take fps, progress reported', async () => {
    const progress: number[] = [];
    const out = join(dir, 'a.mp4');
    const r = await exportTake(project, 't1', {
      format: 'mp4',
      outPath: out,
      onProgress: (d) => progress.push(d),
    });
    expect(r).toMatchObject({ width: 48, height: 64 });
    expect(await probe(out)).toEqual({
      width: 48,
      height: 64,
      fps: '6/1',
      frames: 16,
      codec: 'h264',
      pixFmt: 'yuv420p',
    });
    expect(progress.at(-1)).toBe(16);
    expect(await readdir(dir)).toEqual(['a.mp4']);
  });

  it('WebM: VP9 with a 2x lanczos upscale', async () => {
    const out = join(dir, 'b.webm');
    await exportTake(project, 't1', { format: 'webm', scale: 2, outPath: out });
    expect(await probe(out)).toMatchObject({
      width: 94,
      height: 126,
      fps: '6/1',
      frames: 16,
      codec: 'vp9',
      pixFmt: 'yuv420p',
    });
  });

  it('GIF: palette, exact size, 16 frames', async () => {
    const out = join(dir, 'c.gif');
    await exportTake(project, 't1', { format: 'gif', outPath: out });
    const p = await probe(out);
    expect(p).toMatchObject({ width: 47, height: 63, frames: 16, codec: 'gif' });
    expect(p.fps).toBe('6/1');
  });

  it('PNG sequence: one file per frame at 3x', async () => {
    const out = join(dir, 'seq');
    await exportTake(project, 't1', { format: 'png', scale: 3, outPath: out });
    const files = await listPngSequence(out);
    expect(files).toHaveLength(16);
    expect(files[0]).toBe('frame_00000.png');
    expect(await probe(join(out, files[15]!))).toMatchObject({ width: 141, height: 189 });
  });

  it('cancel kills ffmpeg and leaves no output', async () => {
    const ac = new AbortController();
    const out = join(dir, 'cancel.mp4');
    const before = await readdir(dir);
    const big = new Uint8Array(640 * 480 * 3);
    const p = exportFrames({
      format: 'mp4',
      width: 640,
      height: 480,
      fps: 24,
      scale: 1,
      frameCount: 2000,
      outPath: out,
      signal: ac.signal,
      readFrame: async (i) => {
        if (i === 40) ac.abort();
        return big.fill(i & 255);
      },
    });
    await expect(p).rejects.toMatchObject({ name: 'ExportError', code: 'cancelled' });
    expect(await readdir(dir)).toEqual(before);
  });

  it('bad input is an ExportError and leaves no output', async () => {
    const out = join(dir, 'bad.mp4');
    const before = await readdir(dir);
    await expect(
      exportFrames({
        format: 'mp4',
        width: 4,
        height: 4,
        fps: 6,
        scale: 1,
        frameCount: 2,
        outPath: out,
        readFrame: async () => new Uint8Array(5),
      }),
    ).rejects.toBeInstanceOf(ExportError);
    await expect(
      exportTake(project, 't1', { format: 'mp4', scale: 1.5, outPath: out }),
    ).rejects.toBeInstanceOf(ExportError);
    expect(await readdir(dir)).toEqual(before);
  });

  it('trajectories and control keypoints as JSON', async () => {
    const out = join(dir, 'traj.json');
    await exportTrajectoriesJson(project.doc, out, { width: 47, height: 63, frames: [[[10, 20, 1, 3]], []] });
    const j = JSON.parse(await readFile(out, 'utf8')) as {
      objects: { instanceId: number; trajectory: unknown }[];
      control: { keypoints: unknown };
    };
    expect(j.objects[0]).toMatchObject({ instanceId: 1, trajectory: project.doc.objects[0]!.trajectory });
    expect(j.control.keypoints).toEqual([[[10, 20, 1, 3]], []]);
  });
});
