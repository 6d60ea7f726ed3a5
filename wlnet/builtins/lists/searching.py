"""Finding elements by pattern or test: ``Cases``, ``DeleteCases``, ``Position``, ``Count``,
``MemberQ``, ``FreeQ``, ``Select``, ``SelectFirst``, ``AllTrue``/``AnyTrue``/``NoneTrue``,
``AllMatch``/``AnyMatch``/``NoneMatch``,
``FirstPosition``, ``FirstCase``."""

from __future__ import annotations

from wlnet.core.expr import Expr, FALSE, Integer, S, String, Symbol, TRUE
from wlnet.core.opaque import is_opaque
from wlnet.core.registry import builtin, split_options
from wlnet.builtins._listutil import (
    ASSOCIATION, LevelSpec, depth_of, is_assoc, is_infinity, is_list, is_rule, matcher, mklist,
    nonneg_int, operator_form, parse_levelspec, rule_applier, walk, wl_bool)
from wlnet.builtins.lists._shared import MISSING, _elements


_HEADS_OPTION = {"Heads": FALSE}


def _levels_and_options(ev, sym, rest, default: LevelSpec, heads_default=False):
    """(LevelSpec, remaining positional args) from trailing ``levelspec`` and Heads option."""
    split = split_options(rest, {"Heads": TRUE if heads_default else FALSE})
    if split is None:
        return None
    positional, opts = split
    heads = opts["Heads"] is TRUE
    if positional:
        spec = parse_levelspec(positional[0], heads)
        if spec is None:
            ev.message(sym, "level", positional[0])
            return None
        return spec, positional[1:]
    return LevelSpec(default.lo, default.hi, heads), ()


_LEVEL_MSG = {"level": "Level specification `1` is not of the form n, {n}, or {m, n}."}


def _max_count(extra):
    if not extra:
        return None
    if is_infinity(extra[0]):
        return None
    return nonneg_int(extra[0])


def _is_level_one(spec: LevelSpec) -> bool:
    return spec.lo == 1 and spec.hi == 1 and not spec.heads


@builtin("Cases", argc=(1, None), usage="Cases[list, pattern] is the elements that match "
         "pattern; Cases[expr, pattern, levelspec] looks at those levels; "
         "Cases[expr, lhs -> rhs] gives the replacements; Cases[expr, pattern, levelspec, n] "
         "the first n; Cases[pattern] is the operator form.",
         examples=(("Cases[{1, a, 2, b}, _Integer]", "{1, 2}"),), messages=_LEVEL_MSG)
def cases(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.Cases, rest, LevelSpec(1, 1))
    if parsed is None:
        return None
    spec, extra = parsed
    limit = _max_count(extra)
    if is_rule(pat):
        apply = rule_applier(ev, pat)
    else:
        test = matcher(ev, pat)

        def apply(x):
            return x if test(x) else None
    found = []
    if type(e) is not Expr or is_opaque(e):
        return mklist(())

    def visit(x, pos):
        r = apply(x)
        if r is not None:
            found.append(r)
            return limit is not None and len(found) >= limit
        return False

    if _is_level_one(spec):
        for x in _elements(e):
            if visit(x, None):
                break
    else:
        walk(e, spec, visit)
    return mklist(found)


operator_form("Cases", 1)


def _delete_cases(e, test, spec: LevelSpec, state, level=0):
    if type(e) is not Expr or not spec.may_descend(level) or is_opaque(e):
        return e
    out = []
    changed = False
    for a in e._args:
        inner = a._args[1] if is_assoc(e) and is_rule(a) else a
        depth = depth_of(inner) if spec.uses_depth else 0
        if state[0] != 0 and spec.contains(level + 1, depth) and test(inner):
            state[0] -= 1
            changed = True
            continue
        new = _delete_cases(inner, test, spec, state, level + 1)
        if new is not inner:
            changed = True
            new = Expr(a._head, a._args[0], new) if inner is not a else new
        else:
            new = a
        out.append(new)
    return Expr.from_args(e._head, out) if changed else e


@builtin("DeleteCases", argc=(1, None), usage="DeleteCases[list, pattern] drops the "
         "elements that match pattern; DeleteCases[expr, pattern, levelspec] at those levels; "
         "DeleteCases[expr, pattern, levelspec, n] the first n.",
         examples=(("DeleteCases[{1, a, 2, b}, _Integer]", "{a, b}"),), messages=_LEVEL_MSG)
