"""NetArrayLayer[] and ConstantArrayLayer[]: a layer without inputs whose output is its
learned array "Array" (the same for every example of a batch).

``NetArrayLayer["Array" -> values]`` gives the array (and with it the output's shape),
``NetArrayLayer["Output" -> {d1, …}]`` only its dimensions (NetInitialize then fills it as
any array: weights when it has two levels or more, zeros otherwise).  ``layer[]`` gives
the array.  ConstantArrayLayer (WL 11.1; ``ConstantArrayLayer[{d1, …}]`` gives the
dimensions) and ArrayLayer (WL 12.0) are its older names; in WL 12.2+ they evaluate to
NetArrayLayer, as they do here.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S, String
from wlnet.net.registry import register
from wlnet.net.spec import ArraySpec, LayerSpec, Param
from wlnet.net.types import RealT, TensorT

_USAGE = "represents a net layer that has no input and produces as output a learned array."


@register
class NetArray(LayerSpec):
    type_name = "NetArray"
    symbol = "NetArrayLayer"
    usage = f"NetArrayLayer[] {_USAGE}"
    params = (Param("$Dimensions", "sizelist"),)
    # the array has exactly the output's dimensions, whatever its rank
    arrays = (ArraySpec("Array", lambda p: p["$Dimensions"]),)
    sample = 'NetArrayLayer["Output" -> {2, 3}]'
    examples = (
        ('NetArrayLayer["Array" -> {{1, 2}, {3, 4}}][]', "{{1., 2.}, {3., 4.}}"),
        ('Dimensions[NetInitialize[NetArrayLayer["Output" -> {3, 2}]][]]', "{3, 2}"),
        ('NetArrayLayer["Array" -> 2.5][]', "2.5"),
    )

    def outputs(self, p):
        d = p["$Dimensions"]
        return {"Output": TensorT(d.dims, RealT, d.tail)}

    def compose(self, p, g):
        g.output("Output", g.batch(g.array("Array")))


@register
class ConstantArray(NetArray):
    """The WL 11 name: the layer it builds is a NetArrayLayer (``builds``)."""
    type_name = "ConstantArray"
    symbol = "ConstantArrayLayer"
    usage = f"ConstantArrayLayer[] {_USAGE}"
    builds = "NetArrayLayer"
    sample = 'ConstantArrayLayer["Array" -> {1, 2, 3}]'
    examples = (
        ('Head[ConstantArrayLayer["Array" -> {1, 2, 3}]]', "NetArrayLayer"),
        ('ConstantArrayLayer["Array" -> {1, 2, 3}][]', "{1., 2., 3.}"),
        ('Dimensions[NetInitialize[ConstantArrayLayer[{2, 3}]][]]', "{2, 3}"),
    )

    def older_form(self, args: tuple) -> tuple:
        """The arguments for the layer it builds: the WL 11 form ConstantArrayLayer[{d1, …},
        opts] gives the output's dimensions ("Output" -> {d1, …})."""
        if args and type(args[0]) is Expr and args[0].head is S.List:
            return (Expr(S.Rule, String("Output"), args[0]),) + args[1:]
        return args


@register
class ArrayLayer(NetArray):
    """The WL 12.0 name (before NetArrayLayer, 12.1): builds a NetArrayLayer."""
    type_name = "ArrayLayer"
    symbol = "ArrayLayer"
    usage = f"ArrayLayer[] {_USAGE}"
    builds = "NetArrayLayer"
    sample = 'ArrayLayer["Array" -> {1, 2, 3}]'
    examples = (
        ('Head[ArrayLayer["Output" -> {2, 3}]]', "NetArrayLayer"),
        ('ArrayLayer["Array" -> {{1, 2}}][]', "{{1., 2.}}"),
    )
