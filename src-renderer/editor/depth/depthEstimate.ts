import { useEffect } from 'react';
import { bridge } from '../../bridge';
import { studioStore, useStudio } from '../../state/store';
import { depthUi } from './depthUi';
import { toWorkResolution } from './workResolution';

const TASK_LABEL = 'Estimating depth';

/** Runs of `estimate`: a newer run (another image, a retry) makes the older one's answer stale. */
let latestRun = 0;

/**
 * When an image opens (and the project did not bring its depth), asks main for `depth:estimate` and stores
 * Z0 and the disparity in the analysis slice at the work resolution. A missing model is a lasting state,
 * not an event: the Depth section says so and offers the model manager (no toast over the canvas,
 * docs/design.md rule 14), and installing a depth model estimates the open image at once. Trajectories
 * work meanwhile (new points take the previous point's depth).
 */
export function useDepthEstimate(): void {
  const imageId = useStudio((s) => s.document.image?.imageId);
  const depthModels = useStudio((s) => depthModelIds(s.info));
  useEffect(() => {
    if (!imageId) return undefined;
    if (studioStore.getState().depth?.imageId === imageId) return undefined;
    start(imageId);
    return () => {
      latestRun++;
      clearTask();
    };
  }, [imageId]);
  useEffect(() => {
    const s = studioStore.getState();
    const image = s.document.image;
    if (depthModels && image && s.depthState === 'failed' && depthUi.getState().missingModel) {
      start(image.imageId);
    }
  }, [depthModels]);
}

/** The installed depth models, as a key that changes when one is installed or removed. */
function depthModelIds(info: { models: readonly { id: string; role: string }[] } | null): string {
  return (info?.models ?? [])
    .filter((m) => m.role === 'depth')
    .map((m) => m.id)
    .join(',');
}

function start(imageId: string): void {
  const run = ++latestRun;
  void estimate(
    imageId,
    () => run === latestRun && studioStore.getState().document.image?.imageId === imageId,
  );
}

async function estimate(imageId: string, current: () => boolean): Promise<void> {
  const s = studioStore.getState();
  s.setDepthState('running');
  depthUi.setState({ error: null, missingModel: false });
  if (!s.task) s.setTask({ label: `${TASK_LABEL}…`, fraction: null });
  try {
    const r = await bridge.api.depth.estimate({ imageId });
    if (!current()) return;
    studioStore.getState().setDepth(toWorkResolution(imageId, r.width, r.height, r.z0, r.disparity), 'done');
  } catch (err) {
    if (!current()) return;
    studioStore.getState().setDepthState('failed');
    if (errorCode(err) === 'models/not-installed') {
      depthUi.setState({ error: 'No depth model installed', missingModel: true });
      return;
    }
    depthUi.setState({ error: 'Depth estimation failed' });
    // The library's text goes behind "Details"; the notice says what to do.
    studioStore.getState().pushNotice({
      level: 'error',
      title: 'Depth estimation failed',
      detail:
        'Reopen the image to try again; if it fails again, reinstall the depth model from the Models panel.',
      technical: err instanceof Error ? err.message : String(err),
    });
  } finally {
    if (current()) clearTask();
  }
}

/** StudioError code of a bridge failure ('models/not-installed' ...), from `code` or a "[code]" prefix. */
function errorCode(err: unknown): string {
  if (typeof err !== 'object' || err === null) return '';
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  return /^\[([\w/-]+)\]/.exec(String((err as { message?: unknown }).message ?? ''))?.[1] ?? '';
}

function clearTask(): void {
  const { task, setTask } = studioStore.getState();
  if (task?.label.startsWith(TASK_LABEL)) setTask(null);
}
