"""Control flow: CompoundExpression, If, Which, Switch, loops, Table, Return/Break/Continue,
Throw/Catch, Abort; the holding wrappers; and the iterator specifications shared by
Table, Do and Sum (``iterator_values`` / ``bind``).

``Return[x]`` is a value (see wlnet.core.evaluator): CompoundExpression stops at it, the
loops and the application of a user definition unwrap it.
"""

from __future__ import annotations

import math
from contextlib import ExitStack, contextmanager
from fractions import Fraction
from itertools import repeat

from wlnet.builtins._listutil import affordable
from wlnet.core.registry import builtin, declare
from wlnet.core.evaluator import (AbortEvaluation, BreakException, ContinueException,
                                  GotoException, ThrowException)
from wlnet.core.expr import (Expr, FALSE, Integer, NULL, Rational, Real, S, Symbol, TRUE,
                             make_rational)
from wlnet.core.pattern import matches
from wlnet.core.packed import maybe_pack, pack, to_packed

__all__ = ["iterator_values", "bind", "table", "IteratorError"]

_List = S.List
_Return = S.Return

# ---------------------------------------------------------------------------- holding

declare("Hold", attributes=("HoldAll", "Protected"),
        usage="Hold[expr] keeps expr unevaluated.")
declare("HoldComplete", attributes=("HoldAllComplete", "Protected"),
        usage="HoldComplete[expr] keeps expr unevaluated, Sequence and Unevaluated included.")
declare("HoldPattern", attributes=("HoldAll", "Protected"),
        usage="HoldPattern[patt] matches like patt but keeps it unevaluated.")
declare("Unevaluated", attributes=("HoldAllComplete", "Protected"),
        usage="Unevaluated[expr] passes expr to a function without evaluating it.")
declare("Sequence", attributes=("Protected",),
        usage="Sequence[a, b, …] is spliced into the argument list it appears in.")
declare("Return", usage="Return[expr] returns expr from a function or a loop.")
declare("Function", attributes=("HoldAll", "Protected"),
        usage="Function[body] or body & is a pure function with slots #, #2, ##; "
              "Function[x, body] and Function[{x, y}, body] name the parameters.")
declare("Slot", attributes=("NHoldAll", "Protected"),
        usage="#n is the n-th argument of a pure function (# is #1, #0 the function).")
declare("SlotSequence", attributes=("NHoldAll", "Protected"),
        usage="##n is the sequence of arguments of a pure function from the n-th on.")


@builtin("Evaluate", usage="Evaluate[expr] evaluates expr even where it would be held.",
         examples=(("Hold[Evaluate[1 + 1]]", "Hold[2]"),))
def evaluate_(ev, *args):
    if len(args) == 1:
        return args[0]
    return Expr.from_args(S.Sequence, args)


_HOLDS = frozenset((S.Hold, S.HoldForm, S.HoldComplete, S.HoldPattern))


@builtin("ReleaseHold", argc=1,
         usage="ReleaseHold[expr] removes Hold, HoldForm, HoldComplete and HoldPattern "
               "wrappers in expr.",
         examples=(("ReleaseHold[Hold[1 + 1]]", "2"),))
def release_hold(ev, e):
    if type(e) is Expr and e.head in _HOLDS:
        return e.args[0] if len(e.args) == 1 else Expr.from_args(S.Sequence, e.args)
    if type(e) is not Expr:
        return e
    out = []
    changed = False
    for a in e.args:
        if type(a) is Expr and a.head in _HOLDS:
            out.extend(a.args)
            changed = True
        else:
            out.append(a)
    return Expr.from_args(e.head, out) if changed else e


# ---------------------------------------------------------------------------- sequencing

@builtin("CompoundExpression", attributes=("HoldAll", "Protected"),
         usage="a; b; c evaluates a, b and c in turn and gives the value of c.",
         examples=(("x = 1; x + 1", "2"),))
