"""Packed arrays: wlnet evaluating one WL expression on a 100000×10 real array against the
numpy call it comes down to, side by side (issue 21).

    PYTHONPATH=. python bench/bench_packed.py [--rows 100000] [--repeats 5] [--unpacked]

Each row: the WL input, the best of ``--repeats`` times of ``Session.evaluate`` of
``r = input;`` (parse, evaluate, the result kept in r, not printed), the best time of the numpy expression, their
ratio.  ``--unpacked`` also times the same input on ``Developer`FromPackedArray[data]``
(the element-by-element path: slow; use a small ``--rows``) to show the speed-up.  The
memory line is the size of a packed 10^6-real array's numpy buffer.
"""

from __future__ import annotations

import argparse
import os
import time

import numpy as np

from wlnet.core.packed import packed_array
from wlnet.core.session import Session

# (WL input over `data`, the numpy expression over `a`)
CASES = [
    ("Total[data]", lambda a, r: a.sum(axis=0)),
    ("Mean[data]", lambda a, r: a.mean(axis=0)),
    ("data . w", lambda a, r: a @ r["w"]),
    ("data + data", lambda a, r: a + a),
    ("data * 2.5", lambda a, r: a * 2.5),
    ("Sin[data]", lambda a, r: np.sin(a)),
    ("data[[All, 3]]", lambda a, r: a[:, 2].copy()),
    ("Transpose[data]", lambda a, r: np.ascontiguousarray(a.T)),
    ("Partition[Flatten[data], 5]", lambda a, r: a.reshape(-1, 5).copy()),
    ("Sort[data[[All, 1]]]", lambda a, r: np.sort(a[:, 0], kind="stable")),
    ("Accumulate[data]", lambda a, r: np.cumsum(a, axis=0)),
    ("RandomReal[1, {ROWS, 10}]", lambda a, r: r["rng"].uniform(0, 1, a.shape)),
    # data preparation (the forms added after the wave-11 sweep of data-prep timings)
    ("Rescale[data]", lambda a, r: (a - a.min()) / (a.max() - a.min())),
    ("Standardize[data]", lambda a, r: (a - a.mean(axis=0)) / a.std(axis=0, ddof=1)),
    ("Map[Normalize, data]", lambda a, r: a / np.linalg.norm(a, axis=1)[:, None]),
    ("Round[data, 0.1]", lambda a, r: np.round(a / 0.1) * 0.1),
    ("Plus @@@ data", lambda a, r: a.sum(axis=1)),
    ("Select[data, #[[1]] > 0.5 &]", lambda a, r: a[a[:, 0] > 0.5]),
    ("RandomSample[data]", lambda a, r: a[r["rng"].permutation(len(a))]),
    ("Table[Sin[0.001 i] + i^2, {i, ROWS}]",
     lambda a, r: np.sin(0.001 * np.arange(1, len(a) + 1)) + np.arange(1, len(a) + 1) ** 2),
]


def best(fn, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--unpacked", action="store_true")
    args = ap.parse_args()
    s = Session(echo=False)
    s.evaluate(f"data = RandomReal[1, {{{args.rows}, 10}}]; w = RandomReal[1, 10];")
    if args.unpacked:
        s.evaluate("udata = Developer`FromPackedArray[data]; uw = Developer`FromPackedArray[w];")
    a = packed_array(s.evaluate("data"))
    refs = {"w": packed_array(s.evaluate("w")), "rng": np.random.default_rng()}
    print(f"# {os.uname().machine} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}, rows {args.rows}")
    print(f"{'input':32s} {'wlnet ms':>9s} {'numpy ms':>9s} {'ratio':>6s}"
          + (f" {'unpacked ms':>12s} {'speed-up':>9s}" if args.unpacked else ""))
    for source, ref in CASES:
        source = source.replace("ROWS", str(args.rows))
        # `r = …;` keeps one result (as numpy's timing does), not every one in Out[n]
        t_wl = best(lambda: s.evaluate(f"r = {source};"), args.repeats)
        t_np = best(lambda: ref(a, refs), args.repeats)
        line = f"{source:32s} {t_wl * 1e3:9.3f} {t_np * 1e3:9.3f} {t_wl / t_np:6.1f}"
        if args.unpacked and "RandomReal" not in source:
            slow = source.replace("data", "udata").replace(" w", " uw")
            t_slow = best(lambda: s.evaluate(f"r = {slow};"), 1)
            line += f" {t_slow * 1e3:12.1f} {t_slow / t_wl:9.0f}"
        print(line, flush=True)
    s.evaluate("big = RandomReal[1, 10^6];")
    print(f"packed 10^6 reals: {packed_array(s.evaluate('big')).nbytes / 1e6:.1f} MB of array")


if __name__ == "__main__":
    main()
