"""Benchmark: convolution nets in wlnet beside the same models in PyTorch (not a test).

    .venv/bin/python bench/bench_conv.py                            # 2 threads each, wall clock
    .venv/bin/python bench/bench_conv.py --threads 1 --clock cpu    # 1 thread each, CPU time

Two models, each built as a wlnet net (run by its executor: the ops of every layer, as
NetTrain runs them) and as a torch.nn model holding the same numbers:

- **LeNet training step**: batch 64 of 28x28x1 images, ConvolutionLayer[20, 5] - Ramp -
  PoolingLayer[2, 2] - ConvolutionLayer[50, 5] - Ramp - PoolingLayer[2, 2] - FlattenLayer -
  LinearLayer[500] - Ramp - LinearLayer[10] - SoftmaxLayer, with the cross-entropy loss
  against class indices that NetTrain attaches.  Timed: forward (training mode, kept for the
  backward pass), the loss and its gradient, backward to every array.  torch: the same
  nn.Sequential, F.cross_entropy on its logits, backward (gradients zeroed first).  No
  optimizer step on either side.
- **ResNet block**: batch 32, 64 channels, 32x32: ConvolutionLayer[64, 3, PaddingSize 1] -
  BatchNormalizationLayer - Ramp - ConvolutionLayer[64, 3, PaddingSize 1] -
  BatchNormalizationLayer, plus the block's input (TotalLayer).  **forward**: evaluation
  (moving statistics; torch in eval() under no_grad); **forward+backward**: training mode
  (batch statistics), the gradient of Total[output] to the input and every array.

Sides alternate, repeats of per-call medians, the median of the repeats; ratio = torch time /
wlnet time (> 1: wlnet is faster).  float32 unless --dtype float64.  With --layers: the
wlnet side's CPU time per layer op instead (where the time goes; run it from two trees to
compare them op by op).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time

import bench_gru as B          # sets the thread environment before numpy starts
import numpy as np

LENET = ('NetChain[{ConvolutionLayer[20, 5], Ramp, PoolingLayer[2, 2], '
         'ConvolutionLayer[50, 5], Ramp, PoolingLayer[2, 2], FlattenLayer[], '
         'LinearLayer[500], Ramp, LinearLayer[10], SoftmaxLayer[]}, "Input" -> {1, 28, 28}]')

RESNET = ('NetGraph[{ConvolutionLayer[64, 3, "PaddingSize" -> 1], BatchNormalizationLayer[], '
          'Ramp, ConvolutionLayer[64, 3, "PaddingSize" -> 1], BatchNormalizationLayer[], '
          'TotalLayer[]}, {NetPort["Input"] -> 1 -> 2 -> 3 -> 4 -> 5, '
          '{5, NetPort["Input"]} -> 6}, "Input" -> {64, 32, 32}]')


def wl_net(text):
    from wlnet.core.session import Session
    from wlnet.net.wlform import net_from_expr
    session = Session()
    return net_from_expr(session.evaluate(f"NetInitialize[{text}, RandomSeeding -> 1]"))


def wl_executor(net, dtype):
    from wlnet.net.execute import Executor
    ex = Executor.for_net(net, "Real64" if dtype == np.float64 else "Real32")
    return ex, ex.arrays_for(net)


def torch_tensor(torch, a):
    return torch.from_numpy(np.array(a))          # a writable copy


def copy_into(torch, module, arrays: dict):
    """Set a torch module's parameters (and BN buffers) from wlnet arrays by name."""
    with torch.no_grad():
        for name, value in arrays.items():
            target = module
            for part in name.split("."):
                target = getattr(target, part)
            target.copy_(torch_tensor(torch, value).reshape(target.shape))


