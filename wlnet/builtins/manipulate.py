"""``Manipulate``, ``Animate`` and ``ListAnimate`` without a front end: scripts and the REPL
have no sliders, so each gives a static snapshot — the body evaluated with every control at
its initial value (``ListAnimate`` its first frame) — and says once per session that the
controls are not interactive in wlnet.

Controls: ``{u, min, max}`` and ``{u, min, max, step}`` start at min; ``{{u, u0}, …}`` and
``{{u, u0, label}, …}`` at u0; ``{u, {v1, v2, …}}`` at v1.  The body is evaluated with the
control variables bound (``Block``), so a held body such as ``Plot[Sin[a x], {x, 0, 6}]``
sees them.
"""

from __future__ import annotations

import weakref

from wlnet.core.expr import Expr, S, Symbol
from wlnet.core.registry import builtin

_TOLD: "weakref.WeakSet" = weakref.WeakSet()          # sessions told already
_MESSAGES = {
    "static": "`1` shows a static snapshot at the controls' initial values: controls are "
              "not interactive in wlnet.",
    "vsform": "`1` is not a control specification such as {u, min, max} or {{u, u0}, min, "
              "max}.",
}


def _initial(spec):
    """(variable, initial value) of a control specification; None if it is not one."""
    if not (type(spec) is Expr and spec.head is S.List and len(spec.args) >= 2):
        return None
    first, second = spec.args[0], spec.args[1]
    if type(first) is Expr and first.head is S.List and len(first.args) >= 2 \
            and type(first.args[0]) is Symbol:
        return first.args[0], first.args[1]
    if type(first) is not Symbol:
        return None
    if type(second) is Expr and second.head is S.List and second.args:
        choice = second.args[0]                       # {u, {v1, v2, …}}: the first
        if type(choice) is Expr and choice.head in (S.Rule, S.RuleDelayed):
            choice = choice.args[0]                   # {u, {v1 -> "label", …}}
        return first, choice
    return first, second


def _tell(ev, head: Symbol) -> None:
    """The "static" message, once per session (a message silenced by Quiet does not count)."""
    if ev in _TOLD:
        return
    shown = ev.msg.issued
    ev.message(head, "static", head)
    if ev.msg.issued > shown:
        _TOLD.add(ev)


def _snapshot(ev, head: Symbol, body, controls):
    bindings = []
    for spec in controls:
        if type(spec) is Expr and spec.head in (S.Rule, S.RuleDelayed):
            continue                                  # options: ContinuousAction, …
        found = _initial(spec)
        if found is None:
            ev.message(head, "vsform", spec)
            return None
        bindings.append(Expr(S.Set, found[0], found[1]))
    _tell(ev, head)
    return Expr(S.Block, Expr.from_args(S.List, bindings), body)


@builtin("Manipulate", attributes=("HoldAll", "Protected"), argc=(1, None),
         messages=_MESSAGES,
         usage="Manipulate[expr, {u, min, max}, …] is expr with controls for u; wlnet has no "
               "front end for them and gives expr at the controls' initial values (min, or "
               "u0 of {{u, u0}, min, max}).",
         examples=(("Quiet[Manipulate[a^2, {a, 3, 5}]]", "9"),))
def manipulate(ev, body, *controls):
    return _snapshot(ev, Symbol("Manipulate"), body, controls)


@builtin("Animate", attributes=("HoldAll", "Protected"), argc=(1, None), messages=_MESSAGES,
         usage="Animate[expr, {u, min, max}] is an animation of expr as u varies; wlnet gives "
               "expr at u = min (its first frame).",
         examples=(("Quiet[Animate[{a, 2 a}, {a, 1, 5}]]", "{1, 2}"),))
def animate(ev, body, *controls):
    return _snapshot(ev, Symbol("Animate"), body, controls)


@builtin("ListAnimate", argc=(1, None), messages=_MESSAGES,
         usage="ListAnimate[{expr1, expr2, …}] shows the expressions in turn; wlnet gives the "
               "first.",
         examples=(("Quiet[ListAnimate[{1, 2, 3}]]", "1"),))
def list_animate(ev, frames, *options):
    if not (type(frames) is Expr and frames.head is S.List and frames.args):
        return None
    _tell(ev, Symbol("ListAnimate"))
    return frames.args[0]
