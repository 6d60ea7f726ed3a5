"""GatedRecurrentLayer[n, opts]: the seed page's layer.

Ports "Input" (a sequence of k-vectors), "Output" (a sequence of n-vectors, same length)
and the state port "State" (an n-vector); nine arrays, n×k input weights, n×n state
weights and n-vector biases for the input, reset and memory gates.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, LayerSpec, Param, is_symbol, positive_int, real_value
from wlnet.net.types import AtomT, RealT, TensorT

GATES = ("InputGate", "ResetGate", "MemoryGate")
DROPOUT_METHODS = ("VariationalWeights", "VariationalInput", "VariationalState", "StateUpdate")


def recurrent_arrays(gates) -> tuple:
    out = []
    for g in gates:
        out.append(ArraySpec(f"{g}InputWeights", lambda p: (p["OutputSize"], p["$InputSize"])))
        out.append(ArraySpec(f"{g}StateWeights", lambda p: (p["OutputSize"], p["OutputSize"])))
        out.append(ArraySpec(f"{g}Biases", lambda p: (p["OutputSize"],), init="biases"))
    return tuple(out)


def check_probability(e, symbol: str) -> None:
    p = real_value(e)
    if p is None or not 0 <= p < 1:
        raise NetSpecError("invdrppval", e, symbol=symbol)


def parse_recurrent_dropout(value, symbol: str):
    """"Dropout" -> None | p | {"method" -> p, …}; returns the value to store."""
    if is_symbol(value, "None"):
        return value
    if real_value(value) is not None:
        check_probability(value, symbol)
        return value
    rules = value.args if type(value) is Expr and value.head is S.List else None
    if rules is None and type(value) is Expr and value.head is S.Rule:
        rules = (value,)
    if not rules:
        raise NetSpecError("invdrop", value, "it should be None, a probability, or a list of "
                           "method -> probability rules.", symbol=symbol)
    for r in rules:
        if not (type(r) is Expr and r.head is S.Rule and type(r.args[0]) is String
                and r.args[0].value in DROPOUT_METHODS):
            raise NetSpecError("invdrop", value, "the methods are " + ", ".join(
                f'"{m}"' for m in DROPOUT_METHODS) + ".", symbol=symbol)
        check_probability(r.args[1], symbol)
    return value


@register
class GatedRecurrent(LayerSpec):
    type_name = "GatedRecurrent"
    symbol = "GatedRecurrentLayer"
    usage = ("GatedRecurrentLayer[n] represents a trainable recurrent layer that takes a "
             "sequence of vectors and produces a sequence of vectors each of size n.")
    params = (Param("OutputSize", "size"), Param("Dropout", "value"),
              Param("$InputSize", "size"), Param("$SequenceLength", "length"))
    arrays = recurrent_arrays(GATES)
    min_args = max_args = 1
    options = {"Dropout": Symbol("None")}

    def parse_args(self, args, p):
        p["OutputSize"] = positive_int(args[0], self.symbol)

    def parse_option(self, name, value, p):
        p["Dropout"] = parse_recurrent_dropout(value, self.symbol)

    def inputs(self, p):
        # AtomT, as Wolfram shows it (the seed page's NetGraph has "Input" ->
        # TensorT[{LengthVar[…], 2}, AtomT]): the layer takes reals or integers.
        return {"Input": TensorT((p["$SequenceLength"], p["$InputSize"]), AtomT)}

    def outputs(self, p):
        return {"Output": TensorT((p["$SequenceLength"], p["OutputSize"]), RealT)}

    def states(self, p):
        return {"State": TensorT((p["OutputSize"],), RealT)}
