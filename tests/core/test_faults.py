"""Fault and fuzz suite: inputs a hostile or unlucky user gives end in a result and
Wolfram-style messages, never a Python exception, a raw warning or ``::pyerr``.

Each case here was a real leak (issue 19).  The hypothesis part sends arbitrary strings
(surrogates, control characters, brackets, huge literals) through ``Session.evaluate``.
Quick by default; ``WLNET_NIGHTLY=1`` (tests/conftest.py) runs many more examples.
"""

from __future__ import annotations

import re
import threading
import warnings

import pytest
from hypothesis import given, strategies as st

from wlnet.core.expr import Atom, Expr, Integer, S, Symbol
from wlnet.core.session import Session

pytest.importorskip("wlnet.syntax.parser")

_MESSAGE = re.compile(r"^[\w$`]+::[\w$]+: ", re.S)
_PYERR = re.compile(r"^[\w$`]+::pyerr: ")          # (General::stop may name it: not one)
# an abort is forced past it (issue 19): only a guard against hangs, long enough for a loaded
# 2-core machine (refusals come in milliseconds)
_WATCHDOG_SECONDS = 10.0


def evaluate(session: Session, text: str):
    """``session.evaluate(text)`` with an abort asked for after a moment, any Python
    warning turned into a failure, and the answer checked."""
    timer = threading.Timer(_WATCHDOG_SECONDS,
                            lambda: setattr(session.evaluator, "abort_requested", True))
    timer.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value = session.evaluate(text)
    finally:
        timer.cancel()
    assert isinstance(value, (Atom, Expr)), f"{text!r} gave {value!r}"
    for m in session.messages:
        assert _MESSAGE.match(m), f"{text!r}: malformed message {m!r}"
        assert not _PYERR.match(m), f"{text!r}: {m}"
    return value


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


def tags(session) -> list[str]:
    return [m.split(":", 2)[0] + "::" + m.split("::", 1)[1].split(":", 1)[0]
            for m in session.messages]


# ---------------------------------------------------------------------------- the leaks found

def test_condition_with_no_arguments_in_a_definition(session):
    assert evaluate(session, "f[Condition[]] := 1") is S.Null
    assert evaluate(session, "g[Optional[]] := 1; g[PatternTest[]] := 2") is S.Null


PATTERN_HEADS = ["Blank", "BlankSequence", "BlankNullSequence", "Pattern", "Condition",
                 "PatternTest", "Optional", "Repeated", "RepeatedNull", "Alternatives",
                 "Except", "Longest", "Shortest", "HoldPattern", "Verbatim", "PatternSequence",
                 "OptionsPattern"]


@pytest.mark.parametrize("head", PATTERN_HEADS)
def test_pattern_heads_with_no_arguments_are_inert(head):
    s = Session(echo=False)
    evaluate(s, f"f[{head}[]] := 1; f[a, {head}[]] := 2")
    for text in ("f[x]", "f[]", "f[1, 2]", f"MatchQ[{{1}}, {{{head}[]}}]",
                 f"MatchQ[{{}}, {{{head}[]}}]", f"Cases[{{1, {{}}}}, {head}[]]",
                 f"{{1}} /. {head}[] -> 2", f'StringMatchQ["a", {head}[]]'):
        evaluate(s, text)


def test_level_of_a_very_deep_expression():
    evaluate(Session(echo=False), "Level[Nest[g, x, 30000], {-1}]")


def test_a_net_too_large_to_allocate_is_general_nomem(session):
    assert evaluate(session, 'NetInitialize@LinearLayer[10^12, "Input" -> 10^12]') == \
        Symbol("$Aborted")
    assert tags(session) == ["General::nomem"]


def test_overflow_inside_a_net_prints_no_numpy_warning(session):
    value = evaluate(session, 'lin = NetInitialize@LinearLayer[2, "Input" -> 2, '
                              '"Weights" -> {{1, 1}, {1, -1}}, "Biases" -> None]; '
                              'lin[{1.*^308, 1.*^308}]')
    assert value.head is S.List and session.messages == []


# ---------------------------------------------------------------------------- refused up front

@pytest.mark.parametrize("text, tag", [
    ("IntegerDigits[10^(10^7)]", "General::ovfl"),
    ("FromDigits[ConstantArray[9, 10^7]]", "General::ovfl"),
    ("Binomial[10^12, 10^6]", "General::ovfl"),
    ("GCD[3^(10^6), 2^(10^6)]", "General::ovfl"),
    ("LCM[3^(10^6), 2^(10^6)]", "General::ovfl"),
    ("IntegerDigits[3^(10^6), 7]", "General::ovfl"),
    ("Table[0, {10^5}, {10^5}]", "General::nomem"),
    ("Table[i + j, {i, 10^5}, {j, 10^5}]", "General::nomem"),
    ("Outer[Times, Range[10^5], Range[10^5]]", "General::nomem"),
])
def test_work_that_would_not_finish_is_refused_with_a_message(session, text, tag):
    evaluate(session, text + ";")
    assert tags(session) == [tag]


