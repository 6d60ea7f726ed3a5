"""Benchmark: wlnet's GatedRecurrentLayer kernels beside torch.nn.GRU (not a test).

    .venv/bin/python bench/bench_gru.py [--quick] [--dtype float32|float64]

For each (batch, steps, input size, n) row it times, in the same process and alternating the
two sides, the forward pass (torch under no_grad) and forward + backward (gradient of
Total[output] + Total[final state] w.r.t. every array and the input), 2 threads each, and
prints the median time per call and the ratio torch/wlnet (> 1 means wlnet is faster).
It then times the first call in a fresh process, both with Numba's cache already on disk (cache
load) and with an empty cache directory (compilation).

The wlnet side is timed with the nine arrays already packed (`pack_gru_weights`, done once per
net evaluation plan or per training step, as torch keeps its flat weights ready); the packing
time is reported separately. The forward pass is inference (keep_for_backward=False, like
torch under no_grad); forward+backward keeps what the backward pass needs.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time

def _threads_from_argv(default=2):
    """--threads N, read before numpy/numba start their thread pools."""
    for i, arg in enumerate(sys.argv):
        if arg == "--threads" and i + 1 < len(sys.argv):
            return int(sys.argv[i + 1])
    return default


THREADS = _threads_from_argv()
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))
os.environ.setdefault("NUMBA_NUM_THREADS", str(THREADS))

import numpy as np  # noqa: E402

ROWS = [(1, 4, 2, 3), (64, 5, 11, 40), (64, 8, 3, 5), (32, 50, 64, 128), (64, 100, 256, 256),
        (16, 200, 512, 512)]
CLOCK = time.perf_counter  # --clock cpu: time.process_time (CPU time of all threads)


def random_arrays(rng, k, n, dtype):
    from wlnet.kernels.gru import ARRAY_NAMES
    scale = 1.0 / np.sqrt(n)
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    return {name: rng.uniform(-scale, scale, shapes[name.split("Gate")[1]]).astype(dtype)
            for name in ARRAY_NAMES}


def torch_gru(torch, arrays, k, n, dtype):
    """torch.nn.GRU holding the same numbers (gate order r, z(=i), n(=m); b_hh = 0)."""
    gru = torch.nn.GRU(k, n, batch_first=True).to(getattr(torch, np.dtype(dtype).name))
    with torch.no_grad():
        order = ("Reset", "Input", "Memory")
        gru.weight_ih_l0.copy_(torch.from_numpy(np.concatenate(
            [arrays[g + "GateInputWeights"] for g in order])))
        gru.weight_hh_l0.copy_(torch.from_numpy(np.concatenate(
            [arrays[g + "GateStateWeights"] for g in order])))
        gru.bias_ih_l0.copy_(torch.from_numpy(np.concatenate([arrays[g + "GateBiases"] for g in order])))
        gru.bias_hh_l0.zero_()
    return gru


def time_calls(fn, min_time):
    """Median seconds per call over calls filling about min_time (at least 3 calls).

    Each call is timed on its own and the median taken: on a shared machine a preempted call
    (a 10 ms time slice) would otherwise dominate a mean over fast calls.
    """
    fn()
    times = []
    start = time.perf_counter()
    while len(times) < 3 or time.perf_counter() - start < min_time:
        t0 = CLOCK()
        fn()
        times.append(CLOCK() - t0)
    return statistics.median(times)


def bench_row(torch, row, dtype, repeats, min_time):
    from wlnet.kernels import gru as K
    batch, steps, k, n = row
    rng = np.random.default_rng(1)
    arrays = random_arrays(rng, k, n, dtype)
    x = rng.standard_normal((batch, steps, k)).astype(dtype)
    lengths = np.full(batch, steps, np.int64)
    ones_out = np.ones((batch, steps, n), dtype)
    ones_final = np.ones((batch, n), dtype)

    packed = K.pack_gru_weights(arrays, dtype)

    def wl_forward():
        return K.gru_forward(x, lengths, packed, keep_for_backward=False)

    def wl_train():
        _, _, cache = K.gru_forward(x, lengths, packed)
        return K.gru_backward(cache, ones_out, ones_final)

    def wl_pack():
        return K.pack_gru_weights(arrays, dtype)

    tg = torch_gru(torch, arrays, k, n, dtype)
    tx = torch.from_numpy(x)
    tx_grad = torch.from_numpy(x.copy()).requires_grad_(True)

    def torch_forward():
        with torch.no_grad():
            return tg(tx)

    def torch_train():
        tg.zero_grad(set_to_none=True)
        tx_grad.grad = None
        y, h = tg(tx_grad)
        (y.sum() + h.sum()).backward()

    results = {}
    for mode, wl_fn, torch_fn in (("forward", wl_forward, torch_forward),
                                  ("forward+backward", wl_train, torch_train)):
        wl_times, torch_times = [], []
        for _ in range(repeats):  # alternate the sides so drifting load hits both
            wl_times.append(time_calls(wl_fn, min_time))
            torch_times.append(time_calls(torch_fn, min_time))
        results[mode] = (statistics.median(wl_times), statistics.median(torch_times))
    results["pack"] = statistics.median(time_calls(wl_pack, min_time / 4) for _ in range(3))
    return results


FIRST_CALL_SCRIPT = r"""
import time
t0 = time.perf_counter()
import numpy as np
from wlnet.kernels import gru as K
t1 = time.perf_counter()
rng = np.random.default_rng(0)


