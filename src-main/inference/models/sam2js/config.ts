import { BoundedReadError, readBounded } from '../../../services/fs/readBounded';
import { z } from 'zod';
import type { PixelNorm } from '../samv1/pre';

/**
 * The parts of a transformers.js `preprocessor_config.json` that decide the encoder's input geometry. SAM2.1
 * repos declare `size: {height:1024, width:1024}` (stretch, as SAM2ImagePredictor); older ones
 * `size: {longest_edge:1024}` + `pad_size` (resize the longest side, zero-pad right/bottom, as SAM v1).
 * Unknown keys are ignored; a config that says something else is refused rather than guessed.
 */
const Triple = z.tuple([z.number(), z.number(), z.number()]);
const Config = z.object({
  do_resize: z.boolean().optional(),
  size: z
    .union([
      z.object({ height: z.number(), width: z.number() }),
      z.object({ longest_edge: z.number() }),
      z.object({ shortest_edge: z.number() }),
    ])
    .optional(),
  do_pad: z.boolean().optional(),
  pad_size: z.object({ height: z.number(), width: z.number() }).optional(),
  do_rescale: z.boolean().optional(),
  rescale_factor: z.number().optional(),
  do_normalize: z.boolean().optional(),
  image_mean: z.union([Triple, z.number()]).optional(),
  image_std: z.union([Triple, z.number()]).optional(),
});

export interface Sam2JsGeometry {
  /** stretch: non-uniform resize to 1024x1024; pad: longest side to 1024, zero pad. */
  mode: 'stretch' | 'pad';
  norm: PixelNorm;
}

const IMAGENET: PixelNorm = { rescale: 1 / 255, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] };
/** No config installed: the SAM2.1 repos' own values (stretch, ImageNet statistics). */
export const DEFAULT_GEOMETRY: Sam2JsGeometry = { mode: 'stretch', norm: IMAGENET };

const triple = (v: number | [number, number, number]): [number, number, number] =>
  typeof v === 'number' ? [v, v, v] : v;

export function parseGeometry(json: unknown, label = 'preprocessor_config.json'): Sam2JsGeometry {
  const r = Config.safeParse(json);
  if (!r.success)
    throw new Error(`${label}: not a SAM image processor config (${r.error.issues[0]?.message})`);
  const c = r.data;
  const size = c.size;
  let mode: Sam2JsGeometry['mode'] = 'stretch';
  if (size && 'longest_edge' in size) {
    mode = 'pad';
    if (
      size.longest_edge !== 1024 ||
      (c.pad_size && (c.pad_size.height !== 1024 || c.pad_size.width !== 1024))
    )
      throw new Error(`${label}: expected longest_edge 1024 padded to 1024x1024, found ${JSON.stringify(c)}`);
  } else if (size && 'height' in size) {
    if (size.height !== 1024 || size.width !== 1024)
      throw new Error(`${label}: expected size 1024x1024, found ${size.width}x${size.height}`);
  } else if (size) {
    throw new Error(`${label}: a shortest_edge resize does not fit the 1024x1024 SAM2 encoder`);
  }
  const rescale = c.do_rescale === false ? 1 : (c.rescale_factor ?? 1 / 255);
  const norm: PixelNorm =
    c.do_normalize === false
      ? { rescale, mean: [0, 0, 0], std: [1, 1, 1] }
      : {
          rescale,
          mean: triple(c.image_mean ?? (IMAGENET.mean.slice() as [number, number, number])),
          std: triple(c.image_std ?? (IMAGENET.std.slice() as [number, number, number])),
        };
  return { mode, norm };
}

/** A preprocessor_config.json is a few hundred bytes; anything past this is not one. */
const MAX_CONFIG_BYTES = 1024 ** 2;

export async function readGeometry(path: string | undefined): Promise<Sam2JsGeometry> {
  if (!path) return DEFAULT_GEOMETRY;
  // A pipe or device in the model folder would block or never end; a huge file is not a config. One
  // bounded open (not stat then read: the file could be swapped for a FIFO in between).
  const text = await readBounded(path, MAX_CONFIG_BYTES).then(
    (b) => b.toString('utf8'),
    (e: unknown) => {
      if (e instanceof BoundedReadError && e.code !== 'io' && e.code !== 'not-found')
        throw new Error(
          `${path}: not a preprocessor config (a regular file up to 1 MB); reinstall the model`,
        );
      throw e;
    },
  );
  return parseGeometry(JSON.parse(text) as unknown, path);
}
