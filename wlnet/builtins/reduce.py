"""Reduce: equations and inequalities rewritten as the simplest equivalent conditions on
their variables, computed with SymPy through wlnet.builtins._sympy_bridge.

The forms done (those of the Wolfram Language's page that scripts use):

* one variable, equations only (``==``, ``!=``, ``&&``, ``||``, ``!``) over the complex
  numbers: ``x == r1 || x == r2 …`` (roots of a polynomial as Solve writes them, Root
  objects for cubics without a simple radical form) or ``x != r && …``;
* one variable over the reals (an inequality makes its variable real, as in WL; so does
  the domain Reals): the real line cut at the critical points of every condition (zeros
  and the ends of where a function is defined), each cell tested, and the runs of cells
  where the condition holds written as ``a < x < b``, ``x <= b``, ``x == c``, joined by
  ``||``; over Integers the integer points of those runs;
* several variables, equations only: a linear system as ``y == … && z == …`` (the last
  variables in terms of the first, as WL), a system with finitely many solutions as an
  ``||`` of ``&&``s;
* several variables, a conjunction of linear inequalities and equations: cylindrical
  form ``a < x < b && f(x) < y < g(x)`` (Fourier–Motzkin elimination of the last
  variable first), where every variable is bounded by at most one expression on each side.

What it cannot do gets Reduce::nsmet and stays unevaluated.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.builtins._real_line import (
    _ZERO, _Cannot, _distinct, _is_real, _numeric_key, _rel, _run_condition,
    _zeros, line_cells, true_runs,
)
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, Symbol
from wlnet.core.registry import builtin, split_options

_MESSAGES = {
    "ivar": "`1` is not a valid variable.",
    "nsmet": "The methods available to Reduce cannot reduce `1`.",
    "eqf": "`1` is not a well-formed equation or inequality.",
    "ndom": "`1` is not a domain Reduce knows: give Reals, Integers or Complexes.",
}
_ORDER = {"Less": "<", "LessEqual": "<=", "Greater": ">", "GreaterEqual": ">=",
          "Equal": "==", "Unequal": "!="}
_FLIP = {"<": ">", "<=": ">=", ">": "<", ">=": "<=", "==": "==", "!=": "!="}
_ELEMENT = Symbol("Element")
# Rewritings of the condition before it is reduced, ``rewrite(ev, e) -> e`` (raising
# _Cannot where they cannot): quantifiers.py adds the elimination of ForAll and Exists.
REWRITES: list = []


# ---------------------------------------------------------------------------- the formula
# A condition as a small tree: ("and", [..]), ("or", [..]), ("not", f), ("rel", op, f)
# for f op 0 with f a SymPy expression, ("const", bool).

def _formula(ev, t: Translation, e, reals: set):
    if e is TRUE or e is FALSE:
        return ("const", e is TRUE)
    if type(e) is not Expr or type(e.head) is not Symbol:
        raise _Cannot(e)
    name = e.head.name
    if name in ("And", "List"):
        return ("and", [_formula(ev, t, a, reals) for a in e.args])
    if name == "Or":
        return ("or", [_formula(ev, t, a, reals) for a in e.args])
    if name == "Not" and len(e.args) == 1:
        return ("not", _formula(ev, t, e.args[0], reals))
    if name in _ORDER and len(e.args) >= 2:
        pairs = [(_ORDER[name], a, b) for a, b in zip(e.args, e.args[1:])]
    elif name == "Inequality" and len(e.args) >= 3 and len(e.args) % 2 == 1:
        ops = e.args[1::2]
        if not all(type(o) is Symbol and o.name in _ORDER for o in ops):
            raise _Cannot(e)
        operands = e.args[0::2]
        pairs = [(_ORDER[o.name], a, b) for o, a, b in zip(ops, operands, operands[1:])]
    elif name == "Element" and len(e.args) == 2 and getattr(e.args[1], "name", "") == "Reals":
        reals |= {t.to(v) for v in (e.args[0].args if is_list(e.args[0]) else (e.args[0],))}
        return ("const", True)
    else:
        raise _Cannot(e)
    out = []
    for op, a, b in pairs:
        f = t.to(a) - t.to(b)
        if op not in ("==", "!="):
            reals |= f.free_symbols
        out.append(("rel", op, f))
    return out[0] if len(out) == 1 else ("and", out)


def _atoms(f, out: list) -> list:
    if f[0] == "rel":
        out.append(f)
    elif f[0] in ("and", "or"):
        for g in f[1]:
            _atoms(g, out)
    elif f[0] == "not":
        _atoms(f[1], out)
    return out


def _holds(f, truth) -> bool:
    """The formula's value, truth(atom) giving each relation's."""
    kind = f[0]
    if kind == "const":
        return f[1]
    if kind == "and":
        return all(_holds(g, truth) for g in f[1])
    if kind == "or":
        return any(_holds(g, truth) for g in f[1])
    if kind == "not":
        return not _holds(f[1], truth)
    return truth(f)


def _compare(op: str, value) -> bool:
    """value op 0 for a number SymPy evaluated (a complex value makes an order false)."""
    if value is None:
        return False
    if op == "==":
        return abs(value) < _ZERO
    if op == "!=":
        return abs(value) >= _ZERO
    if abs(value.imag) >= _ZERO:
        return False
    v = 0.0 if abs(value.real) < _ZERO else value.real
    return {"<": v < 0, "<=": v <= 0, ">": v > 0, ">=": v >= 0}[op]


def _value_at(sp, f, x, point):
    """f at x = point as a complex number (50 digits), None where f is undefined."""
    try:
        v = sp.N(f.subs(x, point), 50)
        if v.has(sp.nan, sp.zoo, sp.oo, -sp.oo):
            return None
        return complex(v)
    except (TypeError, ValueError, ZeroDivisionError):
        return None


# ---------------------------------------------------------------------------- one variable

def _complex_one(sp, formula, x, cubics):
    """Equations in one complex variable: x == r || … or x != r && …"""
    atoms = _atoms(formula, [])
    candidates = []
    for _, op, f in atoms:
        if sp.simplify(sp.together(f)) == 0:
            continue
        candidates += _zeros(sp, f, x, cubics, real=False)
    candidates = _distinct(sp, candidates)

    def at(point):
        return lambda atom: _compare(atom[1], _value_at(sp, atom[2], x, point))

    def generic(atom):                 # at a point that is no zero of anything
        identically_zero = sp.simplify(sp.together(atom[2])) == 0
        return identically_zero if atom[1] == "==" else not identically_zero
    holds = [_holds(formula, at(r)) for r in candidates]
    if _holds(formula, generic):
        return ("all_but", [r for r, h in zip(candidates, holds) if not h])
    return ("points", [r for r, h in zip(candidates, holds) if h])


def _real_one(sp, formula, x, cubics):
    """One real variable: the runs of cells of the real line where the formula holds,
    as (lower, lower_closed, upper, upper_closed) with None for an unbounded side."""
    points = []
    for _, _, f in _atoms(formula, []):
        points += _zeros(sp, f, x, cubics, real=True)
    points = _distinct(sp, points)
    cells = line_cells(sp, points)
    truths = [_holds(formula, lambda atom, p=c[1]: _compare(
        atom[1], _value_at(sp, atom[2], x, p))) for c in cells]
    return true_runs(points, cells, truths)


# ---------------------------------------------------------------------------- back to WL

def _integer_points(sp, t, xw, runs):
    """The integers of the runs: x == n || … where the runs are bounded, else
    Element[x, Integers] && the run's condition with integer ends."""
    terms = []
    for lo, lo_closed, hi, hi_closed in runs:
        first = None if lo is None else (sp.ceiling(lo) if lo_closed or not lo.is_integer
                                         else lo + 1)
        last = None if hi is None else (sp.floor(hi) if hi_closed or not hi.is_integer
                                        else hi - 1)
        if first is not None and last is not None:
            terms += [_rel("Equal", xw, t.back(sp.Integer(n)))
                      for n in range(int(first), int(last) + 1)]
        else:
            condition = _run_condition(t, xw, (first, True, last, True))
            terms.append(Expr(S.And, _rel("Element", xw, S.Integers), condition)
                         if condition is not TRUE else _rel("Element", xw, S.Integers))
    return terms