def run(dtype, batch, steps, k, n):
    shapes = {"InputWeights": (n, k), "StateWeights": (n, n), "Biases": (n,)}
    arrays = {name: rng.standard_normal(shapes[name.split("Gate")[1]]).astype(dtype)
              for name in K.ARRAY_NAMES}
    x = rng.standard_normal((batch, steps, k)).astype(dtype)
    lengths = np.full(batch, steps)
    lengths[-1] = 1
    y, h, cache = K.gru_forward(x, lengths, arrays)
    K.gru_backward(cache, np.ones_like(y), np.ones_like(h))
    K.gru_forward(x, lengths, arrays, keep_for_backward=False)


for dtype in (np.float32, np.float64):
    run(dtype, 2, 4, 2, 3)        # one chunk (serial kernels)
    run(dtype, 8, 10, 4, 40)      # split over threads (parallel kernels)
    if dtype is np.float32:
        t2 = time.perf_counter()
t3 = time.perf_counter()
print(f"{t1 - t0:.3f} {t2 - t1:.3f} {t3 - t2:.3f}")
"""


def first_call_times(cache_dir=None):
    """(import s, first float32 forward+backward s, then float64 s) in a fresh process."""
    env = dict(os.environ)
    if cache_dir is not None:
        env["NUMBA_CACHE_DIR"] = cache_dir
    out = subprocess.run([sys.executable, "-c", FIRST_CALL_SCRIPT], env=env, check=True,
                         capture_output=True, text=True).stdout.split()
    return tuple(float(v) for v in out)


# --------------------------------------------------------------------------------------------
# The machine's matrix-multiply peak, and what fraction of it a row reaches
# --------------------------------------------------------------------------------------------

PEAK_SIZE = 2048          # square float32 products of this size measure the peak


def _peak_kernels():
    """Jitted loops of `gemm` (the BLAS the kernels call): one thread, and one product per
    thread side by side over Numba's pool (how the kernels use two threads)."""
    import numba
    from numba import prange
    from wlnet.kernels._linalg import gemm

    @numba.njit(nogil=True)
    def one(m, a, b, c, reps):
        for _ in range(reps):
            gemm(m, m, m, 1.0, a, 0, m, False, b, 0, m, False, 0.0, c, 0, m)

    @numba.njit(parallel=True, nogil=True)
    def side_by_side(m, a, b, c, reps):
        for t in prange(c.shape[0]):
            for _ in range(reps):
                gemm(m, m, m, 1.0, a[t], 0, m, False, b[t], 0, m, False, 0.0, c[t], 0, m)

    return one, side_by_side


def sgemm_peak(threads, repeats=5):
    """GFLOPS of float32 PEAK_SIZE^3 products through the kernels' BLAS on `threads` threads
    (one product per thread, as the kernels split work), by the bench's clock (CPU time: per
    second of all threads' CPU), best of `repeats`: the peak the recurrent kernels' products
    are compared with."""
    one, side_by_side = _peak_kernels()
    m = PEAK_SIZE
    rng = np.random.default_rng(0)
    a, b = (rng.standard_normal((threads, m * m)).astype(np.float32) for _ in range(2))
    c = np.empty((threads, m * m), np.float32)
    run = (lambda: one(m, a[0], b[0], c[0], 1)) if threads == 1 else \
        (lambda: side_by_side(m, a, b, c, 1))
    run()
    best = min(_timed(run) for _ in range(repeats))
    return 2 * m ** 3 * threads / best / 1e9


def _timed(fn):
    t0 = CLOCK()
    fn()
    return CLOCK() - t0


def row_flops(row, gates, mode):
    """Multiply-add FLOPs of a row's matrix products: forward Wx.x and Ws.s over all steps;
    forward+backward three times that (the backward's input, state and weight gradients)."""
    batch, steps, k, n = row
    forward = 2 * gates * n * (k + n) * batch * steps
    return forward if mode == "forward" else 3 * forward


def fmt_time(seconds):
    if seconds < 1e-3:
        return f"{seconds * 1e6:.1f} µs"
    if seconds < 1:
        return f"{seconds * 1e3:.2f} ms"
    return f"{seconds:.2f} s"


