"""Loops and data handling that programs write in the language itself: the time of each
pattern at a few sizes, to see how it grows (a pattern whose time grows with the square
of its size walks what it has built at every step).

    PYTHONPATH=. python bench/bench_loops.py [--sizes 1000,2000,4000] [--repeats 3]

Each row: the pattern, then the best of ``--repeats`` times (seconds) of
``Session.evaluate`` at each size n, and the ratio of the last time to the first over the
ratio of the sizes (about 1 for linear growth, the size ratio for quadratic).
"""

from __future__ import annotations

import argparse
import os
import time

from wlnet.core.session import Session

PATTERNS = [
    ("AppendTo pairs", "l = {}; Do[AppendTo[l, {i, 2 i}], {i, SIZE}]"),
    ("Append in a Set", "l = {}; Do[l = Append[l, i], {i, SIZE}]"),
    ("Join of pairs", "l = {}; Do[l = Join[l, {{i, i^2}}], {i, SIZE}]"),
    ("AssociateTo", "a = <||>; Do[AssociateTo[a, i -> i^2], {i, SIZE}]"),
    ("a[k] = v", "a = <||>; Do[a[i] = i^2, {i, SIZE}]"),
    ("part assignment", "m = ConstantArray[0., {SIZE, 10}]; Do[m[[i, 3]] = i, {i, SIZE}]"),
    ("packed part assignment",
     "m = ConstantArray[0., {SIZE, 10}]; Do[m[[i, 3]] = 1. i, {i, SIZE}]"),
    ("list part assignment",
     "l = Table[{i, \"a\"}, {i, SIZE}]; Do[l[[i]] = {i, \"b\"}, {i, SIZE}]"),
    ("SortBy numeric key", "SortBy[Table[{RandomReal[], i}, {i, SIZE}], First]"),
    ("GroupBy Mod", "GroupBy[Table[Mod[i, 10] -> i, {i, SIZE}], First -> Last]"),
    ("Thread rules", "Thread[RandomReal[1, {SIZE, 3}] -> RandomReal[1, SIZE]]"),
    ("Table of i", "Table[i^2 + 1, {i, SIZE}]"),
    ("Table of rules", "Table[i -> {i, \"a\"}, {i, SIZE}]"),
    ("user function map", "f[x_] := x^2 + 1; f /@ Range[SIZE]"),
]


def best(s: Session, code: str, repeats: int) -> float:
    times = []
    for _ in range(repeats):
        t = time.perf_counter()
        s.evaluate(f"Clear[l, a, m, f]; {code};")
        times.append(time.perf_counter() - t)
    return min(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1000,2000,4000")
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    sizes = [int(n) for n in args.sizes.split(",")]
    s = Session(echo=False)
    print(f"# {os.uname().machine} {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}, "
          f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '-')}")
    print(f"{'pattern':22s}" + "".join(f" {f'n={n}':>9s}" for n in sizes) + "   growth")
    for name, code in PATTERNS:
        times = [best(s, code.replace("SIZE", str(n)), args.repeats) for n in sizes]
        growth = (times[-1] / times[0]) / (sizes[-1] / sizes[0]) if times[0] > 0 else 0.0
        print(f"{name:22s}" + "".join(f" {t:9.3f}" for t in times) + f"   {growth:6.2f}",
              flush=True)


if __name__ == "__main__":
    main()
