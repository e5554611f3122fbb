import { describe, expect, it } from 'vitest';
import { catalogue } from '../../../src-shared/models/catalogue';
import type { InstalledModelInfo } from '../../../src-shared/models/ipc';
import {
  applyProgress,
  catalogueRows,
  fileText,
  formatEta,
  licenceText,
  overallFraction,
  overallText,
  progressFraction,
  progressText,
  videoPrecisionText,
} from './modelsView';

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
  it('says the whole job and the file in flight for the video model', () => {
    const p = {
      ...ev,
      what: 'hlwang06/LeviTor/controlnet/diffusion_pytorch_model.safetensors',
      overall: {
        receivedBytes: 4.5e9,
        totalBytes: 7.24e9,
        bytesPerSecond: 20e6,
        etaSeconds: 137,
        fileIndex: 7,
        fileCount: 8,
      },
    };
    expect(overallText(p)).toBe('4.5 GB of 7.2 GB · 20 MB/s · 2 min 17 s left');
    expect(overallFraction(p)).toBeCloseTo(4.5 / 7.24);
    expect(fileText(p)).toBe(
      'File 8 of 8: hlwang06/LeviTor/controlnet/diffusion_pytorch_model.safetensors · 45 MB of 111 MB',
    );
    expect(overallText(ev)).toBeNull();
    expect(licenceText({ spdx: 'LicenseRef-Stability-AI-Community', redistributable: false })).toBe(
      'Stability AI Community licence (not redistributable)',
    );
  });

  it('says how the installed video model computes, from what its install recorded', () => {
    const model = (extras: Record<string, unknown> | undefined) =>
      ({ manifest: { id: 'levitor-svd-xt', extras } }) as unknown as InstalledModelInfo;
    const gpu = { weights: 'fp16', provider: 'cuda', reason: 'generation runs on CUDA here' };
    expect(videoPrecisionText(model({ videoPrecision: gpu }))).toBe(
      'Computes with float16 graphs (for a GPU): generation runs on CUDA here.',
    );
    expect(videoPrecisionText(model({ videoPrecision: { weights: 'fp32' } }))).toMatch(
      /^Computes with float32/,
    );
    expect(videoPrecisionText(model(undefined))).toBeNull(); // installed before precision was recorded
    expect(videoPrecisionText(undefined)).toBeNull();
  });
});
