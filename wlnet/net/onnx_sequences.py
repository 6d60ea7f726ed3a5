"""ONNX for sequences: recurrent layers, sequence layers, integer codes (wlnet.net.onnx's
writers and readers for them).

A "Varying" length is a symbolic ONNX dimension; one call of the ONNX model runs a batch
of one length (ONNX has no per-example lengths), and its first axis is the batch.

- **Recurrent layers** are ONNX's own recurrent operators, which run time-major and
  Transpose around them (onnxruntime has no batch-major layout):
  GatedRecurrentLayer is ``GRU`` with ``linear_before_reset = 1`` (WL's reset gate
  multiplies the state's product, ``m = Tanh[Wmx.x + r * (Wms.s) + bm]``) and WL's input
  gate as ONNX's update gate; LongShortTermMemoryLayer is ``LSTM`` (gates i, o, f, c as WL
  has them, no peepholes); BasicRecurrentLayer is ``RNN`` with its activation.  A state fed
  by a graph edge is ``initial_h`` (``initial_c``); a final state read by a graph edge is
  ``Y_h`` (``Y_c``).
- **SequenceLastLayer** gathers the last step; **SequenceMostLayer**, **SequenceRestLayer**
  and **SequenceReverseLayer** are Slices of the time axis.
- **EmbeddingLayer** gathers rows of its weights and **UnitVectorLayer** is ``OneHot``, both
  of WL's 1-based codes (``Sub`` of 1 first); such an input is an int64 tensor.
- **NetMapOperator** and **NetBidirectionalOperator**: their inner nets as written anyway,
  between reshapes (every element of every sequence as one batch), reversals and a join.

Import (wlnet.net.onnx_import) reads these back: the recurrent operators' gates
(``recurrent_layer``; a GRU with a recurrent bias on its candidate, as torch writes them, as
a NetFoldOperator of its cell), the Slices, the OneHot, and a Sub of 1 before a Gather or
OneHot as the 1-based code.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.onnx_base import OnnxError, array_value, rule

__all__ = ["WRITERS", "VIEW_WRITERS", "READERS", "SEQUENCE_TYPES", "STATEFUL_TYPES",
           "prepare_reader", "recurrent_layer"]

_TIME_MAJOR = (1, 0, 2)          # (batch, time, features) <-> (time, batch, features)
_BIG = np.iinfo(np.int64).max

# ONNX's gate order and WL's gate names, per recurrent layer type
_ONNX_GATES = {
    "GatedRecurrent": ("GRU", ("InputGate", "ResetGate", "MemoryGate")),     # z, r, h
    "LongShortTermMemory": ("LSTM", ("InputGate", "OutputGate", "ForgetGate", "MemoryGate")),
    "BasicRecurrent": ("RNN", ("",)),
}
_STATES = {"GatedRecurrent": ("State",), "LongShortTermMemory": ("State", "CellState"),
           "BasicRecurrent": ("State",)}
# BasicRecurrentLayer activations ONNX's RNN takes (WL name -> ONNX name)
_RNN_ACTIVATIONS = {"Tanh": "Tanh", "Ramp": "Relu", "LogisticSigmoid": "Sigmoid"}

STATEFUL_TYPES = frozenset(_ONNX_GATES)
SEQUENCE_TYPES = STATEFUL_TYPES | {"SequenceLast", "SequenceMost", "SequenceRest",
                                   "SequenceReverse", "Embedding", "UnitVector"}


# ---------------------------------------------------------------------------- export

def _stack(arrays, gates, suffix):
    return np.concatenate([arrays[g + suffix] for g in gates], axis=0)[None]


def _write_recurrent(w, layer, inputs, arrays, hint, states=None, final=()):
    """The layer as ONNX's GRU / LSTM / RNN between two Transposes; gives {"Output": Y}
    and the final states named in ``final`` ("State": Y_h, "CellState": Y_c), batch first.
    ``states``: the initial states a graph edge feeds (state -> tensor)."""
    type_name = layer.spec.type_name
    op, gates = _ONNX_GATES[type_name]
    n = layer.params["OutputSize"]
    weights = w.const(hint + "/W", _stack(arrays, gates, "InputWeights"))
    recurrent = w.const(hint + "/R", _stack(arrays, gates, "StateWeights"))
    biases = np.concatenate([_stack(arrays, gates, "Biases"),
                             np.zeros((1, len(gates) * n), np.float32)], axis=1)
    x = w.op("Transpose", [inputs[0]], hint + "/time-major", perm=list(_TIME_MAJOR))
    args = [x, weights, recurrent, w.const(hint + "/B", biases), ""]
    for s in _STATES[type_name]:                    # (batch, n) -> (1, batch, n)
        fed = (states or {}).get(s)
        args.append(w.op("Unsqueeze", [fed, w.const(hint + "/axis0", np.array([0], np.int64))],
                         hint + f"/{s}") if fed else "")
    attrs = {"hidden_size": int(n)}
    if op == "GRU":
        attrs["linear_before_reset"] = 1
    if op == "RNN":
        attrs["activations"] = [_RNN_ACTIVATIONS[layer.params["Activation"].name]]
    while args[-1] == "":
        args.pop()
    wanted = [s for s in _STATES[type_name] if s in final]
    count = 1 + (_STATES[type_name].index(wanted[-1]) + 1 if wanted else 0)
    outs = w.op_multi(op, args, hint, count, **attrs)
    y = w.op("Squeeze", [outs[0], w.const(hint + "/axis1", np.array([1], np.int64))],
             hint + "/one-direction")
    result = {"Output": w.op("Transpose", [y], hint + "/batch-major", perm=list(_TIME_MAJOR))}
    for s, tensor in zip(_STATES[type_name], outs[1:]):
        if s in final:
                result[s] = w.op("Squeeze", [tensor, w.const(hint + "/axis0", np.array([0], np.int64))],
                             hint + f"/final {s}")
    return result


_write_recurrent.takes_states = True


def _write_sequence_last(w, layer, inputs, arrays, hint):
    return w.op("Gather", [inputs[0], w.const(hint + "/last", np.array(-1, np.int64))], hint,
                axis=1)


def _slice(w, x, hint, start, end, step=1):
    def const(name, v):
        return w.const(f"{hint}/{name}", np.array([v], np.int64))
    return w.op("Slice", [x, const("starts", start), const("ends", end), const("axes", 1),
                          const("steps", step)], hint)


def _write_sequence_most(w, layer, inputs, arrays, hint):
    return _slice(w, inputs[0], hint, 0, -1)


def _write_sequence_rest(w, layer, inputs, arrays, hint):
    return _slice(w, inputs[0], hint, 1, _BIG)


def _write_sequence_reverse(w, layer, inputs, arrays, hint):
    return _slice(w, inputs[0], hint, -1, -_BIG, -1)


def _zero_based(w, codes, hint):
    return w.op("Sub", [codes, w.const(hint + "/one", np.array(1, np.int64))], hint + "/from-1")


def _write_embedding(w, layer, inputs, arrays, hint):
    table = w.const(hint + "/Weights", arrays["Weights"])
    return w.op("Gather", [table, _zero_based(w, inputs[0], hint)], hint, axis=0)


def _write_unit_vector(w, layer, inputs, arrays, hint):
    depth = w.const(hint + "/depth", np.array(layer.params["ClassCount"], np.int64))
    values = w.const(hint + "/values", np.array([0, 1], np.float32))
    return w.op("OneHot", [_zero_based(w, inputs[0], hint), depth, values], hint, axis=-1)


WRITERS = {"GatedRecurrent": _write_recurrent, "LongShortTermMemory": _write_recurrent,
           "BasicRecurrent": _write_recurrent, "SequenceLast": _write_sequence_last,
           "SequenceMost": _write_sequence_most, "SequenceRest": _write_sequence_rest,
           "SequenceReverse": _write_sequence_reverse, "Embedding": _write_embedding,
           "UnitVector": _write_unit_vector}


def writable(layer) -> bool:
    """Whether this module writes ``layer`` (an activation ONNX's RNN lacks, say, it
    does not)."""
    if layer.spec.type_name == "BasicRecurrent":
        activation = layer.params["Activation"]
        return getattr(activation, "name", None) in _RNN_ACTIVATIONS
    return True


# ---------------------------------------------------------------------------- net operators

# NetMapOperator and NetBidirectionalOperator run their inner nets on the executor's own
# data-moving steps (wlnet.net.containers.operators: MapIn, MapOut, Reverse, Join); with one
# length per call each is a reshape, a slice or a join.

def _shape_part(w, x, hint, start, end=None):
    shape = w.op("Shape", [x], hint + "/shape")
    args = [shape, w.const(hint + "/from", np.array([start], np.int64)),
            w.const(hint + "/to", np.array([_BIG if end is None else end], np.int64))]
    return w.op("Slice", args, hint + "/dims")


def _write_map_in(w, op, inputs, hint):
    """(B, T, …) -> (B*T, …): every element of every sequence, for the inner net."""
    rest = _shape_part(w, inputs["Input"], hint, 2)
    shape = w.op("Concat", [w.const(hint + "/all", np.array([-1], np.int64)), rest],
                 hint + "/new shape", axis=0)
    return w.op("Reshape", [inputs["Input"], shape], hint)


def _write_map_out(w, op, inputs, hint):
    """(B*T, …) -> (B, T, …), B and T those of the operator's input ("Like")."""
    lead = _shape_part(w, inputs["Like"], hint + "/outer", 0, 2)
    rest = _shape_part(w, inputs["Input"], hint + "/inner", 1)
    shape = w.op("Concat", [lead, rest], hint + "/new shape", axis=0)
    return w.op("Reshape", [inputs["Input"], shape], hint)


