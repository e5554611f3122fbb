import { mkdtemp, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createModelsHandlers } from '../../src-main/services/models/handlers';
import { ModelService, type ModelServiceOptions } from '../../src-main/services/models/service';
import { MemoryTokenStore } from '../../src-main/services/models/tokenStore';
import { startServer, type TestServer } from './models-support';

/**
 * The trust boundary of models:download, driven as the window drives it (the models:* handlers, with
 * the token kept by main's token store): where the Hugging Face token may go, and which addresses a
 * URL from the window may make main fetch. Real node:http servers on 127.0.0.1 ("the hub") and on
 * localhost (another origin: "the CDN", or any other host).
 */
const TOKEN = 'hf_TrustBoundarySecret42';
const DEPTH = 'tests/fixtures/depth/model.onnx';
let hub: TestServer;
let other: TestServer;
let tmp: string;
let modelsDir: string;
let body: Buffer;

beforeAll(async () => {
  hub = await startServer('127.0.0.1');
  other = await startServer('localhost');
  tmp = await mkdtemp(join(tmpdir(), 'levitor-trust-'));
  body = await readFile(DEPTH);
});
afterAll(async () => {
  await hub.close();
  await other.close();
  await rm(tmp, { recursive: true, force: true });
});
let n = 0;
beforeEach(() => {
  modelsDir = join(tmp, `models-${++n}`);
  for (const s of [hub, other]) {
    s.routes.clear();
    s.log.length = 0;
  }
});

type Service = Omit<ModelServiceOptions, 'modelsDir' | 'onProgress'>;
/** The handlers a host builds, with a token set through models:setToken (as the Models panel does). */
async function window(service: Service) {
  const events: unknown[] = [];
  const h = createModelsHandlers(modelsDir, (_c, p) => events.push(p), undefined, {
    tokens: new MemoryTokenStore(undefined),
    service,
  });
  await h.handlers['models:setToken']({ token: TOKEN });
  let job = 0;
  const download = (source: string) =>
    h.handlers['models:download']({ source, jobId: `j${++job}`, id: `m${job}` });
  return { ...h, events, download };
}

async function refusal(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  try {
    await p;
  } catch (e) {
    return e as { code: string; message: string };
  }
  throw new Error('expected a refusal');
}

/** Every text a run left: the error, the progress events, what was written in the models folder. */
async function leftText(modelsDir: string, ...texts: unknown[]): Promise<string> {
  const files = await readdir(modelsDir, { recursive: true }).catch(() => []);
  const manifests = await Promise.all(
    files
      .filter((f) => String(f).endsWith('.json'))
      .map((f) => readFile(join(modelsDir, String(f)), 'utf8').catch(() => '')),
  );
  return JSON.stringify([texts, manifests]);
}

