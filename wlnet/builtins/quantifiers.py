"""``ForAll``, ``Exists`` and ``Resolve``: quantified conditions over the reals, and their
elimination for what Reduce (reduce.py) handles.

``ForAll[x, cond]`` and ``Exists[x, cond]`` (x a variable or a list of them; ``ForAll[x,
c, expr]`` is ``ForAll[x, Implies[c, expr]]``, ``Exists[x, c, expr]`` is ``Exists[x, c &&
expr]``) stay symbolic, but for a condition free of x (which they give back) or True or
False.  ``Resolve[expr]`` gives expr with its quantifiers eliminated, and Reduce eliminates
them before it reduces:

* without other variables, the quantifier is decided: ``Exists[x, c]`` is whether Reduce
  finds any x with c, ``ForAll[x, c]`` whether it finds none with ``!c``;
* with one other variable a (a parameter) and polynomial conditions, the truth can only
  change at the real zeros in a of the conditions' leading coefficients and discriminants
  in x and of their pairwise resultants: the quantifier is decided at each of those points
  and between them, and the runs where it holds are written as conditions on a
  (``a > 0``, ``-1 <= a <= 1``).

Anything else stays as it is (Reduce then says it cannot reduce it).
"""

from __future__ import annotations

import itertools

from wlnet.builtins._listutil import is_list
from wlnet.builtins._real_line import (_Cannot, _distinct, _run_condition, line_cells,
                                       true_runs)
from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.builtins.reduce import REWRITES, _atoms, _formula, _variables
from wlnet.core.expr import FALSE, TRUE, Expr, S, Symbol
from wlnet.core.registry import builtin

_FORALL, _EXISTS = Symbol("ForAll"), Symbol("Exists")
_QUANTIFIERS = (_FORALL, _EXISTS)


def _bound(x) -> list:
    return list(x.args) if is_list(x) else [x]


def _mentions(e, symbols) -> bool:
    if type(e) is Symbol:
        return e in symbols
    return type(e) is Expr and (_mentions(e.head, symbols) or
                                any(_mentions(a, symbols) for a in e.args))


def _body(head, args):
    """The condition quantified: ForAll[x, c, e] is c => e, Exists[x, c, e] is c && e."""
    if len(args) == 2:
        return args[1]
    if head is _FORALL:                         # c => e, as Reduce reads it
        return Expr(S.Or, Expr(S.Not, args[1]), args[2])
    return Expr(S.And, args[1], args[2])


def _quantifier(head):
    def evaluate(ev, x, *rest):
        variables = _bound(x)
        if not variables or not all(type(v) is Symbol for v in variables):
            return None
        body = ev.evaluate(_body(head, (x, *rest)))
        if body in (TRUE, FALSE) or not _mentions(body, set(variables)):
            return body
        return None
    return evaluate


builtin("ForAll", argc=(2, 3), attributes=("HoldAll", "Protected"),
        usage="ForAll[x, cond] says that cond holds for every x; ForAll[x, c, expr] that "
              "expr holds for every x with c.  Resolve and Reduce eliminate it.",
        examples=(("Resolve[ForAll[x, x^2 + a > 0], Reals]", "a > 0"),))(
    _quantifier(_FORALL))
builtin("Exists", argc=(2, 3), attributes=("HoldAll", "Protected"),
        usage="Exists[x, cond] says that some x has cond; Exists[x, c, expr] that some x "
              "with c has expr.  Resolve and Reduce eliminate it.",
        examples=(("Resolve[Exists[x, x^2 == a], Reals]", "a >= 0"),))(
    _quantifier(_EXISTS))


def has_quantifier(e) -> bool:
    if type(e) is not Expr:
        return False
    return e.head in _QUANTIFIERS or any(has_quantifier(a) for a in e.args)


def eliminate(ev, e):
    """e with each quantifier replaced by an equivalent condition on its free variables
    (innermost first); raises _Cannot where that is not done here."""
    if type(e) is not Expr:
        return e
    if e.head in _QUANTIFIERS and len(e.args) in (2, 3):
        variables = _bound(e.args[0])
        body = eliminate(ev, ev.evaluate(_body(e.head, e.args)))
        return _eliminated(ev, e.head is _FORALL, variables, body)
    if not has_quantifier(e):
        return e
    return ev.evaluate(Expr.from_args(e.head, [eliminate(ev, a) for a in e.args]))