def compound_expression(ev, *args):
    result = NULL
    start = 0
    while True:
        try:
            for a in (args if not start else args[start:]):
                result = ev.evaluate(a)
                if type(result) is Expr and result.head is _Return:
                    return result
            return result
        except GotoException as jump:
            start = _label_index(ev, args, jump.tag)
            if start is None:               # not here: an enclosing compound may hold it
                raise


def _label_index(ev, statements, tag):
    """The index of the statement Label[tag] among ``statements``, or None."""
    for i, s in enumerate(statements):
        if type(s) is Expr and s.head is S.Label and len(s.args) == 1 and (
                s.args[0] == tag or ev.evaluate(s.args[0]) == tag):
            return i
    return None


declare("Label", attributes=("HoldFirst", "Protected"),
        usage="Label[tag] marks the place in a compound expression a Goto[tag] goes to.")


@builtin("Goto", argc=1, messages={"nolabel": "Label `1` not found."},
         usage="Goto[tag] goes on from Label[tag] in the enclosing compound expression (or "
               "the one enclosing that).",
         examples=(("i = 0; Label[top]; i++; If[i < 3, Goto[top]]; i", "3"),))
def goto(ev, tag):
    raise GotoException(tag)


@builtin("If", attributes=("HoldRest", "Protected"), argc=(2, 4),
         usage="If[cond, t, f] gives t when cond is True, f when it is False; "
               "If[cond, t, f, u] gives u when cond is neither.",
         examples=(("If[1 < 2, a, b]", "a"), ("If[x, a, b, c]", "c")))
def if_(ev, cond, then=NULL, otherwise=NULL, neither=None):
    if cond is TRUE:
        return then
    if cond is FALSE:
        return otherwise
    return neither


@builtin("Which", attributes=("HoldAll", "Protected"),
         usage="Which[c1, v1, c2, v2, …] gives the first vi whose ci is True.",
         examples=(("Which[1 > 2, a, 2 > 1, b]", "b"),),
         messages={"argctu": "Which called with an odd number of arguments."})
def which(ev, *args):
    if len(args) % 2:
        ev.message(S.Which, "argctu")
        return None
    for k in range(0, len(args), 2):
        c = ev.evaluate(args[k])
        if c is TRUE:
            return args[k + 1]
        if c is not FALSE:
            rest = (c,) + args[k + 1:]
            return Expr.from_args(S.Which, rest) if k else _same_or(S.Which, args, rest)
    return NULL


def _same_or(head, old, new):
    """The call with evaluated conditions, or None when nothing changed (no rewrite)."""
    if all(x is y for x, y in zip(old, new)):
        return None
    return Expr.from_args(head, new)


@builtin("Switch", attributes=("HoldRest", "Protected"),
         usage="Switch[expr, form1, v1, form2, v2, …] gives the vi of the first formi "
               "that expr matches.",
         examples=(("Switch[2, 1, a, 2, b]", "b"), ("Switch[x, _Integer, i, _, other]", "other")),
         messages={"argct": "Switch called with `1` arguments; an odd number of arguments "
                            "is expected."})
def switch(ev, e=None, *clauses):
    if e is None or not clauses or len(clauses) % 2:
        ev.message(S.Switch, "argct", Integer(len(clauses) + (e is not None)))
        return None
    for k in range(0, len(clauses), 2):
        form = ev.evaluate(clauses[k])
        if matches(ev, form, e):
            return clauses[k + 1]
    return None


# ---------------------------------------------------------------------------- iterators

# More steps than this cannot be done in memory (nor in any reasonable time).
_MAX_STEPS = 1 << 31


class IteratorError(Exception):
    """An iterator specification that is not valid (the message was issued)."""


class _Values:
    """An iterator's values, used once, with their number known up front (``len``): a
    nested Table checks the size of the whole result before it builds a row.  ``array``:
    the values as a numpy array when they are machine integers or reals in arithmetic
    progression (what Table's whole-array path packs without making each value), made
    only when asked for (Do over 10^8 steps allocates nothing)."""
    __slots__ = ("count", "values", "progression")

    def __init__(self, count: int, values, progression=None):
        self.count = count
        self.values = values
        self.progression = progression          # (a, d) of a + k d, or None

    def array(self):
        return None if self.progression is None else _progression(*self.progression,
                                                                     self.count)

    def __iter__(self):
        return iter(self.values)

    def __len__(self) -> int:
        return self.count


