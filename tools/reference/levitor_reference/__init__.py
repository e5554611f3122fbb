"""Independent NumPy/SciPy/scikit-learn/OpenCV implementation of docs/levitor-method.md sections 1 and 3-7.

It is the reference the TypeScript engine (src-shared/control) is proven against; the golden fixtures in
tests/fixtures/control are written with it. Parity mode only (the reference's quirks), plus the studio
decisions listed in src-shared/control/README.md and tools/reference/README.md.
"""

GENERATOR_VERSION = "1"
