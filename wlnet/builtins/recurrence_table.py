"""RecurrenceTable: the values of recurrence equations, as programs generate chaotic or
dynamical sequences to train nets on (the logistic map
``RecurrenceTable[{x[n + 1] == r x[n] (1 - x[n]), x[1] == 0.2}, x, {n, 1, 100}]``).

``RecurrenceTable[eqns, expr, {n, nmax}]`` (or ``{n, nmin, nmax}``, ``{n, nmin, nmax, dn}``)
gives expr at each n, where eqns hold a recurrence ``f[n + k] == rhs`` for each unknown f
(rhs in terms of earlier f[n + j], of n and of the other unknowns, the unknowns computed
together step by step) and initial values ``f[n0] == v`` for as many starting indices as
the recurrence reaches back.  expr is an unknown (its values), a list of them, or any
expression of f[n] and n.  Each step is evaluated by the evaluator (exact data stays
exact); a step that does not give a value stops the table with a message.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.pattern import substitute
from wlnet.core.registry import builtin

_HEAD = Symbol("RecurrenceTable")
_MESSAGES = {
    "eqn": "`1` is not a list of recurrence equations f[n + k] == rhs with initial values "
           "f[n0] == v for the unknowns.",
    "iter": "`1` is not an index range {n, nmax}, {n, nmin, nmax} or {n, nmin, nmax, dn} of "
            "whole numbers.",
    "init": "The initial values do not reach back far enough to start `1` at `2`.",
}


def _shift(e, n) -> int | None:
    """k of an index n + k (n itself: 0), None otherwise."""
    if e == n:
        return 0
    if type(e) is Expr and e.head is S.Plus and len(e.args) == 2:
        a, b = e.args
        if b == n and type(a) is Integer:
            return a.value
        if a == n and type(b) is Integer:
            return b.value
    return None


def _read(equations, n):
    """({f: (k, rhs)} recurrences, {f: {index: value}} initial values) or None."""
    items = equations.args if is_list(equations) else (equations,)
    recurrences: dict = {}
    initial: dict = {}
    for eq in items:
        if not (type(eq) is Expr and eq.head is S.Equal and len(eq.args) == 2):
            return None
        for lhs, rhs in (eq.args, eq.args[::-1]):
            if type(lhs) is Expr and type(lhs.head) is Symbol and len(lhs.args) == 1:
                f, index = lhs.head, lhs.args[0]
                if type(index) is Integer:
                    initial.setdefault(f, {})[index.value] = rhs
                    break
                k = _shift(index, n)
                if k is not None and (f not in recurrences or recurrences[f][0] < k):
                    recurrences[f] = (k, rhs)
                    break
        else:
            return None
    if not recurrences:
        return None
    return recurrences, initial


def _range(spec):
    """(n, nmin, nmax, step) of the iterator, or None."""
    if not (is_list(spec) and 2 <= len(spec.args) <= 4 and type(spec.args[0]) is Symbol
            and all(type(a) is Integer for a in spec.args[1:])):
        return None
    values = [a.value for a in spec.args[1:]]
    if len(values) == 1:
        return spec.args[0], 1, values[0], 1
    step = values[2] if len(values) == 3 else 1
    return (spec.args[0], values[0], values[1], step) if step > 0 else None


@builtin("RecurrenceTable", argc=3, attributes=("HoldAll", "Protected"), messages=_MESSAGES,
         usage="RecurrenceTable[eqns, expr, {n, nmin, nmax}] gives expr at n = nmin … nmax for "
               "the sequence(s) defined by the recurrence equations eqns (f[n + k] == rhs) and "
               "their initial values (f[n0] == v); {n, nmax} starts at 1, a fourth element is "
               "the step.",
         examples=(("RecurrenceTable[{a[n + 1] == 2 a[n], a[1] == 1}, a, {n, 1, 6}]",
                    "{1, 2, 4, 8, 16, 32}"),
                   ("RecurrenceTable[{f[n] == f[n - 1] + f[n - 2], f[1] == 1, f[2] == 1}, "
                    "f[n], {n, 8}]", "{1, 1, 2, 3, 5, 8, 13, 21}")))
def recurrence_table(ev, eqns, expr, spec):
    # the index is the table's own, whatever value it has outside (as Table's is)
    bounds = Expr(S.List, spec.args[0], *[ev.evaluate(a) for a in spec.args[1:]]) \
        if is_list(spec) and spec.args else spec
    found = _range(bounds)
    if found is None:
        ev.message(_HEAD, "iter", spec)
        return None
    index, lo, hi, step = found
    # the index is the table's own whatever value it has outside: the held equations and
    # expression get a symbol of their own for it before they are evaluated
    n = Symbol(f"{index.name}$RecurrenceTable")

    def blocked(e):
        return ev.evaluate(substitute(e, {index: n}))

    read = _read(blocked(eqns), n)
    if read is None:
        ev.message(_HEAD, "eqn", eqns)
        return None
    recurrences, initial = read
    values = {f: dict(initial.get(f, {})) for f in recurrences}
    lowest = min((min(v) for v in values.values() if v), default=lo)

    def value_at(f, m):
        """f[m], the recurrence computed forward from the initial values."""
        table = values[f]
        if m in table:
            return table[m]
        k, _ = recurrences[f]
        if m < lowest or not table or m - k < min(table):
            ev.message(_HEAD, "init", f, Integer(m))
            raise _Stop
        for t in range(max(table) + 1, m + 1):
            if t not in table:
                at = ev.evaluate(substitute(recurrences[f][1], {n: Integer(t - k)}))
                table[t] = ev.evaluate(Expr(S.ReplaceAll, at, known_rules(at)))
        return table[m]

    def known_rules(at):
        """g[j] -> its value for every unknown's g[j] in ``at``."""
        return Expr(S.List, *[Expr(S.Rule, Expr(g, Integer(j)), value_at(g, j))
                              for g in recurrences for j in _indices_of(at, g)])

    expr = blocked(expr)
    heads = expr.args if is_list(expr) else (expr,)
    out = []
    try:
        for m in range(lo, hi + 1, step):
            row = []
            for h in heads:
                if type(h) is Symbol and h in recurrences:
                    row.append(value_at(h, m))
                else:
                    at = ev.evaluate(substitute(h, {n: Integer(m)}))
                    row.append(ev.evaluate(Expr(S.ReplaceAll, at, known_rules(at))))
            out.append(Expr(S.List, *row) if is_list(expr) else row[0])
    except _Stop:
        return None
    return Expr(S.List, *out)


class _Stop(Exception):
    pass


def _indices_of(e, f) -> list[int]:
    """The whole-number indices j of the f[j] in e."""
    found, todo = [], [e]
    while todo:
        x = todo.pop()
        if type(x) is not Expr:
            continue
        if x.head is f and len(x.args) == 1 and type(x.args[0]) is Integer:
            found.append(x.args[0].value)
            continue
        todo.extend(x.args)
    return found
