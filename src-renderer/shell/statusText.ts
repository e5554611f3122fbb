import type { AppInfo, HostStatus } from '../bridge/types';

/** Status bar wording, kept pure so its cases are unit-tested. */
export function computeLabel(info: AppInfo | null, host: HostStatus | null): string {
  if (!info) return 'Compute: …';
  const base = `Compute: ${providerLabel(info.providers.active)}`;
  if (host && host.state !== 'ready') return `${base} · inference ${host.state}`;
  return base;
}

/** Why faster providers are not in use (e.g. "CUDA: libcudart.so.12 not found"), for the tooltip. */
export function computeNotes(info: AppInfo | null): string | undefined {
  return info && info.providers.notes.length > 0 ? info.providers.notes.join('\n') : undefined;
}

const PROVIDER_NAMES: Record<string, string> = {
  cpu: 'CPU',
  cuda: 'NVIDIA GPU (CUDA)',
  dml: 'GPU (DirectML)',
  directml: 'GPU (DirectML)',
  coreml: 'Apple (Core ML)',
};

export function providerLabel(provider: string): string {
  return PROVIDER_NAMES[provider.toLowerCase()] ?? provider;
}

/** Installed model names, or null when none are installed. */
export function installedModels(info: AppInfo | null): string[] | null {
  const names = (info?.models ?? []).map((m) => m.name);
  return names.length > 0 ? names : null;
}
