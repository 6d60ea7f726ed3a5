"""The kernels' memory policy (`wlnet.kernels._workspace`)."""

import resource
import sys

import numpy as np
import pytest

import wlnet.kernels  # noqa: F401  (importing the kernels tunes malloc)
from wlnet.kernels import _workspace as workspace


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc's malloc only")
def test_arrays_of_a_few_mb_reuse_freed_memory_without_page_faults():
    """A pass's outputs and gradients (a few MB, freed after each step) come back from the
    heap on the next step instead of being faulted in again page by page."""
    if not workspace.keep_freed_memory():
        pytest.skip("not glibc")
    size = 3 << 20                               # a LeNet layer's output in float32

    def step():
        arrays = [np.ones(size // 4, np.float32) for _ in range(4)]
        return sum(float(a[-1]) for a in arrays)

    step()
    before = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt
    for _ in range(5):
        step()
    faults = resource.getrusage(resource.RUSAGE_THREAD).ru_minflt - before
    # without the tuning: about 5 steps x 4 arrays x 768 pages
    assert faults < 200


def test_pooled_scratch_is_reused():
    a = workspace.take((1 << 16,), np.float32)
    workspace.give(a)
    assert workspace.take((1 << 16,), np.float32) is a
