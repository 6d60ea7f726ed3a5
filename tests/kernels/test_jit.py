"""kernels/_jit.py: the thread pool choice (TBB when installed, unless the user picks a layer)
and the announcement of compilations."""

import io
import os
import subprocess
import sys
from pathlib import Path

import numba
import numpy as np
import pytest
from numba.core import event

import wlnet.kernels._jit as jit

ROOT = Path(__file__).resolve().parents[2]

PROBE = ("import numba, wlnet.kernels.gru as g, wlnet.kernels._jit as j; "
         "import numpy as np; from numba import prange\n"
         "@numba.njit(parallel=True)\n"
         "def total(a):\n"
         "    s = 0.0\n"
         "    for i in prange(a.shape[0]): s += a[i]\n"
         "    return s\n"
         "total(np.ones(100)); print(j.work_stealing(), g.parallel_work(), numba.threading_layer())")


def _probe(**env):
    environment = {k: v for k, v in os.environ.items() if k != "NUMBA_THREADING_LAYER"}
    environment.update(env)
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          env=environment, timeout=300)
    assert done.returncode == 0, done.stderr
    stealing, threshold, layer = done.stdout.split()
    return stealing == "True", int(threshold), layer


def test_a_layer_chosen_by_the_user_is_kept_and_splits_only_large_calls():
    from wlnet.kernels.gru import PARALLEL_WORK_BLOCKING
    assert _probe(NUMBA_THREADING_LAYER="workqueue") == (False, PARALLEL_WORK_BLOCKING,
                                                         "workqueue")


@pytest.mark.skipif(not jit._tbb_library_paths(), reason="the tbb package is not installed")
def test_tbb_is_used_when_installed():
    from wlnet.kernels.gru import PARALLEL_WORK_STEALING
    assert _probe() == (True, PARALLEL_WORK_STEALING, "tbb")


# --- compilations are announced --------------------------------------------------------


class _Terminal(io.StringIO):
    def isatty(self):
        return True


def _fresh_copy_of_a_kernel():
    """A new, uncached dispatcher of one of wlnet's kernels: calling it compiles."""
    from wlnet.kernels import gru
    return numba.njit(gru._length_bounds.py_func)


def _watching(stream):
    watch = jit.CompileWatch(stream)
    seen = []
    watch.hooks.append(lambda: seen.append(watch.kernel))
    return watch, seen


def test_a_kernel_compilation_is_announced_once_on_a_terminal():
    watch, seen = _watching(_Terminal())
    kernel = _fresh_copy_of_a_kernel()
    with event.install_listener("numba:compile", watch):
        kernel(np.array([3, 1], np.int64))
        kernel(np.array([3, 1], np.int32))          # a second signature compiles again
    assert watch.stream.getvalue() == f"wlnet: {jit.COMPILING_NOTE}\n"
    assert seen == [True, True]                      # the hooks ran while it compiled
    assert not watch.kernel and watch.depth == 0


def test_no_notice_when_stderr_is_not_a_terminal():
    watch, seen = _watching(io.StringIO())
    with event.install_listener("numba:compile", watch):
        _fresh_copy_of_a_kernel()(np.array([2], np.int64))
    assert watch.stream.getvalue() == "" and seen == [True]


def test_other_code_compiling_is_not_announced():
    watch, seen = _watching(_Terminal())

    def users_own(a):
        return a + 1
    with event.install_listener("numba:compile", watch):
        assert numba.njit(users_own)(1) == 2
    assert watch.stream.getvalue() == "" and seen == []


def test_the_first_use_compiles_and_says_so_a_cached_one_is_silent(tmp_path):
    """End to end on a pseudo-terminal, with an empty kernel cache of its own."""
    pexpect = pytest.importorskip("pexpect")
    code = ("from wlnet.kernels.unit_vector import unit_vector_forward; "
            "print('result', unit_vector_forward([2, 1], 2).tolist())")
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    for expected_notice in (True, False):
        child = pexpect.spawn(sys.executable, ["-c", code], env=env, encoding="utf-8",
                              timeout=300)
        child.expect(r"result \[\[0\.0, 1\.0\], \[1\.0, 0\.0\]\]")
        assert (jit.COMPILING_NOTE in child.before) is expected_notice
        child.expect(pexpect.EOF)


def test_a_cached_kernel_loads_without_numbas_compiler_set_up(tmp_path):
    """Loading a kernel's machine code from the cache does not install Numba's registries
    (numba.np.arraymath, SciPy's linalg through it): compiling does, when the cache is empty."""
    code = ("import sys; from wlnet.kernels.unit_vector import unit_vector_forward; "
            "print(unit_vector_forward([2, 1], 2).tolist(), 'numba.np.arraymath' in sys.modules)")
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path), "PYTHONPATH": str(ROOT)}
    runs = [subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                           env=env, timeout=300) for _ in range(2)]
    assert [run.returncode for run in runs] == [0, 0], runs[0].stderr + runs[1].stderr
    compiled, loaded = (run.stdout.split("]] ")[1].strip() for run in runs)
    assert (compiled, loaded) == ("True", "False")
    assert runs[0].stdout.split("]] ")[0] == runs[1].stdout.split("]] ")[0] == "[[0.0, 1.0], [1.0, 0.0"


def test_wlnet_kernels_use_the_light_cache():
    from wlnet.kernels import gru
    assert type(gru._forward_chunk._cache) is jit.KernelCache
