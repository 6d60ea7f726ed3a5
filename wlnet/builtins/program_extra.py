"""List, test and option functions that public net programs use in preparing their data: MissingQ,
FailureQ, Pick, MinMax, CoordinateBounds, AngleVector, TakeLargest, TakeSmallest, TakeLargestBy,
TakeSmallestBy, ReverseSortBy, RemoveDiacritics, Between, FilterRules, ContainsAny, ContainsAll,
ContainsNone, ContainsOnly, ContainsExactly
(PadLeft, PadRight and ArrayReshape are in wlnet/builtins/lists/padding.py).

Where a function is another one's composition in the Wolfram Language (``MinMax`` is
``{Min[list], Max[list]}``, ``TakeLargest`` takes from the list sorted by ``Greater``…) it is
evaluated through those builtins, so exact, machine and symbolic arguments and the messages
are theirs.
"""

from __future__ import annotations

import unicodedata

from wlnet.builtins._listutil import is_assoc, is_list, is_rule, operator_form
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, String, Symbol
from wlnet.core.registry import builtin

LIST = S.List


def _bool(b: bool):
    return TRUE if b else FALSE


def _nonneg_int(e) -> int | None:
    return e.value if type(e) is Integer and e.value >= 0 else None


def _take_count(e, available: int) -> int | None:
    """The count of n (exactly n) or UpTo[n] (n or as many as there are); None when it
    is neither.  A count beyond ``available`` is left for the caller's insuff message."""
    if type(e) is Expr and e.head == Symbol("UpTo") and len(e.args) == 1:
        n = _nonneg_int(e.args[0])
        return None if n is None else min(n, available)
    return _nonneg_int(e)


def _failed_call(e, head) -> bool:
    """Did evaluating a call leave it unevaluated (the builtin said why)?"""
    return type(e) is Expr and e.head is head


# ============================================================================ tests

@builtin(argc=1, attributes=("Protected",),
         usage="MissingQ[expr] is True when expr has head Missing.",
         examples=(('MissingQ[Missing["NotFound"]]', "True"), ("MissingQ[1]", "False")))
def MissingQ(ev, e):
    return _bool(type(e) is Expr and e.head is S.Missing)


@builtin(argc=1, attributes=("Protected",),
         usage="FailureQ[expr] is True when expr is $Failed or a Failure object.",
         examples=(("FailureQ[$Failed]", "True"), ("FailureQ[1]", "False")))
def FailureQ(ev, e):
    return _bool(e is S["$Failed"] or (type(e) is Expr and e.head is Symbol("Failure")))




# ============================================================================ Pick

def _pick(ev, e, sel, pattern):
    """The parts of ``e`` where ``sel`` (of the same structure) is True or matches."""
    if pattern is None:
        chosen = sel is TRUE
    else:
        chosen = ev.evaluate(Expr(S.MatchQ, sel, pattern)) is TRUE
    if chosen:
        return e
    if is_list(sel) and type(e) is Expr and len(e.args) == len(sel.args):
        parts = [_pick(ev, x, s, pattern) for x, s in zip(e.args, sel.args)]
        return Expr.from_args(e.head, [p for p in parts if p is not None])
    return None


@builtin(argc=(2, 3), attributes=("Protected",),
         messages={"incomp": "Expressions `1` and `2` have incompatible shapes."},
         usage="Pick[list, sel] picks the elements of list where sel is True; "
               "Pick[list, sel, patt] where sel matches patt.",
         examples=(("Pick[{a, b, c}, {True, False, True}]", "{a, c}"),
                   ("Pick[{a, b, c}, {1, 0, 1}, 1]", "{a, c}")))
def Pick(ev, e, sel, pattern=None):
    if not (type(e) is Expr and is_list(sel) and len(e.args) == len(sel.args)):
        ev.message(S.Pick, "incomp", e, sel)
        return None
    picked = _pick(ev, e, sel, pattern)
    return Expr(e.head) if picked is None else picked


# ============================================================================ MinMax

@builtin(argc=(1, 2), attributes=("Protected",),
         usage="MinMax[list] is {Min[list], Max[list]}; MinMax[list, d] widens it by d on "
               "each side.",
         examples=(("MinMax[{3, 1, 2}]", "{1, 3}"), ("MinMax[{3, 1, 2}, 1]", "{0, 4}")))
