"""Benchmark: the cost of applying a small net to one example in a session, above the cost of
evaluating ``1 + 1`` (issue 17: at most 100 µs above it).  Not a test.

    .venv/bin/python bench/bench_small_call.py [--calls 1000] [--repeats 9]

Each input is evaluated as a user types it (``Session.evaluate`` of the text: parse, evaluate,
answer), ``--calls`` times in a row, ``--repeats`` rounds alternating the inputs; the table
gives medians per call.  Two columns:

- CPU: the evaluation run inline on the calling thread, timed by that thread's CPU clock
  (what the work costs; stable on a shared machine);
- wall: as a session runs it (on the evaluation worker thread), by the wall clock (adds the
  hand-over between threads, and whatever the neighbours cost on a shared machine).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time

SETUP = ('lin = NetInitialize@LinearLayer[3, "Input" -> 2]; '
         'gru = NetInitialize@GatedRecurrentLayer[3, "Input" -> {2, 1}]; '
         'chain = NetInitialize@NetChain[{LinearLayer[8], Tanh, LinearLayer[8], SoftmaxLayer[]}, '
         '"Input" -> 2]; x = {1., 2.}; sq = {{1.}, {2.}};')
INPUTS = ["1 + 1", "lin[x]", "gru[sq]", "chain[x]"]


def medians(session, clock, calls: int, repeats: int) -> dict:
    for text in INPUTS:                                  # warm: compile, caches
        for _ in range(50):
            session.evaluate(text)
    times = {text: [] for text in INPUTS}
    for _ in range(repeats):
        for text in INPUTS:
            start = clock()
            for _ in range(calls):
                session.evaluate(text)
            times[text].append((clock() - start) / calls * 1e6)
    return {text: statistics.median(ts) for text, ts in times.items()}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--calls", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=9)
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    from wlnet.core import evaluator
    from wlnet.core.session import Session

    wall_session = Session(echo=False)
    wall_session.evaluate(SETUP)
    wall = medians(wall_session, time.perf_counter, args.calls, args.repeats)

    evaluator._tls.in_worker = True                      # evaluate inline on this thread
    cpu_session = Session(echo=False)
    cpu_session.evaluate(SETUP)
    cpu = medians(cpu_session, time.thread_time, args.calls, args.repeats)

    print(f"{'input':10s} {'CPU µs':>8s} {'above 1+1':>10s} {'wall µs':>8s} {'above 1+1':>10s}")
    for text in INPUTS:
        print(f"{text:10s} {cpu[text]:8.1f} {cpu[text] - cpu['1 + 1']:10.1f} "
              f"{wall[text]:8.1f} {wall[text] - wall['1 + 1']:10.1f}")


if __name__ == "__main__":
    main()
