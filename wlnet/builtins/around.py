"""``Around[x, δ]``: a value with an uncertainty, as measured data and the results of
repeated training runs are reported (``Around[Mean[accs], StandardDeviation[accs]]``).

``Around[{x1, x2, …}]`` is the mean of the values with their standard deviation;
``Around[x, {δ-, δ+}]`` keeps an asymmetric uncertainty (shown and plotted, not
propagated).  Arithmetic propagates symmetric uncertainties to first order, the
quantities taken as independent, as the Wolfram Language documents: for ``f(x, y, …)``,
``δf = sqrt((∂f/∂x δx)² + (∂f/∂y δy)² + …)``; that covers ``Plus``, ``Times``, ``Power``
and the elementary functions (``Sin``, ``Exp``, ``Log``, ``Sqrt``, …).  ``a["Value"]``
and ``a["Uncertainty"]`` take it apart; it prints as ``x ± δ``.  ``ListPlot`` of Arounds
draws error bars.
"""

from __future__ import annotations

import math

import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue
from wlnet.syntax.printer import P_PLUS, register_output_format

AROUND = Symbol("Around")
_MESSAGES = {
    "arg": "`1` is not a number with an uncertainty: give Around[x, δ] with a real δ ≥ 0, "
           "Around[x, {δ-, δ+}] or Around[{x1, x2, …}].",
    "prop": "`1` is not a property of Around (\"Value\", \"Uncertainty\").",
}


def around_parts(e) -> tuple[float, float, float] | None:
    """(value, lower uncertainty, upper uncertainty) of an evaluated ``Around``; None for
    anything else."""
    if not (type(e) is Expr and e.head is AROUND and len(e.args) == 2):
        return None
    x = float_value(e.args[0])
    if x is None:
        return None
    d = e.args[1]
    if type(d) is Expr and d.head is S.List and len(d.args) == 2:
        lo, hi = float_value(d.args[0]), float_value(d.args[1])
        return (x, lo, hi) if lo is not None and hi is not None else None
    delta = float_value(d)
    return (x, delta, delta) if delta is not None else None


def _symmetric(e) -> tuple[float, float] | None:
    parts = around_parts(e)
    if parts is None or parts[1] != parts[2]:
        return None
    return parts[0], parts[1]


def _around(value: float, delta: float) -> Expr:
    return Expr(AROUND, Real(float(value)), Real(float(abs(delta))))


@builtin("Around", argc=(1, 2), messages=_MESSAGES,
         usage="Around[x, δ] is x with the uncertainty δ; Around[x, {δ-, δ+}] with "
               "different uncertainties below and above; Around[{x1, x2, …}] the mean of the "
               "values with their standard deviation.  Arithmetic and elementary functions "
               "propagate the uncertainty.",
         examples=(("Around[1., 0.3] + Around[2., 0.4]", "Around[3., 0.5]"),
                   ("Around[{1, 2, 3}]", "Around[2., 1.]")))
def around(ev, x, delta=None):
    head = AROUND
    if delta is None:
        values = [float_value(a) for a in x.args] if type(x) is Expr and x.head is S.List \
            else None
        if not values or len(values) < 2 or None in values:
            ev.message(head, "arg", Expr(head, x))
            return None
        return _around(float(np.mean(values)), float(np.std(values, ddof=1)))
    if float_value(x) is None:                        # symbolic: a numeric δ is made
        return _symbolic_value(ev, x, delta)          # approximate, x stays as it is
    if type(delta) is Expr and delta.head is S.List:
        bounds = [float_value(d) for d in delta.args]
        if len(bounds) != 2 or None in bounds or min(bounds) < 0:
            ev.message(head, "arg", Expr(head, x, delta))
            return None
        return _numericized(ev, x, delta, delta.args)
    d = float_value(delta)
    if d is None or d < 0 or not math.isfinite(d):
        ev.message(head, "arg", Expr(head, x, delta))
        return None
    return _numericized(ev, x, delta, (delta,))


def _symbolic_value(ev, x, delta):
    """Around[x, 1/2] with a symbolic x: its page says a numeric δ makes x and δ numeric,
    and N leaves a symbol as it is (x ± 0.5); None when δ is symbolic or already
    approximate."""
    deltas = list(delta.args) if type(delta) is Expr and delta.head is S.List else [delta]
    values = [float_value(d) for d in deltas]
    if None in values or all(type(d) is Real for d in deltas):
        return None
    return Expr(AROUND, ev.evaluate(Expr(S.N, x)), ev.evaluate(Expr(S.N, delta)))


def _numericized(ev, x, delta, deltas):
    """Around[N[x], N[δ]] when a number in it is not yet approximate (Around[5, 1/2] is
    Around[5., 0.5]: its page says a numeric δ makes x and δ numeric); None when all are."""
    if all(type(v) is Real for v in (x, *deltas)):
        return None
    return Expr(AROUND, ev.evaluate(Expr(S.N, x)), ev.evaluate(Expr(S.N, delta)))


