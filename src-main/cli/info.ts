import { join } from 'node:path';
import { forkLauncher, InferenceClient } from '../inference/client';

/** `levitor info`: starts the inference host once and prints the providers it could use, and why not others. */
export async function infoCommand(_argv: readonly string[]): Promise<number> {
  const client = new InferenceClient({ launch: forkLauncher(join(import.meta.dirname, 'inferenceHost.js')) });
  try {
    const p = await client.ready();
    console.log(`platform: ${process.platform}-${process.arch}, node ${process.versions.node}`);
    console.log(`providers available: ${p.available.join(', ')}`);
    console.log(`active: ${p.active}`);
    for (const n of p.notes) console.log(`note: ${n}`);
    return 0;
  } finally {
    await client.dispose();
  }
}
