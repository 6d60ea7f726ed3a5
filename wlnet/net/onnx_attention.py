"""ONNX for AttentionLayer (wlnet.net.onnx's writer for it): the layer's arithmetic written
with ONNX's own operators, so that every size but the vectors' stays symbolic (the traced
torch form would fix the lengths it was traced with).

With keys K (B, N, H, k), values V (B, N, H, v) and queries Q (B, M, H, q) (the leading
levels of each port flattened to N or M, H heads, 1 without "MultiHead"):

    scores  S = (Q.W^T) . K^T  (B, H, M, N)   ("Dot": Q . K^T), times 1/Sqrt[k] with
                                              "ScoreRescaling" -> "DimensionSqrt"
    mask    "Causal": query i sees keys j <= i (and j > i - n with a window n), built from
            the symbolic length with Range, S set to -Infinity elsewhere
    output  Softmax[S] . V  (B, H, M, v), back to the query's leading levels × (H,) v

One call of an ONNX model runs a batch of one length, so keys of a varying length need no
mask of their own; "Dropout" is the evaluation's identity.
"""

from __future__ import annotations

from math import sqrt

import numpy as np

__all__ = ["write_attention", "ATTENTION_TYPES"]

ATTENTION_TYPES = frozenset({"Attention"})

_HEADS_FIRST = [0, 2, 1, 3]          # (B, N, H, k) <-> (B, H, N, k)


def _int64(*values):
    return np.array(values, np.int64)


def _as_heads(w, x, heads: int, size: int, hint: str) -> str:
    """(B, leading…, [H,] size) -> (B, H, N, size)."""
    flat = w.op("Reshape", [x, w.const(hint + "/shape", _int64(0, -1, heads, size))], hint)
    return w.op("Transpose", [flat], hint + "/heads first", perm=_HEADS_FIRST)


def _causal_mask(w, keys, window, hint) -> str:
    """(N, N) bool: query i may attend key j (j <= i, and j > i - window)."""
    n = w.op("Gather", [w.op("Shape", [keys], hint + "/shape"), w.const(hint + "/at", _int64(2))],
             hint + "/length", axis=0)
    steps = w.op("Range", [w.const(hint + "/zero", _int64(0)),
                           w.op("Squeeze", [n], hint + "/scalar"),
                           w.const(hint + "/one", _int64(1))], hint + "/steps")
    rows = w.op("Unsqueeze", [steps, w.const(hint + "/axis1", _int64(1))], hint + "/query")
    cols = w.op("Unsqueeze", [steps, w.const(hint + "/axis0", _int64(0))], hint + "/key")
    allowed = w.op("LessOrEqual", [cols, rows], hint + "/past")
    if window is not None:
        start = w.op("Sub", [rows, w.const(hint + "/window", _int64(window))], hint + "/start")
        allowed = w.op("And", [allowed, w.op("Greater", [cols, start], hint + "/recent")],
                       hint + "/window mask")
    return allowed


def write_attention(w, layer, inputs, arrays, hint):
    p = layer.params
    ports = dict(zip(layer.inputs(), inputs))
    if p["$InputPorts"] == "InputQuery":              # one input gives keys and values
        ports["Key"] = ports["Value"] = ports["Input"]
    heads = p["$Heads"] if p["MultiHead"] else 1
    key = _as_heads(w, ports["Key"], heads, p["KeySize"], hint + "/key")
    value = _as_heads(w, ports["Value"], heads, p["ValueSize"], hint + "/value")
    query = _as_heads(w, ports["Query"], heads, p["QuerySize"], hint + "/query")
    if p["ScoringNet"] == "Bilinear":                 # Q.W^T: (B, H, M, k)
        weights = w.const(hint + "/Weights", np.ascontiguousarray(arrays["Weights"].T))
        query = w.op("MatMul", [query, weights], hint + "/bilinear")
    keys_t = w.op("Transpose", [key], hint + "/keys", perm=[0, 1, 3, 2])
    scores = w.op("MatMul", [query, keys_t], hint + "/scores")
    if p["ScoreRescaling"] == "DimensionSqrt":
        scale = w.const(hint + "/scale", np.float32(1 / sqrt(p["KeySize"])))
        scores = w.op("Mul", [scores, scale], hint + "/rescaled")
    if p["Mask"] is not None:
        allowed = _causal_mask(w, key, p["Mask"][1], hint + "/mask")
        never = w.const(hint + "/-inf", np.float32(-np.inf))
        scores = w.op("Where", [allowed, scores, never], hint + "/masked")
    weights_ = w.op("Softmax", [scores], hint + "/softmax", axis=-1)
    out = w.op("MatMul", [weights_, value], hint + "/sum")            # (B, H, M, v)
    out = w.op("Transpose", [out], hint + "/queries first", perm=_HEADS_FIRST)
    query_shape = w.op("Shape", [ports["Query"]], hint + "/query shape")
    lead = w.op("Slice", [query_shape, w.const(hint + "/from", _int64(0)),
                          w.const(hint + "/to", _int64(-1))], hint + "/leading")
    shape = w.op("Concat", [lead, w.const(hint + "/size", _int64(p["ValueSize"]))],
                 hint + "/output shape", axis=0)
    return w.op("Reshape", [out, shape], hint)
