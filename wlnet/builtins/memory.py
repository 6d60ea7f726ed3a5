"""The session's memory: ``MemoryInUse``, ``MaxMemoryUsed`` and ``MemoryConstrained``.

wlnet's data live in the Python process, so the memory in use is the process's resident
size and the most ever used is its peak resident size (what the operating system counts,
interpreter and compiled kernels included).  ``MemoryConstrained[expr, b, failexpr]``
watches the process grow while expr evaluates: a thread looks every few milliseconds, and
once the growth over the size at the start passes b bytes it asks the session to abort, as
``TimeConstrained``'s timer does (wlnet.builtins.timing.evaluate_watched); the peak size
catches a block allocated and freed between two looks.  One large array allocated at once
is seen when its allocation returns: the evaluation stops at its next check.
"""

from __future__ import annotations

import os
import resource
import sys
import threading

from wlnet.builtins._listutil import number_value
from wlnet.builtins.timing import evaluate_watched
from wlnet.core.expr import Expr, Integer, S
from wlnet.core.registry import builtin

_LOOK_EVERY = 0.005          # seconds between the watcher's looks at the process size
_MESSAGES = {"memc": "Number of bytes `1` is not a positive number or Infinity."}


def resident_bytes() -> int:
    """The process's resident size now (its peak where /proc is not there to read)."""
    try:
        with open("/proc/self/statm", "rb") as statm:
            pages = int(statm.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return peak_bytes()


def peak_bytes() -> int:
    """The most the process has had resident (getrusage gives KiB on Linux, bytes on
    macOS)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak if sys.platform == "darwin" else peak * 1024


@builtin("MemoryInUse", argc=0,
         usage="MemoryInUse[] is the number of bytes the session uses now (the process's "
               "resident size).",
         examples=(("IntegerQ[MemoryInUse[]] && MemoryInUse[] > 0", "True"),))
def memory_in_use(ev):
    return Integer(resident_bytes())


@builtin("MaxMemoryUsed", argc=0,
         usage="MaxMemoryUsed[] is the most bytes the session has used at once so far.",
         examples=(("With[{now = MemoryInUse[]}, MaxMemoryUsed[] >= now]", "True"),))
def max_memory_used(ev):
    return Integer(max(peak_bytes(), resident_bytes()))


@builtin("MemoryConstrained", argc=(2, 3), attributes=("HoldAll", "Protected"),
         messages=_MESSAGES,
         usage="MemoryConstrained[expr, b] evaluates expr, stopping it with $Aborted once it "
               "needs more than b bytes beyond what the session used when it started; "
               "MemoryConstrained[expr, b, failexpr] gives failexpr instead.",
         examples=(("MemoryConstrained[1 + 1, 10^9]", "2"),))
def memory_constrained(ev, expr, bound, fail=None):
    bound_expr = ev.evaluate(bound)
    if bound_expr == Expr(S.DirectedInfinity, Integer(1)):
        return ev.evaluate(expr)
    limit = number_value(bound_expr)
    if limit is None or limit <= 0:
        ev.message(S.MemoryConstrained, "memc", bound_expr)
        return None
    return evaluate_watched(ev, expr, fail, lambda fire: _watch(limit, fire))


def _watch(limit, fire):
    """Start the watcher of the process's growth; returns how to stop it, which takes a
    last look (a limit passed as the evaluation finished still counts)."""
    start, peak_at_start = resident_bytes(), peak_bytes()
    stop = threading.Event()

    def passed() -> bool:
        peak = peak_bytes()
        grown = max(resident_bytes(), peak if peak > peak_at_start else 0) - start
        return grown > limit

    def look():
        while not stop.wait(_LOOK_EVERY):
            if passed():
                fire()
                return

    watcher = threading.Thread(target=look, name="MemoryConstrained", daemon=True)
    watcher.start()

    def disarm():
        stop.set()
        watcher.join()
        if passed():
            fire()
    return disarm
