import { rm } from 'node:fs/promises';
import { catalogue, type CatalogueEntry } from '../../../src-shared/models/catalogue';
import {
  chooseVideoPrecision,
  type PrecisionChoice,
  type ProvidersSeen,
  type VideoPrecision,
} from '../../../src-shared/models/videoPrecision';
import type { GraphContract, ModelRole } from '../../../src-shared/models/manifest';
import { ModelError } from './errors';
import { checkDownloadUrl, HUB_TOKEN_ORIGINS, shownUrl } from './http';
import { exists, walkFiles } from './fsutil';
import { installFromFolder, installFromZip, looksLikeZip, slugId, type ContractRecognizer } from './install';
import type { NetworkPolicy } from './netPolicy';
import { onnxRecognizer, type IsolationOptions } from './onnxIsolated';
import type { TransferProgress } from './progress';
import { ModelRegistry, type InstalledModel } from './registry';
import { assertModelId } from './safePaths';
import { repairModel, verifyModel, type VerifyReport } from './verify';
import type { PackShape } from './videopack/build';
import { findVideoTemplate, installHubEntry } from './videopack/hubInstall';
import { installCatalogueDownload, installFromUrl, type FetchContext } from './fetchInstall';

export type ModelsPhase = 'download' | 'copy' | 'extract' | 'hash' | 'verify';
export interface ModelsProgress extends TransferProgress {
  /** Caller-chosen id of the operation (the panel shows one bar per job). */
  jobId: string;
  phase: ModelsPhase;
}

export interface JobOptions {
  jobId?: string | undefined;
  signal?: AbortSignal | undefined;
  token?: string | undefined;
}

export interface InstallRequest extends JobOptions {
  /** A local folder, a local .zip, an http(s) URL, or a catalogue id. */
  source: string;
  id?: string | undefined;
  name?: string | undefined;
  contract?: GraphContract | undefined;
  sha256?: string | undefined;
  replace?: boolean | undefined;
  /** For a hub-checkpoints entry: the repositories already on disk (clones or a HF cache folder). */
  from?: string | undefined;
  /** For a hub-checkpoints entry: the pack's resolution, frames and decode chunk. */
  shape?: PackShape | undefined;
  /** For a hub-checkpoints entry: fp16 graphs (GPU) or fp32 compute (CPU); default: by provider. */
  precision?: VideoPrecision | undefined;
}

export interface ModelServiceOptions {
  modelsDir: string;
  recognize?: ContractRecognizer | undefined;
  onProgress?: ((p: ModelsProgress) => void) | undefined;
  /** Tests point catalogue entries at a local server; the app uses the built-in catalogue. */
  catalogue?: readonly CatalogueEntry[] | undefined;
  /** How graphs are read at install (tests name the built worker); see onnxIsolated.ts. */
  isolation?: IsolationOptions | undefined;
  /** Origins an access token may go to (http.ts HUB_TOKEN_ORIGINS by default; tests name a local one). */
  tokenOrigins?: readonly string[] | undefined;
  /** The hub (default $HF_ENDPOINT, else https://huggingface.co); tests serve its layout locally. */
  hubEndpoint?: string | undefined;
  /**
   * Downloads may reach loopback and link-local addresses (netPolicy.ts). Only main's own code sets it:
   * the CLI, where the person at the terminal typed the address, and tests' local servers. The app and
   * the browser host leave it off: a URL from the window never reaches this computer's own services.
   */
  allowLocalAddresses?: boolean | undefined;
  /** Where the video model's template graphs are (default: resources/video-template/<precision>). */
  videoTemplateDir?: ((precision: VideoPrecision) => string | undefined) | undefined;
  /**
   * The execution provider generation will use (the inference host's probe): the video model is
   * installed with float16 graphs for a GPU provider, float32 for the CPU. Absent: float32.
   */
  executionProviders?: (() => Promise<ProvidersSeen>) | undefined;
}

/** The hub: the option (tests), else $HF_ENDPOINT (a mirror, as huggingface_hub reads it), else huggingface.co. */
function hubEndpoint(opt: string | undefined): string {
  return (opt ?? process.env['HF_ENDPOINT'] ?? 'https://huggingface.co').replace(/\/+$/, '');
}

/**
 * The hub's origins, plus the endpoint the user named in $HF_ENDPOINT (their mirror gets the token, as
 * huggingface_hub sends it there): over https, or plain http only to this machine (a local mirror).
 */
export function hubTokenOrigins(endpoint: string): readonly string[] {
  const u = new URL(endpoint);
  const local = ['127.0.0.1', 'localhost', '[::1]'].includes(u.hostname);
  if (HUB_TOKEN_ORIGINS.includes(u.origin) || (u.protocol !== 'https:' && !local)) return HUB_TOKEN_ORIGINS;
  return [...HUB_TOKEN_ORIGINS, u.origin];
}

