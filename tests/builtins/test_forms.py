"""Form wrappers (MatrixForm, TableForm, InputForm, FullForm, Short, OutputForm) and the
text conversions ToString, TextString, ToExpression, run through a Session."""

from __future__ import annotations

import importlib.util

import pytest

from wlnet.core.expr import Expr, Integer, Real, S, String
from wlnet.core.session import Session
from wlnet.syntax.printer import full_form, input_form, output_form

needs_parser = pytest.mark.skipif(importlib.util.find_spec("wlnet.syntax.parser") is None,
                                  reason="the parser is not written yet")


@pytest.fixture
def session():
    return Session(echo=False)


def run(session, source):
    """Evaluate text or an expression; return (result, messages)."""
    result = session.evaluate(source)
    return result, list(session.messages)


# ---------------------------------------------------------------------------- wrappers stay

@pytest.mark.parametrize("wrapper", ["MatrixForm", "TableForm", "InputForm", "FullForm",
                                     "OutputForm", "Short"])
def test_a_form_wrapper_stays_and_its_argument_evaluates(session, wrapper):
    e = Expr(S[wrapper], Expr(S.List, Expr(S.Plus, Integer(1), Integer(1)), S.x))
    result, messages = run(session, e)
    assert messages == []
    assert result == Expr(S[wrapper], Expr(S.List, Integer(2), S.x))


@needs_parser
@pytest.mark.parametrize("source, shown", [
    ("MatrixForm[{{1, 2}, {3, 4}}]", "1   2\n\n3   4"),
    ("MatrixForm[{1, 2 + 3}]", "1\n\n5"),
    ("TableForm[{{1, \"ab\"}, {100, \"c\"}}]", "1     ab\n\n100   c"),
    ("InputForm[{\"a\", 0.1 + 0.2, 1/3}]", '{"a", 0.30000000000000004, 1/3}'),
    ("FullForm[{a, 1/3, 1.5}]", "List[a, Rational[1, 3], 1.5`]"),
    ("OutputForm[{\"a\", 0.1 + 0.2}]", "{a, 0.3}"),
    ("HoldForm[1 + 1]", "1 + 1"),
    ("{1, 2} // MatrixForm // FullForm", "MatrixForm[List[1, 2]]"),
    # TableHeadings: row labels in a first column ruled off with |, column labels in a
    # first row ruled off with - (+ where the rules cross), as TableForm draws them
    ("TableForm[{{1, 2}, {3, 4}}, TableHeadings -> {{\"r1\", \"r2\"}, {\"c1\", \"c2\"}}]",
     "   | c1   c2\n---+--------\nr1 | 1    2\n   |\nr2 | 3    4"),
    ("TableForm[{{1, 2}, {3, 4}}, TableHeadings -> {None, {\"a\", \"b\"}}]",
     "a   b\n-----\n1   2\n\n3   4"),
    ("TableForm[{5, 6}, TableHeadings -> Automatic]", "  | 1\n--+--\n1 | 5\n  |\n2 | 6"),
    ("TableForm[{{1, 2}}, TableHeadings -> {{\"row\"}, None}]", "row | 1   2"),
    # Shallow: 4 levels and 10 elements a level, the rest as <<n>>
    ("Shallow[Range[20]]", "{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, <<10>>}"),
    ("Shallow[{{1, {2, {3}}}}, 2]", "{{1, <<2>>}}"),
    ("Shallow[Range[20], {1, 5}]", "{1, 2, 3, 4, 5, <<15>>}"),
    # an association's keys keep their quotes, as the association itself shows them
    ("Shallow[<|\"a\" -> {1, {2, {3, {4, {5}}}}}|>]", "<|\"a\" -> {1, {2, {3, <<2>>}}}|>"),
    # Defer prints its expression unevaluated
    ("Defer[1 + 1]", "1 + 1"),
    # Skeleton, the <<n>> of Short and Shallow, is a known inert head
    ("{a, Skeleton[5], b}", "{a, <<5>>, b}"),
    ("Short[<|Table[i -> i, {i, 200}]|>]",
     "<|1 -> 1, 2 -> 2, 3 -> 3, <<194>>, 198 -> 198, 199 -> 199, 200 -> 200|>"),
])
def test_wrappers_print_in_their_form(session, source, shown):
    result, messages = run(session, source)
    assert messages == []
    assert output_form(result) == shown


@needs_parser
def test_short_prints_an_elided_list(session):
    result, _ = run(session, "Short[Range[1000]]")
    assert result.head is S.Short
    text = output_form(result)
    assert text.startswith("{1, 2, ") and text.endswith(", 999, 1000}") and "<<" in text
    # WL's text form of the elided run: <<n>>, n the elements it stands for
    import re
    shown = re.findall(r"\d+|<<\d+>>", text)
    elided = int(next(s for s in shown if s.startswith("<<"))[2:-2])
    assert elided + len(shown) - 1 == 1000