def _one_variable(ev, t, formula, x, xw, domain, real_vars, cubics):
    sp = t.sp
    if domain in ("Reals", "Integers") or x in real_vars:
        xr = sp.Symbol(x.name + "_r", real=True)
        formula = _substituted(formula, {x: xr})
        runs = _real_one(sp, formula, xr, cubics)
        if domain == "Integers":
            terms = _integer_points(sp, t, xw, runs)
        else:
            terms = [_run_condition(t, xw, run) for run in runs]
        return ev.evaluate(Expr(S.Or, *terms)) if terms else FALSE
    kind, roots = _complex_one(sp, formula, x, cubics)
    if kind == "all_but":
        return ev.evaluate(Expr(S.And, *[_rel("Unequal", xw, t.back(r)) for r in roots])) \
            if roots else TRUE
    return ev.evaluate(Expr(S.Or, *[_rel("Equal", xw, t.back(r)) for r in roots])) \
        if roots else FALSE


def _exact(sp, f):
    """The formula with its machine numbers as the rationals of their binary values."""
    if f[0] == "rel":
        return ("rel", f[1], f[2].xreplace({v: sp.Rational(float(v)) for v in
                                            f[2].atoms(sp.Float)}))
    if f[0] in ("and", "or"):
        return (f[0], [_exact(sp, g) for g in f[1]])
    if f[0] == "not":
        return ("not", _exact(sp, f[1]))
    return f


