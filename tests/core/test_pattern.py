"""Pattern matching, substitution and rules (wlnet.core.pattern), used directly."""

from __future__ import annotations

import pytest

from tests.core._support import parse
from wlnet.core.expr import Expr, Integer, S, Symbol
from wlnet.core.pattern import (compile_simple, is_free_of_patterns, match, match_iter,
                                required_head,
                                replace, replace_all, rules_of, specificity, substitute)
from wlnet.core.session import Session


@pytest.fixture(scope="module")
def ev():
    return Session(echo=False).evaluator


MATCHES = [
    # (pattern, expr, bindings as {name: expr text} or None for no match)
    ("x_", "f[1]", {"x": "f[1]"}),
    ("_Integer", "3", {}),
    ("_Integer", "3.", None),
    ("f[x_, y_]", "f[1, 2]", {"x": "1", "y": "2"}),
    ("f[x_, x_]", "f[1, 2]", None),
    ("f[x_, x_]", "f[2, 2]", {"x": "2"}),
    ("f[x__]", "f[1, 2, 3]", {"x": "Sequence[1, 2, 3]"}),
    ("f[x__, y_]", "f[1, 2, 3]", {"x": "Sequence[1, 2]", "y": "3"}),
    ("f[x__, y__]", "f[1, 2, 3]", {"x": "Sequence[1]", "y": "Sequence[2, 3]"}),
    ("f[x___]", "f[]", {"x": "Sequence[]"}),
    ("f[x__Integer]", "f[1, a]", None),
    ("{x_, y_: 0}", "{1}", {"x": "1", "y": "0"}),
    ("{x_, y_: 0}", "{1, 2}", {"x": "1", "y": "2"}),
    ("x_ /; x > 2", "3", {"x": "3"}),
    ("x_ /; x > 2", "1", None),
    ("x_?EvenQ", "4", {"x": "4"}),
    ("a | b", "b", {}),
    ("Except[_Integer]", "a", {}),
    ("Except[_Integer]", "1", None),
    ("{(1 | 2) ..}", "{1, 2, 1}", {}),
    ("{x_ ..}", "{1, 1}", {"x": "1"}),
    ("{x_ ..}", "{1, 2}", None),
    ("{___, 3, ___}", "{1, 3, 5}", {}),
    ("x_ + y_", "a + b + c", {"x": "a", "y": "b + c"}),
    ("x_ * y_", "a b", {"x": "a", "y": "b"}),
    ("a + x_", "b + a", {"x": "b"}),
    ("HoldPattern[1 + 1]", "Hold[1 + 1][[1]]", None),
    ("Verbatim[_]", "_", {}),
    ("f[x_][y_]", "f[1][2]", {"x": "1", "y": "2"}),
    ("p : {__}", "{1}", {"p": "{1}"}),
    # PatternSequence: a run matched element by element; named, it binds Sequence[…]
    ("{x___, PatternSequence[a, b], y___}", "{c, a, b, d}", {"x": "Sequence[c]",
                                                             "y": "Sequence[d]"}),
    ("{x : PatternSequence[_, _], y_}", "{1, 2, 3}", {"x": "Sequence[1, 2]", "y": "3"}),
    ("{x : PatternSequence[_, _], y_}", "{1, 2}", None),
    ("f[PatternSequence[]]", "f[]", {}),
    ("f[PatternSequence[]]", "f[a]", None),
    ("f[a | PatternSequence[b, c]]", "f[b, c]", {}),
    ("f[a | PatternSequence[b, c]]", "f[a]", {}),
    ("f[a | PatternSequence[b, c]]", "f[b]", None),
    ("{PatternSequence[a, _] ..}", "{a, 1, a, 2}", {}),
    ("{PatternSequence[a, _] ..}", "{a, 1, a}", None),
    ("{Repeated[PatternSequence[a, _], 2]}", "{a, 1, a, 2, a, 3}", None),
    ("{Repeated[PatternSequence[_, _], {2, Infinity}]}", "{1, 2}", None),
    ("{x : PatternSequence[p_, q_] ..}", "{a, b, a, b}", {"x": "Sequence[a, b, a, b]",
                                                          "p": "a", "q": "b"}),
    ("{x : PatternSequence[p_, q_] ..}", "{a, b, a, c}", None),
    ("PatternSequence[a]", "a", {}),
    # Longest / Shortest choose among the splits; Optional tries the argument first
    ("{x__, Longest[y__]}", "{a, b, c, d}", {"x": "Sequence[a]", "y": "Sequence[b, c, d]"}),
    ("{Longest[x__], y__}", "{a, b, c, d}", {"x": "Sequence[a, b, c]", "y": "Sequence[d]"}),
    ("{x__, Shortest[y__]}", "{a, b, c, d}", {"x": "Sequence[a, b, c]", "y": "Sequence[d]"}),
    ("{___, Longest[x__Integer], ___}", "{1, a, 2, 3, 4, b, 5}", {"x": "Sequence[2, 3, 4]"}),
    ("{Longest[x__, 1], Longest[y__, 2]}", "{a, b, c}", {"x": "Sequence[a]",
                                                         "y": "Sequence[b, c]"}),
    ("Longest[{x__, y__}]", "{a, b, c}", {"x": "Sequence[a, b]", "y": "Sequence[c]"}),
    ("{x_: 0, y__}", "{1, 2}", {"x": "1", "y": "Sequence[2]"}),
    ("{Shortest[x_: 0], y__}", "{1, 2}", {"x": "0", "y": "Sequence[1, 2]"}),
    ("{Longest[x : PatternSequence[_, _] ..], y___}", "{1, 2, 3, 4, 5}",
     {"x": "Sequence[1, 2, 3, 4]", "y": "Sequence[5]"}),
]


