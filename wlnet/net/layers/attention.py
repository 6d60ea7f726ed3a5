"""AttentionLayer[], AttentionLayer[net, opts]: for each query vector, the weighted sum of
the value vectors, the weights a softmax over the keys of the scores s = f(k, q).

Ports "Key" (d1×…×dn×k), "Value" (d1×…×dn×v), "Query" (q1×…×qm×q, m may be 0: one query
vector), "Output" (q1×…×qm×v).  With "MultiHead" -> True the last-but-one axis of each port
counts heads (Key d…×h×k, Value d…×h×v, Query q…×h×q, Output q…×h×v), each head attending
on its own with the same scoring.

The scoring net f is "Bilinear" (the default, s = k.W.q with a learnt k×q matrix "Weights")
or "Dot" (s = k.q, k = q).  Options: "ScoreRescaling" (None, or "DimensionSqrt": scores
divided by Sqrt[k]), "Mask" (None; "Causal": query i attends keys 1..i; "Causal" -> n or
{"Causal", n}: keys i-n+1..i; keys and queries are then sequences of the same length) and
"Dropout" (a probability: dropout on the attention weights in training).

Keys (and values) of a varying length attend only over each example's own keys; queries of a
varying length give outputs of that length (padding zero).

The attention weights are not a port of the layer (a NetGraph's ports and a chain's output do
not see them) but an output that evaluation gives when asked for by name,
``layer[data, NetPort["AttentionWeights"]]`` or ``net[data, NetPort[{…, "AttentionWeights"}]]``
(``hidden_outputs``): the softmax weights, before dropout, of dimensions q1×…×qm×d1×…×dn
(one row over the keys per query), with a last axis of heads when "MultiHead" -> True
(q…×d…×h: the heads stay last, as the ports' vector axis does).  Keys that are masked
(causal mask, beyond an example's own length) have weight 0; each example's weights are
cut to its own queries and keys.  The computation is a custom op
in numpy: scores, masked softmax and weighted sum as a few batched products, forward and
backward; the torch lowering does the same arithmetic on tensors.
"""

from __future__ import annotations

from math import prod, sqrt

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.layers.gated_recurrent import check_probability
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, LayerSpec, Param, dims_text, is_symbol, real_value
from wlnet.net.types import RealT, SizeList, TensorT, fresh_length
from wlnet.net.values import Batch, zeros_or

SYMBOL = "AttentionLayer"
SCORINGS = ("Bilinear", "Dot")
# "$InputPorts": "KeyValueQuery" (the ports "Key", "Value", "Query"), or "InputQuery" (one
# "Input" giving keys and values, and "Query": SequenceAttentionLayer's ports)
INPUT_QUERY = "InputQuery"


# ---------------------------------------------------------------------------- parameters

def read_scoring(e):
    if type(e) is String and e.value in SCORINGS:
        return e.value
    raise NetSpecError("invscore", e, symbol=SYMBOL)


def read_mask(e):
    """None | "Causal" | ("Causal", window)."""
    if is_symbol(e, "None"):
        return None
    if type(e) is String and e.value == "Causal":
        return ("Causal", None)
    pair = None
    if type(e) is Expr and e.head is S.Rule:
        pair = e.args
    elif type(e) is Expr and e.head is S.List and len(e.args) == 2:
        pair = e.args
    if (pair is not None and type(pair[0]) is String and pair[0].value == "Causal"
            and type(pair[1]) is Integer and pair[1].value > 0):
        return ("Causal", pair[1].value)
    raise NetSpecError("invmask", e, symbol=SYMBOL)


def show_mask(m):
    if m is None:
        return Symbol("None")
    if m[1] is None:
        return String("Causal")
    return Expr(S.Rule, String("Causal"), Integer(m[1]))


def read_rescaling(e):
    if is_symbol(e, "None"):
        return None
    if type(e) is String and e.value == "DimensionSqrt":
        return "DimensionSqrt"
    raise NetSpecError("invrescale", e, symbol=SYMBOL)


def read_dropout(e):
    if is_symbol(e, "None") or (real_value(e) is not None and real_value(e) == 0):
        return 0.0
    if real_value(e) is None:
        raise NetSpecError("invdrppval", e, symbol=SYMBOL)
    return check_probability(e, SYMBOL)


