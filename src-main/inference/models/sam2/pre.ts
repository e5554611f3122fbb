import { resizeRgbAntialias } from './resize';

/** SAM2's input side: 1024x1024 stretch (no aspect keeping, no pad), ImageNet mean/std. */
export const SAM2_SIZE = 1024;
const MEAN = [0.485, 0.456, 0.406] as const;
const STD = [0.229, 0.224, 0.225] as const;

export interface RgbImage {
  /** RGB uint8 [height, width, 3], row-major. */
  data: Uint8Array;
  width: number;
  height: number;
}

/** image -> float32 [1,3,1024,1024] exactly as SAM2Transforms (ToTensor, Resize aa-bilinear, Normalize). */
export function preprocessSam2(img: RgbImage): Float32Array {
  if (img.data.length !== img.width * img.height * 3) {
    throw new Error(`sam2: image data has ${img.data.length} bytes, expected ${img.width}x${img.height}x3`);
  }
  const x = resizeRgbAntialias(img.data, img.width, img.height, SAM2_SIZE, SAM2_SIZE);
  const plane = SAM2_SIZE * SAM2_SIZE;
  for (let c = 0; c < 3; c++) {
    const m = MEAN[c] as number;
    const s = STD[c] as number;
    for (let i = c * plane; i < (c + 1) * plane; i++)
      x[i] = Math.fround(Math.fround((x[i] as number) - m) / s);
  }
  return x;
}

export interface PromptPoint {
  x: number;
  y: number;
  /** 1 positive, 0 negative. */
  label: 0 | 1;
}
export interface Prompt {
  points?: readonly PromptPoint[];
  /** Box corners in image pixels. */
  box?: { x0: number; y0: number; x1: number; y1: number };
}

/**
 * Prompt in image pixels -> decoder tensors in 1024 space (x*1024/W, y*1024/H), box corners first with labels
 * 2/3 then the points, as SAM2ImagePredictor orders them. coords [1,N,2], labels [1,N].
 */
export function promptTensors(
  p: Prompt,
  width: number,
  height: number,
): { coords: Float32Array; labels: Float32Array; n: number } {
  const pts: [number, number, number][] = [];
  if (p.box) {
    pts.push([p.box.x0, p.box.y0, 2], [p.box.x1, p.box.y1, 3]);
  }
  for (const q of p.points ?? []) pts.push([q.x, q.y, q.label]);
  if (pts.length === 0) throw new Error('sam2: a prompt needs at least one point or a box');
  const coords = new Float32Array(pts.length * 2);
  const labels = new Float32Array(pts.length);
  pts.forEach(([x, y, l], i) => {
    // predictor: (coords / w) * 1024 in float32
    coords[2 * i] = Math.fround(Math.fround(x / width) * SAM2_SIZE);
    coords[2 * i + 1] = Math.fround(Math.fround(y / height) * SAM2_SIZE);
    labels[i] = l;
  });
  return { coords, labels, n: pts.length };
}
