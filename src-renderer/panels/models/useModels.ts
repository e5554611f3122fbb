import { useCallback, useEffect, useMemo, useState } from 'react';
import type { PickedFile } from '../../../src-shared/files/ipc';
import type { CatalogueEntry } from '../../../src-shared/models/catalogue';
import type { InstalledModelInfo, ModelsResponse } from '../../../src-shared/models/ipc';
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
  /** What the last finished action made (e.g. where a Triton repository was written). */
  notice: string | null;
}

/** State and actions of the models panel; every call goes through the bridge's models API. */
export function useModels() {
  const conn = useMemo(() => modelsApi(), []);
  const [state, setState] = useState<ModelsState>({
    connected: conn !== undefined,
    models: [],
    broken: [],
    catalogue: [],
    jobs: [],
    verified: {},
    error: null,
    notice: null,
  });

  const refresh = useCallback(async () => {
    if (!conn) return;
    try {
      const [list, cat] = await Promise.all([conn.api.list({}), conn.api.catalogue({})]);
      setState((s) => ({ ...s, models: list.models, broken: list.broken, catalogue: cat, error: null }));
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
    async <T>(kind: JobKind, label: string, call: (jobId: string) => Promise<T>): Promise<T | undefined> => {
      const jobId = newJobId(kind);
      setState((s) => ({
        ...s,
        error: null,
        notice: null,
        jobs: [...s.jobs, { jobId, kind, label, progress: null }],
      }));
      try {
        return await call(jobId);
      } catch (e) {
        const msg = e instanceof Error ? e.message : String(e);
        if (!/cancel/i.test(msg)) setState((s) => ({ ...s, error: `${label}: ${msg}` }));
        return undefined;
      } finally {
        setState((s) => ({ ...s, jobs: s.jobs.filter((j) => j.jobId !== jobId) }));
        void refresh();
      }
    },
    [refresh],
  );

  const recordVerify = (id: string, r: ModelsResponse<'models:verify'> | undefined) =>
    r && setState((s) => ({ ...s, verified: { ...s.verified, [id]: r.ok } }));

  const actions = {
    download: (entry: CatalogueEntry, token: string) =>
      conn &&
      run('download', entry.name, (jobId) =>
        conn.api.download({ source: entry.id, jobId, ...(token ? { token } : {}) }),
      ),
    /** A folder or .zip the user chose in main's dialog (the handle main issued; no path leaves here). */
    installFile: (file: PickedFile) =>
      conn && run('install', file.name, (jobId) => conn.api.install({ handle: file.handle, jobId })),
    verify: async (id: string) =>
      conn &&
      recordVerify(id, await run('verify', `Verify ${id}`, (jobId) => conn.api.verify({ id, jobId }))),
    repair: async (id: string, token: string) =>
      conn &&
      recordVerify(
        id,
        await run('repair', `Repair ${id}`, (jobId) =>
          conn.api.repair({ id, jobId, ...(token ? { token } : {}) }),
        ),
      ),
    cancel: (jobId: string) => conn && void conn.api.cancel({ jobId }),
    remove: async (id: string) => {
      if (!conn) return;
      await conn.api.remove({ id }).catch((e: unknown) => setState((s) => ({ ...s, error: String(e) })));
      await refresh();
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