def _number(e):
    t = type(e)
    if t is Integer:
        return e.value
    if t is Rational:
        return Fraction(e.numerator, e.denominator)
    if t is Real:
        return e.value
    return None


def _progression(a, d, n: int):
    """a + k d for k below n as numpy computes them bit for bit as Python does (int64 for
    integers that fit, float64 when a or d is a machine real); None otherwise."""
    import numpy as np
    if type(a) is int and type(d) is int:
        ends = (a, a + (n - 1) * d)
        if max(abs(e) for e in ends) >= 2 ** 62:
            return None
        return a + np.arange(n, dtype=np.int64) * d
    if not all(type(x) in (int, float) for x in (a, d)):
        return None
    return np.arange(n, dtype=np.float64) * float(d) + float(a)


def _to_expr(x, inexact: bool):
    if inexact:
        return Real(float(x))
    if isinstance(x, Fraction):
        return make_rational(x.numerator, x.denominator)
    return Integer(x)


def _count(ev, caller, spec, lo, hi, step) -> int:
    a, b, d = _number(lo), _number(hi), _number(step)
    if None in (a, b, d):
        span = Expr(S.Plus, hi, Expr(S.Times, Integer(-1), lo))
        diff = ev.evaluate(Expr(S.Floor, Expr(S.Times, span, Expr(S.Power, step, Integer(-1)))))
        if type(diff) is not Integer:
            ev.message(caller, "iterb", spec)
            raise IteratorError()
        return max(diff.value + 1, 0)
    if d == 0 or any(isinstance(v, float) and not math.isfinite(v) for v in (a, b, d)):
        ev.message(caller, "iterb", spec)
        raise IteratorError()
    inexact = isinstance(d, float) or isinstance(a, float) or isinstance(b, float)
    try:
        n = math.floor((b - a) / d + (1e-12 if inexact else 0))
    except (OverflowError, ValueError):      # an infinite or undefined number of steps
        ev.message(caller, "iterb", spec)
        raise IteratorError() from None
    return max(n + 1, 0)


def iterator_values(ev, spec, caller=S.Table, max_steps=_MAX_STEPS):
    """The variable (or None) and the values (an iterable, used once) of one iterator
    specification: ``n``, ``{n}``, ``{i, n}``, ``{i, a, b}``, ``{i, a, b, step}``,
    ``{i, {list}}``.  Bounds are evaluated here.  Raises IteratorError after a message,
    also (General::nomem) when there are more than ``max_steps`` values (None: no limit,
    for loops that keep nothing)."""
    if not (type(spec) is Expr and spec.head is _List):
        n = ev.evaluate(spec)
        return None, _repeat_count(ev, caller, spec, n, max_steps)
    args = spec.args
    if not args:
        ev.message(caller, "itform", spec, Integer(2))
        raise IteratorError()
    if len(args) == 1:
        return None, _repeat_count(ev, caller, spec, ev.evaluate(args[0]), max_steps)
    var = args[0]
    if type(var) is not Symbol:
        ev.message(caller, "itraw" if type(var) is not Expr else "itform", spec, Integer(2))
        raise IteratorError()
    if len(args) == 2:
        bound = ev.evaluate(args[1])
        if type(bound) is Expr and bound.head is _List:
            return var, list(bound.args)
        return var, _arith_values(ev, caller, spec, Integer(1), bound, Integer(1), max_steps)
    if len(args) in (3, 4):
        lo = ev.evaluate(args[1])
        hi = ev.evaluate(args[2])
        step = ev.evaluate(args[3]) if len(args) == 4 else Integer(1)
        return var, _arith_values(ev, caller, spec, lo, hi, step, max_steps)
    ev.message(caller, "itform", spec, Integer(2))
    raise IteratorError()


def _check_count(ev, n: int, max_steps) -> int:
    if max_steps is not None and n > max_steps:
        ev.message(S.General, "nomem")
        raise IteratorError()
    return n


