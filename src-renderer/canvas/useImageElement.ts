import { useEffect, useState } from 'react';

/** A smaller copy of the image for drawing it zoomed out: `scale` = its width / the image's width. */
export interface ImageLevel {
  readonly scale: number;
  readonly bitmap: ImageBitmap;
}

export type ImageLoad =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly url: string }
  | {
      readonly status: 'ready';
      readonly url: string;
      /** The element at first, then the same pixels as an ImageBitmap (decoded once and kept). */
      readonly image: HTMLImageElement | ImageBitmap;
      /** Halved copies, largest first, while they are made (empty for images of 2048 px or less). */
      readonly levels: readonly ImageLevel[];
    }
  | { readonly status: 'error'; readonly url: string };

type Settled = { readonly url: string; readonly image: HTMLImageElement | ImageBitmap | null };

/** Halved copies are made down to this longest side; smaller images are drawn from the image itself. */
const SMALLEST_LEVEL = 1024;

/**
 * Loads and fully decodes an image before it is handed to Konva, so the first frame that shows it does not
 * stall on decoding (an 8192x8192 PNG takes a noticeable moment to decode). "Loading" is derived: the
 * requested url differs from the last settled one. A large image also gets halved copies (made off the
 * main thread, high-quality filter): zoomed out, the canvas draws from the copy nearest above the screen
 * size instead of the 64 MB bitmap, which is faster (the image layer's draw during a pan on a 4096 px
 * image: 2.5 -> 0.2 ms) and looks the same (a 4096 px test card at 17 % gave a byte-identical screenshot:
 * Chromium filters a downscaled draw either way).
 */
export function useImageElement(url: string | undefined): ImageLoad {
  const [settled, setSettled] = useState<Settled | null>(null);
  const [levels, setLevels] = useState<{ url: string; levels: ImageLevel[] } | null>(null);
  useEffect(() => {
    if (!url) return undefined;
    let cancelled = false;
    const owned: ImageBitmap[] = []; // closed when the url changes or the canvas goes
    const copies: ImageLevel[] = [];
    const img = new Image();
    img.decoding = 'async';
    img.src = url;
    /** Keeps a bitmap made for this url; false (and closed) when the url changed meanwhile. */
    const keep = (b: ImageBitmap): boolean => {
      if (cancelled) b.close();
      else owned.push(b);
      return !cancelled;
    };
    const makeBitmaps = async (): Promise<void> => {
      // The full-size pixels as an ImageBitmap too: with the copies but the element as the full size, the
      // bench's zoom had frames of 100 ms when it went back above 50 % (the browser may drop an element's
      // decoded pixels while it is not drawn); a bitmap keeps them decoded.
      const full = await createImageBitmap(img);
      if (!keep(full)) return;
      setSettled({ url, image: full });
      for (let s = 0.5; Math.max(img.naturalWidth, img.naturalHeight) * s >= SMALLEST_LEVEL; s /= 2) {
        const bitmap = await createImageBitmap(img, {
          resizeWidth: Math.max(1, Math.round(img.naturalWidth * s)),
          resizeHeight: Math.max(1, Math.round(img.naturalHeight * s)),
          resizeQuality: 'high',
        });
        if (!keep(bitmap)) return;
        copies.push({ scale: bitmap.width / img.naturalWidth, bitmap });
        setLevels({ url, levels: [...copies] });
      }
    };
    img
      .decode()
      .then(() => {
        if (cancelled) return;
        setSettled({ url, image: img });
        // Without copies (out of memory, say) the image itself is drawn: slower zoomed out, still right.
        makeBitmaps().catch(() => undefined);
      })
      .catch(() => !cancelled && setSettled({ url, image: null }));
    return () => {
      cancelled = true;
      for (const b of owned) b.close();
    };
  }, [url]);

  if (!url) return { status: 'idle' };
  if (settled?.url !== url) return { status: 'loading', url };
  if (!settled.image) return { status: 'error', url };
  return { status: 'ready', url, image: settled.image, levels: levels?.url === url ? levels.levels : [] };
}

/**
 * What to draw when one image pixel covers `scale` device pixels: the smallest copy still at least as large
 * as the image on screen, else the image (always the image from 50 % up).
 */
export function sourceFor(
  image: HTMLImageElement | ImageBitmap,
  levels: readonly ImageLevel[],
  scale: number,
): CanvasImageSource {
  let best: CanvasImageSource = image;
  for (const l of levels) if (l.scale >= scale) best = l.bitmap;
  return best;
}
