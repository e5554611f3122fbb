"""Triton Python-backend model `levitor_generate` (decoupled): one request = one take. Streams progress
responses, then the frames, then the final flag; the sampling itself is levitor_pipeline.generate, and
each graph runs as a BLS call to the repository's graph models. The request/response contract is in the
studio's docs/triton.md."""
import json
import os
import sys

import numpy as np
import triton_python_backend_utils as pb_utils

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import levitor_pipeline as lp  # noqa: E402

INPUTS = ("image", "control", "aug_noise", "init_noise")


def _text(request, name):
    t = pb_utils.get_input_tensor_by_name(request, name)
    if t is None:
        raise lp.BadRequest(f"input {name} is missing")
    v = t.as_numpy().reshape(-1)
    if v.size != 1:
        raise lp.BadRequest(f"{name} must hold one string, got {v.size}")
    return v[0].decode("utf-8") if isinstance(v[0], bytes) else str(v[0])


def _progress_response(phase, step, steps, frames=None):
    tensors = [
        pb_utils.Tensor("phase", np.array([phase.encode()], dtype=np.object_)),
        pb_utils.Tensor("step", np.array([step], dtype=np.int32)),
        pb_utils.Tensor("steps", np.array([steps], dtype=np.int32)),
    ]
    if frames is not None:
        tensors.append(pb_utils.Tensor("frames", frames))
    return pb_utils.InferenceResponse(output_tensors=tensors)


def _log(message):
    logger = getattr(pb_utils, "Logger", None)
    if logger is not None:
        logger.log_info(message)


class GraphFailed(RuntimeError):
    pass


class TritonPythonModel:
    def initialize(self, args):
        config = json.loads(args["model_config"])
        params = {k: v["string_value"] for k, v in config.get("parameters", {}).items()}
        self.pack_sha256 = params["pack_sha256"]
        self.graph_models = json.loads(params["graph_models"])  # role -> [model name, output name]
        w, h = (int(x) for x in params["resolution"].split("x"))
        lw, lh = (int(x) for x in params["latent"].split("x"))
        self.pack = dict(
            width=w,
            height=h,
            latent_width=lw,
            latent_height=lh,
            frames=int(params["frames"]),
            decode_chunk=int(params["decode_chunk"]),
            sigma_min=float(params["sigma_min"]),
            sigma_max=float(params["sigma_max"]),
            rho=float(params["rho"]),
            scaling_factor=float(params["scaling_factor"]),
        )

    def _run_graph(self, role, feeds):
        model, output = self.graph_models[role]
        kwargs = {}
        if hasattr(pb_utils, "PreferredMemory"):
            # Graph models on a GPU may answer in GPU memory; this model works on numpy (CPU) arrays.
            kwargs["preferred_memory"] = pb_utils.PreferredMemory(pb_utils.TRITONSERVER_MEMORY_CPU, 0)
        request = pb_utils.InferenceRequest(
            model_name=model,
            requested_output_names=[output],
            inputs=[pb_utils.Tensor(k, np.ascontiguousarray(v)) for k, v in feeds.items()],
            **kwargs,
        )
        response = request.exec()
        if response.has_error():
            raise GraphFailed(f"graph model {model} failed: {response.error().message()}")
        out = pb_utils.get_output_tensor_by_name(response, output)
        if out is None:
            raise GraphFailed(f"graph model {model} returned no {output}")
        return out.as_numpy().astype(np.float32, copy=False)

    def _take(self, request, sender):
        expected = _text(request, "pack_sha256")
        if expected != self.pack_sha256:
            raise lp.BadRequest(f"pack mismatch: server has {self.pack_sha256}, client expects {expected}")
        arrays = {}
        for name in INPUTS:
            t = pb_utils.get_input_tensor_by_name(request, name)
            if t is None:
                raise lp.BadRequest(f"input {name} is missing")
            arrays[name] = t.as_numpy()
        p = lp.parse_params(_text(request, "params"))
        frames = lp.generate(
            self._run_graph,
            self.pack,
            arrays["image"],
            arrays["control"],
            arrays["aug_noise"],
            arrays["init_noise"],
            p,
            lambda phase, step, steps: sender.send(_progress_response(phase, step, steps)),
            request.is_cancelled,
        )
        sender.send(_progress_response("done", p["steps"], p["steps"], frames))

    def execute(self, requests):
        for request in requests:
            sender = request.get_response_sender()
            try:
                self._take(request, sender)
            except lp.Cancelled as e:
                _log(f"levitor_generate: {e}")
                self._fail(sender, str(e), pb_utils.TritonError.CANCELLED)
            except lp.BadRequest as e:
                self._fail(sender, str(e), pb_utils.TritonError.INVALID_ARG)
            except GraphFailed as e:
                self._fail(sender, str(e), pb_utils.TritonError.UNAVAILABLE)
            except MemoryError:
                self._fail(sender, "out of memory on the server (levitor_generate)", pb_utils.TritonError.INTERNAL)
            except Exception as e:  # noqa: BLE001 - any failure must end the stream with a message
                self._fail(sender, f"levitor_generate failed: {type(e).__name__}: {e}", pb_utils.TritonError.INTERNAL)
            else:
                self._final(sender)
        return None

    def _fail(self, sender, message, code):
        try:
            sender.send(pb_utils.InferenceResponse(error=pb_utils.TritonError(message, code)))
        except Exception:  # noqa: BLE001 - the client may be gone (cancelled stream)
            pass
        self._final(sender)

    @staticmethod
    def _final(sender):
        try:
            sender.send(flags=pb_utils.TRITONSERVER_RESPONSE_COMPLETE_FINAL)
        except Exception:  # noqa: BLE001 - already closed by a cancelled request
            pass
