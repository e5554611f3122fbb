import * as ort from 'onnxruntime-node';
import { recogniseModel } from '../../../../src-shared/models/contracts';
import { readGeometry } from '../sam2js/config';
import { Sam2JsRunner } from '../sam2js/runner';
import { SamV1Runner } from '../samv1/runner';
import { sessionGraphInfo, sessionOptions } from './graphInfo';
import { Sam2Runner } from './runner';
import type { SegRunner } from './segRunner';

/**
 * Opens an installed segmentation model's two graphs and picks the runner by what the graphs are (names and
 * shapes, src-shared/models/contracts), not by file names: SAM2 encoder + decoder, SAM2 transformers.js, or
 * SAM v1. `configPath`: a transformers.js preprocessor_config.json installed with the model (geometry).
 */
export async function openSegRunner(
  encoderPath: string,
  decoderPath: string,
  providers: readonly string[] = ['cpu'],
  configPath?: string,
): Promise<SegRunner> {
  const opts = sessionOptions(providers);
  const a = await ort.InferenceSession.create(encoderPath, opts);
  let b: ort.InferenceSession | null = null;
  try {
    b = await ort.InferenceSession.create(decoderPath, opts);
    const infos = [sessionGraphInfo(a, encoderPath), sessionGraphInfo(b, decoderPath)];
    const r = recogniseModel(infos);
    if (!r.ok) throw new Error(r.message);
    const { contract, parts, kinds } = r.model;
    if (parts.encoder === undefined || parts.decoder === undefined) {
      throw new Error(
        `${contract}: expected an image encoder graph and a decoder graph, found ${infos.map((g, i) => `${g.label} (${i === parts.decoder ? 'decoder' : 'not an encoder'})`).join(', ')}`,
      );
    }
    const [enc, dec] = parts.encoder === 0 ? [a, b] : [b, a];
    switch (contract) {
      case 'sam2-encoder-decoder':
        return Sam2Runner.fromSessions(enc, dec, kinds.decoder ?? 'sam2-decoder');
      case 'sam2-transformersjs':
        return new Sam2JsRunner(enc, dec, await readGeometry(configPath));
      case 'sam-v1':
        return new SamV1Runner(enc, dec);
      default:
        throw new Error(`${contract} is not a segmentation contract (expected SAM2 or SAM v1 graphs)`);
    }
  } catch (err) {
    await a.release();
    await b?.release();
    throw err;
  }
}
