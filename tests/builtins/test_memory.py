"""MemoryInUse and MaxMemoryUsed measure the process; MemoryConstrained stops an evaluation
that grows the process past its bound (and only then), giving failexpr or $Aborted."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("memory"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_the_measures_are_byte_counts():
    r = run("{MemoryInUse[], MaxMemoryUsed[]}")
    in_use, peak = (a.value for a in r.value.args)
    assert 0 < in_use <= peak


def test_growth_past_the_bound_is_stopped_and_the_session_goes_on():
    # 160 MB of reals against a 1 MB bound, then the same with a failexpr
    r = run("{MemoryConstrained[Length[RandomReal[1, 2*10^7]], 10^6], "
            "MemoryConstrained[Length[RandomReal[1, 2*10^7]], 10^6, big], 1 + 1}")
    assert [a.name for a in r.value.args[:2]] == ["$Aborted", "big"] and \
        r.value.args[2].value == 2
    assert not r.tags


def test_within_the_bound_the_value_comes_back():
    check("MemoryConstrained[Length[RandomReal[1, 10^4]], 10^9, big]", "10000")
    check("MemoryConstrained[Length[RandomReal[1, 10^4]], Infinity]", "10000")


def test_a_bad_bound_is_a_message():
    for bound in ("-1", "x", "0"):
        assert run(f"MemoryConstrained[1, {bound}]").tags == ["MemoryConstrained::memc"]
