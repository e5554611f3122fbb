import type { FitMode, Size } from '../../../src-shared/image/framing';

/** The method's trained frame: 288 wide, 512 high (portrait). */
export const TRAINED = { width: 288, height: 512 } as const;

export const FIT_LABEL: Record<FitMode, string> = {
  crop: 'Crop',
  letterbox: 'Letterbox',
  stretch: 'Stretch',
};

export const FIT_HELP: Record<FitMode, string> = {
  crop: 'A frame of the video’s shape cut from the image. With the Select tool (V), drag its edge to move it, a corner to scale it.',
  letterbox: 'The whole image, shape kept, with black bars filling the rest of the frame.',
  stretch:
    'The whole image squeezed into the frame, shape ignored: the reference’s behaviour (the LeviTor demo).',
};

export function isTrainedShape(t: Size): boolean {
  return t.width === TRAINED.width && t.height === TRAINED.height;
}

/** The label over the frame on the canvas. */
export function framingCaption(fit: FitMode, t: Size): string {
  const size = `${t.width}×${t.height}`;
  const shape = isTrainedShape(t) ? '' : ' · outside the method’s training shape';
  if (fit === 'crop') return `Crop · ${size} frame${shape}`;
  if (fit === 'letterbox') return `Letterbox · ${size} frame${shape}`;
  return `Stretched to ${size} (the reference’s behaviour)${shape}`;
}
