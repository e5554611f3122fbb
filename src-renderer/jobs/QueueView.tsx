import { bridge } from '../bridge';
import { PanelSection } from '../panels/Panel';
import { studioStore, useStudio } from '../state/store';
import { queueAction } from './generate';
import { adoptTake, isOwnJob } from './useGenerationEvents';
import { elsewhereLine, formatDuration, jobFraction, jobLine } from './format';
import { takeName } from './settingsActions';
import { useJobs } from './jobsStore';
import type { GenerationJob } from '../../src-shared/generation/ipc';

const api = () => bridge.api.generation;

/** Retry; after "no video model" the model list is read again, so the status bar shows the new install. */
async function retry(job: GenerationJob): Promise<void> {
  await api().retry({ jobId: job.id });
  if (job.error?.code === 'generation/no-video-model')
    studioStore.getState().setInfo(await bridge.api.app.getInfo({}));
}

/**
 * A finished take of this project that is not in its document: the window was reloaded or disconnected
 * when the job finished (the take's frames are kept by main), or the project was closed and opened again
 * meanwhile. A take of another project is never offered (main would refuse it too), nor one the artist
 * deleted (undo brings that back).
 */
function addToProject(job: GenerationJob): void {
  if (job.take) adoptTake(job.take);
}

function JobRow({
  job,
  queuedIndex,
  queuedCount,
}: {
  job: GenerationJob;
  queuedIndex: number;
  queuedCount: number;
}) {
  const frac = jobFraction(job);
  const finished = job.status === 'done' || job.status === 'failed' || job.status === 'cancelled';
  const takeId = job.take?.id;
  const own = useStudio((s) => isOwnJob(job, s.project.id));
  const projectOpen = useStudio((s) => s.project.id !== null);
  // Its take's name as the takes list shows it (renamed, or renumbered after a delete); main's label
  // (given at queue time) until the take is in the document.
  const label = useStudio(
    (s) => (own && takeId !== undefined ? takeName(s.document, takeId) : null) ?? job.label,
  );
  const deleted = useJobs((s) => takeId !== undefined && s.deletedTakes.has(takeId));
  const orphan = useStudio(
    (s) =>
      own &&
      !deleted &&
      job.status === 'done' &&
      takeId !== undefined &&
      s.document.image !== null &&
      !s.document.takes.some((t) => t.id === takeId),
  );
  return (
    <li
      className={`job job--${job.status}${own ? '' : ' job--elsewhere'}`}
      data-testid="job"
      data-status={job.status}
      data-project={own ? 'this' : 'other'}
    >
      <div className="job__head">
        <span className="job__label" title={label}>
          {label}
        </span>
        <span className="job__actions">
          {job.status === 'queued' && (
            <>
              <button
                type="button"
                className="btn btn--icon btn--ghost"
                aria-label={`Move ${label} up`}
                disabled={queuedIndex === 0}
                onClick={() =>
                  queueAction('Could not move the job', () =>
                    api().reorder({ jobId: job.id, toIndex: queuedIndex - 1 }),
                  )
                }
              >
                ↑
              </button>
              <button
                type="button"
                className="btn btn--icon btn--ghost"
                aria-label={`Move ${label} down`}
                disabled={queuedIndex === queuedCount - 1}
                onClick={() =>
                  queueAction('Could not move the job', () =>
                    api().reorder({ jobId: job.id, toIndex: queuedIndex + 1 }),
                  )
                }
              >
                ↓
              </button>
            </>
          )}
          {(job.status === 'queued' || job.status === 'running') && (
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => queueAction('Could not cancel the job', () => api().cancel({ jobId: job.id }))}
            >
              Cancel
            </button>
          )}
          {orphan && (
            <button
              type="button"
              className="btn btn--ghost"
              data-testid="job-add-take"
              title="This take of this project finished while it was not on screen: add it to the takes"
              onClick={() => addToProject(job)}
            >
              Add to project
            </button>
          )}
          {(job.status === 'failed' || job.status === 'cancelled') && (
            <button
              type="button"
              className="btn btn--ghost"
              onClick={() => queueAction('Could not retry the job', () => retry(job))}
            >
              Retry
            </button>
          )}
          {finished && (
            <button
              type="button"
              className="btn btn--icon btn--ghost"
              aria-label={`Remove ${label} from the list`}
              onClick={() => queueAction('Could not remove the job', () => api().remove({ jobId: job.id }))}
            >
              ×
            </button>
          )}
        </span>
      </div>
      {job.status === 'running' && (
        <progress
          className="job__bar"
          max={1}
          {...(frac === null ? {} : { value: frac })}
          aria-label={`${label} progress`}
        />
      )}
      {!own && (
        <p className="job__line job__line--elsewhere" data-testid="job-elsewhere">
          {elsewhereLine(job.status, projectOpen)}
        </p>
      )}
      <p
        className={`job__line${job.status === 'failed' ? ' job__line--error' : ''}`}
        data-testid="job-line"
        role={job.status === 'failed' ? 'alert' : undefined}
      >
        {jobLine(job)}
      </p>
      {job.notes.length > 0 && job.status !== 'queued' && (
        <ul className="job__notes">
          {job.notes.map((n) => (
            <li key={n}>{n}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

/** The generation queue: Generate (GenerateBar) adds a job; jobs run one at a time in the inference host. */
export function QueueView() {
  const jobs = useJobs((s) => s.jobs);
  const running = jobs.find((j) => j.status === 'running');
  const queued = jobs.filter((j) => j.status === 'queued');
  return (
    <PanelSection
      title="Queue"
      actions={
        running ? <span className="muted job__eta">ETA {formatDuration(running.etaMs)}</span> : undefined
      }
    >
      {jobs.length === 0 ? (
        <p className="muted panel-note">Each generation becomes a take you can play, compare and export.</p>
      ) : (
        <ol className="jobs" aria-label="Generation jobs">
          {jobs.map((j) => (
            <JobRow key={j.id} job={j} queuedIndex={queued.indexOf(j)} queuedCount={queued.length} />
          ))}
        </ol>
      )}
    </PanelSection>
  );
}
