"""Message templates, rendering and the per-evaluation bookkeeping of messages.

A message ``sym::tag`` is looked up in this order: a user's ``sym::tag = "text"``, the
builtin's own ``messages`` (registry spec), then ``General::tag``.  Slots `` `1` ``,
`` `2` ``… are filled with the short input form of the arguments.

Bookkeeping follows the Wolfram Language: ``Off[sym::tag]`` silences a message; inside
``Quiet`` messages are neither shown nor seen by ``Check``; the same message shown more
than three times during one evaluation is followed by ``General::stop`` and then
suppressed.
"""

from __future__ import annotations

import re

from wlnet.core.expr import (Complex, Expr, Integer, Rational, Real, S, String, Symbol)

__all__ = ["GENERAL", "argcount_tag", "render", "short_form", "MessageState"]

# General::tag templates (our own wording; the meaning of the Wolfram Language tags).
GENERAL: dict[str, str] = {
    "argx": "`1` called with `2` arguments; 1 argument is expected.",
    "argr": "`1` called with 1 argument; `2` arguments are expected.",
    "argrx": "`1` called with `2` arguments; `3` arguments are expected.",
    "argt": "`1` called with `2` arguments; `3` or `4` arguments are expected.",
    "argb": "`1` called with `2` arguments; between `3` and `4` arguments are expected.",
    "argtu": "`1` called with 1 argument; `2` or `3` arguments are expected.",
    "argbu": "`1` called with 1 argument; between `2` and `3` arguments are expected.",
    "argmu": "`1` called with 1 argument; `2` or more arguments are expected.",
    "argm": "`1` called with `2` arguments; `3` or more arguments are expected.",
    "args": "`1` called with `2` arguments; no arguments are expected.",
    "optx": "Unknown option `1` in `2`.",
    "vrule": "Cannot set `1` to `2`, which is not a list of rules.",
    "nonopt": "`1` follows position `2` of `3`, where only options (rules for known "
              "options) can come.",
    "iterb": "Iterator `1` does not have appropriate bounds.",
    "itform": "Argument `1` at position `2` does not have the correct form for an iterator.",
    "itraw": "Raw object `1` cannot be used as an iterator.",
    "partw": "Part `1` of `2` does not exist.",
    "partd": "Part specification `1` is longer than depth of object.",
    "pkspec1": "The expression `1` cannot be used as a part specification.",
    "reclim2": "Recursion depth of `1` exceeded during evaluation of `2`.",
    "itlim": "Iteration limit of `1` exceeded.",
    "stop": "Further output of `1` will be suppressed during this calculation.",
    "pyerr": "Internal error in `1`: `2`; the call is left unevaluated.",
    "ovfl": "Overflow occurred in computation.",
    "munfl": "`1` lies below the normal range of machine numbers; digits of the result may "
             "be lost.",
    "unfl": "Underflow occurred in computation.",
    "wrsym": "Symbol `1` is Protected.",
    "setraw": "Cannot assign to raw object `1`.",
    "setps": "`1` in the part assignment is not a symbol.",
    "noval": "Symbol `1` in part assignment does not have an immediate value.",
    "rvalue": "`1` is not a variable with a value, so its value cannot be changed.",
    "lvlist": "Local variable specification `1` is not a List.",
    "lvsym": "Local variable specification `1` contains `2`, which is not a symbol or an "
             "assignment to a symbol.",
    "lvset": "Local variable specification `1` contains `2`, which is an assignment to `3`; "
             "only assignments to symbols are allowed.",
    "locked": "Symbol `1` is locked.",
    "sym": "Argument `1` at position `2` is expected to be a symbol.",
    "ssym": "`1` is not a symbol or a string.",
    "string": "String expected at position `1` in `2`.",
    "int": "Integer expected at position `2` in `1`.",
    "intp": "Positive integer expected at position `2` in `1`.",
    "intnn": "Non-negative integer expected at position `2` in `1`.",
    "list": "List expected at position `2` in `1`.",
    "normal": "Nonatomic expression expected at position `1` in `2`.",
    "level": "Level specification `1` is not of the form n, {n}, or {m, n}.",
    "reps": "`1` is not a valid replacement rule.",
    "rmix": "Elements of `1` are a mixture of lists and nonlists.",
    "tdlen": "Objects of unequal length in `1` cannot be combined.",
    "nofile": "Cannot open `1`.",
    "noopen": "Cannot open `1`.",
    "sntx": "`1`.",
    "sntxi": "`1`.",
    "sntxf": "`1`.",
    "sntufn": "`1`.",
    "stresc": "`1`.",
    "bktmcp": "`1`.",
    "bktmop": "`1`.",
    "tsntxi": "`1`.",
    "newsym": "Symbol `1` is new.",
    "nomsg": "Message `1` is not defined.",
    "spec": "Invalid specification `1`.",
    "fpct": "Too many parameters in `1` to be filled from `2`.",
    "slotn": "Slot number `1` in `2` cannot be filled from `3`.",
    "slot": "`1` (in `2`) should contain a positive integer.",
    "nocatch": "Uncaught `1` returned to top level.",
    "nofunc": "`1` is not a function.",
    "write": "Tag `1` in `2` is Protected.",
    "tag": "Rule for `1` can only be attached to `2`.",
    "nosym": "`1` does not contain a symbol to attach a rule to.",
    "norep": "Assignment on `1` for `2` failed.",
    "shdw": "The name `1` is in several contexts on the path, `2`; the symbol of context "
            "`3` may hide, or be hidden by, the others.",
    "notent": "`1` is not a known entity, class, or tag for Information.",
    "aborted": "The evaluation was aborted.",
    "nomem": "The computation needs more memory than is available; it was not done.",
    # issue 19: a regular expression that backtracks without end is stopped
    "rxlimit": "A string pattern took more than `1` seconds to match once; the evaluation "
               "was stopped.",
}

