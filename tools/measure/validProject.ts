// A valid 8192 x 8192 project (the largest image the studio opens) with two image-size depth maps and three
// masks, for the open-path RSS measurement of what a valid project makes main hold (see
// src-main/services/projects/README.md). Usage: node <bundled> OUT.levitor
import { writeFileSync } from 'node:fs';
import sharp from 'sharp';
import { writeArchive } from '../../src-main/services/projects';
import { makeProject } from '../../tests/integration/projectFixture';
const S = 8192;
const good = await makeProject();
const doc = structuredClone(good.doc);
doc.image.width = S;
doc.image.height = S;
doc.takes = [];
const img = new Uint8Array(
  await sharp({ create: { width: S, height: S, channels: 3, background: '#406080' } })
    .png()
    .toBuffer(),
);
const mask = new Uint8Array(
  await sharp(Buffer.alloc(S * S), { raw: { width: S, height: S, channels: 1 } })
    .png()
    .toBuffer(),
);
const depth = new Float32Array(S * S).map((_, i) => (i % 4096) / 4096);
doc.depth.original = { entry: 'depth/original.f32', kind: 'z0', width: S, height: S };
doc.depth.edited = { entry: 'depth/edited.f32', kind: 'z0', width: S, height: S };
const entries = new Map<string, Uint8Array>([
  ['image.png', img],
  ['masks/obj1.png', mask],
  ['masks/obj2.png', mask],
  ['masks/auto000.png', mask],
  ['depth/original.f32', new Uint8Array(depth.buffer)],
  ['depth/edited.f32', new Uint8Array(depth.buffer.slice(0))],
]);
writeFileSync(process.argv[2]!, writeArchive({ doc, entries }));