@pytest.mark.parametrize("text, expected", [
    ("Length@IntegerDigits[3^(10^5)]", "47713"),
    ("Total@IntegerDigits[2^(10^5) - 1, 2]", "100000"),
    ("Length@IntegerDigits[3^(10^4), 7]", "5646"),
    ("FromDigits[ConstantArray[1, 10^5], 2] == 2^(10^5) - 1", "True"),
    ('FromDigits["ff", 16] + FromDigits[{1, 2}, 1/2]', "515/2"),
    ("StringLength@ToString[3^(10^5)]", "47713"),
    ("StringLength@IntegerString[-3^(10^5)]", "47713"),
    ("Mod[Binomial[10^6, 10^4], 10]", None),
    ("Table[i j, {i, 3}, {j, i}]", "{{1}, {2, 4}, {3, 6, 9}}"),
    ("Outer[f, {a, b}, {x, {y}}]", "{{f[a, x], {f[a, y]}}, {f[b, x], {f[b, y]}}}"),
])
def test_large_but_reasonable_work_is_done(session, text, expected):
    from wlnet.syntax.printer import input_form
    value = evaluate(session, text)
    assert session.messages == []
    if expected is not None:
        assert input_form(value) == expected


def test_lone_surrogates_print_through_the_default_sinks(capfd):
    s = Session()
    s.evaluate('Print[FromCharacterCode[55296]]; Message[f::x, "\\:dc00"]')
    out, err = capfd.readouterr()
    assert out == "\\:d800\n" and "\\:dc00" in err


def test_an_unexpected_parser_exception_is_a_message(monkeypatch):
    import wlnet.syntax.parser as parser
    s = Session(echo=False)

    def broken(text):
        raise KeyError("x")
    monkeypatch.setattr(parser, "parse_script", broken)
    assert s.evaluate("1 + 1") == Symbol("$Failed")
    assert s.messages == ["General::pyerr: Internal error in the parser: KeyError: 'x'; "
                          "the call is left unevaluated."]


def test_ctrl_c_during_a_parse_is_aborted(monkeypatch):
    import wlnet.syntax.parser as parser
    s = Session(echo=False)

    def interrupted(text):
        raise KeyboardInterrupt
    monkeypatch.setattr(parser, "parse_script", interrupted)
    assert s.evaluate("1 + 1") == Symbol("$Aborted")
    monkeypatch.undo()
    assert s.evaluate("1 + 1") == Integer(2)


# ---------------------------------------------------------------------------- abortable

def test_a_long_digit_conversion_stops_at_an_abort():
    """FromDigits of two million digits runs for seconds in steps; an abort asked for
    meanwhile (what Ctrl-C does) ends it with $Aborted and the session goes on."""
    s = Session(echo=False)
    s.evaluate("digits = ConstantArray[9, 2 10^6];")
    timer = threading.Timer(0.3, lambda: setattr(s.evaluator, "abort_requested", True))
    timer.start()
    try:
        assert s.evaluate("FromDigits[digits]") == Symbol("$Aborted")
    finally:
        timer.cancel()
    assert s.evaluate("1 + 1") == Integer(2)


# ---------------------------------------------------------------------------- fuzz

# Pieces of the language, so that random inputs often parse and reach the evaluator.
_PIECES = ["x", "y", "f", "1", "0", "2.5", "-", "+", "*", "/", "^", "=", ":=", "->", ":>", "/.",
           "//.", "[", "]", "{", "}", "(", ")", "<|", "|>", ",", ";", "_", "__", "___", "#", "&",
           "@", "@@", "/@", "//", "\"s\"", "\"\\:d800\"", "..", "|", "?", "!", "'", "==", "&&",
           "Range", "Table", "Nest", "Map", "Apply", "ReplaceAll", "Condition", "Optional",
           "Pattern", "Blank", "Repeated", "IntegerDigits", "FromDigits", "ToString", "Print",
           "FromCharacterCode", "StringJoin", "Part", "Length", "Level", "Sequence", "Hold",
           "Function", "Slot", "55296", "10^5", "{i, 3}", " ", "\n", "\\", "*^", "`", "$"]

_SOURCES = st.one_of(
    st.lists(st.sampled_from(_PIECES), max_size=25).map("".join),
    st.text(alphabet=st.characters(blacklist_categories=()), max_size=40),   # surrogates too
)


def _lexer_fault(session) -> bool:
    """The lexer's own faults (``x____``, integer literals over 4300 digits) are fixed on
    the syntax branch; until they land they show as General::pyerr from the parser, which
    is a message (not an exception) and so is tolerated here."""
    return any(m.startswith("General::pyerr: Internal error in the parser")
               for m in session.messages)


@given(_SOURCES)
def test_any_input_ends_in_a_result_and_messages(source):
    s = _FUZZ_SESSION
    timer = threading.Timer(_WATCHDOG_SECONDS,
                            lambda: setattr(s.evaluator, "abort_requested", True))
    timer.start()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error")
            value = s.evaluate(source)
    finally:
        timer.cancel()
    assert isinstance(value, (Atom, Expr)), f"{source!r} gave {value!r}"
    for m in s.messages:
        assert _MESSAGE.match(m), f"{source!r}: malformed message {m!r}"
        assert not _PYERR.match(m) or _lexer_fault(s), f"{source!r}: {m}"
    from wlnet.core.text import escape_surrogates
    from wlnet.syntax.printer import input_form, output_form
    for text in (input_form(value), output_form(value)):     # printable, and encodable
        escape_surrogates(text).encode("utf-8")


@given(st.text(alphabet=st.characters(blacklist_categories=()), max_size=40))
def test_the_repl_survives_any_line(line):
    from wlnet.repl.loop import Repl, input_is_incomplete
    shown, messages = [], []
    repl = Repl(shown.append, messages.append)
    input_is_incomplete(line)
    repl.handle(line)                        # returns (None, or an exit code): never raises
    repl.session.quit_code = None
    repl.handle("1 + 1")
    assert shown[-1] == f"Out[{repl.line - 1}]= 2"


_FUZZ_SESSION = Session(echo=False)
