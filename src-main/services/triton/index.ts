export { writeTritonRepo, findTritonTemplates, TRITON_GENERATE_MODEL, TRITON_GRAPH_MODELS } from './repo';
export type { TritonRepoOptions, TritonRepoResult } from './repo';
export type { GraphBackend, TensorRtOptions } from './config';
