/**
 * Image limits: at least 8192 px a side must open; beyond these the error says what to do. The pixel
 * limit is what was measured end to end (tests/integration/large-image.test.ts: open, embedding, depth,
 * a click, automatic segments, save, reopen of a 16384x4096 image; the same pixels as 8192x8192). Past
 * it the time of every image-size pass (decode, automatic-segment candidates, PNG for the project) and
 * main's memory grow with the pixels; 16384x16384 (4x) was not made to work.
 */
export const IMAGE_LIMITS = { maxSide: 16384, maxPixels: 8192 * 8192, maxBytes: 512 * 1024 * 1024 } as const;
