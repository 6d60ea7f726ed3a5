"""The PyTorch backend (``WLNET_BACKEND=torch``): each layer runs as torch operations.

A composed layer runs its composition through the torch mappings of the primitive table; a
custom-op layer runs the torch lowering its module declares (``spec.torch_lowering``).  The
op converts its operands to tensors at its boundary and differentiates with torch's
autograd, so the executor (``wlnet.net.execute``) and everything above it are the same as
with the default backend; the two backends give the same numbers (tests/net/backends).

torch is optional: without it, selecting this backend raises ``BackendError`` with what to
install.  ``WLNET_TORCH_DEVICE`` names the device ("cpu" by default; "cuda", "cuda:1" where
there is one).
"""

from __future__ import annotations

import os

import numpy as np

from wlnet.net.backends import BackendError
from wlnet.net.compose import compose_layer
from wlnet.net.custom_op import CustomOp
from wlnet.net.primitives import PRIMITIVES
from wlnet.net.values import Batch

try:
    import torch
except ImportError as err:          # pragma: no cover - depends on the installation
    raise BackendError("torch", "it needs PyTorch: pip install 'wlnet[torch]' (on a CPU-only "
                       "machine: pip install torch==2.13.0)") from err

__all__ = ["NAME", "op_for", "device", "on_gpu"]

NAME = "torch"
_DTYPES = {np.dtype(np.float32): torch.float32, np.dtype(np.float64): torch.float64}


def _cpu_threads() -> None:
    """One intra-op thread unless WLNET_TORCH_THREADS (or OMP_NUM_THREADS) says otherwise: a
    layer's operations are small, and torch's thread pool waiting for a core that another
    program holds made a GRU training batch 10-20 times slower than one thread on the
    shared 2-core machines (measured 2026-12-05: 0.3-0.5 s against 0.02-0.04 s)."""
    threads = os.environ.get("WLNET_TORCH_THREADS")
    if threads and threads.isdigit() and int(threads) > 0:
        torch.set_num_threads(int(threads))
    elif not os.environ.get("OMP_NUM_THREADS"):
        torch.set_num_threads(1)


_cpu_threads()


def device() -> "torch.device":
    return torch.device(os.environ.get("WLNET_TORCH_DEVICE") or "cpu")


class _OnDevice:
    """This backend bound to one device (TargetDevice -> "GPU" & co)."""

    def __init__(self, dev, idle_gpus: int = 0, joint=None):
        self.device = dev
        self.NAME = f"{NAME}:{dev}"
        self.idle_gpus = idle_gpus     # {"GPU", All | {n1, …}} in one process: the GPUs it leaves idle
        # the GPUs NetTrain trains on (distributed.py), this one first: the ones named
        # ({"GPU", {n1, n2, …}}), else every local GPU
        self.devices = ([dev] + [d for d in joint if d != dev] if joint is not None else
                        [dev] + [torch.device(dev.type, i) for i in range(idle_gpus + 1)
                                 if i != dev.index][:idle_gpus])

    def op_for(self, layer, dtype):
        return op_for(layer, dtype, self.device)


def on_gpu(spec, index):
    """The backend on CUDA device ``index`` (1-based; "All": every local GPU; a tuple: those
    GPUs jointly).  Under torchrun (one process per GPU) "GPU", {"GPU", All} and a tuple are
    this process's own GPU (LOCAL_RANK, among the tuple's), and NetTrain trains
    data-parallel (distributed.py); in one process {"GPU", All} and a tuple are the first
    GPU, NetTrain adding a helper process per other GPU (distributed.LocalGroup).  Raises
    NetSpecError "nogpu" without a usable one."""
    from wlnet.core import parallel
    from wlnet.net.errors import NetSpecError
    count = torch.cuda.device_count() if torch.cuda.is_available() else 0
    if count == 0:
        raise NetSpecError("nogpu", spec, "this machine has no CUDA GPU that PyTorch can use")
    alone = parallel.world_size() == 1
    named = index if isinstance(index, tuple) else None
    if named is not None:
        if max(named) > count:
            raise NetSpecError("nogpu", spec, f"this machine has {count} GPU{'s' if count > 1 else ''}")
        index = named[0] if alone else named[parallel.local_rank() % len(named)]
        joint = [torch.device("cuda", n - 1) for n in named] if alone else None
        return _OnDevice(torch.device("cuda", index - 1), len(named) - 1 if alone else 0, joint)
    idle = count - 1 if index == "All" and alone else 0
    if index == "All" or (not alone and getattr(spec, "value", None) in ("GPU", "CUDA")):
        index = parallel.local_rank() % count + 1
    if index > count:
        raise NetSpecError("nogpu", spec, f"this machine has {count} GPU{'s' if count > 1 else ''}")
    return _OnDevice(torch.device("cuda", index - 1), idle)


def op_for(layer, dtype, dev=None):
    spec = layer.spec
    if spec.op is None:
        return TorchOp(layer, dtype, _composed(layer), dev)
    lowering = getattr(spec, "torch_lowering", None)
    if lowering is None:
        # the WL face reports the layer as one that cannot run (here: on this backend)
        raise NotImplementedError(f"no executor for {spec.symbol}")
    return TorchOp(layer, dtype, lambda ctx, ins, arrs, states: lowering(torch, layer.params, ctx,
                                                                          ins, arrs, states), dev)


