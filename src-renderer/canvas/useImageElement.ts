import { useEffect, useState } from 'react';

export type ImageLoad =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly url: string }
  | { readonly status: 'ready'; readonly url: string; readonly image: HTMLImageElement }
  | { readonly status: 'error'; readonly url: string };

type Settled = { readonly url: string; readonly image: HTMLImageElement | null };

/**
 * Loads and fully decodes an image before it is handed to Konva, so the first frame that shows it does not
 * stall on decoding (an 8192x8192 PNG takes a noticeable moment to decode). "Loading" is derived: the
 * requested url differs from the last settled one.
 */
export function useImageElement(url: string | undefined): ImageLoad {
  const [settled, setSettled] = useState<Settled | null>(null);
  useEffect(() => {
    if (!url) return undefined;
    let cancelled = false;
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    img
      .decode()
      .then(() => !cancelled && setSettled({ url, image: img }))
      .catch(() => !cancelled && setSettled({ url, image: null }));
    return () => {
      cancelled = true;
    };
  }, [url]);

  if (!url) return { status: 'idle' };
  if (settled?.url !== url) return { status: 'loading', url };
  return settled.image ? { status: 'ready', url, image: settled.image } : { status: 'error', url };
}