def _write_reverse(w, op, inputs, hint):
    return _slice(w, inputs["Input"], hint, -1, -_BIG, -1)


def _write_join(w, op, inputs, hint):
    f, b = inputs["Forward"], inputs["Backward"]
    if op.aggregation == "Catenate":
        return w.op("Concat", [f, b], hint, axis=-1)
    total = w.op("Add", [f, b], hint + ("" if op.aggregation == "Total" else "/total"))
    if op.aggregation == "Total":
        return total
    return w.op("Div", [total, w.const(hint + "/two", np.array(2, np.float32))], hint)


VIEW_WRITERS = {"MapIn": _write_map_in, "MapOut": _write_map_out, "Reverse": _write_reverse,
                "Join": _write_join}


# ---------------------------------------------------------------------------- import

def prepare_reader(r) -> None:
    """Mark the Sub that makes 1-based codes 0-based before a Gather or OneHot as part of
    the layer after it (``r.absorbed``: node name -> the tensor its output stands for)."""
    for node in r.graph.node:
        if node.op_type == "Sub" and _is_one(r.consts.get(node.input[1])):
            users = r.consumers.get(node.output[0], ())
            if users and all(u.op_type in ("Gather", "OneHot") for u in users):
                r.absorbed[node.name or node.output[0]] = node.input[0]
                r.one_based.add(node.output[0])