def _repeat_count(ev, caller, spec, n, max_steps):
    v = _number(n)
    if v is None or isinstance(v, complex) or v != v or v in (math.inf, -math.inf):
        ev.message(caller, "iterb", spec)
        raise IteratorError()
    n = _check_count(ev, max(math.floor(v), 0), max_steps)
    return _Values(n, repeat(None, n))


def _arith_values(ev, caller, spec, lo, hi, step, max_steps):
    """The values lo, lo + step, … up to hi: a lazy iterable (Do over 10^8 steps
    allocates nothing)."""
    n = _check_count(ev, _count(ev, caller, spec, lo, hi, step), max_steps)
    a, d = _number(lo), _number(step)
    if a is not None and d is not None:
        inexact = isinstance(a, float) or isinstance(d, float)
        if type(a) is int and type(d) is int:
            return _Values(n, map(Integer, range(a, a + n * d, d)) if d else repeat(Integer(a), n),
                           (a, d))
        return _Values(n, (_to_expr(a + k * d, inexact) for k in range(n)),
                       (a, d) if inexact else None)
    return _Values(n, (ev.evaluate(Expr(S.Plus, lo, Expr(S.Times, Integer(k), step)))
                       for k in range(n)))


@contextmanager
def bind(ev, var):
    """Block-like localisation of an iterator variable: yields a setter; the old value
    comes back afterwards, whatever happens."""
    if var is None:
        yield lambda value: None
        return
    defs = ev.definitions
    rec = defs.record(var)
    saved = (rec.own, rec.own_delayed, rec.own_symbols)

    def set_value(value):
        defs.generation += 1        # a change of the binding's own (see Definitions.binding)
        rec.own = value
        rec.own_delayed = False
        rec.own_symbols = () if type(value) is not Expr and type(value) is not Symbol else None

    with defs.binding((var,)):
        try:
            yield set_value
        finally:
            rec.own, rec.own_delayed, rec.own_symbols = saved
            defs.touch(var)


def evaluate_without_values(ev, variables, expr):
    """expr evaluated with the own values of the variables cleared, as inside
    Block[{x, …}, expr], and given back as it came out: Block's own result is evaluated
    again outside it, where the variables have their values back (k = 6;
    Block[{k}, 2^-k] is 1/64), so the symbolic forms of Sum, NIntegrate, FindRoot… are
    taken here instead."""
    with ExitStack() as stack:
        for var in variables:
            rec = ev.definitions.get(var) if type(var) is Symbol else None
            if rec is not None and rec.own is not None:   # only those with a value: a
                stack.enter_context(bind(ev, var))(None)  # binding resets what the
        return ev.evaluate(expr)                          # evaluator knows is final


def table(ev, body, specs, caller=S.Table, rows: int = 1):
    """The nested list of ``body`` evaluated over the iterators ``specs``.  ``rows`` is
    the number of lists at this depth (the product of the enclosing iterators' counts):
    the whole result, about ``rows`` times this iterator's count, is checked against the
    memory available before anything is built (Table[0, {10^5}, {10^5}] is declined at
    once rather than after a minute and gigabytes)."""
    var, values = iterator_values(ev, specs[0], caller)
    count = len(values)
    if rows * count > 1 and not affordable(ev, rows * count):
        raise IteratorError()
    rest = specs[1:]
    if not rest and var is not None and count >= _WHOLE_ARRAY_AT_LEAST:
        whole = _table_as_array(ev, body, var, values)
        if whole is not None:
            return whole
    out = []
    evaluate = ev.evaluate
    with bind(ev, var) as set_value:
        for v in values:
            if ev.abort_requested:
                ev.check_abort()
            set_value(v)
            out.append(table(ev, body, rest, caller, rows * count) if rest else evaluate(body))
    return Expr.from_args(_List, out)


_WHOLE_ARRAY_AT_LEAST = 16


# Table on the whole array of its values (see wlnet.builtins.vectorised, which installs it:
# it builds on the packed-array forms, loaded after this module)
_whole_array_table = None


