import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PickedFile } from '../../../src-shared/files/ipc';
import type { CatalogueEntry } from '../../../src-shared/models/catalogue';
import type { InstalledModelInfo, ModelsResponse, TokenStatus } from '../../../src-shared/models/ipc';
import { modelsApi } from './modelsApi';
import { applyProgress, newJobId, tritonRepoNotice, type JobKind, type JobState } from './modelsView';

export interface ModelsState {
  connected: boolean;
  models: InstalledModelInfo[];
  broken: { folder: string; error: string }[];
  catalogue: CatalogueEntry[];
  jobs: JobState[];
  /** Last verify result per model id: true = all files verified. */
  verified: Record<string, boolean>;
  error: string | null;
  /** Paused or interrupted downloads main keeps (catalogue id, bytes on disk): Resume continues them. */
  downloads: { id: string; bytes: number }[];
  /** Whether main keeps a Hugging Face token, and where (never the token). */
  token: TokenStatus | null;
  /** The last failure of a catalogue entry's install, shown in its own row, with the host's code. */
  entryErrors: Record<string, { code: string; message: string }>;
  /** What the last finished action made (e.g. where a Triton repository was written). */
  notice: string | null;
}

/** A stop the user asked for is not a failure to report. */
const stopped = (e: unknown) => /^models\/(cancelled|paused)$/.test((e as { code?: string }).code ?? '');

/** State and actions of the models panel; every call goes through the bridge's models API. */
export function useModels(onChanged?: () => void) {
  const conn = useMemo(() => modelsApi(), []);
  const [state, setState] = useState<ModelsState>({
    connected: conn !== undefined,
    models: [],
    broken: [],
    catalogue: [],
    jobs: [],
    verified: {},
    error: null,
    downloads: [],
    token: null,
    entryErrors: {},
    notice: null,
  });

  const refresh = useCallback(async () => {
    if (!conn) return;
    try {
      const [list, cat, token] = await Promise.all([
        conn.api.list({}),
        conn.api.catalogue({}),
        conn.api.tokenStatus({}),
      ]);
      setState((s) => ({
        ...s,
        models: list.models,
        broken: list.broken,
        downloads: list.downloads ?? [],
        catalogue: cat,
        token,
        error: null,
      }));
    } catch (e) {
      setState((s) => ({ ...s, error: e instanceof Error ? e.message : String(e) }));
    }
  }, [conn]);

  useEffect(() => {
    void refresh();
    if (!conn) return undefined;
    return conn.onProgress((p) => setState((s) => ({ ...s, jobs: applyProgress(s.jobs, p) })));
  }, [conn, refresh]);

  const run = useCallback(
    async <T>(
      kind: JobKind,
      label: string,
      call: (jobId: string) => Promise<T>,
      source?: string,
    ): Promise<T | undefined> => {
      const jobId = newJobId(kind);
      setState((s) => {
        const { [source ?? '']: _old, ...entryErrors } = s.entryErrors;
        const job = { jobId, kind, label, progress: null, ...(source ? { source } : {}) };
        return { ...s, error: null, notice: null, entryErrors, jobs: [...s.jobs, job] };
      });
      try {
        return await call(jobId);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        const code = (e as { code?: string }).code ?? '';
        if (stopped(e) || /cancel/i.test(msg)) return undefined;
        setState((s) =>
          source
            ? { ...s, entryErrors: { ...s.entryErrors, [source]: { code, message: msg } } }
            : { ...s, error: `${label}: ${msg}` },
        );
        return undefined;
      } finally {
        setState((s) => ({ ...s, jobs: s.jobs.filter((j) => j.jobId !== jobId) }));
        void refresh();
        onChanged?.(); // the status bar's model list, once the install is really in (or not)
      }
    },
    [refresh, onChanged],
  );

  const recordVerify = (id: string, r: ModelsResponse<'models:verify'> | undefined) =>
    r && setState((s) => ({ ...s, verified: { ...s.verified, [id]: r.ok } }));

  const actions = {
    /** From the hub, with the token main keeps (models:setToken); a paused download resumes. */
    download: (entry: CatalogueEntry) =>
      conn &&
      run('download', entry.name, (jobId) => conn.api.download({ source: entry.id, jobId }), entry.id),
    /** The video model from checkpoints on this machine: a folder chosen in main's dialog (its handle). */
    downloadFrom: (entry: CatalogueEntry, folder: PickedFile) =>
      conn &&
      run(
        'install',
        entry.name,
        (jobId) => conn.api.download({ source: entry.id, jobId, from: folder.handle }),
        entry.id,
      ),
    pause: (jobId: string) => conn && void conn.api.pause({ jobId }),
    /** Cancel of a paused download: its files go. */
    discard: async (id: string) => {
      if (!conn) return;
      await conn.api
        .discardDownload({ id })
        .catch((e: unknown) => setState((s) => ({ ...s, error: String(e) })));
      await refresh();
    },
    setToken: async (token: string | null) => {
      if (!conn) return;
      try {
        const status = await conn.api.setToken({ token });
        setState((s) => ({ ...s, token: status }));
      } catch (e) {
        setState((s) => ({
          ...s,
          error: `Hugging Face token: ${e instanceof Error ? e.message : String(e)}`,
        }));
      }
    },
    /** A folder or .zip the user chose in main's dialog (the handle main issued; no path leaves here). */
    installFile: (file: PickedFile) =>
      conn && run('install', file.name, (jobId) => conn.api.install({ handle: file.handle, jobId })),
    verify: async (id: string) =>
      conn &&
      recordVerify(id, await run('verify', `Verify ${id}`, (jobId) => conn.api.verify({ id, jobId }))),
    repair: async (id: string) =>
      conn &&
      recordVerify(id, await run('repair', `Repair ${id}`, (jobId) => conn.api.repair({ id, jobId }))),
    cancel: (jobId: string) => conn && void conn.api.cancel({ jobId }),
    remove: async (id: string) => {
      if (!conn) return;
      await conn.api.remove({ id }).catch((e: unknown) => setState((s) => ({ ...s, error: String(e) })));
      await refresh();
      onChanged?.();
    },
    /** A Triton model repository for video model `id`, into the folder the user chose (main's handle). */
    tritonRepo: async (id: string, folder: PickedFile) => {
      if (!conn) return;
      const r = await run('triton', `Triton repository for ${id}`, (jobId) =>
        conn.api.tritonRepo({ id, handle: folder.handle, jobId }),
      );
      if (r) setState((s) => ({ ...s, notice: tritonRepoNotice(r) }));
    },
    setDefault: async (m: InstalledModelInfo) => {
      if (!conn) return;
      await conn.api.setDefault({ role: m.manifest.role, id: m.manifest.id });
      await refresh();
    },
  };
  return { state, actions };
}
