import { useEffect, useState } from 'react';
import { bridge } from '../bridge';

interface Loaded {
  readonly urls: readonly string[];
  readonly images: readonly HTMLImageElement[];
}

const cache = new Map<string, Promise<Loaded>>();

/** Frame URLs of a take from main (generation:takeFrames), decoded ahead so playback never waits. */
export function loadTakeFrames(takeId: string): Promise<Loaded> {
  let p = cache.get(takeId);
  if (!p) {
    p = bridge.api.generation.takeFrames({ takeId }).then(async ({ urls }) => {
      const images = urls.map((u) => {
        const img = new Image();
        img.src = u;
        return img;
      });
      await Promise.all(images.map((i) => i.decode().catch(() => undefined)));
      return { urls, images };
    });
    p.catch(() => cache.delete(takeId));
    cache.set(takeId, p);
  }
  return p;
}

/** The take's frame URLs once loaded; null while loading; an Error when main has no frames for it. */
export function useTakeFrames(takeId: string | null): readonly string[] | null | Error {
  const [state, setState] = useState<{ id: string | null; value: readonly string[] | null | Error }>({
    id: null,
    value: null,
  });
  useEffect(() => {
    if (!takeId) return undefined;
    let stale = false;
    loadTakeFrames(takeId).then(
      (l) => !stale && setState({ id: takeId, value: l.urls }),
      (e: unknown) =>
        !stale && setState({ id: takeId, value: e instanceof Error ? e : new Error(String(e)) }),
    );
    return () => {
      stale = true;
    };
  }, [takeId]);
  return state.id === takeId ? state.value : null;
}