def MinMax(ev, e, delta=None):
    low = ev.evaluate(Expr(S.Min, e))
    high = ev.evaluate(Expr(S.Max, e))
    if delta is not None:
        low = ev.evaluate(Expr(S.Subtract, low, delta))
        high = ev.evaluate(Expr(S.Plus, high, delta))
    return Expr(LIST, low, high)


# ============================================================================ CoordinateBounds

@builtin(argc=(1, 2), attributes=("Protected",),
         usage="CoordinateBounds[{p1, p2, …}] gives {{xmin, xmax}, {ymin, ymax}, …} of the "
               "points; CoordinateBounds[points, d] widens each range by d on both sides "
               "(d a number, a list of one per coordinate, or Scaled[s]: s times the range).",
         examples=(("CoordinateBounds[{{1, 5}, {3, 2}}]", "{{1, 3}, {2, 5}}"),
                   ("CoordinateBounds[{{0, 0}, {2, 4}}, 1]", "{{-1, 3}, {-1, 5}}"),
                   ("CoordinateBounds[{{0, 0}, {2, 4}}, Scaled[1/2]]", "{{-1, 3}, {-2, 6}}")))
def CoordinateBounds(ev, points, pad=None):
    if not (is_list(points) and points.args and all(
            is_list(p) and len(p.args) == len(points.args[0].args) for p in points.args)):
        return None
    columns = ev.evaluate(Expr(S.Transpose, points))
    bounds = [MinMax(ev, column) for column in columns.args]
    if pad is not None:
        pads = pad.args if is_list(pad) else [pad] * len(bounds)
        if len(pads) != len(bounds):
            return None
        bounds = [_widened(ev, b, d) for b, d in zip(bounds, pads)]
    return Expr.from_args(LIST, bounds)


def _widened(ev, bound, pad):
    low, high = bound.args
    if type(pad) is Expr and pad.head is S.Scaled and len(pad.args) == 1:
        pad = ev.evaluate(Expr(S.Times, pad.args[0], Expr(S.Subtract, high, low)))
    return ev.evaluate(Expr(LIST, Expr(S.Subtract, low, pad), Expr(S.Plus, high, pad)))


# ============================================================================ AngleVector

@builtin(argc=(1, 2), attributes=("Protected",),
         usage="AngleVector[θ] is the unit vector {Cos[θ], Sin[θ]}; AngleVector[{r, θ}] has "
               "length r; AngleVector[p, θ] and AngleVector[p, {r, θ}] start from the point p.",
         examples=(("AngleVector[Pi/2]", "{0, 1}"), ("AngleVector[{2, Pi}]", "{-2, 0}"),
                   ("AngleVector[{1, 1}, {2, 0}]", "{3, 1}")))
def AngleVector(ev, first, second=None):
    origin, polar = (None, first) if second is None else (first, second)
    if origin is not None and not (is_list(origin) and len(origin.args) == 2):
        return None
    if is_list(polar):
        if len(polar.args) != 2:
            return None
        r, theta = polar.args
        if is_list(r) or is_list(theta):
            return None
    else:
        r, theta = Integer(1), polar
    vector = Expr(LIST, Expr(S.Times, r, Expr(S.Cos, theta)),
                  Expr(S.Times, r, Expr(S.Sin, theta)))
    return ev.evaluate(vector if origin is None else Expr(S.Plus, origin, vector))


# ============================================================================ TakeLargest

def _take_extreme(ev, name: str, order, e, n):
    items = e.args if is_list(e) else [r.args[1] for r in e.args] if is_assoc(e) else ()
    count = _take_count(n, len(items))
    if count is None:
        ev.message(Symbol(name), "intnm", Expr(Symbol(name), e, n), Integer(2))
        return None
    if not (is_list(e) or is_assoc(e)):
        return None
    if count > len(items):
        ev.message(Symbol(name), "insuff", Integer(count), e)
        return None
    kept = e
    if is_list(e):                 # WL leaves out what is not a number (Missing[…], None…)
        kept = Expr.from_args(LIST, [x for x in e.args if
                                     ev.evaluate(Expr(S.NumericQ, x)) is TRUE])
    ordered = ev.evaluate(Expr(S.Sort, kept, order))
    if _failed_call(ordered, S.Sort):
        return None
    return ev.evaluate(Expr(S.Take, ordered, Integer(min(count, len(ordered.args)))))


_TAKE_MESSAGES = {"intnm": "Non-negative machine-sized integer expected at position `2` in `1`.",
                  "insuff": "Cannot take `1` elements from `2`, which has fewer elements."}