def delete_cases(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.DeleteCases, rest, LevelSpec(1, 1))
    if parsed is None:
        return None
    spec, extra = parsed
    limit = _max_count(extra)
    test = matcher(ev, pat)
    if type(e) is not Expr:
        return e
    if _is_level_one(spec) and limit is None and not is_assoc(e):
        return Expr.from_args(e._head, (x for x in e._args if not test(x)))
    return _delete_cases(e, test, spec, [-1 if limit is None else limit])


operator_form("DeleteCases", 1)
operator_form("FirstPosition", 1)


@builtin("DeleteElements", argc=(1, 2), usage="DeleteElements[list, {e1, e2, …}] drops "
         "every occurrence of the ei; DeleteElements[list, n -> {e1, …}] at most n of each; "
         "DeleteElements[elems] is the operator form.",
         examples=(("DeleteElements[{a, b, a, c}, {a, c}]", "{b}"),
                   ("DeleteElements[{a, b, a, a}, 2 -> {a}]", "{b, a}")))
def delete_elements(ev, e, spec=None):
    if spec is None or type(e) is not Expr:
        return None
    limit = None
    if type(spec) is Expr and spec._head is S.Rule and len(spec._args) == 2:
        count, spec = spec._args
        if type(count) is not Integer or count.value < 0:
            return None
        limit = count.value
    if not is_list(spec):
        return None
    left = {x: limit for x in spec._args}       # how many of each may still go (None: all)
    kept = []
    for x in e._args:
        if x in left and (left[x] is None or left[x] > 0):
            if left[x] is not None:
                left[x] -= 1
            continue
        kept.append(x)
    return Expr.from_args(e._head, kept)


operator_form("DeleteElements", 1)


def _position_expr(pos):
    return mklist(p if type(p) is Expr else Integer(p) for p in pos)


@builtin("Position", argc=(1, None), usage="Position[expr, pattern] is the list of positions "
         "of the parts of expr that match pattern; Position[expr, pattern, levelspec, n] "
         "limits the levels and the number of positions.",
         examples=(("Position[{a, b, a}, a]", "{{1}, {3}}"),), messages=_LEVEL_MSG)
def position(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.Position, rest, LevelSpec(0, None), heads_default=True)
    if parsed is None:
        return None
    spec, extra = parsed
    limit = _max_count(extra)
    test = matcher(ev, pat)
    found = []

    def visit(x, pos):
        if test(x):
            found.append(_position_expr(pos))
            return limit is not None and len(found) >= limit
        return False
    walk(e, spec, visit)
    return mklist(found)


operator_form("Position", 1)


@builtin("Count", argc=(1, None), usage="Count[list, pattern] is the number of elements that "
         "match pattern; Count[expr, pattern, levelspec] counts at those levels.",
         examples=(("Count[{1, a, 2, b}, _Integer]", "2"),), messages=_LEVEL_MSG)
def count(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.Count, rest, LevelSpec(1, 1))
    if parsed is None:
        return None
    spec, _ = parsed
    test = matcher(ev, pat)
    if type(e) is not Expr:
        return Integer(0)
    if _is_level_one(spec):
        return Integer(sum(1 for x in _elements(e) if test(x)))
    n = [0]

    def visit(x, pos):
        if test(x):
            n[0] += 1
    walk(e, spec, visit)
    return Integer(n[0])


operator_form("Count", 1)


@builtin("MemberQ", argc=(1, None), usage="MemberQ[list, form] is True when an element of "
         "list matches form; MemberQ[expr, form, levelspec] tests at those levels.",
         examples=(("MemberQ[{1, 2, 3}, 2]", "True"),), messages=_LEVEL_MSG)
def member_q(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.MemberQ, rest, LevelSpec(1, 1))
    if parsed is None:
        return None
    spec, _ = parsed
    if type(e) is not Expr:
        return FALSE
    test = matcher(ev, pat)
    if _is_level_one(spec):
        return wl_bool(any(test(x) for x in _elements(e)))
    return wl_bool(walk(e, spec, lambda x, pos: test(x)))


operator_form("MemberQ", 1)


@builtin("FreeQ", argc=(1, None), usage="FreeQ[expr, form] is True when no part of expr "
         "(heads included) matches form; FreeQ[expr, form, levelspec] looks at those levels.",
         examples=(("FreeQ[{a, b}, c]", "True"),), messages=_LEVEL_MSG)
