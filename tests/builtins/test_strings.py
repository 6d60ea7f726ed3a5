"""String builtins: a differential table against Mathics3 plus hand-written Wolfram answers.

Each case is ``(input, expected)``.  ``MATHICS`` means "whatever Mathics3 answers"; a string
is the Wolfram Language's answer written by hand, used where Mathics3 lacks the function
(StringCount, StringStartsQ/EndsQ, StringPadLeft/Right are not implemented there, see
wl-syntax.md §6) or where it differs from Wolfram (the reason is given next to the case).
Results are compared as expressions (FullForm equality).
"""

import pytest
from hypothesis import assume, given, strategies as st

import numpy as np

from tests.builtins._support import (
    MATHICS, Runner, check_example, check_row, declared_examples, parse, row_id, without_examples,
    without_usage)
from tests.oracle_mathics import mathics_available, mathics_evaluate
from wlnet.builtins import load_all
from wlnet.core import registry
from wlnet.core.registry import BUILTINS
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol

CASES = [
    # StringJoin and length
    ('"ab" <> "cd"', MATHICS),
    ('StringJoin["a", "b", "c"]', MATHICS),
    ('StringJoin[{"a", {"b", "c"}}, "d"]', MATHICS),
    ('StringJoin[]', MATHICS),
    # StringExpression joins adjacent literal strings
    ('"a" ~~ "b"', MATHICS),
    ('"a" ~~ "b" ~~ x_ ~~ "c"', MATHICS),
    ('Attributes[StringExpression]', MATHICS),
    ('StringCases["abcab", "a" ~~ "b"]', MATHICS),
    ('StringLength["hello"]', MATHICS),
    ('StringLength[""]', MATHICS),
    ('StringLength[{"a", "bc", {"def"}}]', MATHICS),
    # StringTake / StringDrop
    ('StringTake["abcdef", 2]', MATHICS),
    ('StringTake["abcdef", -2]', MATHICS),
    ('StringTake["abcdef", {3}]', MATHICS),
    ('StringTake["abcdef", {-2}]', MATHICS),
    ('StringTake["abcdef", {2, 4}]', MATHICS),
    ('StringTake["abcdef", {1, -1, 2}]', MATHICS),
    ('StringTake["abcdef", 0]', MATHICS),
    ('StringTake[{"abc", "defg"}, 2]', MATHICS),
    # Mathics3 lacks lists of specs and UpTo in StringTake (mseqs); Wolfram has both
    ('StringTake["abcdef", {{1, 2}, {4, 5}}]', '{"ab", "de"}'),
    ('StringTake["abcdef", UpTo[10]]', '"abcdef"'),
    ('StringTake["abcdef", UpTo[3]]', '"abc"'),
    ('StringDrop["abcdef", 2]', MATHICS),
    ('StringDrop["abcdef", -2]', MATHICS),
    ('StringDrop["abcdef", {3}]', MATHICS),
    ('StringDrop["abcdef", {2, 4}]', MATHICS),
    ('StringDrop["abcdef", 0]', MATHICS),
    # Mathics3 does not map StringDrop over a list of strings; Wolfram does
    ('StringDrop[{"abc", "defg"}, 1]', '{"bc", "efg"}'),
    # StringSplit
    ('StringSplit["a b  c "]', MATHICS),
    ('StringSplit["  a\\tb\\nc"]', MATHICS),
    ('StringSplit["a,b,c", ","]', MATHICS),
    # zero-width delimiters split too (a BPE pre-tokeniser's lookarounds), but not at the ends
    # nor right after a delimiter
    ('StringSplit["CamelCaseWord", RegularExpression["(?=[A-Z])"]]', '{"Camel", "Case", "Word"}'),
    ('StringSplit["mat. cat", RegularExpression["(\\\\s+|(?<=[^A-Za-z])(?=[A-Za-z])|(?<=[A-Za-z])(?=[^A-Za-z]))"]]',
     '{"mat", ".", "cat"}'),
    ('StringSplit["a b", RegularExpression["\\\\s*"]]', '{"a", "b"}'),
    ('StringSplit["abc", RegularExpression["x*"]]', '{"a", "b", "c"}'),
    ('StringSplit[",a,", ","]', MATHICS),
    # the empty delimiter splits between every character (as in WL)
    ('StringSplit["abc", ""]', MATHICS),
    ('StringSplit[{"ab", "cd"}, ""]', MATHICS),
    ('StringSplit["abcd", "", 2]', '{"a", "bcd"}'),
    ('StringSplit["a-b_c", {"-", "_"}]', MATHICS),
    ('StringSplit["a1b22c", DigitCharacter..]', MATHICS),
    ('StringSplit[{"a b", "c d"}]', MATHICS),
    ('StringSplit["aXbxc", "x", IgnoreCase -> True]', MATHICS),
    # Mathics3 drops empty pieces between adjacent delimiters; Wolfram keeps them
    ('StringSplit["a,,b", ","]', '{"a", "", "b"}'),
    ('StringSplit["a1b22c", DigitCharacter]', '{"a", "b", "", "c"}'),
    # Mathics3 lacks All, the piece count and delimiter rules in StringSplit
    ('StringSplit[",a,", ",", All]', '{"", "a", ""}'),
    ('StringSplit["a b c d", " ", 2]', '{"a", "b c d"}'),
    ('StringSplit["a-b", "-" -> "X"]', '{"a", "X", "b"}'),
    # StringReplace
    ('StringReplace["abcab", "ab" -> "X"]', MATHICS),
    ('StringReplace["abc", {"a" -> "b", "b" -> "a"}]', MATHICS),
    ('StringReplace["aaa", "a" -> "b", 2]', MATHICS),
    ('StringReplace[{"ab", "ba"}, "a" -> "c"]', MATHICS),
    ('StringReplace["aAbB", "a" -> "x", IgnoreCase -> True]', MATHICS),
    ('StringReplace["abc", RegularExpression["[ac]"] -> "."]', MATHICS),
    ('StringReplace["a  b   c", Whitespace -> " "]', MATHICS),
    ('StringReplace["abab", "ab" -> ""]', MATHICS),
    # Mathics3 rejects rules with named patterns (srep); Wolfram substitutes the parts
    ('StringReplace["a1b22", d:DigitCharacter.. :> "<" <> d <> ">"]', '"a<1>b<22>"'),
    ('StringReplace["hello world", WordBoundary ~~ x_ :> ToUpperCase[x]]', '"Hello World"'),
    # Wolfram returns a StringExpression for a non-string replacement; Mathics3 a StringJoin
    ('StringReplace["abc", "b" -> x]', '"a" ~~ x ~~ "c"'),
    # Mathics3 leaves "$1" alone; Wolfram puts in the regex group
    ('StringReplace["abc", RegularExpression["(b)"] -> "[$1]"]', '"a[b]c"'),
    ('StringReplace["ab" -> ""]["xaby"]', '"xy"'),  # operator form
    # StringCases
    ('StringCases["a1b22c333", DigitCharacter..]', MATHICS),
    ('StringCases["a1b22c333", DigitCharacter]', MATHICS),
    ('StringCases["abcabc", "b"]', MATHICS),
    ('StringCases["abcabc", {"a", "c"}]', MATHICS),
    ('StringCases["abcabc", "a" | "c"]', MATHICS),
    ('StringCases["a1b22c333", DigitCharacter.., 2]', MATHICS),
    ('StringCases["AbcABC", "b", IgnoreCase -> True]', MATHICS),
    ('StringCases["ab12cd", Except[DigitCharacter]..]', MATHICS),
    ('StringCases["x1 y22", LetterCharacter ~~ DigitCharacter..]', MATHICS),
    ('StringCases["aXXbXc", Shortest["a" ~~ __ ~~ "X"]]', '{"aXX"}'),  # Mathics3 ignores Shortest
    ('StringCases["aXbXc", "a" ~~ __ ~~ "X"]', MATHICS),
    ('StringCases["abba", x_ ~~ y_ ~~ y_ ~~ x_]', MATHICS),
    ('StringCases["hello", RegularExpression["l+"]]', MATHICS),
    ('StringCases[{"a1", "b22"}, DigitCharacter..]', MATHICS),
    ('StringCases["abc", _]', MATHICS),
    ('StringCases["line1\\nline2", StartOfLine ~~ LetterCharacter..]', MATHICS),
    ('StringCases["a b", WhitespaceCharacter]', MATHICS),
    ('StringCases["a_b1", WordCharacter..]', MATHICS),
    ('StringCases["abcd", Characters["bd"]]', MATHICS),
    # Mathics3 rejects rules with named parts in StringCases (invld)
    ('StringCases["a1b2", x_ ~~ d:DigitCharacter :> d <> x]', '{"1a", "2b"}'),
    ('StringCases["the cat sat", WordBoundary ~~ w:LetterCharacter.. ~~ "at" :> w]',
     '{"c", "s"}'),
    ('StringCases["abcabc", x_ ~~ "b" ~~ y_ :> {x, y}]', '{{"a", "c"}, {"a", "c"}}'),
    ('StringCases["a1b2", RegularExpression["([a-z])(\\\\d)"] -> "$2$1"]', '{"1a", "2b"}'),
    # "$n" in every string of the right-hand side, not only a string rhs
    ('StringCases["x=1, y=22", RegularExpression["(\\\\w)=(\\\\d+)"] :> {"$1", "$2"}]',
     '{{"x", "1"}, {"y", "22"}}'),
    # Mathics3 rejects Overlaps in StringCases and a list inside Repeated
    ('StringCases["aaaa", "aa", Overlaps -> True]', '{"aa", "aa", "aa"}'),
    ('StringCases["abcd", {"a", "b"}..]', '{"ab"}'),
    # Mathics3 lacks PunctuationCharacter
    ('StringCases["a.b,c!", PunctuationCharacter]', '{".", ",", "!"}'),
    # Mathics3 also returns the empty matches of NumberString
    ('StringCases["3.14 and -2 and 7", NumberString]', '{"3.14", "-2", "7"}'),
    # Mathics3 mis-evaluates a parenthesised alternative inside ~~ ({"abc", "d"})
    ('StringCases["abc abd", "ab" ~~ ("c" | "d")]', '{"abc", "abd"}'),
    # Conditions and pattern tests in string patterns (Mathics3: invld)
    ('StringCases["a1b22", x:DigitCharacter.. /; StringLength[x] > 1]', '{"22"}'),
    ('StringCases["abc123", __?DigitQ]', '{"123"}'),
    ('StringCases["a1b2", _?LetterQ]', '{"a", "b"}'),
    ('StringCases["abcd", x_ ~~ y_ /; x == "c"]', '{"cd"}'),
    ('StringMatchQ["aab", x_ ~~ y__ /; StringLength[y] == 2]', 'True'),
    ('StringMatchQ["aab", x_ ~~ y__ /; StringLength[y] == 1]', 'False'),
    ('StringReplace["a1b22", x:DigitCharacter.. /; StringLength[x] == 2 -> "#"]', '"a1b#"'),
    # StringCount: not in Mathics3
    ('StringCount["xyxx", "x"]', '3'),
    ('StringCount["a1b22", DigitCharacter..]', '2'),
    ('StringCount["a1b22", DigitCharacter]', '3'),
    ('StringCount["aaaa", "aa"]', '2'),
    ('StringCount["aaaa", "aa", Overlaps -> True]', '3'),
    ('StringCount[{"xx", "xyx"}, "x"]', '{2, 2}'),
    ('StringCount["", "x"]', '0'),
    ('StringCount["abcABC", "a", IgnoreCase -> True]', '2'),
    # predicates
    ('StringContainsQ["abc", "bc"]', MATHICS),
    ('StringContainsQ["abc", "x"]', MATHICS),
    ('StringContainsQ["abc", DigitCharacter]', MATHICS),
    ('StringContainsQ[{"a1", "b"}, DigitCharacter]', MATHICS),
    ('StringFreeQ["abc", "x"]', MATHICS),
    ('StringFreeQ["abc", "a"]', MATHICS),
    ('StringMatchQ["abc", "a" ~~ __]', MATHICS),
    ('StringMatchQ["abc", "a" ~~ _]', MATHICS),
    ('StringMatchQ["apple", "a*"]', MATHICS),
    ('StringMatchQ["apple", "b*"]', MATHICS),
    ('StringMatchQ["apple", "*pl*"]', MATHICS),
    ('StringMatchQ[{"ab", "b"}, "a" ~~ ___]', MATHICS),
    ('StringMatchQ["aBc", "abc", IgnoreCase -> True]', MATHICS),
    ('StringMatchQ["abc", "abc"]', MATHICS),
    ('StringMatchQ["123", DigitCharacter..]', MATHICS),
    ('StringMatchQ["12a", DigitCharacter..]', MATHICS),
    ('StringMatchQ["aa", x_ ~~ x_]', MATHICS),
    ('StringMatchQ["ab", x_ ~~ x_]', MATHICS),
    ('StringMatchQ["abab", x__ ~~ x__]', MATHICS),
    ('StringMatchQ["", ___]', MATHICS),
    ('StringMatchQ["ab", RegularExpression["a."]]', MATHICS),
    ('StringMatchQ["a", Except["b"]]', MATHICS),
    ('StringMatchQ["-12.5", NumberString]', MATHICS),
    ('StringMatchQ["abc", StartOfString ~~ "abc" ~~ EndOfString]', MATHICS),
    ('StringMatchQ["a"]["abc"]', MATHICS),
    ('StringStartsQ["abc", "ab"]', 'True'),          # StringStartsQ/EndsQ: not in Mathics3
    ('StringStartsQ["abc", "bc"]', 'False'),
    ('StringStartsQ["a1", LetterCharacter]', 'True'),
    ('StringEndsQ["abc", "bc"]', 'True'),
    ('StringEndsQ["abc", "ab"]', 'False'),
    ('StringEndsQ["ab12", DigitCharacter..]', 'True'),
    # StringPosition
    ('StringPosition["abcabc", "bc"]', MATHICS),
    ('StringPosition["aaa", "aa"]', MATHICS),
    ('StringPosition["aaa", "aa", Overlaps -> False]', MATHICS),
    ('StringPosition["a1b22", DigitCharacter..]', MATHICS),
    ('StringPosition["abcabc", "b", 1]', MATHICS),
    # StringRiffle
    ('StringRiffle[{"a", "b", "c"}]', MATHICS),
    ('StringRiffle[{"a", "b", "c"}, ", "]', MATHICS),
    ('StringRiffle[{"a", "b"}, {"(", ", ", ")"}]', MATHICS),
    ('StringRiffle[{1, 2, 3}]', MATHICS),
    # Mathics3 lacks the sublist and multiple-separator forms
    ('StringRiffle[{{"a", "b"}, {"c", "d"}}]', '"a b\\nc d"'),
    ('StringRiffle[{{"a", "b"}, {"c", "d"}}, ";", ","]', '"a,b;c,d"'),
    # StringPadLeft / StringPadRight: not in Mathics3
    ('StringPadLeft["ab", 4]', '"  ab"'),
    ('StringPadLeft["abc", 5, "0"]', '"00abc"'),
    ('StringPadLeft["abcde", 3]', '"cde"'),
    ('StringPadLeft[{"a", "abc"}]', '{"  a", "abc"}'),
    ('StringPadRight["ab", 4, "."]', '"ab.."'),
    ('StringPadRight["abcde", 3]', '"abc"'),
    ('StringPadRight[{"a", "abc"}]', '{"a  ", "abc"}'),
    # repeat, trim, case, characters
    ('StringRepeat["ab", 3]', MATHICS),
    ('StringRepeat["ab", 3, 5]', MATHICS),
    ('StringTrim["  ab c  "]', MATHICS),
    ('StringTrim["xxaxx", "x"..]', MATHICS),
    ('StringTrim[{" a ", "b "}]', '{"a", "b"}'),     # Mathics3 does not map over lists
    ('ToUpperCase["abc"]', MATHICS),
    ('ToUpperCase[{"ab", "cD"}]', MATHICS),
    ('ToLowerCase["AbC"]', MATHICS),
    ('Characters["abc"]', MATHICS),
    ('Characters[""]', MATHICS),
    ('Characters[{"ab", "c"}]', MATHICS),
    ('StringReverse["abc"]', MATHICS),
    ('StringReverse[{"ab", "cd"}]', MATHICS),
    ('ToCharacterCode["AB"]', MATHICS),
    ('ToCharacterCode[{"a", "bc"}]', MATHICS),
    ('ToCharacterCode["a\u00e9", "UTF8"]', "{97, 195, 169}"),      # two bytes for é
    ('FromCharacterCode[{72, 105}]', MATHICS),
    ('FromCharacterCode[65]', MATHICS),
    ('FromCharacterCode[{{97}, {98, 99}}]', MATHICS),
    ('LetterQ["abc"]', MATHICS),
    ('LetterQ["a1"]', MATHICS),
    ('LetterQ[""]', MATHICS),
    ('DigitQ["123"]', MATHICS),
    ('DigitQ["12a"]', MATHICS),
    ('UpperCaseQ["AB"]', MATHICS),
    ('UpperCaseQ["Ab"]', MATHICS),
    ('LowerCaseQ["ab"]', MATHICS),
    ('LowerCaseQ["aB"]', MATHICS),
    ('CharacterRange["a", "e"]', MATHICS),
]