@builtin(argc=(1, 2), attributes=("Protected",), messages=_TAKE_MESSAGES,
         usage="TakeLargest[list, n] is the n largest elements of list, largest first "
               "(UpTo[n]: as many as there are, up to n); TakeLargest[n] is the operator form.",
         examples=(("TakeLargest[{1, 5, 3, 4}, 2]", "{5, 4}"),
                   ("TakeLargest[2][{1, 5, 3, 4}]", "{5, 4}")))
def TakeLargest(ev, e, n=None):
    if n is None:
        return None                              # the operator form TakeLargest[n]
    return _take_extreme(ev, "TakeLargest", S.Greater, e, n)


@builtin(argc=(1, 2), attributes=("Protected",), messages=_TAKE_MESSAGES,
         usage="TakeSmallest[list, n] is the n smallest elements of list, smallest first "
               "(UpTo[n]: as many as there are, up to n); TakeSmallest[n] is the operator form.",
         examples=(("TakeSmallest[{1, 5, 3, 4}, 2]", "{1, 3}"),
                   ("TakeSmallest[1][{4, 2}]", "{2}")))
def TakeSmallest(ev, e, n=None):
    if n is None:
        return None
    return _take_extreme(ev, "TakeSmallest", S.Less, e, n)


def _ranked(ev, name: str, e, n):
    """The n-th largest (RankedMax) or smallest (RankedMin) element; a negative n counts
    from the other end; repeated values count once each."""
    if not (is_list(e) and e.args) or type(n) is not Integer or n.value == 0 or \
            abs(n.value) > len(e.args):
        ev.message(Symbol(name), "rank", n, Integer(len(e.args) if is_list(e) else 0))
        return None
    descending = (name == "RankedMax") == (n.value > 0)
    ordered = ev.evaluate(Expr(S.Sort, e, S.Greater if descending else S.Less))
    if _failed_call(ordered, S.Sort):
        return None
    return ordered.args[abs(n.value) - 1]


for _name, _which in (("RankedMax", "largest"), ("RankedMin", "smallest")):
    builtin(_name, argc=2, attributes=("Protected",),
            messages={"rank": "`1` is not a rank of an element of a list of length `2`."},
            usage=f"{_name}[list, n] is the n-th {_which} element of list (a negative n "
                  "counts from the other end).",
            examples=((f"{_name}[{{1, 5, 3, 7}}, 2]", "5" if _which == "largest" else "3"),))(
        lambda ev, e, n, _n=_name: _ranked(ev, _n, e, n))


def _extreme_positions(ev, name: str, largest: bool, e, n):
    """PositionLargest/PositionSmallest: the positions of the extreme numeric element (of
    the n extreme ones, in order), each position a list as Position gives it."""
    if not (is_list(e) and e.args):
        return None
    numeric = [(i, x) for i, x in enumerate(e.args, 1)
               if ev.evaluate(Expr(S.NumericQ, x)) is TRUE]
    if not numeric:
        return Expr(LIST)
    values = Expr.from_args(LIST, (x for _, x in numeric))
    order = ev.evaluate(Expr(S.Ordering, values))
    ranks = [int(r.value) for r in order.args]
    if largest:
        ranks.reverse()
    if n is None:           # every position of the extreme value, in order
        best = numeric[ranks[0] - 1][1]
        return Expr.from_args(LIST, (Expr(LIST, Integer(i)) for i, x in numeric
                                     if ev.evaluate(Expr(S.Equal, x, best)) is TRUE))
    count = _take_count(n, len(numeric))
    if count is None:
        ev.message(Symbol(name), "intnm", Expr(Symbol(name), e, n), Integer(2))
        return None
    if count > len(numeric):
        ev.message(Symbol(name), "insuff", Integer(count), e)
        return None
    return Expr.from_args(LIST, (Expr(LIST, Integer(numeric[r - 1][0])) for r in ranks[:count]))


@builtin(argc=(1, 2), attributes=("Protected",), messages=_TAKE_MESSAGES,
         usage="PositionLargest[list] gives the positions of the largest element of list; "
               "PositionLargest[list, n] those of the n largest, largest first.",
         examples=(("PositionLargest[{1, 5, 3, 5}]", "{{2}, {4}}"),
                   ("PositionLargest[{1, 5, 3, 4}, 2]", "{{2}, {4}}")))
def PositionLargest(ev, e, n=None):
    return _extreme_positions(ev, "PositionLargest", True, e, n)


