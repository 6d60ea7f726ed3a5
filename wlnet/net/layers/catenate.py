"""CatenateLayer[] (≡ CatenateLayer[1]) and CatenateLayer[n]: its input arrays joined at
level n.  CatenateLayer[0] stacks inputs of one shape along a new first level (n inputs
of dimensions d give an n×d array), as programs use it to run one net on several
arrays through NetMapOperator.

The level counts in the lowest-rank input (negative from its end); inputs of lower rank are
replicated over the leading levels of the highest-rank one (a matrix and a vector at level
1: the vector is joined to every row).  Off the joined level the sizes must agree (the
lower-rank sizes are a suffix of the higher-rank ones); a varying level cannot be joined.
Ports: see ``_ports`` (``{a, b} -> cat`` in a NetGraph, ``CatenateLayer[][{x, y}]``).
"""

from __future__ import annotations

from wlnet.core.expr import Integer
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._ports import PORT_PARAMS, PortListLayer
from wlnet.net.layers._shapes import known_rank, level_arg, no_varying, port, set_dims
from wlnet.net.primitives import StructureError, catenate_plan
from wlnet.net.registry import register
from wlnet.net.spec import INPUT_ELEMENTS, Param, dims_text
from wlnet.net.types import (ElemVar, IndexIntegerT, RealT, TensorT, describe_type, fresh_elem,
                              fresh_size)


@register
class Catenate(PortListLayer):
    type_name = "Catenate"
    symbol = "CatenateLayer"
    usage = "CatenateLayer[] represents a net layer that takes a list of input arrays and catenates them."
    # element types: one per input port ("$InputElements", a tuple of ElemVars as long as
    # the port list) and the output's ("$Element"): integer codes catenated stay codes
    params = (Param("Level", "int", lambda: 1),) + PORT_PARAMS + (
        Param("$OutputDimensions", "sizelist"), Param("$InputElements", "elem", default=tuple),
        Param("$Element", "elem"))
    min_args, max_args = 0, 1
    messages = {"catreal": "An input of CatenateLayer is real numbers, so its output is real "
                           "numbers, where `1` is required."}
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
            stacks = type(args[0]) is Integer and args[0].value == 0
            p["Level"] = 0 if stacks else level_arg(args[0], self.symbol)

    def compose(self, p, g):
        xs = [g.input(name) for name in self.port_shapes(p)]
        if p["Level"] == 0:                    # each input becomes a 1×d slice of the stack
            dims = (1,) + tuple(p["$OutputDimensions"].dims[1:])
            xs = [g.reshape(x, dims=dims) for x in xs]
            g.output("Output", g.catenate(*xs, level=1))
            return
        g.output("Output", g.catenate(*xs, level=p["Level"]))

    def parse_option(self, name, value, p):
        super().parse_option(name, value, p)
        # its own element per port: integers where InputPorts says so (not INPUT_ELEMENTS,
        # which would hide them from the output's element rule)
        given = dict(p.pop(INPUT_ELEMENTS, ()))
        p["$InputElements"] = tuple(given.get(name, fresh_elem()) for name in p["InputPorts"] or ())

    def with_input_count(self, p, n):
        p = super().with_input_count(p, n)
        p["$InputElements"] = tuple(fresh_elem() for _ in range(n))
        return p

    def read_back(self, p):
        p["$InputElements"] = tuple(fresh_elem() for _ in p["$InputShapes"])

    def inputs(self, p):
        elems = p["$InputElements"]
        return {name: port(shape, elems[i] if i < len(elems) else RealT)
                for i, (name, shape) in enumerate(self.port_shapes(p).items())}

    def outputs(self, p):
        return {"Output": port(p["$OutputDimensions"], p["$Element"])}

    def post(self, p, u):
        self._output_element(p, u)
        self._output_dimensions(p, u)

    def _output_element(self, p, u):
        """Reals if any input is real; integer codes (up to the largest count) if all are."""
        elems = [u.elem(e) for e in p["$InputElements"]]
        if any(e is RealT for e in elems):
            from wlnet.net.shape import NetTypeError
            try:
                u.unify_elem(RealT, p["$Element"])
            except NetTypeError:           # a consumer of integer codes wants the output
                raise NetSpecError("catreal", describe_type(u.resolve(TensorT(
                    (), u.elem(p["$Element"])))), symbol=self.symbol)
        elif elems and all(isinstance(e, IndexIntegerT) for e in elems):
            low = min(e.low for e in elems)
            if all(isinstance(u.dim(e.n), int) for e in elems):
                u.unify_elem(IndexIntegerT(max(u.dim(e.n) for e in elems), low), p["$Element"])
            elif isinstance(u.elem(p["$Element"]), ElemVar):    # "Integer" inputs: integers
                u.unify_elem(IndexIntegerT(fresh_size(), low), p["$Element"])

    def _output_dimensions(self, p, u):
        from wlnet.net.shape import NetTypeError
        shapes = [known_rank(u, s) for s in p["$InputShapes"]]
        if not shapes or any(s is None for s in shapes):
            return
        if p["Level"] == 0:
            self._stacked_dimensions(p, u, shapes)
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
                raise self._dims_error(u, shapes)
            out.append(u.dim(sizes[0]))
        set_dims(u, p["$OutputDimensions"], out, self.symbol)

    def _dims_error(self, u, shapes) -> NetSpecError:
        """catdims: the inputs' dimensions, which cannot be joined."""
        return NetSpecError("catdims", "{" + ", ".join(dims_text(u.resolve(s)) for s in shapes)
                            + "}", symbol=self.symbol)

    def _stacked_dimensions(self, p, u, shapes):
        """CatenateLayer[0]: inputs of one shape (no varying level) stacked, n×d."""
        from wlnet.net.shape import NetTypeError
        if len({len(s) for s in shapes}) != 1:
            raise self._dims_error(u, shapes)
        for j in range(len(shapes[0])):
            sizes = [s[j] for s in shapes]
            no_varying(sizes, self.symbol, "inputs with varying levels, stacked")
            try:
                for d in sizes[1:]:
                    u.unify_dim(sizes[0], d)
            except NetTypeError:
                raise self._dims_error(u, shapes)
        set_dims(u, p["$OutputDimensions"], [len(shapes)] + [u.dim(d) for d in shapes[0]],
                 self.symbol)

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
