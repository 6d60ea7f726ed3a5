"""``ColorData`` and ``ColorDataFunction``: the Wolfram Language's colour schemes (the data
is in ``colour_schemes``).

    ColorData[]                          the collections: "Gradients", "Indexed", "Physical"
    ColorData["Gradients"]               the gradient names (likewise "Indexed", "Physical")
    ColorData["Rainbow"]                 ColorDataFunction["Rainbow", "Gradients", {0, 1},
                                             Blend["Rainbow", #1] &]
    ColorData["Rainbow"][0.3]            RGBColor[…]; ColorData["Rainbow", 0.3] too
    ColorData[{"Rainbow", "Reverse"}]    the colours in the other order
    ColorData[{"Rainbow", {lo, hi}}]     the gradient spread over lo..hi
    ColorData[97]                        ColorDataFunction[97, "Indexed", {1, ∞, 1}, …];
                                             [n] is the n-th colour (cycling)
    ColorData[s, "ColorList"|"Range"|"Name"|"ParameterCount"|"ColorFunction"|"Image"]

``scheme_colouring(f)`` gives the colouring (values → RGB rows) of a ColorDataFunction, for
the plots' ColorFunction option.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin, builtin_subvalue, declare
from wlnet.graphics.colour_schemes import (GRADIENT_NAMES, GRADIENT_STOPS, INDEXED, PHYSICAL,
                                           gradient_rgb, scheme_range)
from wlnet.graphics.style import rgb_expr
from wlnet.graphics.values import is_list, number

COLOR_DATA_FUNCTION = Symbol("ColorDataFunction")
COLLECTIONS = {"Gradients": GRADIENT_NAMES, "Indexed": tuple(sorted(INDEXED)),
               "Physical": tuple(PHYSICAL)}
PROPERTIES = ("ColorFunction", "ColorList", "Image", "Name", "ParameterCount", "Range")
NOT_APPLICABLE = Expr(S.Missing, String("NotApplicable"))

declare("ColorDataFunction", attributes=("Protected", "ReadProtected"),
        usage="ColorDataFunction[scheme, collection, range, f] is a colour scheme: applied "
              "to a value of its range it gives an RGBColor.")


class Scheme:
    """A colour scheme as ColorData's first argument names it: a gradient (or physical
    scheme), maybe reversed or spread over another range, or an indexed list."""

    def __init__(self, spec, base, collection: str, reverse=False, span=None):
        self.spec = spec                       # as the user wrote it (the function's name)
        self.base = base                       # "Rainbow", 97
        self.collection = collection           # "Gradients", "Physical", "Indexed"
        self.reverse = reverse
        self.span = span or (scheme_range(base) if collection != "Indexed" else None)

    def range_expr(self) -> Expr:
        if self.collection == "Indexed":
            return Expr(S.List, Integer(1), S.Infinity, Integer(1))
        return from_python(_exact_numbers(self.span))

    def function(self) -> Expr:
        slot = Expr(S.Slot, Integer(1))
        body = Expr(S.Blend, self.spec, slot) if self.collection != "Indexed" \
            else Expr(Symbol("ColorData"), self.spec, slot)
        return Expr(COLOR_DATA_FUNCTION, self.spec, String(self.collection),
                    self.range_expr(), Expr(S.Function, body))

    def rgb(self, values: np.ndarray) -> np.ndarray:
        """RGB rows of the scheme at ``values`` (of its range)."""
        if self.collection == "Indexed":
            colours = np.asarray(INDEXED[self.base])
            index = (np.round(np.nan_to_num(values, nan=1.0)).astype(np.int64) - 1) % len(colours)
            return colours[index]
        lo, hi = self.span
        t = (np.asarray(values, float) - lo) / (hi - lo) if hi != lo else np.zeros_like(values)
        t = np.clip(t, 0.0, 1.0)
        if self.reverse:
            t = 1.0 - t
        base_lo, base_hi = scheme_range(self.base)
        return gradient_rgb(self.base, base_lo + t * (base_hi - base_lo))


def _exact_numbers(pair):
    return [int(v) if float(v).is_integer() else float(v) for v in pair]


def scheme_of(spec) -> Scheme | None:
    """The Scheme ColorData's first argument names; None if it names none."""
    if type(spec) is Integer and spec.value in INDEXED:
        return Scheme(spec, spec.value, "Indexed")
    if type(spec) is String and spec.value in GRADIENT_STOPS:
        return Scheme(spec, spec.value, "Physical" if spec.value in PHYSICAL else "Gradients")
    if is_list(spec) and len(spec.args) == 2 and type(spec.args[0]) is String:
        base = scheme_of(spec.args[0])
        if base is None or base.collection == "Indexed":
            return None
        modifier = spec.args[1]
        if type(modifier) is String and modifier.value == "Reverse":
            return Scheme(spec, base.base, base.collection, reverse=True)
        if is_list(modifier) and len(modifier.args) == 2:
            lo, hi = number(modifier.args[0]), number(modifier.args[1])
            if lo is not None and hi is not None and hi > lo:
                return Scheme(spec, base.base, base.collection, span=(lo, hi))
    return None