def machine_header(torch):
    import numba
    model = "unknown"
    try:
        for line in subprocess.run(["lscpu"], capture_output=True, text=True).stdout.splitlines():
            if line.startswith("Model name:"):
                model = line.split(":", 1)[1].strip()
    except OSError:
        pass
    load = ", ".join(f"{v:.1f}" for v in os.getloadavg())
    return (f"machine: {model}, {os.cpu_count()} cpus, {platform.platform()}\n"
            f"date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; "
            f"load average at start: {load}\n"
            f"OPENBLAS_CORETYPE={os.environ.get('OPENBLAS_CORETYPE', '(unset)')} "
            f"OPENBLAS_NUM_THREADS={os.environ.get('OPENBLAS_NUM_THREADS')} "
            f"NUMBA_NUM_THREADS={os.environ.get('NUMBA_NUM_THREADS')} "
            f"torch.set_num_threads({THREADS})\n"
            f"python {platform.python_version()}, numpy {np.__version__}, numba {numba.__version__}, "
            f"torch {torch.__version__}")


def print_gflops(rows, all_results, gates, threads):
    """The rows' product GFLOPS (wlnet, torch) against the measured float32 peak (per thread
    count up to `threads`); a row's wlnet time includes its gate arithmetic and copies."""
    peaks = {t: sgemm_peak(t) for t in sorted({1, threads})}
    print("\nfloat32 matrix-multiply peak (kernels' BLAS, %d^3, best of 5, the bench's clock): %s" % (
        PEAK_SIZE, ", ".join(f"{t} thread{'s' * (t > 1)} {g:.1f} GFLOPS" for t, g in peaks.items())))
    print(f"| (batch, steps, k, n) | mode | wlnet GFLOPS | % of the {threads}-thread peak "
          "| torch GFLOPS |")
    print("|---|---|---|---|---|")
    for row in rows:
        for mode, (wl, tt) in all_results[row].items():
            flops = row_flops(row, gates, mode)
            print(f"| {row} | {mode} | {flops / wl / 1e9:.1f} | "
                  f"{100 * flops / wl / 1e9 / peaks[threads]:.0f}% | {flops / tt / 1e9:.1f} |")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter timings")
    parser.add_argument("--dtype", default="float32", choices=("float32", "float64"))
    parser.add_argument("--rows", default="", help="comma-separated row indices (default all)")
    parser.add_argument("--no-first-call", action="store_true")
    parser.add_argument("--threads", type=int, default=2, help="threads for each side")
    parser.add_argument("--clock", default="wall", choices=("wall", "cpu"),
                        help="cpu: process CPU time (robust to a loaded machine with --threads 1)")
    args = parser.parse_args()
    global CLOCK
    if args.clock == "cpu":
        CLOCK = time.process_time
    try:
        import torch
    except ImportError:
        sys.exit("torch is not installed: pip install torch==2.13.0")
    torch.set_num_threads(THREADS)
    dtype = np.dtype(args.dtype)
    repeats, min_time = (3, 0.1) if args.quick else (5, 0.3)
    rows = [ROWS[int(i)] for i in args.rows.split(",")] if args.rows else ROWS

    print(machine_header(torch))
    print(f"clock: {args.clock}; dtype {dtype.name}; per-call medians, {repeats} alternating repeats of >= {min_time}s "
          "each, median of the repeats; ratio = torch time / wlnet time")
    print("| (batch, steps, k, n) | mode | wlnet | torch.nn.GRU | ratio | (packing) |")
    print("|---|---|---|---|---|---|")
    all_results = {}
    for row in rows:
        results = bench_row(torch, row, dtype, repeats, min_time)
        pack = results.pop("pack")
        all_results[row] = results
        for mode, (wl, tt) in results.items():
            print(f"| {row} | {mode} | {fmt_time(wl)} | {fmt_time(tt)} | {tt / wl:.2f}x "
                  f"| {fmt_time(pack)} |", flush=True)

    print(f"load average at end: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")
    print_gflops(rows, all_results, gates=3, threads=THREADS)
    if not args.no_first_call:
        first_call_times()  # make sure the on-disk cache exists
        warm = first_call_times()
        with tempfile.TemporaryDirectory() as empty:
            cold = first_call_times(empty)
        print("\nfirst calls in a fresh process (import wlnet.kernels.gru | first float32 "
              "forward, backward, inference on a serial and a threaded shape | the same in "
              "float64):")
        print(f"- cache on disk (load):  {warm[0]:.2f} s | {warm[1]:.2f} s | {warm[2]:.2f} s")
        print(f"- empty cache (compile): {cold[0]:.2f} s | {cold[1]:.2f} s | {cold[2]:.2f} s")


if __name__ == "__main__":
    main()
