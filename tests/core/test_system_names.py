"""System names wlnet lacks say so (Plot::wlnetna), misspelt System names get
General::spell1, unknown options get the nearest valid one (wlnet.core.system_names)."""

from __future__ import annotations

from pathlib import Path

import pytest

from wlnet.core import system_names as SN
from wlnet.core.expr import Expr, S, Symbol
from wlnet.core.session import Session


def run(session, text):
    result = session.evaluate(text)
    return result, list(session.messages)


def test_a_missing_system_function_says_so_once_per_session_and_stays_unevaluated():
    s = Session(echo=False)
    result, messages = run(s, "FindTextualAnswer[\"LeNet\"]")
    assert messages == ["FindTextualAnswer::wlnetna: FindTextualAnswer is not available in "
                        "wlnet yet."]
    assert type(result) is Expr and result.head is Symbol("FindTextualAnswer")
    assert run(s, "FindTextualAnswer[\"ResNet-50\"]")[1] == []
    assert run(s, "DedekindEta[10]")[1] == ["DedekindEta::wlnetna: DedekindEta is not "
                                               "available in wlnet yet."]
    # a new session is told again
    assert run(Session(echo=False), "FindTextualAnswer[x]")[1] == [
        "FindTextualAnswer::wlnetna: FindTextualAnswer is not available in wlnet yet."]


@pytest.mark.parametrize("text", ["f[1]", "myModel[3, 4]", "NetModel", "Hold[NetModel[x]]",
                                  "10^(10^12)", "Quantity[5, \"Minutes\"]"])
def test_user_symbols_unused_heads_and_heads_wlnet_produces_stay_silent(text):
    messages = run(Session(echo=False), text)[1]
    assert not [m for m in messages if "wlnetna" in m]


def test_a_quiet_use_does_not_use_up_the_message():
    s = Session(echo=False)
    assert run(s, "Quiet[SpeechRecognize[{1, 2}]]")[1] == []
    assert run(s, "SpeechRecognize[{1, 2}]")[1] == [
        "SpeechRecognize::wlnetna: SpeechRecognize is not available in wlnet yet."]
    assert run(s, "Off[Dataset::wlnetna]; Dataset[{}]")[1] == []


def test_a_user_definition_of_a_system_name_is_used_silently():
    s = Session(echo=False)
    s.evaluate("DedekindEta[n_] := n + 1")
    assert run(s, "DedekindEta[3]") == (run(s, "4")[0], [])


def test_unavailable_message_is_for_missing_system_names_only():
    assert SN.unavailable_message("FindTextualAnswer") == \
        "FindTextualAnswer is not available in wlnet yet."
    assert SN.unavailable_message("NetGANOperator") is None     # wlnet defines it now
    assert SN.unavailable_message("LinearLayer") is None        # wlnet defines it
    assert SN.unavailable_message("myLayer") is None            # not a System name


def test_a_misspelt_system_name_gets_a_spelling_hint_once():
    s = Session(echo=False)
    assert run(s, "Lenght[{1, 2}]")[1] == [
        'General::spell1: Possible spelling error: new symbol name "Lenght" is similar to '
        'existing symbol "Length".']
    assert run(s, "Lenght[{3}]")[1] == []                       # no longer new
    messages = run(s, "Takee[{1}, 1]")[1]
    assert messages == ['General::spell1: Possible spelling error: new symbol name "Takee" '
                        'is similar to existing symbol "Take".']


@pytest.mark.parametrize("text", ["list = {1}", "net = 1", "test = 2; rest = 3", "x1 + x2",
                                  "Foo -> 1", "range = 5"])
def test_ordinary_user_names_get_no_spelling_hint(text):
    assert run(Session(echo=False), text)[1] == []


def test_spelling_matches_and_one_edit():
    assert SN.one_edit_apart("Lenght", "Length")                # swapped neighbours
    assert SN.one_edit_apart("Tabl", "Table") and SN.one_edit_apart("Tablex", "Table")
    assert not SN.one_edit_apart("Tbale", "Length")
    assert SN.spelling_matches("Tabel") == ["Table"]
    assert "Table" not in SN.spelling_matches("Table")


def test_unknown_options_suggest_the_nearest_valid_one():
    s = Session(echo=False)
    messages = run(s, "NetTrain[NetChain[{LinearLayer[1]}], {1 -> 2}, MaxTrainingRound -> 3]")[1]
    assert messages[-1].startswith("NetTrain::optx: Unknown option MaxTrainingRound")
    assert messages[-1].endswith("Did you mean MaxTrainingRounds?")
    messages = run(s, 'LinearLayer[3, "Biass" -> None]')[1]
    assert messages[-1].endswith('Did you mean "Biases"?')
    # nothing close: no suggestion
    messages = run(s, "NetTrain[NetChain[{LinearLayer[1]}], {1 -> 2}, Zzz -> 3]")[1]
    assert "Did you mean" not in messages[-1]


def test_the_data_file_lists_names_from_both_sources():
    names = SN.system_names()
    assert {"Plot", "Table", "LucasL"} <= names                  # Mathics3's builtins
    assert {"LongShortTermMemoryLayer", "NetModel", "Dataset"} <= names   # the reference
    assert all(n and " " not in n for n in names)
    text = Path(SN.__file__).with_name("system_names.txt").read_text()
    assert "Mathics3" in text.split("\n\n")[0]                      # the header says where


def test_messages_are_declared_on_general():
    s = Session(echo=False)
    assert run(s, "General::wlnetna")[0] == run(s, '"`1` is not available in wlnet yet."')[0]
