import type { AppInfo, HostStatus } from '../bridge/types';

/** Status bar wording, kept pure so its cases are unit-tested. */
export function computeLabel(info: AppInfo | null, host: HostStatus | null): string {
  if (!info) return 'Compute: …';
  const c = info.compute;
  const base = c ? `Compute: ${c.device} (${c.provider})` : 'Compute: unknown';
  if (host && host.state !== 'ready' && host.state !== 'running') return `${base} · inference ${host.state}`;
  return base;
}

/** Installed model names, or null when none are installed. */
export function installedModels(info: AppInfo | null): string[] | null {
  const names = (info?.models ?? []).filter((m) => m.installed).map((m) => m.name);
  return names.length > 0 ? names : null;
}
