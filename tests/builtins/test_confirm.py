"""Enclose and the confirmation functions (wlnet/builtins/confirm.py), and Failure's
properties."""

from __future__ import annotations

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples

CASES = [
    ("Enclose[Confirm[5] + 1]", "6"),
    ('Enclose[Confirm[Missing[]]; 1, "failed" &]', '"failed"'),
    ('Enclose[Confirm[$Failed]; 3, #["Expression"] &]', "$Failed"),
    ('Enclose[Confirm[Failure["x", <||>]], #["Tag"] &]', '"ConfirmationFailed"'),
    ('Enclose[Confirm[$Failed], #["Message"] &]', '"Could not confirm $Failed."'),
    ('Enclose[Confirm[$Failed, "why"], #["Information"] &]', '"why"'),
    ('Enclose[ConfirmBy[3, EvenQ], #["ConfirmationType"] &]', '"ConfirmBy"'),
    ("Enclose[ConfirmBy[4, EvenQ]]", "4"),
    ("Enclose[ConfirmMatch[{1, 2}, {__Integer}]]", "{1, 2}"),
    ('Enclose[ConfirmMatch[{1, x}, {__Integer}], #["Expression"] &]', "{1, x}"),
    ('Enclose[ConfirmAssert[1 > 2]; "ok", "assert" &]', '"assert"'),
    ('Enclose[ConfirmAssert[1 < 2]; "ok"]', '"ok"'),
    # info is evaluated only on a failure
    ("i = 0; Enclose[Confirm[5, i = 1]]; i", "0"),
    ("i = 0; Enclose[Confirm[$Failed, i = 1]]; i", "1"),
    # a tag takes the confirmation to the Enclose of that tag
    ('f[x_] := Confirm[x, Null, "t"]; Enclose[f[$Failed], "tagged" &, "t"]', '"tagged"'),
    ('Catch[Enclose[Confirm[$Failed, Null, "t"], "wrong" &, "u"], _, "passed" &]',
     '"passed"'),
    # a failure from another confirmation goes on as it is
    ('Enclose[Confirm[Enclose[Confirm[$Failed]]], #["Expression"] &]', "$Failed"),
    ("Catch[Enclose[Throw[7]]]", "7"),
    # a string f asks the failure for that property
    ('Enclose[Confirm[$Failed, "why"], "Information"]', '"why"'),
    # the innermost Enclose takes what is written in it; a tag may be a pattern
    ('Enclose[Enclose[Confirm[$Failed], "inner" &], "outer" &]', '"inner"'),
    ('g[x_] := Confirm[x, Null, "t"]; Enclose[g[$Failed], "tagged" &, _String]', '"tagged"'),
    ('Enclose[ConfirmBy[3, EvenQ, "i"], "Information"]', '"i"'),
    ('Enclose[Map[Confirm[#] &, {1, Missing[]}], "m" &]', '"m"'),
    ('h[x_] := Enclose[ConfirmBy[x, StringQ] <> "!"]; h["a"]', '"a!"'),
    ('Failure["X", <|"MessageTemplate" -> "bad `1`", "MessageParameters" -> {7}|>]["Message"]',
     '"bad 7"'),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_confirm_and_enclose(text, expected):
    check(text, expected)


def test_an_unenclosed_confirmation_is_an_uncaught_throw():
    r = Runner()
    r.run("Confirm[$Failed]")
    assert r.tags == ["Throw::nocatch"]


def test_an_untagged_confirmation_is_lexical():
    """A Confirm without a tag in a function defined elsewhere is not the business of the
    Enclose that calls the function: it reaches the top level as an uncaught Throw."""
    r = Runner()
    r.run('f[x_] := Confirm[x]; Enclose[f[$Failed], "caught" &]')
    assert r.tags == ["Throw::nocatch"] and r.value.head.name == "Hold"
    assert r.run('f[x_] := Confirm[x]; Enclose[f[5], "caught" &]').value == 5


@pytest.mark.parametrize("name,text,expected", declared_examples("confirm"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_confirm_quiet_fails_on_a_message_it_watches():
    from tests.builtins._support import run
    r = run('Enclose[ConfirmQuiet[1/0]]["ConfirmationType"]')
    assert r.tags == ["Power::infy"] and r.value.value == "ConfirmQuiet"
    r = run("Enclose[ConfirmQuiet[1/0, Sqrt::argx]]")          # another message: not watched
    assert r.tags == ["Power::infy"] and r.value.head.name == "DirectedInfinity"
    assert run("Enclose[ConfirmQuiet[1 + 1]]").value.value == 2