describe('the Hugging Face token', () => {
  it('goes to the hub host only, and is dropped on a redirect to another host', async () => {
    const w = await window({ allowLocalAddresses: true, tokenOrigins: [hub.base] }); // hub.base stands in for https://huggingface.co
    hub.routes.set('/org/repo/resolve/main/model.onnx', {
      body,
      mode: 'redirect',
      redirectTo: `${other.base}/cdn/model.onnx?X-Amz-Signature=signed`,
    });
    other.routes.set('/cdn/model.onnx', { body });
    const m = (await w.download(`${hub.base}/org/repo/resolve/main/model.onnx`)) as { dir: string };
    expect(hub.log.map((l) => l.authorization)).toEqual([`Bearer ${TOKEN}`]);
    expect(other.log.map((l) => l.authorization)).toEqual([undefined]);
    expect(await readFile(join(m.dir, 'files', 'model.onnx'))).toEqual(body);

    // A pasted URL on another host, even one that asks for a token, never gets it.
    other.log.length = 0;
    other.routes.set('/gated.onnx', { body, auth: TOKEN });
    const e = await refusal(w.download(`${other.base}/gated.onnx`));
    expect(other.log.map((l) => l.authorization)).toEqual([undefined]);
    expect(e).toMatchObject({ code: 'models/unauthorized' });
    expect(e.message).toMatch(/only ever sent to huggingface\.co over https/);
    expect(await leftText(modelsDir, e.message, w.events)).not.toContain(TOKEN);
    w.dispose();
  });

  it('never comes back in a message, even where the input is echoed (a token pasted as the address)', async () => {
    const w = await window({});
    const other = `hf_${'Q'.repeat(34)}`; // shaped like a real token, not the one kept
    for (const pasted of [TOKEN, other, `ftp://${TOKEN}`]) {
      const e = await refusal(w.download(pasted));
      expect(e.message.toLowerCase(), pasted).not.toContain(TOKEN.toLowerCase());
      expect(e.message, pasted).not.toContain(other);
      expect(e.message, pasted).toMatch(/\(a Hugging Face token, not shown\)/);
    }
    w.dispose();
  });

  it('is never sent over http, even to the hub host: https://huggingface.co is not http://huggingface.co', async () => {
    // The hub's origin named with https: the same host and port over plain http gets no token.
    const w = await window({
      allowLocalAddresses: true,
      tokenOrigins: [hub.base.replace('http:', 'https:')],
    });
    hub.routes.set('/m.onnx', { body });
    await w.download(`${hub.base}/m.onnx`);
    expect(hub.log.map((l) => l.authorization)).toEqual([undefined]);
    // And a Hugging Face address over http is refused before any request is made.
    for (const url of ['http://huggingface.co/o/r/resolve/main/m.onnx', 'http://cdn-lfs.hf.co/x/m.onnx']) {
      const e = await refusal(w.download(url));
      expect(e, url).toMatchObject({ code: 'models/invalid' });
      expect(e.message).toMatch(/over https only.*Use the same address with https:\/\//);
    }
    w.dispose();
  });
});

describe('addresses a URL from the window may reach', () => {
  it("refuses this computer's own and link-local addresses with what to do instead, before any request", async () => {
    const w = await window({}); // as the app and the browser host build it
    hub.routes.set('/m.onnx', { body });
    const port = new URL(hub.base).port;
    const cases: [string, RegExp][] = [
      [`${hub.base}/m.onnx`, /own address \(127\.0\.0\.1\)/],
      [`http://localhost:${port}/m.onnx`, /resolves to (127\.0\.0\.1|::1), this computer's own address/], // a name is judged by what it resolves to
      [`http://[::ffff:127.0.0.1]:${port}/m.onnx`, /own address/],
      [`http://0.0.0.0:${port}/m.onnx`, /unspecified address/],
      ['http://169.254.169.254/latest/meta-data/iam/m.onnx', /link-local address/],
    ];
    for (const [url, why] of cases) {
      const e = await refusal(w.download(url));
      expect(e, url).toMatchObject({ code: 'models/refused-address' });
      expect(e.message, url).toMatch(why);
      expect(e.message, url).toMatch(
        /"Choose folder…" or "Choose .zip…".*`levitor models` in a terminal \(install <url>/,
      );
    }
    expect(hub.log).toEqual([]);
    // a refused job leaves nothing
    expect(await readdir(join(modelsDir, '.downloads')).catch(() => [])).toEqual([]);
    w.dispose();
  });

  it('holds for models:repair too: a model the command line installed from this computer is not re-fetched by the window', async () => {
    hub.routes.set('/m.onnx', { body });
    const cli = new ModelService({ modelsDir, allowLocalAddresses: true }); // as `levitor models install`
    const m = await cli.install({ source: `${hub.base}/m.onnx`, id: 'local' });
    await unlink(join(m.dir, 'files', 'm.onnx'));
    hub.log.length = 0;
    const w = await window({});
    const e = await refusal(w.handlers['models:repair']({ id: 'local', jobId: 'r' }));
    expect(e).toMatchObject({ code: 'models/refused-address' });
    expect(e.message).toMatch(/repair <id>/);
    expect(hub.log).toEqual([]);
    w.dispose();
  });

  it('judges every redirect: a hub mirror main was configured with cannot send the download to localhost', async () => {
    // $HF_ENDPOINT (here the option) names a mirror on this computer: main trusts that origin only.
    const w = await window({ hubEndpoint: hub.base });
    hub.routes.set('/m.onnx', { body });
    hub.routes.set('/hop', { body, mode: 'redirect', redirectTo: `${other.base}/m.onnx` });
    other.routes.set('/m.onnx', { body });
    await w.download(`${hub.base}/m.onnx`);
    const e = await refusal(w.download(`${hub.base}/hop`));
    expect(e).toMatchObject({ code: 'models/refused-address' });
    expect(e.message).toMatch(/^localhost:\d+ resolves to \S+, this computer's own address/);
    expect(other.log).toEqual([]);
    w.dispose();
  });
});
