"""The studio's SVD sampling arithmetic in numpy, operation by operation in float32.

A port of src-shared/diffusion/{scheduler,guidance,antialiasResize,timeIds}.ts and the pre/post steps of
src-main/inference/models/svd/{pre,post}.ts: every float32 rounding the TypeScript code does (Math.fround)
happens here too, in the same order, so a take on a Triton server equals the local take to float rounding.
Needs numpy only (the NVIDIA Triton container's Python backend has it; onnxruntime is not needed here).
"""
import math

import numpy as np

F32 = np.float32


def karras_sigmas(steps, sigma_min, sigma_max, rho):
    """[steps + 1] float32: Karras ramp computed in float64, cast, then 0 appended."""
    if not isinstance(steps, int) or steps < 1:
        raise ValueError(f"steps must be a positive integer, got {steps}")
    min_inv = sigma_min ** (1 / rho)
    max_inv = sigma_max ** (1 / rho)
    out = np.zeros(steps + 1, dtype=F32)
    for k in range(steps):
        ramp = 0.0 if steps == 1 else 1.0 if k == steps - 1 else k * (1 / (steps - 1))
        out[k] = (max_inv + ramp * (min_inv - max_inv)) ** rho
    return out


def model_timesteps(sigmas):
    """t = 0.25 ln(sigma): ln in float64 of the float32 sigma, rounded, times 0.25, rounded."""
    return np.array([F32(0.25 * float(F32(math.log(float(s))))) for s in sigmas[:-1]], dtype=F32)


def input_divisor(sigma):
    """sqrt(sigma^2 + 1) in float32."""
    s = F32(sigma)
    return F32(np.sqrt(F32(s * s) + F32(1)))


def scale_initial_noise(noise, sigmas):
    return (noise.astype(F32) * input_divisor(np.max(sigmas))).astype(F32)


def euler_v_step(x, v, sigma, sigma_next):
    """One Euler step for v-prediction (no churn); returns the new latents."""
    sigma = F32(sigma)
    s2p1 = F32(F32(sigma * sigma) + F32(1))
    c_out = F32(-sigma / F32(np.sqrt(s2p1)))
    dt = F32(F32(sigma_next) - sigma)
    x0 = v * c_out + x / s2p1
    d = (x - x0) / sigma
    return (x + d * dt).astype(F32)


def linspace32(start, end, n):
    """torch.linspace in float32: the first half counts up from start, the second back from end."""
    if n == 1:
        return np.array([start], dtype=F32)
    s, e = F32(start), F32(end)
    step = F32(F32(e - s) / F32(n - 1))
    half = n // 2
    return np.array(
        [F32(s + F32(step * F32(i))) if i < half else F32(e - F32(step * F32(n - 1 - i))) for i in range(n)],
        dtype=F32,
    )


def combine_guidance(v_both, guidance):
    """v [2,F,...] (uncond first) -> [F,...] = v_u + g[f] * (v_c - v_u)."""
    u, c = v_both[0], v_both[1]
    g = guidance.reshape((-1,) + (1,) * (u.ndim - 1)).astype(F32)
    return (u + g * (c - u)).astype(F32)


def added_time_ids(fps, motion_bucket_id, noise_aug_strength):
    row = [fps - 1, motion_bucket_id, noise_aug_strength]
    return np.array([row, row], dtype=F32)


def gaussian_kernel(size, sigma):
    s = F32(sigma)
    two_s2 = F32(F32(2) * F32(s * s))
    k = np.zeros(size, dtype=F32)
    total = F32(0)
    for i in range(size):
        x = i - size // 2 + (0.5 if size % 2 == 0 else 0.0)
        k[i] = math.exp(float(F32(-F32(x * x) / two_s2)))
        total = F32(total + k[i])
    return (k / total).astype(F32)


def _reflect(i, n):
    if n == 1:
        return 0
    while i < 0 or i >= n:
        i = -i if i < 0 else 2 * (n - 1) - i
    return i


def _blur_axis(src, k, axis):
    """Separable blur along the last (x) or second-to-last (y) axis, reflect padding, sequential sums."""
    n = src.shape[axis]
    r = (len(k) - 1) // 2
    acc = np.zeros_like(src, dtype=F32)
    for t in range(len(k)):
        idx = np.array([_reflect(p + t - r, n) for p in range(n)])
        acc = acc + np.take(src, idx, axis=axis) * k[t]
    return acc.astype(F32)


