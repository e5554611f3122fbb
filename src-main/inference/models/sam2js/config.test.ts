import { describe, expect, it } from 'vitest';
import { DEFAULT_GEOMETRY, parseGeometry } from './config';

// preprocessor_config.json -> input geometry of a transformers.js SAM2 export (stretch vs longest edge + pad).
describe('parseGeometry', () => {
  it('size {height,width} 1024 = stretch with the given statistics and rescale factor', () => {
    const g = parseGeometry({
      size: { height: 1024, width: 1024 },
      rescale_factor: 0.00392156862745098,
      image_mean: [0.5, 0.5, 0.5],
      image_std: 0.25,
    });
    expect(g).toEqual({
      mode: 'stretch',
      norm: { rescale: 0.00392156862745098, mean: [0.5, 0.5, 0.5], std: [0.25, 0.25, 0.25] },
    });
  });

  it('longest_edge 1024 + pad_size 1024 = pad; no statistics = ImageNet; do_normalize false = none', () => {
    expect(parseGeometry({ size: { longest_edge: 1024 }, pad_size: { height: 1024, width: 1024 } })).toEqual({
      mode: 'pad',
      norm: DEFAULT_GEOMETRY.norm,
    });
    const raw = parseGeometry({ size: { longest_edge: 1024 }, do_normalize: false, do_rescale: false });
    expect(raw.norm).toEqual({ rescale: 1, mean: [0, 0, 0], std: [1, 1, 1] });
  });

  it('sizes the 1024 SAM2 encoder cannot take are refused with what was found', () => {
    expect(() => parseGeometry({ size: { height: 512, width: 512 } }, 'cfg.json')).toThrow(
      'cfg.json: expected size 1024x1024, found 512x512',
    );
    expect(() => parseGeometry({ size: { shortest_edge: 1024 } }, 'cfg.json')).toThrow(/shortest_edge/);
    expect(() => parseGeometry({ image_mean: 'x' }, 'cfg.json')).toThrow(/not a SAM image processor config/);
  });
});
