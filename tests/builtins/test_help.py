"""?Name and ??Name (Information, wlnet.builtins.help): usage, definitions, attributes,
options with defaults; examples in the long form; a suggestion for an unknown name."""

from __future__ import annotations

from wlnet.builtins.help import information_text
from wlnet.core.registry import BUILTINS
from wlnet.core.expr import Symbol
from wlnet.core.session import Session


def shown(*inputs):
    """The printed output and the messages of the last of the inputs."""
    s = Session(echo=False)
    for text in inputs:
        s.evaluate(text)
    return "\n".join(s.output), s.messages


def test_short_help_has_usage_attributes_and_no_examples():
    out, messages = shown("?Range")
    assert messages == []
    assert out.startswith(BUILTINS["Range"].usage)
    assert "Attributes[Range] = {Listable, Protected}" in out
    assert "Examples" not in out


def test_long_help_adds_the_declared_examples():
    out, _ = shown("??Range")
    assert "Examples:" in out
    for given, expected in BUILTINS["Range"].examples:
        assert f"In:  {given}\n  Out: {expected}" in out
    assert shown("Information[Range, LongForm -> True]")[0] == out


def test_options_are_listed_with_their_defaults():
    out, _ = shown("?NetTrain")
    assert "Options:\n" in out
    assert "  MaxTrainingRounds -> Automatic" in out
    assert '  TargetDevice -> "CPU"' in out


def test_a_users_symbol_shows_its_usage_definitions_and_options():
    out, _ = shown('f::usage = "f[x] squares."; f[x_] := x^2; Options[f] = {Scale -> 2}; '
                   "SetAttributes[f, Listable]", "?f")
    assert out.startswith("f[x] squares.")
    assert "f[x_] := x^2" in out
    assert "Attributes[f] = {Listable}" in out
    assert "  Scale -> 2" in out


def test_an_unknown_name_suggests_the_nearest_known_one():
    _, messages = shown("?Lenght")
    assert messages == ["Information::notfound: Symbol Lenght not found. Did you mean Length?"]
    _, messages = shown("?qqqqqqqqqq")
    assert messages == ["Information::notfound: Symbol qqqqqqqqqq not found."]


def test_information_text_is_none_for_an_unknown_symbol():
    s = Session(echo=False)
    assert information_text(s.evaluator, Symbol("nothingKnownHere")) is None
    assert information_text(s.evaluator, Symbol("Plus")).startswith(BUILTINS["Plus"].usage)


def test_help_on_a_system_function_wlnet_lacks_says_so():
    _, messages = shown("?FindTextualAnswer")
    assert messages == ["FindTextualAnswer::wlnetna: FindTextualAnswer is not available in wlnet yet."]


def test_help_lists_format_values_as_typed():
    out, _ = shown("Format[hq[x_]] := {x}; hq[1] = 2; tq /: Format[g[tq]] := 0", "??hq")
    assert "hq[1] = 2\nFormat[hq[x_]] := {x}" in out
    assert shown("tq /: Format[g[tq]] := 0", "?tq")[0] == "tq /: Format[g[tq]] := 0"
