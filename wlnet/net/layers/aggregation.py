"""AggregationLayer[f] (≡ AggregationLayer[f, 2 ;; All]), AggregationLayer[f, n],
AggregationLayer[f, n1 ;; n2], AggregationLayer[f, {n1, n2, …}], and SummationLayer[]
(≡ AggregationLayer[Total, All]: the sum of every element, a real number).

f is Max, Min, Mean, Total, Times, Variance, StandardDeviation, Median, MeanDeviation or
InterquartileRange (WL's: Quantile[…, {{1/2, 0}, {0, 1}}] at 3/4 minus at 1/4), applied over the given levels
(from 1, negative from the end): a d1×…×dn array gives the array of the remaining levels
(AggregationLayer[f] on channels × height × width gives one number per channel).  Over a
sequence's varying level only the valid steps take part.  Variance is WL's (divided by
n - 1), composed of sums: (Total[x^2] - Total[x] Mean[x]) / (n - 1).
"""

from __future__ import annotations

from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.net.errors import NetSpecError
from wlnet.net.layers._shapes import is_list, known_rank, port, set_dims
from wlnet.net.primitives import StructureError, level_axes
from wlnet.net.registry import register
from wlnet.net.spec import LayerSpec, Param
from wlnet.net.types import RealT, TensorT

FUNCTIONS = ("Max", "Min", "Mean", "Total", "Times", "Variance", "StandardDeviation", "Median",
             "MeanDeviation", "InterquartileRange")


def _read_function(e) -> str:
    if type(e) is Symbol and e.name in FUNCTIONS:
        return e.name
    raise NetSpecError("netarg", e, "aggregation function",
                       "it should be Max, Min, Mean, Total, Times, Variance, StandardDeviation, "
                       "Median, MeanDeviation or InterquartileRange",
                       symbol="AggregationLayer")


def _variance(g, x, levels):
    """WL's Variance over ``levels``: (Total[x^2] - Total[x] Mean[x]) / (n - 1), n counting
    only a sequence's valid steps (the reductions skip its padding)."""
    def total(v, function="Total"):
        return g.reduce(v, function=function, levels=levels)
    count = total(g.add(g.times(x, g.const(0.0)), g.const(1.0)))
    spread = g.subtract(total(g.times(x, x)), g.times(total(x), total(x, "Mean")))
    return g.divide(spread, g.subtract(count, g.const(1.0)))


def _root(g, v):
    """Sqrt[v], 0 where v is not positive, without the infinite slope of Sqrt at 0 (a
    constant row, or a sequence's padding, would give NaN gradients)."""
    positive = g.greater(v, g.const(0.0))
    safe = g.where(positive, v, g.const(1.0))
    return g.where(positive, g.map(safe, function="Sqrt"), g.const(0.0))


def _level(e) -> int | None:
    return e.value if type(e) is Integer and e.value != 0 else None


def _read_levels(e):
    """("all",) | ("one", n) | ("span", a, b or None) | ("list", (n1, …))."""
    if type(e) is Symbol and e.name == "All":
        return ("all",)
    if _level(e) is not None:
        return ("one", e.value)
    if type(e) is Expr and e.head is Symbol("Span") and len(e.args) == 2 and _level(e.args[0]) is not None:
        last = e.args[1]
        if type(last) is Symbol and last.name == "All":
            return ("span", e.args[0].value, None)
        if _level(last) is not None:
            return ("span", e.args[0].value, last.value)
    if is_list(e) and e.args and all(_level(a) is not None for a in e.args):
        return ("list", tuple(a.value for a in e.args))
    raise NetSpecError("invlevel", e, "AggregationLayer",
                       "use n, n1 ;; n2, {n1, n2, …} or All (levels from 1, negative from the end)",
                       symbol="AggregationLayer")


def _show_levels(levels):
    kind = levels[0]
    if kind == "all":
        return Symbol("All")
    if kind == "one":
        return Integer(levels[1])
    if kind == "span":
        return Expr(Symbol("Span"), Integer(levels[1]),
                    Symbol("All") if levels[2] is None else Integer(levels[2]))
    return Expr.from_args(S.List, (Integer(n) for n in levels[1]))