@pytest.mark.parametrize("pattern,expr,expected", MATCHES)
def test_match(ev, pattern, expr, expected):
    pat = parse(pattern)
    e = ev.run(parse(expr)) if expr.startswith("Hold") else _inert(ev, expr)
    b = match(ev, pat, e)
    if expected is None:
        assert b is None
    else:
        assert b is not None
        want = {Symbol(k): _inert(ev, v) for k, v in expected.items()}
        assert {k: v for k, v in b.items() if isinstance(k, Symbol)} == want


def _inert(ev, text):
    """Parse and evaluate (so that a + b is in canonical order), keeping Sequence."""
    e = parse(text)
    if type(e) is Expr and e.head is S.Sequence:
        return Expr.from_args(S.Sequence, [ev.run(a) for a in e.args])
    return ev.run(e)


def test_substitute_splices_sequences():
    b = {S.x: Expr(S.Sequence, Integer(1), Integer(2))}
    assert substitute(parse("f[x, g[x]]"), b) == parse("f[1, 2, g[1, 2]]")
    assert substitute(S.x, b) == Expr(S.Sequence, Integer(1), Integer(2))
    e = parse("f[y]")
    assert substitute(e, b) is e


def test_is_free_of_patterns():
    assert is_free_of_patterns(parse("f[a, {b}]"))
    assert not is_free_of_patterns(parse("f[a, {_}]"))
    assert not is_free_of_patterns(parse("f[x_ /; x > 0]"))


def test_compile_simple_only_for_plain_blanks():
    fast = compile_simple(parse("f[x_, y_Integer, 3]"))
    assert fast(parse("f[a, 2, 3]")) == {S.x: S.a, S.y: Integer(2)}
    assert fast(parse("f[a, b, 3]")) is None
    assert fast(parse("g[a, 2, 3]")) is None
    assert compile_simple(parse("f[x_, x_]")) is None
    assert compile_simple(parse("f[x__]")) is None


def test_specificity_order():
    keys = [specificity(parse(t)) for t in
            ("f[1]", "f[x_Integer]", "f[x_]", "f[x__]", "f[x___]")]
    assert keys == sorted(keys)


def test_rules_and_replace(ev):
    rules = rules_of(parse("{a -> 1, b :> 2}"))
    assert [(l, d) for l, _, d in rules] == [(S.a, False), (S.b, True)]
    assert rules_of(parse("f[a]")) is None
    assert replace_all(ev, parse("{a, {b, a}}"), rules) == parse("{1, {2, 1}}")
    assert replace(ev, parse("{a}"), rules) == parse("{a}")
    assert replace(ev, parse("{a}"), rules, (1, 1)) == parse("{1}")


def test_replace_all_takes_rule_expressions(ev):
    assert replace_all(ev, parse("{a, b}"), parse("a -> 1")) == parse("{1, b}")
    assert replace(ev, parse("{a}"), parse("{a -> 1}"), (1, 1)) == parse("{1}")
    with pytest.raises(ValueError):
        replace_all(ev, parse("a"), parse("f[a]"))


def _splits(ev, pattern, expr, names="xyz"):
    """Every match of ``pattern`` against ``expr``, in the order tried, as the lengths of
    the sequences bound to x, y, z."""
    out = []
    for b in match_iter(ev, parse(pattern), parse(expr)):
        out.append(tuple(len(b[Symbol(n)].args) for n in names if Symbol(n) in b))
    return out


