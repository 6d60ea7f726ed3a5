"""Matrix products and transcendental helpers shared by the kernels.

All matrix products of wlnet's kernels go through Numba's ``np.dot``, which calls the BLAS that
SciPy ships. Calling numpy's own BLAS as well would start a second OpenBLAS thread pool, and on
a small machine the two pools' spinning threads starve each other (measured: a 100x slowdown of
small products with 2 threads). So kernels never use numpy's ``@`` on large arrays; they call
`matmul_into` (or np.dot) inside jitted code.
"""

import numpy as np

from ._jit import kernel

# Products smaller than this many multiply-adds (with both matrix sides small) are done with
# plain loops: BLAS's call overhead (~0.3 µs) dominates them.
SMALL_PRODUCT = 512
SMALL_SIDE = 96


@kernel
def matmul_into(a, w, out, rows):
    """out[:rows] = a[:rows] @ w  (a: (>=rows, p), w: (p, q), out: (>=rows, q); C-contiguous)."""
    if rows == 0:
        return
    inner = w.shape[0]
    cols = w.shape[1]
    if inner <= SMALL_SIDE and cols <= SMALL_SIDE and rows * inner * cols < SMALL_PRODUCT:
        for j in range(rows):
            for c in range(cols):
                out[j, c] = 0.0
            for l in range(inner):
                a_jl = a[j, l]
                for c in range(cols):
                    out[j, c] += a_jl * w[l, c]
    else:
        np.dot(a[:rows], w, out[:rows])


@kernel
def sigmoid(x):
    """LogisticSigmoid; exp(-x) overflowing to inf correctly gives 0."""
    return 1 / (1 + np.exp(-x))


@kernel
def tanh(x):
    """tanh through one exp (about 4x faster than libm's tanh), absolute error ~1 ulp of 1."""
    e = np.exp(-2 * abs(x))
    t = (1 - e) / (1 + e)
    return t if x >= 0 else -t


# exp for whole buffers, written so that LLVM vectorises it (libm's exp is a scalar call, which
# blocks vectorisation): Cody-Waite reduction x = k ln2 + r, |r| <= ln2/2, a degree-12 Taylor
# polynomial (truncation error < 2e-16 relative), and 2^k assembled from its IEEE bits. Inputs
# are clamped to [-708, 708] (so exp(-inf) is ~1e-308 rather than 0); NaN stays NaN.
_LOG2E = 1.4426950408889634
_LN2_HI = 0.6931471803691238
_LN2_LO = 1.9082149292705877e-10
_C2, _C3, _C4, _C5, _C6 = 1 / 2, 1 / 6, 1 / 24, 1 / 120, 1 / 720
_C7, _C8, _C9, _C10 = 1 / 5040, 1 / 40320, 1 / 362880, 1 / 3628800
_C11, _C12 = 1 / 39916800, 1 / 479001600
VECTOR_EXP_MIN = 32  # below this many entries the scalar libm call is as fast


@kernel
def exp_into(buf, bits, count):
    """buf[:count] = exp(buf[:count]) in place (float64 buf, int64 scratch bits)."""
    for c in range(count):
        x = buf[c]
        x = 708.0 if x > 708.0 else x
        x = -708.0 if x < -708.0 else x
        k = np.floor(x * _LOG2E + 0.5)
        r = (x - k * _LN2_HI) - k * _LN2_LO
        p = _C12 * r + _C11
        p = p * r + _C10
        p = p * r + _C9
        p = p * r + _C8
        p = p * r + _C7
        p = p * r + _C6
        p = p * r + _C5
        p = p * r + _C4
        p = p * r + _C3
        p = p * r + _C2
        p = p * r + 1.0
        buf[c] = p * r + 1.0
        bits[c] = (np.int64(k) + 1023) << 52
    scale = bits.view(np.float64)
    for c in range(count):
        buf[c] *= scale[c]


def _single_threaded_scipy_blas():
    """Make the BLAS that Numba calls single-threaded.

    Parallel kernels split a batch over Numba's threads and each thread calls BLAS on its own
    part; a multi-threaded BLAS underneath would oversubscribe the cores (and OpenBLAS's
    spinning workers starve the other threads). Best effort: without the library, nothing.
    """
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


_single_threaded_scipy_blas()
