import type { EditorObject, StudioDocument } from '../../state/documentSlice';

/**
 * For the framing tests: `doc` with one moving object "Square" whose mask is the box [x0, x1) x [y0, y1)
 * (image pixels) and whose path runs through `path` (depth 0.5, uniform timing).
 */
export function withSquareMover(
  doc: StudioDocument,
  box: readonly [number, number, number, number],
  path: readonly (readonly [number, number])[],
): StudioDocument {
  const image = doc.image;
  if (!image) throw new Error('the document has no image');
  const { width: W, height: H } = image;
  const data = new Uint8Array(W * H);
  for (let y = box[1]; y < box[3]; y++) data.fill(255, y * W + box[0], y * W + box[2]);
  const points = path.map(([x, y]) => ({ x, y, depth: 0.5 }));
  const obj: EditorObject = {
    id: 'o1',
    name: 'Square',
    colour: '#ffd400',
    kind: 'moving',
    visible: true,
    locked: false,
    prompts: { points: [], box: null },
    trajectory: { points, timing: 'uniform', easing: [] },
  };
  return { ...doc, objects: [obj], masks: { o1: { width: W, height: H, data } } };
}
