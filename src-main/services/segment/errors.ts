import { StudioError } from '../../../src-shared/ipc/contract';
import { UNRECOGNIZED_MARK } from '../../../src-shared/segment/ipc';
import { InferenceError } from '../../inference/client';

/**
 * Inference host failures -> the contract's errors: a cancel is 'jobs/cancelled', a model the host could not
 * open (its handlers mark it) is 'models/unrecognized' with advice, anything else keeps the host's code.
 */
export function mapInferenceError(e: unknown, model: { role: 'segmentation' | 'depth'; id: string }): Error {
  if (e instanceof StudioError) return e;
  if (!(e instanceof InferenceError)) return e instanceof Error ? e : new Error(String(e));
  if (e.code === 'inference/cancelled') return new StudioError('jobs/cancelled', 'the job was cancelled');
  const at = e.message.indexOf(UNRECOGNIZED_MARK);
  if (at >= 0) {
    const why = e.message.slice(at + UNRECOGNIZED_MARK.length).trim();
    return new StudioError(
      'models/unrecognized',
      `The ${model.role} model ${model.id} cannot be used: ${why}. Verify or repair it in the Models panel ` +
        `(or \`levitor models verify ${model.id}\`), or install another ${model.role} model.`,
    );
  }
  return new StudioError(e.code, e.message);
}
