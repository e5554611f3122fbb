/**
 * Keypoint colours: user objects take their own colour (the objects panel's), automatic segments a hue
 * spread by id (golden angle) so neighbouring segments differ.
 */
export function segmentColour(id: number): string {
  const hue = Math.round((id * 137.508) % 360);
  return `hsl(${hue} 70% 60%)`;
}

/** Screen radius (CSS px) of a keypoint at LeviTor depth Z in (0, 1]: nearer points are drawn larger. */
export function pointRadius(z: number, user: boolean): number {
  const near = 1 - Math.min(1, Math.max(0, z));
  return (user ? 3.5 : 2) + (user ? 8 : 4) * near;
}
