"""Benchmark: the seed page's two applications trained in full by wlnet and by PyTorch (not a test).

    .venv/bin/python bench/bench_train.py [--only addition|compare] [--rounds N] [--skip-torch]
                                          [--repeats R]

For the speed-up alone, fewer rounds and several repeats (``--rounds 20 --repeats 4``) measure
the same per-batch work as the full runs, alternating wlnet and PyTorch so that both see the
same machine load; the full rounds are for the final metrics.

wlnet runs the example's statements (examples/gru_*.wl) in a Session, with NetTrain asked for
the trained net and its "TotalTrainingTime", "TotalRounds" and "TotalBatches" (not All, which
builds per-batch lists the application never asks for), the training time reported beside the wall time of the whole script
(data generation in the interpreter included).  PyTorch trains the same architecture on the
same data, batch size, rounds, optimizer (ADAM, lr 0.001, betas (0.9, 0.999), eps 1e-5), the
same validation split rule and length-bucketed batches, 2 threads:

  addition  one-hot(11) → GRU(40) → GRU(30) → last valid step → Linear(1), mean squared loss
  compare   one-hot(3) → GRU(5) → last valid step → Linear(3), softmax cross-entropy

(torch.nn.GRU applies the reset gate to (W_hn h + b_hn); wlnet's GRU is the seed page's, with no
b_hn: the same family, one bias vector apart.)  The last valid step of a padded batch is
gathered at length-1, which is exact because the recurrence is causal.

Reported per application and side: training wall time, the CPU time of the process (all its
threads; on a loaded machine the steadier measure of the work) over the NetTrain call (its data
encoding and results included) and over PyTorch's training loop, and the final metrics: for addition
Round@net[{"5+2", "10+25", "9+11", "44+44"}] and the mean squared error on all the data, for
compare the predictions for {"xxy", "xyy", "xyxy"} and the accuracy on all the data.
"""

from __future__ import annotations

import argparse
import itertools
import os
import re
import sys
import time

os.environ.setdefault("OPENBLAS_NUM_THREADS", "2")
os.environ.setdefault("NUMBA_NUM_THREADS", "2")

import numpy as np  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(HERE, "..", "examples")

APPS = {
    "addition": dict(file="gru_addition.wl", rounds=200, batch=64, validation=0.1,
                     checks='Round@trained[{"5+2", "10+25", "9+11", "44+44"}]',
                     metric='Mean[(trained[trainingData[[All, 1]]] - trainingData[[All, 2]])^2]',
                     metric_name="MSE (all data)"),
    "compare": dict(file="gru_compare_xy.wl", rounds=100, batch=64, validation=0.2,
                    checks='trained[{"xxy", "xyy", "xyxy"}]',
                    metric='NetMeasurements[trained, trainingData, "Accuracy"]',
                    metric_name="accuracy (all data)"),
}


# ---------------------------------------------------------------------------- wlnet

PROPERTIES = '{"TrainedNet", "TotalTrainingTime", "TotalRounds", "TotalBatches"}'

def run_wlnet(app: dict, rounds: int) -> dict:
    from wlnet.core.session import Session
    with open(os.path.join(EXAMPLES, app["file"])) as f:
        text = f.read()
    setup, rest = text.split("\ntrained = NetTrain[", 1)
    call = rest.split("\n", 1)[0].rstrip()[:-1]           # the NetTrain arguments
    call = re.sub(r"MaxTrainingRounds -> \d+", f"MaxTrainingRounds -> {rounds}", call)
    # the properties read below, not All: All also builds per-batch measurement lists
    # (thousands of associations) that the application itself never asks for
    call = call.replace("trainingData,", "trainingData, " + PROPERTIES + ",", 1)
    training = (f"results = AssociationThread[{PROPERTIES}, NetTrain[{call}, "
                "TrainingProgressReporting -> None]];\ntrained = results[\"TrainedNet\"];")
    session = Session(echo=False)
    t0 = time.perf_counter()
    session.evaluate(setup)
    cpu0 = time.process_time()
    session.evaluate(training)
    cpu = time.process_time() - cpu0
    wall = time.perf_counter() - t0
    train_time = session.evaluate('results["TotalTrainingTime"]').value
    out = {"train_s": train_time, "script_s": wall, "cpu_s": cpu,
           "checks": _text(session.evaluate(app["checks"])),
           "metric": session.evaluate(app["metric"]).value,
           "rounds": session.evaluate('results["TotalRounds"]').value,
           "batches": session.evaluate('results["TotalBatches"]').value,
           "messages": list(session.messages)}
    return out