@builtin(argc=(1, 2), attributes=("Protected",), messages=_TAKE_MESSAGES,
         usage="PositionSmallest[list] gives the positions of the smallest element of list; "
               "PositionSmallest[list, n] those of the n smallest, smallest first.",
         examples=(("PositionSmallest[{3, 1, 2, 1}]", "{{2}, {4}}"),))
def PositionSmallest(ev, e, n=None):
    return _extreme_positions(ev, "PositionSmallest", False, e, n)


operator_form("TakeLargest", 1)
operator_form("TakeSmallest", 1)


def _take_extreme_by(ev, name: str, order, e, f, n):
    """The n (or UpTo[n]) elements with the largest (order Greater) or smallest f values, in
    that order."""
    count = _take_count(n, len(e.args) if is_list(e) or is_assoc(e) else 0)
    if count is None:
        ev.message(Symbol(name), "intnm", Expr(Symbol(name), e, f, n), Integer(3))
        return None
    if not (is_list(e) or is_assoc(e)):
        return None
    if count > len(e.args):
        ev.message(Symbol(name), "insuff", Integer(count), e)
        return None
    ordered = ev.evaluate(Expr(S.SortBy, e, f, order))
    if _failed_call(ordered, S.SortBy):
        return None
    return ev.evaluate(Expr(S.Take, ordered, Integer(count)))


@builtin(argc=(2, 3), attributes=("Protected",), messages=_TAKE_MESSAGES,
         usage="TakeLargestBy[list, f, n] is the n elements of list with the largest f values, "
               "largest first.",
         examples=(("TakeLargestBy[{{a, 1}, {b, 3}, {c, 2}}, Last, 2]", "{{b, 3}, {c, 2}}"),))
def TakeLargestBy(ev, e, f, n=None):
    if n is None:
        return None                                    # the operator form TakeLargestBy[f, n]
    return _take_extreme_by(ev, "TakeLargestBy", S.Greater, e, f, n)


@builtin(argc=(2, 3), attributes=("Protected",), messages=_TAKE_MESSAGES,
         usage="TakeSmallestBy[list, f, n] is the n elements of list with the smallest f "
               "values, smallest first.",
         examples=(("TakeSmallestBy[{-3, 1, 2}, Abs, 2]", "{1, 2}"),))
def TakeSmallestBy(ev, e, f, n=None):
    if n is None:
        return None                                    # the operator form TakeSmallestBy[f, n]
    return _take_extreme_by(ev, "TakeSmallestBy", S.Less, e, f, n)


# ============================================================================ Between

@builtin(argc=(1, 2), attributes=("Protected",),
         usage="Between[x, {min, max}] is True when min <= x <= max; Between[x, {{min1, max1}, "
               "…}] when x is in any of the ranges; Between[{min, max}] is the operator form.",
         examples=(("Between[2, {1, 3}]", "True"),
                   ("Select[{1, 5, 9}, Between[{2, 6}]]", "{5}")))
def Between(ev, x, ranges=None):
    if ranges is None or not is_list(ranges):
        return None
    pairs = ranges.args if ranges.args and all(is_list(r) for r in ranges.args) else [ranges]
    if not all(is_list(r) and len(r.args) == 2 for r in pairs):
        return None
    tests = [Expr(S.LessEqual, r.args[0], x, r.args[1]) for r in pairs]
    return ev.evaluate(tests[0] if len(tests) == 1 else Expr.from_args(S.Or, tests))


operator_form("Between", 1)


def _interval_ranges(e):
    """The {min, max} lists of Interval[{min1, max1}, …], or None."""
    if type(e) is Expr and e.head is S.Interval and e.args and all(
            is_list(r) and len(r.args) == 2 for r in e.args):
        return list(e.args)
    return None


@builtin(argc=2, attributes=("Protected",),
         usage="IntervalMemberQ[interval, x] is True when the number x lies in the interval; "
               "IntervalMemberQ[interval1, interval2] when interval2 lies within interval1.",
         examples=(("IntervalMemberQ[Interval[{1, 3}], 2]", "True"),
                   ("IntervalMemberQ[Interval[{1, 3}], Interval[{2, 4}]]", "False")))
def IntervalMemberQ(ev, interval, x):
    ranges = _interval_ranges(interval)
    if ranges is None:
        return None
    inner = _interval_ranges(x)
    # a sub-interval lies within the union when both its ends lie in the same range
    pieces = [[x]] if inner is None else [list(r.args) for r in inner]
    verdicts = [ev.evaluate(Expr.from_args(S.Or, [
        Expr.from_args(S.And, [Expr(S.LessEqual, r.args[0], p, r.args[1]) for p in piece])
        for r in ranges])) for piece in pieces]
    if all(v is TRUE for v in verdicts):
        return TRUE
    return FALSE if any(v is FALSE for v in verdicts) else None