def _decided(ev, forall: bool, variables, body) -> bool:
    """Whether the quantifier holds when the body has no other variables."""
    wanted = Expr(S.Not, body) if forall else body
    found = ev.evaluate(Expr(S.Quiet, Expr(S.Reduce, wanted, Expr(S.List, *variables),
                                           S.Reals)))
    if type(found) is Expr and found.head is S.Reduce:
        raise _Cannot(body)
    return (found is FALSE) if forall else (found is not FALSE)


def _free_symbols(ev, e, bound) -> list:
    return [v for v in _variables(ev, e, None) if v not in bound]


def _eliminated(ev, forall: bool, variables, body):
    if body in (TRUE, FALSE):
        return body
    parameters = _free_symbols(ev, body, set(variables))
    if not parameters:
        return TRUE if _decided(ev, forall, variables, body) else FALSE
    if len(parameters) != 1 or len(variables) != 1:
        raise _Cannot(body)
    return _with_parameter(ev, forall, variables[0], parameters[0], body)


def _critical_values(sp, polys, x, a) -> list:
    """The real values of a where the real zeros in x of the polynomials can change in
    number or order."""
    in_a = []
    for p in polys:
        if p.degree(x) <= 0:
            in_a.append(p.as_expr())
            continue
        in_a.append(sp.LC(p, x))
        if p.degree(x) > 1:
            in_a.append(sp.discriminant(p, x))
    for p, q in itertools.combinations([p for p in polys if p.degree(x) > 0], 2):
        in_a.append(sp.resultant(p, q, x))
    values = []
    for f in in_a:
        f = sp.expand(f)
        if f == 0 or not f.has(a):
            continue
        values += [r for r in sp.Poly(f, a).real_roots()]
    return _distinct(sp, values)


def _with_parameter(ev, forall: bool, x, a, body):
    """The condition on the parameter a under which the quantifier of x holds."""
    t = Translation()
    sp = t.sp
    try:
        formula = _formula(ev, t, body, set())
        xs, as_ = t.to(x), t.to(a)
        polys = []
        for _, _, f in _atoms(formula, []):
            numerator, denominator = sp.fraction(sp.together(f))
            for part in (numerator, denominator):
                if part.has(xs) or part.has(as_):
                    polys.append(sp.Poly(part, xs, as_))
    except (Untranslatable, sp.PolynomialError):
        raise _Cannot(body) from None
    points = _critical_values(sp, [sp.Poly(p.as_expr(), xs) for p in polys], xs, as_)
    cells = line_cells(sp, points)      # along the a line
    truths = []
    for _, value, _ in cells:
        at = ev.evaluate(Expr(S.ReplaceAll, body, Expr(S.Rule, a, t.back(value))))
        truths.append(at is TRUE if at in (TRUE, FALSE) else _decided(ev, forall, [x], at))
    return _runs_condition(ev, t, a, points, cells, truths)


def _runs_condition(ev, t, a, points, cells, truths):
    """The runs of cells where the quantifier holds as an Or of conditions on a."""
    conditions = [_run_condition(t, a, run) for run in true_runs(points, cells, truths)]
    if not conditions:
        return FALSE
    return ev.evaluate(Expr(S.Or, *conditions)) if len(conditions) > 1 else conditions[0]


def _eliminate_any(ev, e):
    return eliminate(ev, e) if has_quantifier(e) else e


REWRITES.append(_eliminate_any)


@builtin("Resolve", argc=(1, 2),
         usage="Resolve[expr] eliminates the quantifiers (ForAll, Exists) of expr: a "
               "condition on its free variables, or True or False; Resolve[expr, Reals] "
               "over the reals.",
         examples=(("Resolve[Exists[x, x^2 < 0], Reals]", "False"),
                   ("Resolve[ForAll[x, x^2 + a > 0], Reals]", "a > 0"),
                   ("Resolve[Exists[x, x^2 + b x + 1 == 0], Reals]", "b <= -2 || b >= 2")))
def resolve(ev, e, domain=None):
    if domain is not None and domain not in (S.Reals, S.Complexes):
        return None
    try:
        return eliminate(ev, e)
    except (_Cannot, Untranslatable, NotImplementedError, TypeError, ValueError):
        return None
