import { useMemo } from 'react';
import { useStudio } from '../../state/store';
import { checkFrame, type FrameReport } from './frameCheck';

/** checkFrame for the open document, recomputed only when what it reads changes. */
export function useFrameReport(): FrameReport {
  const image = useStudio((s) => s.document.image);
  const objects = useStudio((s) => s.document.objects);
  const masks = useStudio((s) => s.document.masks);
  const framing = useStudio((s) => s.document.framing);
  const settings = useStudio((s) => s.document.settings);
  return useMemo(
    () => checkFrame({ image, objects, masks, framing, settings }),
    [image, objects, masks, framing, settings],
  );
}
