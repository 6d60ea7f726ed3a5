"""SciPy's own OpenBLAS made single-threaded for the machine-learning fits.

SciPy's optimizers (L-BFGS-B in the support vector machine's dual, the Gaussian process's
likelihood, the regressions and networks) call its bundled BLAS hundreds of times on small
vectors and matrices.  With several threads each call wakes OpenBLAS's worker threads,
which on a busy machine costs milliseconds a call: a 64-example support vector machine
took 1-5 s of which nearly all was this, and 0.03-0.05 s with one thread.  The setting is
the process's (as wlnet/kernels/_linalg.py makes it when the kernels load, for the same
reason); NumPy's BLAS is another library and keeps its threads for large products.
"""

from __future__ import annotations

import functools


@functools.cache
def single_threaded_scipy_blas() -> None:
    """One BLAS thread in SciPy's bundled OpenBLAS; nothing when SciPy has none."""
    import ctypes
    import glob
    import os

    try:
        import scipy
    except ImportError:
        return
    pattern = os.path.join(os.path.dirname(scipy.__file__), os.pardir, "scipy.libs",
                           "libscipy_openblas*.so*")
    for path in glob.glob(pattern):
        try:
            ctypes.CDLL(path).scipy_openblas_set_num_threads(1)
        except (OSError, AttributeError):
            pass
