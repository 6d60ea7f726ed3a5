"""Collecting values as a computation goes: ``Sow`` and ``Reap``.

``Reap[expr]`` evaluates expr and gives ``{value, {list1, list2, …}}``: the values
``Sow[e]`` / ``Sow[e, tag]`` gave during it, one list per tag in the order the tags first
came (``{}`` when nothing was sown).  ``Reap[expr, patt]`` keeps the tags that match patt
(a list of patterns: one list of lists each), ``Reap[expr, patt, f]`` gives ``f[tag, list]``
for each.  A Sow goes to the innermost Reap whose pattern takes its tag, as in WL; a Sow
outside every Reap just gives its value.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, S
from wlnet.core.pattern import matches
from wlnet.core.registry import builtin

LIST = S.List
_UNTAGGED = S["None"]                       # the tag of Sow[e]


class _Collector:
    """What one Reap gathers: (pattern or None for every tag) and tag -> values."""

    def __init__(self, patterns):
        self.patterns = patterns            # None: every tag; else a list of patterns
        self.by_tag: dict = {}

    def takes(self, ev, tag) -> bool:
        return self.patterns is None or any(matches(ev, p, tag) for p in self.patterns)

    def add(self, tag, value) -> None:
        self.by_tag.setdefault(tag, []).append(value)


def _collectors(ev) -> list:
    stack = getattr(ev, "_reap_stack", None)
    if stack is None:
        stack = ev._reap_stack = []
    return stack


@builtin("Sow", argc=(1, 2),
         usage="Sow[e] gives e and hands it to the enclosing Reap; Sow[e, tag] (or a list of "
               "tags) under that tag.",
         examples=(("Reap[Sow[1]; Sow[2]; 3]", "{3, {{1, 2}}}"),))
def sow(ev, value, tag=None):
    tags = [_UNTAGGED] if tag is None else (list(tag.args) if is_list(tag) else [tag])
    for t in tags:
        for collector in reversed(_collectors(ev)):
            if collector.takes(ev, t):
                collector.add(t, value)
                break
    return value


@builtin("Reap", attributes=("HoldFirst", "Protected"), argc=(1, 3),
         usage="Reap[expr] gives {value of expr, {values sown, one list per tag}}; "
               "Reap[expr, patt] only tags matching patt; Reap[expr, patt, f] gives f[tag, "
               "list] for each tag.",
         examples=(("Reap[Sow[a, x]; Sow[b, y]; Sow[c, x], x]", "{c, {{a, c}}}"),
                   ("Reap[Do[If[OddQ[i], Sow[i]], {i, 6}]]", "{Null, {{1, 3, 5}}}")))
def reap(ev, body, patt=None, f=None):
    several = patt is not None and is_list(patt)
    patterns = None if patt is None else (list(patt.args) if several else [patt])
    collector = _Collector(patterns)
    stack = _collectors(ev)
    stack.append(collector)
    try:
        value = ev.evaluate(body)
    finally:
        stack.remove(collector)

    def lists_for(tags):
        out = []
        for tag in tags:
            values = Expr.from_args(LIST, collector.by_tag[tag])
            out.append(ev.evaluate(Expr(f, tag, values)) if f is not None else values)
        return Expr.from_args(LIST, out)

    if not several:
        return Expr(LIST, value, lists_for(list(collector.by_tag)))
    per_pattern = [lists_for([t for t in collector.by_tag if matches(ev, p, t)])
                   for p in patterns]
    return Expr(LIST, value, Expr.from_args(LIST, per_pattern))
