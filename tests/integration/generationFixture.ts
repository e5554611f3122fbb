import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import sharp from 'sharp';
import { forkLauncher, InferenceClient } from '../../src-main/inference/client';
import type { GenerationJob, GenerationScene } from '../../src-shared/generation/ipc';
import { encodeRle } from '../../src-shared/generation/rle';
import { defaultSettings, type GenerationSettings } from '../../src-shared/project/schema';
import { studioWith, type TinyStudio } from '../support/installTinyModels';

const ENTRY = resolve(import.meta.dirname, '../../out/main/inferenceHost.js');

export interface Studio extends TinyStudio {
  jobEvents(id: string): GenerationJob[];
}

/** createStudioServices with the real (built) inference host, as the browser host wires it. */
export function startStudio(modelsDir: string): Studio {
  if (!existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npm run build\` first`);
  const studio = studioWith(new InferenceClient({ launch: forkLauncher(ENTRY) }), modelsDir);
  return {
    ...studio,
    jobEvents: (id) =>
      studio.events
        .filter((e) => e.channel === 'generation:job' && (e.payload as GenerationJob).id === id)
        .map((e) => e.payload as GenerationJob),
  };
}

/** A 144x160 picture with a red square (the moving object) on a blue/green gradient; image id in the store. */
export function sceneFor(
  studio: Studio,
  framing: GenerationScene['framing'] = { fit: 'stretch', frame: { cx: 0.5, cy: 0.5, scale: 1 } },
): Promise<GenerationScene> {
  return squareScene((name, bytes) => studio.services.importBytes({ name, bytes }), framing);
}

/** The same scene, its picture imported by `importBytes` (image:importBytes over any transport). */
export async function squareScene(
  importBytes: (name: string, bytes: Uint8Array) => Promise<{ imageId: string }>,
  framing: GenerationScene['framing'] = { fit: 'stretch', frame: { cx: 0.5, cy: 0.5, scale: 1 } },
): Promise<GenerationScene> {
  const W = 144;
  const H = 160;
  const rgb = Buffer.alloc(W * H * 3);
  const mask = new Uint8Array(W * H);
  for (let y = 0; y < H; y++)
    for (let x = 0; x < W; x++) {
      const inside = x >= 40 && x < 80 && y >= 50 && y < 90;
      rgb.set(
        inside ? [220, 30, 30] : [20, Math.round((x * 255) / W), Math.round((y * 255) / H)],
        3 * (y * W + x),
      );
      if (inside) mask[y * W + x] = 255;
    }
  const png = await sharp(rgb, { raw: { width: W, height: H, channels: 3 } })
    .png()
    .toBuffer();
  const image = await importBytes('square.png', png);
  const depth = new Float32Array(W * H).map((_, i) => 0.2 + (0.6 * Math.floor(i / W)) / H);
  return {
    imageId: image.imageId,
    imageWidth: W,
    imageHeight: H,
    framing,
    objects: [
      {
        id: 'o1',
        name: 'Square',
        kind: 'moving',
        visible: true,
        mask: encodeRle(mask, W, H),
        trajectory: {
          points: [
            { x: 60, y: 70, depth: 0.5 },
            { x: 100, y: 90, depth: 0.4 },
          ],
          timing: 'uniform',
          easing: [],
        },
      },
    ],
    autoMasks: [],
    depth: { kind: 'z0', width: W, height: H, data: depth },
  };
}

/** Opens a new project in main on the scene's image (as the studio does) and returns its id. */
export async function openProjectFor(studio: Studio, scene: GenerationScene): Promise<string> {
  const snap = await studio.call<{ doc: { id: string } }>('project:newFromImage', {
    imageId: scene.imageId,
    name: 'square',
  });
  return snap.doc.id;
}

export const tinySettings = (over: Partial<GenerationSettings> = {}): GenerationSettings => ({
  ...defaultSettings,
  steps: 3,
  frames: 4,
  seed: 1234,
  seedLocked: true,
  ...over,
});

/** Polls the queue until the job leaves queued/running. */
export async function waitForJob(studio: Studio, id: string, timeoutMs = 90_000): Promise<GenerationJob> {
  const t0 = Date.now();
  for (;;) {
    const job = studio.services.generation.queue.list().find((j) => j.id === id);
    if (!job) throw new Error(`job ${id} vanished`);
    if (job.status !== 'queued' && job.status !== 'running') return job;
    if (Date.now() - t0 > timeoutMs) throw new Error(`job ${id} still ${job.status} after ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
