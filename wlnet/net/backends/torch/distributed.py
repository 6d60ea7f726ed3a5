"""Data-parallel NetTrain over several processes, with torch.distributed.

``torchrun --nnodes N --nproc-per-node M -m wlnet script.wl`` runs the script in N×M
processes (``wlnet.core.parallel`` reads their places).  Each NetTrain in it then trains
data-parallel, so that the result is the one a single process would reach with the same
global batch, up to the order of floating-point sums:

- every process encodes the same data and cuts the same global batches: the random
  generator is rank 0's, shared at the start (``Group.share_rng``), so batch order,
  initialisation and validation split agree;
- each process keeps its shard of every global batch (``Group.shard``: contiguous parts,
  as equal as can be) and computes the gradient of its shard's mean loss;
- DistributedDataParallel averages those gradients (``Averager``), weighted by shard size,
  so the step is the global batch's; every process steps the same optimizer on the same
  gradient, and the arrays stay equal everywhere (DDP also starts them from rank 0's);
- the decisions that end training (Ctrl-C, TimeGoal, the automatic round count) are
  agreed on, so no process waits for a partner that stopped;
- only rank 0 prints, reports progress and writes files.

The executor is wlnet's own (each layer an op, on the numba or torch backend), not a
``torch.nn.Module``; DDP is given one: a module whose parameter is a copy of the flat
parameter buffer and whose backward hands DDP the executor's gradient (``_Carrier``), so
DDP's bucketed all-reduce is what averages it.  Processes talk over gloo on the CPU and
NCCL between CUDA devices (``TargetDevice -> "GPU"`` or ``{"GPU", All}``: each process its
local GPU, LOCAL_RANK).

Not the same as one process: dropout masks (each process draws its own, from a stream of
its own) and BatchNormalization's batch statistics (each process normalizes by its shard's
and keeps its own moving averages, as DDP without SyncBatchNorm does; the result is rank
0's).  Generated training data (``NetTrain[net, f]``) is not sharded: each process calls
``f`` for batches of its own, so a global batch is that many generated batches.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import torch
import torch.distributed as dist
from torch.nn.parallel import DistributedDataParallel

from wlnet.core import parallel

__all__ = ["Group", "group"]


def group(device=None) -> "Group | None":
    """The process group of this torchrun job (joined on first use), or None outside one."""
    if parallel.world_size() <= 1:
        return None
    if not dist.is_initialized():
        backend = "cpu:gloo,cuda:nccl" if torch.cuda.is_available() else "gloo"
        dist.init_process_group(backend)
    return Group(device)


class Group:
    """This process in the job: its rank, its shards, what it agrees on with the others."""

    def __init__(self, device=None):
        self.rank = dist.get_rank()
        self.size = dist.get_world_size()
        if callable(device):                 # the torch backend's own device()
            device = device()
        self.device = device if isinstance(device, torch.device) else torch.device("cpu")
        self.weights: list[float] | None = None     # per global batch: this shard's weight

    @property
    def is_leader(self) -> bool:
        return self.rank == 0

    def share_rng(self, rng: np.random.Generator) -> None:
        """Give ``rng`` rank 0's state, in every process."""
        state = [rng.bit_generator.state]
        dist.broadcast_object_list(state, src=0)
        rng.bit_generator.state = state[0]

    def forward_rng(self, rng: np.random.Generator) -> np.random.Generator:
        """A stream of this process's own for dropout (its draws depend on its shard's
        shapes, so drawing from the shared ``rng`` would pull the processes' batch orders
        apart); seeded from the shared one's state, which it leaves as it is (so the batch
        order is one process's)."""
        twin = np.random.Generator(type(rng.bit_generator)())
        twin.bit_generator.state = rng.bit_generator.state
        return np.random.default_rng([int(twin.integers(2**62)), self.rank])

    def shard(self, index_batches: list) -> list:
        """This process's part of each global batch (and, in ``weights``, how many examples
        of the batch it stands for).  A batch smaller than the job leaves some processes
        without examples: they run the batch's first example with weight 0, so every
        process takes part in every step."""
        out, weights = [], []
        for idx in index_batches:
            part = np.array_split(np.asarray(idx), self.size)[self.rank]
            if len(part):
                out.append(part)
                weights.append(float(len(part)))
            else:
                out.append(np.asarray(idx)[:1])
                weights.append(0.0)
        self.weights = weights
        return out

    def averager(self, params) -> "Averager":
        return Averager(self, params)

    def any(self, *flags: bool) -> tuple:
        """Each flag: whether it is set in any process."""
        t = torch.tensor([float(bool(f)) for f in flags], dtype=torch.float64)
        dist.all_reduce(self._here(t))
        return tuple(bool(v > 0) for v in t.tolist())

    def agree(self, value: int) -> int:
        """Rank 0's ``value``, in every process."""
        box = [int(value)]
        dist.broadcast_object_list(box, src=0)
        return box[0]

    def _here(self, t):
        """Collectives over NCCL need CUDA tensors; gloo takes CPU ones."""
        return t if self.device.type != "cuda" else t.to(self.device)


class _Carrier(torch.nn.Module):
    """The module DDP wraps: one parameter, a copy of the flat parameter buffer followed by
    two slots (the weighted loss, the weight).  ``forward(payload)`` is the dot product with
    ``payload``, so its backward makes the parameter's gradient ``payload``: the weighted
    gradient of this process's shard, which DDP then averages over the processes."""

    def __init__(self, flat: np.ndarray, device):
        super().__init__()
        start = np.concatenate([flat, np.zeros(2, flat.dtype)])
        self.weight = torch.nn.Parameter(torch.tensor(start, device=device))

    def forward(self, payload):
        return torch.dot(self.weight, payload)


