"""Writers for the command outputs (docs/scene-format.md) and the golden `expected/` folder; deterministic bytes."""

import gzip
import io
import json
import os

import numpy as np
from PIL import Image


def gzip_bytes(data: bytes) -> bytes:
    """gzip with mtime 0 and no file name, so the same array always gives the same bytes."""
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(data)
    return buf.getvalue()


def write_bytes(path: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "wb") as fh:
        fh.write(data)


def keypoints_json(keypoints) -> str:
    """One frame per line: compact yet diff-friendly."""
    lines = [json.dumps(frame, separators=(",", ":")) for frame in keypoints]
    return '{"frames": [\n' + ",\n".join(lines) + "\n]}\n"


def write_png_gray(path: str, arr: np.ndarray) -> None:
    os.makedirs(os.path.dirname(path), exist_ok=True)
    Image.fromarray(np.ascontiguousarray(arr, dtype=np.uint8), mode="L").save(path, optimize=False)


def write_command_outputs(out_dir: str, result) -> None:
    """keypoints.json, control.f32 + control.json, idmaps/frame_XXX.png."""
    os.makedirs(out_dir, exist_ok=True)
    write_bytes(os.path.join(out_dir, "keypoints.json"), keypoints_json(result.keypoints).encode())
    control = np.ascontiguousarray(result.control, dtype="<f4")
    write_bytes(os.path.join(out_dir, "control.f32"), control.tobytes())
    header = {"dtype": "float32", "byteOrder": "little", "shape": list(control.shape)}
    write_bytes(os.path.join(out_dir, "control.json"), (json.dumps(header) + "\n").encode())
    for f, idmap in enumerate(result.id_maps):
        write_png_gray(os.path.join(out_dir, "idmaps", f"frame_{f:03d}.png"), idmap)


def write_debug(out_dir: str, result) -> None:
    """Intermediates for diagnosis: merged id map (PNG), depth maps Z_i (float32 [F,H,W] raw LE), z0 (float64)."""
    dbg = os.path.join(out_dir, "debug")
    write_png_gray(os.path.join(dbg, "merged.png"), result.merged)
    write_bytes(os.path.join(dbg, "depthmaps.f32"), np.ascontiguousarray(result.depth_maps, "<f4").tobytes())
    write_bytes(os.path.join(dbg, "z0.f64"), np.ascontiguousarray(result.z0, "<f8").tobytes())


def write_expected(exp_dir: str, result, meta: dict) -> None:
    """Golden expected/: keypoints.json, idmaps.u8.gz, control.f32.gz, z0.f64.gz, merged.u8.gz, meta.json."""
    os.makedirs(exp_dir, exist_ok=True)
    write_bytes(os.path.join(exp_dir, "keypoints.json"), keypoints_json(result.keypoints).encode())
    write_bytes(os.path.join(exp_dir, "idmaps.u8.gz"), gzip_bytes(np.ascontiguousarray(result.id_maps, np.uint8).tobytes()))
    write_bytes(os.path.join(exp_dir, "control.f32.gz"), gzip_bytes(np.ascontiguousarray(result.control, "<f4").tobytes()))
    write_bytes(os.path.join(exp_dir, "z0.f64.gz"), gzip_bytes(np.ascontiguousarray(result.z0, "<f8").tobytes()))
    # Section 4's merged id map (uint8 [H,W]): not in docs/scene-format.md's list, for diagnosing a mismatch step by step.
    write_bytes(os.path.join(exp_dir, "merged.u8.gz"), gzip_bytes(np.ascontiguousarray(result.merged, np.uint8).tobytes()))
    write_bytes(os.path.join(exp_dir, "meta.json"), (json.dumps(meta, indent=2, sort_keys=True) + "\n").encode())