@pytest.mark.parametrize("pattern,expected", [
    # unmarked: left to right, shortest first
    ("{x___, y___}", [(0, 3), (1, 2), (2, 1), (3, 0)]),
    ("{x___, Longest[y___]}", [(0, 3), (1, 2), (2, 1), (3, 0)]),
    ("{Longest[x___], y___}", [(3, 0), (2, 1), (1, 2), (0, 3)]),
    # the marked element's length decides first, the others break ties left to right
    ("{x___, Longest[y___], z___}", [(0, 3, 0), (0, 2, 1), (1, 2, 0), (0, 1, 2), (1, 1, 1),
                                     (2, 1, 0), (0, 0, 3), (1, 0, 2), (2, 0, 1), (3, 0, 0)]),
    # equal priorities in order of appearance; a higher priority first
    ("{Longest[x___], Longest[y___]}", [(3, 0), (2, 1), (1, 2), (0, 3)]),
    ("{Longest[x___, 1], Longest[y___, 2]}", [(0, 3), (1, 2), (2, 1), (3, 0)]),
    ("{Shortest[x___, 2], Longest[y___, 1], z___}",
     [(0, 3, 0), (0, 2, 1), (0, 1, 2), (0, 0, 3), (1, 2, 0), (1, 1, 1), (1, 0, 2),
      (2, 1, 0), (2, 0, 1), (3, 0, 0)]),
    # marks inside an unnamed PatternSequence take part in the same choice
    ("{PatternSequence[x___, Longest[y___]], z___}", [(0, 3, 0), (0, 2, 1), (1, 2, 0),
                                                      (0, 1, 2), (1, 1, 1), (2, 1, 0),
                                                      (0, 0, 3), (1, 0, 2), (2, 0, 1),
                                                      (3, 0, 0)]),
])
def test_longest_shortest_order(ev, pattern, expected):
    assert _splits(ev, pattern, "{a, b, c}") == expected


def test_repeated_sequence_chunks(ev):
    """A repeated PatternSequence cuts the run into chunks; Longest[..] of a repeated
    sequence tries the most repetitions first."""
    assert _splits(ev, "{x : PatternSequence[_, _] .., y___}", "{a, b, c, d}",
                   "xy") == [(2, 2), (4, 0)]
    assert _splits(ev, "{Longest[x : PatternSequence[_, _] ..], y___}", "{a, b, c, d}",
                   "xy") == [(4, 0), (2, 2)]
    assert _splits(ev, "{x : Repeated[y__], z___}", "{a, a, b}") == [
        (1, 1, 2), (2, 1, 1), (2, 2, 1), (3, 3, 0)]


def test_no_marks_keep_the_plain_path(ev):
    """Argument lists without Longest/Shortest are not sent to the ordered matcher."""
    from wlnet.core import pattern as P
    plain, marked = parse("{x___, y__}"), parse("{x___, Longest[y__]}")
    assert P.match(ev, plain, parse("{a, b}")) is not None
    assert P._seq_info_cache[id(plain._args)][1] is False
    assert P.match(ev, marked, parse("{a, b}")) is not None
    assert P._seq_info_cache[id(marked._args)][1] is True


def test_specificity_of_marked_and_sequence_patterns():
    assert specificity(parse("f[Longest[x__]]")) == specificity(parse("f[x__]"))
    assert specificity(parse("f[x_]")) < specificity(parse("f[PatternSequence[_, _]]"))


@pytest.mark.parametrize("text,head", [
    ("x_ -> 3", "Rule"), ("f[_, y__]", "f"), ("{__Integer}", "List"),
    ("_", None), ("x_f", None), ("f[x_] | g[x_]", None), ("a + x_.", None),
    ("HoldPattern[f[x_]]", None), ("f[x_][y_]", None), ("f[x_] /; x > 0", None),
])
def test_required_head(text, head):
    found = required_head(parse(text))
    assert (found.name if found is not None else None) == head


@pytest.mark.parametrize("text,expected", [
    ("Position[{a -> 1, {b -> 3}, c :> 3, 3}, x_ -> 3]", "{{2, 1}}"),
    ("Position[{1 + a, a, f[a]}, a + x_.]", "{{1, 2}, {1}, {2}, {3, 1}}"),
    ("Cases[{f[1], g[2], f[3, 4], 5}, f[__]]", "{f[1], f[3, 4]}"),
    ("Count[{f[1], f[f[2]]}, f[_], Infinity]", "3"),
])
def test_searches_by_pattern_with_a_required_head(text, expected):
    s = Session(echo=False)
    from wlnet.syntax.printer import input_form
    assert input_form(s.evaluate(text)) == expected


@pytest.mark.parametrize("program, expected", [
    # Default[f, i] is the i-th argument's default, Default[f] the others'
    ("Default[g, 2] = 5; g[x_., y_.] := {x, y}; {g[1], g[]}", "{{1, 5}, g[]}"),
    ("Default[g, 2] = 5; Default[g] = 7; g[x_., y_.] := {x, y}; {g[], g[1], g[1, 2]}",
     "{{7, 5}, {1, 5}, {1, 2}}"),
    ("Default[g] = 3; g[x_., y_.] := {x, y}; g[]", "{3, 3}"),
    # an explicit x_:d wins over Default
    ("Default[g, 1] = a; g[x_., y_: 9] := {x, y}; {g[], g[2]}", "{{a, 9}, {2, 9}}"),
    # the position counts through a condition on the optional argument
    ("Default[g, 2] = 4; g[x_, y_. /; y > 0] := {x, y}; g[1]", "{1, 4}"),
])
def test_positional_defaults(program, expected):
    s = Session()
    assert s.evaluate(program) == s.evaluate(expected)
