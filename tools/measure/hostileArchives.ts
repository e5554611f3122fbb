// Hostile archives for the open-path RSS measurement (see src-main/services/projects/README.md): two
// ~9 MB .levitor files whose three masks and depth map each inflate to 256 MiB (~130:1, under the
// 1000:1 bomb rule), and one of 1500 small mask bombs. Usage: node <bundled> OUT_DIR
import { writeFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import sharp from 'sharp';
import { makeProject } from '../../tests/integration/projectFixture';

const out = process.argv[2]!;
const good = await makeProject();
const zeros = new Uint8Array(256 << 20);
for (let i = 0; i < zeros.length; i += 400) zeros[i] = (i * 2654435761) >>> 24; // ~200:1, under the 1000:1 bomb rule
const S = 8192;
function zip(doc: unknown, entries: Record<string, Uint8Array>): Uint8Array {
  const files: Record<string, [Uint8Array, { level: 0 | 1 }]> = {
    'project.json': [strToU8(JSON.stringify(doc)), { level: 1 }],
  };
  for (const [k, v] of Object.entries(entries))
    files[k] = [v, { level: /\.png$/.test(k) && v !== zeros ? 0 : 1 }];
  return zipSync(files);
}
// A: the document claims 8192 x 8192; its image is 48 x 64; three masks and the depth map are 256 MiB of zeros.
const a = structuredClone(good.doc);
a.image.width = S;
a.image.height = S;
a.depth.original = { entry: 'depth/original.f32', kind: 'z0', width: S, height: S };
a.takes = [];
writeFileSync(
  `${out}/claim.levitor`,
  zip(a, {
    'image.png': good.entries.get('image.png')!,
    'masks/obj1.png': zeros,
    'masks/obj2.png': zeros,
    'masks/auto000.png': zeros,
    'depth/original.f32': zeros,
  }),
);
// B: a real 8192 x 8192 image backs the claim; the three masks are 256 MiB of zeros each.
const img = new Uint8Array(
  await sharp({ create: { width: S, height: S, channels: 3, background: '#406080' } })
    .png()
    .toBuffer(),
);
writeFileSync(
  `${out}/masks.levitor`,
  zip(a, {
    'image.png': img,
    'masks/obj1.png': zeros,
    'masks/obj2.png': zeros,
    'masks/auto000.png': zeros,
    'depth/original.f32': zeros,
  }),
);
// C: the same real image; 1500 auto segments of 1 MiB each, a PNG header of the image's size then zeros
// (~1000:1 in the zip, each under the 1 MiB the per-entry ratio rule starts at): 1.5 GiB from ~2 MB.
const c = structuredClone(a);
c.objects = [];
c.depth.original = null;
const mask = new Uint8Array(1 << 20);
mask.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
new DataView(mask.buffer).setUint32(16, S);
new DataView(mask.buffer).setUint32(20, S);
const small: Record<string, Uint8Array> = { 'image.png': img };
c.autoSegments = Array.from({ length: 1500 }, (_, i) => `segments/auto_${String(i).padStart(4, '0')}.png`);
for (const name of c.autoSegments) small[name] = mask;
const zipped: Record<string, [Uint8Array, { level: 0 | 6 }]> = {
  'project.json': [strToU8(JSON.stringify(c)), { level: 6 }],
};
for (const [k, v] of Object.entries(small)) zipped[k] = [v, { level: v === mask ? 6 : 0 }];
writeFileSync(`${out}/smallmasks.levitor`, zipSync(zipped));
