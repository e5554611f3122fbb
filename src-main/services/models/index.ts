export { ModelService, type ModelsProgress, type InstallRequest } from './service';
export { ModelRegistry, type InstalledModel } from './registry';
export { ModelError, type ModelErrorCode } from './errors';
export { defaultModelsDir } from './paths';
export type { ContractRecognizer } from './install';
export type { VerifyReport } from './verify';
export type { TransferProgress } from './progress';