# ============================================================================ ReverseSortBy

@builtin(argc=(1, 2), attributes=("Protected",),
         usage="ReverseSortBy[list, f] sorts list by the values f[e], largest first.",
         examples=(("ReverseSortBy[{{1, a}, {3, b}, {2, c}}, First]",
                    "{{3, b}, {2, c}, {1, a}}"),))
def ReverseSortBy(ev, e, f=None):
    if f is None:
        return None                                    # the operator form ReverseSortBy[f]
    ordered = ev.evaluate(Expr(S.SortBy, e, f))
    if _failed_call(ordered, S.SortBy):
        return None
    return ev.evaluate(Expr(S.Reverse, ordered))


# ============================================================================ RemoveDiacritics

def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@builtin(argc=1, attributes=("Protected", "Listable"),
         usage="RemoveDiacritics[\"string\"] replaces the characters with diacritics by their "
               "base letters.",
         examples=(('RemoveDiacritics["Pokémon"]', '"Pokemon"'),))
def RemoveDiacritics(ev, s):
    if type(s) is not String:
        return None
    return String(_plain(s.value))


# ============================================================================ options

def _rule_name(e) -> str | None:
    """The option name of ``name -> value`` (a symbol's or a string's), else None."""
    if type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2:
        key = e.args[0]
        return key.name.rsplit("`", 1)[-1] if type(key) is Symbol else \
            key.value if type(key) is String else None
    return None


def _wanted_names(patt) -> set | None:
    """The option names a FilterRules pattern names (a name, a rule, or a list of these —
    Options[f] is such a list), or None for another pattern."""
    items = patt.args if is_list(patt) else (patt,)
    names = set()
    for item in items:
        name = _rule_name(item) or (item.name.rsplit("`", 1)[-1] if type(item) is Symbol else
                                    item.value if type(item) is String else None)
        if name is None:
            return None
        names.add(name)
    return names


@builtin(argc=2, attributes=("Protected",),
         usage="FilterRules[rules, patt] keeps the rules whose left-hand sides match patt: "
               "option names, a list of them, or a list of rules such as Options[f].",
         examples=(("FilterRules[{a -> 1, b -> 2, c -> 3}, {a, c}]", "{a -> 1, c -> 3}"),
                   ('Options[fr] = {a -> 1, "b" -> 2}; FilterRules[{a -> 5, c -> 3, b -> 4}, '
                    'Options[fr]]', "{a -> 5, b -> 4}")))
def FilterRules(ev, rules, patt):
    if not is_list(rules):
        rules = Expr(LIST, rules)
    names = _wanted_names(patt)
    if names is not None:
        return Expr.from_args(LIST, (r for r in rules.args if _rule_name(r) in names))
    kept = [r for r in rules.args if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)
            and ev.evaluate(Expr(S.MatchQ, r.args[0], patt)) is TRUE]
    return Expr.from_args(LIST, kept)


# ============================================================================ Contains*

def _contains(name: str, test, usage: str, example):
    """ContainsAny & co: ``test(elements of e1, elements of e2)`` on two lists (elements
    compared as SameQ does); an operator form with one argument."""
    def run(ev, e1, e2=None):
        if e2 is None:
            return None                                    # the operator form stays
        if not (is_list(e1) and is_list(e2)):
            ev.message(Symbol(name), "lsts", Integer(1) if not is_list(e1) else Integer(2),
                       Expr(Symbol(name), e1, e2))
            return None
        return _bool(test(list(e1.args), list(e2.args)))
    run.__name__ = name
    builtin(name, argc=(1, 2), attributes=("Protected",), usage=usage, examples=(example,),
            messages={"lsts": "List expected at position `1` in `2`."})(run)


_contains("ContainsAny", lambda a, b: bool(set(a) & set(b)),
          "ContainsAny[e1, e2] is True when e1 contains some element of e2.",
          ("ContainsAny[{a, b, c}, {c, d}]", "True"))
_contains("ContainsAll", lambda a, b: set(b) <= set(a),
          "ContainsAll[e1, e2] is True when e1 contains every element of e2.",
          ("ContainsAll[{a, b, c}, {c, a}]", "True"))
