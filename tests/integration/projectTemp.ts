import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import type { ProjectData } from '../../src-main/services/projects';
import { makeProject } from './projectFixture';

/**
 * A temp folder and the fixture project for one test file, made before its tests and removed after
 * (read them inside tests: they are set by beforeAll).
 */
export function projectTemp(prefix: string): { readonly dir: string; readonly good: ProjectData } {
  const state = {} as { dir: string; good: ProjectData };
  beforeAll(async () => {
    state.dir = await mkdtemp(join(tmpdir(), prefix));
    state.good = await makeProject();
  });
  afterAll(async () => {
    await rm(state.dir, { recursive: true, force: true });
  });
  return state;
}

/** Flips the byte 4 after `marker` in an archive, so reading that entry to its end fails its checksum. */
export function damageAfter(zip: Uint8Array, marker: Uint8Array): Uint8Array {
  const out = zip.slice();
  const at = Buffer.from(out).indexOf(Buffer.from(marker));
  expect(at).toBeGreaterThan(0);
  out[at + 4] = (out[at + 4] ?? 0) ^ 0xff;
  return out;
}
