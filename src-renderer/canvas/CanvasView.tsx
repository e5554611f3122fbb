import { useRef } from 'react';
import { useStudio } from '../state/store';
import { EmptyState } from './EmptyState';
import { StudioStage } from './StudioStage';
import { useAutoFit } from './useAutoFit';
import { usePanZoom } from './usePanZoom';
import { useStageSize } from './useStageSize';

export function CanvasView() {
  const ref = useRef<HTMLDivElement>(null);
  useStageSize(ref);
  useAutoFit();
  const cursor = usePanZoom(ref);
  const hasImage = useStudio((s) => s.document.image !== null);
  return (
    <div
      ref={ref}
      className={`canvas canvas--cursor-${cursor}`}
      data-testid="canvas"
      role="region"
      aria-label="Canvas"
    >
      <StudioStage />
      {!hasImage && <EmptyState />}
    </div>
  );
}
