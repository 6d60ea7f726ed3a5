"""Enclose and the confirmation functions, Failure's properties (wlnet/builtins/confirm.py)."""

from __future__ import annotations

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("confirm"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_a_failed_confirmation_is_a_failure_with_its_message():
    check('r = Enclose[ConfirmBy[5, EvenQ]]; {Head[r], r["Tag"], r["Message"], '
          'r["ConfirmationType"]}',
          '{Failure, "ConfirmationFailed", "Failed to confirm that 5 satisfies EvenQ.", '
          '"ConfirmBy"}')
    check('Enclose[ConfirmMatch[{1, x}, {__Integer}]]["Message"]',
          '"Failed to confirm that {1, x} matches {__Integer}."')
    check('Enclose[ConfirmAssert[1 > 2]]["Message"]', '"Assertion 1 > 2 failed."')


def test_a_failure_confirmed_is_the_failure_itself():
    check('Enclose[Confirm[Failure["mine", <|"MessageTemplate" -> "bad `x`", '
          '"MessageParameters" -> <|"x" -> 3|>|>]]]["Message"]', '"bad 3"')


def test_tags_select_the_enclose():
    check('Enclose[Enclose[Confirm[$Failed, "i", "t"], "inner" &], "outer" &, "t"]', '"outer"')


def test_enclose_inside_a_function_and_failureq():
    check("f[x_] := Enclose[Module[{y = ConfirmBy[x, Positive]}, Sqrt[y]]]; "
          "{f[4], FailureQ[f[-1]], FailureQ[$Aborted]}", "{2, True, True}")


def test_confirm_quiet_fails_on_a_message_and_shows_it():
    r = run('Enclose[ConfirmQuiet[1/0]]["ConfirmationType"]')
    assert r.tags == ["Power::infy"] and r.value.value == "ConfirmQuiet"


def test_a_confirmation_outside_enclose_is_an_uncaught_throw():
    assert run("Confirm[$Failed]").tags == ["Throw::nocatch"]
