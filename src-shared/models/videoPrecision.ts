/**
 * Which compute precision the video model is installed with, and what a pack's precision means on the
 * execution provider that runs it. Shared by the installer (main) and the inference host; pure.
 *
 * float16 graphs hold SVD-XT's float16 weights as they are (the ControlNet's float32 file is cast once at
 * load): ~5.9 GB of weights on a GPU, against ~11.7 GB for float32 compute, which no 12 GB card fits with
 * activations. onnxruntime's CPU provider has float16 kernels for few of these operators and wraps the
 * others in conversions to float32, so on the CPU float32 graphs are the faster, leaner choice.
 */
export type VideoPrecision = 'fp16' | 'fp32';

/** Execution providers that run float16 graphs natively (names as onnxruntime-node spells them). */
const GPU_PROVIDERS: Record<string, string> = { cuda: 'CUDA', dml: 'DirectML', coreml: 'CoreML' };

export interface ProvidersSeen {
  /** The provider generation uses by default (the inference host's probe). */
  active: string;
}

export interface PrecisionChoice {
  precision: VideoPrecision;
  /** The provider the choice was made for; null when none was known (or --precision decided). */
  provider: string | null;
  /** 'asked': --precision / the request named it; 'provider': chosen from the provider. */
  chosenBy: 'asked' | 'provider';
  /** One sentence for the user: why this precision. */
  reason: string;
}

export function providerLabel(ep: string): string {
  return GPU_PROVIDERS[ep] ?? (ep === 'cpu' ? 'the CPU' : ep);
}

export function isGpuProvider(ep: string): boolean {
  return ep in GPU_PROVIDERS;
}

/**
 * The precision to install: the asked one, else float16 where generation will run on a GPU provider and
 * float32 on the CPU (or when no provider could be asked: float32 runs everywhere).
 */
export function chooseVideoPrecision(
  asked: VideoPrecision | undefined,
  providers: ProvidersSeen | undefined,
  whyUnknown?: string,
): PrecisionChoice {
  const provider = providers?.active ?? null;
  if (asked) {
    return { precision: asked, provider, chosenBy: 'asked', reason: `${asked} was asked for` };
  }
  if (provider && isGpuProvider(provider)) {
    return {
      precision: 'fp16',
      provider,
      chosenBy: 'provider',
      reason: `generation runs on ${providerLabel(provider)} here: float16 graphs (about 5.9 GB of weights on the GPU instead of 11.7 GB)`,
    };
  }
  return {
    precision: 'fp32',
    provider,
    chosenBy: 'provider',
    reason: provider
      ? `generation runs on ${providerLabel(provider)} here: float32 graphs (onnxruntime's CPU provider lacks float16 kernels for most of the model's operators)`
      : `no execution provider could be asked (${whyUnknown ?? 'no inference host'}): float32 graphs, which run everywhere; install with --precision fp16 for a GPU`,
  };
}

/**
 * What to tell the user when a pack of `precision` runs on `providers` (the ones its sessions opened with),
 * or undefined when the pair is the intended one.
 */
export function precisionMismatch(precision: string, providers: readonly string[]): string | undefined {
  const gpu = providers.find(isGpuProvider);
  if (precision === 'fp16' && !gpu) {
    return 'this video model was installed with float16 graphs for a GPU and runs on the CPU here, where onnxruntime converts most of its operators to float32 and back (slower, more memory): reinstall it with float32 graphs (levitor models install levitor-svd-xt --replace --precision fp32, or remove and install it again in the Models panel on this computer)';
  }
  if (precision === 'fp32' && gpu) {
    return `this video model computes in float32 on ${providerLabel(gpu)}: its weights alone take about 11.7 GB of GPU memory; on a smaller card reinstall it with float16 graphs (levitor models install levitor-svd-xt --replace --precision fp16)`;
  }
  return undefined;
}
