import { describe, expect, it } from 'vitest';
import { ffmpegArgs, outputSize } from './ffmpegArgs';

describe('ffmpeg arguments', () => {
  it('pads odd sizes to even for yuv420p formats only', () => {
    expect(outputSize({ format: 'mp4', width: 33, height: 17, fps: 6, scale: 1 })).toEqual({
      width: 34,
      height: 18,
    });
    expect(outputSize({ format: 'webm', width: 33, height: 17, fps: 6, scale: 2 })).toEqual({
      width: 66,
      height: 34,
    });
    expect(outputSize({ format: 'gif', width: 33, height: 17, fps: 6, scale: 1 })).toEqual({
      width: 33,
      height: 17,
    });
  });
  it('uses lanczos for upscaling and a palette for GIF', () => {
    const a = ffmpegArgs({ format: 'gif', width: 10, height: 10, fps: 6, scale: 3 }, 'o.gif').join(' ');
    expect(a).toContain('scale=iw*3:ih*3:flags=lanczos');
    expect(a).toContain('palettegen');
    expect(a).toContain('paletteuse');
    expect(ffmpegArgs({ format: 'mp4', width: 10, height: 10, fps: 6, scale: 1 }, 'o.mp4')).toContain(
      'yuv420p',
    );
  });
});
