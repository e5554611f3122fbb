// The renderer's bridge types are the contract's (src-shared/ipc/contract.ts): one declaration for all.
export type {
  AppInfo,
  AppNotice,
  EventOf,
  HostStatus,
  ImportedImage,
  OpenDialogOutcome,
  StudioApi,
} from '../../src-shared/ipc/contract';