def _text(e) -> str:
    from wlnet.syntax.printer import input_form
    return input_form(e)


# ---------------------------------------------------------------------------- data (as the examples)

def addition_data():
    pairs = [(f"{i}+{j}", i + j) for i in range(100) for j in range(100)]
    return [p[0] for p in pairs], np.array([p[1] for p in pairs], np.float32), "0123456789+"


def compare_data():
    inputs = ["".join(t) for n in range(1, 9) for t in itertools.product("xy ", repeat=n)]
    sign = [np.sign(s.count("x") - s.count("y")) for s in inputs]
    return inputs, np.array([int(v) + 1 for v in sign]), "xy "          # Less, Equal, Greater → 0, 1, 2


def split_and_bucket(n, batch, fraction, rng, lengths):
    bpr = -(-n // batch)
    perm = rng.permutation(n)
    perm = np.concatenate([perm, rng.integers(0, n, bpr * batch - n)])
    keep = int(np.floor(bpr * (1 - fraction)))
    held = np.unique(perm[keep * batch:])
    train = np.setdiff1d(np.arange(n), held)
    order = rng.permutation(train)
    total = -(-len(order) // batch) * batch
    order = np.concatenate([order, rng.choice(train, total - len(order))])
    order = order[np.argsort(lengths[order], kind="stable")]
    return order.reshape(-1, batch), held


# ---------------------------------------------------------------------------- PyTorch

def run_torch(name: str, app: dict, rounds: int, threads: int) -> dict:
    import torch
    torch.set_num_threads(threads)
    torch.manual_seed(1234)
    rng = np.random.default_rng(1234)
    strings, targets, alphabet = addition_data() if name == "addition" else compare_data()
    table = {c: i for i, c in enumerate(alphabet)}
    lengths = np.array([len(s) for s in strings])
    onehot = np.zeros((len(strings), lengths.max(), len(alphabet)), np.float32)
    for i, s in enumerate(strings):
        onehot[i, np.arange(len(s)), [table[c] for c in s]] = 1
    batches, held = split_and_bucket(len(strings), app["batch"], app["validation"], rng, lengths)

    class Net(torch.nn.Module):
        def __init__(self):
            super().__init__()
            if name == "addition":
                self.g1 = torch.nn.GRU(11, 40, batch_first=True)
                self.g2 = torch.nn.GRU(40, 30, batch_first=True)
                self.out = torch.nn.Linear(30, 1)
            else:
                self.g1 = torch.nn.GRU(3, 5, batch_first=True)
                self.g2 = None
                self.out = torch.nn.Linear(5, 3)

        def forward(self, x, lens):
            h, _ = self.g1(x)
            if self.g2 is not None:
                h, _ = self.g2(h)
            last = h[torch.arange(h.shape[0]), lens - 1]
            return self.out(last)

    net = Net()
    opt = torch.optim.Adam(net.parameters(), lr=0.001, betas=(0.9, 0.999), eps=1e-5)
    loss_fn = torch.nn.MSELoss() if name == "addition" else torch.nn.CrossEntropyLoss()

    def tensors(idx):
        lens = lengths[idx]
        x = torch.from_numpy(onehot[idx, :lens.max()])
        y = torch.from_numpy(targets[idx].reshape(-1, 1) if name == "addition" else targets[idx])
        return x, torch.from_numpy(lens), y

    prepared = [tensors(b) for b in batches]
    held_sorted = held[np.argsort(lengths[held], kind="stable")]
    val = [tensors(held_sorted[i:i + app["batch"]]) for i in range(0, len(held_sorted), app["batch"])]
    t0 = time.perf_counter()
    cpu0 = time.process_time()
    for _ in range(rounds):
        for k in rng.permutation(len(prepared)):
            x, lens, y = prepared[k]
            opt.zero_grad()
            loss = loss_fn(net(x, lens), y)
            loss.backward()
            opt.step()
        with torch.no_grad():
            sum(float(loss_fn(net(x, lens), y)) * len(y) for x, lens, y in val)
    train_s = time.perf_counter() - t0
    cpu_s = time.process_time() - cpu0
    with torch.no_grad():
        x, lens, y = tensors(np.arange(len(strings)))
        pred = net(x, lens)
        if name == "addition":
            metric = float(torch.mean((pred[:, 0] - y[:, 0]) ** 2))
            probe = ["5+2", "10+25", "9+11", "44+44"]
        else:
            metric = float(torch.mean((pred.argmax(1) == y).float()))
            probe = ["xxy", "xyy", "xyxy"]
        pl = np.array([len(s) for s in probe])
        px = np.zeros((len(probe), pl.max(), len(alphabet)), np.float32)
        for i, s in enumerate(probe):
            px[i, np.arange(len(s)), [table[c] for c in s]] = 1
        out = net(torch.from_numpy(px), torch.from_numpy(pl))
        if name == "addition":
            checks = "{" + ", ".join(str(int(round(float(v)))) for v in out[:, 0]) + "}"
        else:
            names = ["Less", "Equal", "Greater"]
            checks = "{" + ", ".join(names[int(i)] for i in out.argmax(1)) + "}"
    return {"train_s": train_s, "cpu_s": cpu_s, "checks": checks, "metric": metric,
            "rounds": rounds}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", choices=list(APPS))
    ap.add_argument("--rounds", type=int, help="override the rounds (quick runs)")
    ap.add_argument("--skip-torch", action="store_true")
    ap.add_argument("--repeats", type=int, default=1,
                    help="alternate wlnet and torch runs this many times; print the median ratio")
    ap.add_argument("--torch-threads", default="1",
                    help="comma-separated thread counts for the torch runs (default 1: on this "
                         "shared 2-core machine 2 threads spin against each other, see BENCHMARKS.md)")
    args = ap.parse_args()
    print(f"python {sys.version.split()[0]}, numpy {np.__version__}, {os.cpu_count()} cpus")
    for name, app in APPS.items():
        if args.only and name != args.only:
            continue
        rounds = args.rounds or app["rounds"]
        print(f"\n== {name}: batch {app['batch']}, {rounds} rounds, ADAM, "
              f"ValidationSet -> Scaled[{app['validation']}]")
        ratios: dict = {}
        cpu_ratios: dict = {}
        for _ in range(args.repeats):
            _compare(name, app, rounds, args, ratios, cpu_ratios)
        for kind, table in (("time", ratios), ("CPU time", cpu_ratios)):
            for threads, values in table.items():
                if len(values) > 1:
                    print(f"torch/{threads}t over {len(values)} repeats: speed-up ({kind}) "
                          f"median {float(np.median(values)):.2f}x (min {min(values):.2f}x, "
                          f"max {max(values):.2f}x)")


def _compare(name: str, app: dict, rounds: int, args, ratios: dict, cpu_ratios: dict) -> None:
    """One wlnet run, then the torch run(s); the ratios of training times are appended to
    ``ratios``, those of CPU times to ``cpu_ratios``."""
    w = run_wlnet(app, rounds)
    batches = w["batches"]
    print(f"wlnet    train {w['train_s']:7.1f} s (script {w['script_s']:.1f} s, "
          f"{1e3 * w['train_s'] / batches:.2f} ms/batch, CPU {w['cpu_s']:.2f} s)  "
          f"checks {w['checks']}  {app['metric_name']} {w['metric']:.4g}"
          + (f"  messages: {w['messages']}" if w["messages"] else ""))
    if args.skip_torch:
        return
    for threads in (int(x) for x in args.torch_threads.split(",")):
        try:
            t = run_torch(name, app, rounds, threads)
        except ImportError:
            print("torch    not installed")
            break
        print(f"torch/{threads}t train {t['train_s']:7.1f} s ({1e3 * t['train_s'] / batches:.2f} "
              f"ms/batch)   checks {t['checks']}  {app['metric_name']} {t['metric']:.4g}")
        ratios.setdefault(threads, []).append(t["train_s"] / w["train_s"])
        cpu_ratios.setdefault(threads, []).append(t["cpu_s"] / w["cpu_s"])
        print(f"speed-up (torch time / wlnet time): {t['train_s'] / w['train_s']:.2f}x; "
              f"CPU time (all threads) torch {t['cpu_s']:.2f} s / wlnet {w['cpu_s']:.2f} s "
              f"(the NetTrain call) = {t['cpu_s'] / w['cpu_s']:.2f}x")


if __name__ == "__main__":
    main()
