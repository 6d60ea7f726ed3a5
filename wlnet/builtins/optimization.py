"""Exact global optimisation: ``Minimize``, ``Maximize`` and their parts ``MinValue``,
``MaxValue``, ``ArgMin``, ``ArgMax`` (the numeric searches NMinimize, FindMinimum… are in
numerical.py).

Solved with SymPy, as the Wolfram Language does for the problems that reach it in scripts:

* one variable, with any constraints (equations, inequalities) on it: the critical points in
  the feasible set, its closed ends, and the limits at its open ends, infinities and poles;
  an infimum that no point attains gives ``Minimize::natt`` and the limit, as WL does
  (``Minimize[x^3, x]`` is ``{-Infinity, {x -> -Infinity}}``);
* several variables, with equations only: the stationary points of the Lagrangian; the best
  is kept only when a numeric search (NMinimize's) finds nothing better, since these points
  alone do not show that the function is bounded.

Anything else (inequalities on several variables, a third argument such as Integers, a set
of critical points that is not finite) stays unevaluated.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.builtins.numerical import _minimize, _objective_and_constraints
from wlnet.core import attributes as A
from wlnet.core.expr import Expr, S, Symbol
from wlnet.core.registry import builtin

_MESSAGES = {
    "natt": "The minimum is not attained at any point satisfying the given constraints.",
    "ivar": "`1` is not a valid variable.",
    "objfs": "The objective function `1` should be a scalar, not a list.",
}
_MAX_MESSAGES = {**_MESSAGES, "natt": _MESSAGES["natt"].replace("minimum", "maximum")}
_HOLD = ("HoldAll", "Protected")


# ---------------------------------------------------------------------------- one variable

def _feasible_set(sp, x, constraints):
    """The real x satisfying every constraint (a SymPy set)."""
    domain = sp.S.Reals
    for c in constraints:
        domain = domain.intersect(sp.solveset(c, x, sp.S.Reals))
    return domain


def _pieces(sp, domain):
    """The intervals and points a feasible set is made of, or None for other sets."""
    if domain == sp.S.Reals:
        return (sp.Interval(-sp.oo, sp.oo),)
    parts = domain.args if isinstance(domain, sp.Union) else (domain,)
    if all(isinstance(p, (sp.Interval, sp.FiniteSet)) for p in parts):
        return parts
    return None


def _critical_points(sp, derivative, x, domain):
    """The zeros of the derivative in the feasible set (a polynomial's as exact real roots,
    Root objects where radicals would need I), or None when they are not a finite set."""
    numerator = sp.numer(sp.together(derivative))
    if numerator.is_polynomial(x) and numerator.free_symbols <= {x}:
        if numerator.is_zero:
            return None
        roots = sp.real_roots(sp.Poly(numerator, x)) if sp.degree(numerator, x) > 0 else []
        return [r for r in dict.fromkeys(roots) if domain.contains(r) is sp.true]
    found = sp.solveset(derivative, x, domain)
    if found is sp.S.EmptySet:
        return []
    return list(found) if isinstance(found, sp.FiniteSet) else None


def _univariate(sp, g, x, constraints):
    """(value, point, attained) of the minimum of g over the feasible set, or None."""
    domain = _feasible_set(sp, x, constraints)
    pieces = _pieces(sp, domain)
    if pieces is None or domain is sp.S.EmptySet:
        return None
    critical = _critical_points(sp, sp.diff(g, x), x, domain)
    if critical is None:
        return None
    candidates = [(g.subs(x, c), c, True) for c in critical]
    for piece in pieces:
        if isinstance(piece, sp.FiniteSet):
            candidates += [(g.subs(x, c), c, True) for c in piece]
            continue
        for end, open_end, side in ((piece.start, piece.left_open, "+"),
                                    (piece.end, piece.right_open, "-")):
            if open_end or end.is_infinite:
                candidates.append((sp.limit(g, x, end, side), end, False))
            else:
                candidates.append((g.subs(x, end), end, True))
        for pole in sp.singularities(g, x, piece) if piece.measure != 0 else ():
            if pole.is_real and piece.contains(pole) is sp.true:
                candidates += [(sp.limit(g, x, pole, s), pole, False) for s in "+-"]
    candidates = [c for c in candidates if c[0].is_real or c[0].is_infinite]
    if not candidates:
        return None
    # the least value; at a tie, a point that attains it
    return min(candidates, key=lambda c: (float(c[0]), not c[2]))


# ---------------------------------------------------------------------------- several variables

def _multivariate(sp, g, xs, constraints):
    """(value, point, True) at the best stationary point of the Lagrangian of g under the
    equations, or None (inequalities, no real stationary point)."""
    if not all(isinstance(c, sp.Equality) for c in constraints):
        return None
    multipliers = sp.symbols(f"lambda0:{len(constraints)}", real=True)
    lagrangian = g + sum(m * (c.lhs - c.rhs) for m, c in zip(multipliers, constraints))
    unknowns = list(xs) + list(multipliers)
    solutions = sp.solve([sp.diff(lagrangian, u) for u in unknowns], unknowns, dict=True)
    points = [s for s in solutions if all(x in s and s[x].is_real for x in xs)]
    if not points:
        return None
    best = min(points, key=lambda s: float(g.subs(s)))
    return sp.simplify(g.subs(best)), tuple(best[x] for x in xs), True


def _beaten_numerically(ev, f, variables, sign, value) -> bool:
    """Whether NMinimize (NMaximize) finds a better value than the exact candidate."""
    spec = Expr(S.List, *variables)
    found = _minimize(ev, f, spec, (), S.NMinimize, sign, True)
    if found is None or not is_list(found) or not hasattr(found.args[0], "value"):
        return False
    best = sign * found.args[0].value
    return best < float(value) - 1e-6 * (1 + abs(float(value)))


# ---------------------------------------------------------------------------- Minimize

def _optimum(ev, f, spec, head, sign: int):
    """{value, {x -> x*, …}} of the minimum (sign 1) or maximum (-1), or None."""
    objective, constraints = _objective_and_constraints(f)
    if is_list(objective):
        ev.message(head, "objfs", objective)
        return None
    variables = list(spec.args) if is_list(spec) else [spec]
    for v in variables:
        if type(v) is not Symbol or ev.definitions.attributes(v) & A.PROTECTED:
            ev.message(head, "ivar", v)          # True, Pi…: not variables
            return None
    t = Translation()
    sp = t.sp
    try:
        symbols = [t.to(v) for v in variables]
        real = {s: sp.Symbol(s.name, real=True) for s in symbols}
        g = (sign * t.to(objective)).xreplace(real)
        conditions = [_condition(t, c).xreplace(real) for c in _pairwise(constraints)
                      if not _is_reals_element(c)]
    except (Untranslatable, TypeError, ValueError):
        return None
    xs = [real[s] for s in symbols]
    if g.free_symbols - set(xs):
        return None                       # parameters: not handled
    try:
        found = _univariate(sp, g, xs[0], conditions) if len(xs) == 1 else \
            _multivariate(sp, g, xs, conditions)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    if found is None:
        return None
    value, point, attained = found
    if not isinstance(point, tuple):
        point = (point,)
    if len(xs) > 1 and _beaten_numerically(ev, f, variables, sign, value):
        return None
    if not attained:
        ev.message(head, "natt")
    back = {v: k for k, v in real.items()}
    try:
        rules = [Expr(S.Rule, v, t.back(sp.sympify(p).xreplace(back)))
                 for v, p in zip(variables, point)]
        best = t.back((sign * value).xreplace(back))
    except Untranslatable:
        return None
    return ev.evaluate(Expr(S.List, best, Expr(S.List, *rules)))


_COMPARISONS = ("Less", "LessEqual", "Greater", "GreaterEqual", "Equal")


def _pairwise(constraints):
    """The constraints with chains split into pairs (0 <= x <= 3: 0 <= x and x <= 3) and
    conjunctions into their parts."""
    out = []
    for c in constraints:
        name = getattr(c.head, "name", None) if type(c) is Expr else None
        if name == "And":
            out += _pairwise(c.args)
        elif name in _COMPARISONS and len(c.args) > 2:
            out += [Expr(c.head, a, b) for a, b in zip(c.args, c.args[1:])]
        else:
            out.append(c)
    return out


def _is_reals_element(c) -> bool:
    return type(c) is Expr and c.head is S.Element and len(c.args) == 2 \
        and c.args[1] is S.Reals


def _condition(t, c):
    """A constraint as a SymPy relation (an equation as Eq)."""
    if type(c) is Expr and c.head is S.Equal and len(c.args) == 2:
        return t.sp.Eq(t.to(c.args[0]), t.to(c.args[1]))
    relation = t.to(c)
    if not isinstance(relation, t.sp.core.relational.Relational):
        raise Untranslatable(c)
    return relation


@builtin("Minimize", argc=2, attributes=_HOLD, messages=_MESSAGES,
         usage="Minimize[f, x] gives {fmin, {x -> xmin}}, the exact global minimum of f; "
               "Minimize[{f, cons}, {x, y, …}] under constraints (equations and inequalities "
               "for one variable, equations for several).",
         examples=(("Minimize[x^2 - 2 x + 3, x]", "{2, {x -> 1}}"),
                   ("Minimize[{x^2 + y^2, x + y == 1}, {x, y}]",
                    "{1/2, {x -> 1/2, y -> 1/2}}")))
def minimize(ev, f, spec):
    return _optimum(ev, ev.evaluate(f), spec, S.Minimize, 1)


@builtin("Maximize", argc=2, attributes=_HOLD, messages=_MAX_MESSAGES,
         usage="Maximize[f, x] gives {fmax, {x -> xmax}}, the exact global maximum of f; "
               "Maximize[{f, cons}, {x, y, …}] under constraints.",
         examples=(("Maximize[4 x - x^2, x]", "{4, {x -> 2}}"),
                   ("Maximize[{x, 0 <= x <= 3}, x]", "{3, {x -> 3}}")))
def maximize(ev, f, spec):
    return _optimum(ev, ev.evaluate(f), spec, S.Maximize, -1)


def _part_of_optimum(ev, head, f, spec, sign, part):
    """MinValue/ArgMin (MaxValue/ArgMax): the value or the point of the optimum."""
    found = _optimum(ev, ev.evaluate(f), spec, head, sign)
    if found is None:
        return None
    if part == "value":
        return found.args[0]
    values = [r.args[1] for r in found.args[1].args]
    return Expr(S.List, *values) if is_list(spec) else values[0]


for _name, _sign, _part, _example in (
        ("MinValue", 1, "value", ("MinValue[x^2 - 2 x, x]", "-1")),
        ("MaxValue", -1, "value", ("MaxValue[{x, x^2 <= 4}, x]", "2")),
        ("ArgMin", 1, "point", ("ArgMin[x^2 - 2 x, x]", "1")),
        ("ArgMax", -1, "point", ("ArgMax[{x + y, x^2 + y^2 == 2}, {x, y}]", "{1, 1}"))):
    def _make(name=_name, sign=_sign, part=_part):
        def optimum_part(ev, f, spec):
            return _part_of_optimum(ev, Symbol(name), f, spec, sign, part)
        return optimum_part
    builtin(_name, argc=2, attributes=_HOLD, messages=_MESSAGES if _sign > 0 else _MAX_MESSAGES,
            usage=f"{_name}[f, x] gives the "
                  + ("value" if _part == "value" else "point")
                  + " of the exact global " + ("minimum" if _sign > 0 else "maximum")
                  + " of f (a list of coordinates for a list of variables); "
                    "{f, cons} adds constraints.",
            examples=(_example,))(_make())
