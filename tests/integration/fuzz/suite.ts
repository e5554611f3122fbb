import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refuseAll } from './host';
import { fuzzKit, type FuzzCase, type FuzzKit } from './kit';

/**
 * One subject's hostile files, each refused through the browser host within the bounds of host.ts.
 * The three project-fuzz test files together make at least 500 cases (250 + 200 + 70 at the least).
 */
export function fuzzSuite(
  subject: string,
  seed: number,
  min: number,
  make: (k: FuzzKit) => FuzzCase[],
): void {
  let dir: string;
  let kit: FuzzKit;
  let cases: FuzzCase[];
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), `levitor-fuzz-${subject}-`));
    kit = await fuzzKit(seed);
    cases = make(kit);
  }, 60_000);
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });
  describe(`hostile project files: ${subject}`, () => {
    it('refuses every case with a clear message in bounded time and memory; host, open project, files untouched', async () => {
      expect(cases.length).toBeGreaterThanOrEqual(min);
      console.log(`fuzz ${subject}: ${await refuseAll(dir, kit, cases)}`);
    }, 60_000);
  });
}