def free_q(ev, e, pat=None, *rest):
    if pat is None:
        return None
    parsed = _levels_and_options(ev, S.FreeQ, rest, LevelSpec(0, None), heads_default=True)
    if parsed is None:
        return None
    spec, _ = parsed
    test = matcher(ev, pat)
    return wl_bool(not walk(e, spec, lambda x, pos: test(x)))


operator_form("FreeQ", 1)


def _select(ev, e, crit, limit=None):
    out, n = [], 0
    if is_assoc(e):
        for r in e._args:
            if is_rule(r) and ev.apply(crit, r._args[1]) is TRUE:
                out.append(r)
                n += 1
                if limit is not None and n >= limit:
                    break
        return Expr.from_args(ASSOCIATION, out)
    for x in e._args:
        if ev.apply(crit, x) is TRUE:
            out.append(x)
            n += 1
            if limit is not None and n >= limit:
                break
    return Expr.from_args(e._head, out)


@builtin("Select", argc=(1, 3), usage="Select[list, crit] is the elements e of list for "
         "which crit[e] is True; Select[list, crit, n] the first n; Select[crit] is the "
         "operator form.", examples=(("Select[{1, 2, 3, 4}, EvenQ]", "{2, 4}"),))
def select(ev, e, crit=None, n=None):
    if crit is None:
        return None
    if type(e) is not Expr:
        ev.message(S.Select, "normal", Integer(1), Expr(S.Select, e, crit))
        return None
    limit = None
    if n is not None and not is_infinity(n):
        limit = nonneg_int(n)
        if limit is None:
            return None
    return _select(ev, e, crit, limit)


operator_form("Select", 1)


@builtin("SelectFirst", argc=(1, 3), usage="SelectFirst[list, crit] is the first element "
         "for which crit is True (Missing[\"NotFound\"] if none); SelectFirst[list, crit, "
         "default] gives default instead.",
         examples=(("SelectFirst[{1, 2, 3}, EvenQ]", "2"),))
def select_first(ev, e, crit=None, default=None):
    if crit is None or type(e) is not Expr:
        return None
    for x in _elements(e):
        if ev.apply(crit, x) is TRUE:
            return x
    return default if default is not None else Expr(MISSING, String("NotFound"))


operator_form("SelectFirst", 1)


def _quantified(kind: str, holds, e, spec: LevelSpec, ev=None):
    """Whether ``holds`` is true of all / any / none of the parts of ``e`` at ``spec``'s
    levels, looking at them in order and stopping as soon as the answer is known.

    With ``ev`` given, ``holds`` returns the test's value itself, and a value neither True
    nor False is kept: when no part settles the answer, the result is the conjunction
    (AllTrue, NoneTrue: of their negations) or disjunction (AnyTrue) of the values kept,
    as the Wolfram Language gives ``AllTrue[{a, b}, # > 0 &]`` as ``a > 0 && b > 0``."""
    settles = FALSE if kind == "all" else TRUE     # the verdict of a part that settles it
    undecided = []

    def visit(x, pos):
        value = holds(x)
        if ev is None:
            return bool(value) is (settles is TRUE)
        if value is settles:
            return True
        if value is not TRUE and value is not FALSE:
            undecided.append(value)
        return False

    if type(e) is Expr and _is_level_one(spec):
        stopped = any(visit(x, None) for x in _elements(e))
    else:
        stopped = walk(e, spec, visit)
    if stopped or not undecided:
        return wl_bool(stopped if kind == "any" else not stopped)
    if kind == "any":
        return ev.evaluate(Expr(S.Or, *undecided))
    if kind == "none":
        undecided = [Expr(S.Not, u) for u in undecided]
    return ev.evaluate(Expr(S.And, *undecided))


def _quantifier_level(ev, name: str, rest) -> LevelSpec | None:
    """The level an AllTrue/AllMatch-like function tests: 1 by default; a bare integer n is
    level n alone (AllTrue[matrix, EvenQ, 2] tests the entries, AnyTrue[4, EvenQ, 0] the
    expression itself), any other level specification as Level reads it."""
    if len(rest) > 1:
        return None
    if rest and type(rest[0]) is Integer and rest[0].value >= 0:
        return LevelSpec(rest[0].value, rest[0].value)
    parsed = _levels_and_options(ev, Symbol(name), rest, LevelSpec(1, 1))
    return None if parsed is None else parsed[0]


