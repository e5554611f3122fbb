import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { expect } from 'vitest';
import { startBrowserServer } from '../../../src-main/hosts/browserServer';
import type { StudioServices } from '../../../src-main/services';
import { ProjectService, createProjectHandlers, writeArchive } from '../../../src-main/services/projects';
import { connectHost } from '../support/hostSocket';
import type { FuzzCase, FuzzKit } from './kit';

/**
 * The bounds every case is held to (the figures seen are printed): an answer within 5 s, and the
 * process's resident memory never more than 160 MiB above where it started (one 100 MiB bomb inflated,
 * or two, would pass it; the suite's peak is ~+50 MiB).
 */
export const CASE_MS = 5_000;
export const RSS_GROWTH = 160 << 20;

const sha = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex');

/** Every file under `dir`, with its size and hash (what "nothing written" is checked against). */
async function tree(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const e of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const p = join(e.parentPath, e.name);
    out.push(e.isFile() ? `${relative(dir, p)} ${sha(await readFile(p))}` : `${relative(dir, p)}/`);
  }
  return out.sort();
}

/**
 * Opens each case through a real browser host (loopback WebSocket, token, the real project handlers)
 * while a project is open from a file, as the renderer does with a file the user picked, and checks
 * for each: refused as `project/*` with a message that says what happened and what to do, within the
 * time bound; the open project unchanged (its archive's hash) and still bound to its file. Then: the
 * host answers, the open file's hash and every file under the test folder are as they were, and the
 * temp folder the host was given is empty (an upload is read from memory). A case that opens (a flip or
 * lie in bytes nothing reads) must be the identical document, and is settled as not shown: main puts
 * the open project back.
 */
export async function refuseAll(dir: string, kit: FuzzKit, cases: FuzzCase[]): Promise<string> {
  const tmp = join(dir, 'tmp');
  await mkdir(tmp);
  const oldTmp = process.env.TMPDIR;
  process.env.TMPDIR = tmp;
  const svc = new ProjectService({ settingsDir: join(dir, 'settings'), recoveryDir: join(dir, 'recovery') });
  const services = { extraHandlers: createProjectHandlers(svc) } as unknown as StudioServices;
  const server = await startBrowserServer({ rendererDir: dir, services: () => services });
  const host = await connectHost(`http://127.0.0.1:${server.port}/?token=${server.token}`);
  try {
    const openPath = join(dir, 'open.levitor');
    await writeFile(openPath, kit.goodBytes);
    await svc.open(openPath);
    const held = sha(kit.goodBytes);
    const before = await tree(dir);
    const refused: Record<string, number> = {};
    const failures: string[] = [];
    const accepted: string[] = [];
    let slowest = { ms: 0, name: '' };
    const rss0 = process.memoryUsage().rss;
    let peak = rss0;
    for (const c of cases) {
      const t0 = performance.now();
      const r = await host
        .call<{ doc: unknown; settle: string }>('project:openBytes', {
          name: 'case.levitor',
          bytes: c.bytes,
        })
        .then(
          (snap) => ({ snap }),
          (e: Error & { code?: string }) => ({ error: e }),
        );
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, name: c.name };
      peak = Math.max(peak, process.memoryUsage().rss);
      if ('snap' in r) {
        if (!/^(flip|lie)-/.test(c.name)) failures.push(`${c.name}: opened`);
        else expect(r.snap.doc, c.name).toEqual(kit.good.doc);
        accepted.push(c.name);
        await host.call('project:settle', { id: r.snap.settle, shown: false });
      } else {
        const code = r.error.code ?? '';
        if (!code.startsWith('project/')) failures.push(`${c.name}: ${code} ${r.error.message}`);
        expect(r.error.message.length, c.name).toBeGreaterThan(40); // what happened and what to do
        refused[code] = (refused[code] ?? 0) + 1;
      }
      expect(svc.state.path, c.name).toBe(openPath);
      expect(sha(writeArchive(svc.data!)), c.name).toBe(held);
    }
    await expect(host.call('project:recoverList', {})).resolves.toEqual([]);
    expect(sha(await readFile(openPath))).toBe(held);
    expect(failures).toEqual([]);
    expect(await tree(dir)).toEqual(before);
    expect(await readdir(tmp)).toEqual([]);
    // The local headers' sizes and checksums are not read (the central directory is authoritative and
    // every byte is checked against its CRC; streamed zips leave them zero): those lies open the same
    // document. Of the rest, only a few flips in bytes nothing reads may.
    expect(accepted.filter((n) => !n.startsWith('lie-local-')).length).toBeLessThan(10);
    expect(slowest.ms).toBeLessThan(CASE_MS);
    expect(peak - rss0).toBeLessThan(RSS_GROWTH);
    return (
      `${cases.length} cases, refused by code ${JSON.stringify(refused)}, harmless flips or lies opened ` +
      `${accepted.length}; slowest ${slowest.ms.toFixed(0)} ms (${slowest.name}), peak RSS +${((peak - rss0) / 2 ** 20).toFixed(0)} MiB`
    );
  } finally {
    process.env.TMPDIR = oldTmp;
    host.close();
    await server.close();
    svc.dispose();
  }
}
