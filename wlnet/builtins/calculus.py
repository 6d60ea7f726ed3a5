"""Symbolic calculus: ``D`` (and ``Grad``, ``Div``, ``Curl``, ``Laplacian``), ``Integrate``,
``Limit``, ``Series`` (and ``SeriesData``, ``Normal`` of it), computed by SymPy through
wlnet.builtins._sympy_bridge.

Results come back as expressions and are evaluated again, so they take the language's own
canonical form (``D[x^3, x]`` is ``3 x^2``).  What SymPy cannot do (an integral it has no
antiderivative for, a limit it cannot decide) stays unevaluated, as the Wolfram Language
leaves it; a bad variable gets a message.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.pattern import substitute
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue, declare, \
    split_options

_MESSAGES = {
    "ivar": "`1` is not a valid variable.",
    "dvar": "`1` is not a valid variable specification: give x, {x, n} or {{x1, x2, …}}.",
    "ilim": "`1` is not a valid limit of integration: give {x, xmin, xmax}.",
    "sspec": "`1` is not a valid series specification: give {x, x0, n} with an integer n.",
    "lim": "`1` is not a valid limit specification: give x -> x0.",
    "pspec": "`1` is not a valid point specification: give {z, z0}.",
    "chart": "`1` is not a coordinate chart for the variables `2`: give \"Cartesian\", "
             "\"Polar\" (r, θ), \"Cylindrical\" (r, θ, z) or \"Spherical\" (r, θ, φ).",
    "chvec": "`1` of a list of functions is worked in Cartesian coordinates only, not in "
             "`2`.",
}
_SERIES_DATA = Symbol("SeriesData")

declare("SeriesData", attributes=("Protected",),
        usage="SeriesData[x, x0, {a0, a1, …}, nmin, nmax, den] is a power series in x - x0 "
              "(what Series gives): the sum of ak (x - x0)^((nmin + k)/den) + O[x - x0]^"
              "(nmax/den).  Normal turns it into an ordinary expression.")
declare("Direction", attributes=("Protected",),
        usage="Direction is an option of Limit: \"FromAbove\" (or -1), \"FromBelow\" (or 1), "
              "Reals (both sides, the default) or Complexes.")



def _is_variable(e) -> bool:
    """A symbol that is not a constant, or an undefined function's value ``f[x]``."""
    if type(e) is Symbol:
        return e.name not in ("Pi", "E", "I", "Infinity", "True", "False", "EulerGamma")
    return False


def _back(ev, t: Translation, obj):
    """SymPy's result as an evaluated expression; None when it has no Wolfram form."""
    try:
        return ev.evaluate(t.back(obj))
    except Untranslatable:
        return None


# ---------------------------------------------------------------------------- D

def _derivative_steps(ev, spec):
    """The variables (with multiplicity) of one D specification, or ``("grad", vars)``."""
    if _is_variable(spec):
        return [(spec, 1)]
    if is_list(spec) and len(spec.args) == 1 and is_list(spec.args[0]):
        return ("grad", list(spec.args[0].args))
    if is_list(spec) and len(spec.args) == 2 and _is_variable(spec.args[0]) \
            and type(spec.args[1]) is Integer and spec.args[1].value >= 0:
        return [(spec.args[0], spec.args[1].value)]
    return None


