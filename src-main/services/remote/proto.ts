import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

/**
 * resources/triton/inference.proto: the studio's own text of the protocol subset it uses (the file says
 * which). Found beside the app (packaged: process.resourcesPath/triton) or by walking up from this module
 * in a checkout / the built out/main, the same way the sample projects are found.
 */
export function findInferenceProto(from = import.meta.dirname): string {
  const packaged = (process as { resourcesPath?: string }).resourcesPath;
  if (packaged && existsSync(join(packaged, 'triton', 'inference.proto')))
    return join(packaged, 'triton', 'inference.proto');
  let dir = from;
  for (let i = 0; i < 7; i++) {
    const candidate = join(dir, 'resources', 'triton', 'inference.proto');
    if (existsSync(candidate)) return candidate;
    const up = dirname(dir);
    if (up === dir) break;
    dir = up;
  }
  throw new Error('resources/triton/inference.proto is missing from this installation');
}

export type GrpcServiceCtor = grpc.ServiceClientConstructor;

let cached: GrpcServiceCtor | undefined;

/** The GRPCInferenceService client constructor (loaded once per process). */
export function inferenceServiceCtor(): GrpcServiceCtor {
  if (cached) return cached;
  const def = protoLoader.loadSync(findInferenceProto(), {
    keepCase: true, // field names as the protocol spells them (raw_input_contents, error_message)
    longs: Number, // shapes are int64 on the wire; ours are far below 2^53
    enums: String,
    defaults: true,
    oneofs: true,
  });
  const pkg = grpc.loadPackageDefinition(def) as unknown as {
    inference: { GRPCInferenceService: GrpcServiceCtor };
  };
  cached = pkg.inference.GRPCInferenceService;
  return cached;
}