def _is_one(c) -> bool:
    return c is not None and c.size == 1 and int(c.reshape(())) == 1


def _array_rules(arrays: dict):
    return [rule(name, array_value(value)) for name, value in arrays.items()]


def recurrent_layer(r, node, attrs, direction: int = 0) -> Expr:
    """One direction of an ONNX LSTM, GRU or RNN (batch second) as WL's layer, its gates
    converted exactly (its input, states and outputs are the caller's)."""
    op = node.op_type
    type_name = next(t for t, (o, _) in _ONNX_GATES.items() if o == op)
    gates = _ONNX_GATES[type_name][1]
    if attrs.get("layout", 0) != 0 or attrs.get("clip") is not None \
            or (op == "GRU" and attrs.get("linear_before_reset", 0) != 1) \
            or (op == "LSTM" and attrs.get("input_forget")):
        raise OnnxError(f"this {op} (its layout, clip or reset placement) has no layer here")
    w, rw = r.consts.get(node.input[1]), r.consts.get(node.input[2])
    b = r.consts.get(node.input[3]) if len(node.input) > 3 and node.input[3] else None
    if w is None or rw is None:
        raise OnnxError(f"a {op} needs constant weights")
    n = int(attrs["hidden_size"])
    g = len(gates)
    b = np.zeros((1, 2 * g * n), np.float32) if b is None else b
    input_biases, state_biases = b[direction, :g * n], b[direction, g * n:]
    if op == "GRU":
        # WL's reset gate multiplies the state's product alone: with a bias there (torch's
        # b_hn), the cell is written out as a NetFoldOperator
        if np.any(state_biases[2 * n:]):
            return _gru_fold(w[direction], rw[direction], b[direction], n)
        state_biases = np.concatenate([state_biases[:2 * n], np.zeros(n, b.dtype)])
    bias = input_biases + state_biases         # the two bias vectors add up
    arrays = {}
    for i, gate in enumerate(gates):
        part = slice(i * n, (i + 1) * n)
        arrays[gate + "InputWeights"] = w[direction, part]
        arrays[gate + "StateWeights"] = rw[direction, part]
        arrays[gate + "Biases"] = bias[part]
    extra = []
    if op == "RNN":
        names = [a.decode() if isinstance(a, bytes) else a for a in attrs.get("activations", [])]
        names = names[direction:direction + 1] if len(names) > 1 else names
        back = {v: k for k, v in _RNN_ACTIVATIONS.items()}
        if names and names[0] not in back:
            raise OnnxError(f"an RNN with activation {names} has no layer here")
        extra.append(rule("Activation", Symbol(back[names[0]] if names else "Tanh")))
    symbol = {"GRU": "GatedRecurrentLayer", "LSTM": "LongShortTermMemoryLayer",
              "RNN": "BasicRecurrentLayer"}[op]
    return Expr(Symbol(symbol), Integer(n), *extra, *_array_rules(arrays))


