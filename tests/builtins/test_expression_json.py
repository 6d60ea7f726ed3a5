"""The "ExpressionJSON" format (wlnet/builtins/expression_json.py) through Export, Import,
ExportString and ImportString: the encoding of WL's ExpressionJSON format page, and lossless
round trips."""

import pytest

from wlnet.core.expr import TRUE, S, String
from wlnet.core.session import Session


@pytest.fixture
def session():
    return Session(echo=False)


def test_elements_are_written_as_the_format_page_lists_them(session):
    got = session.evaluate('ExportString[f["s", x, 1, 2.5, True, Null, 10^20, 1/2, '
                           'a -> b], "ExpressionJSON", "Compact" -> True]')
    assert got == String('["f","\'s\'","x",1,2.5,true,null,"100000000000000000000",'
                         '["Rational",1,2],["Rule","a","b"]]')
    assert session.messages == []


def test_it_is_tab_indented_one_element_a_line_unless_compact(session):
    assert session.evaluate('ExportString[{1, "a"}, "ExpressionJSON"]') == \
        String('[\n\t"List",\n\t1,\n\t"\'a\'"\n]')


def test_null_symbols_are_written_as_null(session):
    assert session.evaluate('ExportString[{None, x}, "ExpressionJSON", "Compact" -> True, '
                            '"NullSymbols" -> {None}]') == String('["List",null,"x"]')


@pytest.mark.parametrize("expr", [
    '{1, "a", f[x, 2.5], <|"k" -> {1, 2}|>, 1/3, 2 + I, -10^30, N[Pi, 20], True, Null}',
    'Hold[1 + 1]', '"it\'s \\"quoted\\""', '{}',
])
def test_a_file_reads_back_as_what_was_written(session, tmp_path, expr):
    path = str(tmp_path / "e.json")
    session.evaluate(f'Export["{path}", {expr}, "ExpressionJSON"]')
    assert session.evaluate(f'Import["{path}", "ExpressionJSON"] === {expr}') is TRUE
    assert session.messages == []


def test_an_imported_expression_evaluates(session):
    assert session.evaluate('ImportString["[\\"Plus\\", 1, 2]", "ExpressionJSON"]') == \
        session.evaluate("3")


@pytest.mark.parametrize("text", ['[1, 2', '[\\"f\\", \\"1x\\"]', '[]'])
def test_a_text_that_is_no_expression_json_fails_with_a_message(session, text):
    assert session.evaluate(f'ImportString["{text}", "ExpressionJSON"]') == S["$Failed"]
    assert [m.split(":")[2] for m in session.messages] == ["fmterr"]
