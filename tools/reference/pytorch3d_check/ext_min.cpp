// Minimal Python binding of PyTorch3D 0.7.4's CPU point rasterizer and alpha compositor.
// Only these two kernels are needed to check the NumPy splat; compiling all 36 PyTorch3D sources takes
// close to an hour on a 2-core machine, these three files a few minutes. The kernels themselves are
// compiled unmodified from the PyTorch3D source tree given to build_pytorch3d_min.py.
#include <torch/extension.h>
#include "compositing/alpha_composite.h"
#include "rasterize_points/rasterize_points.h"

PYBIND11_MODULE(TORCH_EXTENSION_NAME, m) {
  m.def("rasterize_points", &RasterizePoints);
  m.def("rasterize_points_backward", &RasterizePointsBackward);
  m.def("accum_alphacomposite", &alphaCompositeForward);
  m.def("accum_alphacomposite_backward", &alphaCompositeBackward);
}
