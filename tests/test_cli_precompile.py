"""`wlnet --precompile`: every kernel of every module of wlnet.kernels compiled (or loaded)
in both precisions, the training passes and the split-over-threads passes included."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

PROBE = r"""
import json, sys
from numba import float32, float64
from numba.core.registry import CPUDispatcher
from numba.core.types import BaseTuple
from wlnet.cli import main
import importlib, pkgutil
import wlnet.kernels
from wlnet.kernels import _jit, precompile

status = main(sys.argv[1:])
# every kernel module (the helpers' are compiled into their callers)
modules = [importlib.import_module("wlnet.kernels." + info.name)
           for info in pkgutil.iter_modules(wlnet.kernels.__path__)
           if not info.name.startswith("_") and info.name != "precompile"]

def floats(sig):
    sig = [u for t in sig for u in (t.types if isinstance(t, BaseTuple) else (t,))]
    return {str(t) for t in sig if t in (float32, float64)} | {
        str(t.dtype) for t in sig if getattr(t, "dtype", None) in (float32, float64)}

def called_from_python(module):
    # the module's kernels that its plain Python functions call (the others are compiled
    # into their callers' machine code, and loaded with it from the cache)
    names = set()
    for value in vars(module).values():
        if callable(value) and not isinstance(value, CPUDispatcher) \
                and getattr(value, "__module__", None) == module.__name__ \
                and hasattr(value, "__code__"):
            names |= set(value.__code__.co_names)
    return {name: value for name, value in vars(module).items()
            if name in names and isinstance(value, CPUDispatcher)}

compiled = {}
for module in modules:
    for name, kernel in called_from_python(module).items():
        seen = set().union(*map(floats, kernel.signatures)) if kernel.signatures else set()
        compiled[f"{module.__name__}.{name}"] = sorted(seen) if kernel.signatures else None
warmed = {module.__name__ for module in precompile.MODULES}
print(json.dumps({"status": status, "threads": _jit.thread_count(), "compiled": compiled,
                  "not_warmed": sorted(m.__name__ for m in modules if m.__name__ not in warmed)}))
"""


def _precompile(*args):
    done = subprocess.run([sys.executable, "-c", PROBE, "--precompile", *args],
                          capture_output=True, text=True, timeout=3600,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    return json.loads(done.stdout.splitlines()[-1]), done.stderr


@pytest.mark.timeout(3600)          # on a fresh checkout it compiles what no test before did
def test_precompile_compiles_every_kernel_in_both_precisions():
    report, err = _precompile()
    assert report["status"] == 0
    assert "float32 kernels ready" in err and "float64 kernels ready" in err
    assert report["not_warmed"] == []                  # a new kernel module: add it
    compiled = report["compiled"]
    for name, precisions in compiled.items():
        if name.endswith("_parallel") and report["threads"] < 2:
            continue                                   # one thread: batches are never split
        assert precisions is not None, f"{name} was not compiled"
        if precisions:                                 # a kernel on floats: both of them
            assert {"float32", "float64"} <= set(precisions), name
    for kernel in ("gru._forward_chunk", "gru._backward_chunk", "recurrent._run_parallel",
                   "linear._linear_backward_kernel", "losses._index_logits_kernel",
                   "lstm._forward_chunk", "convolution._run_parallel",
                   "convolution._run_serial", "pooling._forward_parallel",
                   "pooling._backward_serial", "batch_norm._backward_parallel"):
        assert "wlnet.kernels." + kernel in compiled     # the probe finds the entry kernels


def test_precompile_takes_no_arguments():
    done = subprocess.run([sys.executable, "-m", "wlnet.cli", "--precompile", "now"],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 2 and "takes no arguments" in done.stderr
