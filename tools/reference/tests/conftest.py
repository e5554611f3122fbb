import os
import sys

# Make `tools.reference` importable when pytest is started from the repo root or from here.
ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
if ROOT not in sys.path:
    sys.path.insert(0, ROOT)
