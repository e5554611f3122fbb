import { createHash } from 'node:crypto';
import type { RgbImage } from './pre';

/** What every segmentation contract's embedding carries: the content key and the image size it encodes. */
export interface SegEmbedding {
  key: string;
  width: number;
  height: number;
}

/** Image features of one encoded image: [1,32,256,256], [1,64,128,128], [1,256,64,64]. */
export interface Sam2Embedding extends SegEmbedding {
  highRes0: Float32Array;
  highRes1: Float32Array;
  imageEmbed: Float32Array;
}

/** Content hash of an image (dims + pixels), the embedding cache key: same pixels never re-encode. */
export function imageKey(img: RgbImage): string {
  const h = createHash('sha256');
  h.update(`${img.width}x${img.height}:`);
  h.update(img.data);
  return h.digest('hex');
}

/** Small LRU of embeddings (~22 MB each for SAM2, 4 MB for SAM v1), keyed by image content hash. */
export class EmbeddingCache<E extends SegEmbedding = Sam2Embedding> {
  private readonly map = new Map<string, E>();
  hits = 0;
  misses = 0;

  constructor(private readonly capacity = 4) {}

  get(key: string): E | undefined {
    const e = this.map.get(key);
    if (e) {
      this.map.delete(key);
      this.map.set(key, e);
      this.hits++;
    } else {
      this.misses++;
    }
    return e;
  }

  set(e: E): void {
    this.map.delete(e.key);
    this.map.set(e.key, e);
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value;
      if (oldest === undefined) break;
      this.map.delete(oldest);
    }
  }

  clear(): void {
    this.map.clear();
  }
}
