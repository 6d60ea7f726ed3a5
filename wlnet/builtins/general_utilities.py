"""GeneralUtilities` helpers that published net code calls (the paclet ships with every
Wolfram Language kernel, so programs use them without loading anything).

``GeneralUtilities`Scope[body]`` is Module with the local variables found for you: every
symbol that ``body`` assigns with ``=`` or ``:=`` (a symbol, or a list of them, on the
left) is local to this evaluation, so helper functions written with it do not leave
their temporaries in Global`.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S, Symbol
from wlnet.core.registry import BUILTINS, builtin

_ASSIGNMENTS = (S.Set, S.SetDelayed)


def _assigned_symbols(body, found: dict) -> None:
    """The user symbols ``body`` assigns to, in the order met (system symbols such as
    $HistoryLength stay global, as Module would not take them either)."""
    if type(body) is not Expr:
        return
    if body.head in _ASSIGNMENTS and body.args:
        _targets(body.args[0], found)
    for part in (body.head, *body.args):
        _assigned_symbols(part, found)


def _targets(lhs, found: dict) -> None:
    if type(lhs) is Symbol:
        if lhs.name not in BUILTINS:
            found.setdefault(lhs, None)
    elif type(lhs) is Expr and lhs.head is S.List:
        for item in lhs.args:
            _targets(item, found)


@builtin("GeneralUtilities`Scope", attributes=("HoldAll", "Protected"), argc=1,
         usage="GeneralUtilities`Scope[body] evaluates body as Module would, with every "
               "symbol body assigns to (x = …, {a, b} = …, f := …) made local.",
         examples=(("x = 1; GeneralUtilities`Scope[x = 5; y = x + 1; y]; {x, y}",
                    "{1, y}"),))
def scope(ev, body):
    found: dict = {}
    _assigned_symbols(body, found)
    return Expr(S.Module, Expr(S.List, *found), body)
