export { createSegmentHandlers } from './handlers';
export { SegmentService, type SegmentDeps } from './service';
