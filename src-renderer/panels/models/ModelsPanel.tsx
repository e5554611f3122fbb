import { TRUST_ON_FIRST_USE_NOTE } from '../../../src-shared/models/catalogue';
import type { InstalledModelInfo } from '../../../src-shared/models/ipc';
import { pickFile } from '../../files/pickFile';
import { reportError } from '../../io/reportError';
import { PanelSection } from '../Panel';
import { formatBytes } from '../../../src-shared/models/format';
import { catalogueRows, licenceText, progressFraction, progressText, videoPrecisionText } from './modelsView';
import { useModels } from './useModels';
import { VideoModelCard } from './VideoModelCard';

/**
 * Why an installed model is not used, or null when it is: the default of its role, or (settings from
 * before defaults were set at install) the only model of its role, which main then uses.
 */
function notInUse(m: InstalledModelInfo, all: readonly InstalledModelInfo[]): string | null {
  const sameRole = all.filter((o) => o.manifest.role === m.manifest.role);
  const used = sameRole.find((o) => o.isDefault);
  if (m.isDefault || (!used && sameRole.length === 1)) return null;
  return used
    ? `Not in use: the studio uses ${used.manifest.name} for ${m.manifest.role}.`
    : `Not in use: choose which ${m.manifest.role} model the studio uses.`;
}

