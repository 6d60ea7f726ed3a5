"""PaddingLayer[{{m1, n1}, {m2, n2}, …}]: m_i elements before and n_i after at level i of
the input (later levels unpadded), as ArrayPad does.

Padding -> val (default 0) fills with a constant; "Fixed" repeats the elements on each
boundary, "Reflected" reflects the array in it (without repeating the boundary), "Reversed"
reverses it (repeating the boundary), "Periodic" repeats it cyclically.  A sequence's
varying level (the first) can be padded: each example is padded after its own last element
(the copying methods copy from the example's own elements), and the output is a sequence
of its own length; a varying level elsewhere cannot.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, Real, S, String
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import ShapeLayer, is_list, known_rank, no_varying, set_dims
from wlnet.net.registry import register
from wlnet.net.spec import Param, real_value
from wlnet.net.types import LengthVar, fresh_length

_METHODS = ("Fixed", "Reflected", "Reversed", "Periodic")


def _read_widths(e) -> tuple:
    if is_list(e) and e.args and all(
            is_list(w) and len(w.args) == 2 and all(type(a) is Integer and a.value >= 0 for a in w.args)
            for w in e.args):
        return tuple((w.args[0].value, w.args[1].value) for w in e.args)
    raise NetSpecError("netarg", e, "padding specification",
                       "it should be a list {{m1, n1}, {m2, n2}, …} of non-negative integers",
                       symbol="PaddingLayer")


def _show_widths(widths):
    return Expr.from_args(S.List, (Expr(S.List, Integer(m), Integer(n)) for m, n in widths))


def _read_method(e):
    if type(e) is String and e.value in _METHODS:
        return e.value
    value = real_value(e)
    if value is not None:
        return value
    raise NetSpecError("netarg", e, "Padding setting",
                       'it should be a number, "Fixed", "Reflected", "Reversed" or "Periodic"',
                       symbol="PaddingLayer")


def _show_method(m):
    return String(m) if isinstance(m, str) else Real(m)


@register
class Padding(ShapeLayer):
    type_name = "Padding"
    symbol = "PaddingLayer"
    usage = "PaddingLayer[{{m1, n1}, {m2, n2}, …}] represents a net layer that pads an input array with mi elements at the beginning and ni elements at the end at level i of the array."
    params = (Param("PaddingSize", "custom", read=_read_widths, show=_show_widths),
              Param("Padding", "custom", default=lambda: 0.0, read=_read_method, show=_show_method),
              Param("$InputDimensions", "sizelist"), Param("$OutputDimensions", "sizelist"))
    options = {"Padding": Integer(0)}
    # the padding may follow the widths as a positional parameter, PaddingLayer[{{0, 0},
    # {0, 1}}, -100] (WL lists it as the layer's optional parameter; WL 11 programs write it so)
    min_args, max_args = 1, 2
    sample = 'PaddingLayer[{{0, 0}, {2, 1}, {1, 1}}, Padding -> "Reflected", "Input" -> {"Varying", 3, 2}]'
    examples = (
        ("PaddingLayer[{{1, 2}}][{1, 2, 3}]", "{0., 1., 2., 3., 0., 0.}"),
        ("PaddingLayer[{{1, 1}}, Padding -> -999][{1, 2}]", "{-999., 1., 2., -999.}"),
        ("PaddingLayer[{{0, 1}}, -100][{1, 2}]", "{1., 2., -100.}"),
        ('PaddingLayer[{{2, 1}}, Padding -> "Fixed"][{1, 2, 3}]', "{1., 1., 1., 2., 3., 3.}"),
        ('PaddingLayer[{{2, 1}}, Padding -> "Reflected"][{1, 2, 3}]', "{3., 2., 1., 2., 3., 2.}"),
        ('PaddingLayer[{{2, 1}}, Padding -> "Periodic"][{1, 2, 3}]', "{2., 3., 1., 2., 3., 1.}"),
        ('PaddingLayer[{{2, 1}}, Padding -> "Reversed"][{1, 2, 3}]', "{2., 1., 1., 2., 3., 3.}"),
        ("PaddingLayer[{{1, 0}, {0, 1}}][{{1, 2}, {3, 4}}]", "{{0., 0., 0.}, {1., 2., 0.}, {3., 4., 0.}}"),
    )

    def parse_args(self, args, p):
        p["PaddingSize"] = _read_widths(args[0])
        if len(args) > 1:
            p["Padding"] = _read_method(args[1])

    def parse_option(self, name, value, p):
        p["Padding"] = _read_method(value)

    def compose(self, p, g):
        g.output("Output", g.pad(g.input("Input"), widths=p["PaddingSize"], method=p["Padding"]))

    def post(self, p, u):
        dims = known_rank(u, p["$InputDimensions"])
        if dims is None:
            return
        widths = p["PaddingSize"]
        if len(widths) > len(dims):
            raise NetSpecError("rankx", self.symbol, f"at least {len(widths)}", len(dims), symbol=self.symbol)
        out = []
        for i, d in enumerate(dims):
            m, n = widths[i] if i < len(widths) else (0, 0)
            if m == n == 0:
                out.append(d)
                continue
            if isinstance(d, LengthVar) and i > 0:
                no_varying([d], self.symbol, "an input whose varying level would be padded")
            if isinstance(d, int) and p["Padding"] == "Reflected" and max(m, n) >= d:
                raise NetSpecError("padw", "{" + ", ".join(map(str, dims)) + "}", symbol=self.symbol)
            if isinstance(d, LengthVar):
                out.append(self._padded_length(u, p, d))
            else:
                out.append(d + m + n if isinstance(d, int) else None)
        set_dims(u, p["$OutputDimensions"], out, self.symbol)

    def _padded_length(self, u, p, length):
        """A padded sequence is a sequence of its own length (each example's length plus
        the padding): the output's LengthVar once it has one, else a new one; never the
        input's."""
        have = u.resolve(p["$OutputDimensions"])
        out = have.dims[0] if have.dims else None
        if out == length or isinstance(out, int):
            raise NetSpecError("tyinc", f"output of {self.symbol}",
                               "a sequence as long as its input" if out == length
                               else f"length {out}", "dimensions computed from its input",
                               "a sequence longer than its input", symbol=self.symbol)
        return out if isinstance(out, LengthVar) else fresh_length()
