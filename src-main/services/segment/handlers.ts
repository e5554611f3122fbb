import { segmentChannels, type SegmentChannel } from '../../../src-shared/segment/ipc';
import type { SegmentService } from './service';

/** `segment:*` / `depth:estimate` handlers for the dispatcher's extra table; each parses its own payload. */
export function createSegmentHandlers(
  s: SegmentService,
): Record<SegmentChannel, (payload: unknown) => Promise<unknown>> {
  const parse = <C extends SegmentChannel>(c: C, p: unknown) =>
    segmentChannels[c].request.parse(p) as ReturnType<(typeof segmentChannels)[C]['request']['parse']>;
  return {
    'segment:prepare': (p) => s.prepare(parse('segment:prepare', p).imageId),
    'segment:click': (p) => s.click(parse('segment:click', p)),
    'segment:auto': (p) => {
      const r = parse('segment:auto', p);
      return s.auto(r.imageId, r.settings);
    },
    'segment:autoResult': (p) => s.autoResult(parse('segment:autoResult', p).jobId),
    'depth:estimate': (p) => s.depth(parse('depth:estimate', p).imageId),
  };
}
