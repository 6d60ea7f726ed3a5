"""Benchmark: the cost of building, taking apart and first evaluating many small nets (not a
test).

    .venv/bin/python bench/bench_netbuild.py [--repeats 5] [--quick] [--realnvp DIR]

Each input is evaluated as a user types it (``Session.evaluate`` of the text), inline on the
calling thread and timed by that thread's CPU clock (what the work costs; stable on a
shared machine); the table gives the median over ``--repeats`` rounds of the CPU time of
one evaluation (a round evaluates each input ``n`` times in a row; the inputs alternate).

Rows: construction of small and medium NetChains and NetGraphs (new objects of one
structure, and new structures: the sizes change on every call), surgery (NetTake,
NetExtract, NetReplacePart, NetFlatten, NetJoin), NetInitialize, the first evaluation of a
net just built (new structure: the executor's planning, the arrays' conversion) against
later evaluations, ``Map[net, list]`` against ``net[list]`` over 10,000 examples, and for
reference ``1 + 1`` and PyTorch's module construction and first call of the small chain.

``--realnvp DIR``: also the sampling of the CognitoZoo RealNVP flow (public program p22b,
dozens of NetTake'd and NetExtract'd sub-nets, each evaluated once), DIR holding its
``Experimental/GenerativeModels`` packages; the net is NetInitialize'd, not trained.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("NUMBA_NUM_THREADS", "1")

SETUP = """
small = NetInitialize@NetChain[{LinearLayer[8], Tanh, LinearLayer[3]}, "Input" -> 2];
medium = NetInitialize@NetChain[Flatten@Table[{ConvolutionLayer[8, 3, "PaddingSize" -> 1],
    BatchNormalizationLayer[], Ramp}, 6], "Input" -> {3, 16, 16}];
graph = NetInitialize@NetGraph[<|"a" -> LinearLayer[8], "b" -> LinearLayer[8], "t" -> Tanh,
    "s" -> ThreadingLayer[Plus], "c" -> CatenateLayer[], "o" -> LinearLayer[2]|>,
    {NetPort["x"] -> "a", NetPort["x"] -> "b" -> "t", {"a", "t"} -> "s", {"s", "a"} -> "c" -> "o"},
    "x" -> 4];
