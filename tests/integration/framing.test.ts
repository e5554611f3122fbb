import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildControlScene } from '../../src-main/services/generation/scene';
import { generationInputRgb8 } from '../../src-main/services/images/decodeRgb';
import { buildPreviewScene } from '../../src-renderer/preview/buildScene';
import { decodeRle } from '../../src-shared/generation/rle';
import type { GenerationScene } from '../../src-shared/generation/ipc';
import { imageToFrame, placeFrame, type Framing } from '../../src-shared/image/framing';
import { sceneFor, startStudio, tinySettings, type Studio } from './generationFixture';

// The framing at pixel level through the real services: for each fit, the generation input (the image the
// queue hands to the video model, PIL-bilinear framed) shows the red square exactly where the framing rule
// puts it, and the control signal (the engine in the inference host, via the export channels) drives that
// same square: its frame-0 keypoints and object-id pixels lie on the square's pixels in the input.
let dir: string;
let studio: Studio;
let png: Buffer;

const W = 288;
const H = 512;
const framings: [string, Framing][] = [
  ['stretch', { fit: 'stretch', frame: { cx: 0.5, cy: 0.5, scale: 1 } }],
  ['crop, moved and scaled', { fit: 'crop', frame: { cx: 0.25, cy: 0.3, scale: 0.5 } }],
  ['letterbox', { fit: 'letterbox', frame: { cx: 0.5, cy: 0.5, scale: 1 } }],
];

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-framing-'));
  studio = startStudio(join(dir, 'models'));
  const scene = await sceneFor(studio);
  const asset = studio.services.assets.get(scene.imageId);
  if (!asset) throw new Error('the test image is not in the store');
  png = asset.bytes;
});
afterAll(async () => {
  await studio?.dispose();
  await rm(dir, { recursive: true, force: true });
});

const isRed = (rgb: Uint8Array, x: number, y: number): boolean => {
  const i = (y * W + x) * 3;
  return (rgb[i] as number) > 150 && (rgb[i + 1] as number) < 90;
};

describe('one framing for the generation input and the control signal', () => {
  it.each(framings)('%s', async (_name, framing) => {
    const scene: GenerationScene = { ...(await sceneFor(studio)), framing };
    const input = await generationInputRgb8(png, W, H, framing);
    // The square (image x 40..80, y 50..90 of 144x160) where the rule places it, to a pixel.
    const pl = placeFrame({ width: 144, height: 160 }, { width: W, height: H }, framing);
    const inFrame = (p: { x: number; y: number }) => ({
      x: Math.min(W, Math.max(0, p.x)),
      y: Math.min(H, Math.max(0, p.y)),
    });
    const a = inFrame(imageToFrame({ x: 40, y: 50 }, pl));
    const b = inFrame(imageToFrame({ x: 80, y: 90 }, pl));
    let minX = W;
    let minY = H;
    let maxX = -1;
    let maxY = -1;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        if (isRed(input, x, y)) {
          minX = Math.min(minX, x);
          maxX = Math.max(maxX, x);
          minY = Math.min(minY, y);
          maxY = Math.max(maxY, y);
        }
    // An upscaled edge is a ramp `zoom` pixels wide; the red threshold sits a little inside it.
    const tol = 1 + 0.25 * (pl.dst.w / pl.src.w);
    expect(Math.abs(minX - a.x)).toBeLessThanOrEqual(tol);
    expect(Math.abs(maxX + 1 - b.x)).toBeLessThanOrEqual(tol);
    expect(Math.abs(minY - a.y)).toBeLessThanOrEqual(tol);
    expect(Math.abs(maxY + 1 - b.y)).toBeLessThanOrEqual(tol);
    if (framing.fit === 'letterbox')
      expect([...input.subarray(0, W * 3 * pl.dst.y)].every((v) => v === 0)).toBe(true);

    const settings = tinySettings({ resolution: '288x512' });
    const json = join(dir, `${framing.fit}.json`);
    // The handle the export dialog gets for that name (services/files); main adds the extension.
    const out = (path: string) => studio.services.files.grant(path, 'export').handle;
    await studio.call('export:controlJson', { settings, scene, out: out(json) });
    const body = JSON.parse(await readFile(json, 'utf8')) as { control: { keypoints: number[][][] } };
    const own = (body.control.keypoints[0] ?? []).filter((k) => k[2] === 1);
    expect(own.length).toBeGreaterThan(0);
    for (const [row, col] of own) expect(isRed(input, col as number, row as number)).toBe(true);

    const seq = join(dir, `${framing.fit}_frames`);
    await studio.call('export:controlFrames', {
      exportId: framing.fit,
      settings,
      scene,
      format: 'png',
      scale: 1,
      out: out(seq),
    });
    const first = join(seq, (await readdir(seq)).sort()[0] ?? '');
    const { data, info } = await sharp(first).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([W, H]);
    let ids = 0;
    let onSquare = 0;
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++)
        if (data[(y * W + x) * info.channels + 1] === 1) {
          ids++;
          if (isRed(input, x, y)) onSquare++;
        }
    expect(ids).toBeGreaterThan(0);
    expect(onSquare / ids).toBeGreaterThan(0.9); // the splat's rim may reach a pixel past the square
  });

  it.each(framings)(
    'the live preview builds the scene the generation builds (%s)',
    async (_name, framing) => {
      const scene: GenerationScene = { ...(await sceneFor(studio)), framing };
      const settings = tinySettings({ resolution: '288x512' });
      const gen = buildControlScene(scene, { width: W, height: H, frames: 4, pointsRatio: 1 }).scene;
      const o = scene.objects[0]!;
      const d = scene.depth!;
      const preview = buildPreviewScene({
        image: { width: scene.imageWidth, height: scene.imageHeight },
        objects: [{ ...o, colour: '#ff0000', locked: false, prompts: { points: [], box: null } }],
        masks: { [o.id]: { width: o.mask!.width, height: o.mask!.height, data: decodeRle(o.mask!) } },
        depth: {
          width: d.width,
          height: d.height,
          data: d.data!,
        },
        autoMasks: [],
        settings,
        framing,
      })!.scene;
      expect(preview.objects[0]!.trajectory).toEqual(gen.objects[0]!.trajectory);
      expect(Buffer.from(preview.objects[0]!.mask).equals(Buffer.from(gen.objects[0]!.mask))).toBe(true);
      expect(Buffer.from(preview.depth.data.buffer).equals(Buffer.from(gen.depth.data.buffer))).toBe(true);
    },
  );

  it('the framings put the square in different places (the test sees the framing)', async () => {
    const boxes = await Promise.all(
      framings.map(async ([, f]) => {
        const input = await generationInputRgb8(png, W, H, f);
        let first = -1;
        for (let i = 0; i < W * H && first < 0; i++) if (isRed(input, i % W, Math.floor(i / W))) first = i;
        return first;
      }),
    );
    expect(new Set(boxes).size).toBe(3);
  });
});
