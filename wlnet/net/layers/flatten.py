"""FlattenLayer[] (≡ FlattenLayer[Infinity]), FlattenLayer[n], FlattenLayer[{{s11, …}, …}].

n > 0 flattens the first n+1 levels together, n < 0 the last |n|+1, Infinity every level;
the list form makes output level i from the input levels s_i1, s_i2, … (levels not named
follow in order).  A sequence's varying level may stay first on its own
(``FlattenLayer[-1]`` on {"Varying", 3, 4} gives {"Varying", 12}), never be merged.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import (
    ShapeLayer, dim_product, is_infinity, is_list, known_rank, no_varying, set_dims,
)
from wlnet.net.primitives import flatten_groups
from wlnet.net.registry import register
from wlnet.net.spec import Param


def _read_level(e):
    """None (Infinity), a nonzero integer, or a tuple of tuples of positive levels."""
    if is_infinity(e):
        return None
    if type(e) is Integer and e.value != 0:
        return e.value
    if is_list(e) and e.args and all(is_list(g) and g.args for g in e.args):
        levels = [[x.value if type(x) is Integer else 0 for x in g.args] for g in e.args]
        flat = [lv for g in levels for lv in g]
        if all(lv > 0 for lv in flat) and len(set(flat)) == len(flat):
            return tuple(tuple(g) for g in levels)
    raise NetSpecError("netarg", e, "level specification",
                       "it should be Infinity, a nonzero integer or a list of lists of levels",
                       symbol="FlattenLayer")


def _show_level(level):
    if level is None:
        return Symbol("Infinity")
    if isinstance(level, int):
        return Integer(level)
    return Expr.from_args(S.List, (Expr.from_args(S.List, (Integer(lv) for lv in g)) for g in level))


def _needed_rank(level) -> int:
    if level is None:
        return 1
    if isinstance(level, int):
        return abs(level) + 1
    return max(lv for g in level for lv in g)


@register
class Flatten(ShapeLayer):
    type_name = "Flatten"
    moves_values = True
    symbol = "FlattenLayer"
    usage = "FlattenLayer[] represents a net layer that flattens any input array into a vector."
    params = (Param("Level", "custom", default=lambda: None, read=_read_level, show=_show_level),
              Param("$InputDimensions", "sizelist"), Param("$OutputDimensions", "sizelist"),
              Param("$Element", "elem"))        # integer codes stay integer codes
    min_args, max_args = 0, 1
    sample = 'FlattenLayer[{{1}, {3, 4}}, "Input" -> {"Varying", 2, 3, 2}]'
    examples = (
        ("FlattenLayer[][{{1, 2}, {3, 4}}]", "{1., 2., 3., 4.}"),
        ('NetExtract[FlattenLayer[2, "Input" -> {2, 3, 4, 5}], "Output"]',
         "{24, 5}"),
        ("FlattenLayer[-1][{{{1, 2}, {3, 4}}}]", "{{1., 2., 3., 4.}}"),
        ("FlattenLayer[{{2}}][{{1, 2}, {3, 4}}]", "{{1., 3.}, {2., 4.}}"),
    )

    def parse_args(self, args, p):
        if args:
            p["Level"] = _read_level(args[0])

    def compose(self, p, g):
        g.output("Output", g.flatten(g.input("Input"), level=p["Level"]))

    def post(self, p, u):
        dims = known_rank(u, p["$InputDimensions"])
        if dims is None:
            return
        level = p["Level"]
        if len(dims) < _needed_rank(level):
            raise NetSpecError("rankx", self.symbol, f"at least {_needed_rank(level)}", len(dims),
                               symbol=self.symbol)
        out = []
        for group in flatten_groups(len(dims), level):
            sizes = [dims[a] for a in group]
            if len(sizes) == 1:
                out.append(sizes[0])
                continue
            no_varying(sizes, self.symbol, "an input whose varying level would be flattened")
            out.append(dim_product(sizes))
        no_varying(out[1:], self.symbol, "an input whose varying level would move")
        set_dims(u, p["$OutputDimensions"], out, self.symbol)
