import type { GenerationScene } from '../../src-shared/generation/ipc';
import { UPLOAD_BLOB, UPLOAD_PIECE_BYTES } from '../../src-shared/ipc/upload';
import { discardUpload, newUploadId, own, sendPieces } from '../bridge/upload';
import { float32ToBytes } from '../project/float32';

/**
 * The scene as a request may carry it: a depth map over one piece is sent ahead (upload:piece, as
 * little-endian float32 bytes) and named by its upload id; a smaller one goes inline with a buffer of its
 * own. No base64: a 16384x4096 map is 256 MiB of floats, which as text passed V8's string limit.
 */
export async function sendableScene(scene: GenerationScene): Promise<GenerationScene> {
  const d = scene.depth;
  if (!d?.data) return scene;
  if (d.data.byteLength <= UPLOAD_PIECE_BYTES) return { ...scene, depth: { ...d, data: own(d.data) } };
  const upload = newUploadId();
  try {
    await sendPieces(upload, UPLOAD_BLOB, float32ToBytes(d.data));
  } catch (err) {
    discardUpload(upload);
    throw err;
  }
  return { ...scene, depth: { kind: d.kind, width: d.width, height: d.height, upload } };
}