def _substituted(f, mapping):
    if f[0] == "rel":
        return ("rel", f[1], f[2].xreplace(mapping))
    if f[0] in ("and", "or"):
        return (f[0], [_substituted(g, mapping) for g in f[1]])
    if f[0] == "not":
        return ("not", _substituted(f[1], mapping))
    return f


# ---------------------------------------------------------------------------- several variables

def _conjunction(formula) -> list | None:
    """The relations of a formula that is a conjunction of them (None otherwise)."""
    if formula[0] == "rel":
        return [formula]
    if formula[0] == "const":
        return [] if formula[1] else None
    if formula[0] == "and":
        out = []
        for g in formula[1]:
            part = _conjunction(g)
            if part is None:
                return None
            out += part
        return out
    return None


def _equation_system(ev, t, relations, xs, xws, real: bool):
    """Equations only: the last variables in terms of the first (linear), or the finite
    solutions as an || of &&s."""
    sp = t.sp
    equations = [f for _, op, f in relations]
    solutions = sp.solve(equations, list(reversed(xs)), dict=True)
    if real:
        solutions = [s for s in solutions if all(_is_real(sp, v) for v in s.values()
                                                 if not v.free_symbols)]
    if not solutions:
        return FALSE
    rows = []
    for s in sorted(solutions, key=lambda s: [_numeric_key(sp, s[v]) if v in s and
                                               not s[v].free_symbols else (2, 0, 0)
                                               for v in xs]):
        rows.append(Expr(S.And, *[_rel("Equal", w, t.back(s[v]))
                                  for v, w in zip(xs, xws) if v in s]))
    return ev.evaluate(Expr(S.Or, *rows))


def _linear_bounds(sp, relations, x):
    """The relations split by the variable x: (lower bounds, upper bounds, equalities,
    the rest); a bound is (expression, strict)."""
    lower, upper, equal, rest = [], [], [], []
    for rel in relations:
        _, op, f = rel
        a = f.diff(x)
        if a == 0:
            rest.append(rel)
            continue
        if a.free_symbols or not f.is_polynomial(*f.free_symbols) or \
                sp.Poly(f, *f.free_symbols).total_degree() > 1:
            raise _Cannot(f)
        bound = sp.expand(-(f - a * x) / a)            # f op 0  <=>  x op' bound
        if op in ("==", "!="):
            if op == "!=":
                raise _Cannot(f)
            equal.append(bound)
            continue
        op = op if a > 0 else _FLIP[op]
        (upper if op in ("<", "<=") else lower).append((bound, op in ("<", ">")))
    return lower, upper, equal, rest


