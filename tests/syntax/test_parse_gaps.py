"""Syntax that real scripts and notebooks use and the parser once rejected (issue 21 item 4,
issue 19's lexer bugs): `<->`, `x : p : default`, `expr; // f`, the named-character forms of
the operators, `x____`, long integer literals and huge `*^` exponents.

Where Mathics3 reads the text as the Wolfram Language does, its parse is the oracle too."""

import pytest

from tests.oracle_mathics import mathics_available, mathics_parse
from tests.syntax.test_parse import fullform
from wlnet.syntax.named_characters import OPERATORS
from wlnet.syntax.parser import WLSyntaxError, parse, parse_script

needs_mathics = pytest.mark.skipif(not mathics_available(), reason="mathics3 is not installed")

# text -> FullForm, where Mathics3 10 agrees with the Wolfram Language
AGREED = {
    "x : Automatic : Automatic": "Optional[Pattern[x, Automatic], Automatic]",
    "f[x : _Integer : 1]": "f[Optional[Pattern[x, Blank[Integer]], 1]]",
    "x; // f": "f[CompoundExpression[x, Null]]",
    "a; b; // f": "f[CompoundExpression[a, b, Null]]",
    "a; b; // f // g": "g[f[CompoundExpression[a, b, Null]]]",
    "a; b // f": "CompoundExpression[a, f[b]]",
    "x____": "Times[Pattern[x, BlankNullSequence[]], Blank[]]",
    "x_a_b": "Times[Pattern[x, Blank[a]], Blank[b]]",
    "_.": "Optional[Blank[]]",
    "f[x_., y__h]": "f[Optional[Pattern[x, Blank[]]], Pattern[y, BlankSequence[h]]]",
    r"a \[Xor] b": "Xor[a, b]",
    r"a \[Union] b": "Union[a, b]",
    r"a \[CircleTimes] b": "CircleTimes[a, b]",
    r"a \[UndirectedEdge] b": "UndirectedEdge[a, b]",
    r"a \[Congruent] b": "Congruent[a, b]",
}

# text -> FullForm, where Mathics3 departs from the Wolfram Language (it reads `<->` as
# UndirectedEdge and rejects most named forms); `<->` binds between `->` and `/;`, as in
# Wolfram's own CodeParser
WOLFRAM_ONLY = {
    "a <-> b": "TwoWayRule[a, b]",
    "a<->b": "TwoWayRule[a, b]",
    r"a \[TwoWayRule] b": "TwoWayRule[a, b]",
    "a <-> b -> c": "Rule[TwoWayRule[a, b], c]",
    "a -> b <-> c": "Rule[a, TwoWayRule[b, c]]",
    "a <-> b <-> c": "TwoWayRule[a, TwoWayRule[b, c]]",
    "a <-> b /; c": "TwoWayRule[a, Condition[b, c]]",
    r'\[LeftAssociation]"a" -> 1, "b" -> 2\[RightAssociation]':
        'Association[Rule["a", 1], Rule["b", 2]]',
    "\uf113\"a\" \uf522 1\uf114": 'Association[Rule["a", 1]]',
    r"\[LeftAssociation]\[RightAssociation]": "Association[]",
    r"\[Not] a && b": "And[Not[a], b]",
    r"\[Not]\[Not] a": "Not[Not[a]]",
    r"a \[RuleDelayed] b": "RuleDelayed[a, b]",
    r"a \[Equal] b \[NotEqual] c": "Inequality[a, Equal, b, Unequal, c]",
    r"a \[LessEqual] b \[GreaterEqual] c": "Inequality[a, LessEqual, b, GreaterEqual, c]",
    r"a \[LessSlantEqual] b": "LessEqual[a, b]",
    r"a \[Minus] b": "Plus[a, Times[-1, b]]",
    r"a \[Equivalent] b": "Equivalent[a, b]",
    r"f[a \[InvisibleComma] b]": "f[a, b]",
    r"a \[InvisibleTimes] b": "Times[a, b]",
    # the postfix operators at the precedence of f' (a notebook's {names, counts}\[Transpose])
    r"{a, b}\[Transpose]": "Transpose[List[a, b]]",
    r"m\[Transpose] . v": "Dot[Transpose[m], v]",
    r"2 m\[Transpose]": "Times[2, Transpose[m]]",
    r"f[x]\[Conjugate]": "Conjugate[f[x]]",
    r"m\[ConjugateTranspose]": "ConjugateTranspose[m]",
    r"m\[HermitianConjugate]": "ConjugateTranspose[m]",
    r"f\[Transpose][[1]]": "Part[Transpose[f], 1]",
    r"-m\[Transpose]": "Times[-1, Transpose[m]]",
}


