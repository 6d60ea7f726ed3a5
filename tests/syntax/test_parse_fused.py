"""``parse`` and ``parse_script`` run the fused driver (driver.Driver.run_text: the lexer's
raw tokens straight into the LALR driver), and fall back to lex + run (the lexer's token
list, then the driver) for errors and the rare cases the fused driver leaves to them.  Both
paths must build the same expressions; errors come from lex + run alone."""

import pytest

from tests.syntax.test_parse import (
    ANGLE_LISTS, CASES, SCRIPTS, SYNTAX_ERRORS, WOLFRAM_ONLY, _script_generator)
from wlnet.syntax import lexer, parser
from wlnet.syntax.driver import Fallback
from wlnet.syntax.parser import WLSyntaxError, parse, parse_script

TEXTS = [text for text, _ in CASES + WOLFRAM_ONLY + ANGLE_LISTS]


def _slow_parse(text):
    """parse by lex + run only (the fallback path)."""
    tokens, offsets = lexer.lex(text, offsets=False)
    if not tokens:
        return parser.NULL
    return parser._run(text, tokens, offsets, script=False)[0][0]


def _slow_parse_script(text):
    return [expr for expr, _ in parser._statements(text, positions=False)]


def _fused(text, script):
    """The fused driver's result, or None when it falls back."""
    try:
        return parser._run_fused(text, parser._after_shebang(text) if script else 0, script)
    except Fallback:
        return None


@pytest.mark.parametrize("text", TEXTS)
def test_fused_driver_builds_what_lex_and_run_build(text):
    fused = _fused(text, script=False)
    if fused is not None:
        assert len(fused) == 1
        assert repr(fused[0]) == repr(_slow_parse(text))
    assert repr(parse(text)) == repr(_slow_parse(text))


@pytest.mark.parametrize("script", [script for script, _ in SCRIPTS])
def test_fused_driver_splits_scripts_as_lex_and_run(script):
    fused = _fused(script, script=True)
    if fused is not None:
        assert repr(fused) == repr(_slow_parse_script(script))
    assert repr(parse_script(script)) == repr(_slow_parse_script(script))


@pytest.mark.parametrize("seed", [1, 2])
def test_fused_driver_on_generated_scripts(seed):
    text = _script_generator()(seed).script(20_000)
    for forget in (True, False):                  # atoms first met, then remembered
        if forget:
            lexer._forget_atoms()
        fused = _fused(text, script=True)
        assert fused is not None                  # the common case takes the fused path
        assert repr(fused) == repr(_slow_parse_script(text))


@pytest.mark.parametrize("text", [
    "a + b", "f[x_, y_:0] := x + y", "g[[1, ;; 3]]", "{1, 2.5, \"s\"} /. x_ -> x",
    "<a, b>", "a < <1>", "f[a][[2]]", "a == b && !c", "#^2 & /@ {1, 2}",
])
def test_common_texts_take_the_fused_path(text):
    assert _fused(text, script=False) is not None


@pytest.mark.parametrize("text", [
    "<< file.wl", "x >> out.txt", "<a -> b, c>= d",       # file names; a >= to split
    "x = <<1, 2>, <3, 4>>",                              # << inside an expression
    "a (* b (* nested *) c *) + d",                      # a nested comment: exact raw tokens
    "\\[Alpha]x + 1",                                    # a named letter in a symbol
])
def test_rare_texts_parse_the_same_by_either_path(text):
    assert repr(parse(text)) == repr(_slow_parse(text))
    assert repr(parse_script(text)) == repr(_slow_parse_script(text))


@pytest.mark.parametrize("text, incomplete", SYNTAX_ERRORS)
def test_errors_are_placed_as_lex_and_run_place_them(text, incomplete):
    with pytest.raises(WLSyntaxError) as fast:
        parse(text)
    with pytest.raises(WLSyntaxError) as slow:
        _slow_parse(text)
    assert (type(fast.value), fast.value.text) == (type(slow.value), slow.value.text)
    assert fast.value.incomplete is incomplete


def test_an_error_in_a_later_statement_of_a_script_is_placed():
    text = "a = 1\nf[x_] := x^2\ng[1, 2)\n"
    with pytest.raises(WLSyntaxError) as info:
        parse_script(text)
    assert (info.value.line, info.value.column) == (3, 7)
