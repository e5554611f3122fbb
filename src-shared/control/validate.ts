/** Input checks: refuse what the reference would crash on or silently mangle. */
import { ControlError } from './errors';
import type { ControlScene } from './types';

export function validateScene(s: ControlScene): void {
  const { width: W, height: H } = s;
  if (!Number.isInteger(W) || !Number.isInteger(H) || W < 1 || H < 1)
    throw new ControlError('bad-parameter', `width/height must be positive integers, got ${W}x${H}`);
  const n = W * H;
  if (s.depth.data.length !== n)
    throw new ControlError(
      'size-mismatch',
      `depth map has ${s.depth.data.length} values, expected ${W}x${H} = ${n}`,
    );
  s.objects.forEach((o, j) => {
    const label = `object ${j + 1} (${o.name ?? 'unnamed'})`;
    if (o.mask.length !== n)
      throw new ControlError('size-mismatch', `${label}: mask has ${o.mask.length} pixels, expected ${n}`);
    if (isEmpty(o.mask)) throw new ControlError('empty-mask', `${label}: mask is empty`);
    if (o.kind !== 'moving') return;
    const tr = o.trajectory ?? [];
    if (tr.length === 0)
      throw new ControlError(
        'bad-parameter',
        `${label}: a moving object needs at least one trajectory point`,
      );
    tr.forEach((p, k) => {
      if (!Number.isInteger(p.x) || !Number.isInteger(p.y) || p.x < 0 || p.x >= W || p.y < 0 || p.y >= H)
        throw new ControlError(
          'trajectory-outside',
          `${label}: point ${k} (${p.x}, ${p.y}) is not an integer pixel inside ${W}x${H}`,
        );
      if (!(p.depth > 0) || !Number.isFinite(p.depth))
        throw new ControlError(
          'bad-user-depth',
          `${label}: point ${k} depth ${p.depth} must be > 0 (smaller = nearer; 0 would divide by zero)`,
        );
    });
  });
  s.autoMasks.forEach((m, k) => {
    if (m.length !== n)
      throw new ControlError('size-mismatch', `automatic mask ${k} has ${m.length} pixels, expected ${n}`);
  });
}

function isEmpty(m: Uint8Array): boolean {
  for (let i = 0; i < m.length; i++) if (m[i] !== 0) return false;
  return true;
}