# (input, the message that must be issued); the call stays unevaluated
ERRORS = [
    ('StringLength[5]', "StringLength::string"),
    ('StringJoin["a", 5]', "StringJoin::string"),
    ('StringTake["abc", 5]', "StringTake::take"),
    ('StringDrop["abc", 5]', "StringDrop::drop"),
    ('StringMatchQ[5, "a"]', "StringMatchQ::strse"),
    ('StringCases[5, "a"]', "StringCases::strse"),
    ('StringReplace[5, "a" -> "b"]', "StringReplace::strse"),
    ('StringMatchQ["abc", 1]', "StringExpression::invld"),
    ('StringCases["abc", 1]', "StringExpression::invld"),
    ('ToCharacterCode[5]', "ToCharacterCode::strse"),
    ('FromCharacterCode[-1]', "FromCharacterCode::intnm"),
]


@pytest.fixture(scope="module")
def runner():
    return Runner()


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_string_case(runner, row):
    check_row(row, runner=runner)


@pytest.mark.parametrize("text, tag", ERRORS, ids=[c[0] for c in ERRORS])
def test_bad_argument_gives_a_message_and_stays_unevaluated(runner, text, tag):
    value = runner.run(text)
    assert value == parse(text)
    assert any(m.startswith(tag) for m in runner.messages), runner.messages
    # every one has its text (StringExpression::invld had none)
    assert not any("Message text not found" in m for m in runner.messages), runner.messages