_SLOT = re.compile(r"`(\d*)`")


def short_form(e) -> str:
    """How an expression appears inside a message: the printer's message form when the
    printer exists, else a compact input form."""
    try:
        from wlnet.syntax.printer import message_form
    except ImportError:
        return _fallback_form(e)
    try:
        return message_form(e)
    except Exception:                      # a printer bug must not hide the message
        return _fallback_form(e)


def argcount_tag(n: int, lo: int, hi: int | None) -> tuple[str, tuple[int, ...]]:
    """The General:: tag for a call with ``n`` positional arguments where ``lo`` .. ``hi``
    (None: no upper bound) are expected, and its number slots after the symbol's (WL has a
    separate tag, ending in "u", for a call with one argument)."""
    if hi == lo:
        if lo == 0:
            return "args", (n,)
        if lo == 1:
            return "argx", (n,)
        return ("argr", (lo,)) if n == 1 else ("argrx", (n, lo))
    if hi is None:
        return ("argmu", (lo,)) if n == 1 else ("argm", (n, lo))
    if hi == lo + 1:
        return ("argtu", (lo, hi)) if n == 1 else ("argt", (n, lo, hi))
    return ("argbu", (lo, hi)) if n == 1 else ("argb", (n, lo, hi))


def render(template: str, slots) -> str:
    """Fill `` `n` `` slots of a template (an empty `` `` `` takes the next slot)."""
    counter = iter(range(1, 1000))

    def fill(m):
        n = int(m.group(1)) if m.group(1) else next(counter)
        if 1 <= n <= len(slots):
            s = slots[n - 1]
            return s if isinstance(s, str) else short_form(s)
        return m.group(0)

    return _SLOT.sub(fill, template)


_INFIX = {"Rule": " -> ", "RuleDelayed": " :> ", "Plus": " + ", "Times": "*", "Set": " = ",
          "SetDelayed": " := ", "SameQ": " === ", "Equal": " == ", "StringJoin": " <> ",
          "Alternatives": " | ", "Condition": " /; ", "CompoundExpression": "; "}


