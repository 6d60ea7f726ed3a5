"""Shapley additive explanations ("SHAPValues") of a classifier's or predictor's answers.

A feature position is "removed" by encoding it as missing (what cf[x] does with a
Missing[] value there: the training mean of a number, no level of a nominal value), so an
explanation agrees with the function's own answers on incomplete examples.  The value of a
set S of present positions is v(S) = f(x with the positions outside S missing); a
position's SHAP value is its Shapley value under v, with v(empty set) the training
baseline (a class's training prior, the predictor's training output mean), so the values
of an example add up to f(x) - baseline.

Few positions (2^d coalitions, d <= EXACT_POSITIONS): exact.  More: the mean marginal
contribution over ``samples`` random orders of the positions (each order d + 1
evaluations), as "SHAPValues" -> n asks."""

from __future__ import annotations

import math

import numpy as np

EXACT_POSITIONS = 10
DEFAULT_SAMPLES = 100
_ROW_BUDGET = 4_000_000        # values of coalition rows evaluated at once


def position_columns(features) -> list[slice]:
    """The columns of a feature vector each position of an example encodes to."""
    spans, at = [], 0
    for kind, levels in zip(features.kinds, features.levels):
        size = features._size(kind, levels)
        spans.append(slice(at, at + size))
        at += size
    return spans


def _column_mask(inclusion: np.ndarray, spans: list[slice], length: int) -> np.ndarray:
    """(…, length) 0/1 of which feature-vector columns a (…, positions) inclusion keeps."""
    owner = np.empty(length, dtype=np.int64)
    for j, span in enumerate(spans):
        owner[span] = j
    return inclusion[..., owner].astype(float)


def _exact(value, rows: np.ndarray, spans: list[slice], empty: np.ndarray) -> np.ndarray:
    """(examples, positions, outputs) exact Shapley values over all 2^d coalitions."""
    d = len(spans)
    coalitions = np.arange(2 ** d)
    inclusion = ((coalitions[:, None] >> np.arange(d)) & 1).astype(bool)      # (M, d)
    masked = rows[:, None, :] * _column_mask(inclusion, spans, rows.shape[1])  # (E, M, L)
    v = value(masked.reshape(-1, rows.shape[1])).reshape(len(rows), 2 ** d, -1)
    v[:, 0, :] = empty
    sizes = inclusion.sum(axis=1)
    # the Shapley weight of adding a position to a coalition of s others: s!(d-s-1)!/d!
    weight = np.array([math.factorial(s) * math.factorial(d - s - 1) / math.factorial(d)
                       if s < d else 0.0 for s in range(d + 1)])
    out = np.empty((len(rows), d, v.shape[2]))
    for j in range(d):
        without = coalitions[~inclusion[:, j]]
        gain = v[:, without | (1 << j), :] - v[:, without, :]
        out[:, j, :] = np.einsum("m,emc->ec", weight[sizes[without]], gain)
    return out


def _sampled(value, rows: np.ndarray, spans: list[slice], empty: np.ndarray, samples: int,
             rng: np.random.Generator) -> np.ndarray:
    """(examples, positions, outputs) Shapley values estimated over random orders."""
    d = len(spans)
    order = rng.permuted(np.tile(np.arange(d), (samples, 1)), axis=1)        # (n, d)
    rank = np.argsort(order, axis=1)                 # where each position comes in its order
    # step k of an order: the positions ranked before k are present
    inclusion = rank[:, None, :] < np.arange(d + 1)[None, :, None]           # (n, d+1, d)
    mask = _column_mask(inclusion, spans, rows.shape[1])                     # (n, d+1, L)
    masked = rows[:, None, None, :] * mask[None]
    v = value(masked.reshape(-1, rows.shape[1])).reshape(len(rows), samples, d + 1, -1)
    v[:, :, 0, :] = empty
    after = np.take_along_axis(v, (rank + 1)[None, :, :, None], axis=2)
    before = np.take_along_axis(v, rank[None, :, :, None], axis=2)
    return (after - before).mean(axis=1)


def shapley_values(value, rows: np.ndarray, spans: list[slice], empty: np.ndarray,
                   samples: int | None, rng: np.random.Generator) -> np.ndarray:
    """(examples, positions, outputs) SHAP values of the encoded examples ``rows`` under
    ``value`` ((N, length) feature vectors -> (N, outputs)), with v(empty) = ``empty``.
    ``samples``: orders to sample when there are too many positions for the exact sums
    (None: DEFAULT_SAMPLES)."""
    d, length = len(spans), rows.shape[1]
    exact = d <= EXACT_POSITIONS
    per_example = (2 ** d if exact else (samples or DEFAULT_SAMPLES) * (d + 1)) * length
    step = max(1, _ROW_BUDGET // max(per_example, 1))
    parts = []
    for start in range(0, len(rows), step):           # blocks of examples bound the memory
        block = rows[start:start + step]
        parts.append(_exact(value, block, spans, empty) if exact else
                     _sampled(value, block, spans, empty, samples or DEFAULT_SAMPLES, rng))
    return np.concatenate(parts, axis=0)


def log_odds(p: np.ndarray) -> np.ndarray:
    """Log odds of probabilities, kept finite for certain answers."""
    q = np.clip(p, 1e-12, 1 - 1e-12)
    return np.log(q) - np.log1p(-q)
