"""Comparison and logic (wlnet/builtins/logic.py): a differential table against Mathics3
plus hand-written Wolfram answers (see tests/builtins/_support.py).
"""

import pytest

from tests.builtins._support import MATHICS, Runner, check_row, close, row_id
from wlnet.core.expr import FALSE, TRUE, Integer, Symbol

CASES = [
    # Equal
    ("1 == 1.", MATHICS),
    ("1 == 2", MATHICS),
    ("x == y", MATHICS),
    ("x == x", MATHICS),
    ("\"a\" == \"a\"", MATHICS),
    ("\"a\" == \"b\"", MATHICS),
    ("\"a\" == 1", MATHICS),
    ("{1, 2} == {1, 2}", MATHICS),
    ("{1, 2} == {1, 3}", MATHICS),
    ("{1, 2} == {1, 2, 3}", MATHICS),
    ("1/3 == 0.3333333333333333", MATHICS),
    ("Pi == 22/7", MATHICS),
    ("Sqrt[2] == 2^(1/2)", MATHICS),
    ("1 == 1 == 2", MATHICS),
    ("1 == 1. == 1", MATHICS),
    ("1 + I == 1 + I", MATHICS),
    ("Equal[]", MATHICS),
    ("Equal[x]", MATHICS),
    # Unequal
    ("1 != 2", MATHICS),
    ("1 != 1.", MATHICS),
    ("x != y", MATHICS),
    ("1 != 2 != 1", MATHICS),
    ("1 != 2 != 3", MATHICS),
    ("\"a\" != \"b\"", MATHICS),
    # order relations and chains
    ("1 < 2", MATHICS),
    ("2 < 1", MATHICS),
    ("x < 1", MATHICS),
    ("1 < 2 < 3", MATHICS),
    ("1 < 3 < 2", MATHICS),
    ("1 < 2 < x", MATHICS),
    ("1 <= 1", MATHICS),
    ("2 <= 1", MATHICS),
    ("3 >= 2.5", MATHICS),
    ("2 >= 2.", MATHICS),
    ("Pi > 3", MATHICS),
    ("3 > 2 > 1", MATHICS),
    ("1/3 < 0.34", MATHICS),
    ("1 < Infinity", MATHICS),
    ("-Infinity < -10^100", MATHICS),
    ("1 < I", MATHICS, ["Less::nord"]),
    ("Less[x]", MATHICS),
    ("Less", MATHICS),
    ("{Less, Equal, Greater}", MATHICS),
    ("Sign[2 - 3] /. {-1 -> Less, 0 -> Equal, 1 -> Greater}", MATHICS),
    # Inequality
    ("Inequality[1, Less, 2, LessEqual, 2]", MATHICS),
    ("Inequality[3, Greater, 1, Less, 0]", MATHICS),
    ("Inequality[1, Less, 2]", MATHICS),
    ("1 < 2 <= 3", MATHICS),
    # Wolfram keeps an undecided chain as 1 < x < 3; Mathics3 rewrites it to an And
    ("Inequality[1, Less, x, Less, 3]", "Inequality[1, Less, x, Less, 3]"),
    # SameQ / UnsameQ
    ("x === x", MATHICS),
    ("1 === 1.", MATHICS),
    ("{a, b} === {a, b}", MATHICS),
    ("f[x] === f[y]", MATHICS),
    ("1 === 1 === 1", MATHICS),
    ("x =!= y", MATHICS),
    ("1 =!= 1", MATHICS),
    ("UnsameQ[1, 2, 1]", MATHICS),
    # And / Or / Not / Xor / Implies
    ("True && False", MATHICS),
    ("True && True", MATHICS),
    ("True && x", MATHICS),
    ("x && y", MATHICS),
    ("x && False", MATHICS),
    ("False && Print[1]", MATHICS),
    ("And[]", MATHICS),
    ("False || True", MATHICS),
    ("False || x", MATHICS),
    ("x || y || True", MATHICS),
    ("True || Print[1]", MATHICS),
    ("Or[]", MATHICS),
    ("1 < 2 && 3 > 2", MATHICS),
    ("!True", MATHICS),
    ("!False", MATHICS),
    ("!x", MATHICS),
    ("!!x", MATHICS),
    # Wolfram negates relations (!(a == b) is a != b, !(a < b) is a >= b); Mathics3 doesn't
    ("!(a == b)", "Unequal[a, b]"),
    ("!(a < b)", "GreaterEqual[a, b]"),
    ("Xor[True, False]", MATHICS),
    ("Xor[True, True]", MATHICS),
    ("Xor[False, False, True]", MATHICS),
    ("Xor[True, x]", MATHICS),
    ("Xor[x, y]", MATHICS),
    ("Implies[False, x]", MATHICS),
    ("Implies[True, x]", MATHICS),
    # Wolfram: anything implies True; Mathics3 leaves Implies[x, True] unevaluated
    ("Implies[x, True]", "True"),
    ("TrueQ[True]", MATHICS),
    ("TrueQ[x]", MATHICS),
    ("TrueQ[1 == 1]", MATHICS),
    ("BooleanQ[False]", MATHICS),
    ("BooleanQ[1]", MATHICS),
    # operator forms of the comparisons
    ("GreaterThan[2][3]", "True"),
    ("GreaterThan[2][x]", "x > 2"),
    ("LessThan[2] /@ {1, 2, 3}", "{True, False, False}"),
    ("GreaterEqualThan[2] /@ {1, 2, 3}", "{False, True, True}"),
    ("LessEqualThan[2][2]", "True"),
    ("EqualTo[1][1.]", "True"),
    ("UnequalTo[1][2]", "True"),
    ("Select[{1, 5, 7}, GreaterThan[4]]", "{5, 7}"),
    # Majority: decided as soon as the Trues are more than half, or can no longer be
    # (a neural-logic package reads its hardened net with it)
    ("Majority[True, False, True]", "True"),
    ("Majority[True, False]", "False"),
    ("Majority[True, True, x]", "True"),
    ("Majority[False, False, x]", "False"),
    ("Majority[True, x, y]", "Majority[True, x, y]"),
    # Nand and Nor: Not[And[…]] and Not[Or[…]], evaluated in order; they stay symbolic
    # (Mathics3 rewrites Nand[x, y] as !(x && y); WL keeps Nand)
    ("Nand[True, False]", MATHICS),
    ("Nand[True, True]", MATHICS),
    ("Nand[]", MATHICS),
    ("Nand[x]", MATHICS),
    ("Nand[True, x]", MATHICS),
    ("Nand[x, y]", "Nand[x, y]"),
    ("Nand[x, True, y]", "Nand[x, y]"),
    ("Nor[False, False]", MATHICS),
    ("Nor[False, True]", MATHICS),
    ("Nor[]", MATHICS),
    ("Nor[False, x]", MATHICS),
    ("Nor[x, y]", "Nor[x, y]"),
    ("GreaterThan[2]", "GreaterThan[2]"),
]


