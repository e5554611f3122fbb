import { frameEntryName } from '../../../src-shared/project';
import type { Take } from '../../../src-shared/project/schema';
import type { AssetStore } from '../images/assetStore';
import type { AssetUrl } from '../images/imageService';
import type { ProjectService } from '../projects';

export interface StoredTake {
  readonly take: Take;
  /** One PNG per frame, [H, W] RGB. */
  readonly pngs: readonly Uint8Array[];
  readonly urls: readonly string[];
  /** The project the take was generated for; null for a take read from the open project's file. */
  readonly projectId: string | null;
}

/**
 * Frames of the takes this session produced, as PNGs registered in the asset store (so the renderer loads
 * them by URL), plus the frames of takes inside the open project (read from its archive entries on demand).
 */
export class TakeStore {
  private readonly takes = new Map<string, StoredTake>();

  constructor(
    private readonly assets: AssetStore,
    private readonly assetUrl: AssetUrl,
    private readonly projects: ProjectService,
  ) {}

  add(take: Take, pngs: readonly Uint8Array[], projectId: string): StoredTake {
    const urls = pngs.map((p) => this.assetUrl(this.assets.add('image/png', Buffer.from(p)).id));
    const stored = { take, pngs, urls, projectId };
    this.takes.set(take.id, stored);
    // The project it was made for gets the entries now, so saving a document that lists the take keeps
    // its frames. Another project opened meanwhile gets nothing: the take is not its own.
    const data = this.projects.data;
    if (data && data.doc.id === projectId && take.frames) {
      const dir = take.frames.dir;
      pngs.forEach((p, i) => data.entries.set(frameEntryName(dir, i), p));
    }
    return stored;
  }

  /**
   * The project a take of this session was generated for; undefined for a take this session did not
   * generate (one read from a project file belongs to that file).
   */
  projectOf(takeId: string): string | undefined {
    return this.takes.get(takeId)?.projectId ?? undefined;
  }

  /** This session's take, else the open project's take of that id (frames read from its entries). */
  get(takeId: string): StoredTake | undefined {
    const own = this.takes.get(takeId);
    if (own) return own;
    const data = this.projects.data;
    const take = data?.doc.takes.find((t) => t.id === takeId);
    if (!data || !take?.frames) return undefined;
    const pngs: Uint8Array[] = [];
    for (let i = 0; i < take.frames.count; i++) {
      const p = data.entries.get(frameEntryName(take.frames.dir, i));
      if (!p) return undefined;
      pngs.push(p);
    }
    const stored = {
      take,
      pngs,
      urls: pngs.map((p) => this.assetUrl(this.assets.add('image/png', Buffer.from(p)).id)),
      projectId: null,
    };
    this.takes.set(takeId, stored);
    return stored;
  }
}
