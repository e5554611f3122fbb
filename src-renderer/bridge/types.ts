// Placeholder until src-shared/ipc/contract.ts lands.
export interface AppInfo {
  version: string;
}
export interface HostStatus {
  state: string;
}
