import { existsSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as ort from 'onnxruntime-node';
import type { ProvidersReport } from './protocol';
import { identityModel } from './tinyModel';

interface Candidate {
  readonly ep: string;
  readonly label: string;
  /** Why this platform cannot have it, or null if it is worth trying. */
  readonly unavailable: string | null;
}

function candidates(platform = process.platform, arch = process.arch): Candidate[] {
  return [
    {
      ep: 'cuda',
      label: 'CUDA',
      unavailable: platform === 'linux' && arch === 'x64' ? null : 'CUDA is offered on Linux x64 only',
    },
    {
      ep: 'dml',
      label: 'DirectML',
      unavailable: platform === 'win32' ? null : 'DirectML is offered on Windows only',
    },
    {
      ep: 'coreml',
      label: 'CoreML',
      unavailable:
        platform === 'darwin' && arch === 'arm64' ? null : 'CoreML is offered on Apple silicon macOS only',
    },
  ];
}

/**
 * onnxruntime-node's install script downloads the CUDA provider libraries next to its binding; when they
 * are absent (offline install, ONNXRUNTIME_NODE_INSTALL=skip) probing would only log a native error.
 */
function cudaLibsMissing(): boolean {
  try {
    const pkg = dirname(createRequire(import.meta.url).resolve('onnxruntime-node/package.json'));
    const napi = readdirSync(join(pkg, 'bin')).filter((d) => d.startsWith('napi-'));
    return !napi.some((d) =>
      existsSync(join(pkg, 'bin', d, 'linux', 'x64', 'libonnxruntime_providers_cuda.so')),
    );
  } catch {
    return false; // cannot tell: let the probe decide
  }
}

/** Creates a tiny session with each GPU provider the platform has; CPU is always the fallback. */
export async function detectProviders(): Promise<ProvidersReport> {
  const model = identityModel();
  const available: string[] = [];
  const notes: string[] = [];
  for (const c of candidates()) {
    if (c.unavailable) continue;
    if (c.ep === 'cuda' && cudaLibsMissing()) {
      notes.push(
        'CUDA not used: its provider libraries are not installed (onnxruntime-node downloads them at install time unless ONNXRUNTIME_NODE_INSTALL=skip); reinstall with network access and an NVIDIA driver + CUDA 12 to use the GPU.',
      );
      continue;
    }
    try {
      const s = await ort.InferenceSession.create(model, { executionProviders: [c.ep] });
      const out = await s.run({ x: new ort.Tensor('float32', Float32Array.of(1), [1]) });
      await s.release();
      if (!out['y']) throw new Error('probe session returned no output');
      available.push(c.ep);
    } catch (e) {
      const why = ((e as Error).message || String(e)).split('\n')[0]?.slice(0, 300);
      notes.push(`${c.label} not used: ${why}`);
    }
  }
  available.push('cpu');
  const active = available[0] ?? 'cpu';
  if (active === 'cpu') notes.push('Running on CPU: no GPU execution provider could create a session.');
  return { available, active, notes };
}
