import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { unzipSync } from 'fflate';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePngGrey, encodePngGrey } from '../../src-renderer/project/png';

function noise(w: number, h: number, seed = 1): Uint8Array {
  const d = new Uint8Array(w * h);
  let s = seed;
  for (let i = 0; i < d.length; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    d[i] = s >>> 24;
  }
  return d;
}

// The renderer's mask PNG codec against libpng (sharp) and the PIL-written sample mask.
describe('mask PNG codec interop', () => {
  it('round-trips 8-bit grey pixels exactly and sharp reads the same pixels', async () => {
    const data = noise(37, 23);
    const png = encodePngGrey(37, 23, data);
    expect(decodePngGrey(png)).toEqual({ width: 37, height: 23, data });
    expect((await sharp(png).metadata()).channels).toBe(1);
    const viaSharp = await sharp(png).extractChannel(0).raw().toBuffer();
    expect(new Uint8Array(viaSharp)).toEqual(data);
  });

  it('decodes PNGs written by sharp in every colour type (filters chosen by libpng)', async () => {
    const grey = noise(31, 17, 7);
    for (const channels of [1, 2, 3, 4] as const) {
      const raw = new Uint8Array(31 * 17 * channels);
      for (let i = 0; i < grey.length; i++)
        for (let c = 0; c < channels; c++) raw[i * channels + c] = grey[i] ?? 0;
      const png = await sharp(raw, { raw: { width: 31, height: 17, channels } })
        .png()
        .toBuffer();
      expect(decodePngGrey(png).data).toEqual(grey);
    }
    const palette = await sharp(Buffer.from(grey.map((v) => (v > 127 ? 255 : 0))), {
      raw: { width: 31, height: 17, channels: 1 },
    })
      .png({ palette: true, colours: 2 })
      .toBuffer();
    expect(decodePngGrey(palette).data).toEqual(grey.map((v) => (v > 127 ? 255 : 0)));
  });

  it('reads the sample project mask (PIL, 8-bit grey)', () => {
    const zip = unzipSync(
      readFileSync(resolve(import.meta.dirname, '../../resources/samples/coffee.levitor')),
    );
    const m = decodePngGrey(zip['masks/cup.png'] ?? new Uint8Array());
    expect([m.width, m.height]).toEqual([600, 400]);
    const inside = m.data.filter((v) => v > 0).length;
    expect(inside).toBeGreaterThan(10_000);
    expect(inside).toBeLessThan(600 * 400);
  });
});
