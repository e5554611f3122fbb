import { loadSvdPack } from '../../inference/models/svd/manifest';
import { packIdentity } from '../../inference/models/svd/identity';
import type { SvdParams } from '../../inference/models/svd/params';
import type { SvdProgress } from '../../inference/models/svd/pipeline';
import { framesToRgb8 } from '../../inference/models/svd/post';
import { rgb8ToPlanar01 } from '../../inference/models/svd/pre';
import { generateRemote } from './svdRemote';
import { TritonClient } from './tritonClient';
import type { RemoteServer } from './url';

export interface RemoteJobResult {
  frames: Uint8Array[]; // F interleaved RGB8 [H,W,3], quantised as locally
  width: number;
  height: number;
  fps: number;
  providers: readonly string[];
}

/**
 * A generation job on a Triton server, shaped like the local `svd:generate` result so the queue and the
 * CLI save the same take: the installed pack gives the size and the identity the server must match.
 */
export async function runRemoteJob(
  server: RemoteServer,
  req: { packDir: string; image: Uint8Array; control: Float32Array; params: SvdParams },
  hooks: { onProgress?: (p: SvdProgress) => void; signal?: AbortSignal } = {},
): Promise<RemoteJobResult> {
  const m = loadSvdPack(req.packDir).manifest;
  const { width, height } = m.resolution;
  // The largest message a take needs is its frames ([F,3,H,W] float32); a server that sends more is refused.
  const client = new TritonClient(server, {
    maxReceiveBytes: m.frames * 3 * width * height * 4 + 1024 ** 2,
  });
  try {
    const r = await generateRemote(
      client,
      {
        manifest: m,
        packSha256: await packIdentity(req.packDir),
        image01: rgb8ToPlanar01(req.image, width, height),
        control: req.control,
        params: req.params,
      },
      hooks,
    );
    return {
      frames: framesToRgb8(r.frames01, r.frames, width, height),
      width,
      height,
      fps: req.params.fps,
      providers: [`triton ${client.display}`],
    };
  } finally {
    client.close();
  }
}
