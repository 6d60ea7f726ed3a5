"""``RSolve`` and ``RSolveValue``: recurrence equations for one sequence a[n].

``RSolve[eqn, a[n], n]`` gives ``{{a[n] -> …}}`` and ``RSolve[eqn, a, n]`` a pure function
``{{a -> Function[{n}, …]}}``; equations without n (``a[0] == 1``) are end conditions, and
without enough of them the answer has constants C[1], C[2], … (GeneratedParameters).

What is solved: linear recurrences with constant coefficients of any order (SymPy's
``rsolve``), and first-order linear ones a[n + 1] == p[n] a[n] + q[n] with coefficients
in n, solved here by the product of p from where it has no zero or pole on (Gamma[n]
for p = n, as WL writes it) and a sum for q.  Anything else stays unevaluated.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.builtins._sympy_bridge import Translation, Untranslatable, contains
from wlnet.builtins.algebra import _name_constants
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.registry import builtin, read_options

_CONSTANT = Symbol("C")
_OPTIONS = {"GeneratedParameters": _CONSTANT, "Assumptions": S.Automatic,
            "Method": S.Automatic}
_MESSAGES = {
    "rsvar": "`1` is not a sequence a[n] of the variable `2` (or its name a).",
    "rseq": "`1` is not an equation or a list of equations.",
}


def _items(eqs):
    return eqs.args if type(eqs) is Expr and eqs.head in (S.List, S.And) else (eqs,)


def _parts(ev, t, eqs, head, var):
    """(recurrence expressions == 0, {a(k): value} end conditions), or None."""
    recurrences, conditions = [], {}
    for e in _items(eqs):
        if not (type(e) is Expr and e.head is S.Equal and len(e.args) == 2):
            return None
        lhs, rhs = (t.to(x) for x in e.args)
        if contains(e, var):
            recurrences.append(lhs - rhs)
        elif type(e.args[0]) is Expr and e.args[0].head is head and len(e.args[0].args) == 1:
            conditions[lhs] = rhs
        else:
            return None
    return recurrences, conditions


def _shifts(sp, expr, a, n):
    """{shift: coefficient} when expr is linear in a(n + shift) terms, else None; the
    term free of a is under the key None."""
    terms = {}
    calls = {c for c in expr.atoms(sp.Function) if c.func == a}
    symbols = {}
    for c in calls:
        shift = sp.simplify(c.args[0] - n)
        if not shift.is_integer:
            return None
        symbols[c] = sp.Dummy()
    linear = expr.xreplace(symbols)
    for c, d in symbols.items():
        coefficient = sp.diff(linear, d)
        if coefficient.has(*symbols.values()):
            return None
        terms[int(sp.simplify(c.args[0] - n))] = coefficient
    rest = sp.simplify(linear.subs({d: 0 for d in symbols.values()}))
    return terms, rest


def _first_order(sp, expr, a, n, conditions):
    """a(n + 1) == p(n) a(n) + q(n) solved by a product and a sum; None when expr is
    not of that form (or the coefficients are constants: SymPy's rsolve does those)."""
    found = _shifts(sp, expr, a, n)
    if found is None:
        return None
    terms, rest = found
    if len(terms) != 2:
        return None
    low, high = min(terms), max(terms)
    if high - low != 1:
        return None
    p = sp.simplify(-terms[low] / terms[high]).subs(n, n - low)
    q = sp.simplify(-rest / terms[high]).subs(n, n - low)
    if not p.has(n) and not q.has(n):
        return None
    k = sp.Dummy("k", integer=True)
    # (from past the integer zeros and poles of p and the poles of q)
    numerator, denominator = sp.fraction(sp.together(p))
    critical = sp.expand(numerator * denominator * sp.fraction(sp.together(q))[1])
    singular = [int(r) for r in sp.roots(sp.Poly(critical, n)) if r.is_integer] \
        if critical.has(n) else []
    start = max([0] + [r + 1 for r in singular])
    h = sp.simplify(sp.product(p.subs(n, k), (k, start, n - 1)).rewrite(sp.gamma))
    c = sp.Symbol("C0")
    solution = h * (c + sp.summation(sp.simplify(q.subs(n, k) / h.subs(n, k + 1)),
                                     (k, start, n - 1)))
    solution = sp.simplify(solution)
    if conditions:
        (point, value), = list(conditions.items())[:1]
        solved = sp.solve(sp.Eq(solution.subs(n, point.args[0]), value), c)
        if not solved:
            return None
        solution = sp.simplify(solution.subs(c, solved[0]))
    return solution


def _solve(ev, eqs, unknown, var, parameters):
    """The value of a[n] (with constants named by parameters) or None."""
    t = Translation()
    sp = t.sp
    head = unknown if type(unknown) is Symbol else unknown.head
    if type(head) is not Symbol or (type(unknown) is Expr and unknown.args != (var,)) \
            or type(var) is not Symbol:
        ev.message(S.RSolve, "rsvar", unknown, var)
        return None
    try:
        parts = _parts(ev, t, eqs, head, var)
        a_n = t.to(Expr(head, var))
    except Untranslatable:
        return None
    if parts is None:
        return None
    recurrences, conditions = parts
    if len(recurrences) != 1:
        return None
    n = t.to(var)
    integer_n = sp.Symbol(n.name, integer=True)
    expr = recurrences[0].xreplace({n: integer_n})
    a = a_n.func
    try:
        solution = _first_order(sp, expr, a, integer_n, conditions)
        if solution is None:
            solution = sp.rsolve(expr, a(integer_n), conditions or None)
    except Exception:       # noqa: BLE001 - SymPy says "cannot" with many exception types
        return None
    if solution is None or solution.has(sp.RisingFactorial):
        return None
    solution = solution.xreplace({integer_n: n})
    # SymPy's constants C0, C1, … are WL's C[1], C[2], …
    constants = sorted((s for s in solution.free_symbols
                        if s.name[:1] == "C" and s.name[1:].isdigit()),
                       key=lambda s: int(s.name[1:]))
    solution = solution.xreplace({s: sp.Symbol(f"C{int(s.name[1:]) + 1}_") for s in constants})
    solution = solution.xreplace({s: sp.Symbol(s.name[:-1]) for s in solution.free_symbols
                                  if s.name.endswith("_") and s.name[:1] == "C"})
    _name_constants(t, solution, parameters)
    try:
        return ev.evaluate(t.back(solution))
    except Untranslatable:
        return None


@builtin("RSolve", argc=(3, None), messages=_MESSAGES, options=_OPTIONS,
         usage="RSolve[eqn, a[n], n] solves a recurrence equation for a[n]: {{a[n] -> …}} "
               "with constants C[1], C[2]… where end conditions (a[0] == 1) are missing; "
               "RSolve[eqn, a, n] gives a as a pure function.",
         examples=(("RSolve[{a[n + 1] == 2 a[n] + 1, a[0] == 0}, a[n], n]",
                    "{{a[n] -> -1 + 2^n}}"),
                   ("RSolve[a[n + 2] - 2 a[n + 1] + a[n] == 0, a[n], n]",
                    "{{a[n] -> C[1] + n C[2]}}")))
def rsolve(ev, eqs, unknown, var, *rest):
    split = read_options(ev, Expr(S.RSolve, eqs, unknown, var, *rest), rest, _OPTIONS)
    if split is None:
        return None
    value = _solve(ev, eqs, unknown, var, ev.evaluate(split[1]["GeneratedParameters"]))
    if value is None:
        return None
    if type(unknown) is Symbol:
        return Expr(S.List, Expr(S.List, Expr(S.Rule, unknown,
                                              Expr(S.Function, Expr(S.List, var), value))))
    return Expr(S.List, Expr(S.List, Expr(S.Rule, unknown, value)))


@builtin("RSolveValue", argc=(3, None), messages=_MESSAGES, options=_OPTIONS,
         usage="RSolveValue[eqn, expr, n] is expr (a[n], a, a[10]…) with the solution of the "
               "recurrence eqn put in.",
         examples=(("RSolveValue[{a[n + 1] == 3 a[n], a[0] == 1}, a[n], n]", "3^n"),
                   ("RSolveValue[{a[n + 1] == 3 a[n], a[0] == 1}, a[4], n]", "81")))
def rsolve_value(ev, eqs, target, var, *rest):
    split = read_options(ev, Expr(S.RSolveValue, eqs, target, var, *rest), rest, _OPTIONS)
    if split is None:
        return None
    heads = {e.head for e in _items(eqs) for e in _calls(e) if type(e.head) is Symbol}
    sequence = target if type(target) is Symbol else (
        target.head if type(target) is Expr and type(target.head) is Symbol else None)
    if sequence is None or sequence not in heads:
        return None
    value = _solve(ev, eqs, Expr(sequence, var), var,
                   ev.evaluate(split[1]["GeneratedParameters"]))
    if value is None:
        return None
    function = Expr(S.Function, Expr(S.List, var), value)
    return ev.evaluate(Expr(S.ReplaceAll, target, Expr(S.Rule, sequence, function)))


def _calls(e):
    """The applied expressions f[…] inside e."""
    if type(e) is Expr:
        if type(e.head) is Symbol and e.head not in (S.Equal, S.Plus, S.Times, S.Power,
                                                      S.List, S.And):
            yield e
        for a in e.args:
            yield from _calls(a)
