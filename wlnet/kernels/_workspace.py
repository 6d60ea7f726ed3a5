"""Reusable scratch memory for the kernels' wrappers.

Large arrays freshly obtained from the OS cost a page fault per 4 KiB on first touch; for a
GRU pass that is several MB of scratch and, measured, as much time as all its gate arithmetic.
So wrappers take large scratch arrays from a per-thread pool and give them back when done
(immediately for pure scratch; through `release_with` for arrays that live in a forward
pass's cache until the cache object is dropped). Small arrays come straight from np.empty.
"""

import math
import threading
import weakref

import numpy as np

POOL_MIN_BYTES = 1 << 16   # smaller arrays are cheaper to allocate than to pool
MAX_PER_KEY = 2            # free arrays kept per (shape, dtype)


class _Pool(threading.local):
    def __init__(self):
        self.free = {}


_pool = _Pool()


def take(shape, dtype):
    """An uninitialised array of `shape` (a tuple) and `dtype` (from the pool when large)."""
    if not isinstance(dtype, np.dtype):
        dtype = np.dtype(dtype)
    if math.prod(shape) * dtype.itemsize < POOL_MIN_BYTES:
        return np.empty(shape, dtype)
    free = _pool.free.get((shape, dtype.char))
    return free.pop() if free else np.empty(shape, dtype)


def give(*arrays):
    """Return arrays obtained from `take` to the pool (small ones are simply dropped)."""
    for a in arrays:
        if a.nbytes < POOL_MIN_BYTES:
            continue
        free = _pool.free.setdefault((a.shape, a.dtype.char), [])
        if len(free) < MAX_PER_KEY:
            free.append(a)


def release_with(owner, *arrays):
    """Give `arrays` back to the pool once `owner` is garbage (if any of them is pooled)."""
    if any(a.nbytes >= POOL_MIN_BYTES for a in arrays):
        weakref.finalize(owner, give, *arrays)


def clear():
    """Drop this thread's pooled arrays."""
    _pool.free.clear()
