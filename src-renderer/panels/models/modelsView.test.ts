import { describe, expect, it } from 'vitest';
import { catalogue } from '../../../src-shared/models/catalogue';
import type { InstalledModelInfo } from '../../../src-shared/models/ipc';
import { applyProgress, catalogueRows, formatEta, progressFraction, progressText } from './modelsView';

const ev = {
  jobId: 'a',
  phase: 'download' as const,
  what: 'u',
  receivedBytes: 45e6,
  totalBytes: 111e6,
  bytesPerSecond: 12e6,
  etaSeconds: 5.5,
  done: false,
};

describe('models panel view', () => {
  it('formats progress with size, speed and ETA', () => {
    expect(progressText(ev)).toBe('45 MB of 111 MB · 12 MB/s · 6 s left');
    expect(progressFraction(ev)).toBeCloseTo(45 / 111);
    expect(formatEta(3725)).toBe('1 h 2 min');
    expect(formatEta(undefined)).toBe('–');
  });
  it('routes progress to its job only', () => {
    const jobs = [
      { jobId: 'a', kind: 'download' as const, label: 'x', progress: null },
      { jobId: 'b', kind: 'verify' as const, label: 'y', progress: null },
    ];
    const next = applyProgress(jobs, ev);
    expect(next[0]!.progress).toBe(ev);
    expect(next[1]!.progress).toBeNull();
  });
  it('marks installed catalogue entries and sizes the downloadable video model', () => {
    const installed = {
      manifest: { id: 'my-tiny', catalogueId: 'sam2.1-hiera-tiny' },
    } as unknown as InstalledModelInfo;
    const rows = catalogueRows(catalogue, [installed]);
    expect(rows.find((r) => r.entry.id === 'sam2.1-hiera-tiny')).toMatchObject({
      installed: true,
      size: '~111 MB',
    });
    expect(rows.find((r) => r.entry.id === 'sam2.1-hiera-small')!.installed).toBe(false);
    expect(rows.find((r) => r.entry.role === 'video')).toMatchObject({
      downloadable: true,
      size: '~7.2 GB',
    });
  });
});