def test_mathics_agrees_on_the_bad_argument_messages():
    if not mathics_available():
        pytest.skip("mathics3 not installed")
    for text, tag in ERRORS:
        _, messages = mathics_evaluate(text)
        assert any(m.startswith(tag) for m in messages), (text, messages)


def test_seed_xy_strings_are_built_and_counted():
    """The seed page's second application: 9,840 strings of x, y and space."""
    r = Runner()
    r.run('alphabet = {"x", "y", " "};')
    r.run('inputs = Flatten@Table[StringJoin /@ Tuples[alphabet, n], {n, 1, 8}];')
    r.run('cmpXY[str_] := Switch[Sign[StringCount[str, "x"] - StringCount[str, "y"]], '
          '-1, Less, 0, Equal, 1, Greater];')
    assert r.run('Length[inputs]') == parse("9840")
    assert r.run('inputs[[{1, 4, 13}]]') == parse('{"x", "xx", "xxx"}')
    assert r.run('cmpXY /@ {"xxy", "y y", "x y"}') == parse("{Greater, Less, Equal}")
    assert r.run('Counts[cmpXY /@ inputs][Equal]') == r.run(
        'Count[inputs, s_ /; StringCount[s, "x"] == StringCount[s, "y"]]')


def test_string_join_applied_and_mapped():
    r = Runner()
    assert r.run('StringJoin @@ {"x", "y", "z"}') == parse('"xyz"')
    assert r.run('StringJoin /@ {{"x", "y"}, {"y", " "}}') == parse('{"xy", "y "}')
    assert r.run('StringJoin /@ Tuples[{"a", "b"}, 2]') == parse(
        '{"aa", "ab", "ba", "bb"}')


