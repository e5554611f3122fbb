"""Check levitor_reference/kmeans_f32.py (the op-by-op float32 contract) against scikit-learn on every
K-means call the golden scenes make:

    tools/.venv-reference/bin/python -m tools.reference.kmeans_contract [SCENE ...]
Prints, per scene, the calls whose centres differ (bitwise) and those whose truncated keypoints differ.
"""

import sys

import numpy as np

from .golden_scenes import SCENES
from .levitor_reference import keypoints as kp
from .levitor_reference.kmeans_f32 import lloyd_f32
from .levitor_reference.pipeline import run_scene
from .levitor_reference.scene import load_scene


def main(argv=None) -> int:
    names = (sys.argv[1:] if argv is None else argv) or list(SCENES)
    sklearn_run = kp.run_kmeans
    stats = {"calls": 0, "centres": 0, "keypoints": 0}

    def both(candidates, init):
        a = sklearn_run(candidates, init)
        b = lloyd_f32(candidates, init)
        stats["calls"] += 1
        if not np.array_equal(a, b):
            stats["centres"] += 1
            stats["keypoints"] += int(not np.array_equal(np.trunc(a), np.trunc(b)))
        return a

    kp.run_kmeans = both
    try:
        for name in names:
            run_scene(load_scene(f"tests/fixtures/control/{name}/scene.json"))
            print(f"{name}: {stats}", flush=True)
    finally:
        kp.run_kmeans = sklearn_run
    return 1 if stats["centres"] else 0


if __name__ == "__main__":
    sys.exit(main())
