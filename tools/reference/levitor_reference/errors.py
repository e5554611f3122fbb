"""The one error type for input the method refuses (depth 0, empty mask, ...)."""


class SceneError(ValueError):
    """Invalid scene input; the message says what and where."""