@pytest.mark.parametrize("text", list(AGREED) + list(WOLFRAM_ONLY))
def test_parses_as_the_wolfram_language(text):
    expected = AGREED.get(text) or WOLFRAM_ONLY[text]
    assert fullform(parse(text)) == expected


@needs_mathics
@pytest.mark.parametrize("text", list(AGREED))
def test_agrees_with_mathics(text):
    assert fullform(parse(text)) == fullform(mathics_parse(text))


@pytest.mark.parametrize("name", sorted(OPERATORS))
def test_every_named_operator_is_a_token_in_both_spellings(name):
    """Each named operator reads as an operator between two operands (or before one, for
    the prefix and bracket ones), spelled \\[Name] or as its character, the same both ways."""
    char, kind, _ = OPERATORS[name]
    if kind == "LASSOC":
        texts = (rf"\[{name}]a -> 1|>", f"{char}a -> 1|>")
    elif kind == "RASSOC":
        texts = (rf"<|a -> 1\[{name}]", f"<|a -> 1{char}")
    elif kind == "BANG":
        texts = (rf"\[{name}] a", f"{char} a")
    elif kind == "COMMA":
        texts = (rf"f[a \[{name}] b]", f"f[a {char} b]")
    elif kind == "POSTFIXOP":
        texts = (rf"a\[{name}] + b", f"a{char} + b")
    else:
        texts = (rf"a \[{name}] b", f"a {char} b")
    named, raw = (parse(t) for t in texts)
    assert named == raw
    assert fullform(named) not in ("a", "b")


def test_named_forms_in_a_script():
    script = 'assoc = \\[LeftAssociation]"k" \\[Rule] 1\\[RightAssociation]\nassoc["k"] // f\n'
    assert [fullform(e) for e in parse_script(script)] == [
        'Set[assoc, Association[Rule["k", 1]]]', 'f[assoc["k"]]']


def test_a_pattern_name_takes_at_most_three_underscores():
    assert fullform(parse("x______")) == (
        "Times[Pattern[x, BlankNullSequence[]], BlankNullSequence[]]")
    assert fullform(parse("x__h_")) == "Times[Pattern[x, BlankSequence[h]], Blank[]]"


def test_integer_literals_beyond_pythons_string_limit():
    digits = "1234567890" * 1000 + "7"                      # 10001 digits
    n = parse(digits).value
    assert n % 10**12 == int(digits[-12:])
    assert n // 10**6001 == int(digits[:4000])
    assert parse(f"{digits}*^2").value == n * 100
    assert parse("16^^" + "f" * 5000).value == 16**5000 - 1
    assert parse("36^^" + "z" * 5000).value == 36**5000 - 1


@pytest.mark.parametrize("text", ["1*^999999999", "1*^-999999999", "2^^1*^999999999"])
def test_a_huge_exact_exponent_is_refused_quickly(text):
    with pytest.raises(WLSyntaxError) as err:
        parse(text)
    assert err.value.tag == "sntxn"


def test_reals_with_a_huge_exponent_stay_out_of_range_errors():
    with pytest.raises(WLSyntaxError):
        parse("1.5*^999999999")


@pytest.mark.parametrize("text,printed", [
    ("x : Automatic : Automatic", "x:Automatic:Automatic"),
    ("f[x : {___} : {}]", "f[x:{___}:{}]"),
    ("Hold[a <-> b -> c]", "Hold[a <-> b -> c]"),
    ("Hold[a <-> (b -> c)]", "Hold[a <-> (b -> c)]"),
    ("Hold[(a <-> b) <-> c]", "Hold[(a <-> b) <-> c]"),
])
def test_new_forms_print_back_as_they_parse(text, printed):
    from wlnet.syntax.printer import input_form
    assert input_form(parse(text)) == printed
    assert parse(printed) == parse(text)


@pytest.mark.parametrize("text, expected", [
    # a backslash at the end of a line continues it (a package's NetChain[{…,\ newline …}])
    ("NetChain[{\n   f[#]&,\\\n   S[]}]", "NetChain[List[Function[f[Slot[1]]], S[]]]"),
    ("x = 1 \\\n + 2", "Set[x, Plus[1, 2]]"),
    ("x = 1 \\\r\n + 2", "Set[x, Plus[1, 2]]"),
    ('"ab\\\ncd"', '"abcd"'),
])
def test_line_continuation(text, expected):
    assert [fullform(e) for e in parse_script(text)] == [expected]


def test_signs_that_text_cleaning_strips_are_named_characters():
    # a Pokemon-name GAN cleans its names with StringReplace["\[Mars]"|"\[Venus]" -> "",
    # "\[Hyphen]" -> " "]: each is the one character it names
    assert fullform(parse(r'"\[Mars]\[Venus]\[Hyphen]\[Trademark]"')) == '"\u2642\u2640\u2010\u2122"'
