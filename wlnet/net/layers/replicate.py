"""ReplicateLayer[n] (≡ ReplicateLayer[n, 1]), ReplicateLayer[{n1, …, nm}] and
ReplicateLayer[dims, m]: copies of the input along new levels, so that an input of
dimensions {d1, d2, …} gives {n1, …, nm, d1, d2, …} (the new levels at position m of the
output dimensions; negative m counts from the end).  A size given as Automatic is learnt
from what the output feeds, which may be a sequence's varying length (a vector copied
along each example's sequence: the count is read from the data when the net runs); the
input is learnt from the output too.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import ShapeLayer, known_rank, level_arg, set_dims
from wlnet.net.primitives import StructureError, replicate_position
from wlnet.net.registry import register
from wlnet.net.spec import Param
from wlnet.net.types import SizeList, fresh_spatial


def _read_dims(e) -> SizeList:
    items = e.args if type(e) is Expr and e.head is S.List else (e,)
    dims = []
    for a in items:
        if type(a) is Integer and a.value > 0:
            dims.append(a.value)
        elif type(a) is Symbol and a.name == "Automatic":
            dims.append(fresh_spatial())     # a size, or a sequence's length it is tied to
        else:
            raise NetSpecError("netarg", e, "replication specification",
                               "it should be a positive integer or a list of them (or Automatic)",
                               symbol="ReplicateLayer")
    if not dims:
        raise NetSpecError("netarg", e, "replication specification", "it should not be empty",
                           symbol="ReplicateLayer")
    return SizeList(tuple(dims))


@register
class Replicate(ShapeLayer):
    type_name = "Replicate"
    moves_values = True
    symbol = "ReplicateLayer"
    usage = "ReplicateLayer[n] represents a net layer that takes an input of dimensions {d1, d2, …} and replicates it n times to produce an output of dimensions {n, d1, d2, …}."
    params = (Param("Specification", "sizelist"), Param("Level", "int", lambda: 1),
              Param("$InputDimensions", "sizelist"), Param("$OutputDimensions", "sizelist"),
              Param("$Element", "elem"))        # integer codes stay integer codes
    min_args, max_args = 1, 2
    sample = 'ReplicateLayer[{2, 3}, -1, "Input" -> {"Varying", 2}]'
    examples = (
        ("ReplicateLayer[3][{1, 2}]", "{{1., 2.}, {1., 2.}, {1., 2.}}"),
        ("ReplicateLayer[3, 2][{1, 2}]", "{{1., 1., 1.}, {2., 2., 2.}}"),
        ('NetExtract[ReplicateLayer[{3, 4}, "Input" -> 2], "Output"]',
         "{3, 4, 2}"),
        ('NetExtract[ReplicateLayer[Automatic, "Output" -> {5, 2}], "Input"]',
         "2"),
    )

    def parse_args(self, args, p):
        p["Specification"] = _read_dims(args[0])
        if len(args) == 2:
            p["Level"] = level_arg(args[1], self.symbol)

    def compose(self, p, g):
        g.output("Output", g.replicate(g.input("Input"), dims=tuple(p["Specification"].dims),
                                       level=p["Level"]))

    def post(self, p, u):
        new = u.resolve(p["Specification"]).dims
        inp, out = known_rank(u, p["$InputDimensions"]), known_rank(u, p["$OutputDimensions"])
        if inp is None and out is None:
            return
        rank = len(inp) if inp is not None else len(out) - len(new)
        try:
            start = replicate_position(rank, len(new), p["Level"])
        except StructureError as err:
            raise NetSpecError(err.tag, *err.slots, symbol=self.symbol)
        if inp is None:                     # learnt from the output
            set_dims(u, p["$InputDimensions"], list(out[:start] + out[start + len(new):]),
                     self.symbol, "input")
            inp = known_rank(u, p["$InputDimensions"])
        set_dims(u, p["$OutputDimensions"], list(inp[:start]) + list(new) + list(inp[start:]),
                 self.symbol)