def _differentiate(ev, f, specs):
    if is_list(f):
        parts = [_differentiate(ev, a, specs) for a in f.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    if not specs:
        return f
    spec, rest = specs[0], specs[1:]
    steps = _derivative_steps(ev, spec)
    if steps is None:
        ev.message(S.D, "ivar" if not is_list(spec) else "dvar", spec)
        return None
    if isinstance(steps, tuple):                      # {{x1, x2, …}}: the gradient
        parts = [_differentiate(ev, f, [v] + list(rest)) for v in steps[1]]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    (var, n), = steps
    t = Translation()
    try:
        g = t.to(f)
    except Untranslatable:
        return None
    if t.opaque_contains(var):
        return None
    x = t.to(var)
    try:
        derivative = _wl_derivative_forms(t.sp, t.sp.diff(g, x, n)) if n else g
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    result = _back(ev, t, derivative)
    if result is None:
        return None
    return _differentiate(ev, result, rest)


def _wl_derivative_forms(sp, d):
    """The derivatives of Tan, Tanh, Cot, Coth as WL writes them (Sec[x]^2, Sech[x]^2,
    -Csc[x]^2, -Csch[x]^2), where SymPy writes c (1 + Tan[x]^2), 1/Sinh[x]^2 and the like."""
    # f: (s, g, k) where c (1 + s f^2) is k c g^2
    square_of = {sp.tan: (1, sp.sec, 1), sp.tanh: (-1, sp.sech, 1), sp.cot: (1, sp.csc, 1),
                 sp.coth: (-1, sp.csch, -1)}

    def rewritten(e):
        if len(e.args) != 2:
            return e
        for const, other in (e.args, e.args[::-1]):
            coeff, rest = other.as_coeff_Mul()
            if const.is_number and rest.is_Pow and rest.exp == 2 and \
                    rest.base.func in square_of:
                sign, partner, factor = square_of[rest.base.func]
                if coeff == sign * const:
                    return factor * const * partner(rest.base.args[0]) ** 2
        return e

    d = d.replace(lambda e: e.is_Add, rewritten)
    w = sp.Wild("w")
    return d.replace(sp.sinh(w) ** -2, sp.csch(w) ** 2).replace(sp.cosh(w) ** -2,
                                                                  sp.sech(w) ** 2)


@builtin("D", argc=(1, None), messages=_MESSAGES,
         usage="D[f, x] is the partial derivative of f with respect to x; D[f, {x, n}] the "
               "n-th derivative; D[f, x, y, …] derivatives in turn; D[f, {{x1, x2, …}}] the "
               "gradient.",
         examples=(("D[x^3 + 2 x, x]", "2 + 3 x^2"),
                   ("D[Sin[x] y, x, y]", "Cos[x]"),
                   ("D[x^4, {x, 2}]", "12 x^2"),
                   ("D[x^2 y, {{x, y}}]", "{2 x y, x^2}")))
def d(ev, f, *specs):
    return _differentiate(ev, f, list(specs))


@builtin_subvalue("Derivative")
def _derivative_of_function(ev, derivative, f):
    """``Derivative[n][f]`` of a pure function (``Function[x, x^2]'`` is
    ``Function[x, 2 x]``) or of an InterpolatingFunction (its pieces differentiated)."""
    orders = derivative.args
    if not orders or not all(type(n) is Integer and n.value >= 0 for n in orders):
        return None
    if type(f) is Expr and f.head is Symbol("InterpolatingFunction") and len(orders) == 1:
        from wlnet.builtins.numerical import derivative_of_interpolation
        return derivative_of_interpolation(f, orders[0].value)
    if type(f) is Symbol or type(f) is Expr and f.head is S.Function and len(f.args) == 1:
        return _derivative_of_symbol(ev, orders, f)         # f' or (#^2 &)'
    if not (type(f) is Expr and f.head is S.Function and len(f.args) == 2):
        return None
    params = f.args[0].args if is_list(f.args[0]) else (f.args[0],)
    if len(params) != len(orders) or not all(type(p) is Symbol for p in params):
        return None
    specs = [Expr(S.List, p, n) for p, n in zip(params, orders) if n.value]
    body = _differentiate(ev, f.args[1], specs)
    return None if body is None else Expr(S.Function, f.args[0], body)


# the derivatives of symbols being worked out (D of f[x] names f's derivative again)
_DIFFERENTIATING: set = set()


def _derivative_of_symbol(ev, orders, f):
    """``f'`` for a function symbol: ``D[f[#1, …], …]`` as a pure function of slots when f's
    definitions (or f's own rules, for a builtin) answer for symbolic arguments
    (``f[x_] := x^2`` makes ``f'`` ``2 #1 &``, ``Sin'`` is ``Cos[#1] &``); None (it stays)
    when the derivative would name f's derivative again (f undefined, or defined for
    numbers only)."""
    key = (f, tuple(n.value for n in orders))
    if not any(key[1]) or f in (S.Function, S.List, S.Slot) or key in _DIFFERENTIATING:
        return None              # (within its own D: the derivative's form is being made)
    variables = [Symbol(f"Derivative`x{i + 1}") for i in range(len(orders))]
    specs = [Expr(S.List, x, n) for x, n in zip(variables, orders) if n.value]
    _DIFFERENTIATING.add(key)
    try:
        body = _differentiate(ev, ev.evaluate(Expr(f, *variables)), specs)
    finally:
        _DIFFERENTIATING.discard(key)
    if body is None or _mentions_derivative_of(body, f):
        return None
    slots = {x: Expr(S.Slot, Integer(i + 1)) for i, x in enumerate(variables)}
    return Expr(S.Function, substitute(body, slots))


def _mentions_derivative_of(e, f) -> bool:
    if type(e) is not Expr:
        return False
    head = e.head
    if type(head) is Expr and head.args == (f,) and type(head.head) is Expr \
            and head.head.head is S.Derivative:
        return True
    return _mentions_derivative_of(head, f) or any(_mentions_derivative_of(a, f)
                                                    for a in e.args)


@builtin_subvalue("Derivative", depth=2)
def _derivative_at_numbers(ev, head, *args):
    """``f'[x0]`` at machine numbers when f's derivative has no symbolic form (f defined for
    numbers only, ``f[x_?NumericQ] := …``): a numerical derivative, by central differences
    with Richardson's extrapolation, as WL gives one."""
    orders = head.head.args
    f = head.args[0] if len(head.args) == 1 else None
    if (f is None or len(orders) != len(args)
            or not all(type(n) is Integer and n.value >= 0 for n in orders)
            or not all(type(a) is Real and a.is_machine for a in args)):
        return None
    point = [a.value for a in args]

    def value(at):
        v = ev.evaluate(Expr(f, *[Real(float(x)) for x in at]))
        if type(v) is Real and v.is_machine:
            return v.value
        raise ValueError(v)
    try:
        d = _central_derivative(value, point, [n.value for n in orders])
    except (ValueError, ZeroDivisionError, OverflowError):
        return None
    return Real(d)


def _central_derivative(value, point: list, orders: list) -> float:
    """The mixed partial derivative of ``value`` (a function of a point) at ``point``."""
    axis = next((i for i, n in enumerate(orders) if n), None)
    if axis is None:
        return value(point)
    k = orders[axis]
    rest = orders[:axis] + [0] + orders[axis + 1:]
    scale = max(1.0, abs(point[axis]))
    h = 2.220446049250313e-16 ** (1.0 / (k + 4)) * scale

    def difference(step):
        from math import comb
        total = 0.0
        for j in range(k + 1):
            shifted = list(point)
            shifted[axis] = point[axis] + (k / 2 - j) * step
            total += (-1) ** j * comb(k, j) * _central_derivative(value, shifted, rest)
        return total / step ** k
    coarse, fine = difference(h), difference(h / 2)
    return (4 * fine - coarse) / 3                 # the h^2 error terms cancel


# The orthogonal coordinate charts: the scale factor (Lamé coefficient) of each
# coordinate, from the variables; vector components are along the chart's orthonormal
# basis, as the Wolfram Language gives them.
_CHART_SCALES = {
    "Polar": (2, lambda r, t: [Integer(1), r]),
    "Cylindrical": (3, lambda r, t, z: [Integer(1), r, Integer(1)]),
    "Spherical": (3, lambda r, t, p: [Integer(1), r, Expr(S.Times, r, Expr(S.Sin, t))]),
}


def _chart_scales(ev, head, variables, chart):
    """The scale factors of ``chart`` for ``variables`` (None for Cartesian coordinates),
    or False after a message."""
    name = chart.value if type(chart) is String else None
    if is_list(chart) and chart.args and type(chart.args[0]) is String:
        name = chart.args[0].value                     # {"Spherical", 3} and the like
    if chart is None or name == "Cartesian":
        return None
    found = _CHART_SCALES.get(name)
    if found is None or found[0] != len(variables.args):
        ev.message(head, "chart", chart, variables)
        return False
    return found[1](*variables.args)


def _times(*factors):
    return Expr(S.Times, *factors)


def _over(a, b):
    return Expr(S.Times, a, Expr(S.Power, b, Integer(-1)))


def _scalar_only(ev, head, f, chart) -> bool:
    """True when f is not a list; else a message (vector calculus of a list of functions
    is done in Cartesian coordinates only)."""
    if is_list(f):
        ev.message(head, "chvec", head, chart)
        return False
    return True


@builtin("Grad", argc=(2, 3), messages=_MESSAGES,
         usage="Grad[f, {x1, x2, …}] is the gradient {D[f, x1], D[f, x2], …}; of a list of "
               "functions, their Jacobian matrix; Grad[f, {r, θ, …}, chart] in the "
               "coordinates of \"Polar\", \"Cylindrical\" or \"Spherical\" (components "
               "along the chart's unit vectors).",
         examples=(("Grad[x^2 y, {x, y}]", "{2 x y, x^2}"),
                   ("Grad[{x y, x + y}, {x, y}]", "{{y, x}, {1, 1}}"),
                   ('Grad[r^2 Sin[t], {r, t}, "Polar"]', "{2 r Sin[t], r Cos[t]}")))
def grad(ev, f, variables, chart=None):
    if not (is_list(variables) and variables.args):
        ev.message(S.Grad, "dvar", variables)
        return None
    scales = _chart_scales(ev, S.Grad, variables, chart)
    if scales is False or (scales is not None and not _scalar_only(ev, S.Grad, f, chart)):
        return None
    if scales is None:
        return _differentiate(ev, f, [Expr(S.List, variables)])
    return ev.evaluate(Expr(S.List, *[_over(Expr(S.D, f, q), h)
                                      for q, h in zip(variables.args, scales)]))


@builtin("Div", argc=(2, 3), messages=_MESSAGES,
         usage="Div[{f1, f2, …}, {x1, x2, …}] is the divergence D[f1, x1] + D[f2, x2] + …; "
               "Div[f, {r, θ, …}, chart] of the components along the unit vectors of "
               "\"Polar\", \"Cylindrical\" or \"Spherical\" coordinates.",
         examples=(("Div[{x^2, y^2}, {x, y}]", "2 x + 2 y"),
                   ('Div[{r, 0}, {r, t}, "Polar"]', "2")))
def div(ev, f, variables, chart=None):
    if not (is_list(f) and is_list(variables) and len(f.args) == len(variables.args)):
        ev.message(S.Div, "dvar", variables)
        return None
    scales = _chart_scales(ev, S.Div, variables, chart)
    if scales is False:
        return None
    if scales is not None:
        # (1/H) Σ ∂(H f_i / h_i)/∂q_i, H the product of the scale factors
        volume = _times(*scales)
        terms = [Expr(S.D, _over(_times(volume, fi), h), q)
                 for fi, q, h in zip(f.args, variables.args, scales)]
        return ev.evaluate(Expr(S.Simplify, _over(Expr(S.Plus, *terms), volume)))
    parts = [_differentiate(ev, fi, [xi]) for fi, xi in zip(f.args, variables.args)]
    return None if any(p is None for p in parts) else ev.evaluate(Expr(S.Plus, *parts))


@builtin("Curl", argc=(2, 3), messages=_MESSAGES,
         usage="Curl[{f1, f2, f3}, {x1, x2, x3}] is the curl of a 3-vector field; of a "
               "2-vector field, the scalar D[f2, x1] - D[f1, x2]; Curl[f, {r, θ, …}, chart] "
               "in \"Polar\", \"Cylindrical\" or \"Spherical\" coordinates.",
         examples=(("Curl[{-y, x, 0}, {x, y, z}]", "{0, 0, 2}"),
                   ('Curl[{0, r}, {r, t}, "Polar"]', "2")))
def curl(ev, f, variables, chart=None):
    if not (is_list(f) and is_list(variables) and len(f.args) == len(variables.args)
            and len(f.args) in (2, 3)):
        ev.message(S.Curl, "dvar", variables)
        return None
    scales = _chart_scales(ev, S.Curl, variables, chart)
    if scales is False:
        return None
    curvilinear = scales is not None
    if scales is None:
        scales = [Integer(1)] * len(f.args)
    # along unit vectors: (1/(h_j h_k)) (∂(h_k f_k)/∂q_j - ∂(h_j f_j)/∂q_k)

    def rotation(j, k):
        return _over(Expr(S.Plus, Expr(S.D, _times(scales[k], f.args[k]), variables.args[j]),
                          _times(Integer(-1), Expr(S.D, _times(scales[j], f.args[j]),
                                                   variables.args[k]))),
                     _times(scales[j], scales[k]))
    if len(f.args) == 2:
        return ev.evaluate(Expr(S.Simplify, rotation(0, 1)) if curvilinear
                           else rotation(0, 1))
    parts = Expr(S.List, rotation(1, 2), rotation(2, 0), rotation(0, 1))
    return ev.evaluate(Expr(S.Map, S.Simplify, parts) if curvilinear else parts)


@builtin("Laplacian", argc=(2, 3), messages=_MESSAGES,
         usage="Laplacian[f, {x1, x2, …}] is the sum of the second derivatives of f; "
               "Laplacian[f, {r, θ, …}, chart] in \"Polar\", \"Cylindrical\" or "
               "\"Spherical\" coordinates.",
         examples=(("Laplacian[x^2 + y^3, {x, y}]", "2 + 6 y"),
                   ('Laplacian[r^2, {r, t, p}, "Spherical"]', "6")))
def laplacian(ev, f, variables, chart=None):
    if not (is_list(variables) and variables.args):
        ev.message(S.Laplacian, "dvar", variables)
        return None
    scales = _chart_scales(ev, S.Laplacian, variables, chart)
    if scales is False or (scales is not None and not _scalar_only(ev, S.Laplacian, f, chart)):
        return None
    if scales is not None:
        # (1/H) Σ ∂((H / h_i^2) ∂f/∂q_i)/∂q_i
        volume = _times(*scales)
        terms = [Expr(S.D, _times(_over(volume, Expr(S.Power, h, Integer(2))),
                                  Expr(S.D, f, q)), q)
                 for q, h in zip(variables.args, scales)]
        return ev.evaluate(Expr(S.Simplify, _over(Expr(S.Plus, *terms), volume)))
    parts = [_differentiate(ev, f, [Expr(S.List, x, Integer(2))]) for x in variables.args]
    return None if any(p is None for p in parts) else ev.evaluate(Expr(S.Plus, *parts))


# ---------------------------------------------------------------------------- Integrate

def _generic_branch(t: Translation, obj):
    """An indefinite integral's generic case: SymPy's Piecewise of special parameter values
    (``x^n``: n == -1 apart) is the Wolfram result's last, unconditioned branch."""
    sp = t.sp
    if isinstance(obj, sp.Piecewise):
        for value, condition in obj.args:
            if isinstance(condition, sp.Ne) or condition is sp.true:
                return value
    return obj


def _integrate_once(ev, t: Translation, g, spec):
    sp = t.sp
    if _is_variable(spec):
        if t.opaque_contains(spec):
            return None
        x = t.to(spec)
        r = sp.integrate(g, x)
        return None if r.has(sp.Integral) else _generic_branch(t, r)
    if is_list(spec) and len(spec.args) == 3 and _is_variable(spec.args[0]):
        if t.opaque_contains(spec.args[0]):
            return None
        x, lo, hi = (t.to(a) for a in spec.args)
        r = sp.integrate(g, (x, lo, hi), conds="none")
        return None if r.has(sp.Integral) else r
    ev.message(S.Integrate, "ilim", spec)
    return False


@builtin("Integrate", argc=(2, None), messages=_MESSAGES,
         usage="Integrate[f, x] is an antiderivative of f; Integrate[f, {x, xmin, xmax}] the "
               "definite integral; several specifications integrate in turn (the last "
               "innermost, as in the Wolfram Language).",
         examples=(("Integrate[x^2, x]", "x^3/3"),
                   ("Integrate[Sin[x], {x, 0, Pi}]", "2"),
                   ("Integrate[Exp[-x^2], {x, -Infinity, Infinity}]", "Sqrt[Pi]"),
                   ("Integrate[x y, {x, 0, 1}, {y, 0, 2}]", "1")))
def integrate(ev, f, *specs):
    positional, _ = split_options(specs, {"Assumptions": S.Automatic,
                                          "GenerateConditions": S.Automatic}) or (specs, {})
    if is_list(f):
        parts = [integrate(ev, a, *specs) for a in f.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    t = Translation()
    try:
        g = t.to(f)
    except Untranslatable:
        return None
    for spec in reversed(positional):      # Integrate[f, x, y]: y is the inner integral
        try:
            g = _integrate_once(ev, t, g, spec)
        except Exception:   # noqa: BLE001 - SymPy says "cannot" with many exception types
            return None
        if g is None or g is False:
            return None
    return _back(ev, t, g)


def symbolic_sum(ev, product: bool, body, specs):
    """Sum (or Product) with symbolic or infinite bounds in closed form, by SymPy's
    summation; None (unevaluated) when it finds none.  The iterators are {i, imax} or
    {i, imin, imax}; the last is the innermost, as in Table."""
    ranges = []
    for spec in specs:
        if not (is_list(spec) and len(spec.args) in (2, 3) and _is_variable(spec.args[0])):
            return None
        var = spec.args[0]
        lo, hi = (Integer(1), spec.args[1]) if len(spec.args) == 2 else spec.args[1:]
        ranges.append((var, ev.evaluate(lo), ev.evaluate(hi)))
    from wlnet.builtins.control import evaluate_without_values
    t = Translation()
    term = evaluate_without_values(ev, [v for v, _, _ in ranges], body)
    try:
        g = t.to(term)
        limits = [(t.to(v), t.to(lo), t.to(hi)) for v, lo, hi in ranges]
    except Untranslatable:
        return None
    if any(t.opaque_contains(v) for v, _, _ in ranges):
        return None
    sp = t.sp
    try:
        for limit in reversed(limits):
            g = (sp.product if product else sp.summation)(g, limit)
        if not g.is_number:
            g = sp.factor(g) if g.is_rational_function() else sp.simplify(g)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    if g.has(sp.Sum) or g.has(sp.Product) or isinstance(g, sp.Piecewise):
        return None
    if g in (sp.oo, -sp.oo, sp.zoo) and not product:
        ev.message(S.Sum, "div")               # a divergent series stays unevaluated
        return None
    result = _back(ev, t, g)
    if result is not None and _has_machine_real(term):     # machine terms: a machine sum
        return ev.evaluate(Expr(S.N, result))
    return result


def _has_machine_real(e) -> bool:
    if type(e) is Real:
        return e.is_machine
    return type(e) is Expr and any(_has_machine_real(a) for a in e.args)


# ---------------------------------------------------------------------------- Limit

_DIRECTIONS = {"FromAbove": "+", "FromBelow": "-", "Reals": "+-", "TwoSided": "+-",
               "Complexes": "+-"}


# ---------------------------------------------------------------------------- Dt

_DT = Symbol("Dt")


def _dt_steps(spec):
    """(variable, order) of one Dt specification x or {x, n}; None when it is neither."""
    if _is_variable(spec):
        return spec, 1
    if is_list(spec) and len(spec.args) == 2 and _is_variable(spec.args[0]) \
            and type(spec.args[1]) is Integer and spec.args[1].value >= 0:
        return spec.args[0], spec.args[1].value
    return None


def _dt_order(e, var):
    """(s, n) when e is Dt[s, var] or Dt[s, {var, n}]: a total derivative that Dt with
    respect to var turns into the next one; else None."""
    if type(e) is Expr and e.head is _DT and len(e.args) == 2:
        step = _dt_steps(e.args[1])
        if step is not None and step[0] == var:
            return e.args[0], step[1]
    return None


def _varying_symbols(ev, e, constants, out: dict):
    """The symbols of e that may vary (not heads, not numeric constants such as Pi, not
    protected System symbols, not those of the Constants option), in order of appearance."""
    from wlnet.core.attributes import CONSTANT, PROTECTED
    if type(e) is Symbol:
        if e not in constants and not ev.definitions.attributes(e) & (CONSTANT | PROTECTED):
            out.setdefault(e, None)
    elif type(e) is Expr:
        for a in e.args:
            _varying_symbols(ev, a, constants, out)
    return out


def _total_derivative(ev, e, var, constants):
    """Dt[e, var] (var None: the total differential Dt[e]) by the chain rule: the sum of
    D[e, s] Dt[s, var] over the symbols s that vary, Dt[var, var] being 1 and Dt[s, var]
    of any other s staying as it is.  A Dt[s, {var, n}] inside e is one more variable,
    whose total derivative is Dt[s, {var, n + 1}]."""
    inner = {}

    def hide(x):
        if type(x) is not Expr:
            return x
        order = _dt_order(x, var) if var is not None else None
        if order is not None:
            stand_in = Symbol(f"Dt`d{len(inner)}")
            inner[stand_in] = order
            return stand_in
        return Expr(hide(x.head), *[hide(a) for a in x.args])

    hidden = hide(e)
    terms = []
    for s in _varying_symbols(ev, hidden, constants, {}):
        partial = ev.evaluate(Expr(S.D, hidden, s))
        if type(partial) is Expr and partial.head is S.D:
            return None                       # D could not differentiate
        if s in inner:
            base, n = inner[s]
            factor = Expr(_DT, base, Expr(S.List, var, Integer(n + 1)))
        elif s == var:
            factor = Integer(1)
        else:
            factor = Expr(_DT, s, var) if var is not None else Expr(_DT, s)
        terms.append(Expr(S.Times, partial, factor))
    result = ev.evaluate(Expr(S.Plus, *terms)) if terms else Integer(0)
    back = {k: Expr(_DT, b, var if n == 1 else Expr(S.List, var, Integer(n)))
            for k, (b, n) in inner.items()}
    return ev.evaluate(substitute(result, back)) if back else result


@builtin("Dt", argc=(1, None), messages=_MESSAGES,
         usage="Dt[f, x] is the total derivative of f with respect to x: every other "
               "symbol may depend on x (Dt[y, x]); Dt[f] is the total differential, in "
               "Dt[x], Dt[y], …; Dt[f, {x, n}] the n-th total derivative; Constants -> {a, "
               "…} names symbols that do not vary.",
         examples=(("Dt[x^2 y, x]", "2 x y + x^2 Dt[y, x]"),
                   ("Dt[x^2 y]", "2 x y Dt[x] + x^2 Dt[y]"),
                   ("Dt[a x + Sin[x], x, Constants -> {a}]", "a + Cos[x]")))
def dt(ev, f, *rest):
    split = split_options(rest, {"Constants": Expr(S.List)})
    if split is None:
        return None
    specs, option = split
    constants = set(option["Constants"].args if is_list(option["Constants"])
                    else (option["Constants"],))
    if type(f) is Expr and f.head in (S.List, S.Equal):     # each side of an equation
        return ev.evaluate(Expr(f.head, *[Expr(_DT, a, *rest) for a in f.args]))
    steps = []
    for spec in specs:
        step = _dt_steps(spec)
        if step is None:
            ev.message(_DT, "ivar", spec)
            return None
        steps.append(step)
    if not steps:
        if type(f) is Symbol and f in _varying_symbols(ev, f, constants, {}):
            return None                       # Dt[x] is itself
        return _total_derivative(ev, f, None, constants)
    result = f
    for var, n in steps:
        for _ in range(n):
            if (type(result) is Symbol and result != var and result in
                    _varying_symbols(ev, result, constants, {})) or \
                    (type(result) is Expr and result.head is _DT):
                return None if result == f else Expr(_DT, result, var)
            result = _total_derivative(ev, result, var, constants)
            if result is None:
                return None
    return result


def _direction(value) -> str | None:
    if type(value) is Integer:
        return {-1: "+", 1: "-"}.get(value.value)
    name = value.value if type(value) is String else getattr(value, "name", None)
    if name == "Automatic":
        return "+-"
    return _DIRECTIONS.get(name)


@builtin("Limit", argc=(2, None), messages=_MESSAGES,
         options={Symbol("Direction"): Symbol("Reals")},
         usage="Limit[f, x -> x0] is the limit of f as x approaches x0 (from both sides; "
               "Direction -> \"FromAbove\" or \"FromBelow\" for one side); Indeterminate when "
               "the sides disagree.",
         examples=(("Limit[Sin[x]/x, x -> 0]", "1"),
                   ("Limit[(1 + 1/n)^n, n -> Infinity]", "E"),
                   ("Limit[1/x, x -> 0, Direction -> \"FromAbove\"]", "Infinity")))
def limit(ev, f, spec, *rest):
    split = split_options(rest, {"Direction": S.Reals, "Assumptions": S.Automatic})
    if split is None or split[0]:
        return None
    direction = _direction(split[1]["Direction"])
    if direction is None:
        return None
    if not (type(spec) is Expr and spec.head is S.Rule and len(spec.args) == 2
            and _is_variable(spec.args[0])):
        ev.message(S.Limit, "lim", spec)
        return None
    if is_list(f):
        parts = [limit(ev, a, spec, *rest) for a in f.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    t = Translation()
    try:
        g, x, x0 = t.to(f), t.to(spec.args[0]), t.to(spec.args[1])
    except Untranslatable:
        return None
    if t.opaque_contains(spec.args[0]):
        return None
    sp = t.sp
    if x0 in (sp.oo, -sp.oo):
        direction = "-" if x0 == sp.oo else "+"
    try:
        r = sp.limit(g, x, x0, dir=direction)
    except ValueError:                    # the one-sided limits differ
        return S.Indeterminate
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    if isinstance(r, sp.Limit) or r.has(sp.Limit):
        return None
    if r is sp.zoo and direction == "+-" and x0.is_real:
        return S.Indeterminate            # +Infinity from one side, -Infinity from the other
    if isinstance(r, sp.AccumBounds):     # oscillates: Sin[1/x] at 0
        return Expr(S.Interval, Expr(S.List, _back(ev, t, r.min), _back(ev, t, r.max)))
    return _back(ev, t, r)


# ---------------------------------------------------------------------------- Residue

@builtin("Residue", argc=2, messages=_MESSAGES,
         usage="Residue[f, {z, z0}] is the residue of f at the point z0: the coefficient of "
               "(z - z0)^-1 in its Laurent series; z0 may be Infinity.",
         examples=(("Residue[1/(z - 1), {z, 1}]", "1"),
                   ("Residue[Exp[z]/z^3, {z, 0}]", "1/2"),
                   ("Residue[z/(z^2 + 1), {z, Infinity}]", "-1")))
def residue(ev, f, spec):
    if not (is_list(spec) and len(spec.args) == 2 and _is_variable(spec.args[0])):
        ev.message(S.Residue, "pspec", spec)
        return None
    t = Translation()
    try:
        g, z, z0 = t.to(f), t.to(spec.args[0]), t.to(spec.args[1])
    except Untranslatable:
        return None
    if t.opaque_contains(spec.args[0]):
        return None
    sp = t.sp
    try:
        if z0 in (sp.oo, -sp.oo, sp.zoo):        # at infinity: -Res[f(1/w)/w^2, w = 0]
            w = sp.Dummy("w")
            r = -sp.residue(sp.together(g.subs(z, 1 / w) / w ** 2), w, 0)
        else:
            r = sp.residue(g, z, z0)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    return _back(ev, t, sp.simplify(r))


# ---------------------------------------------------------------------------- Series

def _series_coefficients(t: Translation, g, x, x0, n: int):
    """(coefficients, nmin) of g's expansion in powers of (x - x0) up to (x - x0)^n;
    None when a power is not an integer (a Puiseux series)."""
    sp = t.sp
    h = sp.Dummy("h")
    if x0 in (sp.oo, -sp.oo):
        return None
    shifted = g.subs(x, x0 + h)
    expansion = sp.series(shifted, h, 0, n + 1).removeO()
    terms = sp.Add.make_args(sp.expand(expansion))
    by_power: dict[int, object] = {}
    for term in terms:
        coeff, power = term.as_coeff_exponent(h)
        if coeff.has(h) or not power.is_integer:
            return None
        by_power[int(power)] = by_power.get(int(power), 0) + coeff
    if not by_power:
        return [], n + 1
    nmin = min(by_power)
    return [by_power.get(k, sp.Integer(0)) for k in range(nmin, n + 1)], nmin


@builtin("SeriesCoefficient", argc=2, messages=_MESSAGES,
         usage="SeriesCoefficient[f, {x, x0, n}] is the coefficient of (x - x0)^n in the "
               "power series of f about x0 (an integer n).",
         examples=(("SeriesCoefficient[Exp[x], {x, 0, 4}]", "1/24"),
                   ("SeriesCoefficient[1/(1 - x), {x, 2, 3}]", "1")))
def series_coefficient(ev, f, spec):
    if not (is_list(spec) and len(spec.args) == 3 and _is_variable(spec.args[0])):
        ev.message(S.SeriesCoefficient, "sspec", spec)
        return None
    var, point, order = spec.args
    if type(order) is not Integer:
        return None                       # a symbolic n: the general term is not found here
    # (to order 0 at least: a negative n is a term of the principal part)
    found = _series_of(f, var, point, max(order.value, 0))
    if found is None:
        return None
    t, coefficients, nmin = found
    k = order.value - nmin
    if k < 0:
        return Integer(0)
    try:
        return ev.evaluate(t.back(coefficients[k])) if k < len(coefficients) else Integer(0)
    except Untranslatable:
        return None


def _series_of(f, var, point, order: int):
    """(translation, coefficients, nmin) of f's power series in var about point to the
    given order (SymPy's), or None where there is none to give."""
    t = Translation()
    try:
        g, x, x0 = t.to(f), t.to(var), t.to(point)
    except Untranslatable:
        return None
    if t.opaque_contains(var):
        return None
    try:
        found = _series_coefficients(t, g, x, x0, order)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    return None if found is None else (t, *found)


@builtin("Series", argc=2, messages=_MESSAGES,
         usage="Series[f, {x, x0, n}] is the power series of f about x0 to order (x - x0)^n, "
               "a SeriesData; Normal of it is the polynomial.",
         examples=(("Normal[Series[Exp[x], {x, 0, 3}]]", "1 + x + x^2/2 + x^3/6"),
                   ("Normal[Series[Sin[x]/x^2, {x, 0, 2}]]", "1/x - x/6")))
def series(ev, f, spec):
    if not (is_list(spec) and len(spec.args) == 3 and _is_variable(spec.args[0])
            and type(spec.args[2]) is Integer):
        ev.message(S.Series, "sspec", spec)
        return None
    var, point, order = spec.args
    found = _series_of(f, var, point, order.value)
    if found is None:
        return None
    t, coefficients, nmin = found
    try:
        values = [ev.evaluate(t.back(c)) for c in coefficients]
    except Untranslatable:
        return None
    while values and values[0] == Integer(0):        # SeriesData starts at a nonzero term
        values.pop(0)
        nmin += 1
    while values and values[-1] == Integer(0):       # and ends at one
        values.pop()
    return Expr(_SERIES_DATA, var, point, Expr(S.List, *values), Integer(nmin),
                Integer(order.value + 1), Integer(1))


def _series_parts(s):
    if not (type(s) is Expr and len(s.args) == 6 and is_list(s.args[2])
            and all(type(a) is Integer for a in s.args[3:])):
        return None
    var, point, coefficients, nmin, nmax, den = s.args
    return var, point, coefficients.args, nmin.value, nmax.value, den.value


def _power(base, numerator: int, den: int):
    exponent = Integer(numerator // den) if numerator % den == 0 else Rational(numerator, den)
    if exponent == Integer(0):
        return Integer(1)
    if exponent == Integer(1):
        return base
    return Expr(S.Power, base, exponent)


def _series_base(var, point):
    if point == Integer(0):
        return var
    if type(point) in (Integer, Rational):
        return Expr(S.Plus, var, Integer(-point.value) if type(point) is Integer
                    else Rational(-point.numerator, point.denominator))
    return Expr(S.Plus, var, Expr(S.Times, Integer(-1), point))


@builtin_upvalue("Normal", "SeriesData")
def _normal_series(ev, s, *rest):
    parts = _series_parts(s)
    if parts is None or rest:
        return None
    var, point, coefficients, nmin, _, den = parts
    base = _series_base(var, point)
    terms = [Expr(S.Times, c, _power(base, nmin + k, den)) for k, c in enumerate(coefficients)]
    return ev.evaluate(Expr(S.Plus, *terms))


def _term(c, power):
    """c (x - x0)^k as the evaluator would write it, without evaluating."""
    if power == Integer(1):
        return c
    if c == Integer(1):
        return power
    return Expr(S.Times, c, power)


def _series_text(s) -> str | None:
    """``1 + x + x^2/2 + O[x]^3``: the terms in increasing order, then the order term."""
    from wlnet.syntax.printer import output_form
    parts = _series_parts(s)
    if parts is None:
        return None
    var, point, coefficients, nmin, nmax, den = parts
    base = _series_base(var, point)
    pieces = []
    for k, c in enumerate(coefficients):
        if c == Integer(0):
            continue
        term = _term(c, _power(base, nmin + k, den))
        term = f"({output_form(term)})" if term is base and base is not var \
            else output_form(term)
        if pieces and term.startswith("-"):
            pieces.append("- " + term[1:].lstrip())
        else:
            pieces.append(("+ " if pieces else "") + term)
    order = output_form(_power(Expr(Symbol("O"), base), nmax, den))
    pieces.append(("+ " if pieces else "") + order)
    return " ".join(pieces)


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("SeriesData", _series_text)
