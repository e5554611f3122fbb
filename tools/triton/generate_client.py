"""Sends one take to a Triton server's `levitor_generate` model over gRPC (tritonclient) and reports what
comes back: the studio's tests use it to check the server side against the TypeScript pipeline.

  python generate_client.py --url 127.0.0.1:PORT --request request.json --out frames.f32
      [--cancel-after-step N] [--timeout S]

request.json: {"image": {"file": "image.f32", "shape": [3, H, W]}, "control": {...}, "aug_noise": {...},
"init_noise": {...}, "params": {...SvdParams}, "pack_sha256": "hex"} (files: raw little-endian float32,
relative to request.json). Prints one JSON line per response, {"phase", "step", "steps", "t"} (t: seconds
since the request was sent) or {"error": message, "t"}; writes the frames (raw float32) to --out.
"""
import argparse
import json
import os
import queue
import sys
import time

import numpy as np
import tritonclient.grpc as grpcclient


def tensor(name, array, dtype):
    t = grpcclient.InferInput(name, list(array.shape), dtype)
    t.set_data_from_numpy(array)
    return t


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--request", required=True)
    ap.add_argument("--out")
    ap.add_argument("--cancel-after-step", type=int)
    ap.add_argument("--timeout", type=float, default=120)
    a = ap.parse_args()
    spec = json.load(open(a.request))
    base = os.path.dirname(os.path.abspath(a.request))
    inputs = []
    for name in ("image", "control", "aug_noise", "init_noise"):
        t = spec[name]
        arr = np.fromfile(os.path.join(base, t["file"]), dtype="<f4").reshape(t["shape"])
        inputs.append(tensor(name, arr, "FP32"))
    for name, value in (("params", json.dumps(spec["params"])), ("pack_sha256", spec["pack_sha256"])):
        inputs.append(tensor(name, np.array([value.encode()], dtype=np.object_), "BYTES"))

    client = grpcclient.InferenceServerClient(a.url)
    responses = queue.Queue()
    client.start_stream(callback=lambda result, error: responses.put((result, error)))
    t0 = time.perf_counter()
    client.async_stream_infer("levitor_generate", inputs, enable_empty_final_response=True)
    deadline = t0 + a.timeout
    status = 1
    while True:
        result, error = responses.get(timeout=max(0.1, deadline - time.perf_counter()))
        t = round(time.perf_counter() - t0, 4)
        if error is not None:
            print(json.dumps({"error": error.message(), "t": t}), flush=True)
            break
        r = result.get_response()
        names = {o.name for o in r.outputs}
        if "phase" in names:
            phase = result.as_numpy("phase")[0].decode()
            step = int(result.as_numpy("step")[0])
            print(json.dumps({"phase": phase, "step": step, "steps": int(result.as_numpy("steps")[0]), "t": t}), flush=True)
            if phase == "done" and a.out:
                result.as_numpy("frames").astype("<f4").tofile(a.out)
                status = 0
            if a.cancel_after_step is not None and phase == "denoise" and step >= a.cancel_after_step:
                client.stop_stream(cancel_requests=True)
                print(json.dumps({"cancelled": True, "t": t}), flush=True)
                status = 0
                break
        if r.parameters["triton_final_response"].bool_param:
            break
    client.stop_stream()
    client.close()
    return status


if __name__ == "__main__":
    sys.exit(main())
