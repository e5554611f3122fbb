"""SVD-XT + LeviTor ControlNet -> ONNX model pack exporter (see README.md in this folder)."""
