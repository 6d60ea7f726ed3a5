"""Reduce over the reals of one polynomial equation in x with one parameter a, of any
degree, the leading coefficient possibly depending on a: the parameter's line cut where
the equation's real roots change (a cylindrical decomposition in (a, x), as WL's):

    Reduce[a x^2 == 1, x, Reals]    a > 0 && (x == -(1/Sqrt[a]) || x == 1/Sqrt[a])
    Reduce[x^3 - x + a == 0, x, Reals]
        (a < -2/(3 Sqrt[3]) && x == Root[a - #1 + #1^3 &, 1]) || (a == -2/(3 Sqrt[3]) && …

The critical values of a are the real zeros of the leading coefficient, of the
discriminant of the square-free part (where two roots meet, of one factor or of two), of
the content and of a denominator.  Between them the number of real roots is constant: they
are the roots of each irreducible factor (in radicals for degree 1 and 2, else
Root[f, k], k = 1 … the number of real ones, WL's real roots ascending), listed in
increasing order.  At a critical value the equation in x alone is solved exactly.  A
critical value whose roots are the limits of a neighbouring cell's joins that cell
(x^2 + a == 0: a <= 0), as do two cells of the same roots around it.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._real_line import (
    _Cannot, _distinct, _rel, _run_condition, _sample_between, _zeros,
)
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, Symbol

_MATCH = 1e-3            # roots near a critical value agree with its roots within this


def real_with_parameter(ev, t, formula, xs, xws):
    sp = t.sp
    if formula[0] != "rel" or formula[1] != "==" or len(xs) != 1:
        raise _Cannot(formula)
    x, xw = xs[0], xws[0]
    num, den = sp.fraction(sp.together(sp.expand(formula[2])))
    params = (num.free_symbols | den.free_symbols) - {x}
    if len(params) != 1 or den.has(x) or not num.is_polynomial(x, *params) \
            or not den.is_polynomial(*params) or sp.degree(num, x) < 1:
        raise _Cannot(formula)
    a = next(iter(params))
    a_real = sp.Symbol(a.name + "_real", real=True)
    num, den = num.xreplace({a: a_real}), den.xreplace({a: a_real})
    factors = _x_factors(sp, num, x)
    criticals = _critical_values(sp, num, den, factors, x, a_real)
    cells = _cells(sp, num, den, factors, x, a_real, criticals)
    runs = _merged(sp, num, x, a_real, cells)
    pieces = _pieces(ev, t, runs, x, xw, a_real, a)
    return ev.evaluate(Expr(S.Or, *pieces)) if pieces else FALSE


def _pieces(ev, t, runs, x, xw, a_real, a) -> list:
    """condition on a && (x == root || …) for each run with roots (a == c alone where
    every x is one)."""
    sp, aw = t.sp, t.back(a)
    pieces = []
    for lo, lo_closed, hi, hi_closed, roots, excluded in runs:
        if isinstance(roots, _Numeric) and roots:
            raise _Cannot(a)                    # a critical value standing alone
        if roots is None or roots:
            condition = Expr(S.And, _run_condition(t, aw, (lo, lo_closed, hi, hi_closed)),
                             *[_rel("Unequal", aw, t.back(c)) for c in excluded])
            roots = None if roots is None else _simplified(sp, roots, a_real, lo, hi)
            solved = TRUE if roots is None else Expr(S.Or, *[
                _rel("Equal", xw, _back(ev, t, r, x, a_real, a)) for r in roots])
            pieces.append(Expr(S.And, condition, solved))
    return pieces


def _x_factors(sp, p, x) -> list:
    """The distinct irreducible factors of p that involve x."""
    return [f for f, _ in sp.factor_list(p)[1] if f.has(x)]


def _critical_values(sp, num, den, factors, x, a) -> list:
    """The real values of a where the real roots in x may change."""
    square_free = sp.Mul(*factors)
    content = sp.Mul(*[f for f, _ in sp.factor_list(num)[1] if not f.has(x)])
    polys = [sp.Poly(num, x).LC(), den, content]
    if sp.degree(square_free, x) >= 2:
        polys.append(sp.discriminant(square_free, x))
    values = []
    for p in polys:
        p = sp.expand(p)
        if p.has(a):
            values += _zeros(sp, p, a, (False, False), real=True)
    return _distinct(sp, values)


def _cells(sp, num, den, factors, x, a, criticals) -> list:
    """(lo, lo_closed, hi, hi_closed, roots) along the a line: roots a list of
    expressions in a (None: every x)."""
    cells = []
    for i in range(len(criticals) + 1):
        lo = criticals[i - 1] if i else None
        hi = criticals[i] if i < len(criticals) else None
        sample = _sample_between(sp, lo, hi)
        cells.append((lo, False, hi, False, _generic_roots(sp, factors, x, a, sample)))
        if hi is not None:
            cells.append((hi, True, hi, True, _roots_at(sp, num, den, x, a, hi)))
    return cells


def _generic_roots(sp, factors, x, a, sample) -> list:
    """The real roots in a cell of a, as expressions in a, ascending at the sample."""
    found = []
    for f in factors:
        at_sample = sp.Poly(f.subs(a, sample), x)
        real = sorted(set(sp.real_roots(at_sample)), key=lambda r: float(sp.N(r, 30)))
        if not real:
            continue
        degree = sp.degree(f, x)
        if degree <= 2:
            for r in sp.roots(sp.Poly(f, x), cubics=False, quartics=False):
                value = complex(sp.N(r.subs(a, sample), 30))
                if abs(value.imag) < 1e-20:
                    found.append((value.real, sp.simplify(r)))
        else:
            found += [(float(sp.N(r, 30)), ("Root", f, k + 1)) for k, r in enumerate(real)]
    return [e for _, e in sorted(found, key=lambda pair: pair[0])]


def _roots_at(sp, num, den, x, a, value):
    """The real roots at a critical value of a (None: the equation holds for every x;
    [] where it is undefined or has none)."""
    if sp.simplify(den.subs(a, value)) == 0:
        return []
    p = sp.expand(num.subs(a, value))
    if p == 0:
        return None
    if not p.has(x):
        return []
    try:
        return _zeros(sp, p, x, (False, False), real=True)
    except _Cannot:       # algebraic coefficients: numbers, enough to join a neighbour
        return _Numeric(_clustered(sorted(_numeric_roots(sp, num, x, a,
                                                          float(sp.N(value, 30))))))


class _Numeric(list):
    """The real roots at a critical value as machine numbers only (no exact form found):
    enough to see that they are a neighbouring cell's limits, not to be written out."""


