"""Time limits and repeated timing: ``TimeConstrained``, ``RepeatedTiming``.

``TimeConstrained[expr, t, failexpr]`` evaluates expr and stops it after t seconds, giving
failexpr (default ``$Aborted``).  It uses the session's own abort: a timer asks for an abort
when the time is up, the evaluation stops at its next check (as an interrupt would stop it),
and the abort is caught here only if it was this timer's — an abort the user asked for goes
on up to the top level.  NetTrain and other code that watch aborts themselves stop at the
end of their current step.
"""

from __future__ import annotations

import threading
import time

from wlnet.builtins._listutil import float_value
from wlnet.core.evaluator import AbortEvaluation
from wlnet.core.expr import Expr, Integer, Real, S
from wlnet.core.registry import builtin

_MESSAGES = {"timc": "Number of seconds `1` is not a positive machine-sized number or "
                     "Infinity."}


@builtin("TimeConstrained", argc=(2, 3), attributes=("HoldAll", "Protected"),
         messages=_MESSAGES,
         usage="TimeConstrained[expr, t] evaluates expr, stopping after t seconds with "
               "$Aborted; TimeConstrained[expr, t, failexpr] gives failexpr instead.",
         examples=(("TimeConstrained[1 + 1, 10]", "2"),
                   ("TimeConstrained[While[True, 1], 0.2, \"timeout\"]", "\"timeout\"")))
def time_constrained(ev, expr, seconds, fail=None):
    limit_expr = ev.evaluate(seconds)
    limit = float_value(limit_expr)
    if limit_expr == Expr(S.DirectedInfinity, Integer(1)):
        return ev.evaluate(expr)
    if limit is None or limit <= 0:
        ev.message(S.TimeConstrained, "timc", limit_expr)
        return None

    def arm(fire):
        timer = threading.Timer(limit, fire)
        timer.daemon = True
        timer.start()
        return timer.cancel
    return evaluate_watched(ev, expr, fail, arm)


def evaluate_watched(ev, expr, fail, arm):
    """expr evaluated while a watcher may stop it: ``arm(fire)`` starts the watcher (which
    calls fire() to ask the session for an abort) and returns how to stop it (which may
    take a last look and fire).  An abort that fire asked for, or a fire as expr finished,
    gives fail (default $Aborted); any other abort goes on up."""
    state = {"fired": False}
    lock = threading.Lock()

    def fire():
        with lock:
            state["fired"] = True
            ev.abort_requested = True

    disarm = arm(fire)
    try:
        result = ev.evaluate(expr)
    except AbortEvaluation:
        disarm()
        if not state["fired"]:
            raise                           # the user's abort, not this limit's
        result = None
    else:
        disarm()
    with lock:
        if not state["fired"]:
            return result
        ev.abort_requested = False          # fired as expr finished: asks nothing more
    return ev.evaluate(fail) if fail is not None else S["$Aborted"]


@builtin("RepeatedTiming", argc=(1, 2), attributes=("HoldAll", "Protected"),
         usage="RepeatedTiming[expr] evaluates expr repeatedly for about a second (at least "
               "four times) and gives {the mean wall-clock seconds of the middle runs, the "
               "result}; RepeatedTiming[expr, t] for about t seconds.",
         examples=(("Last[RepeatedTiming[1 + 1]]", "2"),))
def repeated_timing(ev, expr, budget=None):
    total = float_value(ev.evaluate(budget)) if budget is not None else 1.0
    total = 1.0 if total is None or total <= 0 else total
    times, result = [], None
    started = time.perf_counter()
    while len(times) < 4 or time.perf_counter() - started < total:
        t0 = time.perf_counter()
        result = ev.evaluate(expr)
        times.append(time.perf_counter() - t0)
        if len(times) >= 10000:
            break
    times.sort()
    quarter = len(times) // 4
    middle = times[quarter:len(times) - quarter] or times
    return Expr(S.List, Real(sum(middle) / len(middle)), result)
