import { describe, expect, it } from 'vitest';
import { defaultSettings } from '../../src-shared/project/schema';
import { documentForImage } from '../state/documentSlice';
import { currentTake, nextFrame, playbackFps, stepFrame } from './playback';

describe('playback', () => {
  const doc = {
    ...documentForImage({ imageId: 'i', name: 'a', width: 2, height: 2, url: '/a' }),
    takes: [
      {
        id: 't1',
        created: '2026-01-01T00:00:00.000Z',
        name: '',
        starred: false,
        settings: defaultSettings,
        seedUsed: 1,
        frames: { dir: 'takes/t1', count: 4 },
        video: null,
        fps: 12,
        width: 2,
        height: 2,
      },
    ],
  };
  it('plays a take at its own fps and the preview at the settings fps', () => {
    expect(playbackFps({ source: { kind: 'take', takeId: 't1' }, document: doc })).toBe(12);
    expect(playbackFps({ source: { kind: 'preview' }, document: doc })).toBe(defaultSettings.fps);
    expect(currentTake({ source: { kind: 'take', takeId: 'gone' }, document: doc })).toBeUndefined();
  });
  it('loops or stops at the end; steps clamp', () => {
    expect(nextFrame(2, 4, false)).toBe(3);
    expect(nextFrame(3, 4, true)).toBe(0);
    expect(nextFrame(3, 4, false)).toBeNull();
    expect(stepFrame(0, 4, -1)).toBe(0);
    expect(stepFrame(3, 4, 1)).toBe(3);
    expect(stepFrame(1, 4, 1)).toBe(2);
  });
});