def read_bool(e, name):
    if is_symbol(e, "True") or is_symbol(e, "False"):
        return e.name == "True"
    raise NetSpecError("netarg", e, name, "it should be True or False", symbol=SYMBOL)


# ---------------------------------------------------------------------------- port types
#
# Each port is some leading dimensions (whose number may not be known yet) followed by one
# or two vector axes (heads, size).  While the leading rank is unknown the port has a loose
# type (any rank, real), tied to the real one by ``post`` once either is learnt (as
# ``_class_axis`` does for one trailing axis).

def _trailing(p, size):
    return (p["$Heads"], size) if p["MultiHead"] else (size,)


def _port_type(dims: SizeList, trailing: tuple, rank) -> TensorT:
    if dims.tail is None:
        return TensorT(dims.dims + trailing, RealT)
    return TensorT((), RealT, rank)


def _tie(u, dims: SizeList, trailing: tuple, rank) -> None:
    known = u.resolve(dims)
    loose = u.resolve(TensorT((), RealT, rank))
    if known.tail is not None and loose.tail is None:
        if len(loose.dims) < len(trailing):
            raise NetSpecError("attrank", len(trailing), len(loose.dims), symbol=SYMBOL)
        cut = len(loose.dims) - len(trailing)
        u.unify_shape(known, SizeList(loose.dims[:cut]))
        for want, got in zip(trailing, loose.dims[cut:]):
            u.unify_dim(want, got)
    elif known.tail is None and dims.tail is not None:
        u.unify(TensorT(known.dims + trailing, RealT), TensorT((), RealT, rank))


# ---------------------------------------------------------------------------- arithmetic

class _Shapes:
    """A batch's ports as (B, N, H, size) keys/values and (B, M, H, size) queries."""

    def __init__(self, p, key: Batch, query: Batch):
        heads = 1 if not p["MultiHead"] else key.data.shape[-2]
        trail = 2 if p["MultiHead"] else 1
        self.batch = key.data.shape[0]
        self.key_dims = key.data.shape[1:-trail]
        self.query_dims = query.data.shape[1:-trail]
        self.heads = heads
        self.n = prod(self.key_dims)
        self.m = prod(self.query_dims)
        self.query_shape = query.data.shape
        self.value_shape = None

    def valid(self, p, key: Batch, query: Batch) -> np.ndarray:
        """(B, 1, M, N) bool: which key each query may attend to."""
        b, n, m = self.batch, self.n, self.m
        ok = np.ones((b, m, n), bool)
        if key.lengths is not None:                       # keys beyond each example's length
            inner = self.n // self.key_dims[0]
            steps = np.arange(n) // inner
            ok &= (steps[None, :] < np.asarray(key.lengths)[:, None])[:, None, :]
        mask = p["Mask"]
        if mask is not None:
            i = np.arange(m)[:, None]
            j = np.arange(n)[None, :]
            allowed = j <= i
            if mask[1] is not None:
                allowed &= j > i - mask[1]
            ok &= allowed[None]
        return ok[:, None]

    def query_rows(self, query: Batch) -> np.ndarray | None:
        """(B, M) bool: the queries within each example's length (None: all)."""
        if query.lengths is None or not self.query_dims:
            return None
        inner = self.m // self.query_dims[0]
        steps = np.arange(self.m) // inner
        return steps[None, :] < np.asarray(query.lengths)[:, None]


def _check_keys_and_values(key: Batch, value: Batch) -> None:
    """One value per key: the same leading dimensions, example by example (varying lengths
    are only known from the data)."""
    same = key.data.shape[:-1] == value.data.shape[:-1] and (
        (key.lengths is None) == (value.lengths is None)
        and (key.lengths is None or np.array_equal(np.asarray(key.lengths), np.asarray(value.lengths))))
    if not same:
        raise NetSpecError("attkv", dims_text(key.data.shape[1:-1]),
                           dims_text(value.data.shape[1:-1]), symbol=SYMBOL)


def _scale(p, key_size) -> float:
    return 1.0 / sqrt(key_size) if p["ScoreRescaling"] == "DimensionSqrt" else 1.0


