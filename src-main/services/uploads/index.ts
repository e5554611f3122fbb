export { UploadStore } from './store';
export { createUploadHandlers } from './handlers';