def _fallback_form(e, limit: int = 400) -> str:
    s = _form(e)
    return s if len(s) <= limit else s[:limit] + "..."


def _form(e) -> str:
    t = type(e)
    if t is Integer:
        return str(e.value)
    if t is Real:
        return repr(e.value)
    if t is Rational:
        return f"{e.numerator}/{e.denominator}"
    if t is Complex:
        return f"Complex[{_form(e.re)}, {_form(e.im)}]"
    if t is String:
        return '"' + e.value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if t is Symbol:
        return e.name
    if t is Expr:
        h = e.head
        args = e.args
        if h is S.List:
            return "{" + ", ".join(_form(a) for a in args) + "}"
        if h is S.Association:
            return "<|" + ", ".join(_form(a) for a in args) + "|>"
        if type(h) is Symbol and h.name in _INFIX and len(args) >= 2:
            return "(" + _INFIX[h.name].join(_form(a) for a in args) + ")" \
                if h.name in ("Plus", "Times") else _INFIX[h.name].join(_form(a) for a in args)
        if h is S.Blank and not args:
            return "_"
        if h is S.Pattern and len(args) == 2 and type(args[1]) is Expr and args[1].head is S.Blank:
            return _form(args[0]) + "_" + "".join(_form(a) for a in args[1].args)
        return _form(h) + "[" + ", ".join(_form(a) for a in args) + "]"
    return repr(e)


class MessageState:
    """Switches and counters of the message system of one session."""

    def __init__(self):
        self.off: set[tuple[str, str]] = set()
        # None = everything, a set of (sym, tag), or a QuietSpec (silenced and let through)
        self.quiet_stack: list = []
        self.counts: dict[tuple[str, str], int] = {}
        self.issued = 0                    # messages shown
        self.log: list[str] = []           # texts shown during the current top-level call
        self.checks: list[CheckFrame] = []  # the Check calls being evaluated

    def reset_counts(self) -> None:
        self.counts.clear()

    def is_off(self, sym: str, tag: str) -> bool:
        return (sym, tag) in self.off or ("General", tag) in self.off

    def quiet_level(self, sym: str, tag: str) -> int | None:
        """The index of the innermost Quiet that silences sym::tag, or None."""
        for i in range(len(self.quiet_stack) - 1, -1, -1):
            q = self.quiet_stack[i]
            if type(q) is QuietSpec:             # the innermost word on a message wins
                if _names(q.on, sym, tag):
                    return None
                q = q.off
            if _names(q, sym, tag):
                return i
        return None

    def notify_checks(self, sym: str, tag: str, quiet_level: int | None) -> None:
        """Tell each running Check about a message.  A Check sees messages silenced by a
        Quiet outside it (``Quiet[Check[…]]`` catches quietly) but not by one inside."""
        for frame in self.checks:
            if quiet_level is not None and quiet_level >= frame.quiet_depth:
                continue
            if frame.watched is None or (sym, tag) in frame.watched or \
                    (sym, None) in frame.watched:
                frame.seen += 1
                frame.names.append((sym, tag))


def _names(spec, sym: str, tag: str) -> bool:
    """Whether a Quiet specification (None: every message, else a set of (sym, tag) where
    General::tag stands for every sym::tag) covers sym::tag."""
    return spec is None or (sym, tag) in spec or ("General", tag) in spec


class QuietSpec:
    """One Quiet[expr, off, on]: the messages it silences and those it lets through even
    when an enclosing Quiet silences them (each None for all, else a set of (sym, tag))."""

    __slots__ = ("off", "on")

    def __init__(self, off, on):
        self.off = off
        self.on = on


class CheckFrame:
    """One running Check: how many of the messages it watches were issued, and which
    (sym, tag) in order (VerificationTest compares them with the expected ones)."""

    __slots__ = ("quiet_depth", "watched", "seen", "names")

    def __init__(self, quiet_depth: int, watched=None):
        self.quiet_depth = quiet_depth
        self.watched = watched
        self.seen = 0
        self.names: list[tuple[str, str]] = []
