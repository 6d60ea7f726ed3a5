"""String patterns compiled to regexes (and to the backtracking engine for conditions).

The two engines must agree: a hypothesis test builds random condition-free patterns, runs
them on the regex engine and again with every leaf wrapped in an always-true PatternTest
(which forces the backtracking engine), and compares full matches and match positions.
"""

import pytest
from hypothesis import assume, given, strategies as st

from wlnet.core.expr import TRUE, Expr, Integer, S, String, Symbol
from wlnet.core.string_patterns import (InvalidStringPattern, compile_string_pattern,
                                        substitute)


def E(head, *args):
    return Expr(Symbol(head), *args)


def s(text):
    return String(text)


BLANK, BLANKSEQ, BLANKNULL = E("Blank"), E("BlankSequence"), E("BlankNullSequence")


def named(name, p):
    return E("Pattern", Symbol(name), p)


def seq(*parts):
    return E("StringExpression", *parts)


class AlwaysTrue:
    """An evaluator whose every test and condition is True."""

    def apply(self, f, *args):
        return TRUE

    def evaluate(self, e):
        return TRUE


def spans(pattern, text, **kw):
    return [(m.start, m.end) for m in compile_string_pattern(pattern).finditer(text, **kw)]


# (pattern, text, expected matched substrings, non-overlapping)
FIND_CASES = [
    (s("ab"), "xabyab", ["ab", "ab"]),
    (S.DigitCharacter, "a1b23", ["1", "2", "3"]),
    (E("Repeated", S.DigitCharacter), "a1b23", ["1", "23"]),
    (E("Repeated", S.LetterCharacter), "ab1é2", ["ab", "é"]),
    (S.WhitespaceCharacter, "a b\tc", [" ", "\t"]),
    (E("Repeated", S.WordCharacter), "ab_c1", ["ab", "c1"]),
    (S.Whitespace, "a  b \n c", ["  ", " \n "]),
    (S.NumberString, "x 3.5 -2 .5 7.", ["3.5", "-2", ".5", "7."]),
    (S.PunctuationCharacter, "a,b.c!d+e$", [",", ".", "!"]),
    (BLANK, "ab", ["a", "b"]),
    (seq(s("a"), BLANKSEQ, s("a")), "abaca", ["abaca"]),
    (E("Shortest", seq(s("a"), BLANKSEQ, s("a"))), "abaca", ["aba"]),
    (seq(s("a"), E("Shortest", BLANKSEQ), s("a")), "abaca", ["aba"]),
    (E("Shortest", seq(s("a"), E("Longest", BLANKSEQ), s("a"))), "abaca", ["abaca"]),
    (E("Longest", seq(s("a"), BLANKSEQ, s("a"))), "abaca", ["abaca"]),
    (E("Alternatives", s("ab"), s("c")), "abcab", ["ab", "c", "ab"]),
    (E("List", s("a"), s("c")), "abcab", ["a", "c", "a"]),
    (E("Except", S.DigitCharacter), "a1b", ["a", "b"]),
    (E("Except", E("List", s("a"), s("b"))), "abc", ["c"]),
    (E("Repeated", s("ab")), "ababxab", ["abab", "ab"]),
    (E("Repeated", s("a"), E("List", Integer(2), Integer(2))), "aaaaa", ["aa", "aa"]),
    (E("Repeated", s("a"), Integer(2)), "aaaaa", ["aa", "aa", "a"]),
    (E("RepeatedNull", s("a")), "baab", ["aa"]),
    (seq(S.StartOfString, s("a")), "aa", ["a"]),
    (seq(s("a"), S.EndOfString), "aa", ["a"]),
    (seq(S.StartOfLine, s("b")), "b\nb", ["b", "b"]),
    (seq(s("b"), S.EndOfLine), "ab\nb", ["b", "b"]),
    (seq(S.WordBoundary, s("a")), "a ba a", ["a", "a"]),
    (E("RegularExpression", s("a+b")), "aab ab", ["aab", "ab"]),
    (seq(named("x", BLANK), named("x", BLANK)), "abccdd", ["cc", "dd"]),
    (seq(named("x", BLANKSEQ), s("-"), named("x", BLANKSEQ)), "ab-ab", ["ab-ab"]),
    (E("Except", s("a"), E("Repeated", S.LetterCharacter)), "abc", ["bc"]),
]


@pytest.mark.parametrize("pattern, text, expected", FIND_CASES,
                         ids=[f"{i}" for i in range(len(FIND_CASES))])
def test_finds_the_wolfram_matches(pattern, text, expected):
    assert [text[a:b] for a, b in spans(pattern, text)] == expected


def test_named_parts_are_bound():
    p = seq(named("x", E("Repeated", S.LetterCharacter)), named("y", E("Repeated",
                                                                        S.DigitCharacter)))
    m = compile_string_pattern(p).fullmatch("ab12")
    assert m.bindings == {"x": "ab", "y": "12"}


def test_regex_groups_are_kept_for_dollar_references():
    m = compile_string_pattern(E("RegularExpression", s("(a)(b)"))).fullmatch("ab")
    assert m.groups == ("ab", "a", "b")


