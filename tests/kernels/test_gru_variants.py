"""Which GRU kernels a use compiles (issue 17: compile only what is used).  Run in a fresh
process, so that the signatures seen are this use's only (loads from the on-disk cache count
as they would compile in a fresh checkout)."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = r"""
import json
import numpy as np
from numba import float32, float64
from numba.core.types import BaseTuple
import wlnet.kernels.gru as g
import wlnet.kernels.recurrent as r

rng = np.random.default_rng(0)
n, k, steps = 40, 12, 5
shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
arrays = {name: rng.standard_normal(shapes[next(s for s in shapes if name.endswith(s))])
          for name in g.ARRAY_NAMES}
weights = g.pack_gru_weights(arrays, np.float64)

def flat(sig):                    # the argument types, those in a tuple of arguments included
    for t in sig:
        yield from (t.types if isinstance(t, BaseTuple) else (t,))

def names(dispatcher):            # each compiled signature by the float types it takes
    return ["/".join(sorted({str(t.dtype) for t in flat(sig)
                             if getattr(t, "dtype", None) in (float32, float64)}))
            for sig in dispatcher.signatures]

def seen():
    # the shared parallel driver compiles once per pass (its argument tuple differs)
    return {d.__name__: names(d) for d in (g._forward_chunk, g._backward_chunk,
                                           r._run_parallel)}

report = {"split": len(r.plan(np.full(64, steps), 64, steps, k, n).bounds) > 2}
caches = []
for batch in (2, 64):                       # one chunk, then split over threads (if it is)
    x = rng.standard_normal((batch, steps, k))
    g.gru_forward(x, np.full(batch, steps), weights, keep_for_backward=False)
    caches.append(g.gru_forward(x, np.full(batch, steps), weights)[2])
report["evaluating"] = seen()
for cache in caches:
    g.gru_backward(cache, np.ones(cache.shape[:2] + (n,)))
report["training"] = seen()
print(json.dumps(report))
"""


def _probe():
    done = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True,
                          timeout=1800, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.splitlines()[-1])


@pytest.mark.timeout(1800)          # on a fresh checkout it may compile the float64 passes
def test_only_the_precision_and_passes_in_use_are_compiled_and_once_each():
    report = _probe()
    one = ["float64"]                             # one signature each, in float64 only
    split = one if report["split"] else []
    # evaluating: no backward pass; the one-chunk and the split batch share one chunk kernel
    assert report["evaluating"] == {"_forward_chunk": one, "_backward_chunk": [],
                                    "_run_parallel": split}
    assert report["training"] == {"_forward_chunk": one, "_backward_chunk": one,
                                  "_run_parallel": split + split}
