"""TimeConstrained stops an evaluation at its limit (and only its own abort), RepeatedTiming
averages runs."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("timing"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_a_loop_is_stopped_and_the_session_goes_on():
    r = run("{TimeConstrained[Do[x = i, {i, 10^9}], 0.2], TimeConstrained[Pause[5], 0.2, f], "
            "1 + 1}")
    assert [str(a) for a in r.value.args][-1] == "Integer(2)" or r.value.args[-1].value == 2
    assert r.value.args[0].name == "$Aborted" and r.value.args[1].name == "f"


def test_limits():
    check("TimeConstrained[Table[i, {i, 3}], Infinity]", "{1, 2, 3}")
    assert run("TimeConstrained[1, -1]").tags == ["TimeConstrained::timc"]
    r = run("RepeatedTiming[Total[Range[10]], 0.05]")
    assert r.value.args[1].value == 55 and r.value.args[0].value >= 0