class Averager:
    """The gradient and loss of each global batch, from every process's shard."""

    def __init__(self, group: Group, params):
        self.group = group
        self.size = params.size
        carrier = _Carrier(params.flat, group.device)
        ids = [group.device.index] if group.device.type == "cuda" else None
        # DDP broadcasts rank 0's parameter as it starts: every process starts from rank
        # 0's arrays (an uninitialized net's random initialisation included)
        self.ddp = DistributedDataParallel(carrier, device_ids=ids)
        self.weight = carrier.weight
        np.copyto(params.flat, self.weight.detach()[:self.size].cpu().numpy())
        params.changed()

    def batch(self, k: int, g: np.ndarray, loss: float, examples: int) -> tuple:
        """(global loss, global flat gradient) of global batch ``k``, whose shard here has
        ``examples`` examples, loss ``loss`` and gradient ``g``: the shards' losses and
        gradients averaged with their weights (so: the global batch's mean)."""
        weights = self.group.weights
        w = weights[k] if weights is not None and k < len(weights) else float(examples)
        tail = np.array([loss * w if w else 0.0, w], dtype=g.dtype)
        payload = torch.from_numpy(np.concatenate([g * w, tail])).to(self.weight.device)
        self.weight.grad = None
        self.ddp(payload).backward()
        total = self.weight.grad.detach().cpu().numpy().astype(np.float64) * self.group.size
        weight = total[-1]
        g_mean = (total[:self.size] / weight).astype(g.dtype) if weight else np.zeros_like(g)
        return float(total[-2] / weight) if weight else 0.0, g_mean


# ---------------------------------------------------------------------------- one process per local GPU

class TrainingJob(NamedTuple):
    """What a helper process needs to train its shards (all of it picklable): the net as a
    net file, the losses as InputForm text, the method, which arrays train, the encoded
    data and the global batches, and the run's settings; ``rng_state``: the generator's
    state as the training loop starts, the same in every process."""
    net_file: bytes
    precision: str
    loss_text: str
    method: tuple                  # (name, options)
    trainable: dict                # path -> learning-rate multiplier
    updated: list                  # statistic arrays kept up to date by their layers
    inputs: dict
    targets: dict
    index_batches: list
    batch_size: int
    max_rounds: int | None
    time_goal: float | None
    rng_state: dict
    backend: str                   # the layers' backend in the helpers


class LocalGroup(Group):
    """{"GPU", All} in one process: this process is rank 0 on the first device, and one
    helper process per other device (``torch.multiprocessing``, spawned) trains its shards
    beside it; the group ends with the NetTrain that made it (``close``)."""

    def __init__(self, devices: list):
        import socket
        import torch.multiprocessing as mp
        with socket.socket() as s:                   # a free port for the rendezvous
            s.bind(("127.0.0.1", 0))
            port = s.getsockname()[1]
        address = f"tcp://127.0.0.1:{port}"
        context = mp.get_context("spawn")
        self.queues = [context.Queue() for _ in devices[1:]]
        self.workers = [context.Process(target=_helper, daemon=True,
                                        args=(rank, len(devices), address, str(devices[rank]),
                                              queue))
                        for rank, queue in enumerate(self.queues, 1)]
        for w in self.workers:
            w.start()
        dist.init_process_group(_process_backend(devices), init_method=address, rank=0,
                                world_size=len(devices))
        super().__init__(devices[0])
        self.sent = False

    def send(self, job: TrainingJob) -> None:
        for queue in self.queues:
            queue.put(job)
        self.sent = True

    def close(self) -> None:
        if not self.sent:                            # NetTrain stopped before training
            for queue in self.queues:
                queue.put(None)
        dist.destroy_process_group()
        for w in self.workers:
            w.join(timeout=60)


def _process_backend(devices) -> str:
    return "nccl" if all(torch.device(d).type == "cuda" for d in devices) else "gloo"


def _helper(rank, size, address, device, queue):
    """A helper process of a LocalGroup: its shards of the job, then exit."""
    devices = [device] * size
    dist.init_process_group(_process_backend(devices), init_method=address, rank=rank,
                            world_size=size)
    try:
        job = queue.get()
        if job is not None:
            _train_shards(job, torch.device(device))
    finally:
        dist.destroy_process_group()


def _train_shards(job: TrainingJob, device):
    from wlnet.core.session import Session
    from wlnet.net.backends import backend as backend_named
    from wlnet.net.backends import torch as torch_backend
    from wlnet.net.execute import Executor
    from wlnet.net.serialize import read_net_bytes
    from wlnet.net.train import data as D
    from wlnet.net.train.loop import run_training
    from wlnet.net.train.losses import parse_loss_function
    from wlnet.net.train.optimizers import MethodSpec, Optimizer, Parameters
    from wlnet.net.coders.base import sampling_with
    session = Session(echo=False)                    # the builtins, to read the losses
    ev = session.evaluator
    with sampling_with(ev.rng, ev):                  # images or audio in the net's coders
        net = read_net_bytes(job.net_file).net
    layers = torch_backend._OnDevice(device) if job.backend == "torch" else backend_named(job.backend)
    executor = Executor(net.root, job.precision, layers)
    losses = parse_loss_function(session.evaluate(job.loss_text), net)
    group = Group(device)
    train = D.prepare_batches(job.inputs, job.targets, group.shard(job.index_batches))
    params = Parameters(executor.arrays_for(net), list(job.trainable), executor.dtype,
                        updated=job.updated)
    sync = group.averager(params)
    rng = np.random.default_rng()
    rng.bit_generator.state = job.rng_state
    run_training(executor, params, Optimizer(params, MethodSpec(*job.method), job.trainable),
                 train, losses, batch_size=job.batch_size, max_rounds=job.max_rounds,
                 time_goal=job.time_goal, rng=rng, sync=sync)