_contains("SubsetQ", lambda a, b: set(b) <= set(a),
          "SubsetQ[list1, list2] is True when every element of list2 is in list1 (ContainsAll).",
          ("SubsetQ[{a, b, c}, {c, a}]", "True"))
_contains("ContainsNone", lambda a, b: not set(a) & set(b),
          "ContainsNone[e1, e2] is True when e1 contains no element of e2.",
          ("ContainsNone[{a, b}, {c, d}]", "True"))
_contains("ContainsOnly", lambda a, b: set(a) <= set(b),
          "ContainsOnly[e1, e2] is True when every element of e1 is in e2.",
          ("ContainsOnly[{a, a, b}, {a, b, c}]", "True"))
_contains("ContainsExactly", lambda a, b: set(a) == set(b),
          "ContainsExactly[e1, e2] is True when e1 and e2 have the same elements.",
          ("ContainsExactly[{a, b, b}, {b, a}]", "True"))


# operator forms: TakeLargest[n][list], ReverseSortBy[f][list], ContainsAll[e2][e1], …
for _name, _count in (("TakeLargest", 1), ("TakeSmallest", 1), ("TakeLargestBy", 2),
                      ("TakeSmallestBy", 2), ("ReverseSortBy", 1), ("ContainsAny", 1),
                      ("ContainsAll", 1), ("ContainsNone", 1), ("ContainsOnly", 1),
                      ("ContainsExactly", 1)):
    operator_form(_name, _count)


# ============================================================================ Missing data

def _is_missing(e) -> bool:
    return type(e) is Expr and e.head is S.Missing


def _missing_within(x, depth: int) -> bool:
    """Missing[…] is x or in its first ``depth`` levels (a rule's right side counts as the
    rule: {a -> Missing[]} loses the rule)."""
    if _is_missing(x) or is_rule(x) and _is_missing(x.args[1]):
        return True
    if depth <= 0 or type(x) is not Expr:
        return False
    parts = (r.args[1] for r in x.args) if is_assoc(x) else x.args
    return any(_missing_within(p, depth - 1) for p in parts)


def _without_missing(e, levels: int, depth: int):
    """e with its elements that are (or hold within ``depth`` levels) Missing dropped, down
    to ``levels`` levels of lists and associations."""
    if levels <= 0 or not (is_list(e) or is_assoc(e)):
        return e
    if is_assoc(e):
        kept = [r for r in e.args if not _missing_within(r.args[1], depth)]
        return Expr.from_args(e.head, [Expr(r.head, r.args[0],
                                            _without_missing(r.args[1], levels - 1, depth))
                                       for r in kept])
    return Expr.from_args(e.head, [_without_missing(x, levels - 1, depth) for x in e.args
                                   if not _missing_within(x, depth)])


def _level_count(spec):
    """A non-negative level count, or Infinity as a large one; None otherwise."""
    if spec == Expr(S.DirectedInfinity, Integer(1)):
        return 1 << 30
    if type(spec) is Integer and spec.value >= 0:
        return spec.value
    return None


@builtin(argc=(1, 3), attributes=("Protected",),
         usage="DeleteMissing[list] drops the Missing[…] elements of a list or association "
               "(and the rules whose right side is Missing); DeleteMissing[list, n] down to "
               "level n (Infinity for all); DeleteMissing[list, n, d] also drops the elements "
               "with a Missing in their first d levels.",
         examples=(("DeleteMissing[{1, Missing[], 2}]", "{1, 2}"),
                   ("DeleteMissing[<|a -> 1, b -> Missing[]|>]", "<|a -> 1|>"),
                   ("DeleteMissing[{{a, 1}, {c, Missing[]}, {d, {Missing[]}}}, 1, 1]",
                    "{{a, 1}, {d, {Missing[]}}}")))
def DeleteMissing(ev, e, levels=Integer(1), depth=Integer(0)):
    n, d = _level_count(levels), _level_count(depth)
    if n is None or d is None:
        return None
    if _is_missing(e):
        return Expr(S.Sequence)
    return _without_missing(e, n, d)


@builtin(argc=(1, 2), attributes=("Protected",),
         usage="ReplaceMissing[expr] replaces each Missing[…] in expr by Null; "
               "ReplaceMissing[expr, v] by v.",
         examples=(("ReplaceMissing[{1, Missing[], 2}, 0]", "{1, 0, 2}"),))
def ReplaceMissing(ev, e, value=S.Null):
    rule = Expr(S.Rule, Expr(S.Blank, S.Missing), value)
    return Expr(S.ReplaceAll, e, rule)