def attend(p, S_, sh: _Shapes, key: Batch, query: Batch, V, ctx):
    """The attention given the scores S_ (B, H, M, N, rescaled): the softmax over each
    query's keys that it may attend to, dropout in training, the weighted sum of the
    values V (B, N, H, v) → (output (B, M, H, v), what ``attend_backward`` needs)."""
    valid = sh.valid(p, key, query)
    S_ = np.where(valid, S_, -np.inf)
    top = S_.max(axis=-1, keepdims=True)
    top = np.where(np.isfinite(top), top, 0)
    e = np.where(valid, np.exp(S_ - top), 0)
    total = e.sum(axis=-1, keepdims=True)
    A = e / np.where(total > 0, total, 1)
    drop = None
    if ctx.train and p["Dropout"] > 0:
        keep = ctx.rng.random(A.shape) >= p["Dropout"]
        drop = keep.astype(ctx.dtype) / (1 - p["Dropout"])
    Ad = A if drop is None else A * drop
    O = np.einsum("bhmn,bnhv->bmhv", Ad, V)
    rows = sh.query_rows(query)
    if rows is not None:
        O = O * rows[:, :, None, None]
    return O, (A, drop, rows, V)


def attend_backward(saved, dO):
    """Gradients of ``attend``'s scores (B, H, M, N) and values from the output's dO
    (B, M, H, v)."""
    A, drop, rows, V = saved
    if rows is not None:
        dO = dO * rows[:, :, None, None]
    Ad = A if drop is None else A * drop
    dV = np.einsum("bhmn,bmhv->bnhv", Ad, dO)
    dA = np.einsum("bmhv,bnhv->bhmn", dO, V)
    if drop is not None:
        dA = dA * drop
    return A * (dA - (dA * A).sum(axis=-1, keepdims=True)), dV


WEIGHTS = "AttentionWeights"


def weights_lengths(sh: _Shapes, key_lengths, query_lengths):
    """The lengths that cut each example's weights (q…×d…[×h]) to its own queries and keys:
    the query lengths (B,) when only the queries vary, else (B, axes) per leading axis
    (``Batch``'s lengths of several axes), None when nothing varies."""
    if key_lengths is None:
        return query_lengths if sh.query_dims else None
    b = sh.batch
    axes = [np.full(b, d, np.int64) for d in sh.query_dims + sh.key_dims[:1]]
    if query_lengths is not None and sh.query_dims:
        axes[0] = np.asarray(query_lengths, np.int64)
    axes[-1] = np.asarray(key_lengths, np.int64)
    return np.stack(axes, axis=1)


def weights_output(p, sh: _Shapes, A, key_lengths, query_lengths) -> Batch:
    """The "AttentionWeights" output (B, q…, d…[, h]) of the softmax weights A (B, H, M, N),
    a numpy array or a torch tensor."""
    heads = (sh.heads,) if p["MultiHead"] else ()
    moved = A.permute(0, 2, 3, 1) if hasattr(A, "permute") else A.transpose(0, 2, 3, 1)
    data = moved.reshape((sh.batch,) + tuple(sh.query_dims) + tuple(sh.key_dims) + heads)
    return Batch(data, weights_lengths(sh, key_lengths, query_lengths))


def key_value_ports(p, inputs: dict) -> dict:
    """The inputs with "Key" and "Value" (the one "Input" of the "InputQuery" form, the
    ports of SequenceAttentionLayer, gives both)."""
    if p["$InputPorts"] == INPUT_QUERY:
        return {**inputs, "Key": inputs["Input"], "Value": inputs["Input"]}
    return inputs


def input_gradients(p, grads: dict) -> dict:
    """``key_value_ports`` backwards: the "Input" of the "InputQuery" form gets the key's
    and the value's gradients."""
    if p["$InputPorts"] != INPUT_QUERY:
        return grads
    rest = {k: v for k, v in grads.items() if k not in ("Key", "Value")}
    parts = [grads[k] for k in ("Key", "Value") if grads.get(k) is not None]
    if parts:
        rest["Input"] = parts[0] if len(parts) == 1 else parts[0] + parts[1]
    return rest


