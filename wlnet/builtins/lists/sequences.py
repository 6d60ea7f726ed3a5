"""Patterns over runs of consecutive elements: ``SequenceCases``, ``SequenceReplace``,
``SequenceCount``, ``SequencePosition``, ``SequenceSplit``.
A sequence pattern is a list of patterns, ``{a, b}`` or
``{x_, y_} /; x < y``; it matches a run ``{e_i, …, e_j}`` of the list.  Runs are found from
the start, without overlaps, and at each start the longest matching run is taken (so
``{__}`` takes the whole list), as in WL."""

from __future__ import annotations

import itertools

from wlnet.core import pattern
from wlnet.core.expr import Expr, Integer, S
from wlnet.core.registry import builtin
from wlnet.builtins._listutil import is_list, is_rule, matcher, mklist, nonneg_int, operator_form

# heads whose presence makes a pattern element match a run of any length
_VARIABLE_LENGTH = frozenset({
    S.BlankSequence, S.BlankNullSequence, S.Repeated, S.RepeatedNull, S.Alternatives,
    S.Optional, S.PatternSequence, S.OrderlessPatternSequence, S.Except})


def _list_of_patterns(lhs):
    """The list inside ``{…}``, ``{…} /; test`` or ``{…}?test``; None for other patterns."""
    while type(lhs) is Expr and lhs._head in (S.Condition, S.PatternTest) and lhs._args:
        lhs = lhs._args[0]
    return lhs if is_list(lhs) else None


def _fixed_length(element) -> bool:
    """Does this element of a sequence pattern always match exactly one list element?"""
    while type(element) is Expr and element._head is S.Pattern and len(element._args) == 2:
        element = element._args[1]
    return not (type(element) is Expr and (element._head in _VARIABLE_LENGTH or
                                           element._head is S.Pattern))


def _run_lengths(lhss, available: int):
    """The run lengths worth trying at one start, longest first."""
    lengths = set()
    for lhs in lhss:
        inner = _list_of_patterns(lhs)
        if inner is None or not all(_fixed_length(a) for a in inner._args):
            return range(available, 0, -1)
        lengths.add(len(inner._args))
    return sorted((n for n in lengths if 0 < n <= available), reverse=True)


def _runs(items, lhss, found):
    """Walk ``items`` from the start: ``found(i, j)`` (a result, or None when the run
    items[i:j] does not match) at the longest matching run per start; runs do not overlap.
    Yields (i, j, result)."""
    i = 0
    while i < len(items):
        for n in _run_lengths(lhss, len(items) - i):
            result = found(i, i + n)
            if result is not None:
                yield i, i + n, result
                i += n
                break
        else:
            i += 1


def _run_matcher(ev, spec):
    """(the sequence patterns, ``found(items)(i, j)`` giving the run or its replacement)."""
    if is_rule(spec) or (is_list(spec) and spec._args and all(is_rule(r) for r in spec._args)):
        rules = pattern.rules_of(spec)
        return [lhs for lhs, _, _ in rules], \
            lambda items: lambda i, j: pattern.apply_rules_once(ev, rules, mklist(items[i:j]))
    test = matcher(ev, spec)

    def found(items):
        def at(i, j):
            run = mklist(items[i:j])
            return run if test(run) else None
        return at
    return [spec], found


@builtin("SequenceCases", argc=(1, 3), usage="SequenceCases[list, {p1, p2, …}] is the runs of "
         "consecutive elements that match the patterns; SequenceCases[list, lhs -> rhs] "
         "gives the replacements; a third argument n stops after n of them.",
         examples=(("SequenceCases[{1, 2, 3, 1, 2}, {1, x_}]", "{{1, 2}, {1, 2}}"),
                   ("SequenceCases[{a, 1, 2, b, 3}, {x_Integer, y_Integer} :> x + y]",
                    "{3}")))