def lenet_case(torch, dtype, batch=64):
    from wlnet.net.train.losses import automatic_losses, batch_loss
    from wlnet.net.values import Batch
    net = wl_net(LENET)
    ex, arrays = wl_executor(net, dtype)
    rng = np.random.default_rng(0)
    x = rng.random((batch, 1, 28, 28)).astype(dtype)
    classes = rng.integers(1, 11, batch)
    inputs = {"Input": Batch(x, None)}
    targets = {"Output": Batch(classes, None)}
    losses = automatic_losses(net)

    def wl_step():
        res = ex.forward(arrays, inputs, train=True, keep=True, rng=rng)
        bl = batch_loss(losses, res, targets)
        # no gradient for the images (as NetTrain's step asks; torch's tx has none either)
        return ex.backward(res, bl.d_outputs, bl.d_logits or None, input_gradients=())

    nn = torch.nn
    model = nn.Sequential(nn.Conv2d(1, 20, 5), nn.ReLU(), nn.MaxPool2d(2, 2),
                          nn.Conv2d(20, 50, 5), nn.ReLU(), nn.MaxPool2d(2, 2), nn.Flatten(),
                          nn.Linear(800, 500), nn.ReLU(), nn.Linear(500, 10))
    model = model.to(getattr(torch, np.dtype(dtype).name))
    a = {tuple(k): v for k, v in arrays.items()}

    def wl(node, name):
        return next(v for k, v in a.items() if k[-3] == str(node) and k[-1] == name)

    copy_into(torch, model, {"0.weight": wl(1, "Weights"), "0.bias": wl(1, "Biases"),
                             "3.weight": wl(4, "Weights"), "3.bias": wl(4, "Biases"),
                             "7.weight": wl(8, "Weights"), "7.bias": wl(8, "Biases"),
                             "9.weight": wl(10, "Weights"), "9.bias": wl(10, "Biases")})
    tx, tt = torch_tensor(torch, x), torch.from_numpy(classes - 1)

    def torch_step():
        model.zero_grad(set_to_none=True)
        torch.nn.functional.cross_entropy(model(tx), tt).backward()

    with torch.no_grad():
        check_same(ex, arrays, inputs, torch.softmax(model(tx), -1).numpy())
    return {"training step": (wl_step, torch_step)}


def check_same(ex, arrays, inputs, theirs):
    """The two sides compute the same outputs (else the comparison means nothing)."""
    ours = ex.forward(arrays, inputs, train=False).outputs["Output"].data
    if not np.allclose(ours, theirs, rtol=1e-3, atol=1e-4):
        sys.exit(f"wlnet and torch disagree (max difference {np.abs(ours - theirs).max()}): "
                 "the models are not the same")


def resnet_case(torch, dtype, batch=32):
    from wlnet.net.values import Batch
    net = wl_net(RESNET)
    ex, arrays = wl_executor(net, dtype)
    rng = np.random.default_rng(0)
    x = rng.standard_normal((batch, 64, 32, 32)).astype(dtype)
    inputs = {"Input": Batch(x, None)}
    ones = np.ones_like(x)

    def wl_forward():
        return ex.forward(arrays, inputs, train=False)

    def wl_train():
        res = ex.forward(arrays, inputs, train=True, keep=True, rng=rng)
        return ex.backward(res, {"Output": ones})

    nn = torch.nn

    class Block(nn.Module):
        def __init__(self):
            super().__init__()
            self.c1, self.b1 = nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64, eps=1e-3)
            self.c2, self.b2 = nn.Conv2d(64, 64, 3, padding=1), nn.BatchNorm2d(64, eps=1e-3)

        def forward(self, x):
            return self.b2(self.c2(torch.relu(self.b1(self.c1(x))))) + x

    model = Block().to(getattr(torch, np.dtype(dtype).name))
    by_node = {}
    for path, value in arrays.items():
        by_node.setdefault(path[-3], {})[path[-1]] = value
    names = {"Weights": "weight", "Biases": "bias", "Scaling": "weight",
             "MovingMean": "running_mean", "MovingVariance": "running_var"}
    mapping = {}
    for node, prefix in ((1, "c1"), (2, "b1"), (4, "c2"), (5, "b2")):
        for name, value in by_node[str(node)].items():
            mapping[f"{prefix}.{names[name]}"] = value
    copy_into(torch, model, mapping)
    tx = torch_tensor(torch, x)
    tx_grad = torch_tensor(torch, x.copy()).requires_grad_(True)

    def torch_forward():
        model.eval()
        with torch.no_grad():
            return model(tx)

    def torch_train():
        model.train()
        model.zero_grad(set_to_none=True)
        tx_grad.grad = None
        model(tx_grad).sum().backward()

    check_same(ex, arrays, inputs, torch_forward().numpy())
    return {"forward": (wl_forward, torch_forward), "forward+backward": (wl_train, torch_train)}


