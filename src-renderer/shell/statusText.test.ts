import { describe, expect, it } from 'vitest';
import { computeLabel, installedModels } from './statusText';

describe('status bar text', () => {
  const info = { version: '0.1.0', compute: { device: 'CPU', provider: 'cpu' } };
  it('shows the compute device and provider, and host trouble', () => {
    expect(computeLabel(null, null)).toBe('Compute: …');
    expect(computeLabel(info, null)).toBe('Compute: CPU (cpu)');
    expect(computeLabel(info, { state: 'restarting' })).toBe('Compute: CPU (cpu) · inference restarting');
  });
  it('lists installed models or says there are none', () => {
    expect(installedModels(info)).toBeNull();
    expect(
      installedModels({
        ...info,
        models: [
          { id: 'sam2', name: 'SAM 2', installed: true },
          { id: 'svd', name: 'SVD', installed: false },
        ],
      }),
    ).toEqual(['SAM 2']);
  });
});
