import { readGeometry } from '../sam2js/config';
import { Sam2JsRunner } from '../sam2js/runner';
import { SamV1Runner } from '../samv1/runner';
import { Sam2Runner } from './runner';
import type { SegRunner } from './segRunner';
import { openRecognised } from './sessions';

/**
 * Opens an installed segmentation model's two graphs and picks the runner by what the graphs are (names and
 * shapes, src-shared/models/contracts), not by file names: SAM2 encoder + decoder, SAM2 transformers.js, or
 * SAM v1. `configPath`: a transformers.js preprocessor_config.json installed with the model (geometry).
 */
export function openSegRunner(
  encoderPath: string,
  decoderPath: string,
  providers: readonly string[] = ['cpu'],
  configPath?: string,
): Promise<SegRunner> {
  return openRecognised(encoderPath, decoderPath, providers, async ({ encoder, decoder, model }) => {
    switch (model.contract) {
      case 'sam2-encoder-decoder':
        return Sam2Runner.fromSessions(encoder, decoder, model.kinds.decoder ?? 'sam2-decoder');
      case 'sam2-transformersjs':
        return new Sam2JsRunner(encoder, decoder, await readGeometry(configPath));
      case 'sam-v1':
        return new SamV1Runner(encoder, decoder);
      default:
        throw new Error(`${model.contract} is not a segmentation contract (expected SAM2 or SAM v1 graphs)`);
    }
  });
}
