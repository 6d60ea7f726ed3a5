"""Interpreter[type][text] for the basic types (wlnet/builtins/interpreter.py)."""

from tests.builtins._support import check, run


def test_basic_types():
    check('Interpreter["Integer"][{"42", " -7 ", "1,000"}]', "{42, -7, 1000}")
    check('Interpreter["Number"][{"2.5", "3/4", "6/3"}] === {2.5, 3/4, 2}', "True")
    check('Interpreter["Boolean"][{"Yes", "false"}]', "{True, False}")
    check('Interpreter["Expression"]["1 + 2"]', "3")
    check('Interpreter["Integer"][4]', "4")


def test_what_cannot_be_read_is_a_failure():
    # a note parser: the octave digits, or 4 when they do not read as an integer
    check('Interpreter["Integer"]["x1"] /. _?FailureQ -> 4', "4")
    check('Interpreter["Integer"]["2.5"]["Type"]', '"Integer"')
    assert run('Interpreter["Colour"]["red"]').tags == ["Interpreter::type"]
