import { randomUUID } from 'node:crypto';

export interface Asset {
  readonly id: string;
  readonly mime: string;
  readonly bytes: Buffer;
}

/**
 * In-memory store of imported images, served to the renderer by id (studio-asset:// or /asset/<token>/).
 * Bounded by total bytes: the oldest assets are evicted first so a long session cannot grow without end.
 */
export class AssetStore {
  private readonly assets = new Map<string, Asset>();
  private total = 0;

  constructor(private readonly maxTotalBytes = 2 * 1024 * 1024 * 1024) {}

  add(mime: string, bytes: Buffer): Asset {
    const asset = { id: randomUUID(), mime, bytes };
    this.assets.set(asset.id, asset);
    this.total += bytes.length;
    for (const [id, a] of this.assets) {
      if (this.total <= this.maxTotalBytes || id === asset.id) break;
      this.assets.delete(id);
      this.total -= a.bytes.length;
    }
    return asset;
  }

  get(id: string): Asset | undefined {
    return this.assets.get(id);
  }

  get size(): number {
    return this.assets.size;
  }

  clear(): void {
    this.assets.clear();
    this.total = 0;
  }
}
