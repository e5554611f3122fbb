import { describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_GEOMETRY, parseGeometry, readGeometry } from './config';

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

describe('readGeometry', () => {
  it.runIf(process.platform === 'linux')(
    'refuses a pipe and an oversized file instead of reading them',
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'levitor-cfg-'));
      try {
        const fifo = join(dir, 'preprocessor_config.json');
        execFileSync('mkfifo', [fifo]);
        await expect(readGeometry(fifo)).rejects.toThrow(/not a preprocessor config/);
        const big = join(dir, 'big.json');
        await writeFile(big, `{"pad":"${'x'.repeat(1024 ** 2)}"}`);
        await expect(readGeometry(big)).rejects.toThrow(/not a preprocessor config/);
        const ok = join(dir, 'ok.json');
        await writeFile(ok, JSON.stringify({ size: { height: 1024, width: 1024 } }));
        expect((await readGeometry(ok)).mode).toBe('stretch');
      } finally {
        await rm(dir, { recursive: true, force: true });
      }
    },
  );
});
