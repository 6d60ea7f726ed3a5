"""TransposeLayer[] (≡ TransposeLayer[1 <-> 2]), TransposeLayer[m <-> n],
TransposeLayer[{m1 <-> n1, m2 <-> n2, …}] (levels exchanged in turn; m -> n is an older
spelling of m <-> n) and
TransposeLayer[{n1, n2, …}] (input level k becomes output level n_k).

Levels count from 1 (negative from the end in exchanges).  Output dimensions follow from
the input's and the input's from the output's.  A sequence's varying level stays first.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import ShapeLayer, is_list, known_rank, no_varying, set_dims
from wlnet.net.primitives import StructureError, permute_plan
from wlnet.net.registry import register
from wlnet.net.spec import Param

_TWO_WAY = Symbol("TwoWayRule")


def _swap(e):
    # m -> n is the older spelling of the exchange m <-> n (WL 11 programs write
    # TransposeLayer[{2 -> 4, 1 -> 3}])
    if type(e) is Expr and e.head in (_TWO_WAY, S.Rule) and len(e.args) == 2 and all(
            type(a) is Integer and a.value != 0 for a in e.args):
        return (e.args[0].value, e.args[1].value)
    return None


def _read_spec(e):
    """("swap", (m, n)) | ("swaps", ((m, n), …)) | ("perm", (n1, …)), levels from 1."""
    if _swap(e) is not None:
        return ("swap", _swap(e))
    if is_list(e) and e.args:
        swaps = [_swap(a) for a in e.args]
        if all(s is not None for s in swaps):
            return ("swaps", tuple(swaps))
        perm = [a.value if type(a) is Integer else 0 for a in e.args]
        if sorted(perm) == list(range(1, len(perm) + 1)):
            return ("perm", tuple(perm))
    raise NetSpecError("netarg", e, "transposition specification",
                       "it should be m <-> n, a list of such rules or a permutation list",
                       symbol="TransposeLayer")


def _show_spec(spec):
    kind, value = spec
    rule = lambda m, n: Expr(_TWO_WAY, Integer(m), Integer(n))
    if kind == "swap":
        return rule(*value)
    if kind == "swaps":
        return Expr.from_args(S.List, (rule(m, n) for m, n in value))
    return Expr.from_args(S.List, (Integer(k) for k in value))


def _primitive_spec(spec):
    """The permute row's spec: 0-based levels (negative ones stay counted from the end)."""
    kind, value = spec
    zero = lambda k: k - 1 if k > 0 else k
    if kind == "perm":
        return ("perm", tuple(k - 1 for k in value))
    pairs = (value,) if kind == "swap" else value
    return ("swaps", tuple((zero(m), zero(n)) for m, n in pairs))


def _needed_rank(spec) -> int:
    kind, value = spec
    if kind == "perm":
        return len(value)
    pairs = (value,) if kind == "swap" else value
    return max(abs(k) for pair in pairs for k in pair)


@register
class Transpose(ShapeLayer):
    type_name = "Transpose"
    moves_values = True
    symbol = "TransposeLayer"
    usage = "TransposeLayer[] represents a net layer that transposes the first two levels of its input."
    params = (Param("Specification", "custom", default=lambda: ("swap", (1, 2)), read=_read_spec,
                    show=_show_spec),
              Param("$InputDimensions", "sizelist"), Param("$OutputDimensions", "sizelist"),
              Param("$Element", "elem"))        # integer codes stay integer codes
    min_args, max_args = 0, 1
    sample = 'TransposeLayer[{TwoWayRule[2, 3], TwoWayRule[2, -1]}, "Input" -> {"Varying", 2, 3, 4}]'
    examples = (
        ("TransposeLayer[][{{1, 2, 3}, {4, 5, 6}}]", "{{1., 4.}, {2., 5.}, {3., 6.}}"),
        ('NetExtract[TransposeLayer[TwoWayRule[1, 3], "Input" -> {1, 2, 3}], "Output"]',
         "{3, 2, 1}"),
        ('NetExtract[TransposeLayer[{TwoWayRule[1, 3], TwoWayRule[1, 4]}, "Input" -> {3, 4, 5, 6}], '
         '"Output"]', "{6, 4, 3, 5}"),
        ('NetExtract[TransposeLayer[{3, 1, 2}, "Input" -> {3, 4, 5}], "Output"]',
         "{4, 5, 3}"),
    )

    def parse_args(self, args, p):
        if args:
            p["Specification"] = _read_spec(args[0])

    def compose(self, p, g):
        g.output("Output", g.permute(g.input("Input"), spec=_primitive_spec(p["Specification"])))

    def post(self, p, u):
        # the rank of either side gives the other's; then each output size is an input size
        inp, out = known_rank(u, p["$InputDimensions"]), known_rank(u, p["$OutputDimensions"])
        if inp is None and out is None:
            return
        rank = len(inp if inp is not None else out)
        spec = p["Specification"]
        try:
            axes = permute_plan(rank, _primitive_spec(spec))
        except StructureError:
            raise NetSpecError("rankx", self.symbol, f"at least {_needed_rank(spec)}", rank,
                               symbol=self.symbol)
        if inp is None:
            back = [None] * rank
            for j, a in enumerate(axes):
                back[a] = out[j]
            set_dims(u, p["$InputDimensions"], back, self.symbol, "input")
            inp = known_rank(u, p["$InputDimensions"])
        moved = [inp[a] for a in axes]
        no_varying(moved[1:], self.symbol, "an input whose varying level would move")
        set_dims(u, p["$OutputDimensions"], moved, self.symbol)
