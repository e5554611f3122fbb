import { studioStore } from '../state/store';
import { isDirty } from './projectSlice';
import { autosaveNow, pushDocument } from './session';

/** FNV-1a over bytes: a short fingerprint so e2e tests compare masks and depth maps bit for bit. */
function fingerprint(view: ArrayBufferView | undefined): string | null {
  if (!view) return null;
  const b = new Uint8Array(view.buffer, view.byteOffset, view.byteLength);
  let h = 0x811c9dc5;
  for (const v of b) h = Math.imul(h ^ v, 0x01000193) >>> 0;
  return `${b.length}:${h.toString(16)}`;
}

/** The open project as plain data: what "identical document" means in the e2e tests. */
export function projectSummary() {
  const s = studioStore.getState();
  const d = s.document;
  return {
    image: d.image && { width: d.image.width, height: d.image.height },
    objects: d.objects,
    masks: Object.fromEntries(Object.entries(d.masks).map(([id, m]) => [id, fingerprint(m.data)])),
    depthEdit: fingerprint(d.depthEdit?.data),
    settings: d.settings,
    takes: d.takes,
    depth: fingerprint(s.depth?.z0),
    autoSegments: s.autoSegments.map((a) => fingerprint(a.mask.data)),
    project: { path: s.project.path, name: s.project.name, dirty: isDirty(s) },
  };
}

declare global {
  interface Window {
    /** e2e tests read the project as plain data and trigger an autosave (what a generation does). */
    __studioProject?: {
      readonly summary: typeof projectSummary;
      readonly autosaveNow: typeof autosaveNow;
      /** Sends the document to the host now (what the throttled push does), without writing recovery. */
      readonly pushNow: typeof pushDocument;
      readonly studio: typeof studioStore;
    };
  }
}

export function installProjectTestHook(): void {
  window.__studioProject = {
    summary: projectSummary,
    autosaveNow,
    pushNow: pushDocument,
    studio: studioStore,
  };
}