STRING_EXAMPLES = declared_examples("strings")


@pytest.mark.parametrize("name, given, expected", STRING_EXAMPLES,
                         ids=[f"{n}:{g}" for n, g, _ in STRING_EXAMPLES])
def test_documented_examples(name, given, expected):
    check_example(name, given, expected)


def test_every_string_builtin_has_usage_and_examples():
    assert without_usage("strings") == [] and without_examples("strings") == []


# ---------------------------------------------------------------------------- robustness

# The builtins are called directly, with a stub for the evaluator they are given: just
# enough of it for the string and random builtins (it holds Condition/RuleDelayed/Pattern
# unevaluated as their attributes would, and does SameQ/Equal/Less/Greater on atoms).

class StubEv:
    """Just enough of the evaluator for the string/random builtins."""

    _HELD = (S.Condition, S.RuleDelayed, S.Pattern, S.Hold, S.Function)

    def __init__(self):
        load_all()
        self.messages: list[str] = []
        self.rng = np.random.default_rng()

    def message(self, sym, tag, *slots):
        self.messages.append(f"{sym.name}::{tag}")

    def apply(self, f, *args):
        if type(f) is Expr and f.head is S.Function and len(f.args) == 1:
            body = _fill_slots(f.args[0], args)
            return self.evaluate(body)
        return self.evaluate(Expr(f, *args))

    def evaluate(self, e):
        if type(e) is not Expr:
            return e
        head = self.evaluate(e.head)
        if head in self._HELD:
            return e
        args = tuple(self.evaluate(a) for a in e.args)
        if type(head) is Expr and head.head is S.Function:
            return self.apply(head, *args)
        if head in _COMPARISONS and len(args) == 2 and all(hasattr(a, "value") for a in args):
            return TRUE if _COMPARISONS[head](args[0].value, args[1].value) else FALSE
        if type(head) is Expr:
            handler = registry.SUBVALUE_HANDLERS.get(getattr(head.head, "name", None))
            r = handler(self, head, *args) if handler else None
            return Expr.from_args(head, args) if r is None else r
        spec = registry.BUILTINS.get(getattr(head, "name", None))
        if spec is None or spec.func is None:
            return Expr.from_args(head, args)
        lists = [a for a in args if type(a) is Expr and a.head is S.List]
        if "Listable" in spec.attributes and lists:
            n = len(lists[0].args)
            return Expr.from_args(S.List, (
                self.evaluate(Expr.from_args(head, [a.args[i] if type(a) is Expr
                                                    and a.head is S.List else a
                                                    for a in args]))
                for i in range(n)))
        if "Flat" in spec.attributes:
            args = tuple(x for a in args for x in
                         (a.args if type(a) is Expr and a.head is head else (a,)))
        r = spec.func(self, *args)
        return Expr.from_args(head, args) if r is None else r


