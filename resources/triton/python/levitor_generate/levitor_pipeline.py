"""One take of the studio's SVD + LeviTor pipeline, without Triton: the port of generateSvd in
src-main/inference/models/svd/pipeline.ts. `run_graph(role, feeds)` runs one of the pack's four graphs
(BLS calls on the server, onnxruntime in tests) and returns its first output as float32."""
import json
import math

import numpy as np

import levitor_sampling as s

GRAPHS = ("imageEncoder", "vaeEncoder", "denoiser", "vaeDecoder")


class Cancelled(Exception):
    """The client cancelled the request."""


class BadRequest(ValueError):
    """The request cannot be run as sent (shapes, params)."""


# SvdParams (src-main/inference/models/svd/params.ts): name -> (kind, min, max, default).
PARAMS = {
    "seed": ("int", 0, math.inf, 217),
    "steps": ("int", 1, 200, 25),
    "motionBucketId": ("int", 1, 255, 100),
    "fps": ("int", 1, 60, 6),
    "noiseAugStrength": ("num", 0, 1, 0.02),
    "minGuidance": ("num", 0, 20, 1),
    "maxGuidance": ("num", 0, 20, 3),
    "controlScale": ("num", 0, 10, 1),
    "frames": ("int", 1, math.inf, None),
}


def parse_params(text):
    """UTF-8 JSON of SvdParams -> dict with its defaults; refuses what the TypeScript schema refuses."""
    try:
        raw = json.loads(text)
    except (ValueError, UnicodeDecodeError) as e:
        raise BadRequest(f"params is not JSON: {e}") from e
    if not isinstance(raw, dict):
        raise BadRequest("params must be a JSON object (SvdParams)")
    out = {}
    for name, (kind, lo, hi, default) in PARAMS.items():
        v = raw.get(name, default)
        if v is None and default is None:
            continue
        ok = isinstance(v, (int, float)) and not isinstance(v, bool) and math.isfinite(v)
        if ok and kind == "int":
            ok = float(v).is_integer()
            v = int(v) if ok else v
        if not ok or v < lo or v > hi:
            bound = f"an integer" if kind == "int" else "a number"
            raise BadRequest(f"params.{name} must be {bound} in [{lo}, {hi}], got {v!r}")
        out[name] = v
    return out


def check_shapes(pack, image, control, aug_noise, init_noise):
    W, H = pack["width"], pack["height"]
    w, h = pack["latent_width"], pack["latent_height"]
    F = pack["frames"]
    want = {
        "image": (image, (3, H, W)),
        "control": (control, (F, 3, H, W)),
        "aug_noise": (aug_noise, (1, 3, H, W)),
        "init_noise": (init_noise, (1, F, 4, h, w)),
    }
    for name, (arr, shape) in want.items():
        if tuple(arr.shape) != shape:
            raise BadRequest(f"{name} must be {list(shape)} for this pack, got {list(arr.shape)}")
        if arr.dtype != np.float32:
            raise BadRequest(f"{name} must be FP32, got {arr.dtype}")


def generate(run_graph, pack, image, control, aug_noise, init_noise, p, progress, cancelled):
    """Returns frames01 [F,3,H,W]. `progress(phase, step, steps)`; `cancelled()` is polled before every
    denoising step and VAE chunk (raises Cancelled)."""
    check_shapes(pack, image, control, aug_noise, init_noise)
    F, H, W = pack["frames"], pack["height"], pack["width"]
    h, w = pack["latent_height"], pack["latent_width"]
    if p.get("frames", F) != F:
        raise BadRequest(f"this pack generates {F} frames, {p['frames']} requested")
    steps = p["steps"]

    def check(where):
        if cancelled():
            raise Cancelled(f"generation cancelled by the client {where}")

    progress("encode", 0, steps)
    pixel = s.clip_pixel_values(image)[None]
    embeds = run_graph("imageEncoder", {"pixel_values": pixel})
    check("while encoding")
    vae_in = s.vae_input(image, aug_noise, p["noiseAugStrength"])[None]
    latent = run_graph("vaeEncoder", {"image": vae_in})
    check("while encoding")

    sigmas = s.karras_sigmas(steps, pack["sigma_min"], pack["sigma_max"], pack["rho"])
    timesteps = s.model_timesteps(sigmas)
    latents = s.scale_initial_noise(init_noise.reshape(F, 4, h, w), sigmas)
    guidance = s.linspace32(p["minGuidance"], p["maxGuidance"], F)
    E = embeds.size
    hidden = np.zeros((2, 1, E), dtype=np.float32)
    hidden[1, 0] = embeds.reshape(E)
    fixed = {
        "encoder_hidden_states": hidden,
        "added_time_ids": s.added_time_ids(p["fps"], p["motionBucketId"], p["noiseAugStrength"]),
        "controlnet_cond": np.stack([control, control]).astype(np.float32),
        "conditioning_scale": np.array([p["controlScale"]], dtype=np.float32),
    }
    sample = s.sample_buffer(latent, F)
    for i in range(steps):
        check(f"before denoising step {i + 1} of {steps}")
        sigma = sigmas[i]
        s.write_scaled_latents(latents, s.input_divisor(sigma), sample)
        feeds = dict(fixed, sample=sample, timestep=np.array([timesteps[i]], dtype=np.float32))
        v_both = run_graph("denoiser", feeds).reshape(2, F, 4, h, w)
        v = s.combine_guidance(v_both, guidance)
        latents = s.euler_v_step(latents, v, sigma, sigmas[i + 1])
        progress("denoise", i + 1, steps)

    check("before decoding")
    progress("decode", steps, steps)
    flat = s.unscale_latents(latents, pack["scaling_factor"])
    frames = np.zeros((F, 3, H, W), dtype=np.float32)
    n = pack["decode_chunk"]
    for start in range(0, F, n):
        check(f"before decoding frame {start + 1}")
        decoded = run_graph("vaeDecoder", {"latents": np.ascontiguousarray(flat[start : start + n])})
        frames[start : start + n] = s.to_unit(decoded.reshape(n, 3, H, W))
    return frames