def _merged(sp, num, x, a, cells) -> list:
    """Runs of cells (lo, lo_closed, hi, hi_closed, roots, excluded values of a): a
    critical value joins a neighbour whose roots tend to its own (x^2 + a == 0: a <= 0);
    the cells on both sides join when they have the same roots and the value between them
    either agrees, has no root (a x == 1: a != 0, left out) or every x (then it stands
    alone too: (a - 1) x == a - 1 is a == 1 || x == 1)."""
    runs = [[*cells[0], []]]
    alone = []                             # critical values where every x is a root
    i = 1
    while i < len(cells):
        point, right = cells[i], cells[i + 1]
        c, left = point[0], runs[-1]
        to_left = _limits_are(sp, num, x, a, left[4], c, -1, point[4])
        to_right = _limits_are(sp, num, x, a, right[4], c, 1, point[4])
        same_sides = _same_roots(left[4], right[4]) and left[4] is not None
        if same_sides and to_left and to_right:
            left[2], left[3] = right[2], right[3]
        elif same_sides and point[4] is not None and not point[4] and left[4]:
            left[2], left[3] = right[2], right[3]
            left[5].append(c)
        elif same_sides and point[4] is None:
            left[2], left[3] = right[2], right[3]
            alone.append([*point, []])
        elif to_left:
            left[2], left[3] = c, True
            runs.append([*right, []])
        elif to_right:
            runs.append([c, True, right[2], right[3], right[4], []])
        else:
            runs += [[*point, []], [*right, []]]
        i += 2
    return [tuple(run) for run in alone + runs]


def _same_roots(first, second) -> bool:
    if first is None or second is None:
        return first is second
    return len(first) == len(second) and all(any(_same_root(r, q) for q in second)
                                             for r in first)


def _same_root(r, q) -> bool:
    if isinstance(r, tuple) or isinstance(q, tuple):
        return r == q
    return r.equals(q) is True or r == q


def _limits_are(sp, num, x, a, roots, c, side: int, there) -> bool:
    """The cell's roots just beside the critical value c (side -1: left) tend to the
    roots there."""
    if roots is None or there is None:
        return roots is None and there is None
    centre = float(sp.N(c, 30))
    near = _numeric_roots(sp, num, x, a, centre + side * 1e-9 * max(1.0, abs(centre)))
    if len(near) != len(roots):
        return False
    near = _clustered(sorted(near))
    values = there if isinstance(there, _Numeric) else \
        _clustered(sorted(float(sp.N(r, 30)) for r in there))
    return len(near) == len(values) and all(abs(u - v) <= _MATCH * max(1.0, abs(v))
                                            for u, v in zip(near, values))


def _numeric_roots(sp, num, x, a, value) -> list:
    """The real roots of num at a = value, as machine numbers."""
    coefficients = [complex(sp.N(c.subs(a, value), 30)) for c in sp.Poly(num, x).all_coeffs()]
    if abs(coefficients[0]) == 0:
        return []
    roots = np.roots(coefficients)
    return [float(r.real) for r in roots if abs(r.imag) <= 1e-6 * max(1.0, abs(r))]


def _clustered(values: list) -> list:
    out = []
    for v in values:
        if not out or abs(v - out[-1]) > _MATCH * max(1.0, abs(v)):
            out.append(v)
    return out


def _simplified(sp, roots, a, lo, hi) -> list:
    """Radicals simplified knowing the sign of a in the run (Sqrt[1/a] is 1/Sqrt[a] for
    a > 0)."""
    if lo is not None and sp.N(lo) >= 0:
        signed = sp.Symbol(a.name, positive=True)
    elif hi is not None and sp.N(hi) <= 0:
        signed = sp.Symbol(a.name, negative=True)
    else:
        return roots
    return [r if isinstance(r, tuple) else
            sp.simplify(r.xreplace({a: signed})).xreplace({signed: a}) for r in roots]


def _back(ev, t, root, x, a_real, a):
    """A root as WL: an expression in a, or Root[f(a, #1) &, k]."""
    sp = t.sp
    if isinstance(root, tuple):
        _, f, k = root
        slot = sp.Symbol("root_slot")
        body = t.back(sp.expand(f.xreplace({a_real: a, x: slot})))
        body = ev.evaluate(Expr(S.ReplaceAll, body, Expr(S.Rule, t.back(slot),
                                                          Expr(S.Slot, Integer(1)))))
        return Expr(Symbol("Root"), Expr(S.Function, body), Integer(k))
    return t.back(root.xreplace({a_real: a}))
