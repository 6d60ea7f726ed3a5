"""DotLayer[] and DotLayer[{spec1, spec2, …}]: Dot[in1, in2, …] of its input arrays (the
last level of each with the first of the next), each first transposed by its spec (None,
m <-> n, a list of exchanges or a permutation, as TransposeLayer takes them).  Ports: see
``_ports``; a list of specs fixes their number."""

from __future__ import annotations

from wlnet.core.expr import Expr, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._ports import PORT_PARAMS, PortListLayer, default_names
from wlnet.net.layers._shapes import is_list, known_rank, no_varying, port, set_dims
from wlnet.net.layers.transpose import _primitive_spec, _read_spec, _show_spec
from wlnet.net.primitives import StructureError, permute_plan
from wlnet.net.registry import register
from wlnet.net.spec import Param, dims_text
from wlnet.net.types import SizeList, fresh_rank


def _read_specs(e):
    """A tuple with one transposition (or None) per input; None when not given."""
    if type(e) is Symbol and e.name == "None":
        return None
    if is_list(e) and e.args:
        return tuple(None if type(a) is Symbol and a.name == "None" else _read_spec(a) for a in e.args)
    raise NetSpecError("netarg", e, "list of transpose specifications",
                       "it should be a list with one specification (or None) per input", symbol="DotLayer")


def _show_specs(specs):
    if specs is None:
        return Symbol("None")
    return Expr.from_args(S.List, (Symbol("None") if s is None else _show_spec(s) for s in specs))


@register
class Dot(PortListLayer):
    type_name = "Dot"
    symbol = "DotLayer"
    usage = "DotLayer[] represents a net layer that takes the dot product of two or more arrays."
    params = (Param("Transpositions", "custom", default=lambda: None, read=_read_specs, show=_show_specs),) \
        + PORT_PARAMS + (Param("$OutputDimensions", "sizelist"),)
    min_args, max_args = 0, 1
    sample = 'DotLayer[{TwoWayRule[1, 2], None}, InputPorts -> {{3, 2}, {3, 4}}]'
    examples = (
        ("DotLayer[][{{1, 2, 3}, {4, 5, 6}}]", "32."),
        ("DotLayer[][{{{1, 2, 3}, {4, 5, 6}}, {1, 0, 1}}]", "{4., 10.}"),
        ("DotLayer[][{{{1, 2}, {3, 4}}, {{0, 1}, {1, 0}}, {{2, 0}, {0, 3}}}]", "{{4., 3.}, {8., 9.}}"),
        ("DotLayer[{TwoWayRule[1, 2], None}][{{{1, 2}, {3, 4}}, {{1, 0}, {0, 1}}}]", "{{1., 3.}, {2., 4.}}"),
    )

    def parse_args(self, args, p):
        if args:
            p["Transpositions"] = specs = _read_specs(args[0])
            if specs is not None:
                p["InputPorts"] = default_names(len(specs))
                p["$InputShapes"] = tuple(SizeList((), fresh_rank()) for _ in specs)

    def _spec(self, p, i):
        specs = p["Transpositions"]
        return specs[i] if specs is not None and i < len(specs) else None

    def compose(self, p, g):
        xs = []
        for i, name in enumerate(self.port_shapes(p)):
            x = g.input(name)
            spec = self._spec(p, i)
            xs.append(x if spec is None else g.permute(x, spec=_primitive_spec(spec)))
        out = xs[0]
        for x in xs[1:]:
            out = g.dot(out, x)
        g.output("Output", out)

    def outputs(self, p):
        return {"Output": port(p["$OutputDimensions"])}

    def post(self, p, u):
        from wlnet.net.shape import NetTypeError
        shapes = [known_rank(u, s) for s in p["$InputShapes"]]
        if not shapes or any(s is None for s in shapes):
            return
        moved = []
        for i, dims in enumerate(shapes):
            spec = self._spec(p, i)
            try:
                axes = permute_plan(len(dims), _primitive_spec(spec)) if spec else range(len(dims))
            except StructureError as err:
                raise NetSpecError(err.tag, self.symbol, *err.slots[1:], symbol=self.symbol)
            if not dims:
                raise NetSpecError("rankx", self.symbol, "at least 1", 0, symbol=self.symbol)
            moved.append([dims[a] for a in axes])
        out = moved[0]
        for dims in moved[1:]:
            no_varying([dims[0]], self.symbol, "an input whose varying level would be contracted")
            try:
                u.unify_dim(out[-1], dims[0])
            except NetTypeError:
                raise NetSpecError("dotdims", dims_text(u.resolve(out)), dims_text(u.resolve(dims)),
                                   symbol=self.symbol)
            out = out[:-1] + dims[1:]
        no_varying(out[1:], self.symbol, "an input whose varying level would move")
        set_dims(u, p["$OutputDimensions"], [u.dim(d) for d in out], self.symbol)