def _cylindrical(ev, t, relations, xs, xws, cubics):
    """A conjunction of linear inequalities (and equations) in several real variables, by
    eliminating the last variable first: the conditions on each variable given the ones
    before it.  Where the last variable has several lower (upper) bounds, the region is
    split by which of them is the greatest (least): one piece per choice, joined by ||."""
    sp = t.sp
    x, xw = xs[-1], xws[-1]
    lower, upper, equal, rest = _linear_bounds(sp, relations, x)
    if equal:
        value = equal[0]
        others = [("rel", op, sp.expand(f.subs(x, value))) for _, op, f in relations
                  if f.diff(x) != 0] + rest
        others = [r for r in others if not (r[2] == 0 and r[1] in ("==", "<=", ">="))]
        return _with_earlier(ev, t, others, xs, xws, cubics,
                             _rel("Equal", xw, t.back(value)))
    pieces = []
    for i, low in enumerate(lower or [None]):
        for j, high in enumerate(upper or [None]):
            others = list(rest)
            if low is not None:          # low the greatest: ties go to the later bound
                others += [("rel", ">=" if k < i else ">", sp.expand(low[0] - other))
                           for k, (other, _) in enumerate(lower) if k != i]
            if high is not None:
                others += [("rel", "<=" if k < j else "<", sp.expand(high[0] - other))
                           for k, (other, _) in enumerate(upper) if k != j]
            if low is not None and high is not None:
                op = "<" if low[1] or high[1] else "<="
                others.append(("rel", op, sp.expand(low[0] - high[0])))
            lo = low if low is not None else (None, False)
            hi = high if high is not None else (None, False)
            this = _run_condition(t, xw, (lo[0], not lo[1], hi[0], not hi[1]))
            piece = _with_earlier(ev, t, others, xs, xws, cubics, this)
            if piece is not FALSE:
                pieces.append(piece)
    if not pieces:
        return FALSE
    return pieces[0] if len(pieces) == 1 else ev.evaluate(Expr(S.Or, *_ordered(pieces)))


def _with_earlier(ev, t, others, xs, xws, cubics, this):
    """this && the conditions ``others`` reduced in the variables before the last one;
    False when a condition between numbers fails."""
    if any(r[2].is_number and not _compare(r[1], complex(r[2])) for r in others):
        return FALSE
    others = [r for r in others if not r[2].is_number]
    if len(xs) == 1:
        return this
    before = _several(ev, t, ("and", others) if others else ("const", True), xs[:-1],
                      xws[:-1], "Reals", set(xs), cubics)
    if before is FALSE:
        return FALSE
    return _joined(ev, before, this, xws[:-1])


def _joined(ev, before, this, earlier):
    """before && this, where a piece of before that fixes earlier variables (x == 2) has
    them replaced in this, as WL's cylindrical form writes a variable in terms of the free
    ones: (x == -2 && y > -2) || (x == 2 && y > 2), not y > x."""
    pieces = before.args if type(before) is Expr and before.head is S.Or else (before,)
    out = []
    for piece in pieces:
        conditions = piece.args if type(piece) is Expr and piece.head is S.And else (piece,)
        rules = [Expr(S.Rule, *c.args) for c in conditions
                 if type(c) is Expr and c.head is S.Equal and len(c.args) == 2
                 and c.args[0] in earlier]
        here = _expanded(ev, ev.evaluate(Expr(S.ReplaceAll, this, Expr(S.List, *rules)))) \
            if rules else this
        out.append(Expr(S.And, piece, here))
    return ev.evaluate(Expr(S.Or, *out))