def test_ignore_case():
    assert compile_string_pattern(s("ab"), ignore_case=True).fullmatch("aB") is not None
    assert compile_string_pattern(s("ab")).fullmatch("aB") is None


def test_overlapping_matches():
    assert spans(s("aa"), "aaaa", overlaps=True) == [(0, 2), (1, 3), (2, 4)]
    assert spans(s("aa"), "aaaa") == [(0, 2), (2, 4)]
    assert spans(E("Repeated", s("a")), "aa", overlaps="All") == [(0, 1), (0, 2), (1, 2)]


def test_compiled_patterns_are_cached():
    p = seq(s("a"), E("Repeated", S.DigitCharacter))
    assert compile_string_pattern(p) is compile_string_pattern(seq(s("a"), E("Repeated",
                                                                            S.DigitCharacter)))


@pytest.mark.parametrize("bad", [Symbol("x"), E("f", s("a")), seq(s("a"), E("Blank",
                                                                             S.Integer)),
                                 E("RegularExpression", s("("))])
def test_invalid_elements_are_reported(bad):
    with pytest.raises(InvalidStringPattern):
        compile_string_pattern(bad)


def test_condition_and_pattern_test_use_the_evaluator():
    class Ev:
        def evaluate(self, e):          # the condition x == "b", after substitution
            return TRUE if e.args[0] == s("b") else Symbol("False")

        def apply(self, f, arg):        # the test: a vowel
            return TRUE if arg.value in "aeiou" else Symbol("False")

    cond = E("Condition", seq(named("x", BLANK), s("c")), E("Equal", Symbol("x"), s("b")))
    found = compile_string_pattern(cond).finditer("acbcdc", Ev())
    assert [(m.start, m.end, m.bindings) for m in found] == [(2, 4, {"x": "b"})]
    vowels = E("PatternTest", BLANKSEQ, Symbol("VowelQ"))
    assert [(m.start, m.end) for m in
            compile_string_pattern(vowels).finditer("xaeyiz", Ev())] == [(1, 3), (4, 5)]


def test_substitute_replaces_named_symbols_only():
    e = E("f", Symbol("x"), E("g", Symbol("y")))
    assert substitute(e, {"x": s("1")}) == E("f", s("1"), E("g", Symbol("y")))


# ---------------------------------------------------------------------------- engines agree

LEAVES = st.sampled_from([s("a"), s("b"), s("ab"), BLANK, BLANKSEQ, BLANKNULL,
                          S.DigitCharacter, S.LetterCharacter, E("List", s("a"), s("1"))])


def _combine(children):
    return st.one_of(
        st.lists(children, min_size=2, max_size=3).map(lambda xs: seq(*xs)),
        st.lists(children, min_size=2, max_size=2).map(lambda xs: E("Alternatives", *xs)),
        children.map(lambda p: E("Repeated", p)),
        children.map(lambda p: E("RepeatedNull", p)),
        children.map(lambda p: E("Shortest", p)),
    )


UNNAMED = st.recursive(LEAVES, _combine, max_leaves=5)
# named parts only as direct parts of the top-level sequence: inside a repetition a
# repeated name means "the same text each time" in WL, which a regex group does not say
PATTERNS = st.one_of(
    UNNAMED,
    st.lists(st.one_of(UNNAMED, st.tuples(st.sampled_from(["x", "y"]), UNNAMED)
                       .map(lambda t: named(*t))), min_size=2, max_size=3)
    .map(lambda xs: seq(*xs)))


def _forced_backtracking(p):
    """p with every leaf wrapped in an always-true PatternTest."""
    if type(p) is Expr and p.head in (S.StringExpression, S.Alternatives, S.Repeated,
                                      S.RepeatedNull, S.Shortest):
        return Expr.from_args(p.head, (_forced_backtracking(a) for a in p.args))
    if type(p) is Expr and p.head is S.Pattern:
        return named(p.args[0].name, _forced_backtracking(p.args[1]))
    return E("PatternTest", p, Symbol("True"))


@given(PATTERNS, st.text(alphabet="ab1 ", max_size=6))
def test_regex_and_backtracking_engines_agree(pattern, text):
    fast = compile_string_pattern(pattern)
    slow = compile_string_pattern(_forced_backtracking(pattern))
    assume(fast.regex is not None)     # a name repeated with a new pattern needs backtracking
    assert slow.regex is None
    ev = AlwaysTrue()
    fm, sm = fast.fullmatch(text, ev), slow.fullmatch(text, ev)
    assert (fm is None) == (sm is None)
    if fm is not None:
        assert fm.bindings == sm.bindings
    assert [(m.start, m.end) for m in fast.finditer(text, ev)] == \
        [(m.start, m.end) for m in slow.finditer(text, ev)]


def test_a_back_reference_after_repeated_sequences_is_matched_by_backtracking():
    """The regex module misses (?P<y>(?:.+)*)(?:.+)*(?P=y) on "11a" (y = "" matches):
    such patterns go to the backtracking engine (hypothesis found it)."""
    from wlnet.syntax.parser import parse
    p = parse("y:(__)... ~~ (__)... ~~ y:(__)...")
    assert compile_string_pattern(p).regex is None
    assert compile_string_pattern(p).fullmatch("11a", AlwaysTrue()) is not None
