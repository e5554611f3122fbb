import { rm, stat } from 'node:fs/promises';
import { downloadFile } from '../download';
import { ModelError, throwIfAborted } from '../errors';
import { sha256File } from '../fsutil';
import type { NetworkPolicy } from '../netPolicy';
import { ProgressMeter, type TransferProgress } from '../progress';
import { gitBlobOid, type HubFile } from './hub';

/** One file of the plan: where it comes from, where it goes, and what the hub says it is. */
export interface PlannedFile {
  /** `<repo>/<path>` as the user reads it (the progress line names it). */
  label: string;
  url: string;
  dest: string;
  hub: HubFile;
}

export interface PlanOptions {
  token?: string | undefined;
  tokenOrigins?: readonly string[] | undefined;
  network?: NetworkPolicy | undefined;
  signal?: AbortSignal | undefined;
  onProgress?: ((p: TransferProgress) => void) | undefined;
}

type Known = Map<string, { sha256: string; bytes: number }>;

/**
 * Downloads every planned file in order; the result maps each `dest` to its verified size and SHA-256.
 * A file an earlier (paused or interrupted) run finished is hashed and kept when it still matches the
 * hub's listing, and a .part resumes from its last byte (download.ts), so pausing loses nothing. Every
 * progress event carries the current file's bytes and the whole plan's (`overall`).
 */
export async function downloadPlan(plan: readonly PlannedFile[], opts: PlanOptions): Promise<Known> {
  const have = await Promise.all(plan.map((p) => onDisk(p.dest)));
  const total = plan.reduce((s, p) => s + p.hub.bytes, 0);
  const overall = new ProgressMeter(
    'all files',
    total,
    have.reduce((s, h) => s + h.bytes, 0),
  );
  const known: Known = new Map();
  for (const [i, p] of plan.entries()) {
    throwIfAborted(opts.signal);
    let last = have[i]!.bytes;
    const emit = (f: TransferProgress): void => {
      overall.add(f.receivedBytes - last);
      last = f.receivedBytes;
      opts.onProgress?.({
        ...f,
        what: p.label,
        overall: { ...overall.snapshot(false), fileIndex: i, fileCount: plan.length },
      });
    };
    if (have[i]!.complete) {
      const kept = await keepIfValid(p);
      if (kept) {
        known.set(p.dest, kept);
        const b = kept.bytes;
        emit({
          what: p.label,
          receivedBytes: b,
          totalBytes: b,
          bytesPerSecond: 0,
          etaSeconds: 0,
          done: true,
        });
        continue;
      }
      overall.add(-last);
      last = 0;
    }
    const r = await downloadFile({
      url: p.url,
      dest: p.dest,
      sha256: p.hub.sha256,
      bytes: p.hub.bytes,
      token: opts.token,
      tokenOrigins: opts.tokenOrigins,
      network: opts.network,
      signal: opts.signal,
      onProgress: emit,
    });
    if (!p.hub.sha256 && p.hub.gitOid && (await gitBlobOid(p.dest)) !== p.hub.gitOid) {
      await rm(p.dest, { force: true });
      throw new ModelError(
        'checksum',
        `${p.label} does not match the hub's git blob id ${p.hub.gitOid}; deleted`,
      );
    }
    known.set(p.dest, r);
  }
  return known;
}

/** Bytes of the file already here: the finished file, else its .part, else none. */
async function onDisk(dest: string): Promise<{ bytes: number; complete: boolean }> {
  const done = await stat(dest).catch(() => undefined);
  if (done?.isFile()) return { bytes: done.size, complete: true };
  const part = await stat(`${dest}.part`).catch(() => undefined);
  return { bytes: part?.isFile() ? part.size : 0, complete: false };
}

/** A finished file from an earlier run, re-verified in full (hash of every byte) before it is trusted. */
async function keepIfValid(p: PlannedFile): Promise<{ sha256: string; bytes: number } | undefined> {
  const h = await sha256File(p.dest);
  const ok =
    h.bytes === p.hub.bytes &&
    (p.hub.sha256
      ? h.sha256 === p.hub.sha256
      : p.hub.gitOid
        ? (await gitBlobOid(p.dest)) === p.hub.gitOid
        : false);
  if (ok) return h;
  await rm(p.dest, { force: true });
  return undefined;
}
