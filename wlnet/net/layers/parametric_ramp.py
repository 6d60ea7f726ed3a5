"""ParametricRampLayer[], ParametricRampLayer[levels]: a leaky ramp whose slope for
negative inputs is learned, x for x > 0 and slope x otherwise.

The "Slope" array has the input's dimensions at ``levels`` (n, n1 ;; n2, {n1, n2, …}
from 1, negative from the end; ``{}``: one slope for every element) and is shared along
the other levels: on a 3×4 input, ParametricRampLayer[] has 3 slopes, ParametricRampLayer[2]
has 4.  Every slope starts at 0.1.  A level that is a sequence's varying length cannot
have a slope each.

ParametricRampLayer[] takes level 1 (the page's "the level used is 1"): the channels of an
image, the elements of a vector.  On a sequence that level is the varying length, so the
default takes level 1 of each step instead (the page's Scope initializes it on "a sequence
of length-3 vectors": three slopes, shared along the sequence); it is kept as Automatic
until the input is known, then shown as the level it came to (1, or 2 on a sequence).
Explicit levels count the sequence's dimension like every other
layer's levels (NormalizationLayer[2 ;;] on a sequence of vectors).
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import is_list, known_rank, no_varying, port, set_dims
from wlnet.net.layers.aggregation import _read_levels, _show_levels
from wlnet.net.primitives import StructureError, level_axes
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, LayerSpec, Param
from wlnet.net.types import LengthVar

SYMBOL = "ParametricRampLayer"


# the default level: 1, or 1 of each step when level 1 is a sequence's varying length
AUTOMATIC = ("automatic",)


def _read(e):
    if type(e) is Symbol and e.name == "Automatic":
        return AUTOMATIC
    if is_list(e) and not e.args:
        return ("list", ())
    try:
        return _read_levels(e)
    except NetSpecError:
        raise NetSpecError("invlevel", e, SYMBOL, "use n, n1 ;; n2, {n1, n2, …} or {} (levels "
                           "from 1, negative from the end)", symbol=SYMBOL)


def _show(levels):
    if levels == AUTOMATIC:
        return Symbol("Automatic")
    return Expr(S.List) if levels == ("list", ()) else _show_levels(levels)


@register
class ParametricRamp(LayerSpec):
    type_name = "ParametricRamp"
    symbol = SYMBOL
    usage = ("ParametricRampLayer[] represents a net layer that computes a leaky ReLU "
             "activation with a slope that can be learned.")
    params = (Param("Levels", "custom", default=lambda: AUTOMATIC, read=_read, show=_show),
              Param("$Dimensions", "sizelist"), Param("$SlopeDimensions", "sizelist"))
    arrays = (ArraySpec("Slope", lambda p: p["$SlopeDimensions"], init=0.1, rank_from_input=True),)
    min_args, max_args = 0, 1
    sample = 'ParametricRampLayer[{1, 3}, "Input" -> {2, 3, 2}]'
    examples = (
        ('ParametricRampLayer[{}, "Slope" -> 0.25][{{10, 10, 10}, {-10, -10, -10}}]',
         "{{10., 10., 10.}, {-2.5, -2.5, -2.5}}"),
        ('NetInitialize[ParametricRampLayer["Input" -> 3]][{-1, 0, 2}]', "{-0.1, 0., 2.}"),
        ('Dimensions[NetExtract[NetInitialize[ParametricRampLayer[2, "Input" -> {3, 4}]], "Slope"]]',
         "{4}"),
        # one number fills the slopes (the YOLO head's ParametricRampLayer["Slope" -> 0.1])
        ('Normal[NetExtract[ParametricRampLayer["Slope" -> 0.1, "Input" -> {2, 3, 3}], "Slope"]]',
         "{0.1, 0.1}"),
    )

    def parse_args(self, args, p):
        if args:
            p["Levels"] = _read(args[0])

    def inputs(self, p):
        return {"Input": port(p["$Dimensions"])}

    def outputs(self, p):
        return {"Output": port(p["$Dimensions"])}

    def _axes(self, p, dims) -> tuple:
        levels = p["Levels"]
        if levels == AUTOMATIC:
            # level 1 of each step of a sequence (of what has a step: a sequence of
            # numbers keeps its level 1, the varying length, which has no slope each)
            stepped = len(dims) > 1 and isinstance(dims[0], LengthVar)
            levels = ("one", 2 if stepped else 1)
        try:
            return level_axes(len(dims), levels, self.symbol)
        except StructureError as err:
            raise NetSpecError(err.tag, *err.slots, symbol=self.symbol)

    def settled(self, p):
        dims = p["$Dimensions"]
        if p["Levels"] != AUTOMATIC or dims.tail is not None:
            return p
        stepped = len(dims.dims) > 1 and isinstance(dims.dims[0], LengthVar)
        return {**p, "Levels": ("one", 2 if stepped else 1)}

    def post(self, p, u):
        if p["Levels"] == ("list", ()):         # one slope for every element, whatever the input
            set_dims(u, p["$SlopeDimensions"], [], self.symbol, "slope")
            return
        dims = known_rank(u, p["$Dimensions"])
        if dims is None:
            return
        slope = [dims[a] for a in self._axes(p, dims)]
        no_varying(slope, self.symbol, "a slope for each step of a sequence")
        set_dims(u, p["$SlopeDimensions"], slope, self.symbol, "slope")

    def compose(self, p, g):
        x = g.input("Input")
        dims = p["$Dimensions"].dims
        axes = self._axes(p, dims)
        # the slopes along their levels, size 1 along the others: numpy broadcasting
        # shares them over the rest of each example (and over the batch)
        shape = tuple(dims[a] if a in axes else 1 for a in range(len(dims)))
        slope = g.reshape(g.array("Slope"), dims=shape)
        g.output("Output", g.add(g.max(x, 0.0), g.times(slope, g.min(x, 0.0))))
