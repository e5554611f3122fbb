/**
 * The renderer's view of the contract. PROVISIONAL: mirrors the channels the foundation brief names
 * (app:getInfo, image:openDialog, image:openPath, image:importBytes; events inference:progress,
 * inference:hostStatus, app:notice) until src-shared/ipc/contract.ts lands, then re-exports its types.
 */
export interface AppInfo {
  readonly version: string;
  readonly compute?: { readonly device: string; readonly provider: string; readonly note?: string };
  readonly models?: readonly { readonly id: string; readonly name: string; readonly installed: boolean }[];
}

export interface HostStatus {
  readonly state: string;
  readonly message?: string;
}

export interface ImportedImage {
  readonly imageId: string;
  readonly name: string;
  readonly width: number;
  readonly height: number;
  readonly url: string;
}

export type OpenDialogOutcome =
  | { readonly kind: 'opened'; readonly image: ImportedImage }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'use-file-input' };

export interface AppNotice {
  readonly level: 'info' | 'warning' | 'error';
  readonly title: string;
  readonly detail?: string;
}

export interface StudioEvents {
  'inference:progress': unknown;
  'inference:hostStatus': HostStatus;
  'app:notice': AppNotice;
}

export interface StudioApi {
  readonly app: { getInfo(req: Record<string, never>): Promise<AppInfo> };
  readonly image: {
    openDialog(req: Record<string, never>): Promise<OpenDialogOutcome>;
    importBytes(req: { name: string; base64: string }): Promise<ImportedImage>;
  };
  on<K extends keyof StudioEvents>(channel: K, listener: (payload: StudioEvents[K]) => void): () => void;
}
