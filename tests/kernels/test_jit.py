"""kernels/_jit.py: the thread pool choice (TBB when installed, unless the user picks a layer)."""

import os
import subprocess
import sys

import pytest

import wlnet.kernels._jit as jit

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
