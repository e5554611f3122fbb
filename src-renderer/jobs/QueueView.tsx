import { bridge } from '../bridge';
import { PanelSection } from '../panels/Panel';
import { studioStore, useStudio } from '../state/store';
import { queueAction } from './generate';
import { adoptTake } from './useGenerationEvents';
import { formatDuration, jobFraction, jobLine } from './format';
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
 * A finished take that is not in the project: the window was reloaded or disconnected when the job
 * finished (the take's frames are kept by main), or the open project changed meanwhile. The artist
 * decides whether it belongs to the project on screen.
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
  const orphan = useStudio(
    (s) =>
      job.status === 'done' &&
      takeId !== undefined &&
      s.document.image !== null &&
      !s.document.takes.some((t) => t.id === takeId),
  );
  return (
    <li className={`job job--${job.status}`} data-testid="job" data-status={job.status}>
      <div className="job__head">
        <span className="job__label">{job.label}</span>
        <span className="job__actions">
          {job.status === 'queued' && (
            <>
              <button
                type="button"
                className="btn btn--icon btn--ghost"
                aria-label={`Move ${job.label} up`}
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
                aria-label={`Move ${job.label} down`}
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
              title="This take finished while the window was not connected, or for another project: add it to this one"
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
              aria-label={`Remove ${job.label} from the list`}
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
          aria-label={`${job.label} progress`}
        />
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
