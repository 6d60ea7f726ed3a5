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
- Lazy: a kernel compiles for the argument types of its first call (so only the precision and
  the variants in use, the backward passes only when training), and a compilation is announced
  (`compiling`, `add_compile_hook`, a notice on a terminal's stderr; end of this module).

Caching caveat (Numba's): a cached function is invalidated when ITS source file changes, not
when a jitted function or global constant it uses from another module changes. Numba 0.68
stamps a source file by a hash of its contents, so touching a file does nothing: after editing
`_linalg.py` or `recurrent.py` (or any helper module), change the text of the modules that
compile it in (a docstring will do; `lstm.py` and `gru.py` for `recurrent.py`), or delete
their ``__pycache__/*.nbi``/``*.nbc``, or they keep running the old machine code (seen:
stale tiles giving wrong LSTM outputs, and a segfault when a buffer became optional).
"""

import ctypes
import glob
import importlib
import os
import site
import sys

import numba
from numba.core import event as _event
from numba.core.caching import FunctionCache
from numba.core.runtime import rtsys as _rtsys
from numba.np.ufunc import parallel as _parallel

FASTMATH = frozenset({"nsz", "arcp", "contract", "afn", "reassoc"})

JIT_OPTIONS = dict(cache=True, fastmath=set(FASTMATH), nogil=True, error_model="numpy")


def kernel(func):
    """Compile `func` with the project's jit policy (used as a decorator)."""
    return _loading_lightly(numba.njit(**JIT_OPTIONS)(func))


def parallel_kernel(func):
    """The same policy with ``parallel=True`` (prange loops run on Numba's thread pool)."""
    return _loading_lightly(numba.njit(parallel=True, **JIT_OPTIONS)(func))


class KernelCache(FunctionCache):
    """Numba's on-disk cache of one kernel, loading machine code without the full set-up of
    a compiler.

    Numba refreshes its target context before every cache load.  The first refresh in a
    process imports and installs all of Numba's typing and lowering registries (its numpy,
    linear algebra, random, typed-container and datetime implementations, and through
    numba.np.arraymath SciPy's linalg package): about 0.2 s of CPU, paid inside the first
    NetTrain or net evaluation of every process (BENCHMARKS.md, "Numba's start in a fresh
    process"), for which loading compiled code has no use: it needs Numba's runtime (NRT)
    symbols and nothing else.  Compiling, when the cache has no code, refreshes the context
    itself (numba.core.compiler), so nothing is lost.  Should Numba's internals change, the
    standard loading is used."""

    def load_overload(self, sig, target_context):
        guard = getattr(self, "_guard_against_spurious_io_errors", None)
        load = getattr(self, "_load_overload", None)
        if guard is None or load is None:
            return super().load_overload(sig, target_context)
        _rtsys.initialize(target_context)
        with guard():
            return load(sig, target_context)


def _loading_lightly(dispatcher):
    if getattr(dispatcher, "_cache", None).__class__ is FunctionCache:
        dispatcher._cache = KernelCache(dispatcher.py_func)
    return dispatcher


def writable(a):
    """`a`, or a copy of it when it is read-only (a NumericArray's data, a net's weights in
    evaluation): Numba types read-only arrays apart, so a kernel called with both would be
    compiled, and cached, twice."""
    return a if a.flags.writeable else a.copy()


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


# --------------------------------------------------------------------------------------------
# Compiling, made visible
#
# A kernel compiles on its first call with new argument types when the on-disk cache has no
# code for them (a fresh checkout, the other precision, an edited module): up to tens of
# seconds in which nothing else happens, which a new user takes for a hang.  Numba announces
# every compilation (never a cache load) as a "numba:compile" event; the listener below tells
# the user once per process, on stderr when it is a terminal (a log or a pipe gets only the
# session's own output), and calls the hooks of live displays (NetTrain's panel) at the start
# of each compilation of a wlnet kernel.
# --------------------------------------------------------------------------------------------

COMPILING_NOTE = "compiling kernels (first run only)…"


def _is_wlnet_kernel(dispatcher) -> bool:
    module = getattr(getattr(dispatcher, "py_func", None), "__module__", None) or ""
    return module.startswith("wlnet.")


class CompileWatch(_event.Listener):
    """Follows Numba's compilations (they nest: a kernel compiles the kernels it calls, all
    under Numba's compiler lock, so one thread at a time)."""

    def __init__(self, stream=None):
        self.stream = stream            # where the one-line notice goes (None: sys.stderr)
        self.depth = 0
        self.kernel = False             # the outermost compilation is one of wlnet's kernels
        self.announced = False
        self.hooks = []

    def on_start(self, event):
        self.depth += 1
        if self.depth == 1 and _is_wlnet_kernel(event.data.get("dispatcher")):
            self.kernel = True
            self._announce()
            for hook in list(self.hooks):
                hook()

    def on_end(self, event):
        self.depth -= 1
        if self.depth == 0:
            self.kernel = False

    def _announce(self):
        if self.announced:
            return
        self.announced = True
        stream = self.stream or sys.stderr
        try:
            if stream.isatty():
                print(f"wlnet: {COMPILING_NOTE}", file=stream, flush=True)
        except (AttributeError, ValueError, OSError):   # a closed or stand-in stream
            pass


_watch = CompileWatch()
_event.register("numba:compile", _watch)


def compiling() -> bool:
    """Whether one of wlnet's kernels is being compiled now."""
    return _watch.kernel


def add_compile_hook(hook) -> None:
    """Call `hook()` whenever a wlnet kernel starts compiling (a live display redraws itself
    then: the compilation blocks the code that would redraw it) until `remove_compile_hook`."""
    _watch.hooks.append(hook)


def remove_compile_hook(hook) -> None:
    if hook in _watch.hooks:
        _watch.hooks.remove(hook)
