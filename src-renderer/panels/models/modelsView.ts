import type { CatalogueEntry } from '../../../src-shared/models/catalogue';
import { catalogueApproxBytes } from '../../../src-shared/models/catalogue';
import type { InstalledModelInfo, ModelsProgressEvent, ModelsResponse } from '../../../src-shared/models/ipc';
import { formatBytes } from '../../../src-shared/models/format';

export function formatEta(s: number | undefined): string {
  if (s === undefined || !Number.isFinite(s)) return '–';
  const r = Math.round(s);
  if (r >= 3600) return `${Math.floor(r / 3600)} h ${Math.floor((r % 3600) / 60)} min`;
  return r >= 60 ? `${Math.floor(r / 60)} min ${r % 60} s` : `${r} s`;
}

/** One line under a progress bar: "45 MB of 111 MB · 12 MB/s · 5 s left". */
export function progressText(p: ModelsProgressEvent): string {
  const of = p.totalBytes !== undefined ? ` of ${formatBytes(p.totalBytes)}` : '';
  if (p.phase !== 'download') return `${p.phase} ${p.what}`;
  return `${formatBytes(p.receivedBytes)}${of} · ${formatBytes(Math.round(p.bytesPerSecond))}/s · ${formatEta(p.etaSeconds)} left`;
}

export function progressFraction(p: ModelsProgressEvent): number | null {
  return p.totalBytes ? Math.min(1, p.receivedBytes / p.totalBytes) : null;
}

export type JobKind = 'download' | 'install' | 'verify' | 'repair' | 'triton';
export interface JobState {
  jobId: string;
  kind: JobKind;
  label: string;
  progress: ModelsProgressEvent | null;
}

/** Latest progress per running job; events for unknown jobs (another window's) are ignored. */
export function applyProgress(jobs: readonly JobState[], p: ModelsProgressEvent): JobState[] {
  return jobs.map((j) => (j.jobId === p.jobId ? { ...j, progress: p } : j));
}

export interface CatalogueRow {
  entry: CatalogueEntry;
  size: string;
  installed: boolean;
  downloadable: boolean;
}

export function catalogueRows(
  entries: readonly CatalogueEntry[],
  models: readonly InstalledModelInfo[],
): CatalogueRow[] {
  const installed = new Set(models.map((m) => m.manifest.catalogueId ?? m.manifest.id));
  return entries.map((entry) => {
    const bytes = catalogueApproxBytes(entry);
    return {
      entry,
      size: bytes === undefined ? 'built locally' : `~${formatBytes(bytes)}`,
      installed: installed.has(entry.id),
      downloadable: entry.download.kind !== 'build',
    };
  });
}

export function licenceText(l: { spdx: string; redistributable: boolean }): string {
  return l.redistributable ? l.spdx : `${l.spdx} (not redistributable)`;
}

let counter = 0;
export function newJobId(kind: JobKind): string {
  counter += 1;
  return `${kind}-${Date.now().toString(36)}-${counter}`;
}

/** The Models panel's line after a Triton repository was written (docs/triton.md says how to serve it). */
export function tritonRepoNotice(r: ModelsResponse<'models:tritonRepo'>): string {
  const how =
    r.copied === 0
      ? 'graph files hard-linked, no second copy'
      : r.hardLinked === 0
        ? 'graph files copied (another drive)'
        : `${r.hardLinked} graph files hard-linked, ${r.copied} copied`;
  return `Triton repository written to ${r.outDir} (${r.models.length} models; ${how}). Serve it with NVIDIA's Triton container (docs/triton.md).`;
}
