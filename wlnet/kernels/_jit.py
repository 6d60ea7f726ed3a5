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

import ctypes
import glob
import importlib
import os
import site
import sys

import numba
from numba.np.ufunc import parallel as _parallel

FASTMATH = frozenset({"nsz", "arcp", "contract", "afn", "reassoc"})

JIT_OPTIONS = dict(cache=True, fastmath=set(FASTMATH), nogil=True, error_model="numpy")


def kernel(func):
    """Compile `func` with the project's jit policy (used as a decorator)."""
    return numba.njit(**JIT_OPTIONS)(func)


def parallel_kernel(func):
    """The same policy with ``parallel=True`` (prange loops run on Numba's thread pool)."""
    return numba.njit(parallel=True, **JIT_OPTIONS)(func)


def thread_count() -> int:
    """How many threads a parallel kernel may use (Numba's setting, NUMBA_NUM_THREADS, or
    numba.set_num_threads in this thread)."""
    global _num_threads
    if _num_threads is None:
        numba.get_num_threads()                 # starts the pool, then the raw call is valid
        _num_threads = getattr(_parallel, "_get_num_threads", numba.get_num_threads)
    return _num_threads()


# numba.get_num_threads() takes a lock to make sure the pool is started (0.5 us, on every
# GRU call of a small batch); once it is, the pool's own getter answers (0.08 us).
_num_threads = None


# Thread pool: TBB's work-stealing pool when the `tbb` package is installed (a dependency on
# x86-64).  The difference matters on a shared machine.  With OpenMP (Numba's default) the
# thread that starts a parallel loop waits at its end for every worker; a worker that has lost
# its core to another process makes that wait a scheduler time slice, so a 0.1 ms GRU call
# split in two took up to 16 ms (mean 2-3x the serial time with one other busy process).
# With TBB the starting thread takes the chunks no worker has taken and returns, so a busy
# machine costs about the serial time and an idle one gets the speed-up (measured
# 2026-11-21, (64,5,11,40) forward: idle 82 -> 52 us split with either pool; with one busy
# process OpenMP split mean 189 us, TBB split mean 87 us, serial 82 us).

def _tbb_library_paths():
    prefixes = {sys.prefix, sys.base_prefix, os.path.dirname(os.path.dirname(sys.executable)),
                site.getuserbase()}
    names = ("libtbb.so.12", "libtbb.12.dylib")
    return [path for prefix in prefixes for name in names
            for path in glob.glob(os.path.join(prefix, "lib", name))]


def _tbb_usable() -> bool:
    try:
        importlib.import_module("numba.np.ufunc.tbbpool")
        return True
    except (OSError, ImportError):
        return False


def _prefer_tbb() -> bool:
    """Use TBB as Numba's threading layer when it can be loaded, unless the user has chosen
    another layer (NUMBA_THREADING_LAYER).  pip puts libtbb in <env>/lib, where Numba's TBB
    extension does not look, so it is loaded first, globally."""
    chosen = os.environ.get("NUMBA_THREADING_LAYER", "")
    if chosen not in ("", "default", "tbb"):
        return False
    usable = _tbb_usable()                     # on the loader's path already (conda, system)
    for path in [] if usable else _tbb_library_paths():
        try:
            ctypes.CDLL(path, mode=ctypes.RTLD_GLOBAL)
        except OSError:
            continue
        usable = _tbb_usable()
        if usable:
            break
    if usable:
        numba.config.THREADING_LAYER = "tbb"
    return usable


WORK_STEALING = _prefer_tbb()


def work_stealing() -> bool:
    """Whether parallel kernels run on a pool whose starting thread never waits for a worker
    that has not started (TBB): then splitting smaller calls is safe."""
    return WORK_STEALING
