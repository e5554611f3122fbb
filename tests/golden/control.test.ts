/**
 * Golden parity of the TypeScript control engine with the Python reference (tools/reference/,
 * NumPy/SciPy/scikit-learn/OpenCV): for every tests/fixtures/control/<scene>/, id maps and keypoints must be
 * identical and the control tensor equal (max |diff| reported per scene, asserted 0).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { computeControl } from '../../src-shared/control';
import { loadScene } from '../../src-main/services/scene/loadScene';

const root = join(__dirname, '..', 'fixtures', 'control');
const scenes = existsSync(root)
  ? readdirSync(root)
      .filter((d) => existsSync(join(root, d, 'expected', 'keypoints.json')))
      .sort()
  : [];

const gz = (p: string): Buffer => gunzipSync(readFileSync(p));
const rows: string[] = [];

function countDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) n++;
  return n;
}

describe('control engine vs Python reference goldens', () => {
  it('has fixture scenes', () => expect(scenes.length).toBeGreaterThanOrEqual(10));
  for (const name of scenes) {
    it(name, async () => {
      const dir = join(root, name);
      const { scene } = await loadScene(join(dir, 'scene.json'));
      const t0 = performance.now();
      const res = computeControl(scene);
      const ms = performance.now() - t0;
      const exp = join(dir, 'expected');
      const merged = new Uint8Array(gz(join(exp, 'merged.u8.gz')));
      const ids = new Uint8Array(gz(join(exp, 'idmaps.u8.gz')));
      const cbuf = gz(join(exp, 'control.f32.gz'));
      const control = new Float32Array(cbuf.buffer, cbuf.byteOffset, cbuf.length / 4);
      const kpExp = (
        JSON.parse(readFileSync(join(exp, 'keypoints.json'), 'utf8')) as { frames: number[][][] }
      ).frames;
      const mergedDiff = countDiff(res.merged, merged);
      const idDiff = countDiff(res.idMaps, ids);
      let kpDiff = 0;
      let kpTotal = 0;
      kpExp.forEach((f, i) => {
        const got = res.keypoints[i] ?? [];
        kpTotal += f.length;
        const n = Math.max(f.length, got.length);
        for (let k = 0; k < n; k++) if (JSON.stringify(f[k]) !== JSON.stringify(got[k])) kpDiff++;
      });
      let maxAbs = control.length === res.control.length ? 0 : Infinity;
      for (let i = 0; i < control.length && maxAbs !== Infinity; i++)
        maxAbs = Math.max(maxAbs, Math.abs((control[i] as number) - (res.control[i] as number)));
      rows.push(
        `${name.padEnd(16)} ${`${scene.width}x${scene.height}x${res.frames}`.padEnd(11)} merged≠${String(mergedDiff).padEnd(5)} idmap≠${String(idDiff).padEnd(6)} keypoints≠${kpDiff}/${kpTotal}`.padEnd(
          80,
        ) + ` control max|Δ|=${maxAbs}  (${ms.toFixed(0)} ms)`,
      );
      expect(mergedDiff).toBe(0);
      expect(idDiff).toBe(0);
      expect(res.keypoints.length).toBe(kpExp.length);
      expect(kpDiff).toBe(0);
      expect(maxAbs).toBe(0);
    });
  }
  afterAll(() => {
    console.log(['scene            size        parity', ...rows].join('\n'));
  });
});
