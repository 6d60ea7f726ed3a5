"""Inactive, Activate and Inactivate: expressions whose heads are kept from evaluating.

``Inactive[f][args…]`` is inert: its arguments evaluate, f is not applied.
``Inactivate[expr]`` (expr held) wraps every symbol head of expr but List in Inactive;
``Inactivate[expr, patt]`` only the heads matching patt.  ``Activate[expr]`` replaces each
``Inactive[f]`` by f and evaluates the result; ``Activate[expr, patt]`` only those whose f
matches patt.  Programs meet them in data saved by others (an index of files imported from
.mx and passed through Activate) and in symbolic work that shows a formula before it runs.
"""

from __future__ import annotations

from wlnet.core.expr import Expr, S, Symbol
from wlnet.core.pattern import matches
from wlnet.core.registry import builtin, declare

INACTIVE = Symbol("Inactive")

declare("Inactive", attributes=("Protected",),
        usage="Inactive[f] is an inactive form of f: Inactive[f][args…] keeps f from being "
              "applied; Activate makes it active again.")


def _activated(ev, e, pattern):
    """``e`` with ``Inactive[f]`` replaced by f (those whose f matches ``pattern`` when
    one is given), at every level, heads included."""
    if type(e) is not Expr:
        return e
    if e.head is INACTIVE and len(e.args) == 1 and \
            (pattern is None or matches(ev, pattern, e.args[0])):
        return _activated(ev, e.args[0], pattern)
    head = _activated(ev, e.head, pattern)
    args = tuple(_activated(ev, a, pattern) for a in e.args)
    if head is e.head and all(a is b for a, b in zip(args, e.args)):
        return e
    return Expr(head, *args)


@builtin("Activate", argc=(1, 2),
         usage="Activate[expr] replaces every Inactive[f] in expr by f and evaluates; "
               "Activate[expr, patt] only those whose f matches patt.",
         examples=(("Activate[Inactive[Plus][1, 2]]", "3"),))
def activate(ev, expr, pattern=None):
    result = _activated(ev, expr, pattern)
    return result if result is expr else ev.evaluate(result)


def _inactivated(ev, e, pattern):
    """``e`` with every symbol head but List (those matching ``pattern``, when given)
    wrapped in Inactive."""
    if type(e) is not Expr:
        return e
    head = e.head
    if type(head) is Symbol:
        if head is not S.List and head is not INACTIVE and \
                (pattern is None or matches(ev, pattern, head)):
            head = Expr(INACTIVE, head)
    else:
        head = _inactivated(ev, head, pattern)
    if e.head is INACTIVE:
        return e
    return Expr(head, *(_inactivated(ev, a, pattern) for a in e.args))


@builtin("Inactivate", argc=(1, 2), attributes=("HoldFirst",),
         usage="Inactivate[expr] gives expr with its functions made Inactive (List kept); "
               "Inactivate[expr, patt] only the functions matching patt.",
         examples=(("Inactivate[1 + 2]", "Inactive[Plus][1, 2]"),))
def inactivate(ev, expr, pattern=None):
    if pattern is not None:
        pattern = ev.evaluate(pattern)
    return _inactivated(ev, expr, pattern)
