"""Unit tests of the numpy port served by levitor_generate (resources/triton/python/levitor_generate),
against the tiny pack's goldens and the TypeScript schema's rules. Run by tools/ci.d/triton.sh:
  tools/.venv-triton/bin/python -m unittest discover -s tools/triton -p 'test_*.py'
(the end-to-end equality with the TypeScript pipeline is tests/integration/triton-server.test.ts)."""
import json
import os
import sys
import unittest

import numpy as np

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "resources", "triton", "python", "levitor_generate"))
import levitor_pipeline as lp  # noqa: E402
import levitor_sampling as s  # noqa: E402

GOLDEN = os.path.join(ROOT, "tests", "fixtures", "svd", "golden")


def golden(name):
    with open(os.path.join(GOLDEN, "index.json")) as f:
        index = json.load(f)
    t = index["tensors"][name]
    return np.fromfile(os.path.join(GOLDEN, t["file"]), dtype="<f4").reshape(t["shape"])


class SamplingTest(unittest.TestCase):
    def test_scheduler_matches_the_reference(self):
        np.testing.assert_array_equal(s.karras_sigmas(4, 0.002, 700.0, 7.0), golden("sigmas").reshape(-1))
        np.testing.assert_array_equal(s.karras_sigmas(25, 0.002, 700.0, 7.0), golden("sigmas25").reshape(-1))
        np.testing.assert_allclose(s.model_timesteps(golden("sigmas").reshape(-1)), golden("timesteps").reshape(-1), atol=1e-7)

    def test_clip_preprocessing_and_initial_latents(self):
        clip = s.clip_pixel_values(golden("image")[0])
        np.testing.assert_allclose(clip, golden("clip_input").reshape(clip.shape), atol=1e-6)
        init = s.scale_initial_noise(golden("init_noise").reshape(4, 4, 10, 9), golden("sigmas").reshape(-1))
        np.testing.assert_allclose(init, golden("latents_init").reshape(init.shape), rtol=1e-6)
        np.testing.assert_array_equal(s.added_time_ids(6, 100, 0.02), golden("added_time_ids").reshape(2, 3))

    def test_guidance_ramp_is_torch_linspace(self):
        # torch.linspace in float32 (first half up from start, second half back from end), as
        # src-shared/diffusion/guidance.ts; numpy's float64 linspace rounds 5/3 the other way.
        third = float(np.float32(2) / np.float32(3))
        want = [1.0, float(np.float32(1 + float(np.float32(third)))), float(np.float32(3 - third)), 3.0]
        self.assertEqual(s.linspace32(1, 3, 4).tolist(), want)
        self.assertNotEqual(want, np.linspace(1, 3, 4, dtype=np.float32).tolist())
        self.assertEqual(s.linspace32(1, 3, 1).tolist(), [1.0])

    def test_params_defaults_and_refusals(self):
        p = lp.parse_params("{}")
        self.assertEqual((p["steps"], p["fps"], p["motionBucketId"], p["noiseAugStrength"]), (25, 6, 100, 0.02))
        for bad in ('{"steps": 0}', '{"steps": 2.5}', '{"fps": true}', '{"controlScale": "1"}', "[1]", "not json"):
            with self.assertRaises(lp.BadRequest, msg=bad):
                lp.parse_params(bad)

    def test_shapes_are_checked_before_any_graph_runs(self):
        pack = dict(width=72, height=80, latent_width=9, latent_height=10, frames=4)
        z = lambda *shape: np.zeros(shape, dtype=np.float32)  # noqa: E731
        with self.assertRaisesRegex(lp.BadRequest, r"control must be \[4, 3, 80, 72\]"):
            lp.check_shapes(pack, z(3, 80, 72), z(3, 3, 80, 72), z(1, 3, 80, 72), z(1, 4, 4, 10, 9))


if __name__ == "__main__":
    unittest.main()
