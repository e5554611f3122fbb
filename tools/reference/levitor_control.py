"""CLI: run the Python reference on one scene.

    tools/.venv-reference/bin/python -m tools.reference.levitor_control --scene DIR/scene.json --out DIR [--time N]

--debug: also write intermediates to OUT/debug/ (merged id map, per-frame depth maps Z_i, Z0).
--time N: run the computation (scene already loaded, no file writing) N times and print
{"median_s": ...} as the last stdout line. Exit code 2 for a refused scene.
"""

import argparse
import json
import statistics
import sys
import time

from .levitor_reference.errors import SceneError
from .levitor_reference.outputs import write_command_outputs, write_debug
from .levitor_reference.pipeline import run_scene
from .levitor_reference.scene import load_scene


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="levitor_control", description=__doc__.splitlines()[0])
    parser.add_argument("--scene", required=True, help="path to scene.json")
    parser.add_argument("--out", required=True, help="output folder")
    parser.add_argument("--time", type=int, default=0, metavar="N", help="time N runs, print median seconds")
    parser.add_argument("--debug", action="store_true", help="also write OUT/debug/: merged.png, depthmaps.f32 [F,H,W], z0.f64")
    args = parser.parse_args(argv)
    try:
        scene = load_scene(args.scene)
        result = run_scene(scene)
        write_command_outputs(args.out, result)
        if args.debug:
            write_debug(args.out, result)
        if args.time > 0:
            times = []
            for _ in range(args.time):
                t0 = time.perf_counter()
                run_scene(scene)
                times.append(time.perf_counter() - t0)
            print(json.dumps({"median_s": statistics.median(times), "runs": args.time}))
    except SceneError as err:
        print(f"levitor_control: refused: {err}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