def use_whole_array_table(function) -> None:
    """Install ``function(ev, body, var, values)``: Table's list of body over the values
    computed at once, or None for the element path."""
    global _whole_array_table
    _whole_array_table = function


def _table_as_array(ev, body, var, values):
    """Table's list over the iterator's values at once, or None (``values`` is left
    unread then, unless it had to be read to pack it: a list is given back in its place)."""
    rec = ev.definitions.get(var)
    if _whole_array_table is None or rec is not None and (rec.down or rec.down_exact
                                                          or rec.up or rec.sub):
        return None
    def packed_values():
        if isinstance(values, _Values):
            array = values.array()
            return pack(array) if array is not None else None
        return to_packed(Expr.from_args(_List, values))        # {i, {v1, v2, …}}

    return _whole_array_table(ev, body, var, packed_values)


@builtin("Table", attributes=("HoldAll", "Protected"), argc=(1, None),
         usage="Table[expr, {i, imax}] is the list of expr for i from 1 to imax; also "
               "{i, imin, imax}, {i, imin, imax, di}, {i, {values}}, n, and several iterators "
               "for a nested list.",
         examples=(("Table[i^2, {i, 3}]", "{1, 4, 9}"),
                   ("Table[{i, j}, {i, 2}, {j, i}]", "{{{1, 1}}, {{2, 1}, {2, 2}}}")))
def table_(ev, body, *specs):
    if not specs:
        return ev.evaluate(body)
    defs = ev.definitions
    foreign_at_start = defs.foreign_changes
    try:
        result = maybe_pack(table(ev, body, specs))
    except IteratorError:
        return None
    if defs.foreign_changes == foreign_at_start:     # the body changed no definition
        ev.mark_evaluated_outside(result, _iterator_symbols(specs))
    return result


def _iterator_symbols(specs) -> list:
    """The variables of iterators ``{i, …}``."""
    return [s.args[0] for s in specs
            if type(s) is Expr and s.head is _List and len(s.args) > 1
            and type(s.args[0]) is Symbol]


def _loop_result(result):
    """A body's value that stops a loop: Return[x] → x."""
    if type(result) is Expr and result.head is _Return:
        return result.args[0] if result.args else NULL
    return None


@builtin("Do", attributes=("HoldAll", "Protected"), argc=(2, None),
         usage="Do[expr, {i, imax}] evaluates expr for each i (same iterators as Table).",
         examples=(("s = 0; Do[s += i, {i, 4}]; s", "10"),))
def do(ev, body, *specs):
    try:
        stopped = _do(ev, body, specs)
    except IteratorError:
        return None
    except BreakException:
        return NULL
    return NULL if stopped is None else stopped


def _do(ev, body, specs):
    var, values = iterator_values(ev, specs[0], S.Do, max_steps=None)
    rest = specs[1:]
    with bind(ev, var) as set_value:
        for v in values:
            if ev.abort_requested:
                ev.check_abort()
            set_value(v)
            if rest:
                r = _do(ev, body, rest)
                if r is not None:
                    return r
                continue
            try:
                r = _loop_result(ev.evaluate(body))
            except ContinueException:
                continue
            if r is not None:
                return r
    return None


@builtin("While", attributes=("HoldAll", "Protected"), argc=(1, 2),
         usage="While[test, body] evaluates body as long as test gives True.",
         examples=(("n = 0; While[n < 3, n++]; n", "3"),))
def while_(ev, test, body=NULL):
    try:
        while ev.evaluate(test) is TRUE:
            if ev.abort_requested:
                ev.check_abort()
            try:
                r = _loop_result(ev.evaluate(body))
            except ContinueException:
                continue
            if r is not None:
                return r
    except BreakException:
        pass
    return NULL


@builtin("For", attributes=("HoldAll", "Protected"), argc=(3, 4),
         usage="For[start, test, incr, body] evaluates start, then body and incr while test "
               "gives True.",
         examples=(("s = 0; For[i = 1, i <= 3, i++, s += i]; s", "6"),))
