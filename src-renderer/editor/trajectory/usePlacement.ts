import { useMemo } from 'react';
import type { Placement } from '../../../src-shared/image/framing';
import { useStudio } from '../../state/store';
import { placementOf } from './frameClamp';

/** Where the image sits in the generation frame under the document's framing (null without an image). */
export function usePlacement(): Placement | null {
  const image = useStudio((s) => s.document.image);
  const resolution = useStudio((s) => s.document.settings.resolution);
  const framing = useStudio((s) => s.document.framing);
  return useMemo(
    () => (image ? placementOf(image, resolution, framing) : null),
    [image, resolution, framing],
  );
}
