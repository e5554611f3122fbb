import type { CatalogueEntry, HubRepoFiles } from '../../../src-shared/models/catalogue';
import { catalogueApproxBytes } from '../../../src-shared/models/catalogue';
import { formatBytes } from '../../../src-shared/models/format';
import type { TokenStatus } from '../../../src-shared/models/ipc';
import { pickFile } from '../../files/pickFile';
import { reportError } from '../../io/reportError';
import {
  fileText,
  licenceName,
  overallFraction,
  overallText,
  progressFraction,
  type JobState,
} from './modelsView';
import { TokenField } from './TokenField';
import './videoModel.css';

const HUB = 'https://huggingface.co';
const TOKENS_PAGE = `${HUB}/settings/tokens`;

/** A link that opens in the user's browser (Electron main opens only its allow-listed hosts). */
function Ext({ href, children }: { href: string; children: string }) {
  return (
    <a href={href} target="_blank" rel="noreferrer noopener">
      {children}
    </a>
  );
}

function RepoFiles({ repo }: { repo: HubRepoFiles }) {
  const bytes = repo.files.reduce((s, f) => s + f.approxBytes, 0);
  return (
    <div className="video-card__repo" data-testid="video-repo">
      <div className="video-card__repo-head">
        <Ext href={`${HUB}/${repo.repo}`}>{repo.repo}</Ext>
        <span className="muted">
          ~{formatBytes(bytes)} ·{' '}
          <Ext href={repo.licence.url ?? `${HUB}/${repo.repo}`}>{licenceName(repo.licence.spdx)}</Ext>
          {repo.gatedAccessPage && <span className="badge badge--warn">gated</span>}
        </span>
      </div>
      <ul className="video-card__files">
        {repo.files.map((f) => (
          <li key={f.path}>
            <code>{f.path}</code>
            <span className="muted">{formatBytes(f.approxBytes)}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}

export interface VideoModelActions {
  download(entry: CatalogueEntry): unknown;
  downloadFrom(entry: CatalogueEntry, folder: { handle: string; name: string; path: string }): unknown;
  pause(jobId: string): unknown;
  cancel(jobId: string): unknown;
  discard(id: string): Promise<void>;
  setToken(token: string | null): Promise<void>;
}

/**
 * The video model's catalogue entry: every file it fetches with sizes and licences, the gated step said
 * before anything starts, the token, install from the hub or from a folder on this machine, and while it
 * runs: overall and per-file progress with Pause / Resume / Cancel.
 */
export function VideoModelCard(props: {
  entry: CatalogueEntry;
  installed: boolean;
  /** How the installed model computes (videoPrecisionText), null when not installed or not recorded. */
  precision?: string | null | undefined;
  job: JobState | undefined;
  pausedBytes: number | undefined;
  error: { code: string; message: string } | undefined;
  token: TokenStatus | null;
  actions: VideoModelActions;
}) {
  const { entry, job, actions } = props;
  if (entry.download.kind !== 'hub-checkpoints') return null;
  const repos = entry.download.repos;
  const gated = repos.filter((r) => r.gatedAccessPage);
  const total = catalogueApproxBytes(entry) ?? 0;
  const chooseFolder = async () => {
    try {
      const folder = await pickFile({
        purpose: 'model-folder',
        title: 'Folder holding stable-video-diffusion-img2vid-xt and LeviTor (or a Hugging Face cache)',
      });
      if (folder) actions.downloadFrom(entry, folder);
    } catch (err) {
      reportError(err, 'Could not choose the folder');
    }
  };
  const p = job?.progress ?? null;
  const frac = p ? (overallFraction(p) ?? progressFraction(p)) : null;
  const accessStep = props.error && /^models\/(forbidden|unauthorized)$/.test(props.error.code);
  return (
    <div className="models-row video-card" data-testid="video-model">
      <div className="models-row__title">
        {entry.name} {props.installed && <span className="badge">installed</span>}
      </div>
      <p className="muted">{entry.description}</p>
      {!props.installed && (
        <p className="muted">
          It installs float16 graphs when generation runs on a GPU here (CUDA, DirectML, CoreML) and float32
          graphs on the CPU.
        </p>
      )}
      {/* Access and token matter until the model is in; once installed they are noise. */}
      {!props.installed && (
        <>
          {gated.map((r) => (
            <div key={r.repo} className="video-card__gated" role="note" data-testid="gated-notice">
              <strong>{r.repo} is gated.</strong> Before installing: 1){' '}
              <Ext href={r.gatedAccessPage!}>open its page</Ext>, log in and accept the licence to request
              access; 2) <Ext href={TOKENS_PAGE}>create a token</Ext> with read access; 3) save it here.
            </div>
          ))}
          <TokenField status={props.token} onSave={actions.setToken} />
        </>
      )}
      <details className="video-card__details" open={!job && !props.installed}>
        <summary>
          Files it downloads: ~{formatBytes(total)} from {repos.length} repositories
        </summary>
        {repos.map((r) => (
          <RepoFiles key={r.repo} repo={r} />
        ))}
      </details>
      {props.error && (
        <div className="video-card__error" role="alert" data-testid="video-error">
          {props.error.message}
          {accessStep && gated[0] && (
            <div>
              <Ext href={gated[0].gatedAccessPage!}>Open the access page</Ext> ·{' '}
              <Ext href={TOKENS_PAGE}>Tokens</Ext>
            </div>
          )}
        </div>
      )}
      {job ? (
        <div className="video-card__progress" data-testid="video-progress">
          <progress max={1} {...(frac === null ? {} : { value: frac })} />
          <div className="video-card__overall">
            <strong>{job.kind === 'download' ? 'Downloading' : 'Installing from the folder'}</strong>
            {' · '}
            {p ? (overallText(p) ?? fileText(p)) : 'checking access…'}
          </div>
          {p && <div className="muted video-card__file">{fileText(p)}</div>}
          <div className="button-row">
            {job.kind === 'download' && (
              <button type="button" className="btn btn--small" onClick={() => actions.pause(job.jobId)}>
                Pause
              </button>
            )}
            <button type="button" className="btn btn--small" onClick={() => actions.cancel(job.jobId)}>
              Cancel
            </button>
          </div>
        </div>
      ) : props.pausedBytes !== undefined ? (
        <div className="video-card__progress" data-testid="video-paused">
          <progress max={1} value={Math.min(1, props.pausedBytes / total)} />
          <div>
            Paused: {formatBytes(props.pausedBytes)} of ~{formatBytes(total)} downloaded, kept on disk.
          </div>
          <div className="button-row">
            <button
              type="button"
              className="btn btn--small btn--primary"
              onClick={() => actions.download(entry)}
            >
              Resume
            </button>
            <button type="button" className="btn btn--small" onClick={() => void actions.discard(entry.id)}>
              Cancel
            </button>
          </div>
        </div>
      ) : props.installed ? (
        <>
          {props.precision && (
            <p className="muted" data-testid="video-precision">
              {props.precision}
            </p>
          )}
          <p className="muted">Installed: remove it under Installed models to install it again.</p>
        </>
      ) : (
        <div className="button-row">
          <button
            type="button"
            className="btn btn--small btn--primary"
            onClick={() => actions.download(entry)}
          >
            Install from Hugging Face
          </button>
          <button type="button" className="btn btn--small" onClick={() => void chooseFolder()}>
            Install from a folder on this machine…
          </button>
        </div>
      )}
    </div>
  );
}
