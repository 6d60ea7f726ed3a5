"""Sequences from recurrences, step by step: ``LinearRecurrence`` and ``RecurrenceTable``.

``LinearRecurrence[{a1, …, ad}, {x1, …, xd}, n]`` is the first n terms of the sequence with
x[k] = a1 x[k-1] + … + ad x[k-d] from the initial terms; ``{n}`` gives the n-th term only,
``{nmin, nmax}`` the terms from nmin to nmax.

``RecurrenceTable[{a[n + 1] == f(a[n], n), a[1] == v, …}, expr, {n, nmax}]`` (or ``{n,
nmin, nmax}``, ``{n, nmin, nmax, dn}``) is the list of expr (a, a[n], or any expression in
a[n] and n) for n from nmin: the recurrence is solved for its highest shifted term and
stepped from the initial values (RSolve's closed form is not needed).
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.registry import builtin

_MESSAGES = {
    "lrec": "`1` is not a list of coefficients with a list of as many initial values.",
    "ncnt": "`1` is not a count of terms: a nonnegative integer, {n} or {nmin, nmax}.",
    "dsvar": "`1` is not an iterator {n, nmax}, {n, nmin, nmax} or {n, nmin, nmax, dn} "
             "with integer bounds.",
    "deqn": "`1` is not a recurrence for one sequence a[n] with its initial values a[k] == "
            "v.",
    "dinit": "The initial values do not reach the first term `1` that the recurrence needs.",
}


def _linear_terms(ev, kernel, initial, count):
    """The first count terms (count >= len(initial) or not)."""
    terms = list(initial)
    order = len(kernel)
    while len(terms) < count:
        previous = terms[-order:][::-1]       # x[k-1], x[k-2], …
        terms.append(ev.evaluate(Expr(S.Plus, *[Expr(S.Times, a, x)
                                                for a, x in zip(kernel, previous)])))
    return terms[:count]


@builtin("LinearRecurrence", argc=3, messages=_MESSAGES,
         usage="LinearRecurrence[{a1, …, ad}, {x1, …, xd}, n] is the first n terms of the "
               "sequence x[k] = a1 x[k-1] + … + ad x[k-d]; with {n} the n-th term, with "
               "{nmin, nmax} the terms nmin to nmax.",
         examples=(("LinearRecurrence[{1, 1}, {1, 1}, 8]", "{1, 1, 2, 3, 5, 8, 13, 21}"),
                   ("LinearRecurrence[{2, -1}, {1, 3}, {10}]", "19")))
def linear_recurrence(ev, kernel, initial, spec):
    if not (is_list(kernel) and is_list(initial) and kernel.args and
            len(kernel.args) == len(initial.args)):
        ev.message(S.LinearRecurrence, "lrec", Expr(S.List, kernel, initial))
        return None
    if type(spec) is Integer and spec.value >= 0:
        return Expr(S.List, *_linear_terms(ev, kernel.args, initial.args, spec.value))
    if is_list(spec) and all(type(k) is Integer and k.value >= 1 for k in spec.args) and \
            len(spec.args) in (1, 2):
        first, last = spec.args[0].value, spec.args[-1].value
        terms = _linear_terms(ev, kernel.args, initial.args, last)
        if len(spec.args) == 1:
            return terms[last - 1]
        return Expr(S.List, *terms[first - 1:last])
    ev.message(S.LinearRecurrence, "ncnt", spec)
    return None


# ---------------------------------------------------------------------------- RecurrenceTable

def _calls_of(e, head, out):
    """The head[…] expressions inside e."""
    if type(e) is Expr:
        if e.head is head and len(e.args) == 1:
            out.append(e)
        for a in e.args:
            _calls_of(a, head, out)
    return out


def _shift(ev, call, n):
    """k of a[n + k] (an integer), else None."""
    k = ev.evaluate(Expr(S.Plus, call.args[0], Expr(S.Times, Integer(-1), n)))
    return k.value if type(k) is Integer else None


def _recurrence(ev, eqns, n):
    """(a, highest shift h, a[n + h] in the others, {k: initial value}) or None."""
    items = eqns.args if type(eqns) is Expr and eqns.head in (S.List, S.And) else (eqns,)
    initial, recurrences, heads = {}, [], set()
    for e in items:
        if not (type(e) is Expr and e.head is S.Equal and len(e.args) == 2):
            return None
        lhs = e.args[0]
        if type(lhs) is Expr and len(lhs.args) == 1 and type(lhs.args[0]) is Integer and \
                type(lhs.head) is Symbol:
            initial[lhs.args[0].value] = e.args[1]
            heads.add(lhs.head)
        else:
            recurrences.append(e)
    if len(recurrences) != 1 or len(heads) != 1:
        return None
    (eq,), (a,) = recurrences, heads
    calls = _calls_of(eq, a, [])
    shifts = [_shift(ev, c, n) for c in calls]
    if not calls or any(s is None for s in shifts):
        return None
    top = max(shifts)
    target = Expr(a, ev.evaluate(Expr(S.Plus, n, Integer(top))))
    solved = ev.evaluate(Expr(S.Solve, eq, target))
    if not (is_list(solved) and len(solved.args) == 1 and is_list(solved.args[0]) and
            solved.args[0].args):
        return None
    rhs = solved.args[0].args[0].args[1]
    return a, top, rhs, initial, min(shifts)


def _iterator(spec):
    if not (is_list(spec) and 2 <= len(spec.args) <= 4 and type(spec.args[0]) is Symbol and
            all(type(b) is Integer for b in spec.args[1:])):
        return None
    bounds = [b.value for b in spec.args[1:]]
    if len(bounds) == 1:
        return spec.args[0], 1, bounds[0], 1
    step = bounds[2] if len(bounds) == 3 else 1
    return (spec.args[0], bounds[0], bounds[1], step) if step > 0 else None


@builtin("RecurrenceTable", argc=3, attributes=("HoldAll", "Protected"), messages=_MESSAGES,
         usage="RecurrenceTable[{a[n + 1] == f, a[1] == v}, expr, {n, nmax}] is the list of "
               "expr (a, a[n] or any expression in them) for n from 1 to nmax, the sequence "
               "stepped from its initial values; {n, nmin, nmax} and {n, nmin, nmax, dn} "
               "choose the range.",
         examples=(("RecurrenceTable[{a[n + 1] == 3 a[n], a[1] == 7}, a, {n, 1, 5}]",
                    "{7, 21, 63, 189, 567}"),
                   ("RecurrenceTable[{a[n] == a[n - 1] + a[n - 2], a[1] == 1, a[2] == 1}, "
                    "a[n], {n, 10}]", "{1, 1, 2, 3, 5, 8, 13, 21, 34, 55}")))
def recurrence_table(ev, eqns, expr, spec):
    iterator = _iterator(ev.evaluate(spec))
    if iterator is None:
        ev.message(S.RecurrenceTable, "dsvar", spec)
        return None
    n, first, last, step = iterator
    found = _recurrence(ev, ev.evaluate(eqns), n)
    if found is None:
        ev.message(S.RecurrenceTable, "deqn", eqns)
        return None
    a, top, rhs, values, low = found
    start = max(values) + 1
    if any(k not in values for k in range(start - (top - low), start)) and start <= last:
        ev.message(S.RecurrenceTable, "dinit", Expr(a, Integer(start)))
        return None
    for m in range(start, last + 1):           # a[m] from the terms before it
        step_rhs = ev.evaluate(Expr(S.ReplaceAll, rhs, Expr(S.Rule, n, Integer(m - top))))
        rules = [Expr(S.Rule, c, values[c.args[0].value]) for c in _calls_of(step_rhs, a, [])
                 if type(c.args[0]) is Integer and c.args[0].value in values]
        values[m] = ev.evaluate(Expr(S.ReplaceAll, step_rhs, Expr(S.List, *rules)))
    out = []
    for m in range(first, last + 1, step):
        if m not in values:
            ev.message(S.RecurrenceTable, "dinit", Expr(a, Integer(m)))
            return None
        if expr is a:
            out.append(values[m])
            continue
        at = ev.evaluate(Expr(S.ReplaceAll, expr, Expr(S.Rule, n, Integer(m))))
        rules = [Expr(S.Rule, c, values[c.args[0].value]) for c in _calls_of(at, a, [])
                 if type(c.args[0]) is Integer and c.args[0].value in values]
        out.append(ev.evaluate(Expr(S.ReplaceAll, at, Expr(S.List, *rules))))
    return Expr(S.List, *out)