def per_layer(name, modes, calls=60):
    """Each layer op's share of the wlnet side (--layers): the executor's ops wrapped with a
    CPU-time accumulator, mean per call over `calls` calls after 5 warm-up calls."""
    from collections import defaultdict
    from wlnet.net import execute
    spent = defaultdict(float)
    for ex in execute._CACHE.values():
        for i, step in enumerate(ex.steps):
            label = f"{i + 1} {getattr(step.layer, 'spec', step.layer).__class__.__name__}"
            for kind in ("forward", "backward"):
                def timed(*args, _f=getattr(step.op, kind), _key=f"{label} {kind}"):
                    t0 = time.process_time()
                    result = _f(*args)
                    spent[_key] += time.process_time() - t0
                    return result
                setattr(step.op, kind, timed)
            # the executor calls each op's forward through its bound method, kept per step
            ex._runs[i] = ex._runs[i]._replace(forward=step.op.forward)
    for mode, (wl_fn, _) in modes.items():
        for _ in range(5):
            wl_fn()
        spent.clear()
        t0 = time.process_time()
        for _ in range(calls):
            wl_fn()
        total = (time.process_time() - t0) / calls
        print(f"{name}, {mode}: {B.fmt_time(total)} per call (CPU), of which")
        for key, value in sorted(spent.items(), key=lambda kv: -kv[1]):
            print(f"  {B.fmt_time(value / calls):>10}  {key}")


def run_case(name, modes, repeats, min_time):
    for mode, (wl_fn, torch_fn) in modes.items():
        wl_times, torch_times = [], []
        for _ in range(repeats):
            wl_times.append(B.time_calls(wl_fn, min_time))
            torch_times.append(B.time_calls(torch_fn, min_time))
        wl, tt = statistics.median(wl_times), statistics.median(torch_times)
        spread = f"{min(torch_times) / max(wl_times):.2f}-{max(torch_times) / min(wl_times):.2f}"
        print(f"| {name} | {mode} | {B.fmt_time(wl)} | {B.fmt_time(tt)} | {tt / wl:.2f}x "
              f"| {spread} |", flush=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer repeats, shorter timings")
    parser.add_argument("--dtype", default="float32", choices=("float32", "float64"))
    parser.add_argument("--models", default="lenet,resnet")
    parser.add_argument("--threads", type=int, default=2, help="threads for each side")
    parser.add_argument("--clock", default="wall", choices=("wall", "cpu"))
    parser.add_argument("--repeats", type=int, default=0)
    parser.add_argument("--layers", action="store_true",
                        help="only the wlnet side's time per layer op (CPU time)")
    args = parser.parse_args()
    if args.clock == "cpu":
        B.CLOCK = time.process_time
    import torch
    torch.set_num_threads(B.THREADS)
    dtype = np.dtype(args.dtype).type
    repeats, min_time = (3, 0.3) if args.quick else (5, 1.0)
    repeats = args.repeats or repeats
    print(B.machine_header(torch))
    print(f"clock: {args.clock}; threads {B.THREADS}; dtype {np.dtype(dtype).name}; per-call "
          f"medians, {repeats} alternating repeats of >= {min_time}s, median of the repeats")
    print("| model | mode | wlnet | torch | ratio | range |")
    print("|---|---|---|---|---|---|")
    cases = {"lenet": ("LeNet, batch 64", lenet_case), "resnet": ("ResNet block, batch 32",
                                                                  resnet_case)}
    for key in args.models.split(","):
        name, make = cases[key]
        if args.layers:
            per_layer(name, make(torch, dtype))
        else:
            run_case(name, make(torch, dtype), repeats, min_time)
    print(f"load average at end: {', '.join(f'{v:.1f}' for v in os.getloadavg())}")


if __name__ == "__main__":
    main()