/** The origin of a hub endpoint main was configured with (a malformed one trusts nothing; install names it). */
function configuredOrigin(endpoint: string | undefined): string[] {
  if (!endpoint) return [];
  try {
    return [new URL(hubEndpoint(endpoint)).origin];
  } catch {
    return [];
  }
}

/** $LEVITOR_VIDEO_TEMPLATE_DIR: another template folder (a development build of the graphs, the tests' tiny one). */
function envVideoTemplate(): (() => string) | undefined {
  const dir = process.env['LEVITOR_VIDEO_TEMPLATE_DIR'];
  return dir ? () => dir : undefined;
}

/** What the IPC handlers, the CLI and the browser host call: one object, no transport knowledge. */
export class ModelService {
  readonly registry: ModelRegistry;
  private recognize: ContractRecognizer | undefined;

  /** Settles once the leftovers of crashed installs are gone (started by the constructor). */
  readonly cleaned: Promise<void>;

  /** What every download of this service may reach; the hub endpoint main was configured with is trusted. */
  private readonly network: NetworkPolicy;

  constructor(private readonly opts: ModelServiceOptions) {
    this.registry = new ModelRegistry(opts.modelsDir);
    this.network = {
      allowLocal: opts.allowLocalAddresses === true,
      trustedOrigins: configuredOrigin(opts.hubEndpoint ?? process.env['HF_ENDPOINT']),
    };
    // Default: read ONNX input/output names from the files (no onnxruntime in main) and match contracts.
    this.recognize = opts.recognize ?? onnxRecognizer;
    // A crash mid-install leaves a full staging copy; the next start of any host removes it.
    this.cleaned = this.registry.cleanWorkAreas().then(
      () => undefined,
      () => undefined, // an unreadable models folder shows up in list(), with its reason
    );
  }

  /** The SAM2/depth side plugs its ONNX-name recogniser in here once it exists. */
  setRecognizer(r: ContractRecognizer | undefined): void {
    this.recognize = r;
  }

  async list(): Promise<{ models: InstalledModel[]; broken: { folder: string; error: string }[] }> {
    await this.cleaned;
    return this.registry.list();
  }

  catalogue(): readonly CatalogueEntry[] {
    return this.opts.catalogue ?? catalogue;
  }

  private readonly busyDirs = new Set<string>();

  /** Two jobs writing the same resumable download folder would corrupt each other's .part files. */
  private async exclusive<T>(dir: string, run: () => Promise<T>): Promise<T> {
    if (this.busyDirs.has(dir)) throw new ModelError('exists', 'this model is already being downloaded');
    this.busyDirs.add(dir);
    try {
      return await run();
    } finally {
      this.busyDirs.delete(dir);
    }
  }

  private progress(jobId: string, phase: ModelsPhase) {
    return (p: TransferProgress) => this.opts.onProgress?.({ ...p, jobId, phase });
  }