def for_(ev, start, test, incr, body=NULL):
    ev.evaluate(start)
    try:
        while ev.evaluate(test) is TRUE:
            if ev.abort_requested:
                ev.check_abort()
            try:
                r = _loop_result(ev.evaluate(body))
                if r is not None:
                    return r
            except ContinueException:
                pass
            ev.evaluate(incr)
    except BreakException:
        pass
    return NULL


@builtin("Break", argc=0, usage="Break[] leaves the innermost Do, For or While loop.")
def break_(ev):
    raise BreakException()


@builtin("Continue", argc=0, usage="Continue[] goes on to the next step of the innermost loop.")
def continue_(ev):
    raise ContinueException()


@builtin("Throw", argc=(1, 2), usage="Throw[value] hands value to the nearest enclosing "
         "Catch; Throw[value, tag] to the nearest Catch whose form matches tag.",
         examples=(("Catch[Throw[1]; 2]", "1"),))
def throw(ev, value, tag=None):
    raise ThrowException(value, tag)


@builtin("Catch", attributes=("HoldFirst", "Protected"), argc=(1, 3),
         usage="Catch[expr] gives the value of the first Throw[value] in expr, or the value "
               "of expr; Catch[expr, form] catches Throw[value, tag] with tag matching form; "
               "Catch[expr, form, f] gives f[value, tag].",
         examples=(("Catch[Do[If[i > 2, Throw[i]], {i, 10}]]", "3"),
                   ("Catch[Throw[1, a], a]", "1")))
def catch(ev, body, form=None, f=None):
    try:
        return ev.evaluate(body)
    except ThrowException as t:
        if form is None:
            if t.tag is not None:
                raise
            return t.value
        if t.tag is None or not matches(ev, form, t.tag):
            raise
        if f is not None:
            return Expr(f, t.value, t.tag)
        return t.value


@builtin("Abort", argc=0, usage="Abort[] stops the whole evaluation, which gives $Aborted.")
def abort(ev):
    raise AbortEvaluation()


@builtin("CheckAbort", attributes=("HoldAll", "Protected"), argc=2,
         usage="CheckAbort[expr, failexpr] gives failexpr when expr is aborted.",
         examples=(("CheckAbort[Abort[]; 1, 2]", "2"),))
def check_abort(ev, body, fail):
    try:
        return ev.evaluate(body)
    except AbortEvaluation:
        return fail


def _interrupted_control(stop) -> tuple:
    """(value, the control form) of a non-local control that interrupted an evaluation."""
    if isinstance(stop, AbortEvaluation):
        return S["$Aborted"], Expr(S.Abort)
    if isinstance(stop, ThrowException):
        form = (Expr(S.Throw, stop.value) if stop.tag is None
                else Expr(S.Throw, stop.value, stop.tag))
        return NULL, form
    if isinstance(stop, BreakException):
        return NULL, Expr(S.Break)
    if isinstance(stop, ContinueException):
        return NULL, Expr(S.Continue)
    return NULL, Expr(S.Goto, stop.tag)


@builtin("CheckAll", attributes=("HoldAll", "Protected"), argc=2,
         usage="CheckAll[expr, f] evaluates expr and gives f[value, HoldComplete[control]], "
               "control being the Throw, Abort, Break, Continue or Goto that interrupted "
               "it (HoldComplete[] when none did); ReleaseHold of it resumes the control.",
         examples=(("CheckAll[1 + 1, f]", "f[2, HoldComplete[]]"),
                   ("CheckAll[Throw[3]; 4, f]", "f[Null, HoldComplete[Throw[3]]]")))
def check_all(ev, body, f):
    try:
        value, control = ev.evaluate(body), Expr(S.HoldComplete)
    except (AbortEvaluation, ThrowException, BreakException, ContinueException,
            GotoException) as stop:
        value, held = _interrupted_control(stop)
        control = Expr(S.HoldComplete, held)
    return Expr(ev.evaluate(f), value, control)


declare("$Aborted", usage="$Aborted is the result of an aborted evaluation.")
