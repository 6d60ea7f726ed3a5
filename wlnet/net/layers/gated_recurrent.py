"""GatedRecurrentLayer[n, opts]: the seed page's layer.

Ports "Input" (a sequence of k-vectors), "Output" (a sequence of n-vectors, same length)
and the state port "State" (an n-vector); nine arrays, n×k input weights, n×n state
weights and n-vector biases for the input, reset and memory gates.

The computation is a custom op over the fused kernels of ``wlnet.kernels.gru``: the whole
recurrence, forward and back through time, runs in Numba.

The parts every recurrent layer shares (the gate arrays, the "Dropout" parameter, the op's
packed-weights cache, the ports and construction) are here too, as `RecurrentOp` and
`RecurrentLayerSpec`; LongShortTermMemoryLayer and BasicRecurrentLayer build on them.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.kernels import gru as kgru
from wlnet.net.custom_op import CustomOp
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, LayerSpec, Param, is_symbol, positive_int, real_value
from wlnet.net.types import AtomT, RealT, TensorT
from wlnet.net.values import Batch, full_lengths, zeros_or

GATES = ("InputGate", "ResetGate", "MemoryGate")
DROPOUT_METHODS = ("VariationalWeights", "VariationalInput", "VariationalState", "StateUpdate")


def recurrent_arrays(gates, ones=()) -> tuple:
    """n×k input weights, n×n state weights and an n-vector of biases per gate, in WL's order
    and names; the biases of the gates in `ones` start at 1 (the LSTM's forget gate)."""
    out = []
    for g in gates:
        out.append(ArraySpec(f"{g}InputWeights", lambda p: (p["OutputSize"], p["$InputSize"])))
        out.append(ArraySpec(f"{g}StateWeights", lambda p: (p["OutputSize"], p["OutputSize"])))
        out.append(ArraySpec(f"{g}Biases", lambda p: (p["OutputSize"],),
                             init="ones" if g in ones else "biases"))
    return tuple(out)


def check_probability(e, symbol: str):
    """A dropout probability (0 <= p < 1) as a Python number (an int stays an int, so it
    shows as given)."""
    p = real_value(e)
    if p is None or not 0 <= p < 1:
        raise NetSpecError("invdrppval", e, symbol=symbol)
    return e.value if type(e) is Integer else p


# ---------------------------------------------------------------------------- "Dropout"
#
# The value in the IR: None, a probability (float: the documented default method), or a
# tuple of (method, probability) pairs, as given.

def read_recurrent_dropout(value, symbol: str = "GatedRecurrentLayer"):
    """"Dropout" -> None | p | {"method" -> p, …} as its Python value (raise NetSpecError)."""
    if is_symbol(value, "None"):
        return None
    if real_value(value) is not None:
        return check_probability(value, symbol)
    rules = value.args if type(value) is Expr and value.head is S.List else None
    if rules is None and type(value) is Expr and value.head is S.Rule:
        rules = (value,)
    if not rules:
        raise NetSpecError("invdrop", value, "it should be None, a probability, or a list of "
                           "method -> probability rules.", symbol=symbol)
    pairs = []
    for r in rules:
        if not (type(r) is Expr and r.head is S.Rule and type(r.args[0]) is String
                and r.args[0].value in DROPOUT_METHODS):
            raise NetSpecError("invdrop", value, "the methods are " + ", ".join(
                f'"{m}"' for m in DROPOUT_METHODS) + ".", symbol=symbol)
        pairs.append((r.args[0].value, check_probability(r.args[1], symbol)))
    return tuple(pairs)


def show_recurrent_dropout(value):
    if value is None:
        return Symbol("None")
    if isinstance(value, (int, float)):
        return Integer(value) if isinstance(value, int) else Real(value)
    return Expr.from_args(S.List, (Expr(S.Rule, String(m), Integer(p) if isinstance(p, int) else Real(p))
                                   for m, p in value))


def dropout_probabilities(value) -> dict:
    """The "Dropout" value → {method: p} ({} for None).  A bare probability uses the
    documented default method, "VariationalWeights"."""
    if value is None:
        return {}
    if isinstance(value, (int, float)):
        return {"VariationalWeights": value} if value > 0 else {}
    return {m: p for m, p in value if p}


def dropout_param(symbol: str) -> Param:
    return Param("Dropout", "custom", lambda: None,
                 read=lambda e: read_recurrent_dropout(e, symbol), show=show_recurrent_dropout)


# ---------------------------------------------------------------------------- the op

class RecurrentOp(CustomOp):
    """What the recurrent layers' ops share: sizes, dropout probabilities, and the arrays
    packed for the kernels once per version (a subclass names its arrays and packing)."""

    array_names: tuple = ()

    def __init__(self, layer, dtype):
        super().__init__(layer, dtype)
        self.n = layer.params["OutputSize"]
        self.k = layer.params["$InputSize"]
        self.dropout = dropout_probabilities(layer.params["Dropout"])
        self._packed = (None, None)            # (arrays_version or ids, packed weights)
        self._held = None

    def _pack(self, arrays, dtype):
        raise NotImplementedError

    def _weights(self, arrays, ctx):
        """The layer's arrays packed for the kernels (`_pack`) once per arrays_version (once per
        optimizer step in training) or, with no version, once per set of read-only arrays:
        a net's own arrays are immutable NumericArray data, so the same objects always hold
        the same numbers (repacking cost 4 us per call at n = 40, 2 ms at n = 512).  Arrays
        that can change in place are packed on every call."""
        held = None
        if ctx.arrays_version is not None:
            key = ctx.arrays_version                     # an object(): equal only to itself
        else:
            held = tuple(arrays.get(name) for name in self.array_names)
            if not all(isinstance(a, np.ndarray) and not a.flags.writeable for a in held):
                return self._pack(arrays, ctx.dtype)
            key = (tuple(map(id, held)), ctx.dtype)
        cached_key, packed = self._packed
        if cached_key != key:
            packed = self._pack(arrays, ctx.dtype)
            self._packed = (key, packed)
            self._held = held                            # keeps the ids in the key unique
        return packed


class GatedRecurrentOp(RecurrentOp):
    array_names = kgru.ARRAY_NAMES

    def _pack(self, arrays, dtype):
        return kgru.pack_gru_weights(arrays, dtype)

    def forward(self, inputs, arrays, states, ctx):
        x = inputs["Input"]
        data = np.ascontiguousarray(x.data, ctx.dtype)
        lengths = x.lengths if x.lengths is not None else full_lengths(data)
        masks = None
        if ctx.train and self.dropout:
            batch, steps = data.shape[:2]
            masks = kgru.make_gru_dropout_masks(ctx.rng, self.dropout, batch, steps, self.k,
                                                self.n, ctx.dtype)
        out, final, cache = kgru.gru_forward(data, lengths, self._weights(arrays, ctx),
                                             states.get("State"), masks,
                                             keep_for_backward=ctx.keep)
        return ({"Output": Batch(out, x.lengths)}, {"State": final},
                (cache, x.lengths) if ctx.keep else None)

    def backward(self, cache, d_outputs, d_states):
        kcache, lengths = cache
        batch, steps, _, n = kcache.shape
        d_out = zeros_or(d_outputs.get("Output"), (batch, steps, n), self.dtype)
        g = kgru.gru_backward(kcache, d_out, d_states.get("State"))
        return {"Input": g.input}, dict(g.arrays), {"State": g.initial_state}


def torch_recurrence(t, p, ctx, inputs, arrays, states, gates, state_names, step, make_masks):
    """A recurrent layer on torch tensors (the PyTorch backend), one step at a time over the
    batch: the input projections of all steps at once (``gates``: the gate names in their
    stacking order, whose "…InputWeights"/"…Biases" project the input), then
    ``step(projections at t, states, recurrent input, state weights, update mask) -> new
    states`` (the first is the output).  Past each example's length its states stop
    changing and its outputs are zero, as in the Numba kernels.

    "Dropout" in training draws its masks with ``make_masks`` (the kernels' own, from the
    run's generator, in the same order) and applies them where the kernels do: the stacked
    state weights, each example's input vector, the state as it enters the recurrent
    products (the carried state is not masked), and the memory gate's update at each
    step; so both backends give the same numbers for the same generator."""
    x = inputs["Input"]
    data = x.data
    batch, steps = data.shape[0], data.shape[1]
    n = p["OutputSize"]
    masks = _torch_masks(t, p, ctx, make_masks, batch, steps, data)
    if masks.input is not None:
        data = data * masks.input.unsqueeze(1)
    weights = {g: arrays[f"{g}StateWeights"] for g in gates}
    if masks.weights is not None:
        weights = {g: w * masks.weights[j * n:(j + 1) * n] for j, (g, w) in enumerate(weights.items())}
    current = [states.get(name) if states.get(name) is not None
               else data.new_zeros((batch, n)) for name in state_names]
    lengths = x.lengths if x.lengths is not None else t.full((batch,), steps, device=data.device)
    projected = [data @ arrays[f"{g}InputWeights"].T + arrays[f"{g}Biases"] for g in gates]
    outs = []
    for k in range(steps):
        recurrent = current[0] if masks.state is None else current[0] * masks.state
        update = None if masks.update is None else masks.update[:, k]
        new = step([proj[:, k] for proj in projected], current, recurrent, weights, update)
        valid = (k < lengths).unsqueeze(1)
        current = [t.where(valid, a, b) for a, b in zip(new, current)]
        outs.append(t.where(valid, new[0], t.zeros_like(new[0])))
    return ({"Output": Batch(t.stack(outs, dim=1), x.lengths)},
            dict(zip(state_names, current)))


def _torch_masks(t, p, ctx, make_masks, batch, steps, data):
    """The dropout masks of a training pass as tensors (each None when its method is off)."""
    probabilities = dropout_probabilities(p["Dropout"]) if ctx.train else {}
    if not probabilities:
        return kgru.GRUDropoutMasks()
    drawn = make_masks(ctx.rng, probabilities, batch, steps, p["$InputSize"], p["OutputSize"],
                       ctx.dtype)
    return kgru.GRUDropoutMasks(*(None if m is None else t.as_tensor(m, device=data.device)
                                  .to(data.dtype) for m in (drawn.weights, drawn.input,
                                                            drawn.state, drawn.update)))


def torch_lowering(t, p, ctx, inputs, arrays, states):
    """The seed page's equations (torch.nn.GRU places the reset gate and the biases
    differently, so it is not used)."""

    def step(xs, current, recurrent, w, update):
        xi, xr, xm = xs
        s = current[0]
        i = t.sigmoid(xi + recurrent @ w["InputGate"].T)
        r = t.sigmoid(xr + recurrent @ w["ResetGate"].T)
        m = t.tanh(xm + r * (recurrent @ w["MemoryGate"].T))
        if update is not None:
            m = m * update
        return [(1 - i) * m + i * s]

    return torch_recurrence(t, p, ctx, inputs, arrays, states, GATES, ("State",), step,
                            kgru.make_gru_dropout_masks)


# ---------------------------------------------------------------------------- the layers

def recurrent_params(symbol: str, *extra) -> tuple:
    """The parameters of a recurrent layer (`extra` ones after "Dropout")."""
    return (Param("OutputSize", "size"), dropout_param(symbol), *extra,
            Param("$InputSize", "size"), Param("$SequenceLength", "length"))


class RecurrentLayerSpec(LayerSpec):
    """A recurrent layer[n, opts]: a sequence of k-vectors in, a sequence of n-vectors out,
    an n-vector "State"; "Dropout" and the arrays as options."""

    min_args = max_args = 1
    options = {"Dropout": Symbol("None")}
    messages = {
        "invdrop": "The \"Dropout\" specification `1` is invalid: `2`",
        "invdrppval": "The dropout probability `1` should be a number between 0 and 1.",
    }

    def parse_args(self, args, p):
        p["OutputSize"] = positive_int(args[0], self.symbol)

    def parse_option(self, name, value, p):
        if name != "Dropout":
            return super().parse_option(name, value, p)
        p["Dropout"] = read_recurrent_dropout(value, self.symbol)

    def inputs(self, p):
        # AtomT, as Wolfram shows it (the seed page's NetGraph has "Input" ->
        # TensorT[{LengthVar[…], 2}, AtomT]): the layer takes reals or integers.
        return {"Input": TensorT((p["$SequenceLength"], p["$InputSize"]), AtomT)}

    def outputs(self, p):
        return {"Output": TensorT((p["$SequenceLength"], p["OutputSize"]), RealT)}

    def states(self, p):
        return {"State": TensorT((p["OutputSize"],), RealT)}


@register
class GatedRecurrent(RecurrentLayerSpec):
    type_name = "GatedRecurrent"
    symbol = "GatedRecurrentLayer"
    usage = ("GatedRecurrentLayer[n] represents a trainable recurrent layer that takes a "
             "sequence of vectors and produces a sequence of vectors each of size n.")
    params = recurrent_params("GatedRecurrentLayer")
    arrays = recurrent_arrays(GATES)
    op = GatedRecurrentOp
    torch_lowering = staticmethod(torch_lowering)
    sample = 'GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]'
    examples = (
        ('Dimensions@NetInitialize[GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]][{{1, 2}, {2, 1}, {3, 0}}]',
         "{3, 3}"),
    )
