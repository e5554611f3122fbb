import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { readPackManifest } from './manifest';

/**
 * A video pack's identity: the SHA-256 (hex) of its manifest.json bytes exactly as on disk. The manifest
 * lists every file of the pack with its own SHA-256, so two packs with the same identity compute the same
 * take; a remote server (Triton) advertises this value so the studio can refuse a server whose pack is not
 * the one the project expects. Computed on the bytes, not on re-serialised JSON, so any tool (Python's
 * hashlib, sha256sum) gets the same value.
 */
export async function packIdentity(packDir: string): Promise<string> {
  const bytes = readPackManifest(join(packDir, 'manifest.json'));
  return createHash('sha256').update(bytes).digest('hex');
}