def _expanded(ev, relation):
    """A relation with its sides expanded (z == 2 (1 + x) is z == 2 + 2 x, as Reduce
    writes solved forms)."""
    if type(relation) is not Expr or type(relation.head) is not Symbol or \
            relation.head.name not in (*_ORDER, "Inequality"):
        return relation
    return ev.evaluate(Expr(relation.head, *[ev.evaluate(Expr(S.Expand, a))
                                             for a in relation.args]))


def _ordered(pieces):
    """Pieces of a region in the order of their first variable's lower end (WL's order),
    where that end is a number."""
    from wlnet.builtins._listutil import float_value

    def first_end(piece):
        first = piece.args[0] if type(piece) is Expr and piece.head is S.And else piece
        ends = [float_value(a) for a in getattr(first, "args", ())]
        ends = [v for v in ends if v is not None]
        return ends[0] if ends else 0.0
    return sorted(pieces, key=first_end)


def _several(ev, t, formula, xs, xws, domain, real_vars, cubics):
    if len(xs) == 1:
        return _one_variable(ev, t, formula, xs[0], xws[0], domain, real_vars, cubics)
    relations = _conjunction(formula)
    if relations is None:
        raise _Cannot(formula)
    if not relations:
        return TRUE
    if all(op == "==" for _, op, _ in relations):
        return _equation_system(ev, t, relations, xs, xws, real=domain == "Reals")
    if domain in ("Integers", "Complexes"):
        raise _Cannot(formula)
    used = [i for i, x in enumerate(xs) if any(f.has(x) for _, _, f in relations)]
    if len(used) < len(xs):                # a variable nothing constrains drops out
        keep = [i for i in range(len(xs)) if i in used]
        return _several(ev, t, formula, [xs[i] for i in keep], [xws[i] for i in keep],
                        domain, real_vars, cubics)
    return _cylindrical(ev, t, relations, xs, xws, cubics)


def _polynomial_with_parameters(ev, t, formula, xs, xws):
    """A polynomial equation in one variable whose coefficients have parameters, over the
    complex numbers: for each leading coefficient that may vanish, the case where it does
    not (the roots of the polynomial of that degree) or-ed with the case where it does
    (the lower degree, down to the condition that every coefficient is 0):
    a x + b == 0 is (b == 0 && a == 0) || (a != 0 && x == -b/a)."""
    sp = t.sp
    if formula[0] != "rel" or formula[1] != "==" or len(xs) != 1:
        raise _Cannot(formula)
    x, f = xs[0], sp.expand(formula[2])
    if not f.is_polynomial(x) or sp.degree(f, x) < 1:
        raise _Cannot(formula)
    coefficients = sp.Poly(f, x).all_coeffs()          # the leading one first
    cases, vanished = [], []
    while coefficients:
        lead, degree = coefficients[0], len(coefficients) - 1
        if degree == 0:                # every coefficient is 0: listed from the lowest
            zero = [] if lead.is_number else [_rel("Equal", t.back(lead), Integer(0))]
            if not lead.is_number or lead == 0:
                # WL lists this case first for a linear equation, last otherwise
                cases.insert(0 if sp.degree(f, x) == 1 else len(cases), zero + vanished[::-1])
            break
        if lead == 0:
            coefficients = coefficients[1:]
            continue
        roots = _roots_of(sp, coefficients, x)
        nonzero = [] if lead.is_number else [_rel("Unequal", t.back(lead), Integer(0))]
        solved = Expr(S.Or, *[_rel("Equal", xws[0], t.back(r)) for r in roots])
        cases.append(vanished + nonzero + [solved])
        if lead.is_number:
            break
        vanished = vanished + [_rel("Equal", t.back(lead), Integer(0))]
        coefficients = coefficients[1:]
    if not cases:
        return FALSE
    return ev.evaluate(Expr(S.Or, *[Expr(S.And, *case) if case else TRUE for case in cases]))