@builtin_subvalue("Around")
def _property(ev, a, *args):
    parts = around_parts(a)
    if parts is None or len(args) != 1:
        return None
    name = args[0].value if type(args[0]) is String else None
    if name == "Value":
        return a.args[0]
    if name == "Uncertainty":
        return a.args[1]
    ev.message(AROUND, "prop", args[0])
    return None


# ---------------------------------------------------------------------------- propagation

def _operands(args) -> list[tuple[float, float]] | None:
    """Each argument as (value, uncertainty): real numbers exact (0), symmetric Arounds;
    None when one is neither (symbolic, asymmetric)."""
    out = []
    for a in args:
        parts = _symmetric(a)
        if parts is None:
            value = float_value(a)
            if value is None:
                return None
            parts = (value, 0.0)
        out.append(parts)
    return out


def _combined(value: float, partials, deltas) -> Expr | None:
    if not math.isfinite(value):
        return None
    delta = math.sqrt(math.fsum((p * d) ** 2 for p, d in zip(partials, deltas)))
    return _around(value, delta)


@builtin_upvalue("Plus", "Around")
def _plus(ev, *terms):
    operands = _operands(terms)
    if operands is None:
        return None
    return _combined(math.fsum(v for v, _ in operands), [1.0] * len(operands),
                     [d for _, d in operands])


@builtin_upvalue("Times", "Around")
def _times(ev, *factors):
    operands = _operands(factors)
    if operands is None:
        return None
    values = [v for v, _ in operands]
    partials = [math.prod(values[:i] + values[i + 1:]) for i in range(len(values))]
    return _combined(math.prod(values), partials, [d for _, d in operands])


@builtin_upvalue("Power", "Around")
def _power(ev, base, exponent):
    operands = _operands((base, exponent))
    if operands is None:
        return None
    (b, db), (p, dp) = operands
    try:
        value = b ** p
        d_base = p * b ** (p - 1) if db else 0.0
        d_exponent = value * math.log(b) if dp else 0.0
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    if isinstance(value, complex):
        return None
    return _combined(value, [d_base, d_exponent], [db, dp])


# f, f' of the elementary functions Around passes through
_FUNCTIONS = {
    "Sin": (np.sin, np.cos), "Cos": (np.cos, lambda x: -np.sin(x)),
    "Tan": (np.tan, lambda x: 1 / np.cos(x) ** 2), "Exp": (np.exp, np.exp),
    "Log": (np.log, lambda x: 1 / x), "Sqrt": (np.sqrt, lambda x: 0.5 / np.sqrt(x)),
    "Tanh": (np.tanh, lambda x: 1 - np.tanh(x) ** 2),
    "ArcTan": (np.arctan, lambda x: 1 / (1 + x * x)), "Abs": (np.abs, np.sign),
    "Sinh": (np.sinh, np.cosh), "Cosh": (np.cosh, np.sinh),
}


def _elementary(name: str):
    f, derivative = _FUNCTIONS[name]

    def apply(ev, *args):
        operands = _operands(args) if len(args) == 1 else None
        if operands is None:
            return None
        (x, dx), = operands
        with np.errstate(all="ignore"):
            value, slope = float(f(x)), float(derivative(x))
        if not (math.isfinite(value) and math.isfinite(slope)):
            return None
        return _combined(value, [slope], [dx])
    return apply


for _name in _FUNCTIONS:
    builtin_upvalue(_name, "Around")(_elementary(_name))


_REPLACE_MESSAGES = {
    "rules": "`1` is not a list of rules s -> Around[x, δ] (or s -> x) with symmetric "
             "uncertainties.",
}


@builtin("AroundReplace", argc=(2, 3), messages=_REPLACE_MESSAGES,
         usage="AroundReplace[expr, {s1 -> Around[x1, δ1], …}] is the value of expr at the "
               "xi with the uncertainty propagated to first order through expr as a whole "
               "(a symbol used twice is one quantity, not two independent ones): "
               "Sqrt[Σ (∂expr/∂si δi)^2].",
         examples=(("AroundReplace[x - x, x -> Around[1, 0.1]]", "Around[0., 0.]"),
                   ("AroundReplace[x^2, x -> Around[2, 0.1]]", "Around[4., 0.4]")))
