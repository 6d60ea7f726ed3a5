"""CatenateLayer[] (≡ CatenateLayer[1]) and CatenateLayer[n]: its input arrays joined at
level n.

The level counts in the lowest-rank input (negative from its end); inputs of lower rank are
replicated over the leading levels of the highest-rank one (a matrix and a vector at level
1: the vector is joined to every row).  Off the joined level the sizes must agree (the
lower-rank sizes are a suffix of the higher-rank ones); a varying level cannot be joined.
Ports: see ``_ports`` (``{a, b} -> cat`` in a NetGraph, ``CatenateLayer[][{x, y}]``).
"""

from __future__ import annotations

from wlnet.net.errors import NetSpecError
from wlnet.net.layers._ports import PORT_PARAMS, PortListLayer
from wlnet.net.layers._shapes import known_rank, level_arg, no_varying, port, set_dims
from wlnet.net.primitives import StructureError, catenate_plan
from wlnet.net.registry import register
from wlnet.net.spec import Param, dims_text


@register
class Catenate(PortListLayer):
    type_name = "Catenate"
    symbol = "CatenateLayer"
    usage = "CatenateLayer[] represents a net layer that takes a list of input arrays and catenates them."
    params = (Param("Level", "int", lambda: 1),) + PORT_PARAMS + (Param("$OutputDimensions", "sizelist"),)
    min_args, max_args = 0, 1
    sample = 'CatenateLayer[-1, InputPorts -> {{"Varying", 2}, {"Varying", 3}, 2}]'
    examples = (
        ("CatenateLayer[][{{1, 2}, {3, 4, 5}}]", "{1., 2., 3., 4., 5.}"),
        ("CatenateLayer[2][{{{1, 2}, {3, 4}}, {{5}, {6}}}]", "{{1., 2., 5.}, {3., 4., 6.}}"),
        ("CatenateLayer[][{{{1, 2}, {3, 4}}, {5, 6, 7}}]", "{{1., 2., 5., 6., 7.}, {3., 4., 5., 6., 7.}}"),
        ('NetExtract[NetGraph[{CatenateLayer[]}, {{NetPort["In1"], NetPort["In2"]} -> 1}, '
         '"In1" -> {2}, "In2" -> {3}], "Output"]', "5"),
    )

    def parse_args(self, args, p):
        if args:
            p["Level"] = level_arg(args[0], self.symbol)

    def compose(self, p, g):
        xs = [g.input(name) for name in self.port_shapes(p)]
        g.output("Output", g.catenate(*xs, level=p["Level"]))

    def outputs(self, p):
        return {"Output": port(p["$OutputDimensions"])}

    def post(self, p, u):
        from wlnet.net.shape import NetTypeError
        shapes = [known_rank(u, s) for s in p["$InputShapes"]]
        if not shapes or any(s is None for s in shapes):
            return
        try:
            axis, high, _ = catenate_plan(shapes, p["Level"])
        except StructureError:
            raise NetSpecError("rankx", self.symbol, f"at least {abs(p['Level'])}",
                               min(len(s) for s in shapes), symbol=self.symbol)
        out = []
        for j in range(high):
            sizes = [s[j - (high - len(s))] for s in shapes if j >= high - len(s)]
            if j == axis:
                no_varying(sizes, self.symbol, "inputs whose varying levels would be catenated")
                out.append(sum(sizes) if all(isinstance(d, int) for d in sizes) else None)
                self._missing_size(p, u, sizes, j, high)
                continue
            try:
                for d in sizes[1:]:
                    u.unify_dim(sizes[0], d)
            except NetTypeError:
                raise NetSpecError("catdims", "{" + ", ".join(dims_text(u.resolve(s)) for s in shapes) + "}",
                                   symbol=self.symbol)
            out.append(u.dim(sizes[0]))
        set_dims(u, p["$OutputDimensions"], out, self.symbol)

    def _missing_size(self, p, u, sizes, j, high):
        """With the output's size at the joined level known, one unknown input size there
        is what the others leave."""
        out = known_rank(u, p["$OutputDimensions"])
        unknown = [d for d in sizes if not isinstance(d, int)]
        if out is None or len(out) != high or not isinstance(out[j], int) or len(unknown) != 1:
            return
        rest = out[j] - sum(d for d in sizes if isinstance(d, int))
        if rest < 1:
            raise NetSpecError("tyinc", f"output of {self.symbol}", dims_text(out),
                               "the sizes of its inputs at the joined level", dims_text(sizes),
                               symbol=self.symbol)
        u.unify_dim(unknown[0], rest)
