// Moved to tests/support/bundleChild.ts (shared with the inference-host bundling); kept so imports of this path work.
export { bundleChild } from '../../support/bundleChild';
