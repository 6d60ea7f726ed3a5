"""Benchmark: a NetGraph of ThreadingLayer, CatenateLayer, AggregationLayer and FunctionLayer
trained by wlnet (NetTrain) and the same model by PyTorch (not a test).

    .venv/bin/python bench/bench_structure.py [--rounds N] [--repeats R]

The model (batch 64, ADAM with Wolfram's defaults, 4096 synthetic examples):

    a, b (length 16), c (8 x 16)
    p = ThreadingLayer[Times][a, b]                 a * b
    m = AggregationLayer[Max, 2][c]                 the maximum of each row of c (8)
    h = Tanh[LinearLayer[64][CatenateLayer[][p, m]]]
    y = LinearLayer[1][h]
    loss = FunctionLayer[Mean[(#Input - #Target)^2] + 0.1 Mean[Abs[#Input - #Target]] &]

wlnet time is NetTrain's "TotalTrainingTime" divided by its "TotalBatches"; PyTorch runs the
same layers, loss and optimizer over the same batches (one thread).  Both alternate within
one process so that they see the same machine load.
"""

from __future__ import annotations

import argparse
import os
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("NUMBA_NUM_THREADS", "2")

import numpy as np  # noqa: E402

N, BATCH = 4096, 64

SETUP = """
SeedRandom[3];
n = 4096;
a = RandomReal[{-1, 1}, {n, 16}]; b = RandomReal[{-1, 1}, {n, 16}]; c = RandomReal[{-1, 1}, {n, 8, 16}];
y = MapThread[{Total[#1 #2] - Total[Max /@ #3] / 4} &, {a, b, c}];
net = NetInitialize[NetGraph[<|
    "products" -> ThreadingLayer[Times], "rowmax" -> AggregationLayer[Max, 2],
    "features" -> CatenateLayer[], "hidden" -> LinearLayer[64], "tanh" -> ElementwiseLayer[Tanh],
    "score" -> LinearLayer[1],
    "loss" -> FunctionLayer[Mean[(#Input - #Target)^2] + 0.1 Mean[Abs[#Input - #Target]] &]|>,
  {{NetPort["a"], NetPort["b"]} -> "products", NetPort["c"] -> "rowmax",
   {"products", "rowmax"} -> "features" -> "hidden" -> "tanh" -> "score",
   "score" -> NetPort["loss", "Input"], NetPort["Target"] -> NetPort["loss", "Target"],
   "loss" -> NetPort["Loss"]},
  "a" -> 16, "b" -> 16, "c" -> {8, 16}, "Target" -> 1], RandomSeeding -> 1];
data = <|"a" -> a, "b" -> b, "c" -> c, "Target" -> y|>;
"""


def run_wlnet(session, rounds: int) -> float:
    session.evaluate(f'results = NetTrain[net, data, All, MaxTrainingRounds -> {rounds}, '
                     f'BatchSize -> {BATCH}, ValidationSet -> None, TrainingProgressReporting -> None];')
    assert not session.messages, session.messages
    seconds = session.evaluate('results["TotalTrainingTime"]').value
    batches = session.evaluate('results["TotalBatches"]').value
    return 1000 * seconds / batches


def run_torch(data, rounds: int) -> float:
    import torch
    torch.set_num_threads(1)
    torch.manual_seed(1)
    a, b, c, y = (torch.tensor(x, dtype=torch.float32) for x in data)
    hidden, score = torch.nn.Linear(16 + 8, 64), torch.nn.Linear(64, 1)
    params = list(hidden.parameters()) + list(score.parameters())
    opt = torch.optim.Adam(params, lr=0.001, betas=(0.9, 0.999), eps=1e-5)
    rng = np.random.default_rng(0)
    steps = 0
    t0 = time.perf_counter()
    for _ in range(rounds):
        order = torch.from_numpy(rng.permutation(N))
        for start in range(0, N, BATCH):
            ix = order[start:start + BATCH]
            features = torch.cat([a[ix] * b[ix], c[ix].amax(dim=2)], dim=1)
            out = score(torch.tanh(hidden(features)))
            diff = out - y[ix]
            loss = (diff.pow(2).mean(dim=1) + 0.1 * diff.abs().mean(dim=1)).mean()
            opt.zero_grad()
            loss.backward()
            opt.step()
            steps += 1
    return 1000 * (time.perf_counter() - t0) / steps


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    from wlnet.core.session import Session
    from wlnet.core.numeric_array import to_numpy_data
    session = Session(echo=False)
    session.evaluate(SETUP)
    assert not session.messages, session.messages
    data = [to_numpy_data(session.evaluate(v)) for v in ("a", "b", "c", "y")]
    run_wlnet(session, 1)                                  # compile the kernels once
    for i in range(args.repeats):
        ours = run_wlnet(session, args.rounds)
        theirs = run_torch(data, args.rounds)
        print(f"repeat {i + 1}: wlnet {ours:.3f} ms/batch, PyTorch {theirs:.3f} ms/batch, "
              f"speed-up {theirs / ours:.2f}x", flush=True)


if __name__ == "__main__":
    main()