  async install(req: InstallRequest): Promise<InstalledModel> {
    if (req.id !== undefined) assertModelId(req.id); // before any byte is fetched or copied
    // Progress events name the job; a URL's query or password never goes into them (shownUrl).
    const jobId = req.jobId ?? (/^https?:\/\//i.test(req.source) ? shownUrl(req.source) : req.source);
    const common = {
      id: req.id,
      name: req.name,
      contract: req.contract,
      replace: req.replace,
      signal: req.signal,
      recognize: this.recognize,
      isolation: this.opts.isolation,
    };
    const entry = this.catalogue().find((e) => e.id === req.source);
    if (
      (req.from ?? req.shape ?? req.precision) !== undefined &&
      entry?.download.kind !== 'hub-checkpoints'
    ) {
      throw new ModelError('invalid', '--from, --precision and the pack shape only apply to levitor-svd-xt');
    }
    if (entry) {
      return this.exclusive(this.registry.downloadsDir(entry.id), () =>
        this.installCatalogue(entry, { ...req, jobId }),
      );
    }
    if (/^https?:\/\//i.test(req.source)) {
      checkDownloadUrl(req.source);
      const work = this.urlWorkDir(req.source);
      return this.exclusive(work, () => installFromUrl(this.fetchContext(jobId), req, req.source, work));
    }
    if (!(await exists(req.source)))
      throw new ModelError('invalid', `no such file, folder, URL or catalogue id: ${req.source}`);
    if (looksLikeZip(req.source))
      return installFromZip(this.registry, req.source, {
        ...common,
        onProgress: this.progress(jobId, 'hash'),
      });
    return installFromFolder(this.registry, req.source, {
      ...common,
      onProgress: this.progress(jobId, 'hash'),
    });
  }

  private fetchContext(jobId: string): FetchContext {
    return {
      registry: this.registry,
      recognize: this.recognize,
      isolation: this.opts.isolation,
      tokenOrigins: this.opts.tokenOrigins,
      network: this.network,
      onProgress: this.progress(jobId, 'download'),
    };
  }

  private urlWorkDir(source: string): string {
    const url = new URL(source);
    return this.registry.downloadsDir(slugId(`${url.host}-${url.pathname}`));
  }

  /** The video model's compute precision: asked, else by the provider generation will run on. */
  private async videoPrecision(asked: VideoPrecision | undefined): Promise<PrecisionChoice> {
    const probe = this.opts.executionProviders;
    if (!this.opts.videoTemplateDir && envVideoTemplate()) {
      // one template for every precision: asking the providers would start a host for nothing
      return chooseVideoPrecision(asked, undefined, 'LEVITOR_VIDEO_TEMPLATE_DIR names the template');
    }
    if (asked || !probe) return chooseVideoPrecision(asked, undefined, 'no inference host in this process');
    try {
      return chooseVideoPrecision(undefined, await probe());
    } catch (e) {
      const why = `the inference host failed: ${e instanceof Error ? e.message : String(e)}`;
      return chooseVideoPrecision(undefined, undefined, why);
    }
  }

  private async installCatalogue(
    entry: CatalogueEntry,
    req: InstallRequest & { jobId: string },
  ): Promise<InstalledModel> {
    const d = entry.download;
    if (d.kind === 'build') {
      throw new ModelError('invalid', `${entry.name} cannot be downloaded. ${d.instructions}`);
    }
    if (d.kind === 'hub-checkpoints') {
      // fp16 graphs where generation runs on a GPU, fp32 on the CPU; --precision asks for one.
      let precision = await this.videoPrecision(req.precision);
      const find = this.opts.videoTemplateDir ?? envVideoTemplate() ?? findVideoTemplate;
      let templateDir = find(precision.precision);
      if (!templateDir && precision.chosenBy === 'provider' && precision.precision === 'fp16') {
        // A build without the float16 template: float32 runs on a GPU too, with more memory.
        templateDir = find('fp32');
        precision = {
          ...precision,
          precision: 'fp32',
          reason: `${precision.reason}; but this build ships no float16 template (resources/video-template/fp16), so float32 graphs`,
        };
      }
      if (!templateDir) {
        throw new ModelError(
          'invalid',
          `this build of the studio ships no ${precision.precision} video model template (resources/video-template/${precision.precision}; ${precision.reason})`,
        );
      }
      const endpoint = hubEndpoint(this.opts.hubEndpoint);
      const ctx = {
        registry: this.registry,
        templateDir,
        precision,
        endpoint,
        tokenOrigins: this.opts.tokenOrigins ?? hubTokenOrigins(endpoint),
        network: this.network,
        onProgress: this.progress(req.jobId, req.from ? 'hash' : 'download'),
      };
      return installHubEntry(ctx, entry, d.repos, req);
    }
    return installCatalogueDownload(this.fetchContext(req.jobId), entry, req);
  }

  verify(id: string, opts: JobOptions = {}): Promise<VerifyReport> {
    return verifyModel(this.registry, id, {
      signal: opts.signal,
      onProgress: this.progress(opts.jobId ?? id, 'verify'),
    });
  }

  repair(id: string, opts: JobOptions = {}): Promise<VerifyReport> {
    return repairModel(this.registry, id, {
      signal: opts.signal,
      token: opts.token,
      tokenOrigins: this.opts.tokenOrigins,
      network: this.network,
      onProgress: this.progress(opts.jobId ?? id, 'download'),
    });
  }

  /** Downloads of catalogue entries left by a pause, a quit or a network failure: the next install resumes them. */
  async pendingDownloads(): Promise<{ id: string; bytes: number }[]> {
    const out: { id: string; bytes: number }[] = [];
    for (const e of this.catalogue()) {
      const dir = this.registry.downloadsDir(e.id);
      if (this.busyDirs.has(dir) || !(await exists(dir))) continue;
      const bytes = (await walkFiles(dir, 1000).catch(() => [])).reduce((s, f) => s + f.bytes, 0);
      if (bytes > 0) out.push({ id: e.id, bytes });
    }
    return out;
  }

  /** Deletes a paused download (what Cancel on a paused job means). Refused while it runs. */
  async discardDownload(id: string): Promise<void> {
    const dir = this.registry.downloadsDir(id);
    if (this.busyDirs.has(dir)) {
      throw new ModelError('exists', `${id} is downloading: pause or cancel it before discarding it`);
    }
    await rm(dir, { recursive: true, force: true });
  }

  remove(id: string): Promise<void> {
    return this.registry.remove(id);
  }

  setDefault(role: ModelRole, id: string | null): Promise<void> {
    return this.registry.setDefault(role, id);
  }
}