def _real_quadratic_with_parameter(ev, t, formula, xs, xws):
    """An equation of degree 1 or 2 in x over the reals whose number leading coefficient
    and one parameter a: its roots where they are real, the condition on a (the
    discriminant >= 0) reduced over the reals itself: x^2 + a == 0 is
    a <= 0 && (x == -Sqrt[-a] || x == Sqrt[-a])."""
    sp = t.sp
    if formula[0] != "rel" or formula[1] != "==" or len(xs) != 1:
        raise _Cannot(formula)
    x, f = xs[0], sp.expand(formula[2])
    if not f.is_polynomial(x) or sp.degree(f, x) not in (1, 2):
        raise _Cannot(formula)
    coefficients = sp.Poly(f, x).all_coeffs()
    if not coefficients[0].is_number:
        raise _Cannot(formula)
    params = f.free_symbols - {x}
    if len(params) != 1 or not all(c.is_polynomial(*params) for c in coefficients):
        raise _Cannot(formula)
    roots = _roots_of(sp, coefficients, x)
    solved = Expr(S.Or, *[_rel("Equal", xws[0], t.back(r)) for r in roots])
    if len(coefficients) == 2:
        return ev.evaluate(solved)
    a, b, c = coefficients
    condition = ev.evaluate(Expr(S.Reduce, _rel("GreaterEqual", t.back(b ** 2 - 4 * a * c),
                                                Integer(0)),
                                 t.back(next(iter(params))), Symbol("Reals")))
    if type(condition) is Expr and condition.head is S.Reduce:
        raise _Cannot(formula)
    return ev.evaluate(Expr(S.And, condition, solved))


def _roots_of(sp, coefficients, x) -> list:
    """The distinct roots of the polynomial with these coefficients, in radicals of the
    parameters (degree 1 and 2, binomials); _Cannot otherwise."""
    poly = sp.Poly(coefficients, x)
    found = sp.roots(poly, cubics=False, quartics=False)
    if sum(found.values()) != poly.degree():
        raise _Cannot(poly)
    return [sp.simplify(r) for r in found]


# ---------------------------------------------------------------------------- Reduce

def _variables(ev, e, var):
    """The variables: the given ones, or every symbol of e that is not a System one."""
    from wlnet.core.attributes import CONSTANT, PROTECTED
    if var is not None:
        return list(var.args) if is_list(var) else [var]
    found = {}

    def walk(x):
        if type(x) is Symbol:
            if not ev.definitions.attributes(x) & (CONSTANT | PROTECTED):
                found.setdefault(x, None)
        elif type(x) is Expr:
            for a in x.args:
                walk(a)
    walk(e)
    return sorted(found, key=lambda s: s.name)


@builtin("Reduce", argc=(1, None), messages=_MESSAGES,
         usage="Reduce[expr, vars] rewrites equations and inequalities as the simplest "
               "equivalent conditions on the variables: x == 1 || x == 2, -2 < x < 2, "
               "x == 2 && y == 1; Reduce[expr, vars, dom] over Reals, Integers or "
               "Complexes (an inequality makes its variables real).",
         examples=(("Reduce[x^2 - 3 x + 2 == 0, x]", "x == 1 || x == 2"),
                   ("Reduce[x^2 < 4, x]", "-2 < x < 2"),
                   ("Reduce[{x + y == 3, x - y == 1}, {x, y}]", "x == 2 && y == 1"),
                   ("Reduce[x^2 < 10, x, Integers]",
                    "x == -3 || x == -2 || x == -1 || x == 0 || x == 1 || x == 2 || x == 3")))
