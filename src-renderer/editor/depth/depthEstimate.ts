import { useEffect } from 'react';
import { bridge } from '../../bridge';
import { studioStore, useStudio } from '../../state/store';
import { depthUi } from './depthUi';
import { toWorkResolution } from './workResolution';

const TASK_LABEL = 'Estimating depth';

/**
 * When an image opens (and the project did not bring its depth), asks main for `depth:estimate` and stores
 * Z0 and the disparity in the analysis slice at the work resolution. A missing model is a notice saying
 * what to install; trajectories still work (new points then take the previous point's depth).
 */
export function useDepthEstimate(): void {
  const imageId = useStudio((s) => s.document.image?.imageId);
  useEffect(() => {
    if (!imageId) return undefined;
    const s = studioStore.getState();
    if (s.depth?.imageId === imageId) return undefined;
    let live = true;
    const current = () => live && studioStore.getState().document.image?.imageId === imageId;
    void estimate(imageId, current);
    return () => {
      live = false;
      clearTask();
    };
  }, [imageId]);
}

async function estimate(imageId: string, current: () => boolean): Promise<void> {
  const s = studioStore.getState();
  s.setDepthState('running');
  depthUi.setState({ error: null });
  if (!s.task) s.setTask({ label: `${TASK_LABEL}…`, fraction: null });
  try {
    const r = await bridge.api.depth.estimate({ imageId });
    if (!current()) return;
    studioStore.getState().setDepth(toWorkResolution(imageId, r.width, r.height, r.z0, r.disparity), 'done');
  } catch (err) {
    if (!current()) return;
    studioStore.getState().setDepthState('failed');
    const missing = errorCode(err) === 'models/not-installed';
    const detail = missing
      ? 'Install a depth model (Depth Anything V2) from the Models panel (status bar ▸ Models) or with ' +
        '`levitor models install`. Until then new trajectory points keep the previous point’s depth and ' +
        'the depth overlay and brush are unavailable.'
      : `${err instanceof Error ? err.message : String(err)}. Reopen the image to try again.`;
    depthUi.setState({ error: missing ? 'No depth model installed' : 'Depth estimation failed' });
    studioStore.getState().pushNotice({
      level: missing ? 'warning' : 'error',
      title: missing ? 'No depth model installed' : 'Depth estimation failed',
      detail,
    });
  } finally {
    clearTask();
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
