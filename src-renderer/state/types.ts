import type { DocumentSlice } from './documentSlice';
import type { UiSlice } from './uiSlice';
import type { AppSlice } from './appSlice';
import type { AnalysisSlice } from './analysisSlice';
import type { PlaybackSlice } from './playbackSlice';
import type { ProjectSlice } from '../project/projectSlice';

export type StudioState = DocumentSlice & UiSlice & AppSlice & AnalysisSlice & PlaybackSlice & ProjectSlice;

type Partial_<T> = { [K in keyof T]?: T[K] };
export type SetStudio = (
  partial: Partial_<StudioState> | ((s: StudioState) => Partial_<StudioState>),
) => void;
export type GetStudio = () => StudioState;

/** Slices get plain set/get so they stay independent of the middleware stack on the combined store. */
export type SliceCreator<T> = (set: SetStudio, get: GetStudio) => T;