def reduce_(ev, e, *rest):
    split = split_options(rest, {"Cubics": FALSE, "Quartics": FALSE})
    if split is None or len(split[0]) > 2:
        return None
    positional = list(split[0]) + [None] * (2 - len(split[0]))
    var, domain = positional
    cubics = (split[1]["Cubics"] is TRUE, split[1]["Quartics"] is TRUE)
    domain_name = getattr(domain, "name", None)
    if domain is not None and domain_name not in ("Reals", "Integers", "Complexes"):
        ev.message(S.Reduce, "ndom", domain)
        return None
    for rewrite in REWRITES:               # ForAll/Exists eliminated first
        try:
            e = rewrite(ev, e)
        except (_Cannot, Untranslatable, NotImplementedError, TypeError, ValueError):
            ev.message(S.Reduce, "nsmet", e)
            return None
    variables = _variables(ev, e, var)
    from wlnet.builtins.calculus import _is_variable
    for v in variables:
        if not _is_variable(v):
            ev.message(S.Reduce, "ivar", v)
            return None
    t = Translation()
    real_vars: set = set()
    try:
        formula = _formula(ev, t, e, real_vars)
        inexact = any(f.has(t.sp.Float) for _, _, f in _atoms(formula, []))
        if inexact:                  # as WL: reduced exactly, the answer given numerically
            formula = _exact(t.sp, formula)
        xs = [t.to(v) for v in variables]
        if not variables:
            return ev.evaluate(e)
        free = set()
        for _, _, f in _atoms(formula, []):
            free |= f.free_symbols
        if any(t.opaque_contains(v) for v in variables):
            raise _Cannot(e)
        if free - set(xs):         # parameters: a polynomial equation over the complexes
            if domain_name == "Reals":
                try:
                    return _real_quadratic_with_parameter(ev, t, formula, xs, variables)
                except _Cannot:           # any degree, a parameter in the leading term
                    from wlnet.builtins.reduce_parametric import real_with_parameter
                    return real_with_parameter(ev, t, formula, xs, variables)
            if domain_name not in (None, "Complexes") or real_vars:
                raise _Cannot(e)
            return _polynomial_with_parameters(ev, t, formula, xs, variables)
        result = _several(ev, t, formula, xs, variables, domain_name, real_vars, cubics)
        return ev.evaluate(Expr(S.N, result)) if inexact and result is not None else result
    except (_Cannot, Untranslatable, NotImplementedError, TypeError, ValueError):
        ev.message(S.Reduce, "nsmet", e)
        return None


# ---------------------------------------------------------------------------- ToRules

def _rule_lists(e) -> list | None:
    """The lists of rules of a logical combination of equations: one list for each case of
    an ||, an && of equations giving each x -> value; other conditions (a > 0, a != 1)
    are left out, as WL's ToRules does.  None for what is not a combination of them."""
    if e is TRUE:
        return [[]]
    if e is FALSE:
        return []
    if type(e) is not Expr:
        return None
    if e.head is S.Or:
        out = []
        for case in e.args:
            rules = _rule_lists(case)
            if rules is None:
                return None
            out += rules
        return out
    if e.head is S.And:
        combined = [[]]
        for part in e.args:
            rules = _rule_lists(part)
            if rules is None:
                return None
            combined = [left + right for left in combined for right in rules]
        return combined
    if e.head is S.Equal and len(e.args) == 2:
        return [[Expr(S.Rule, e.args[0], e.args[1])]]
    if type(e.head) is Symbol and e.head.name in _ORDER or e.head.name in ("Inequality",
                                                                          "Element"):
        return [[]]                                  # a condition, not a value
    return None


@builtin("ToRules", argc=1,
         usage="ToRules[eqns] turns equations as Reduce gives them into lists of rules: "
               "x == 1 || x == 2 gives the sequence {x -> 1}, {x -> 2}; inequalities are "
               "left out.",
         examples=(("{ToRules[x == 1 || x == 2]}", "{{x -> 1}, {x -> 2}}"),
                   ("{ToRules[x == 1 && y == 2]}", "{{x -> 1, y -> 2}}"),
                   ("{ToRules[Reduce[x^2 == 4 && x > 0, x]]}", "{{x -> 2}}")))
def to_rules(ev, e):
    cases = _rule_lists(e)
    if cases is None:
        return None
    return Expr(S.Sequence, *[Expr(S.List, *rules) for rules in cases])
