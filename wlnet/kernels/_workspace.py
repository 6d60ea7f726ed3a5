"""Reusable scratch memory for the kernels' wrappers.

Large arrays freshly obtained from the OS cost a page fault per 4 KiB on first touch; for a
GRU pass that is several MB of scratch and, measured, as much time as all its gate arithmetic.
So wrappers take large scratch arrays from a per-thread pool and give them back when done
(immediately for pure scratch; through `release_with` for arrays that live in a forward
pass's cache until the cache object is dropped). Small arrays come straight from np.empty.

The same cost hits every array of a few MB that a pass allocates and frees (a layer's output,
a gradient): glibc serves them from the heap but returns a freed top of the heap to the OS
once it passes its trim threshold (twice the largest array freed so far), and the next pass
faults the pages in again.  Measured on a LeNet training step (batch 64, float32): 1,200-3,700
page faults per step, 2-7 ms of a 22 ms step depending on what else the process had
allocated.  `keep_freed_memory` (called once when the kernels are imported) raises that
threshold so that the heap keeps such memory for the next pass.
"""

import ctypes
import math
import sys
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


# glibc's mallopt parameters (malloc.h)
_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3
# Free memory at the top of the heap kept rather than given back to the OS.
KEEP_FREED_BYTES = 256 << 20
# Larger arrays still get their own mapping, returned to the OS as soon as they are freed
# (glibc's own upper bound for its moving threshold on 64-bit systems).
MMAP_BYTES = 32 << 20


def keep_freed_memory() -> bool:
    """Tune glibc's malloc as the module docstring says (a no-op elsewhere); whether done.
    Fixing the thresholds also stops glibc moving them, so arrays above MMAP_BYTES are
    mapped and unmapped each time as before and the heap never keeps more than
    KEEP_FREED_BYTES free."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL("libc.so.6")
        return bool(libc.mallopt(_M_MMAP_THRESHOLD, MMAP_BYTES)
                    and libc.mallopt(_M_TRIM_THRESHOLD, KEEP_FREED_BYTES))
    except (OSError, AttributeError):         # not glibc (musl has no mallopt)
        return False


def clear():
    """Drop this thread's pooled arrays."""
    _pool.free.clear()
