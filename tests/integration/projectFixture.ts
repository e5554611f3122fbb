import sharp from 'sharp';
import { frameEntryName, newProjectDocument } from '../../src-shared/project';
import type { ProjectData } from '../../src-main/services/projects';

async function png(
  width: number,
  height: number,
  fill: (x: number, y: number, c: number) => number,
  channels: 1 | 3,
): Promise<Uint8Array> {
  const raw = Buffer.alloc(width * height * channels);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++)
      for (let c = 0; c < channels; c++) raw[(y * width + x) * channels + c] = fill(x, y, c);
  return new Uint8Array(await sharp(raw, { raw: { width, height, channels } }).png().toBuffer());
}

/** A small but complete project: image, two masks, one auto segment, depth, one take of `frames` frames. */
export async function makeProject(
  opts: { width?: number; height?: number; frames?: number; padBytes?: number } = {},
): Promise<ProjectData> {
  const w = opts.width ?? 48;
  const h = opts.height ?? 64;
  const doc = newProjectDocument('fixture', { entry: 'image.png', width: w, height: h });
  const entries = new Map<string, Uint8Array>();
  entries.set('image.png', await png(w, h, (x, y, c) => (x * 5 + y * 3 + c * 70) & 255, 3));
  entries.set(
    'masks/obj1.png',
    await png(w, h, (x, y) => (x > 10 && x < 30 && y > 10 && y < 40 ? 255 : 0), 1),
  );
  entries.set('masks/obj2.png', await png(w, h, (_x, y) => (y > 50 ? 255 : 0), 1));
  entries.set('masks/auto000.png', await png(w, h, (x) => (x < 8 ? 255 : 0), 1));
  const depth = new Float32Array(w * h).map((_, i) => 0.2 + (0.8 * i) / (w * h));
  entries.set('depth/original.f32', new Uint8Array(depth.buffer));
  doc.depth.original = { entry: 'depth/original.f32', kind: 'z0', width: w, height: h };
  doc.objects.push(
    {
      id: 'o1',
      name: 'ball',
      colour: '#ff0000',
      kind: 'moving',
      visible: true,
      locked: false,
      mask: 'masks/obj1.png',
      prompts: { points: [{ x: 20, y: 25, label: 1 }], box: null },
      trajectory: {
        points: [
          { x: 20, y: 25, depth: 0.5 },
          { x: 30, y: 30, depth: 0.3, frame: 8 },
        ],
        timing: 'keyframed',
        easing: ['easeInOut'],
      },
    },
    {
      id: 'o2',
      name: 'floor',
      colour: '#00ff00',
      kind: 'static',
      visible: true,
      locked: true,
      mask: 'masks/obj2.png',
      prompts: { points: [], box: [0, 50, 47, 63] },
      trajectory: null,
    },
  );
  doc.autoSegments.push('masks/auto000.png');
  const frames = opts.frames ?? 4;
  for (let i = 0; i < frames; i++)
    entries.set(
      frameEntryName('takes/t1', i),
      await png(w, h, (x, y, c) => (x + y + i * 20 + c * 40) & 255, 3),
    );
  doc.takes.push({
    id: 't1',
    created: '2026-01-02T03:04:05.000Z',
    name: '',
    starred: false,
    settings: { ...doc.settings },
    seedUsed: 1234,
    frames: { dir: 'takes/t1', count: frames },
    video: null,
    fps: 6,
    width: w,
    height: h,
  });
  if (opts.padBytes) {
    // Incompressible bulk, so the saved file is about this large and is written in several pieces. (An
    // LCG step in plain float arithmetic loses its low bits and soon repeats: Math.imul keeps it exact.)
    const pad = new Uint8Array(opts.padBytes);
    let s = 12345;
    for (let i = 0; i < pad.length; i++) pad[i] = (s = (Math.imul(s, 1103515245) + 12345) >>> 0) >>> 24;
    // As a video take: a project holds only entries its document uses, within the sizes it allows.
    entries.set('takes/t2.webm', pad);
    doc.takes.push({
      ...doc.takes[0]!,
      id: 't2',
      frames: null,
      video: 'takes/t2.webm',
      width: 2048,
      height: 2048,
    });
  }
  return { doc, entries };
}