def _cubic_weights(t):
    a = F32(-0.75)

    def c1(x):
        return F32(F32(F32(F32(F32((a + F32(2)) * x) - (a + F32(3))) * x) * x) + F32(1))

    def c2(x):
        return F32(F32(F32(F32(F32(F32(a * x) - F32(5) * a) * x) + F32(8) * a) * x) - F32(4) * a)

    x2 = F32(F32(1) - t)
    return [c2(F32(t + F32(1))), c1(t), c1(x2), c2(F32(x2 + F32(1)))]


def _taps(in_size, out_size):
    scale = F32((in_size - 1) / (out_size - 1)) if out_size > 1 else F32(0)
    idx = np.zeros((out_size, 4), dtype=np.int64)
    wts = np.zeros((out_size, 4), dtype=F32)
    for o in range(out_size):
        real = F32(scale * F32(o))
        i0 = math.floor(real)
        wts[o] = _cubic_weights(F32(real - F32(i0)))
        idx[o] = [min(max(i0 - 1 + j, 0), in_size - 1) for j in range(4)]
    return idx, wts


def bicubic_align_corners(src, out_h, out_w):
    """PyTorch bicubic (a = -0.75, align_corners=True) of [C,H,W]: columns summed first, then rows."""
    _, h, w = src.shape
    ty_idx, ty_w = _taps(h, out_h)
    tx_idx, tx_w = _taps(w, out_w)
    rows = np.take(src, tx_idx[:, 0], axis=2) * tx_w[:, 0]
    for i in range(1, 4):
        rows = rows + np.take(src, tx_idx[:, i], axis=2) * tx_w[:, i]
    out = np.take(rows, ty_idx[:, 0], axis=1) * ty_w[:, 0, None]
    for j in range(1, 4):
        out = out + np.take(rows, ty_idx[:, j], axis=1) * ty_w[:, j, None]
    return out.astype(F32)


def antialias_params(in_size, out_size):
    sigma = max((in_size / out_size - 1) / 2, 0.001)
    kernel = math.trunc(max(4 * sigma, 3))
    if kernel % 2 == 0:
        kernel += 1
    return sigma, kernel


def resize_with_antialiasing(src, out_h, out_w):
    _, h, w = src.shape
    sy, ky = antialias_params(h, out_h)
    sx, kx = antialias_params(w, out_w)
    blurred = _blur_axis(_blur_axis(src, gaussian_kernel(kx, sx), 2), gaussian_kernel(ky, sy), 1)
    return bicubic_align_corners(blurred, out_h, out_w)


CLIP_MEAN = np.array([0.48145466, 0.4578275, 0.40821073], dtype=F32)
CLIP_STD = np.array([0.26862954, 0.26130258, 0.27577711], dtype=F32)


def clip_pixel_values(image01, size=224):
    """image [3,H,W] in [0,1] -> CLIP pixel_values [3,size,size]."""
    x = image01.astype(F32) * F32(2) - F32(1)
    r = resize_with_antialiasing(x, size, size)
    r = ((r + F32(1)) / F32(2) - CLIP_MEAN[:, None, None]) / CLIP_STD[:, None, None]
    return r.astype(F32)


def vae_input(image01, noise, strength):
    """image*2-1 + strength*noise, [1,3,H,W]."""
    s = F32(strength)
    return ((image01 * F32(2) - F32(1)) + s * noise.reshape(image01.shape)).astype(F32)


def sample_buffer(latent, frames):
    """[2,F,8,h,w]: channels 4..7 of the cond half hold the VAE latent for every frame, the rest zeros."""
    lat = latent.reshape(4, *latent.shape[-2:])
    out = np.zeros((2, frames, 8) + lat.shape[-2:], dtype=F32)
    out[1, :, 4:8] = lat
    return out


def write_scaled_latents(latents, divisor, sample):
    """sample[b, f, 0:4] = latents[f] / divisor for both halves, in place."""
    scaled = (latents / F32(divisor)).astype(F32)
    sample[0, :, 0:4] = scaled
    sample[1, :, 0:4] = scaled


def to_unit(decoded):
    """Decoder output in about [-1,1] -> [0,1] (x/2 + 0.5, clamped)."""
    return np.clip(decoded / F32(2) + F32(0.5), F32(0), F32(1)).astype(F32)


def unscale_latents(latents, scaling_factor):
    return (latents / F32(scaling_factor)).astype(F32)