/** Installed models, the catalogue with install buttons, running jobs with progress and cancel. */
export function ModelsPanel({ onChanged }: { onChanged?: () => void } = {}) {
  const { state, actions } = useModels(onChanged);
  // Main's dialog (native, or the in-app picker) issues a handle for the chosen folder or .zip.
  const installFrom = async (purpose: 'model-folder' | 'model-zip') => {
    const title = purpose === 'model-folder' ? 'Install a model folder' : 'Install a model .zip';
    try {
      const file = await pickFile({ purpose, title });
      if (file) await actions.installFile(file);
    } catch (err) {
      reportError(err, 'Could not choose the model to install');
    }
  };
  // The output folder comes from main's dialog too (purpose triton-repo): a new or empty folder.
  const writeTritonRepo = async (id: string) => {
    try {
      const folder = await pickFile({
        purpose: 'triton-repo',
        title: 'Write a Triton model repository',
        suggestedName: `${id}-triton`,
      });
      if (folder) await actions.tritonRepo(id, folder);
    } catch (err) {
      reportError(err, 'Could not choose where to write the Triton repository');
    }
  };
  if (!state.connected) {
    return <p className="muted panel-note">The model manager is not connected to this window yet.</p>;
  }
  const busy = (label: string) => state.jobs.some((j) => j.label === label);
  const rows = catalogueRows(state.catalogue, state.models);
  // The video model has its own section (files, gated step, token, its progress); others list below.
  const video = rows.filter((r) => r.entry.download.kind === 'hub-checkpoints');
  const others = rows.filter((r) => r.entry.download.kind !== 'hub-checkpoints');
  const listed = state.jobs.filter((j) => !video.some((r) => r.entry.id === j.source));
  return (
    <div className="models-panel" data-testid="models-panel">
      {state.error && (
        <p className="notice notice--error" role="alert">
          {state.error}
        </p>
      )}
      {state.notice && (
        <p className="notice" role="status" data-testid="models-notice">
          {state.notice}
        </p>
      )}
      {listed.length > 0 && (
        <PanelSection title="In progress">
          {listed.map((j) => {
            const frac = j.progress ? progressFraction(j.progress) : null;
            return (
              <div key={j.jobId} className="models-job" data-testid="models-job">
                <div className="models-job__label">
                  <span>{j.label}</span>
                  <button type="button" className="btn btn--small" onClick={() => actions.cancel(j.jobId)}>
                    Cancel
                  </button>
                </div>
                <progress max={1} {...(frac === null ? {} : { value: frac })} />
                <span className="muted">{j.progress ? progressText(j.progress) : 'starting…'}</span>
              </div>
            );
          })}
        </PanelSection>
      )}
      <PanelSection title="Installed models">
        {state.models.length === 0 && <p className="muted">No models installed.</p>}
        {state.models.map((m) => {
          const v = state.verified[m.manifest.id];
          const unused = notInUse(m, state.models);
          return (
            <div key={m.manifest.id} className="models-row" data-testid="models-installed">
              <div className="models-row__title">
                {m.manifest.name} {m.isDefault && <span className="badge">default {m.manifest.role}</span>}
              </div>
              <div className="muted">
                {m.manifest.role} · {formatBytes(m.bytes)} · {licenceText(m.manifest.licence)} ·{' '}
                {v === undefined ? 'not verified this session' : v ? 'verified' : 'damaged: repair it'}
              </div>
              {unused && (
                <p className="models-row__unused" data-testid="models-unused">
                  {unused}
                </p>
              )}
              <div className="button-row">
                {!m.isDefault && (
                  <button
                    type="button"
                    className={`btn btn--small${unused ? ' btn--primary' : ''}`}
                    title={`Make ${m.manifest.name} the ${m.manifest.role} model the studio uses`}
                    onClick={() => void actions.setDefault(m)}
                  >
                    Use this model
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn--small"
                  onClick={() => void actions.verify(m.manifest.id)}
                >
                  Verify
                </button>
                {v === false && (
                  <button
                    type="button"
                    className="btn btn--small"
                    onClick={() => void actions.repair(m.manifest.id)}
                  >
                    Repair
                  </button>
                )}
                {m.manifest.role === 'video' && (
                  <button
                    type="button"
                    className="btn btn--small"
                    title="A model repository for NVIDIA Triton Inference Server, to render on a GPU server"
                    onClick={() => void writeTritonRepo(m.manifest.id)}
                  >
                    Triton repository…
                  </button>
                )}
                <button
                  type="button"
                  className="btn btn--small"
                  onClick={() => void actions.remove(m.manifest.id)}
                >
                  Remove
                </button>
              </div>
            </div>
          );
        })}
        {state.broken.map((b) => (
          <p key={b.folder} className="notice notice--error">
            {b.folder}: {b.error}
          </p>
        ))}
      </PanelSection>
      {video.length > 0 && (
        <PanelSection title="Video model">
          {video.map(({ entry, installed }) => (
            <VideoModelCard
              key={entry.id}
              entry={entry}
              installed={installed}
              precision={videoPrecisionText(state.models.find((m) => m.manifest.catalogueId === entry.id))}
              job={state.jobs.find((j) => j.source === entry.id)}
              pausedBytes={state.downloads.find((d) => d.id === entry.id)?.bytes}
              error={state.entryErrors[entry.id]}
              token={state.token}
              actions={actions}
            />
          ))}
        </PanelSection>
      )}
      <PanelSection title="Catalogue">
        {others.map(({ entry, size, installed, downloadable }) => (
          <div key={entry.id} className="models-row" data-testid="models-catalogue">
            <div className="models-row__title">{entry.name}</div>
            <div className="muted">
              {size} · {licenceText(entry.licence)} · {entry.repo}
            </div>
            {downloadable ? (
              <button
                type="button"
                className="btn btn--small"
                disabled={installed || busy(entry.name)}
                onClick={() => void actions.download(entry)}
              >
                {installed ? 'Installed' : 'Install'}
              </button>
            ) : (
              entry.download.kind === 'build' && (
                <p className="muted panel-note">{entry.download.instructions}</p>
              )
            )}
            {state.entryErrors[entry.id] && (
              <p className="notice notice--error" role="alert">
                {state.entryErrors[entry.id]!.message}
              </p>
            )}
          </div>
        ))}
        <p className="muted panel-note">{TRUST_ON_FIRST_USE_NOTE}</p>
      </PanelSection>
      <PanelSection title="Install from disk">
        <div className="button-row">
          <button type="button" className="btn btn--small" onClick={() => void installFrom('model-folder')}>
            Choose folder…
          </button>
          <button type="button" className="btn btn--small" onClick={() => void installFrom('model-zip')}>
            Choose .zip…
          </button>
        </div>
      </PanelSection>
    </div>
  );
}
