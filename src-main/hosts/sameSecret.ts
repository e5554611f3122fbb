import { createHash, timingSafeEqual } from 'node:crypto';

const digest = (s: string): Buffer => createHash('sha256').update(s, 'utf8').digest();

/**
 * Whether a secret a client sent equals ours, in time that does not depend on where they first differ.
 * Both sides are hashed first so timingSafeEqual gets equal lengths and the length of our secret does not
 * leak either; a missing value (null/undefined) is never equal.
 */
export function sameSecret(sent: string | null | undefined, ours: string): boolean {
  if (typeof sent !== 'string') return false;
  return timingSafeEqual(digest(sent), digest(ours));
}
