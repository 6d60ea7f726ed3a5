"""Benchmark: the two backends side by side (not a test).

    .venv/bin/python bench/bench_backends.py [--quick] [--apps-rounds N] [--skip-apps]
                                             [--device cpu|cuda|cuda:1] [--repeats R]

Layers: GatedRecurrentLayer, LongShortTermMemoryLayer and ConvolutionLayer, each at a few
sizes, one training step (forward keeping what the backward pass needs, then backward) through
the executor, as NetTrain runs them; the numba backend (the default: wlnet's kernels) and the
torch backend (on --device; "cuda" on a GPU machine), alternating, median seconds per step.

Applications: the seed page's two (examples/gru_addition.wl, examples/gru_compare_xy.wl) trained
under each backend with --apps-rounds rounds (the files' own rounds with --apps-rounds 0: then
the final checks are the page's results), NetTrain's "TotalTrainingTime" and the checks.

The header says where it ran: machine, cores, load, OPENBLAS_CORETYPE, torch version, and the
device the torch backend used; the same script runs unchanged on a GPU machine.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
sys.path.insert(0, HERE)

import numpy as np  # noqa: E402

LAYERS = [
    # (name, layer text, input shape without the batch, batch)
    ("GRU n=40, T=5, k=11", 'GatedRecurrentLayer[40, "Input" -> {5, 11}]', (5, 11), 64),
    ("GRU n=128, T=50, k=64", 'GatedRecurrentLayer[128, "Input" -> {50, 64}]', (50, 64), 32),
    ("LSTM n=40, T=5, k=11", 'LongShortTermMemoryLayer[40, "Input" -> {5, 11}]', (5, 11), 64),
    ("LSTM n=128, T=50, k=64", 'LongShortTermMemoryLayer[128, "Input" -> {50, 64}]', (50, 64), 32),
    ("Conv 3→16, 3x3, 32x32", 'ConvolutionLayer[16, 3, "Input" -> {3, 32, 32}]', (3, 32, 32), 32),
    ("Conv 16→32, 3x3, 32x32", 'ConvolutionLayer[32, 3, "PaddingSize" -> 1, "Input" -> {16, 32, 32}]',
     (16, 32, 32), 16),
]


def header(device: str) -> str:
    import torch
    load = os.getloadavg() if hasattr(os, "getloadavg") else ("?",)
    return "\n".join([
        f"date: {datetime.datetime.now(datetime.timezone.utc):%Y-%m-%d %H:%M} UTC",
        f"machine: {platform.machine()} {platform.processor() or ''} {os.cpu_count()} cores, "
        f"{platform.system()} {platform.release()}",
        f"load average: {', '.join(f'{x:.1f}' for x in load)}",
        f"OPENBLAS_CORETYPE: {os.environ.get('OPENBLAS_CORETYPE', '(unset)')}",
        f"torch {torch.__version__}; torch backend device: {device}"
        + (f" ({torch.cuda.get_device_name(torch.device(device))})" if device.startswith("cuda") else "")
        + f"; torch threads: {torch.get_num_threads()}",
    ])


def layer_step_times(session, text, shape, batch, repeats, device):
    """Median seconds of one training step on each backend, alternating."""
    from wlnet.net.backends import backend
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    from wlnet.net.wlform import net_from_expr
    os.environ["WLNET_TORCH_DEVICE"] = device
    net = net_from_expr(session.evaluate(f"NetInitialize[{text}, RandomSeeding -> 1]"))
    rng = np.random.default_rng(0)
    x = rng.normal(size=(batch, *shape)).astype(np.float32)
    runs = {}
    for name in ("numba", "torch"):
        ex = Executor(net.root, "Real32", backend(name))
        arrays = ex.arrays_for(net)

        def step(ex=ex, arrays=arrays):
            res = ex.forward(arrays, {"Input": Batch(x, None)}, train=True, keep=True,
                             rng=np.random.default_rng(1))
            ex.backward(res, {p: np.ones_like(b.data) for p, b in res.outputs.items()})
        step()                                   # compilation, caches, first allocations
        runs[name] = (step, [])
    for _ in range(repeats):
        for name, (step, times) in runs.items():
            t0 = time.perf_counter()
            step()
            times.append(time.perf_counter() - t0)
    return {name: statistics.median(times) for name, (_, times) in runs.items()}


def app_runs(rounds_arg: int, device: str):
    from bench_train import APPS, run_wlnet
    os.environ["WLNET_TORCH_DEVICE"] = device
    rows = []
    for key, app in APPS.items():
        rounds = rounds_arg or app["rounds"]
        for name in ("numba", "torch"):
            os.environ["WLNET_BACKEND"] = name
            out = run_wlnet(app, rounds)
            rows.append((app["file"], name, rounds, out))
            print(f"  {app['file']:<20} {name:<6} {rounds:>4} rounds  training {out['train_s']:8.1f} s  "
                  f"({1000 * out['train_s'] / max(out['batches'], 1):.2f} ms/batch)  "
                  f"checks {out['checks']}  {app['metric_name']} {out['metric']:.4g}"
                  + (f"  messages {out['messages']}" if out["messages"] else ""), flush=True)
    os.environ.pop("WLNET_BACKEND", None)
    return rows


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="the small layer sizes only")
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--apps-rounds", type=int, default=5,
                        help="training rounds per application (0: the files' own)")
    parser.add_argument("--skip-apps", action="store_true")
    parser.add_argument("--device", default="cpu")
    args = parser.parse_args(argv)
    from wlnet.core.session import Session
    import wlnet.net.backends.torch  # noqa: F401  (its thread setting, before the header)
    print(header(args.device), flush=True)
    session = Session(echo=False)
    print("\nOne training step (forward + backward), median seconds; ratio > 1: numba faster")
    layers = [row for row in LAYERS if not args.quick or row[3] == 64 or "3→16" in row[0]]
    for label, text, shape, batch in layers:
        t = layer_step_times(session, text, shape, batch, args.repeats, args.device)
        print(f"  {label:<26} batch {batch:>3}  numba {t['numba'] * 1e3:8.2f} ms  "
              f"torch {t['torch'] * 1e3:8.2f} ms  torch/numba {t['torch'] / t['numba']:5.2f}",
              flush=True)
    if not args.skip_apps:
        print("\nSeed applications (NetTrain's TotalTrainingTime)")
        app_runs(args.apps_rounds, args.device)
    return 0


if __name__ == "__main__":
    sys.exit(main())