# ---------------------------------------------------------------------------- ToString

@needs_parser
@pytest.mark.parametrize("source, text", [
    ("ToString[{1, 2}]", "{1, 2}"),
    ('ToString["abc"]', "abc"),
    ('ToString[{"a", "b"}]', "{a, b}"),
    ("ToString[x^2]", "x^2"),
    ("ToString[1/2]", "1/2"),
    ("ToString[0.1 + 0.2]", "0.3"),
    ("ToString[123456789.]", "1.23457*10^8"),
    ("ToString[a -> b]", "a -> b"),
    ('ToString["a", InputForm]', '"a"'),
    ("ToString[0.1 + 0.2, InputForm]", "0.30000000000000004"),
    ('ToString[{a, "b"}, FullForm]', 'List[a, "b"]'),
    ("ToString[1.5, FullForm]", "1.5`"),
    ("ToString[{1, 2}, OutputForm]", "{1, 2}"),
    ('ToString[x, InputForm, CharacterEncoding -> "ASCII"]', "x"),
    ('ToString["a", CharacterEncoding -> "ASCII"]', "a"),
    ("ToString[StandardForm[{1, 2}]]", "{1, 2}"),
    ("ToString[MatrixForm[{{1, 2}, {3, 4}}]]", "1   2\n\n3   4"),
    ("ToString[Hold[1 + 1], InputForm]", "Hold[1 + 1]"),
    ("ToString[18] <> \"+\" <> ToString[41]", "18+41"),
    ('TextString["abc"]', "abc"),
    ("TextString[{1, 2.5}]", "{1, 2.5}"),
    ("TextString[x -> 1/3]", "x -> 1/3"),
    # ListFormat at every depth of lists, BooleanStrings for True and False
    ('TextString[{1, {2, 3}}, ListFormat -> {"(", " ", ")"}]', "(1 (2 3))"),
    ('TextString[Range[3], ListFormat -> {"", ", ", ""}]', "1, 2, 3"),
    ('TextString[{True, False, x}, BooleanStrings -> {"1", "0"}]', "{1, 0, x}"),
    # AssociationFormat -> {open, sep, close, arrow}; Missing is MissingString ("")
    ('TextString[<|"a" -> 1, "b" -> {2, 3}|>, AssociationFormat -> {"[", "; ", "]", " = "}]',
     "[a = 1; b = {2, 3}]"),
    ("TextString[<|a -> 1|>]", "<|a -> 1|>"),
    ('TextString[{1, Missing["x"]}]', "{1, }"),
    ('TextString[{1, Missing[]}, MissingString -> "NA"]', "{1, NA}"),
    # objects without a text form are <<head>>; ElidedForms adds heads, All or None
    ("TextString[{1, Graphics[Circle[]]}]", "{1, <<Graphics>>}"),
    ("TextString[{1, Graphics[Circle[]]}, ElidedForms -> None]",
     "{1, Graphics[Circle[]]}"),
    ("TextString[{f[x], g[x]}, ElidedForms -> f]", "{<<f>>, g[x]}"),
    ('TextString[{f[x], 1, "s", {2}}, ElidedForms -> All]', "{<<f>>, 1, s, {2}}"),
    # dates as DateString writes them, in DateFormat / TimeFormat, moved to TimeZone
    ("TextString[DateObject[{2024, 1, 2}]]", "Tue 2 Jan 2024"),
    ('TextString[DateObject[{2024, 1, 2}], DateFormat -> {"Year", "-", "Month", "-", "Day"}]',
     "2024-01-02"),
    ("TextString[TimeObject[{10, 30, 0}]]", "10:30:00"),
    ('TextString[TimeObject[{10, 30, 0}], TimeFormat -> {"Hour12", " ", "AMPM"}]', "10 AM"),
    ("TextString[DateObject[{2024, 1, 2, 10, 0, 0}, TimeZone -> 0], TimeZone -> 2, "
     'DateFormat -> {"Hour", ":", "Minute"}]', "12:00"),
    # ToString is plain OutputForm text: association strings lose their quotes too
    ('ToString[<|"a" -> {1, "b"}|>]', "<|a -> {1, b}|>"),
    ('ToString[<|"a" -> 1|>, InputForm]', '<|"a" -> 1|>'),
])
def test_to_string(session, source, text):
    result, messages = run(session, source)
    assert messages == []
    assert result == String(text)


