import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ProvidersSeen } from '../../src-shared/models/videoPrecision';
import { forkLauncher, InferenceClient } from '../inference/client';

/**
 * The execution provider generation would use on this computer, asked of a short-lived inference host
 * (as `levitor info` does): the video model's install picks its precision from it. Rejects, saying why,
 * when the host is not built here or does not answer in `timeoutMs`.
 */
export async function probeProviders(timeoutMs = 120_000): Promise<ProvidersSeen> {
  const entry = join(import.meta.dirname, 'inferenceHost.js');
  if (!existsSync(entry)) throw new Error(`${entry} not found (run from the built CLI, or pass --precision)`);
  const client = new InferenceClient({ launch: forkLauncher(entry) });
  let timer: NodeJS.Timeout | undefined;
  try {
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer in ${timeoutMs / 1000} s`)), timeoutMs);
    });
    const p = await Promise.race([client.ready(), late]);
    return { active: p.active };
  } finally {
    clearTimeout(timer);
    await client.dispose();
  }
}
