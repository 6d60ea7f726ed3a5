"""UnitVectorLayer: integer codes 1..n to one-hot n-vectors (no gradient: the input is integer).

Code 0 is accepted as padding (past a sequence's length) and gives a zero vector.
"""

import numpy as np

from ._jit import kernel


@kernel
def _one_hot_kernel(codes, out):
    """codes (R,) in 0..n, out (R, n): out[r, codes[r] - 1] = 1, else 0.  Returns how many
    codes lie outside 0..n (their rows are left zero): the range check and the work in
    one pass."""
    n = out.shape[1]
    out[:] = 0
    bad = 0
    for r in range(codes.shape[0]):
        c = codes[r]
        if c < 0 or c > n:
            bad += 1
        elif c > 0:
            out[r, c - 1] = 1
    return bad


def unit_vector_forward(codes, n, dtype=np.float32):
    """codes: integer array of any shape with entries in 0..n -> float array (..., n)."""
    codes = np.asarray(codes)
    if codes.dtype.kind not in "iu":
        raise ValueError("codes must be integers")
    flat = np.ascontiguousarray(codes, np.int64).reshape(-1)
    out = np.empty((flat.size, n), dtype)
    if _one_hot_kernel(flat, out):
        raise ValueError(f"codes must lie in 1..{n} (0 for padding)")
    return out.reshape(codes.shape + (n,))