@pytest.fixture(scope="module")
def runner():
    return Runner()


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_table(runner, row):
    check_row(row, runner=runner, same=close)


# ---------------------------------------------------------------------------- direct checks

def test_and_short_circuits(runner):
    """And stops at the first False: later operands are never evaluated."""
    assert runner.run("k = 0; False && (k = 1); k") == Integer(0)
    assert runner.run("k = 0; True || (k = 1); k") == Integer(0)
    assert runner.run("k = 0; True && (k = 1; True); k") == Integer(1)


def test_nand_and_nor_stop_at_the_deciding_operand(runner):
    assert runner.run("k = 0; Nand[False, k = 1]; k") == Integer(0)
    assert runner.run("k = 0; Nor[True, k = 1]; k") == Integer(0)
    assert runner.run("k = 0; Nand[True, k = 1; True]; k") == Integer(1)


def test_comparison_results_are_the_boolean_symbols(runner):
    assert runner.run("2 > 1") is TRUE
    assert runner.run("2 < 1") is FALSE


def test_relation_symbols_stay_inert_as_data(runner):
    """The seed page labels data with the symbols Less/Equal/Greater."""
    result = runner.run("{\"1<2\" -> Less, \"2=2\" -> Equal, \"3>2\" -> Greater}")
    labels = [rule.args[1] for rule in result.args]
    assert labels == [Symbol("Less"), Symbol("Equal"), Symbol("Greater")]


def test_machine_equal_tolerates_last_bits(runner):
    assert runner.run("0.1 + 0.2 == 0.3") is TRUE
    assert runner.run("0.1 + 0.2 === 0.3") is TRUE         # one ulp apart: SameQ too
    assert runner.run("1. === 1.0000000001") is FALSE
    assert runner.run("1. == 1.0001") is FALSE


def test_numeric_arrays_are_equal_when_their_elements_are(runner):
    """A net's weights before and after training with a frozen layer are compared with ==
    (NetExtract gives NumericArrays): decided element by element, not left unevaluated."""
    runner.run('a = NumericArray[{{1., 2.}, {3., 4.}}, "Real32"]')
    assert runner.run('a == NumericArray[{{1., 2.}, {3., 4.}}, "Real32"]') is TRUE
    assert runner.run('a == NumericArray[{{1., 2.}, {3., 5.}}, "Real32"]') is FALSE
    assert runner.run('a == NumericArray[{1., 2., 3., 4.}, "Real32"]') is FALSE
    assert runner.run('a != NumericArray[{{1., 2.}, {3., 5.}}, "Real32"]') is TRUE
    assert runner.run('NumericArray[{1, 2}, "Integer8"] == NumericArray[{1., 2.}, "Real64"]') is TRUE
