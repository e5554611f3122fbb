import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProjectService } from '../../src-main/services/projects';

const sample = resolve('resources/samples/coffee.levitor');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'levitor-sample-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('bundled sample project', () => {
  it('is small, opens and validates, and holds a mask, depth and a 3D trajectory', async () => {
    expect((await stat(sample)).size).toBeLessThan(2 * 1024 * 1024);
    const before = await readFile(sample);
    const svc = new ProjectService({ settingsDir: join(dir, 's'), recoveryDir: join(dir, 'r') });
    const data = await svc.open(sample);
    expect(data.doc.image).toMatchObject({ width: 600, height: 400 });
    const cup = data.doc.objects[0]!;
    expect(cup.kind).toBe('moving');
    expect(cup.trajectory!.points.length).toBeGreaterThanOrEqual(2);
    expect(new Set(cup.trajectory!.points.map((p) => p.depth)).size).toBeGreaterThan(1); // really 3D
    const { data: mask, info } = await sharp(data.entries.get(cup.mask!)!)
      .raw()
      .toBuffer({ resolveWithObject: true });
    const inside = mask.filter((_, i) => i % info.channels === 0).reduce((n, v) => n + (v > 0 ? 1 : 0), 0);
    expect(inside / (600 * 400)).toBeGreaterThan(0.2);
    expect(inside / (600 * 400)).toBeLessThan(0.7);
    const depth = new Float32Array(data.entries.get('depth/original.f32')!.slice().buffer);
    expect(depth.length).toBe(600 * 400);
    expect(depth.reduce((a, b) => Math.min(a, b), Infinity)).toBeGreaterThan(0);
    expect(depth.reduce((a, b) => Math.max(a, b), -Infinity)).toBeLessThanOrEqual(1);
    // Trajectory depths are on the Z0 scale of the depth map (the control engine needs Z + dd > 0):
    // the path starts at the cup's own Z0 and comes nearer (smaller Z) at every point.
    const pts = cup.trajectory!.points;
    const zStart = depth[Math.round(pts[0]!.y) * 600 + Math.round(pts[0]!.x)]!;
    expect(Math.abs(pts[0]!.depth - zStart) / zStart).toBeLessThan(0.02);
    for (let i = 1; i < pts.length; i++) {
      expect(pts[i]!.depth).toBeGreaterThan(0);
      expect(pts[i]!.depth).toBeLessThan(pts[i - 1]!.depth);
    }
    expect((await readFile(sample)).equals(before)).toBe(true); // opening never rewrites
    svc.dispose();
  });
});