def scheme_colouring(f):
    """values → RGB rows for a ColorDataFunction expression (or a ColorData[…] name);
    None if ``f`` is neither."""
    if type(f) is Expr and f.head is COLOR_DATA_FUNCTION and f.args:
        f = f.args[0]
    scheme = scheme_of(f)
    return None if scheme is None else scheme.rgb


def _colour_at(scheme: Scheme, x):
    value = number(x)
    if value is None:
        return None
    if scheme.collection == "Indexed" and not float(value).is_integer():
        return None
    return rgb_expr(np.round(scheme.rgb(np.array(value)), 6))


def _gradient_image(scheme: Scheme) -> Expr:
    lo, hi = scheme.span if scheme.span else (1, len(INDEXED[scheme.base]))
    values = np.linspace(lo, hi, 64 if scheme.collection != "Indexed" else int(hi))
    colours = np.round(scheme.rgb(values), 6)[None, :, :]
    return Expr(S.Graphics, Expr(S.Raster, from_python(colours)),
                Expr(S.Rule, Symbol("ImageSize"), Integer(180)),
                Expr(S.Rule, Symbol("AspectRatio"), Real(1 / 8)))


def _property(ev, scheme: Scheme, name: str):
    if name == "ColorFunction":
        return scheme.function()
    if name == "ColorList":
        if scheme.collection != "Indexed":
            return NOT_APPLICABLE
        return Expr(S.List, *[rgb_expr(c) for c in INDEXED[scheme.base]])
    if name == "Name":
        return String(str(scheme.base))
    if name == "ParameterCount":
        return Integer(1)
    if name == "Range":
        return scheme.range_expr()
    if name == "Image":
        return _gradient_image(scheme)
    return None


@builtin("ColorData", argc=(0, 2),
         usage="ColorData[\"scheme\"] is the colour scheme's function (a ColorDataFunction): "
               "ColorData[\"Rainbow\"][0.3] is an RGBColor; ColorData[97] the default plot "
               "colours; ColorData[\"scheme\", \"property\"] one of its properties; "
               "ColorData[\"Gradients\"] the names of the gradients.",
         messages={"notent": "`1` is not a known colour scheme or collection; ColorData[] "
                             "gives the collections.",
                   "prop": "`1` is not a property of a colour scheme; the properties are "
                           "`2`."})
def color_data(ev, spec=None, second=None):
    if spec is None:
        return Expr(S.List, *[String(name) for name in COLLECTIONS])
    if second is None and type(spec) is String and spec.value in COLLECTIONS:
        return from_python(list(COLLECTIONS[spec.value]))
    scheme = scheme_of(spec)
    if scheme is None:
        ev.message(Symbol("ColorData"), "notent", spec)
        return None
    if second is None:
        return scheme.function()
    if type(second) is String:
        result = _property(ev, scheme, second.value)
        if result is None:
            ev.message(Symbol("ColorData"), "prop", second,
                       Expr(S.List, *[String(p) for p in PROPERTIES]))
        return result
    return _colour_at(scheme, second)


@builtin_subvalue("ColorDataFunction")
def _apply_color_data_function(ev, f, *args):
    scheme = scheme_of(f.args[0]) if len(f.args) == 4 and len(args) == 1 else None
    return None if scheme is None else _colour_at(scheme, args[0])


def blend_gradient(name, x):
    """Blend["gradient", x]: the named gradient's colour at x (None if ``name`` is not a
    gradient)."""
    scheme = scheme_of(name)
    if scheme is None or scheme.collection == "Indexed":
        return None
    return _colour_at(scheme, x)
