"""Data-parallel NetTrain under torchrun (wlnet/net/backends/torch/distributed.py): a script
run in 2 CPU processes (gloo) trains the arrays that one process trains with the same
global batch (Real32 to 1e-5, Real64 to 1e-10), prints once, and writes its files once."""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

pytest.importorskip("torch")
import torch.distributed                                     # noqa: E402

from wlnet.net.serialize import read_net_file               # noqa: E402

ROOT = Path(__file__).resolve().parents[3]
TOLERANCE = {"Real32": 1e-5, "Real64": 1e-10}

# 33 examples, global batches of 5 (shards of 3 and 2) in random order (more than 4 batches
# a round), a held-out validation set and a batch of 1 (the second process then stands in
# with weight 0): all of it must agree
SCRIPT = """
SeedRandom[5];
data = Table[RandomReal[{-1, 1}, 3] -> RandomReal[{-1, 1}, 2], {33}];
net = NetChain[{LinearLayer[4, "Input" -> 3], Tanh, LinearLayer[2]}];
trained = NetTrain[net, data, BatchSize -> 5, MaxTrainingRounds -> 3, RandomSeeding -> 7,
  ValidationSet -> Scaled[0.2], WorkingPrecision -> $ScriptCommandLine[[3]],
  TrainingProgressReporting -> "Print"];
trained = NetTrain[trained, data[[;; 4]], BatchSize -> 1, MaxTrainingRounds -> 2,
  WorkingPrecision -> $ScriptCommandLine[[3]], TrainingProgressReporting -> None];
Export[$ScriptCommandLine[[2]], trained];
Print["trained"];
"""


def _run(args, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(ROOT), "OMP_NUM_THREADS": "1"}
    for name in ("RANK", "WORLD_SIZE", "LOCAL_RANK", "MASTER_ADDR", "MASTER_PORT"):
        env.pop(name, None)
    return subprocess.run(args, cwd=tmp_path, env=env, capture_output=True, text=True,
                          timeout=600)


def _arrays(path):
    net = read_net_file(path).net
    return {p: np.asarray(a.array) for p, a in net.arrays.items()}


@pytest.mark.skipif(not torch.distributed.is_available(), reason="no torch.distributed")
@pytest.mark.parametrize("precision", ["Real32", "Real64"])
def test_two_processes_train_what_one_does(tmp_path, precision):
    (tmp_path / "train.wl").write_text(SCRIPT)
    one = _run([sys.executable, "-m", "wlnet", "train.wl", "one.wlnet", precision], tmp_path)
    assert one.returncode == 0, one.stderr
    two = _run([sys.executable, "-m", "torch.distributed.run", "--standalone", "--nnodes", "1",
                "--nproc-per-node", "2", "-m", "wlnet", "train.wl", "two.wlnet", precision],
               tmp_path)
    assert two.returncode == 0, two.stderr
    # one copy of the output and of the file (rank 0's), and no temporary file left over
    assert two.stdout.count("trained") == 1 and two.stdout.count("Training complete") == 1
    assert sorted(p.name for p in tmp_path.iterdir()) == ["one.wlnet", "train.wl", "two.wlnet"]
    single, parallel = _arrays(tmp_path / "one.wlnet"), _arrays(tmp_path / "two.wlnet")
    assert single.keys() == parallel.keys() and single
    for path in single:
        np.testing.assert_allclose(parallel[path], single[path], rtol=0,
                                   atol=TOLERANCE[precision], err_msg=str(path))


def _stand_in_gpus(monkeypatch, count):
    """A machine with ``count`` GPUs, each stood in for by the CPU."""
    import torch
    import wlnet.net.backends.torch as tb

    class StandIn(tb._OnDevice):
        def __init__(self, dev, idle_gpus=0, joint=None):
            super().__init__(torch.device("cpu"), idle_gpus)
            self.devices = [torch.device("cpu")] * (idle_gpus + 1)

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: count)
    monkeypatch.setattr(tb, "_OnDevice", StandIn)


TRAIN = ('SeedRandom[3]; data = Table[RandomReal[{-1, 1}, 3] -> RandomReal[{-1, 1}, 2], {21}]; '
         'NetTrain[NetInitialize[NetChain[{LinearLayer[4, "Input" -> 3], Tanh, LinearLayer[2]}], '
         'RandomSeeding -> 5], {data}, BatchSize -> 5, MaxTrainingRounds -> 3, RandomSeeding -> 9, '
         'TargetDevice -> {device}, TrainingProgressReporting -> None{extra}]')


def _trained(device, extra="", data="data"):
    from wlnet.core.session import Session
    from wlnet.net.wlform import net_from_expr
    s = Session(echo=False)
    net = net_from_expr(s.evaluate(TRAIN.replace("{device}", device).replace("{extra}", extra)
                                   .replace("{data}", data)))
    return net, list(s.messages)


def test_all_local_gpus_train_what_one_does(monkeypatch):
    """{"GPU", All} in one process on a machine of 2 GPUs: a helper process trains the second
    half of every batch (DDP over gloo here, the stand-in GPUs being the CPU), and the
    result is the one-device result."""
    _stand_in_gpus(monkeypatch, 2)
    both, messages = _trained('{"GPU", All}')
    assert not messages, messages
    one, messages = _trained('"GPU"')
    assert not messages, messages
    for path, a in one.arrays.items():
        np.testing.assert_allclose(both.arrays[path].array, a.array, rtol=0, atol=1e-5,
                                   err_msg=str(path))
    import torch.distributed as dist
    assert not dist.is_initialized()              # the group ended with NetTrain


@pytest.mark.parametrize("data, extra", [
    ("data", ', Method -> {"ADAM", "LearningRateSchedule" -> (1 &)}'),
    ("(Take[data, #BatchSize] &)", ""),
])
def test_all_gpus_with_session_functions_use_one_and_say_so(monkeypatch, data, extra):
    """A learning-rate schedule or a data generator that is a WL function lives in this
    session only: one GPU, and a message saying how to use all of them."""
    _stand_in_gpus(monkeypatch, 3)
    net, messages = _trained('{"GPU", All}', extra, data)
    assert len(messages) == 1 and messages[0].startswith("NetTrain::gpuone"), messages
    assert "torchrun --nproc-per-node 3" in messages[0]


def test_a_named_set_of_gpus_is_the_joint_devices(monkeypatch):
    """{"GPU", {n1, n2, …}} (the TargetDevice page): those GPUs jointly, the first one this
    process's; a number past the machine's GPUs is nogpu."""
    import torch
    import wlnet.net.backends.torch as tb
    from wlnet.core.expr import String
    from wlnet.net.errors import NetSpecError
    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 3)
    on = tb.on_gpu(String("GPU"), (3, 2))
    assert on.device == torch.device("cuda", 2) and on.idle_gpus == 1
    assert on.devices == [torch.device("cuda", 2), torch.device("cuda", 1)]
    with pytest.raises(NetSpecError) as err:
        tb.on_gpu(String("GPU"), (1, 4))
    assert err.value.tag == "nogpu"