class AttentionOp(CustomOp):
    def forward(self, inputs, arrays, states, ctx):
        p = self.params
        inputs = key_value_ports(p, inputs)
        key, value, query = inputs["Key"], inputs["Value"], inputs["Query"]
        _check_keys_and_values(key, value)
        sh = _Shapes(p, key, query)
        b, n, m, h = sh.batch, sh.n, sh.m, sh.heads
        K = np.asarray(key.data, ctx.dtype).reshape(b, n, h, -1)
        V = np.asarray(value.data, ctx.dtype).reshape(b, n, h, -1)
        Q = np.asarray(query.data, ctx.dtype).reshape(b, m, h, -1)
        W = np.asarray(arrays["Weights"], ctx.dtype) if p["ScoringNet"] == "Bilinear" else None
        QW = Q if W is None else np.einsum("bmhq,kq->bmhk", Q, W)
        c = _scale(p, K.shape[-1])
        O, saved = attend(p, np.einsum("bnhk,bmhk->bhmn", K, QW) * c, sh, key, query, V, ctx)
        out = O.reshape(sh.query_shape[:-1] + (V.shape[-1],))
        outputs = {"Output": Batch(out.astype(ctx.dtype), query.lengths)}
        cache = None
        if ctx.keep:        # (evaluation asks for interior outputs with keep)
            cache = (sh, K, Q, W, QW, c, saved, key.data.shape, value.data.shape)
            outputs[WEIGHTS] = weights_output(p, sh, saved[0], key.lengths,
                                              query.lengths)
        return outputs, {}, cache

    def backward(self, cache, d_outputs, d_states):
        sh, K, Q, W, QW, c, saved, kshape, vshape = cache
        b, m, h, v = Q.shape[0], Q.shape[1], Q.shape[2], saved[3].shape[-1]
        dO = zeros_or(d_outputs.get("Output"), (b, m, h, v), self.dtype).reshape(b, m, h, v)
        dS, dV = attend_backward(saved, dO)
        dS = dS * c
        dK = np.einsum("bhmn,bmhk->bnhk", dS, QW)
        dQW = np.einsum("bhmn,bnhk->bmhk", dS, K)
        grads = {}
        if W is None:
            dQ = dQW
        else:
            dQ = np.einsum("bmhk,kq->bmhq", dQW, W)
            grads["Weights"] = np.einsum("bmhk,bmhq->kq", dQW, Q)
        return (input_gradients(self.params, {"Key": dK.reshape(kshape), "Value": dV.reshape(vshape),
                                              "Query": dQ.reshape(sh.query_shape)}), grads, {})


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """The same arithmetic on torch tensors (masks built as in the numpy op)."""
    inputs = key_value_ports(p, inputs)
    key, value, query = inputs["Key"], inputs["Value"], inputs["Query"]
    _check_keys_and_values(*(Batch(b.data.detach().cpu().numpy(), None if b.lengths is None
                                   else b.lengths.cpu().numpy()) for b in (key, value)))
    np_key = Batch(key.data.detach().cpu().numpy(), None if key.lengths is None
                   else key.lengths.cpu().numpy())
    np_query = Batch(query.data.detach().cpu().numpy(), None if query.lengths is None
                     else query.lengths.cpu().numpy())
    sh = _Shapes(p, np_key, np_query)
    b, n, m, h = sh.batch, sh.n, sh.m, sh.heads
    K = key.data.reshape(b, n, h, -1)
    V = value.data.reshape(b, n, h, -1)
    Q = query.data.reshape(b, m, h, -1)
    QW = t.einsum("bmhq,kq->bmhk", Q, arrays["Weights"]) if p["ScoringNet"] == "Bilinear" else Q
    scores = t.einsum("bnhk,bmhk->bhmn", K, QW) * _scale(p, K.shape[-1])
    valid = t.as_tensor(sh.valid(p, np_key, np_query), device=scores.device)
    scores = scores.masked_fill(~valid, float("-inf"))
    A = t.nan_to_num(t.softmax(scores, dim=-1), nan=0.0)
    weights = weights_output(p, sh, A, np_key.lengths, np_query.lengths) if ctx.keep else None
    if ctx.train and p["Dropout"] > 0:
        A = t.nn.functional.dropout(A, p["Dropout"], True)
    O = t.einsum("bhmn,bnhv->bmhv", A, V)
    rows = sh.query_rows(np_query)
    if rows is not None:
        O = O * t.as_tensor(rows, device=O.device, dtype=O.dtype)[:, :, None, None]
    out = O.reshape(tuple(sh.query_shape[:-1]) + (V.shape[-1],))
    outputs = {"Output": Batch(out, query.lengths)}
    if weights is not None:
        outputs[WEIGHTS] = weights
    return outputs, {}