def sequence_cases(ev, e, spec=None, n=None):
    limit = None if n is None else nonneg_int(n)
    if spec is None or not is_list(e) or (n is not None and limit is None):
        return None
    lhss, found = _run_matcher(ev, spec)
    items = list(e._args)
    return mklist(itertools.islice((r for _, _, r in _runs(items, lhss, found(items))), limit))


@builtin("SequenceReplace", argc=(1, 2), usage="SequenceReplace[list, {p1, p2, …} -> rhs] "
         "replaces each run of consecutive elements that matches the patterns by rhs.",
         examples=(("SequenceReplace[{a, b, c, a, b}, {a, b} -> x]", "{x, c, x}"),))
def sequence_replace(ev, e, rules=None):
    if rules is None or not is_list(e) or pattern.rules_of(rules) is None:
        return None
    lhss, found = _run_matcher(ev, rules)
    items = list(e._args)
    out, done = [], 0
    for i, j, replacement in _runs(items, lhss, found(items)):
        out.extend(items[done:i])
        out.append(replacement)
        done = j
    out.extend(items[done:])
    return Expr.from_args(e._head, out)


@builtin("SequenceCount", argc=(1, 2), usage="SequenceCount[list, {p1, p2, …}] is how many "
         "runs of consecutive elements match the patterns (runs do not overlap).",
         examples=(("SequenceCount[{1, 2, 1, 2, 3}, {1, 2}]", "2"),))
def sequence_count(ev, e, spec=None):
    if spec is None or not is_list(e):
        return None
    lhss, found = _run_matcher(ev, spec)
    items = list(e._args)
    return Integer(sum(1 for _ in _runs(items, lhss, found(items))))


@builtin("SequencePosition", argc=(1, 3), usage="SequencePosition[list, {p1, p2, …}] is the "
         "{start, end} of each run of consecutive elements that matches the patterns; a "
         "third argument n stops after n of them.",
         examples=(("SequencePosition[{a, b, c, a, b}, {a, b}]", "{{1, 2}, {4, 5}}"),))
def sequence_position(ev, e, spec=None, n=None):
    limit = None if n is None else nonneg_int(n)
    if spec is None or not is_list(e) or (n is not None and limit is None):
        return None
    lhss, found = _run_matcher(ev, spec)
    items = list(e._args)
    spans = ((i, j) for i, j, _ in _runs(items, lhss, found(items)))
    return mklist(mklist([Integer(i + 1), Integer(j)])
                  for i, j in itertools.islice(spans, limit))


@builtin("SequenceSplit", argc=(1, 2), usage="SequenceSplit[list, {p1, p2, …}] splits list "
         "at each run of consecutive elements that matches the patterns, leaving the runs "
         "out (and no empty pieces); SequenceSplit[list, patt -> rhs] puts rhs in their place.",
         examples=(("SequenceSplit[{a, b, x, c, d, x, e}, {x}]", "{{a, b}, {c, d}, {e}}"),
                   ("SequenceSplit[{1, 2, 0, 0, 3}, {0, 0} -> z]", "{{1, 2}, z, {3}}")))
def sequence_split(ev, e, spec=None):
    if spec is None or not is_list(e):
        return None
    keep = is_rule(spec) or (is_list(spec) and spec._args and all(is_rule(r) for r in spec._args))
    lhss, found = _run_matcher(ev, spec)
    items = list(e._args)
    out, done = [], 0
    for i, j, replacement in _runs(items, lhss, found(items)):
        if i > done:
            out.append(Expr.from_args(e._head, items[done:i]))
        if keep:
            out.append(replacement)
        done = j
    if done < len(items):
        out.append(Expr.from_args(e._head, items[done:]))
    return mklist(out)


operator_form("SequenceCases", 1)
operator_form("SequenceCount", 1)
operator_form("SequencePosition", 1)
operator_form("SequenceReplace", 1)
operator_form("SequenceSplit", 1)