def _gru_fold(w, rw, b, n: int) -> Expr:
    """ONNX's GRU cell (gates z, r, h; linear_before_reset = 1) with its recurrent bias on
    the candidate, which GatedRecurrentLayer has not, as NetFoldOperator of a NetGraph:
    z = σ(Wz.x + Rz.s + bz), r = σ(Wr.x + Rr.s + br), h = Tanh[Wh.x + bWh + r (Rh.s + bRh)],
    the new state (1 - z) h + z s."""
    from wlnet.syntax.parser import parse
    g = 3 * n

    def linear(weights, biases):
        return Expr(Symbol("LinearLayer"), Integer(g), rule("Weights", array_value(weights)),
                    rule("Biases", array_value(biases)))

    def part(i):
        return Expr(Symbol("PartLayer"), Expr(S.Span, Integer(i * n + 1), Integer((i + 1) * n)))

    def threading(f):
        return Expr(Symbol("ThreadingLayer"), parse(f))

    layers = {"x": linear(w, b[:g]), "s": linear(rw, b[g:]),
              **{f"{side}{gate}": part(i) for side in "xs" for i, gate in enumerate("zrh")},
              "z": threading("LogisticSigmoid[#1 + #2] &"),
              "r": threading("LogisticSigmoid[#1 + #2] &"),
              "h": threading("Tanh[#1 + #2 #3] &"), "new": threading("(1 - #1) #2 + #1 #3 &")}

    def port(name):
        return Expr(Symbol("NetPort"), String(name))

    def edge(sources, to):
        src = Expr.from_args(S.List, (s if isinstance(s, Expr) else String(s) for s in sources))
        return Expr(S.Rule, src if len(sources) > 1 else src.args[0], to)

    edges = [edge([port("Input")], String("x")), edge([port("State")], String("s")),
             *(edge([side], String(f"{side}{gate}")) for side in "xs" for gate in "zrh"),
             edge(["xz", "sz"], String("z")), edge(["xr", "sr"], String("r")),
             edge(["xh", "r", "sh"], String("h")),
             edge(["z", "h", port("State")], String("new")), edge(["new"], port("Output"))]
    cell = Expr(Symbol("NetGraph"),
                Expr.from_args(S.Association, (Expr(S.Rule, String(k), v) for k, v in layers.items())),
                Expr.from_args(S.List, edges), rule("Input", Integer(w.shape[1])),
                rule("State", Integer(n)))
    return Expr(Symbol("NetFoldOperator"), cell)


def _read_one_hot(r, node, attrs):
    depth, values = r.consts.get(node.input[1]), r.consts.get(node.input[2])
    if depth is None or values is None or list(values) != [0, 1] \
            or attrs.get("axis", -1) != -1 or node.input[0] not in r.one_based:
        raise OnnxError("a OneHot that is not of 1-based codes into 0/1 vectors has no layer here")
    r.add(node, Expr(Symbol("UnitVectorLayer"), Integer(int(depth.reshape(())))), [node.input[0]])


def _read_slice(r, node, attrs):
    parts = [r.consts.get(t) if t else None for t in node.input[1:5]]
    if any(p is None or p.size != 1 for p in parts[:3]) or int(parts[2].reshape(-1)[0]) != 1:
        raise OnnxError("a Slice that is not of the time axis has no layer here")
    start, end = int(parts[0].reshape(-1)[0]), int(parts[1].reshape(-1)[0])
    step = 1 if parts[3] is None else int(parts[3].reshape(-1)[0])
    if (start, end, step) == (0, -1, 1):
        symbol = "SequenceMostLayer"
    elif (start, step) == (1, 1) and end >= 2 ** 31 - 1:
        symbol = "SequenceRestLayer"
    elif (start, step) == (-1, -1) and end <= -(2 ** 31):
        symbol = "SequenceReverseLayer"
    else:
        raise OnnxError("a Slice of the time axis other than Most, Rest or Reverse has no "
                        "layer here")
    r.add(node, Expr(Symbol(symbol)), [node.input[0]])


READERS = {"OneHot": _read_one_hot, "Slice": _read_slice}
