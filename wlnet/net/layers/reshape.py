"""ReshapeLayer[{d1, d2, …}]: the input's elements (in order) as an array of dimensions d.

Each di is a size, ``Inherited`` (the input's size at that position), ``Automatic`` (what
the other sizes leave) or ``All`` (the input's remaining sizes); at most one Automatic or
All.  ReshapeLayer["ReferenceShape"] takes the dimensions of the array on its
"ReferenceShape" port.  The input and output have the same number of elements.  An input whose first level
is a sequence keeps it when the first entry is Inherited.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import ShapeLayer, dim_product, is_list, known_rank, no_varying, port, set_dims
from wlnet.net.primitives import reshape_all_start
from wlnet.net.registry import register
from wlnet.net.spec import Param, dims_text
from wlnet.net.types import SizeList, fresh_size

_SPECIAL = ("Inherited", "Automatic", "All")


def _read_dims(e):
    """A tuple of sizes, Inherited, Automatic and a last All; or "ReferenceShape"."""
    if type(e) is String and e.value == "ReferenceShape":
        return e.value
    if is_list(e):
        dims = []
        for a in e.args:
            if type(a) is Integer and a.value > 0:
                dims.append(a.value)
            elif type(a) is Symbol and a.name in _SPECIAL:
                dims.append(a.name)
            else:
                break
        else:
            if sum(d in ("Automatic", "All") for d in dims) <= 1 and "All" not in dims[:-1]:
                return tuple(dims)
    raise NetSpecError("netarg", e, "dimension specification",
                       "it should be a list of positive integers, Inherited, Automatic and a "
                       "last All (at most one Automatic or All)", symbol="ReshapeLayer")


def _show_dims(dims):
    if dims == "ReferenceShape":
        return String(dims)
    return Expr.from_args(S.List, (Integer(d) if isinstance(d, int) else Symbol(d) for d in dims))


def _text(dims) -> str:
    return "{" + ", ".join(str(d) for d in dims) + "}"


@register
class Reshape(ShapeLayer):
    type_name = "Reshape"
    moves_values = True
    symbol = "ReshapeLayer"
    usage = "ReshapeLayer[dims] represents a net layer that reshapes the input array according to the specification dims."
    params = (Param("Dimensions", "custom", read=_read_dims, show=_show_dims),
              Param("$InputDimensions", "sizelist"), Param("$OutputDimensions", "sizelist"),
              Param("$Element", "elem"))        # integer codes stay integer codes
    # ReshapeLayer["ReferenceShape"]: the output takes the shape of the "ReferenceShape" port
    min_args = max_args = 1
    sample = 'ReshapeLayer[{Inherited, Automatic, 2}, "Input" -> {"Varying", 2, 3}]'
    examples = (
        ("ReshapeLayer[{2, 3}][Range[6]]", "{{1., 2., 3.}, {4., 5., 6.}}"),
        ("ReshapeLayer[{Automatic, 2}][{{1, 2, 3}, {4, 5, 6}}]", "{{1., 2.}, {3., 4.}, {5., 6.}}"),
        ('NetExtract[ReshapeLayer[{Inherited, Automatic}, "Input" -> {2, 3, 4}], "Output"]',
         "{2, 12}"),
        ("ReshapeLayer[{}][{5}]", "5."),
        ('ReshapeLayer["ReferenceShape"][<|"Input" -> Range[4], "ReferenceShape" -> {{0, 0}, {0, 0}}|>]',
         "{{1., 2.}, {3., 4.}}"),
    )

    def parse_args(self, args, p):
        dims = _read_dims(args[0])
        p["Dimensions"] = dims
        if dims == "ReferenceShape":
            return
        if "All" not in dims and "Inherited" not in dims:    # a known rank from the start
            # (an inherited size may be a sequence's length: it comes with the input)
            p["$OutputDimensions"] = SizeList(tuple(
                d if isinstance(d, int) else fresh_size() for d in dims))

    def compose(self, p, g):
        if p["Dimensions"] == "ReferenceShape":
            g.output("Output", g.reshape_like(g.input("Input"), g.input("ReferenceShape")))
        else:
            g.output("Output", g.reshape_to(g.input("Input"), dims=p["Dimensions"]))

    def inputs(self, p):
        if p["Dimensions"] == "ReferenceShape":          # its shape is the output's
            return {"Input": port(p["$InputDimensions"], p["$Element"]),
                    "ReferenceShape": port(p["$OutputDimensions"])}
        return {"Input": port(p["$InputDimensions"], p["$Element"])}

    def post(self, p, u):
        dims = p["Dimensions"]
        inp = known_rank(u, p["$InputDimensions"])
        if inp is None:
            return
        if dims == "ReferenceShape":
            self._check_reference(p, u, inp)
            return
        need = max((i + 1 for i, d in enumerate(dims) if d == "Inherited"), default=0)
        if "All" in dims:
            need = max(need, len(dims) - 1)
        if len(inp) < need:
            raise NetSpecError("rankx", self.symbol, f"at least {need}", len(inp), symbol=self.symbol)
        out = [inp[i] if d == "Inherited" else d for i, d in enumerate(dims)]
        copied = {i for i, d in enumerate(dims) if d == "Inherited"}
        if out[-1:] == ["All"]:
            start = reshape_all_start(inp, out[:-1])
            out = out[:-1] + list(inp[start:])
            copied.update(range(start, len(inp)))
        rest = [inp[i] for i in range(len(inp)) if i not in copied]     # what is reshaped
        no_varying(rest, self.symbol, "an input whose varying level would be reshaped")
        no_varying(out[1:], self.symbol, "an input whose varying level would move")
        total = dim_product(rest)
        explicit = dim_product(d for d in dims if isinstance(d, int))      # sizes given
        # the message counts the whole input when its sizes are known (the inherited
        # levels too), as the user sees it; the rule compares what is reshaped
        shown = dim_product(inp) or total
        if total is not None:
            if "Automatic" in dims:
                if explicit == 0 or total % explicit:
                    raise NetSpecError("reshapecount", shown, _text(dims), symbol=self.symbol)
                out[out.index("Automatic")] = total // explicit
            elif total != explicit:
                raise NetSpecError("reshapecount", shown, _text(dims), symbol=self.symbol)
        set_dims(u, p["$OutputDimensions"], [d if d != "Automatic" else None for d in out],
                 self.symbol)

    def _check_reference(self, p, u, inp):
        ref = known_rank(u, p["$OutputDimensions"])
        total, want = dim_product(inp), dim_product(ref) if ref is not None else None
        no_varying(inp, self.symbol, "an input whose varying level would be reshaped")
        if total is not None and want is not None and total != want:
            raise NetSpecError("reshapecount", total, dims_text(ref), symbol=self.symbol)
