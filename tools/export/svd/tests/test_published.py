"""build_published's stand-in weights: storage-free and pairwise different (torch.onnx.export merges
initializers of equal shape and value, which once made the template read one layer's weights everywhere)."""

import unittest


class StandInWeights(unittest.TestCase):
    def test_every_parameter_has_its_own_value_and_no_storage(self):
        from tools.export.svd.published import build_published

        values, count = set(), 0
        for module in build_published("fp32"):
            for p in module.parameters():
                count += 1
                self.assertEqual(p.stride(), (0,) * p.dim())  # an expanded scalar
                values.add(float(p.reshape(-1)[0]))
        self.assertEqual(count, 520 + 374 + 1428 + 671)  # CLIP, VAE, UNet, ControlNet tensors
        self.assertEqual(len(values), count)


if __name__ == "__main__":
    unittest.main()
