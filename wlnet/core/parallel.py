"""This process's place in a multi-process run.

``torchrun --nnodes N --nproc-per-node M -m wlnet script.wl`` starts N×M processes that each
run the whole script; torchrun tells each its place through the environment (RANK,
WORLD_SIZE, LOCAL_RANK).  NetTrain then trains data-parallel
(``wlnet.net.backends.torch.distributed``), and only the leader (rank 0) prints, reports
and writes files, so a script's output and files are those of one run.  Outside torchrun
the process is the leader of a world of one.
"""

from __future__ import annotations

import os

__all__ = ["rank", "world_size", "local_rank", "is_leader"]


def _env_int(name: str, default: int) -> int:
    try:
        return int(os.environ.get(name, default))
    except ValueError:
        return default


def rank() -> int:
    return _env_int("RANK", 0)


def world_size() -> int:
    return max(_env_int("WORLD_SIZE", 1), 1)


def local_rank() -> int:
    """This process's index among those on its machine (its GPU, when it has one)."""
    return _env_int("LOCAL_RANK", 0)


def is_leader() -> bool:
    return rank() == 0