# ---------------------------------------------------------------------------- the layer

def _weights_shape(p):
    return (p["KeySize"], p["QuerySize"]) if p["ScoringNet"] == "Bilinear" else None


@register
class Attention(LayerSpec):
    type_name = "Attention"
    symbol = SYMBOL
    usage = ("AttentionLayer[] represents a trainable net layer that learns to pay attention "
             "to certain portions of its input.")
    params = (Param("ScoringNet", "custom", lambda: "Bilinear", read=read_scoring, show=String),
              Param("ScoreRescaling", "custom", lambda: None, read=read_rescaling,
                    show=lambda v: Symbol("None") if v is None else String(v)),
              Param("Mask", "custom", lambda: None, read=read_mask, show=show_mask),
              Param("Dropout", "real", lambda: 0.0),
              Param("MultiHead", "bool", lambda: False),
              Param("KeySize", "size"), Param("ValueSize", "size"), Param("QuerySize", "size"),
              Param("$Heads", "size"),
              Param("$InputPorts", "string", lambda: "KeyValueQuery"),
              Param("$KeyDimensions", "sizelist"), Param("$QueryDimensions", "sizelist"),
              Param("$KeyRank", "rank"), Param("$ValueRank", "rank"),
              Param("$QueryRank", "rank"), Param("$OutputRank", "rank"))
    # "Weights" exists only for the bilinear scoring (a shape of None: no such array)
    arrays = (ArraySpec("Weights", _weights_shape),)
    min_args, max_args = 0, 1
    options = {"Dropout": Integer(0), "Mask": Symbol("None"), "MultiHead": Symbol("False"),
               "ScoreRescaling": Symbol("None"), "$InputPorts": String("KeyValueQuery")}
    messages = {
        "invscore": "The scoring net `1` is not \"Bilinear\", \"Dot\" or a net.",
        "invmask": "The \"Mask\" setting `1` should be None, \"Causal\" or \"Causal\" -> n "
                   "with n a positive integer.",
        "invrescale": "The \"ScoreRescaling\" setting `1` should be None or \"DimensionSqrt\".",
        "invdrppval": "The dropout probability `1` should be a number between 0 and 1.",
        "attrank": "With `1` vector axis (heads, size), a port needs at least that many "
                   "dimensions; it was given `2`.",
        "attkv": "The keys (dimensions `1`) and the values (dimensions `2`) should have the "
                 "same dimensions apart from their vector size.",
        "attcausal": "A causal mask needs keys and queries that are sequences of the same "
                     "length; the keys have dimensions `1` and the queries `2`.",
        "attdot": "The \"Dot\" scoring needs keys and queries of the same size; the keys have "
                  "size `1` and the queries `2`.",
        "attnetports": "The scoring net should have the input ports \"Input\" (a key) and "
                       "\"Query\" (a query) and one output port; it has the inputs `1` and the "
                       "outputs `2`.",
        "attnetport": "The port \"`1`\" of the scoring net takes `2`, but it is given `3`.",
        "attnetout": "The output of the scoring net should be a number (the score of a key for "
                     "a query); it is `1`.",
    }
    op = AttentionOp
    hidden_outputs = (WEIGHTS,)
    first_argument_net = True            # AttentionLayer[net, …]: containers/scoring.py
    torch_lowering = staticmethod(torch_lowering)
    sample = ('AttentionLayer["Key" -> {"Varying", 3}, "Value" -> {"Varying", 2}, '
              '"Query" -> {"Varying", 4}, "ScoreRescaling" -> "DimensionSqrt"]')
    examples = (
        # one query: weights Softmax[{1, 0}] over the two values
        ('AttentionLayer["Dot"][<|"Key" -> {{1, 0}, {0, 1}}, "Value" -> {{1}, {3}}, '
         '"Query" -> {1, 0}|>]', "{1.53788}"),
        ('AttentionLayer["Dot", "Mask" -> "Causal"][<|"Key" -> {{1, 0}, {0, 1}}, '
         '"Value" -> {{1}, {3}}, "Query" -> {{1, 0}, {1, 0}}|>]', "{{1.}, {1.53788}}"),
        ('Dimensions@NetInitialize[AttentionLayer["MultiHead" -> True, "Key" -> {5, 2, 3}, '
         '"Value" -> {5, 2, 4}, "Query" -> {2, 3}]][<|"Key" -> RandomReal[1, {5, 2, 3}], '
         '"Value" -> RandomReal[1, {5, 2, 4}], "Query" -> RandomReal[1, {2, 3}]|>]', "{2, 4}"),
    )

    def parse_args(self, args, p):
        if args:
            p["ScoringNet"] = read_scoring(args[0])

    def parse_option(self, name, value, p):
        if name == "Mask":
            p["Mask"] = read_mask(value)
        elif name == "ScoreRescaling":
            p["ScoreRescaling"] = read_rescaling(value)
        elif name == "Dropout":
            p["Dropout"] = read_dropout(value)
        elif name == "MultiHead":
            p["MultiHead"] = read_bool(value, "MultiHead")
        elif name == "$InputPorts":
            if not (type(value) is String and value.value in (INPUT_QUERY, "KeyValueQuery")):
                raise NetSpecError("netarg", value, "setting of \"$InputPorts\"",
                                   'it should be "KeyValueQuery" or "InputQuery"', symbol=SYMBOL)
            p["$InputPorts"] = value.value
        else:
            super().parse_option(name, value, p)

    def inputs(self, p):
        if p["$InputPorts"] == INPUT_QUERY:            # keys and values are one input
            return {"Input": _port_type(p["$KeyDimensions"], _trailing(p, p["KeySize"]),
                                        p["$KeyRank"]),
                    "Query": _port_type(p["$QueryDimensions"], _trailing(p, p["QuerySize"]),
                                        p["$QueryRank"])}
        return {"Key": _port_type(p["$KeyDimensions"], _trailing(p, p["KeySize"]), p["$KeyRank"]),
                "Value": _port_type(p["$KeyDimensions"], _trailing(p, p["ValueSize"]),
                                    p["$ValueRank"]),
                "Query": _port_type(p["$QueryDimensions"], _trailing(p, p["QuerySize"]),
                                    p["$QueryRank"])}

    def outputs(self, p):
        return {"Output": _port_type(p["$QueryDimensions"], _trailing(p, p["ValueSize"]),
                                     p["$OutputRank"])}

    def post(self, p, u):
        from wlnet.net.shape import NetTypeError
        _tie(u, p["$KeyDimensions"], _trailing(p, p["KeySize"]), p["$KeyRank"])
        _tie(u, p["$KeyDimensions"], _trailing(p, p["ValueSize"]), p["$ValueRank"])
        _tie(u, p["$QueryDimensions"], _trailing(p, p["QuerySize"]), p["$QueryRank"])
        _tie(u, p["$QueryDimensions"], _trailing(p, p["ValueSize"]), p["$OutputRank"])
        if p["$InputPorts"] == INPUT_QUERY:
            u.unify_dim(p["ValueSize"], p["KeySize"])
        if p["ScoringNet"] == "Dot":
            try:
                u.unify_dim(p["KeySize"], p["QuerySize"])
            except NetTypeError:
                raise NetSpecError("attdot", u.dim(p["KeySize"]), u.dim(p["QuerySize"]),
                                   symbol=SYMBOL)
        if p["Mask"] is not None:
            keys, queries = u.resolve(p["$KeyDimensions"]), u.resolve(p["$QueryDimensions"])
            if keys.tail is None and queries.tail is None:
                if len(keys.dims) != 1 or len(queries.dims) != 1:
                    raise NetSpecError("attcausal", dims_text(keys.dims), dims_text(queries.dims),
                                       symbol=SYMBOL)
                try:
                    u.unify_dim(keys.dims[0], queries.dims[0])
                except NetTypeError:
                    raise NetSpecError("attcausal", dims_text(keys.dims), dims_text(queries.dims),
                                       symbol=SYMBOL)

    def defaults(self, p, u):
        # keys are a sequence unless something says otherwise; a causal mask makes the
        # queries one too
        keys = u.resolve(p["$KeyDimensions"])
        if keys.tail is not None and not keys.dims:
            u.unify_shape(keys, SizeList((fresh_length(),)))
        if p["Mask"] is not None:
            queries = u.resolve(p["$QueryDimensions"])
            if queries.tail is not None and not queries.dims:
                u.unify_shape(queries, u.resolve(p["$KeyDimensions"]))
