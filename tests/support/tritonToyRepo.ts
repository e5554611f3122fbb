import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GRAPH_MODELS } from '../../src-main/services/remote/check';

/**
 * A stand-in model repository with the contract of `levitor_generate` (inputs, streamed progress,
 * frames, pack check, cancellation between steps) but trivial numbers: frames = clip((control + image) / 2).
 * It tests the client's protocol handling on a real tritonserver; the repository generated from the tiny
 * pack (levitor models triton-repo) tests the numbers. `seed` 4242 makes it answer as a GPU out of memory.
 */
const GENERATE_PY = `
import json, time
import numpy as np
import triton_python_backend_utils as pb_utils

class TritonPythonModel:
    def initialize(self, args):
        params = json.loads(args["model_config"])["parameters"]
        self.pack = params["pack_sha256"]["string_value"]
        self.step_s = float(params["step_ms"]["string_value"]) / 1000.0

    def execute(self, requests):
        for request in requests:
            self.run(request, request.get_response_sender())
        return None

    def send(self, sender, tensors, final=False):
        flags = pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL if final else 0
        sender.send(pb_utils.InferenceResponse(output_tensors=tensors), flags=flags)

    def fail(self, sender, message, cancelled=False):
        code = pb_utils.TritonError.CANCELLED if cancelled else pb_utils.TritonError.INTERNAL
        sender.send(pb_utils.InferenceResponse(error=pb_utils.TritonError(message, code)),
                    flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)

    def progress(self, phase, step, steps):
        return [pb_utils.Tensor("phase", np.array([phase.encode()], dtype=np.object_)),
                pb_utils.Tensor("step", np.array([step], dtype=np.int32)),
                pb_utils.Tensor("steps", np.array([steps], dtype=np.int32))]

    def run(self, request, sender):
        get = lambda n: pb_utils.get_input_tensor_by_name(request, n).as_numpy()
        expected = get("pack_sha256")[0].decode()
        if expected != self.pack:
            return self.fail(sender, "pack mismatch: server has %s, client expects %s" % (self.pack, expected))
        p = json.loads(get("params")[0].decode())
        if p["seed"] == 4242:
            return self.fail(sender, "CUDA out of memory: tried to allocate 2.00 GiB")
        steps = int(p["steps"])
        self.send(sender, self.progress("encode", 0, steps))
        for i in range(steps):
            if request.is_cancelled():
                return self.fail(sender, "cancelled", True)
            time.sleep(self.step_s)
            self.send(sender, self.progress("denoise", i + 1, steps))
        frames = np.clip((get("control") + get("image")[None]) / 2, 0, 1).astype(np.float32)
        self.send(sender, self.progress("done", steps, steps) + [pb_utils.Tensor("frames", frames)], final=True)
`;

const GRAPH_PY = `
import triton_python_backend_utils as pb_utils
class TritonPythonModel:
    def execute(self, requests):
        return [pb_utils.InferenceResponse(output_tensors=[pb_utils.Tensor("y", pb_utils.get_input_tensor_by_name(r, "x").as_numpy())]) for r in requests]
`;

function model(repo: string, name: string, config: string, py: string): void {
  mkdirSync(join(repo, name, '1'), { recursive: true });
  writeFileSync(join(repo, name, 'config.pbtxt'), config);
  writeFileSync(join(repo, name, '1', 'model.py'), py);
}

export function writeToyRepo(repo: string, packSha256: string, opts: { stepMs?: number } = {}): void {
  const io = (n: string, t: string, d: string): string => `{ name: "${n}" data_type: ${t} dims: [ ${d} ] }`;
  model(
    repo,
    'levitor_generate',
    [
      'backend: "python"',
      'max_batch_size: 0',
      'model_transaction_policy { decoupled: true }',
      `input [ ${[
        io('image', 'TYPE_FP32', '3, -1, -1'),
        io('control', 'TYPE_FP32', '-1, 3, -1, -1'),
        io('aug_noise', 'TYPE_FP32', '1, 3, -1, -1'),
        io('init_noise', 'TYPE_FP32', '1, -1, 4, -1, -1'),
        io('params', 'TYPE_STRING', '1'),
        io('pack_sha256', 'TYPE_STRING', '1'),
      ].join(', ')} ]`,
      `output [ ${[
        io('phase', 'TYPE_STRING', '1'),
        io('step', 'TYPE_INT32', '1'),
        io('steps', 'TYPE_INT32', '1'),
        io('frames', 'TYPE_FP32', '-1, 3, -1, -1'),
      ].join(', ')} ]`,
      `parameters { key: "pack_sha256" value: { string_value: "${packSha256}" } }`,
      `parameters { key: "step_ms" value: { string_value: "${opts.stepMs ?? 20}" } }`,
      'instance_group [ { kind: KIND_CPU count: 2 } ]',
    ].join('\n'),
    GENERATE_PY,
  );
  for (const name of GRAPH_MODELS)
    model(
      repo,
      name,
      `backend: "python"\nmax_batch_size: 0\ninput [ ${io('x', 'TYPE_FP32', '1')} ]\noutput [ ${io('y', 'TYPE_FP32', '1')} ]\n`,
      GRAPH_PY,
    );
}