def _composed(layer):
    """The layer's composition as a function of tensors, through the torch mappings."""
    comp = compose_layer(layer)
    rows = [PRIMITIVES[n.primitive] for n in comp.nodes]

    def run(ctx, ins, arrs, states):
        working = _DTYPES[ctx.dtype]
        values = []

        def value(ref):
            kind, key = ref
            return values[key] if kind == "node" else ins[key] if kind == "input" else arrs[key]

        for node, row in zip(comp.nodes, rows):
            # the run's mode, batch size and generator (rows that make data: dropout,
            # NetArrayLayer's batch, RandomArrayLayer's samples)
            attrs = {**node.attrs, "$train": ctx.train, "$batch": ctx.batch_size, "$rng": ctx.rng,
                     "$sizes": getattr(ctx, "sizes", None)}     # sizes the net left free
            y = row.torch(torch, attrs, *(value(r) for r in node.inputs))
            values.append(_in_working_dtype(y, working))
        return {port: _batch(value(ref)) for port, ref in comp.outputs.items()}, {}

    return run


def _in_working_dtype(y, working):
    data = y.data if isinstance(y, Batch) else y
    if torch.is_tensor(data) and data.is_floating_point() and data.dtype != working:
        data = data.to(working)
        return Batch(data, y.lengths) if isinstance(y, Batch) else data
    return y


def _batch(y):
    return y if isinstance(y, Batch) else Batch(y, None)


class TorchOp(CustomOp):
    """A layer on torch: tensors in, the lowering, numpy out; backward by autograd."""

    def __init__(self, layer, dtype, fn, dev=None):
        super().__init__(layer, dtype)
        self.fn = fn
        self.device = dev
        self.real_inputs = _real_inputs(layer)

    def forward(self, inputs, arrays, states, ctx):
        dev = self.device or device()
        working = _DTYPES[ctx.dtype]
        leaves = {}

        def tensor(key, data, dtype=None):
            t = torch.tensor(np.asarray(data), device=dev)      # a copy: arrays are read-only
            if t.is_floating_point():
                t = t.to(dtype or working)
                if ctx.keep:
                    t.requires_grad_(True)
                    leaves[key] = t
            return t

        ins = {p: Batch(tensor(("input", p), np.asarray(b.data, ctx.dtype) if p in self.real_inputs
                               and np.asarray(b.data).dtype.kind in "iu" else b.data),
                        None if b.lengths is None else torch.as_tensor(b.lengths, device=dev))
               for p, b in inputs.items()}
        arrs = {n: tensor(("array", n), a) for n, a in arrays.items()}
        sts = {s: tensor(("state", s), v) for s, v in states.items() if v is not None}
        with torch.set_grad_enabled(ctx.keep):
            # a lowering may give a third result: new values of arrays it keeps up to date
            # itself (statistic arrays, e.g. BatchNormalizationLayer's moving mean)
            outs, finals, *updates = self.fn(ctx, ins, arrs, sts)
        outputs = {p: Batch(_numpy(b.data), _lengths(b)) for p, b in outs.items()}
        final_states = {s: _numpy(v) for s, v in finals.items()}
        updated = {n: _numpy(v) for n, v in (updates[0] if updates else {}).items()}
        cache = (leaves, outs, finals, updated) if ctx.keep else None
        return outputs, final_states, cache

    def array_updates(self, cache):
        return {} if cache is None else cache[3]

    def backward(self, cache, d_outputs, d_states):
        leaves, outs, finals, _ = cache
        tensors, grads = [], []
        for port, d in d_outputs.items():
            if d is not None and port in outs and outs[port].data.requires_grad:
                tensors.append(outs[port].data)
                grads.append(torch.as_tensor(np.ascontiguousarray(d), device=outs[port].data.device,
                                             dtype=outs[port].data.dtype))
        for name, d in d_states.items():
            if d is not None and name in finals and finals[name].requires_grad:
                tensors.append(finals[name])
                grads.append(torch.as_tensor(np.ascontiguousarray(d), device=finals[name].device,
                                             dtype=finals[name].dtype))
        if not tensors or not leaves:
            return {}, {}, {}
        keys = list(leaves)
        found = torch.autograd.grad(tensors, [leaves[k] for k in keys], grads, allow_unused=True)
        d = {"input": {}, "array": {}, "state": {}}
        for (kind, name), g in zip(keys, found):
            if g is not None:
                d[kind][name] = _numpy(g)
        return d["input"], d["array"], d["state"]


def _real_inputs(layer) -> frozenset:
    """The input ports of a layer that take reals: integer codes arriving there (passed on
    by a layer that only moves elements, such as SequenceMostLayer) become reals, as
    torch's arithmetic does not mix the two (the Numba kernels convert them themselves)."""
    from wlnet.net.types import IndexIntegerT, TensorT
    try:
        ports = layer.inputs()
    except (AttributeError, NotImplementedError):
        return frozenset()
    return frozenset(p for p, t in ports.items()
                     if not (isinstance(t, TensorT) and isinstance(t.elem, IndexIntegerT)))


def _lengths(b: Batch):
    """An output's lengths as numpy (they come from an input's, as a tensor or array)."""
    if b.lengths is None:
        return None
    return b.lengths.cpu().numpy() if torch.is_tensor(b.lengths) else np.asarray(b.lengths)


def _numpy(t):
    return t.detach().cpu().numpy()
