import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import {
  engineControl,
  parseRenderArgs,
  progressLine,
  renderCommand,
  renderVideo,
} from '../../src-main/cli/render';
import { SVD_TINY_PACK, loadSvdGoldens } from '../golden/svdGoldens';

const require = createRequire(import.meta.url);
const ffprobe = (require('@ffprobe-installer/ffprobe') as { path: string }).path;
const dir = mkdtempSync(join(tmpdir(), 'svd-render-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('levitor render (tiny pack, real ffmpeg)', () => {
  it('renders a scene to an MP4 with one frame per generated frame', async () => {
    const gold = loadSvdGoldens();
    const W = 72;
    const H = 80;
    const rgb = Buffer.alloc(W * H * 3);
    for (let i = 0; i < W * H; i++) rgb.set([(i * 7) % 256, (i * 3) % 256, 128], 3 * i);
    await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
      .png()
      .toFile(join(dir, 'image.png'));
    writeFileSync(
      join(dir, 'scene.json'),
      JSON.stringify({
        format: 'levitor-scene',
        version: 1,
        width: W,
        height: H,
        frames: 4,
        image: 'image.png',
        depth: { kind: 'z0', file: 'depth.f32' }, // not read: the control comes from --control
        objects: [],
      }),
    );
    const control = gold.get('control');
    writeFileSync(
      join(dir, 'control.f32'),
      Buffer.from(control.buffer, control.byteOffset, control.byteLength),
    );
    const lines: string[] = [];
    const opts = parseRenderArgs([
      join(dir, 'scene.json'),
      '--pack',
      SVD_TINY_PACK,
      '--out',
      join(dir, 'out.mp4'),
      '--control',
      join(dir, 'control.f32'),
      '--steps',
      '3',
      '--seed',
      '9',
    ]);
    const r = await renderVideo({ ...opts, onProgress: (p) => lines.push(progressLine(p)) });
    expect(r.frames).toBe(4);
    const probe = JSON.parse(
      execFileSync(ffprobe, [
        '-v',
        'error',
        '-count_frames',
        '-select_streams',
        'v:0',
        '-show_entries',
        'stream=width,height,nb_read_frames,codec_name',
        '-of',
        'json',
        join(dir, 'out.mp4'),
      ]).toString(),
    ) as { streams: { width: number; height: number; nb_read_frames: string; codec_name: string }[] };
    expect(probe.streams[0]).toMatchObject({
      width: 72,
      height: 80,
      nb_read_frames: '4',
      codec_name: 'h264',
    });
    expect(lines.some((l) => l.startsWith('denoise') && l.includes('3/3'))).toBe(true);
  });

  it('computes the control with the control engine from the scene folder', async () => {
    const W = 72;
    const H = 80;
    const sceneDir = join(dir, 'engine');
    mkdirSync(join(sceneDir, 'masks'), { recursive: true });
    const depth = new Float32Array(W * H).map((_, i) => 1 + (Math.floor(i / W) / H) * 4); // disparity, nearer below
    writeFileSync(join(sceneDir, 'depth.f32'), Buffer.from(depth.buffer));
    const mask = Buffer.alloc(W * H);
    for (let y = 30; y < 50; y++) mask.fill(255, y * W + 20, y * W + 40);
    await sharp(mask, { raw: { width: W, height: H, channels: 1 } })
      .png()
      .toFile(join(sceneDir, 'masks/object0.png'));
    await sharp(Buffer.alloc(W * H * 3, 120), { raw: { width: W, height: H, channels: 3 } })
      .png()
      .toFile(join(sceneDir, 'image.png'));
    const trajectory = [
      { x: 30, y: 40, depth: 0.4 },
      { x: 50, y: 35, depth: 0.5 },
    ];
    writeFileSync(
      join(sceneDir, 'scene.json'),
      JSON.stringify({
        format: 'levitor-scene',
        version: 1,
        width: W,
        height: H,
        frames: 4,
        depth: { kind: 'disparity', file: 'depth.f32' },
        objects: [
          // at 72x80 the splat radius is under a pixel, so the mover leaves few id pixels; the static
          // object keeps its whole mask and gives K-means keypoints every frame
          { name: 'wall', mask: 'masks/object0.png', kind: 'static' },
          { name: 'box', mask: 'masks/object0.png', kind: 'moving', trajectory },
        ],
        image: 'image.png',
      }),
    );
    const seen: Float32Array[] = [];
    const opts = parseRenderArgs([
      join(sceneDir, 'scene.json'),
      '--pack',
      SVD_TINY_PACK,
      '--out',
      join(sceneDir, 'out.mp4'),
      '--steps',
      '2',
    ]);
    const r = await renderVideo({
      ...opts,
      controlSource: async (path, size, ratio) => {
        const c = await engineControl(path, size, ratio);
        seen.push(c);
        return c;
      },
    });
    expect(r.frames).toBe(4);
    expect(seen[0]?.length).toBe(4 * 3 * H * W);
    expect(Math.max(...(seen[0] ?? []))).toBeGreaterThan(200); // heatmap peaks (channel 0, up to 255)
  });

  it('frames a scene of another size into the pack as the studio does, and says so', async () => {
    // The engine scene above at twice the size (every pixel 2x2, points doubled): brought back to the
    // pack's 72x80 by the studio's framing rule (same aspect: the centred crop is the whole picture) it is
    // that scene.
    const src = join(dir, 'engine');
    const big = join(dir, 'engine2x');
    mkdirSync(join(big, 'masks'), { recursive: true });
    const file = JSON.parse(readFileSync(join(src, 'scene.json'), 'utf8')) as {
      width: number;
      height: number;
      objects: { trajectory?: { x: number; y: number; depth: number }[] }[];
    };
    const [W, H] = [file.width, file.height];
    const up = <T extends Float32Array | Uint8Array>(a: T, out: T): T => {
      for (let y = 0; y < 2 * H; y++)
        for (let x = 0; x < 2 * W; x++) out[y * 2 * W + x] = a[(y >> 1) * W + (x >> 1)] as number;
      return out;
    };
    const depth = new Float32Array(readFileSync(join(src, 'depth.f32')).buffer.slice(0));
    writeFileSync(join(big, 'depth.f32'), Buffer.from(up(depth, new Float32Array(4 * W * H)).buffer));
    const mask = await sharp(join(src, 'masks/object0.png')).extractChannel(0).raw().toBuffer();
    await sharp(Buffer.from(up(new Uint8Array(mask), new Uint8Array(4 * W * H))), {
      raw: { width: 2 * W, height: 2 * H, channels: 1 },
    })
      .png()
      .toFile(join(big, 'masks/object0.png'));
    const doubled = {
      ...file,
      width: 2 * W,
      height: 2 * H,
      objects: file.objects.map((o) =>
        o.trajectory ? { ...o, trajectory: o.trajectory.map((p) => ({ ...p, x: 2 * p.x, y: 2 * p.y })) } : o,
      ),
    };
    writeFileSync(join(big, 'scene.json'), JSON.stringify(doubled));
    const size = { width: W, height: H, frames: 4 };
    const said: string[] = [];
    const write = vi.spyOn(process.stderr, 'write').mockImplementation((chunk) => {
      said.push(String(chunk));
      return true;
    });
    try {
      const fitted = await engineControl(big, size); // the folder, not its scene.json
      expect(said.join('')).toMatch(/scene is 144x160 and the pack renders 72x80: the picture was cropped/);
      const direct = await engineControl(join(src, 'scene.json'), size);
      expect(Buffer.from(fitted.buffer).equals(Buffer.from(direct.buffer))).toBe(true);
    } finally {
      write.mockRestore();
    }
  });

  it('returns exit codes: 0 for help, 2 for bad arguments or a missing scene, 1 for a failed render', async () => {
    expect(await renderCommand(['--help'])).toBe(0);
    expect(await renderCommand(['only-a-scene.json'])).toBe(2);
    expect(
      await renderCommand([join(dir, 'missing.json'), '--pack', SVD_TINY_PACK, '--out', join(dir, 'y.mp4')]),
    ).toBe(2);
    expect(
      await renderCommand([join(dir, 'engine'), '--pack', join(dir, 'no-pack'), '--out', join(dir, 'y.mp4')]),
    ).toBe(1);
  });

  it('parses options and rejects unknown ones', () => {
    expect(() => parseRenderArgs(['s.json', '--pack', 'p'])).toThrow(/levitor render/);
    expect(() => parseRenderArgs(['s.json', '--pack', 'p', '--out', 'o.mp4', '--bogus', '1'])).toThrow(
      /unknown option/,
    );
    expect(
      parseRenderArgs(['s.json', '--pack', 'p', '--out', 'o.mp4', '--motion-bucket', '127']).params
        ?.motionBucketId,
    ).toBe(127);
    expect(parseRenderArgs(['s.json', '--pack', 'p', '--out', 'o.mp4', '--fit', 'letterbox']).fit).toBe(
      'letterbox',
    );
    expect(() => parseRenderArgs(['s.json', '--pack', 'p', '--out', 'o.mp4', '--fit', 'wide'])).toThrow(
      /--fit must be crop, letterbox or stretch/,
    );
  });
});
