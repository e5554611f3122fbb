"""The golden scenes: deterministic synthetic inputs (masks, disparity or Z0, trajectories).

Each builder returns a SceneSpec; make_goldens.py writes it as a scene folder and runs the reference.
Trajectory depths are derived from the scene's own Z0 at the click (as a user reads "depth for
reference" in the demo), rounded to 5 decimals so the JSON holds them exactly as written.
"""

from dataclasses import dataclass, field
from typing import Callable, Dict, List, Optional

import numpy as np

from .levitor_reference.depth import disparity_to_z0
from .synth import cells, dilate, disparity, ellipse, rect, voronoi_segments

FULL = (288, 512, 16)


@dataclass
class ObjectSpec:
    name: str
    mask: np.ndarray
    kind: str = "moving"
    trajectory: Optional[List[List[float]]] = None  # [[x, y, depth], ...]


@dataclass
class SceneSpec:
    name: str
    description: str
    width: int
    height: int
    frames: int
    depth: np.ndarray  # float32 [H, W]
    depth_kind: str = "disparity"
    ratio: float = 1.0
    objects: List[ObjectSpec] = field(default_factory=list)
    auto: List[np.ndarray] = field(default_factory=list)


def z_at(z0: np.ndarray, x: int, y: int, factor: float = 1.0) -> float:
    return round(float(z0[y, x]) * factor, 5)


def multi_moving() -> SceneSpec:
    w, h, f = FULL
    car, ball, bird = ellipse(w, h, 80, 380, 30, 18), ellipse(w, h, 200, 250, 20, 20), ellipse(w, h, 140, 120, 15, 10)
    tree = rect(w, h, 20, 200, 60, 330)
    depth = disparity(w, h, [(car, 3.8, 0.3), (ball, 2.5, 0.0), (bird, 1.2, 0.1), (tree, 2.0, 0.4)], seed=1)
    z0 = disparity_to_z0(depth)
    autos = voronoi_segments(w, h, 12, seed=11) + [dilate(ball, 2), dilate(tree, 1)]
    return SceneSpec("multi-moving", "three moving objects, a static user tree, 14 auto segments", w, h, f, depth,
        objects=[
            ObjectSpec("car", car, trajectory=[[80, 380, z_at(z0, 80, 380)], [150, 360, z_at(z0, 80, 380)], [220, 395, z_at(z0, 80, 380, 0.9)]]),
            ObjectSpec("ball", ball, trajectory=[[200, 250, z_at(z0, 200, 250)], [150, 200, z_at(z0, 200, 250, 1.1)], [190, 150, z_at(z0, 200, 250, 1.3)], [240, 230, z_at(z0, 200, 250)]]),
            ObjectSpec("tree", tree, kind="static"),
            ObjectSpec("bird", bird, trajectory=[[140, 120, z_at(z0, 140, 120)], [60, 80, z_at(z0, 140, 120)]]),
        ], auto=autos)


def nearer_farther() -> SceneSpec:
    w, h, f = FULL
    near, far, kite = ellipse(w, h, 90, 330, 24, 30), ellipse(w, h, 200, 380, 26, 22), ellipse(w, h, 150, 70, 14, 9)
    depth = disparity(w, h, [(near, 3.2, 0.2), (far, 3.6, 0.2), (kite, 0.9, 0.0)], seed=2)
    z0 = disparity_to_z0(depth)
    autos = voronoi_segments(w, h, 10, seed=22)
    return SceneSpec("nearer-farther", "one object comes nearer, one goes farther, a far kite comes much nearer", w, h, f, depth,
        objects=[
            ObjectSpec("near", near, trajectory=[[90, 330, z_at(z0, 90, 330)], [110, 300, z_at(z0, 90, 330, 0.75)], [130, 280, z_at(z0, 90, 330, 0.6)]]),
            ObjectSpec("far", far, trajectory=[[200, 380, z_at(z0, 200, 380)], [190, 330, z_at(z0, 200, 380, 1.3)]]),
            ObjectSpec("kite", kite, trajectory=[[150, 70, z_at(z0, 150, 70)], [170, 160, z_at(z0, 150, 70, 0.5)]]),
        ], auto=autos)


def occluded() -> SceneSpec:
    w, h, f = FULL
    pillar = rect(w, h, 110, 150, 200, 420)
    runner = ellipse(w, h, 50, 300, 22, 28)
    depth = disparity(w, h, [(pillar, 4.8, 0.0), (runner, 3.0, 0.1)], seed=3)
    z0 = disparity_to_z0(depth)
    autos = voronoi_segments(w, h, 9, seed=33, exclude=pillar) + [pillar.copy()]
    d = z_at(z0, 50, 300)
    return SceneSpec("occluded", "a moving object passes fully behind a nearer static pillar (auto segment)", w, h, f, depth,
        objects=[ObjectSpec("runner", runner, trajectory=[[50, 300, d], [155, 300, d], [155, 300, d], [250, 290, d]])],
        auto=autos)


