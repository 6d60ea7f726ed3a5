"""Property tests: whatever the text, the parser answers with an expression or its own
WLSyntaxError, never another exception (the REPL and scripts print syntax errors as
messages; any other exception would reach the user as a traceback)."""

from hypothesis import example, given, strategies as st

from wlnet.syntax.lexer import lex
from wlnet.syntax.parser import (
    WLSyntaxError, is_complete, parse, parse_script, parse_script_positions)

# pieces of WL text, so that generated text reaches deep into the grammar and the lexer
FRAGMENTS = [
    "a", "f", "x_", "_h", "x__.", "#", "##2", "#n", "%", "%%", "1", "2.5", ".5", "1.5`20",
    "2^^101", "1*^3", '"s"', '"\\n"', '"\\[Alpha]"', "\\[Alpha]", "\\[Rule]", "\\[Foo]",
    "NeuralNetworks`T", "`x", "(", ")", "[", "]", "[[", "]]", "{", "}", "<|", "|>", "<", ">",
    ",", ";", ";;", "=", ":=", "^=", "/:", "=.", "//", "&", "|->", "+=", "/.", "//.", "->",
    ":>", "/;", "~~", ":", "|", "..", "...", "||", "&&", "!", "!!", "==", "!=", "===", "=!=",
    "<=", ">=", "+", "-", "*", "/", ".", "^", "<>", "/@", "//@", "@@", "@@@", "@*", "/*",
    "~", "@", "++", "--", "'", "?", "::", "(*", "*)", " ", "\n", "\t", "\\", '"', "<<", ">>",
]

wl_like_text = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map("".join)
spaced_wl_like_text = st.lists(st.sampled_from(FRAGMENTS), max_size=25).map(" ".join)


def parses_or_raises_syntax_error(parser, text):
    try:
        parser(text)
    except WLSyntaxError as err:
        assert err.line >= 1 and err.column >= 1
        assert err.text.startswith("Syntax::")
        err.formatted()


@given(st.text(max_size=60))
@example("\\[")
@example('"\\:00')
@example("2^^")
@example("37^^1")
@example("1.5*^99999")
@example("a\n\\\nb")
def test_arbitrary_text(text):
    parses_or_raises_syntax_error(parse, text)
    parses_or_raises_syntax_error(parse_script, text)


@given(st.one_of(wl_like_text, spaced_wl_like_text))
@example("<<")
@example("x >>")
@example("<a >>")
@example("f[[1]")
@example("a; ;")
def test_wl_like_text(text):
    parses_or_raises_syntax_error(parse, text)
    parses_or_raises_syntax_error(parse_script, text)


@given(st.one_of(wl_like_text, spaced_wl_like_text))
def test_is_complete_agrees_with_parse_script(text):
    verdict = is_complete(text)
    assert verdict in (True, False, None)
    try:
        parse_script(text)
        assert verdict is True
    except WLSyntaxError as err:
        assert verdict is (False if err.incomplete else None)


# parse and parse_script lex without keeping token offsets (lex(offsets=False)) and lex again
# only to place an error: the tokens, the expressions and the errors must be those of a lex
# that keeps them


def _outcome(function, text):
    try:
        return function(text)
    except WLSyntaxError as err:
        return type(err), err.text, err.line, err.column


@given(st.one_of(wl_like_text, spaced_wl_like_text))
@example("f[a, <b, c>] >= 2 << x")
@example("a <\n1.5`")
def test_lexing_without_offsets_gives_the_same_tokens_and_errors(text):
    for script in (False, True):
        tracked = _outcome(lambda t: lex(t, script=script)[0], text)
        untracked = _outcome(lambda t: lex(t, script=script, offsets=False)[0], text)
        assert untracked == tracked


@given(st.one_of(wl_like_text, spaced_wl_like_text))
@example("a +\nb\nc ]")
def test_statement_positions_do_not_change_the_parse(text):
    plain = _outcome(parse_script, text)
    placed = _outcome(parse_script_positions, text)
    if isinstance(placed, list):
        placed = [expr for expr, _, _ in placed]
    assert plain == placed
