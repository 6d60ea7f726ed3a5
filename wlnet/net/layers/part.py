"""PartLayer[i], PartLayer[i ;; j], PartLayer[i ;; j ;; k] and PartLayer[{spec1, spec2, …}]
(spec_k taken at level k): the parts of the input that Part gives.

A spec is an index (negative from the end: the level is dropped), a span (the level
stays), All, or a list of indices.  Indices out of range are an error.  An index into a
sequence's varying level takes one step of each sequence, counted within its own length
(PartLayer[-1]: the last valid step); a span of it takes each sequence's own steps
(PartLayer[2 ;; -1]: all but the first and last), a sequence of a new varying length
("$SpanLength"); a list of steps ({{1, -1}}: the first and last of each) a level of that
many (no longer varying).  A step beyond a sequence's length is an error when it runs.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import ShapeLayer, is_list, known_rank, no_varying, set_dims
from wlnet.net.primitives import StructureError, part_plan
from wlnet.net.registry import register
from wlnet.net.spec import Param
from wlnet.net.types import LengthVar, TensorT

_SPAN = Symbol("Span")


def _index(e) -> int | None:
    return e.value if type(e) is Integer and e.value != 0 else None


def _level_spec(e):
    if type(e) is Symbol and e.name == "All":
        return ("all",)
    if _index(e) is not None:
        return ("index", e.value)
    if type(e) is Expr and e.head == _SPAN and len(e.args) in (2, 3):
        first, last = e.args[0], e.args[1]
        step = e.args[2] if len(e.args) == 3 else Integer(1)
        last_value = None if type(last) is Symbol and last.name == "All" else _index(last)
        if _index(first) is not None and (last_value is not None or type(last) is Symbol and
                                           last.name == "All") and type(step) is Integer and step.value > 0:
            return ("span", first.value, last_value, step.value)
    if is_list(e) and e.args and all(_index(a) is not None for a in e.args):
        return ("list", tuple(a.value for a in e.args))
    return None


def _empty_span(spec) -> bool:
    """Whether a span selects nothing whatever the level's length: both ends counted from
    the same side with the last before the first (Part gives {} or fails; a net has no
    empty arrays)."""
    if spec[0] != "span" or spec[2] is None:
        return False
    first, last = spec[1], spec[2]
    return (first > 0) == (last > 0) and last < first


def _read_parts(e) -> tuple:
    spec = _level_spec(e) if not is_list(e) else None
    specs = (spec,) if spec is not None else None
    if specs is None and is_list(e) and e.args:
        specs = tuple(_level_spec(a) for a in e.args)
        specs = specs if all(s is not None for s in specs) else None
    if specs is not None:
        for s in specs:
            if _empty_span(s):
                raise NetSpecError("partempty", _show_spec(s), symbol="PartLayer")
        return specs
    raise NetSpecError("netarg", e, "part specification",
                       "use i, i ;; j, i ;; j ;; k, All, a list of indices, or a list of these for "
                       "successive levels", symbol="PartLayer")


def _show_spec(spec):
    kind = spec[0]
    if kind == "all":
        return Symbol("All")
    if kind == "index":
        return Integer(spec[1])
    if kind == "list":
        return Expr.from_args(S.List, (Integer(k) for k in spec[1]))
    last = Symbol("All") if spec[2] is None else Integer(spec[2])
    args = (Integer(spec[1]), last) + ((Integer(spec[3]),) if spec[3] != 1 else ())
    return Expr(_SPAN, *args)


def _show_parts(parts):
    if len(parts) == 1 and parts[0][0] != "list":
        return _show_spec(parts[0])
    return Expr.from_args(S.List, (_show_spec(s) for s in parts))


@register
class Part(ShapeLayer):
    type_name = "Part"
    moves_values = True
    symbol = "PartLayer"
    usage = "PartLayer[i] represents a net layer that gives the ith part of the input."
    params = (Param("Specification", "custom", read=_read_parts, show=_show_parts),
              Param("$InputDimensions", "sizelist"), Param("$OutputDimensions", "sizelist"),
              Param("$SpanLength", "length"),
              Param("$Element", "elem"))        # integer codes stay integer codes
    min_args = max_args = 1
    sample = 'PartLayer[{All, {3, 1, 3}, 1 ;; -1, 2}, "Input" -> {"Varying", 3, 2, 2}]'
    examples = (
        ("PartLayer[2][{1, 2, 3}]", "2."),
        ("PartLayer[-2][{1, 2, 3}]", "2."),
        ("PartLayer[2 ;; All][{1, 2, 3}]", "{2., 3.}"),
        ("PartLayer[{All, 1}][{{1, 2}, {3, 4}}]", "{1., 3.}"),
        ("PartLayer[1 ;; -1 ;; 2][{1, 2, 3, 4, 5}]", "{1., 3., 5.}"),
        ('PartLayer[2 ;; -1, "Input" -> {"Varying", 2}][{{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}}}]',
         "{{{3., 4.}, {5., 6.}}, {{9., 10.}}}"),
        ('PartLayer[{{1, -1}}, "Input" -> {"Varying", 2}][{{{1, 2}, {3, 4}, {5, 6}}, {{7, 8}, {9, 10}}}]',
         "{{{1., 2.}, {5., 6.}}, {{7., 8.}, {9., 10.}}}"),
    )

    def parse_args(self, args, p):
        p["Specification"] = _read_parts(args[0])

    def compose(self, p, g):
        g.output("Output", g.take(g.input("Input"), parts=p["Specification"]))

    def inputs(self, p):
        d = p["$InputDimensions"]
        return {"Input": TensorT(d.dims, p["$Element"], d.tail)}

    def outputs(self, p):
        d = p["$OutputDimensions"]
        return {"Output": TensorT(d.dims, p["$Element"], d.tail)}

    def post(self, p, u):
        dims = known_rank(u, p["$InputDimensions"])
        if dims is None:
            return
        parts = p["Specification"]
        if len(parts) > len(dims):
            raise NetSpecError("rankx", self.symbol, f"at least {len(parts)}", len(dims), symbol=self.symbol)
        out = []
        for axis, d in enumerate(dims):
            spec = parts[axis] if axis < len(parts) else ("all",)
            if spec[0] == "all":
                out.append(d)
                continue
            if isinstance(d, LengthVar) and spec[0] == "index":
                continue                # one step of each sequence
            if isinstance(d, LengthVar) and spec[0] == "span":
                out.append(p["$SpanLength"])        # each sequence's own steps
                continue
            if isinstance(d, LengthVar) and spec[0] == "list":
                out.append(len(spec[1]))            # these steps of each sequence
                continue
            no_varying([d], self.symbol, "an input whose varying level would be indexed")
            if not isinstance(d, int):
                out.append(None if spec[0] != "index" else "drop")
                continue
            try:            # the parts of one level, against its size
                ((_, ix),) = part_plan((d,), (spec,))
            except StructureError as err:
                raise NetSpecError(err.tag, *err.slots, symbol=self.symbol)
            if spec[0] != "index":
                out.append(len(range(d)[ix]) if isinstance(ix, slice) else len(ix))
        set_dims(u, p["$OutputDimensions"], [d for d in out if d != "drop"], self.symbol)
