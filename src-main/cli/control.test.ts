import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, cpSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { controlCommand, parseControlArgs } from './control';

const fixture = join(__dirname, '..', '..', 'tests', 'fixtures', 'control', 'ratio-half');
const tmp = mkdtempSync(join(tmpdir(), 'levitor-control-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('levitor control', () => {
  it('parses arguments', () => {
    expect(parseControlArgs(['s.json', '--out', 'o', '--frames', '8']).frames).toBe(8);
    expect(() => parseControlArgs(['s.json'])).toThrow(/--out/);
    expect(() => parseControlArgs(['s.json', '--out', 'o', '--frames', '0'])).toThrow(/positive/);
  });

  it('writes keypoints.json, control.f32 + control.json and id-map PNGs equal to the golden', async () => {
    const out = join(tmp, 'out');
    expect(await controlCommand([join(fixture, 'scene.json'), '--out', out])).toBe(0);
    const header = JSON.parse(readFileSync(join(out, 'control.json'), 'utf8'));
    const [F, , H, W] = header.shape as number[];
    expect(header).toEqual({ dtype: 'float32', byteOrder: 'little', shape: [F, 3, H, W] });
    const kp = JSON.parse(readFileSync(join(out, 'keypoints.json'), 'utf8'));
    const kpExp = JSON.parse(readFileSync(join(fixture, 'expected', 'keypoints.json'), 'utf8'));
    expect(kp).toEqual(kpExp);
    const ctl = readFileSync(join(out, 'control.f32'));
    expect(ctl.equals(gunzipSync(readFileSync(join(fixture, 'expected', 'control.f32.gz'))))).toBe(true);
    const pngs = readdirSync(join(out, 'idmaps')).sort();
    expect(pngs.length).toBe(F);
    const ids = gunzipSync(readFileSync(join(fixture, 'expected', 'idmaps.u8.gz')));
    // sharp decodes grayscale PNGs to 3 channels: take channel 0
    const last = await sharp(join(out, 'idmaps', pngs[F! - 1]!))
      .extractChannel(0)
      .raw()
      .toBuffer();
    expect(last.equals(ids.subarray((F! - 1) * H! * W!, F! * H! * W!))).toBe(true);
  });

  it('refuses a user depth of 0 with exit code 2', async () => {
    const dir = join(tmp, 'bad');
    cpSync(fixture, dir, { recursive: true });
    const scene = JSON.parse(readFileSync(join(dir, 'scene.json'), 'utf8'));
    const mover = scene.objects.find((o: { kind: string }) => o.kind === 'moving');
    mover.trajectory[0].depth = 0;
    writeFileSync(join(dir, 'scene.json'), JSON.stringify(scene));
    expect(await controlCommand([join(dir, 'scene.json'), '--out', join(tmp, 'o2')])).toBe(2);
  });

  it('refuses a malformed scene file with exit code 2', async () => {
    const p = join(tmp, 'bad.json');
    writeFileSync(p, JSON.stringify({ format: 'levitor-scene', version: 2 }));
    expect(await controlCommand([p, '--out', join(tmp, 'o3')])).toBe(2);
  });

  /** Runs the command and returns its exit code with what it wrote to stdout and stderr. */
  async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const o = vi.spyOn(process.stdout, 'write').mockImplementation((c) => (out.push(String(c)), true));
    const e = vi.spyOn(process.stderr, 'write').mockImplementation((c) => (err.push(String(c)), true));
    try {
      return { code: await controlCommand(argv), out: out.join(''), err: err.join('') };
    } finally {
      o.mockRestore();
      e.mockRestore();
    }
  }

  it('prints its help for --help and -h', async () => {
    for (const flag of ['--help', '-h']) {
      const r = await run([flag]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^usage: levitor control <scene folder \| scene\.json> --out DIR/);
      expect(r.out).toMatch(/--points-ratio X/);
      expect(r.out).toMatch(/docs\/scene-format\.md/);
    }
  });

  it('takes the scene folder as well as its scene.json', async () => {
    const r = await run([fixture, '--out', join(tmp, 'from-folder')]);
    expect(r.code).toBe(0);
    const kp = readFileSync(join(tmp, 'from-folder', 'keypoints.json'), 'utf8');
    expect(JSON.parse(kp)).toEqual(
      JSON.parse(readFileSync(join(fixture, 'expected', 'keypoints.json'), 'utf8')),
    );
    const empty = join(tmp, 'no-scene');
    cpSync(join(fixture, 'masks'), empty, { recursive: true });
    const refused = await run([empty, '--out', join(tmp, 'o4')]);
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/the folder has no scene\.json/);
  });

  it('refuses what the format does not allow, saying why', async () => {
    const cases: [string, (scene: Scene) => void, RegExp][] = [
      ['far', (s) => (mover(s).trajectory[0]!.depth = 1.5), /depth must be at most 1/],
      ['outside', (s) => (mover(s).mask = '../../elsewhere.png'), /points outside the scene folder/],
    ];
    for (const [name, edit, message] of cases) {
      const dir = join(tmp, name);
      cpSync(fixture, dir, { recursive: true });
      const scene = JSON.parse(readFileSync(join(dir, 'scene.json'), 'utf8')) as Scene;
      edit(scene);
      writeFileSync(join(dir, 'scene.json'), JSON.stringify(scene));
      const r = await run([dir, '--out', join(tmp, `o-${name}`)]);
      expect(r.code, name).toBe(2);
      expect(r.err, name).toMatch(/^refused: /);
      expect(r.err, name).toMatch(message);
    }
  });
});

interface Scene {
  objects: { kind: string; mask: string; trajectory: { depth: number }[] }[];
}
const mover = (s: Scene) => s.objects.find((o) => o.kind === 'moving')!;
