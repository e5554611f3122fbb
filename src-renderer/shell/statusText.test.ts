import { describe, expect, it } from 'vitest';
import type { AppInfo } from '../bridge/types';
import { computeLabel, computeNotes, installedModels } from './statusText';

const info: AppInfo = {
  version: '0.1.0',
  platform: 'linux',
  host: 'browser',
  providers: { available: ['cpu'], active: 'cpu', notes: ['CUDA: libcudart.so.12 not found'] },
  models: [],
};

describe('status bar text', () => {
  it('shows the active compute provider, and host trouble', () => {
    expect(computeLabel(null, null)).toBe('Compute: …');
    expect(computeLabel(info, null)).toBe('Compute: CPU');
    expect(
      computeLabel({ ...info, providers: { ...info.providers, active: 'cuda' } }, { state: 'ready' }),
    ).toBe('Compute: NVIDIA GPU (CUDA)');
    expect(computeLabel(info, { state: 'restarting' })).toBe('Compute: CPU · inference restarting');
    expect(computeNotes(info)).toBe('CUDA: libcudart.so.12 not found');
    expect(computeNotes({ ...info, providers: { ...info.providers, notes: [] } })).toBeUndefined();
  });

  it('lists installed models or says there are none', () => {
    expect(installedModels(info)).toBeNull();
    expect(
      installedModels({ ...info, models: [{ id: 'sam2', role: 'segment', name: 'SAM 2.1 tiny' }] }),
    ).toEqual(['SAM 2.1 tiny']);
  });
});
