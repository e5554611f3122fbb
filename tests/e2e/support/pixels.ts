import sharp from 'sharp';

export type RGB = readonly [number, number, number];

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

/** A decoded screenshot (RGBA, one byte per channel). */
export class Pixels {
  private constructor(
    readonly data: Buffer,
    readonly width: number,
    readonly height: number,
  ) {}

  static async fromPng(png: Buffer): Promise<Pixels> {
    const { data, info } = await sharp(png).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
    return new Pixels(data, info.width, info.height);
  }

  at(x: number, y: number): RGB {
    const xi = Math.round(x);
    const yi = Math.round(y);
    if (xi < 0 || yi < 0 || xi >= this.width || yi >= this.height)
      throw new Error(`(${xi},${yi}) is off the screenshot`);
    const i = (yi * this.width + xi) * 4;
    return [this.data[i]!, this.data[i + 1]!, this.data[i + 2]!];
  }

  /**
   * Bounding box of pixels inside `area` that satisfy `test`, or null when none do. Pixels inside any
   * of the `exclude` rectangles (UI floating over the area) are not looked at.
   */
  boundsOf(area: Rect, test: (c: RGB) => boolean, exclude: readonly Rect[] = []): Rect | null {
    let x0 = Infinity;
    let y0 = Infinity;
    let x1 = -Infinity;
    let y1 = -Infinity;
    for (let y = Math.ceil(area.y); y < Math.floor(area.y + area.height); y++) {
      for (let x = Math.ceil(area.x); x < Math.floor(area.x + area.width); x++) {
        if (exclude.some((r) => inside(r, x, y)) || !test(this.at(x, y))) continue;
        x0 = Math.min(x0, x);
        y0 = Math.min(y0, y);
        x1 = Math.max(x1, x);
        y1 = Math.max(y1, y);
      }
    }
    return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
  }

  /** Length of the run of pixels satisfying `test` along row y, through x (0 if (x, y) fails). */
  runLength(x: number, y: number, test: (c: RGB) => boolean): number {
    if (!test(this.at(x, y))) return 0;
    let left = Math.round(x);
    let right = Math.round(x);
    while (left > 0 && test(this.at(left - 1, y))) left--;
    while (right < this.width - 1 && test(this.at(right + 1, y))) right++;
    return right - left + 1;
  }
}

/** Whether (x, y) lies in r (edges included, with a pixel of slack for anti-aliased borders and shadows). */
export function inside(r: Rect, x: number, y: number, slack = 1): boolean {
  return x >= r.x - slack && y >= r.y - slack && x <= r.x + r.width + slack && y <= r.y + r.height + slack;
}

export function near(c: RGB, expected: RGB, tolerance = 24): boolean {
  return c.every((v, i) => Math.abs(v - expected[i]!) <= tolerance);
}

/** Strongly coloured (not grey): the test images' quadrants, never the dark UI around them. */
export function saturated(c: RGB): boolean {
  return Math.max(...c) - Math.min(...c) > 80;
}
