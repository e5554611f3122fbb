import { describe, expect, it } from 'vitest';
import { ControlError } from '../../../src-shared/control';
import { encodeRle } from '../../../src-shared/generation/rle';
import type { GenerationScene } from '../../../src-shared/generation/ipc';
import { describeFailure, GenerationError } from './errors';
import { buildControlScene } from './scene';

describe('failures in words', () => {
  it('maps cancel, out of memory, scene errors, host crashes and the rest', () => {
    expect(describeFailure(new Error('x'), true).code).toBe('generation/cancelled');
    const oom = describeFailure(
      new Error('Failed to allocate memory for requested buffer of size 123'),
      false,
    );
    expect(oom.code).toBe('generation/out-of-memory');
    expect(oom.message).toMatch(/Lower the resolution or the number of frames/);
    expect(describeFailure(new ControlError('empty-mask', 'object 1: mask is empty'), false)).toMatchObject({
      code: 'generation/scene',
    });
    const crash = Object.assign(new Error('exited'), { code: 'inference/host-crashed' });
    expect(describeFailure(crash, false).code).toBe('generation/host-crashed');
    expect(describeFailure(new GenerationError('generation/no-video-model', 'install'), false)).toEqual({
      code: 'generation/no-video-model',
      message: 'install',
    });
    expect(describeFailure('boom', false)).toEqual({
      code: 'generation/failed',
      message: 'Generation failed: boom',
    });
  });
});

describe('scene at the generation size', () => {
  it('scales trajectories, drops hidden, maskless and vanished objects, treats no depth as flat', () => {
    const W = 8;
    const H = 4;
    const big = new Uint8Array(W * H).fill(255);
    const dot = new Uint8Array(W * H);
    dot[0] = 255; // one pixel: gone at a quarter of the size
    const obj = (id: string, mask: Uint8Array | null, over = {}) => ({
      id,
      name: id,
      kind: 'moving' as const,
      visible: true,
      mask: mask ? encodeRle(mask, W, H) : null,
      trajectory: { points: [{ x: 7, y: 3, depth: 0.5 }], timing: 'uniform' as const, easing: [] },
      ...over,
    });
    const scene: GenerationScene = {
      imageId: 'i',
      imageWidth: W,
      imageHeight: H,
      framing: { fit: 'stretch', frame: { cx: 0.5, cy: 0.5, scale: 1 } },
      objects: [obj('a', big), obj('hidden', big, { visible: false }), obj('none', null), obj('dot', dot)],
      autoMasks: [encodeRle(big, W, H)],
      depth: null,
    };
    const { scene: s, notes } = buildControlScene(scene, { width: 2, height: 1, frames: 4, pointsRatio: 1 });
    expect(s.objects).toHaveLength(1);
    expect(s.objects[0]?.trajectory).toEqual([{ x: 1, y: 0, depth: 0.5 }]);
    expect(s.autoMasks[0]?.length).toBe(2);
    expect(s.depth.kind).toBe('disparity');
    expect(notes.join(' ')).toMatch(/"dot" is too small.*flat/);
  });
});
