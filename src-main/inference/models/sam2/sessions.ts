import type * as ort from 'onnxruntime-node';
import { createCheckedSession } from '../../checkedSession';
import { recogniseModel, type RecognisedModel } from '../../../../src-shared/models/contracts';
import { EmbeddingCache, type SegEmbedding } from './cache';
import { sessionGraphInfo, sessionOptions } from './graphInfo';

/** Both graphs of a segmentation model, opened, recognised and told apart by what they are. */
export interface RecognisedPair {
  encoder: ort.InferenceSession;
  decoder: ort.InferenceSession;
  model: RecognisedModel;
}

/**
 * Opens an encoder and a decoder graph, recognises them (src-shared/models/contracts) and hands them to
 * `build` by part; if recognition or `build` fails, both sessions are released before the error goes on.
 */
export async function openRecognised<T>(
  encoderPath: string,
  decoderPath: string,
  providers: readonly string[],
  build: (p: RecognisedPair) => T | Promise<T>,
): Promise<T> {
  // By the caller's naming; if the graphs say otherwise they are swapped below and only memory use differs.
  const a = await createCheckedSession(encoderPath, sessionOptions(providers, { oncePerImage: true }));
  let b: ort.InferenceSession | null = null;
  try {
    b = await createCheckedSession(decoderPath, sessionOptions(providers));
    const infos = [sessionGraphInfo(a, encoderPath), sessionGraphInfo(b, decoderPath)];
    const r = recogniseModel(infos);
    if (!r.ok) throw new Error(r.message);
    const { contract, parts } = r.model;
    if (parts.encoder === undefined || parts.decoder === undefined) {
      const found = infos.map((g, i) => `${g.label} (${i === parts.decoder ? 'decoder' : 'not an encoder'})`);
      throw new Error(
        `${contract}: expected an image encoder graph and a decoder graph, found ${found.join(', ')}`,
      );
    }
    const [encoder, decoder] = parts.encoder === 0 ? [a, b] : [b, a];
    return await build({ encoder, decoder, model: r.model });
  } catch (err) {
    await a.release();
    await b?.release();
    throw err;
  }
}

/**
 * What every contract's runner holds: the two sessions until release(), and the embedding cache by image
 * content hash (so repeated clicks never re-encode).
 */
export abstract class SessionPair<E extends SegEmbedding> {
  readonly cache = new EmbeddingCache<E>();
  encodeCount = 0;
  private sessions: [ort.InferenceSession, ort.InferenceSession] | null;

  protected constructor(
    encoder: ort.InferenceSession,
    decoder: ort.InferenceSession,
    readonly contract: string,
  ) {
    this.sessions = [encoder, decoder];
  }

  protected get encoder(): ort.InferenceSession {
    return this.live()[0];
  }

  protected get decoder(): ort.InferenceSession {
    return this.live()[1];
  }

  async release(): Promise<void> {
    const s = this.sessions;
    this.sessions = null;
    this.cache.clear();
    for (const x of s ?? []) await x.release();
  }

  private live(): [ort.InferenceSession, ort.InferenceSession] {
    if (!this.sessions) throw new Error(`${this.contract}: sessions are released`);
    return this.sessions;
  }
}