def _truth_test(name: str, kind: str):
    def run(ev, e, test=None, *rest):
        spec = None if test is None else _quantifier_level(ev, name, rest)
        if spec is None:
            return None                      # the operator form AllTrue[test], or bad args
        return _quantified(kind, lambda x: ev.apply(test, x), e, spec, ev)
    return run


def _match_test(name: str, kind: str):
    def run(ev, e, pat=None, *rest):
        spec = None if pat is None else _quantifier_level(ev, name, rest)
        if spec is None:
            return None                      # the operator form AllMatch[form], or bad args
        return _quantified(kind, matcher(ev, pat), e, spec)
    return run


for _name, _kind, _text in (("AllTrue", "all", "every element"),
                            ("AnyTrue", "any", "some element"),
                            ("NoneTrue", "none", "no element")):
    builtin(_name, argc=(1, 3), messages=_LEVEL_MSG,
            usage=f"{_name}[list, test] is True when test is True for {_text} of list; "
            f"{_name}[expr, test, level] tests the parts at those levels; {_name}[test] is "
            "the operator form.",
            examples=((f"{_name}[{{2, 4}}, EvenQ]", "True" if _kind != "none" else "False"),)
            )(_truth_test(_name, _kind))
    operator_form(_name, 1)

for _name, _kind, _text in (("AllMatch", "all", "every element"),
                            ("AnyMatch", "any", "some element"),
                            ("NoneMatch", "none", "no element")):
    builtin(_name, argc=(1, 3), messages=_LEVEL_MSG,
            usage=f"{_name}[list, form] is True when {_text} of list matches the pattern "
            f"form (an association's values are tested); {_name}[expr, form, level] tests the "
            f"parts at those levels; {_name}[form] is the operator form.",
            examples=((f"{_name}[{{1, 2, a}}, _Integer]", "True" if _kind == "any" else "False"),
                      (f"{_name}[{{{{1, 2}}, {{3, x}}}}, _Integer, 2]",
                       "True" if _kind == "any" else "False"))
            )(_match_test(_name, _kind))
    operator_form(_name, 1)


def _first_found(ev, head, e, found, default):
    """The first of Position's or Cases's results, else default (Missing["NotFound"])."""
    found = ev.evaluate(found)
    if type(found) is Expr and found.head is S.List:
        if found.args:
            return found.args[0]
        return default if default is not None else Expr(MISSING, String("NotFound"))
    return None


@builtin("FirstPosition", argc=(1, 4),
         usage="FirstPosition[expr, pattern] is the position of the first part of expr that "
               "matches pattern, in Position's order (Missing[\"NotFound\"] if none); a third "
               "argument is the default, a fourth the levels searched.",
         examples=(("FirstPosition[{a, b, a, c}, a]", "{1}"),
                   ("FirstPosition[{{1, 2}, {3, 4}}, 3]", "{2, 1}"),
                   ("FirstPosition[{1, 2}, 5]", "Missing[\"NotFound\"]")))
def first_position(ev, e, pat=None, default=None, levels=None):
    if pat is None:
        return None                       # the operator form FirstPosition[pattern]
    spec = levels if levels is not None else Expr(S.List, Integer(0), S.Infinity)
    return _first_found(ev, S.FirstPosition, e,
                        Expr(S.Position, e, pat, spec, Integer(1)), default)


@builtin("FirstCase", argc=(1, 4),
         usage="FirstCase[expr, pattern] is the first element of expr that matches pattern "
               "(pattern :> rhs gives rhs for it; Missing[\"NotFound\"] if none); a third "
               "argument is the default, a fourth the levels searched.",
         examples=(("FirstCase[{1, a, 2.5, b}, _Symbol]", "a"),
                   ("FirstCase[{1, 2, 3}, x_ /; x > 1 :> 10 x]", "20"),
                   ("FirstCase[{1, 2}, _String, none]", "none")))
def first_case(ev, e, pat=None, default=None, levels=None):
    if pat is None:
        return None
    spec = levels if levels is not None else Expr(S.List, Integer(1))
    return _first_found(ev, S.FirstCase, e, Expr(S.Cases, e, pat, spec, Integer(1)), default)


operator_form("FirstCase", 1)
