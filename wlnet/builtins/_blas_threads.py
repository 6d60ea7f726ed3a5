"""One BLAS thread while the machine-learning builtins fit and reduce.

Their work is many small matrix operations: SciPy's optimizers (L-BFGS-B in the support
vector machine's dual, the Gaussian process's likelihood, the regressions and networks)
call SciPy's bundled OpenBLAS hundreds of times on small vectors, and the reductions and
clusterings (Isomap, LLE, multidimensional scaling, spectral clustering, the
autoencoder) NumPy's bundled OpenBLAS on matrices of a few hundred rows.  With several
threads each call wakes OpenBLAS's worker threads, which on a busy machine costs
milliseconds a call.  Measured at load 10-13 on 2 cores (300 examples): Isomap 5.5 ->
0.16 s, LLE 6.0 -> 0.10 s, multidimensional scaling 5.6 -> 0.05 s, the autoencoder 44 ->
2.6 s, spectral clustering 4.5 -> 0.07 s, a 64-example support vector machine 3.2 ->
0.04 s.  ``one_blas_thread()`` sets both libraries to one thread for the duration of a
block and restores their settings after (wlnet/kernels/_linalg.py makes SciPy's
single-threaded for good when the kernels load, for the same reason).
"""

from __future__ import annotations

import contextlib
import functools


@functools.cache
def _libraries() -> tuple:
    """(set, get) of the thread count of each bundled OpenBLAS found (SciPy's, NumPy's);
    none when a library or its functions are missing."""
    import ctypes
    import glob
    import os

    found = []
    places = [("scipy", "scipy.libs", "libscipy_openblas*.so*", ""),
              ("numpy", "numpy.libs", "libscipy_openblas64_*.so*", "64_")]
    for package, folder, pattern, suffix in places:
        try:
            module = __import__(package)
        except ImportError:
            continue
        for path in glob.glob(os.path.join(os.path.dirname(module.__file__), os.pardir,
                                           folder, pattern)):
            try:
                library = ctypes.CDLL(path)
                setter = getattr(library, f"scipy_openblas_set_num_threads{suffix}")
                getter = getattr(library, f"scipy_openblas_get_num_threads{suffix}")
            except (OSError, AttributeError):
                continue
            getter.restype = ctypes.c_int
            found.append((setter, getter))
    return tuple(found)


@contextlib.contextmanager
def one_blas_thread():
    """Both bundled OpenBLAS libraries on one thread inside the block."""
    libraries = _libraries()
    before = [get() for _, get in libraries]
    for set_threads, _ in libraries:
        set_threads(1)
    try:
        yield
    finally:
        for (set_threads, _), count in zip(libraries, before):
            set_threads(max(int(count), 1))


def on_one_blas_thread(function):
    """``function`` run inside ``one_blas_thread()``."""
    @functools.wraps(function)
    def run(*args, **kwargs):
        with one_blas_thread():
            return function(*args, **kwargs)
    return run