_COMPARISONS = {S.SameQ: lambda a, b: a == b, S.Equal: lambda a, b: a == b,
                S.Greater: lambda a, b: a > b, S.Less: lambda a, b: a < b}


def _fill_slots(body, args):
    if type(body) is Expr:
        if body.head is S.Slot and len(body.args) == 1:
            return args[body.args[0].value - 1]
        return Expr.from_args(_fill_slots(body.head, args),
                              (_fill_slots(a, args) for a in body.args))
    return body



def _atoms():
    return st.one_of(
        st.text(alphabet="ab1 .\n", max_size=5).map(String),
        st.integers(-5, 12).map(Integer),
        st.sampled_from([Real(0.5), Real(-2.0), S.x, S.All, S.Infinity, TRUE, Symbol("None"),
                         S.DigitCharacter, S.Whitespace, S.EndOfString, Expr(S.Blank),
                         Expr(S.BlankSequence), Expr(S.UpTo, Integer(2)),
                         Expr(S.RegularExpression, String("a+")),
                         Expr(S.NormalDistribution, Integer(0), Integer(1)),
                         Expr(S.UniformDistribution, Expr(S.List, Integer(1), Integer(2)))]))


ARGS = st.recursive(
    _atoms(),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3).map(lambda xs: Expr.from_args(S.List, xs)),
        st.tuples(st.sampled_from([S.Rule, S.RuleDelayed, S.Alternatives, S.StringExpression,
                                   S.Repeated, S.Pattern, S.Except, S.Condition,
                                   S.PatternTest, S.Shortest]),
                  st.lists(inner, min_size=1, max_size=2))
        .map(lambda t: Expr.from_args(t[0], t[1]))),
    max_leaves=6)

_MINE = sorted({n for n, _, _ in declared_examples("strings", "random")})


@given(st.sampled_from(_MINE), st.lists(ARGS, max_size=3))
def test_builtins_never_raise(name, args):
    """Any arguments give a result or an unevaluated call (None), never a Python error.
    (Argument counts outside ``argc`` never reach the function: the evaluator stops them.)"""
    lo, hi = BUILTINS[name].argc or (0, None)
    assume(lo <= len(args) and (hi is None or len(args) <= hi))
    result = BUILTINS[name].func(StubEv(), *args)
    assert result is None or hasattr(result, "head")