coupling[k_] := NetGraph[<|"mask" -> ElementwiseLayer[# * 0.5 &],
    "mu" -> {ConvolutionLayer[k, 3, "PaddingSize" -> 1], Tanh, ConvolutionLayer[k, 3, "PaddingSize" -> 1],
      Tanh, ConvolutionLayer[2, 3, "PaddingSize" -> 1]},
    "scale" -> {ConvolutionLayer[k, 3, "PaddingSize" -> 1], Tanh, ConvolutionLayer[2, 3, "PaddingSize" -> 1],
      ElementwiseLayer[Exp]},
    "times" -> ThreadingLayer[Times], "plus" -> ThreadingLayer[Plus]|>,
    {"mask" -> {"mu", "scale"}, {"scale", NetPort["Input"]} -> "times", {"times", "mu"} -> "plus"},
    "Input" -> {2, 8, 8}];
flow = NetInitialize@NetGraph[Table["c" <> ToString[i] -> coupling[16], {i, 4}],
    Table["c" <> ToString[i] -> "c" <> ToString[i + 1], {i, 3}]];
x2 = {1., 2.}; x4 = {1., 2., 3., 4.}; img = RandomReal[1, {3, 16, 16}]; fx = RandomReal[1, {2, 8, 8}];
data = RandomReal[1, {10000, 2}];
k = 0;
"""

# (label, text, evaluations per round); ``k++`` makes a new structure on every call
ROWS = [
    ("1 + 1", "1 + 1", 200),
    ("NetChain small, same structure", 'NetChain[{LinearLayer[8], Tanh, LinearLayer[3]}, "Input" -> 2];', 20),
    ("NetChain small, new structure", 'NetChain[{LinearLayer[8 + Mod[k++, 50]], Tanh, LinearLayer[3]}, "Input" -> 2];', 20),
    ("NetChain medium (18 layers), new structure",
     'NetChain[Flatten@Table[{ConvolutionLayer[8 + Mod[k++, 50], 3, "PaddingSize" -> 1], '
     'BatchNormalizationLayer[], Ramp}, 6], "Input" -> {3, 16, 16}];', 3),
    ("NetGraph small (6 layers), new structure",
     'NetGraph[<|"a" -> LinearLayer[8 + Mod[k++, 50]], "b" -> LinearLayer[8], "t" -> Tanh, '
     '"s" -> ThreadingLayer[Plus], "c" -> CatenateLayer[], "o" -> LinearLayer[2]|>, '
     '{NetPort["x"] -> "a", NetPort["x"] -> "b" -> "t", {"a", "t"} -> "s", {"s", "a"} -> "c" -> "o"}, "x" -> 4];', 10),
    ("NetGraph coupling (11 layers), new structure", 'coupling[8 + Mod[k++, 50]];', 3),
    ("NetGraph of 4 couplings (44 layers)", 'NetGraph[Table["c" <> ToString[i] -> coupling[16], {i, 4}], '
     'Table["c" <> ToString[i] -> "c" <> ToString[i + 1], {i, 3}]];', 1),
    ("NetInitialize small, new structure",
     'NetInitialize@NetChain[{LinearLayer[8 + Mod[k++, 50]], Tanh, LinearLayer[3]}, "Input" -> 2];', 10),
    ("NetInitialize flow (44 layers)", 'NetInitialize[flow, All];', 1),
    ("NetTake[flow, {c2, c3}]", 'NetTake[flow, {"c2", "c3"}];', 3),
    ("NetTake[NetExtract[flow, c2], mu]", 'NetTake[NetExtract[flow, "c2"], "mu"];', 3),
    ("NetExtract[flow, {c3, scale}]", 'NetExtract[flow, {"c3", "scale"}];', 5),
    ("NetExtract[medium, 4]", 'NetExtract[medium, 4];', 10),
    ("NetReplacePart[small, 1 -> layer]", 'NetReplacePart[small, 1 -> LinearLayer[8, "Input" -> 2]];', 10),
    ("NetReplacePart[flow, array]",
     'NetReplacePart[flow, {"c1", "mu", 1, "Biases"} -> ConstantArray[0., 16]];', 3),
    ("NetFlatten[flow]", 'NetFlatten[flow];', 1),
    ("NetJoin[small, small-like]", 'NetJoin[small, NetChain[{LinearLayer[4]}]];', 10),
    ("small[x] (warm)", "small[x2];", 100),
    ("first small'[x], new structure",
     'NetInitialize[NetChain[{LinearLayer[8 + Mod[k++, 50]], Tanh, LinearLayer[3]}, "Input" -> 2]][x2];', 10),
    ("graph[x] (warm)", "graph[x4];", 100),
    ("medium[img] (warm)", "medium[img];", 20),
    ("first NetExtract[flow, c2][fx]", 'NetExtract[flow, "c" <> ToString[1 + Mod[k++, 4]]][fx];', 4),
    ("first NetTake[NetExtract[flow, c2], mu][fx]",
     'NetTake[NetExtract[flow, "c" <> ToString[1 + Mod[k++, 4]]], "mu"][fx];', 4),
    ("small[10000 examples]", "small[data];", 3),
    ("Map[small, 10000 examples]", "Map[small, data];", 1),
]

QUICK = {"1 + 1", "NetChain small, new structure", "NetGraph coupling (11 layers), new structure",
         "NetTake[NetExtract[flow, c2], mu]", "small[x] (warm)", "first small'[x], new structure",
         "first NetTake[NetExtract[flow, c2], mu][fx]", "Map[small, 10000 examples]"}


def torch_reference(repeats: int) -> dict:
    """CPU ms of PyTorch: building the small chain (new sizes) and its first call; a warm
    call."""
    try:
        import torch
    except ImportError:
        return {}
    torch.set_num_threads(1)
    x = torch.tensor([[1.0, 2.0]])
    build, first, warm = [], [], []
    for i in range(repeats * 10):
        t = time.thread_time()
        m = torch.nn.Sequential(torch.nn.Linear(2, 8 + i % 50), torch.nn.Tanh(), torch.nn.Linear(8 + i % 50, 3))
        t1 = time.thread_time()
        with torch.no_grad():
            m(x)
        t2 = time.thread_time()
        with torch.no_grad():
            m(x)
        t3 = time.thread_time()
        build.append(t1 - t), first.append(t2 - t1), warm.append(t3 - t2)
    ms = lambda v: 1000 * statistics.median(v)        # noqa: E731
    return {"torch: nn.Sequential small, new sizes": ms(build),
            "torch: its first call": ms(first), "torch: a later call": ms(warm)}


def realnvp_rows(session, directory: str, repeats: int) -> dict:
    """CPU seconds of CZSample of the CognitoZoo RealNVP flow (an initialized net)."""
    os.chdir(directory)
    session.evaluate('<<"Experimental/GenerativeModels/CZRealNVPConv.m"')
    t = time.thread_time()
    session.evaluate('SeedRandom[1]; nvp = CZCreateRealNVP[{1, 32, 32}];')
    out = {"RealNVP: CZCreateRealNVP (s)": time.thread_time() - t}
    session.evaluate('nvp = CZGenerativeModel[nvp[[1]], nvp[[2]], NetInitialize[nvp[[3]]]];')
    times = []
    for _ in range(max(1, repeats // 2)):
        t = time.thread_time()
        session.evaluate('smp = CZSample[nvp];')
        times.append(time.thread_time() - t)
    out["RealNVP: CZSample, first (s)"] = times[0]
    if len(times) > 1:
        out["RealNVP: CZSample, later (s)"] = statistics.median(times[1:])
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--quick", action="store_true", help="only a few rows")
    parser.add_argument("--realnvp", metavar="DIR", help="also time the RealNVP sampling (p22b)")
    args = parser.parse_args()
    sys.setrecursionlimit(10_000)
    from wlnet.core import evaluator
    from wlnet.core.session import Session

    evaluator._tls.in_worker = True                      # evaluate inline on this thread
    session = Session(echo=False)
    session.evaluate(SETUP)
    check = session.evaluate("Dimensions[small[x2]]")       # the set-up worked: a real net ran
    if str(check) != str(session.evaluate("{3}")):
        sys.exit(f"the set-up failed: Dimensions[small[x2]] gave {check}")
    rows = [r for r in ROWS if not args.quick or r[0] in QUICK]
    for _, text, _ in rows:                              # warm: kernels, caches
        session.evaluate(text)
    times = {label: [] for label, _, _ in rows}
    for _ in range(args.repeats):
        for label, text, n in rows:
            start = time.thread_time()
            for _ in range(n):
                session.evaluate(text)
            times[label].append((time.thread_time() - start) / n * 1000)
    if session.messages:
        print("messages:", session.messages[:5])
    print(f"{'input':50s} {'CPU ms':>9s}")
    for label, ts in times.items():
        print(f"{label:50s} {statistics.median(ts):9.2f}")
    for label, v in torch_reference(args.repeats).items():
        print(f"{label:50s} {v:9.3f}")
    if args.realnvp:
        for label, v in realnvp_rows(session, args.realnvp, args.repeats).items():
            print(f"{label:50s} {v:9.2f}")


if __name__ == "__main__":
    main()
