import { CENTRED_FRAME } from '../../../src-shared/image/framing';
import type { StudioDocument } from '../../state/documentSlice';
import { studioStore, updateUnrecorded, type StudioStore } from '../../state/store';
import { canFitFrame, checkFrame } from './frameCheck';
import { fitFrameToMotion } from './framingActions';

/**
 * Images whose frame is the artist's from now on (moved, scaled, reset or fitted by them, or placed once
 * by the rule below) in this session: the studio never moves those frames by itself.
 */
const placed = new Set<string>();

export function markFramePlaced(imageId: string | undefined): void {
  if (imageId) placed.add(imageId);
}

const isCentred = (f: { cx: number; cy: number; scale: number }) =>
  f.cx === CENTRED_FRAME.cx && f.cy === CENTRED_FRAME.cy && f.scale === CENTRED_FRAME.scale;

/**
 * The default frame of a new project is the largest centred crop, placed before anything moves. When the
 * first motion the artist makes there leaves that frame (a landscape photo's subject off-centre), the frame
 * moves once to hold it, as part of the same undo step, and a notice says so with a way back. Never in a
 * project that was opened (a file, an upload, recovery, the sample: session.ts marks those placed, so a
 * saved frame is never changed silently), never after the artist placed the frame, never when no crop of
 * this shape holds the motion (the warning says what to do).
 */
export function installAutoFrame(store: StudioStore = studioStore): () => void {
  // The notice of the last move, while the frame is still where the move put it (an undo, another image
  // or the artist's own framing makes it stale: it goes then).
  let told: { notice: number; framing: StudioDocument['framing'] } | null = null;
  return store.subscribe((s, prev) => {
    const doc = s.document;
    const image = doc.image;
    if (told && doc.framing !== told.framing) {
      const { notice } = told;
      told = null; // first: dismissing notifies this listener again
      s.dismissNotice(notice);
    }
    if (!image || doc === prev.document || placed.has(image.imageId)) return;
    if (doc.objects === prev.document.objects && doc.masks === prev.document.masks) return;
    if (doc.framing.fit !== 'crop' || !isCentred(doc.framing.frame)) return;
    if (s.project.path !== null || s.project.saved === null) return;
    const report = checkFrame(doc);
    if (!report.outside.length || !report.fitsAll || !canFitFrame(doc, report)) return;
    placed.add(image.imageId);
    updateUnrecorded(fitFrameToMotion, store);
    const names = report.outside.map((o) => o.name).join(', ');
    // No button: a notice with one stays until closed, and this one must not cover the canvas for long.
    const notice = s.pushNotice({
      level: 'info',
      title: 'Frame moved to hold the motion',
      detail: `${names} was outside the centred frame. Undo takes back the edit and the move; Reset frame centres it.`,
    });
    told = { notice, framing: store.getState().document.framing };
  });
}
