// The words the studio uses about what the frame leaves out (the Frame section, Generate's question).
import type { StudioDocument } from '../../state/documentSlice';
import type { FrameReport, OutsideObject } from './frameCheck';

type Doc = Pick<StudioDocument, 'image' | 'framing' | 'settings'>;

/** "9–16", "1, 3–5": 0-based frames as the timeline numbers them (from 1), runs joined. */
export function frameRuns(frames: readonly number[]): string {
  const runs: string[] = [];
  for (let i = 0; i < frames.length;) {
    let j = i;
    while (j + 1 < frames.length && frames[j + 1] === (frames[j] as number) + 1) j++;
    const a = (frames[i] as number) + 1;
    const b = (frames[j] as number) + 1;
    runs.push(a === b ? `${a}` : `${a}–${b}`);
    i = j + 1;
  }
  return runs.join(', ');
}

/** One line per object: what the frame leaves out of it. */
export function describeOutside(o: OutsideObject, frameCount: number): string {
  if (o.maskOutside) return `${o.name} is not in the frame, so it will not move`;
  const all = o.frames.length === frameCount;
  // What the control signal does there (framing.ts framePixel): the object is held at the frame's edge.
  const where = all
    ? 'is outside the frame in every frame'
    : `leaves the frame at ${o.frames.length === 1 ? 'frame' : 'frames'} ${frameRuns(o.frames)}`;
  return `${o.name}’s path ${where} (held at the edge there)`;
}

/** What to do about it, in one sentence (crop: fit the frame, or another fit when no crop can hold it). */
export function frameAdvice(doc: Doc, report: FrameReport): string {
  if (doc.framing.fit !== 'crop')
    return 'A path off the image is held at the frame’s edge: move its points onto the image.';
  if (report.fitsAll) return 'Fit the frame to the motion, or move the frame or the points.';
  const landscape = doc.image && doc.image.width > doc.image.height && doc.settings.resolution === '288x512';
  return `No crop of this shape holds all of the motion: choose Letterbox${landscape ? ' or the landscape frame' : ''}, or move the points.`;
}
