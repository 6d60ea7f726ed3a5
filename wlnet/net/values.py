"""The values that flow between layers when a net runs, whatever the backend.

A ``Batch`` is one port's data for a batch: ``data`` with the batch axis first and
``lengths`` (B,) when axis 1 is a padded varying-length sequence (None otherwise).  Layer
arrays and constants are plain arrays without a batch axis.  ``RunContext`` is what every
layer computation may ask about the run.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

__all__ = ["Batch", "RunContext", "VersionedArrays", "full_lengths", "zeros_or"]


class Batch(NamedTuple):
    """A port's data for a batch: ``data`` with the batch axis first; ``lengths`` (B,) when
    axis 1 is a padded varying-length sequence, else None."""
    data: object
    lengths: object


class RunContext(NamedTuple):
    train: bool
    rng: np.random.Generator | None
    keep: bool
    dtype: np.dtype
    # A token that is the same object exactly as long as the arrays' values are unchanged
    # (NetTrain's VersionedArrays.version), or None: ops may then reuse what they derived from
    # the arrays (the GRU's packed weights) instead of deriving it again on every call.
    arrays_version: object = None
    # examples in the batch: what a layer without inputs (NetArrayLayer, RandomArrayLayer)
    # makes its output's batch axis from
    batch_size: int = 1
    # sizes the net leaves free (SizeVar -> int), read from the input batches: what a
    # layer whose parameters name such a size (ReplicateLayer[{Automatic}] tied to the
    # input's length) takes it from
    sizes: dict | None = None


def full_lengths(data: np.ndarray) -> np.ndarray:
    """Every example of a sequence batch at its full (padded) length."""
    return np.full(data.shape[0], data.shape[1], np.int64)


def zeros_or(d, shape, dtype):
    """An incoming gradient, or zeros where none came (None means zero)."""
    return np.zeros(shape, dtype) if d is None else np.asarray(d, dtype)


class VersionedArrays(dict):
    """path -> array, plus ``version``: a token that stays the same object exactly as long
    as the arrays' values do.  The executor hands it to the ops (RunContext.arrays_version),
    so what they derive from the arrays (the GRU's nine arrays stacked for the kernels) is
    derived once per version (once per optimizer step in NetTrain; once per net when a
    net is evaluated), not on every forward call."""

    def __init__(self, items=(), fixed_entries: bool = False):
        super().__init__(items)
        self.version = object()
        # the entries are never replaced, only their values changed in place (NetTrain's
        # views of its flat buffer): the executor may keep its per-step lookups across
        # versions
        self.fixed_entries = fixed_entries
