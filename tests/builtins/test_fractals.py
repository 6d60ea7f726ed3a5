"""MandelbrotSetMemberQ (wlnet.builtins.fractals)."""

import pytest

from wlnet.builtins.fractals import escapes, known_inside
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


def run(session, text):
    session.messages.clear()
    return output_form(session.evaluate(text))


@pytest.mark.parametrize("name, text, expected", declared_examples("fractals"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    ("MandelbrotSetMemberQ[1 + I]", "False"),
    ("MandelbrotSetMemberQ[0]", "True"),
    # the page's MaxIterations example: a false positive removed by more steps
    ("{MandelbrotSetMemberQ[0.250005, MaxIterations -> 1000], "
     "MandelbrotSetMemberQ[0.250005, MaxIterations -> 2000]}", "{True, False}"),
    # all kinds of numbers: the real segment [-2, 1/4] is in the set, 0.26 and 1 + I not
    ("MandelbrotSetMemberQ[{0, -2, -1.979, 1/4, 0.26, I, 1 + I, -1/Pi}]",
     "{True, True, True, True, False, True, False, True}"),
    ("MandelbrotSetMemberQ[x]", "MandelbrotSetMemberQ[x]"),
])
def test_membership(session, text, expected):
    assert run(session, text) == expected
    assert not session.messages


def test_a_bad_iteration_count_is_refused_with_a_message(session):
    assert run(session, "MandelbrotSetMemberQ[1, MaxIterations -> 0]") == \
        "MandelbrotSetMemberQ[1, MaxIterations -> 0]"
    assert [m.split(":")[2] for m in session.messages] == ["iter"]


def test_the_known_parts_agree_with_iteration():
    # cardioid and period-2 disk points never escape; just outside them they do
    for c in (0j, 0.2 + 0.1j, -1 + 0.1j, -0.75 + 0j, 0.25 + 0j):
        assert known_inside(c) and not escapes(c, 2000)
    for c in (0.3 + 0j, -1.3 + 0.3j, 1 + 1j):
        assert not known_inside(c) and escapes(c, 2000)


def test_area_estimate_is_close_to_the_known_area(session):
    # the set's area is about 1.506; a 40 000-point grid estimate lands near it
    text = ("With[{g = Table[x + I y, {x, -2., 0.5, 0.0125}, {y, -1.25, 1.25, 0.0125}]}, "
            "2.5*2.5*Count[MandelbrotSetMemberQ[g], True, 2]/Length[Flatten[g]]]")
    assert abs(float(run(session, text)) - 1.506) < 0.05
