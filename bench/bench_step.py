"""Benchmark: one training step of a seed application's net, forward + backward, without
the NetTrain loop around it (not a test).

    .venv/bin/python bench/bench_step.py [--steps 300] [--label NAME]

Builds the addition net of examples/gru_addition.wl (UnitVector → GRU(40) → GRU(30) →
SequenceLast → Linear(1)), initialises it, encodes one batch of 64 "a+b" strings and times
``Executor.forward(keep=True, train=True)`` + ``backward`` after 20 warm-up steps.  Prints
min, first quartile and median in ms.  To compare two trees, run it from each (with
PYTHONPATH set to the tree), alternating, and compare minima.
"""

from __future__ import annotations

import argparse
import time

import numpy as np

NET = ('NetInitialize@NetChain[{UnitVectorLayer[], GatedRecurrentLayer[40], '
       'GatedRecurrentLayer[30], SequenceLastLayer[], LinearLayer[1]}, '
       '"Input" -> NetEncoder[{"Characters", {DigitCharacter, "+"}}], "Output" -> "Scalar"]')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--steps", type=int, default=300)
    parser.add_argument("--label", default="wlnet")
    args = parser.parse_args()

    from wlnet.core.session import Session
    from wlnet.net.execute import Executor
    from wlnet.net.wlform import net_from_expr

    session = Session()
    net = net_from_expr(session.evaluate(NET))
    ex = Executor.for_net(net, "Real32")
    arrays = {p: np.array(v.array, np.float32) for p, v in net.arrays.items()}
    rng = np.random.default_rng(0)
    data = [session.evaluate(f'"{a}+{b}"') for a, b in rng.integers(0, 100, (64, 2))]
    batches = ex.encode_inputs({"Input": data})

    def step():
        res = ex.forward(arrays, batches, keep=True, train=True, rng=rng)
        ex.backward(res, {"Output": np.ones_like(res.outputs["Output"].data)})

    for _ in range(20):
        step()
    times = []
    for _ in range(args.steps):
        t = time.perf_counter()
        step()
        times.append(time.perf_counter() - t)
    times.sort()
    n = len(times)
    print(f"{args.label}: min {times[0] * 1e3:.3f} ms  p25 {times[n // 4] * 1e3:.3f}  "
          f"median {times[n // 2] * 1e3:.3f}")


if __name__ == "__main__":
    main()
