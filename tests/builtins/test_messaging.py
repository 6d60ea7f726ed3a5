"""Messages: Message, MessageName, Off, On, Quiet, Check (wlnet/builtins/messaging.py)
and the message machinery of the evaluator (templates, General::stop)."""

from __future__ import annotations

import pytest

from tests.builtins._support import check, check_example, declared_examples, run, without_usage


def test_user_message_text_and_slots():
    r = run("f::bad = \"bad value `1` and `2`\"; Message[f::bad, {1, 2}, \"s\"]")
    assert r.messages == ["f::bad: bad value {1, 2} and \"s\""] or \
        r.messages == ["f::bad: bad value {1, 2} and s"]


def test_machine_reals_in_slots_show_as_the_front_end_shows_them():
    # WL shows message arguments in StandardForm: 6 significant digits, not InputForm's 17
    r = run("{1, 2}[[3.4000000000000004]]")
    assert r.messages == ["Part::pkspec1: The expression 3.4 cannot be used as a part specification."]
    r = run('f::r = "value `1`"; Message[f::r, {0.1 + 0.2, "x"}]')
    assert r.messages == ['f::r: value {0.3, "x"}']


def test_general_template_used_for_any_symbol():
    r = run("Message[f::argx, f, 2]")
    assert r.messages == ["f::argx: f called with 2 arguments; 1 argument is expected."]


def test_unknown_message_text():
    r = run("Message[f::nosuchtag]")
    assert r.tags == ["f::nosuchtag"]


def test_general_stop_after_three():
    r = run("Do[Message[f::x], {5}]")
    assert r.tags == ["f::x", "f::x", "f::x", "General::stop"]
    assert "f::x" in r.messages[-1]


def test_stop_counts_reset_between_inputs():
    r = run("Do[Message[f::x], {3}]")
    s = r.session
    s.evaluate("Message[f::x]")
    assert [m.split(":")[0] for m in s.messages] == ["f"]


def test_off_and_on():
    r = run("Off[f::x]; Message[f::x]; On[f::x]; Message[f::x]")
    assert r.tags == ["f::x"]
    assert run("Off[f::x, g::y]; Message[f::x]; Message[g::y]").tags == []
    assert run("Off[General::argx]; Length[1, 2]").tags == []


def test_quiet_hides_and_check_does_not_see():
    assert run("Quiet[Message[f::x]; 1]").messages == []
    check("Check[Quiet[Message[f::x]; 1], failed]", "1")
    check("Quiet[Check[Message[f::x]; 1, failed]]", "failed")


def test_quiet_with_a_list_of_messages():
    r = run("Quiet[Message[f::x]; Message[g::y], {f::x}]")
    assert r.tags == ["g::y"]
    assert run("Quiet[Message[f::x], None]").tags == ["f::x"]


def test_quiet_third_argument_lets_messages_through():
    # all but g::y silenced
    assert run("Quiet[Message[f::x]; Message[g::y], All, {g::y}]").tags == ["g::y"]
    # an inner Quiet shows what the outer one silences; the innermost word decides
    assert run("Quiet[Quiet[Message[f::x]; Message[g::y], None, {f::x}]]").tags == ["f::x"]
    assert run("Quiet[Quiet[Message[f::x]; Message[g::y], None, All]]").tags == \
        ["f::x", "g::y"]
    assert run("Quiet[Quiet[Quiet[Message[f::x]], None, f::x]]").tags == []
    # General::tag names the tag for every symbol
    assert run("Quiet[Quiet[Message[f::argx, 1]; Message[f::y], None, General::argx]]").tags \
        == ["f::argx"]
    # Check sees a message let through, not one still silenced
    check("Quiet[Check[Quiet[Message[f::x], None, {f::x}]; 1, failed]]", "failed", ["f::x"])
    check("Check[Quiet[Message[f::x]; 1, f::x, g::y]; 1, failed]", "1")
    assert run("Quiet[1, All, 7]").tags == ["Quiet::argx"]


def test_check_with_specific_messages():
    check("Check[Message[f::x]; 1, failed, g::y]", "1", ["f::x"])
    check("Check[Message[f::x]; 1, failed, f::x]", "failed", ["f::x"])


def test_message_name_value():
    check("f::x", "f::x")
    check("f::x = \"text\"; f::x", "\"text\"")


@pytest.mark.parametrize("name,text,expected", declared_examples("messaging"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_usage_declared():
    assert without_usage("messaging") == []