class _Reduction(LayerSpec):
    """A reduction over levels of the input: the output is the levels that remain."""

    def function(self, p) -> str:
        return p["Function"]

    def compose(self, p, g):
        f, x = self.function(p), g.input("Input")
        if f in ("Variance", "StandardDeviation"):
            y = _variance(g, x, p["Levels"])
            g.output("Output", y if f == "Variance" else _root(g, y))
        else:
            g.output("Output", g.reduce(x, function=f, levels=p["Levels"]))

    def inputs(self, p):
        return {"Input": port(p["$InputDimensions"])}

    def post(self, p, u):
        dims = known_rank(u, p["$InputDimensions"])
        if dims is None:
            return
        try:
            axes = level_axes(len(dims), p["Levels"], self.symbol)
        except StructureError as err:
            raise NetSpecError(err.tag, *err.slots, symbol=self.symbol)
        self.set_output(p, u, [d for i, d in enumerate(dims) if i not in axes])

    def set_output(self, p, u, dims):
        set_dims(u, p["$OutputDimensions"], dims, self.symbol)


@register
class Aggregation(_Reduction):
    type_name = "Aggregation"
    symbol = "AggregationLayer"
    usage = "AggregationLayer[f] represents a layer that aggregates an array of arbitrary rank into a vector, using the function f."
    params = (Param("Function", "custom", read=_read_function, show=Symbol),
              Param("Levels", "custom", default=lambda: ("span", 2, None), read=_read_levels,
                    show=_show_levels),
              Param("$InputDimensions", "sizelist"), Param("$OutputDimensions", "sizelist"))
    min_args, max_args = 1, 2
    sample = 'AggregationLayer[Max, {1, -1}, "Input" -> {"Varying", 2, 3}]'
    examples = (
        ("AggregationLayer[Max][{{1, 5, 2}, {7, 0, 3}}]", "{5., 7.}"),
        ("AggregationLayer[Total, 2][{{1, 2}, {3, 4}}]", "{3., 7.}"),
        ("AggregationLayer[Mean, 1][{{1, 2}, {3, 4}}]", "{2., 3.}"),
        ("AggregationLayer[Variance][{{1, 2, 6}, {3, 3, 3}}]", "{7., 0.}"),
        ("AggregationLayer[Median][{{1, 5, 2}, {7, 0, 3, 4}[[;; 3]]}]", "{2., 3.}"),
        ("AggregationLayer[InterquartileRange, 1][{1, 2, 3, 4}]", "2."),
        ("AggregationLayer[MeanDeviation, 1][{1, 2, 3, 6}]", "1.5"),
        ('NetExtract[AggregationLayer[Min, {1, 3, 4}, "Input" -> {2, 3, 4, 5}], "Output"]',
         "3"),
    )

    def parse_args(self, args, p):
        p["Function"] = _read_function(args[0])
        if len(args) == 2:
            p["Levels"] = _read_levels(args[1])

    def outputs(self, p):
        return {"Output": port(p["$OutputDimensions"])}


@register
class Summation(_Reduction):
    type_name = "Summation"
    symbol = "SummationLayer"
    usage = "SummationLayer[] represents a net layer that sums all of its input elements."
    params = (Param("$InputDimensions", "sizelist"),)
    sample = 'SummationLayer["Input" -> {"Varying", 2}]'
    examples = (
        ("SummationLayer[][{{1, 2}, {3, 4}}]", "10."),
        ('SummationLayer["Input" -> 4][{1, 2, 3, 4}]', "10."),
    )

    def function(self, p):
        return "Total"

    def compose(self, p, g):
        g.output("Output", g.reduce(g.input("Input"), function="Total", levels=("all",)))

    def outputs(self, p):
        return {"Output": TensorT((), RealT)}

    def post(self, p, u):
        pass                        # any input gives one number
