"""Benchmark: wlnet's LongShortTermMemoryLayer kernels beside torch.nn.LSTM (not a test).

    .venv/bin/python bench/bench_lstm.py [--quick] [--dtype float32|float64] [--rows 0,3]
    .venv/bin/python bench/bench_lstm.py --threads 1 --clock cpu     # 1 thread each, CPU time

The same protocol as bench/bench_gru.py (whose helpers it uses): for each (batch, steps,
input size, n) row, in one process and alternating the two sides, the forward pass
(inference; torch under no_grad) and forward + backward (gradients of Total[output] +
Total[final state] + Total[final cell state] w.r.t. every array and the input), 2 threads
each; per-call medians, then the median of the repeats; ratio = torch time / wlnet time.
The twelve arrays are packed once (`pack_lstm_weights`) outside the timed calls.
"""

from __future__ import annotations

import argparse
import statistics
import sys

import bench_gru as B          # sets the thread environment before numpy starts
import numpy as np

TORCH_ORDER = ("Input", "Forget", "Memory", "Output")     # torch's (i, f, g, o)


def random_arrays(rng, k, n, dtype):
    from wlnet.kernels.lstm import ARRAY_NAMES
    scale = 1.0 / np.sqrt(n)
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    return {name: rng.uniform(-scale, scale, shapes[name.split("Gate")[1]]).astype(dtype)
            for name in ARRAY_NAMES}


def torch_lstm(torch, arrays, k, n, dtype):
    """torch.nn.LSTM holding the same numbers (b_hh = 0)."""
    lstm = torch.nn.LSTM(k, n, batch_first=True).to(getattr(torch, np.dtype(dtype).name))
    with torch.no_grad():
        for param, suffix in ((lstm.weight_ih_l0, "InputWeights"),
                              (lstm.weight_hh_l0, "StateWeights"), (lstm.bias_ih_l0, "Biases")):
            param.copy_(torch.from_numpy(np.concatenate(
                [arrays[g + "Gate" + suffix] for g in TORCH_ORDER])))
        lstm.bias_hh_l0.zero_()
    return lstm


def bench_row(torch, row, dtype, repeats, min_time):
    from wlnet.kernels import lstm as K
    batch, steps, k, n = row
    rng = np.random.default_rng(1)
    arrays = random_arrays(rng, k, n, dtype)
    x = rng.standard_normal((batch, steps, k)).astype(dtype)
    lengths = np.full(batch, steps, np.int64)
    ones_out = np.ones((batch, steps, n), dtype)
    ones_final = np.ones((batch, n), dtype)
    packed = K.pack_lstm_weights(arrays, dtype)

    def wl_forward():
        return K.lstm_forward(x, lengths, packed, keep_for_backward=False)

    def wl_train():
        cache = K.lstm_forward(x, lengths, packed)[3]
        return K.lstm_backward(cache, ones_out, ones_final, ones_final)

    tl = torch_lstm(torch, arrays, k, n, dtype)
    tx = torch.from_numpy(x)
    tx_grad = torch.from_numpy(x.copy()).requires_grad_(True)

    def torch_forward():
        with torch.no_grad():
            return tl(tx)

    def torch_train():
        tl.zero_grad(set_to_none=True)
        tx_grad.grad = None
        y, (h, c) = tl(tx_grad)
        (y.sum() + h.sum() + c.sum()).backward()

    results = {}
    for mode, wl_fn, torch_fn in (("forward", wl_forward, torch_forward),
                                  ("forward+backward", wl_train, torch_train)):
        wl_times, torch_times = [], []
        for _ in range(repeats):  # alternate the sides so drifting load hits both
            wl_times.append(B.time_calls(wl_fn, min_time))
            torch_times.append(B.time_calls(torch_fn, min_time))
        results[mode] = (statistics.median(wl_times), statistics.median(torch_times))
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter timings")
    parser.add_argument("--dtype", default="float32", choices=("float32", "float64"))
    parser.add_argument("--rows", default="", help="comma-separated row indices (default all)")
    parser.add_argument("--threads", type=int, default=2, help="threads for each side")
    parser.add_argument("--clock", default="wall", choices=("wall", "cpu"),
                        help="cpu: process CPU time (robust to a loaded machine with --threads 1)")
    args = parser.parse_args()
    if args.clock == "cpu":
        B.CLOCK = B.time.process_time
    try:
        import torch
    except ImportError:
        sys.exit("torch is not installed: pip install torch==2.13.0")
    torch.set_num_threads(B.THREADS)
    dtype = np.dtype(args.dtype)
    repeats, min_time = (3, 0.1) if args.quick else (5, 0.3)
    rows = [B.ROWS[int(i)] for i in args.rows.split(",")] if args.rows else B.ROWS
    print(B.machine_header(torch))
    print(f"clock: {args.clock}; dtype {dtype.name}; per-call medians, {repeats} alternating repeats of >= "
          f"{min_time}s each, median of the repeats; ratio = torch time / wlnet time")
    print("| (batch, steps, k, n) | mode | wlnet | torch.nn.LSTM | ratio |")
    print("|---|---|---|---|---|")
    all_results = {}
    for row in rows:
        all_results[row] = bench_row(torch, row, dtype, repeats, min_time)
        for mode, (wl, tt) in all_results[row].items():
            print(f"| {row} | {mode} | {B.fmt_time(wl)} | {B.fmt_time(tt)} | {tt / wl:.2f}x |",
                  flush=True)
    print(f"load average at end: {', '.join(f'{v:.1f}' for v in B.os.getloadavg())}")
    B.print_gflops(rows, all_results, gates=4, threads=B.THREADS)


if __name__ == "__main__":
    main()