def around_replace(ev, expr, rules, order=None):
    if order is not None and order != Integer(1):
        return None                       # higher orders of the Taylor expansion: not here
    items = rules.args if type(rules) is Expr and rules.head is S.List else (rules,)
    symbols, values, deltas = [], [], []
    for r in items:
        parts = None
        if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and len(r.args) == 2:
            parts = _symmetric(r.args[1])
            if parts is None and float_value(r.args[1]) is not None:
                parts = (float_value(r.args[1]), 0.0)
        if parts is None:
            ev.message(Symbol("AroundReplace"), "rules", rules)
            return None
        symbols.append(r.args[0])
        values.append(parts[0])
        deltas.append(parts[1])
    at = Expr(S.List, *[Expr(S.Rule, s, Real(float(v))) for s, v in zip(symbols, values)])

    def numeric(e):
        return float_value(ev.evaluate(Expr(S.N, Expr(S.ReplaceAll, e, at))))

    value = numeric(expr)
    partials = [numeric(Expr(Symbol("D"), expr, s)) for s in symbols]
    if value is None or any(p is None for p in partials):
        return None
    return _combined(value, partials, deltas)


@builtin_upvalue("N", "Around")
def _numeric(ev, a, *rest):
    return Expr(AROUND, *(ev.evaluate(Expr(S.N, p, *rest)) for p in a.args))


# Around shows one or two digits of its uncertainty (two while their leading pair is below
# this) and the value to the same decimal place, as its page says
_TWO_DIGITS_BELOW = 35.5


def _shown_place(delta: float) -> int | None:
    """The decimal place (10^place) to which an uncertainty and its value are shown."""
    if not (math.isfinite(delta) and delta > 0):
        return None
    exponent = math.floor(math.log10(delta))
    leading = delta / 10.0 ** (exponent - 1)          # its first two digits, 10 <= … < 100
    return exponent - 1 if leading < _TWO_DIGITS_BELOW else exponent


def _text(a) -> str | None:
    """``x ± δ`` (``x +δ+ -δ-``): as the Wolfram Language shows it, δ with one or two
    significant digits (two while they read below 35.5) and x to the same decimal place (``1.342 ± 0.012`` for
    Around[1.3421, 0.012]); other values (symbols, exact numbers, extreme magnitudes) as
    they print."""
    from wlnet.syntax.printer import output_form
    if not (type(a) is Expr and len(a.args) == 2):
        return None
    x, d = a.args
    asymmetric = type(d) is Expr and d.head is S.List and len(d.args) == 2
    deltas = list(d.args) if asymmetric else [d]
    decimals = _shown_decimals(x, deltas)
    if decimals is None:
        shown = [output_form(v) for v in [x] + deltas]
    else:
        shown = [_fixed(float_value(v), decimals) for v in [x] + deltas]
        if not asymmetric and _is_compact(float_value(x), float_value(d)):
            return _compact(shown[0], shown[1])
    if asymmetric:
        return f"{shown[0]} +{shown[2]} -{shown[1]}"
    return f"{shown[0]} \u00b1 {shown[1]}"


# Around's page: an uncertainty very small beside its value is shown compactly, the value's
# last digits beside the uncertainty's (1.23456(78±12) for Around[1.2345678, 0.0000012]).
# The page gives no threshold; wlnet takes "very small" as below a millionth of the value,
# where x ± δ would show more digits than a machine real's 6
_COMPACT_BELOW = 1e-6


def _is_compact(value: float, delta: float) -> bool:
    return 0 < delta < abs(value) * _COMPACT_BELOW


def _compact(value: str, delta: str) -> str:
    """``1.23456(78±12)``: the value's digits at the uncertainty's shown places are set in
    parentheses with the uncertainty's significant digits."""
    significant = delta.replace(".", "").lstrip("0") or "0"
    count = len(significant)
    cut, taken = len(value), 0
    while taken < count and cut > 0:          # the value's last `count` digits
        cut -= 1
        if value[cut].isdigit():
            taken += 1
    head, tail = value[:cut], value[cut:]
    return f"{head}({tail}\u00b1{significant})"


def _shown_decimals(x, deltas) -> int | None:
    """The decimal places Around shows for real x and uncertainties: those of the smallest
    uncertainty's one or two significant digits (`_shown_place`); None when the numbers
    are not machine-sized reals that print in positional notation (then they print as
    they are)."""
    if not all(type(v) is Real for v in [x] + deltas):
        return None
    values = [float_value(v) for v in [x] + deltas]
    if not all(math.isfinite(v) for v in values):
        return None
    smallest = min(abs(v) for v in values[1:])
    if smallest == 0 or abs(values[0]) >= 1e6:
        return None
    decimals = -_shown_place(smallest)
    if decimals > 6 and not (len(deltas) == 1 and _is_compact(values[0], smallest)):
        return None                                   # 1.*10^-7 and smaller: as they print
    return decimals


def _fixed(v: float, decimals: int) -> str:
    """v rounded to ``decimals`` places; a negative count rounds to tens, hundreds…"""
    if decimals >= 0:
        return f"{v:.{decimals}f}"
    return f"{round(v, decimals):.0f}"


register_output_format("Around", _text, precedence=P_PLUS)     # (1.0 ± 0.1) x
