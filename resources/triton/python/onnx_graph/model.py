"""Triton Python-backend model serving one ONNX graph with onnxruntime on the CPU: what a server without
Triton's ONNX Runtime backend (the nvidia-pytriton wheel, used in the studio's CI) can serve. Same model
name and I/O as the ONNX Runtime backend's config (`levitor models triton-repo --graphs python`)."""
import json
import os

import numpy as np
import onnxruntime as ort
import triton_python_backend_utils as pb_utils


class TritonPythonModel:
    def initialize(self, args):
        config = json.loads(args["model_config"])
        file = config["parameters"]["onnx_file"]["string_value"]
        folder = os.path.realpath(os.path.join(args["model_repository"], args["model_version"]))
        path = os.path.realpath(os.path.join(folder, file))
        if os.path.dirname(path) != folder:
            raise pb_utils.TritonModelException(f"onnx_file {file!r} is not a file of {folder}")
        self.session = ort.InferenceSession(path, providers=["CPUExecutionProvider"])
        self.inputs = [i.name for i in self.session.get_inputs()]
        self.outputs = [o.name for o in self.session.get_outputs()]

    def execute(self, requests):
        responses = []
        for request in requests:
            try:
                feeds = {}
                for name in self.inputs:
                    t = pb_utils.get_input_tensor_by_name(request, name)
                    if t is None:
                        raise ValueError(f"input {name} is missing")
                    feeds[name] = t.as_numpy()
                result = self.session.run(self.outputs, feeds)
                tensors = [pb_utils.Tensor(n, np.ascontiguousarray(v)) for n, v in zip(self.outputs, result)]
                responses.append(pb_utils.InferenceResponse(output_tensors=tensors))
            except Exception as e:  # noqa: BLE001 - reported to the caller, the model stays up
                responses.append(pb_utils.InferenceResponse(error=pb_utils.TritonError(str(e))))
        return responses