def test_to_string_without_the_parser(session):
    e = Expr(S.ToString, Expr(S.List, Integer(1), Real(2.5), String("a")), S.InputForm)
    result, messages = run(session, e)
    assert messages == [] and result == String('{1, 2.5, "a"}')


# ---------------------------------------------------------------------------- ToExpression

@needs_parser
@pytest.mark.parametrize("source, expected", [
    ('ToExpression["1 + 1"]', "2"),
    ('ToExpression["{1, 2}"]', "{1, 2}"),
    ('ToExpression["x = 5; x^2"]', "25"),
    ('ToExpression["1 + 1", InputForm, Hold]', "Hold[1 + 1]"),
    ('ToExpression["1 + 1", InputForm, HoldForm]', "HoldForm[1 + 1]"),
    ('ToExpression["a -> b", InputForm]', "a -> b"),
    ("ToExpression[3]", "3"),
    ('ToExpression[ToString[{1, 2.5, "s"}, InputForm]]', '{1, 2.5, "s"}'),
    ('ToExpression[ToString[1/3, InputForm]]', "1/3"),
    # Listable, as in WL: a list of strings (StringSplit's pieces) gives a list of values
    ('ToExpression[{"1", "2.5", "x^2"}]', "{1, 2.5, x^2}"),
    ('ToExpression[StringSplit["3 4 5"]]', "{3, 4, 5}"),
    ('ToExpression[{"1 + 1", "2"}, InputForm, Hold]', "{Hold[1 + 1], Hold[2]}"),
])
def test_to_expression(session, source, expected):
    result, messages = run(session, source)
    assert messages == []
    assert input_form(result) == expected


@needs_parser
@pytest.mark.parametrize("source", ['ToExpression["1 + )"]', 'ToExpression["f[1, "]',
                                    'ToExpression["{1, 2"]'])
def test_to_expression_of_bad_syntax_is_a_message_and_failed(session, source):
    result, messages = run(session, source)
    assert result == S["$Failed"]
    assert len(messages) == 1 and messages[0].startswith("ToExpression::sntx")


@needs_parser
def test_to_expression_rejects_an_unknown_form(session):
    result, messages = run(session, 'ToExpression["1", Foo]')
    assert result == S["$Failed"] and messages[0].startswith("ToExpression::esntx")


@needs_parser
def test_input_form_text_evaluates_back_to_the_same_value(session):
    value, _ = run(session, "{1/3, 2.5, -7, \"q\\\"s\", x^2 + 1, f[y_] :> y, <|\"k\" -> {1.*^20}|>}")
    text = input_form(value)
    again, messages = run(session, f"ToExpression[{input_form(String(text))}]")
    assert messages == [] and again == value
    assert full_form(again) == full_form(value)


@needs_parser
def test_print_shows_a_matrix_form_as_a_table(session):
    run(session, "Print[MatrixForm[{{1, 2}, {3, 4}}]]")
    assert session.output == ["1   2\n\n3   4"]


@needs_parser
def test_seed_numbers_print_at_six_digits(session):
    result, _ = run(session, "{-0.9020881234, 0.09917751234, -0.2980401}")
    assert output_form(result) == "{-0.902088, 0.0991775, -0.29804}"
    text, _ = run(session, "ToString[Short[Range[100]]]")
    assert text.value.startswith("{1, 2, ") and "<<" in text.value


@needs_parser
def test_messages_show_their_arguments_in_short_input_form(session):
    _, messages = run(session, 'Part[{"a", 1.5}, 5]')
    assert messages and '{"a", 1.5}' in messages[0]
    _, messages = run(session, "Part[Range[10000], 20000]")
    assert messages and "<<" in messages[0] and len(messages[0]) < 200


def test_text_string_option_messages():
    from tests.builtins._support import run
    assert run('TextString[{1}, Foo -> 1]').tags == ["TextString::optx"]
    assert run('TextString[{1}, ListFormat -> {"(", ")"}]').tags == ["TextString::fmtval"]
    assert run('TextString[{1}, AssociationFormat -> {"a"}]').tags == ["TextString::fmtval"]
    assert run("TextString[{1}, ElidedForms -> 3]").tags == ["TextString::elided"]
    assert run("TextString[{1}, MissingString -> 3]").tags == ["TextString::mstr"]


@pytest.mark.parametrize("text, expected", [
    ('SyntaxQ["f[x] + 1"]', "True"),
    ('SyntaxQ["a; b"]', "True"),
    ('SyntaxQ["f[x"]', "False"),
    ('SyntaxQ["1 +* 2"]', "False"),
    ("SyntaxQ[3]", "False"),
])
def test_syntax_q(text, expected):
    from tests.builtins._support import check
    check(text, expected)