def static_only() -> SceneSpec:
    w, h, f = FULL
    house, dog = rect(w, h, 40, 220, 150, 330), ellipse(w, h, 210, 420, 35, 25)
    depth = disparity(w, h, [(house, 2.2, 0.3), (dog, 4.0, 0.1)], seed=4)
    autos = voronoi_segments(w, h, 25, seed=44, grow=1)
    return SceneSpec("static-only", "two static user objects and 25 overlapping auto segments, nothing moves", w, h, f, depth,
        objects=[ObjectSpec("house", house, kind="static"), ObjectSpec("dog", dog, kind="static")], auto=autos)


def small_pair(name: str, ratio: float, seed: int) -> SceneSpec:
    w, h, f = 144, 256, 16
    a, b = ellipse(w, h, 40, 160, 14, 12), ellipse(w, h, 100, 90, 10, 14)
    crumb = ellipse(w, h, 120, 200, 5, 3)  # 45 px: 5 candidates, so K' = 6 is clamped at ratio 2
    depth = disparity(w, h, [(a, 2.8, 0.2), (b, 1.5, 0.1), (crumb, 3.0, 0.0)], seed=seed)
    z0 = disparity_to_z0(depth)
    autos = voronoi_segments(w, h, 8, seed=seed * 11)
    return SceneSpec(name, f"two movers, a tiny static user crumb, 8 auto segments, points ratio {ratio}", w, h, f, depth,
        ratio=ratio, objects=[
            ObjectSpec("a", a, trajectory=[[40, 160, z_at(z0, 40, 160)], [90, 180, z_at(z0, 40, 160, 0.8)], [110, 140, z_at(z0, 40, 160, 0.7)]]),
            ObjectSpec("b", b, trajectory=[[100, 90, z_at(z0, 100, 90)], [60, 60, z_at(z0, 100, 90, 1.4)]]),
            ObjectSpec("crumb", crumb, kind="static"),
        ], auto=autos)


def one_point() -> SceneSpec:
    w, h, f = 144, 256, 16
    still, mover = ellipse(w, h, 50, 120, 16, 16), ellipse(w, h, 100, 200, 12, 10)
    depth = disparity(w, h, [(still, 2.0, 0.0), (mover, 4.0, 0.1)], seed=6)
    z0 = disparity_to_z0(depth)
    autos = voronoi_segments(w, h, 7, seed=66)
    return SceneSpec("one-point", "a one-click (stationary) object at user depth 2/7 and a mover", w, h, f, depth,
        objects=[
            ObjectSpec("still", still, trajectory=[[50, 120, 2 / 7]]),
            ObjectSpec("mover", mover, trajectory=[[100, 200, z_at(z0, 100, 200)], [60, 215, z_at(z0, 100, 200, 1.2)]]),
        ], auto=autos)


def tiny_border() -> SceneSpec:
    w, h, f = FULL
    corner, edge = rect(w, h, 0, 0, 13, 13), rect(w, h, 276, 470, 288, 484)
    depth = disparity(w, h, [(corner, 1.0, 0.0), (edge, 5.2, 0.0)], seed=7)
    z0 = disparity_to_z0(depth)
    autos = voronoi_segments(w, h, 6, seed=77)
    return SceneSpec("tiny-border", "tiny objects on the top-left corner (y0 = 0: no fill) and the right edge, leaving the image", w, h, f, depth,
        objects=[
            ObjectSpec("corner", corner, trajectory=[[6, 6, z_at(z0, 6, 6)], [0, 0, z_at(z0, 6, 6, 1.2)]]),
            ObjectSpec("edge", edge, trajectory=[[282, 476, z_at(z0, 282, 476)], [287, 500, z_at(z0, 282, 476, 0.9)]]),
        ], auto=autos)


