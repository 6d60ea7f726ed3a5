"""THE jit policy of wlnet: every kernel in wlnet.kernels is compiled through `kernel` (or
`parallel_kernel`, the same policy plus ``parallel=True`` for drivers that split a batch over
threads with ``numba.prange``).

- ``cache=True``: compiled machine code is stored beside the module (``__pycache__``), so a
  fresh process loads it instead of recompiling.
- A fastmath set that lets LLVM reassociate, contract to FMA and use fast reciprocals and
  approximate library functions, but keeps NaN and Inf observable: no 'nnan' or 'ninf', so a
  diverging net shows NaN/Inf instead of silently producing garbage.
- ``nogil=True``: kernels hold no Python objects, so callers may run them on threads.
- ``error_model='numpy'``: no Python exceptions from arithmetic (1/0 gives inf); kernels never
  raise user-facing errors, the wrappers that call them validate shapes and dtypes first.

Caching caveat (Numba's): a cached function is invalidated when ITS source file changes, not
when a jitted function or global constant it uses from another module changes. After editing
`_linalg.py` (or any helper module), touch the modules that use it (or delete their
``__pycache__/*.nbi``/``*.nbc``) or they keep running the old machine code.
"""

import numba

FASTMATH = frozenset({"nsz", "arcp", "contract", "afn", "reassoc"})

JIT_OPTIONS = dict(cache=True, fastmath=set(FASTMATH), nogil=True, error_model="numpy")


def kernel(func):
    """Compile `func` with the project's jit policy (used as a decorator)."""
    return numba.njit(**JIT_OPTIONS)(func)


def parallel_kernel(func):
    """The same policy with ``parallel=True`` (prange loops run on Numba's thread pool)."""
    return numba.njit(parallel=True, **JIT_OPTIONS)(func)


def thread_count() -> int:
    """How many threads a parallel kernel may use (Numba's setting, NUMBA_NUM_THREADS)."""
    return numba.get_num_threads()
