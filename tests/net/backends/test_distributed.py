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


@pytest.mark.parametrize("device, message", [('{"GPU", All}', True), ('"GPU"', False),
                                             ('{"GPU", 2}', False)])
def test_all_gpus_in_one_process_says_how_to_use_them(monkeypatch, device, message):
    """On a machine with 3 GPUs (stood in for by the CPU), {"GPU", All} outside torchrun
    trains on one and says how to train on all three."""
    import torch
    import wlnet.net.backends.torch as tb
    from wlnet.core.session import Session

    class StandIn(tb._OnDevice):
        def __init__(self, dev, idle_gpus=0):
            super().__init__(torch.device("cpu"), idle_gpus)

    monkeypatch.setattr(torch.cuda, "is_available", lambda: True)
    monkeypatch.setattr(torch.cuda, "device_count", lambda: 3)
    monkeypatch.setattr(tb, "_OnDevice", StandIn)
    s = Session(echo=False)
    r = s.evaluate('NetTrain[LinearLayer[1, "Input" -> 2], {{1, 2} -> {3}, {2, 1} -> {0}}, '
                   f'TargetDevice -> {device}, MaxTrainingRounds -> 2, '
                   'TrainingProgressReporting -> None]')
    assert r.head.name == "LinearLayer"
    if message:
        assert len(s.messages) == 1 and s.messages[0].startswith("NetTrain::gpuone")
        assert "torchrun --nproc-per-node 3" in s.messages[0]
    else:
        assert not s.messages