def auto_40() -> SceneSpec:
    w, h, f = FULL
    person, bench, bag = ellipse(w, h, 120, 300, 28, 60), rect(w, h, 150, 360, 260, 400), ellipse(w, h, 135, 340, 18, 14)
    depth = disparity(w, h, [(person, 3.0, 0.4), (bench, 3.8, 0.1), (bag, 3.5, 0.0)], seed=8)
    z0 = disparity_to_z0(depth)
    autos = voronoi_segments(w, h, 36, seed=88, grow=3) + [dilate(person, 2), bench.copy(), ellipse(w, h, 200, 100, 50, 30), ellipse(w, h, 60, 450, 40, 30)]
    rng = np.random.RandomState(89)
    autos = [autos[k] for k in rng.permutation(len(autos))]
    return SceneSpec("auto-40", "40 overlapping auto segments, user masks overlapping them and each other (bag over person)", w, h, f, depth,
        objects=[
            ObjectSpec("person", person, trajectory=[[120, 300, z_at(z0, 120, 300)], [80, 280, z_at(z0, 120, 300, 0.9)], [60, 320, z_at(z0, 120, 300, 0.85)]]),
            ObjectSpec("bench", bench, kind="static"),
            ObjectSpec("bag", bag, trajectory=[[135, 340, z_at(z0, 135, 340)], [200, 330, z_at(z0, 135, 340, 1.1)]]),
        ], auto=autos)


def wrap_256() -> SceneSpec:
    w, h, f = 144, 256, 4
    blob = ellipse(w, h, 45, 60, 14, 12)
    depth = disparity(w, h, [(blob, 2.5, 0.0)], seed=9)
    z0 = disparity_to_z0(depth)
    autos = cells(w, h, 8, 16)[:262]  # 262 auto + 1 user: list indices 255 (id 0) and 256.. (ids 1..) wrap
    return SceneSpec("wrap-256", "263 masks: uint8 id wrap (index 255 vanishes, index 256 merges into user object 1)", w, h, f, depth,
        objects=[ObjectSpec("blob", blob, trajectory=[[45, 60, z_at(z0, 45, 60)], [90, 150, z_at(z0, 45, 60, 0.8)]])], auto=autos)


def z0_input() -> SceneSpec:
    w, h, f = 144, 256, 8
    rock, fly = rect(w, h, 10, 60, 60, 110), ellipse(w, h, 70, 140, 12, 12)
    xs = np.arange(w)[None, :].astype(np.float64)
    ys = np.arange(h)[:, None].astype(np.float64)
    z = 0.2 - 0.18 * ys / h + 0.01 * np.sin(xs / 9.0)  # continuous Z0 (not 8-bit quantised)
    z = np.where(rock, 0.03, z)
    z = np.where(fly, 0.005, z).astype(np.float32)
    autos = [rock.copy()] + voronoi_segments(w, h, 5, seed=99, exclude=rock)
    return SceneSpec("z0-input", "Z0 given directly; a fly reaching user depth 0.002 (keypoint depth 500 wraps to 244)", w, h, f, z,
        depth_kind="z0", objects=[ObjectSpec("fly", fly, trajectory=[[70, 140, 0.005], [75, 120, 0.003], [80, 110, 0.002]])], auto=autos)


def bench_3x30() -> SceneSpec:
    """The issue's benchmark scene: 16 x 288x512, 3 moving objects, 30 static auto segments."""
    w, h, f = FULL
    cat, cup, leaf = ellipse(w, h, 70, 400, 32, 24), ellipse(w, h, 210, 300, 22, 26), ellipse(w, h, 150, 180, 18, 12)
    depth = disparity(w, h, [(cat, 4.2, 0.3), (cup, 3.0, 0.2), (leaf, 1.8, 0.0)], seed=12)
    z0 = disparity_to_z0(depth)
    autos = voronoi_segments(w, h, 30, seed=120, grow=2)
    return SceneSpec("bench-3x30", "benchmark: 3 moving objects and 30 static segments", w, h, f, depth,
        objects=[
            ObjectSpec("cat", cat, trajectory=[[70, 400, z_at(z0, 70, 400)], [140, 380, z_at(z0, 70, 400, 0.9)], [230, 420, z_at(z0, 70, 400, 0.8)]]),
            ObjectSpec("cup", cup, trajectory=[[210, 300, z_at(z0, 210, 300)], [120, 280, z_at(z0, 210, 300, 1.2)]]),
            ObjectSpec("leaf", leaf, trajectory=[[150, 180, z_at(z0, 150, 180)], [100, 150, z_at(z0, 150, 180)], [60, 220, z_at(z0, 150, 180, 0.9)], [40, 300, z_at(z0, 150, 180, 0.85)]]),
        ], auto=autos)


SCENES: Dict[str, Callable[[], SceneSpec]] = {
    "multi-moving": multi_moving,
    "nearer-farther": nearer_farther,
    "occluded": occluded,
    "static-only": static_only,
    "ratio-half": lambda: small_pair("ratio-half", 0.5, 5),
    "ratio-two": lambda: small_pair("ratio-two", 2.0, 15),
    "one-point": one_point,
    "tiny-border": tiny_border,
    "auto-40": auto_40,
    "wrap-256": wrap_256,
    "z0-input": z0_input,
    "bench-3x30": bench_3x30,
}
