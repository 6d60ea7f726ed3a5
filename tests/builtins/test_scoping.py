"""Module, Block, With (wlnet/builtins/scoping.py)."""

from __future__ import annotations

import pytest

from tests.builtins._support import (
    check, check_example, check_row, declared_examples, row_id, run, without_usage)
from wlnet.core.expr import Symbol
from wlnet.syntax.printer import input_form

CASES = [
    ("Module[{x}, x = 2; x^2]", "4"),
    ("x = 1; Module[{x = x + 1}, x]", "2"),
    ("Module[{f}, f[y_] := y + 1; f[2]]", "3"),
    ("Module[{x = 1}, Module[{x = 2}, x] + x]", "3"),
    ("x = 5; Block[{x = 7}, x]", "7"),
    ("x = 5; Block[{x = 7}, x]; x", "5"),
    ("y := x + 1; Block[{x = 10}, y]", "11"),
    ("f[a_] := a + x; Block[{x = 2}, f[1]]", "3"),
    ("Block[{f}, f[1] = 2; f[1]]", "2"),
    ("f[1] = 5; Block[{f}, Hold[f[1]]]", "Hold[f[1]]"),
    ("f[1] = 5; Block[{f}, f[1]]", "5"),      # the result is evaluated again outside
    ("f[1] = 5; Block[{f}, Null]; f[1]", "5"),
    ("With[{x = 1}, {x, x}]", "{1, 1}"),
    ("With[{x = a}, Hold[x]]", "Hold[a]"),
    ("With[{x = 1}, {y = x + 1}, y]", "2"),
    ("With[{x := 1 + 1}, Hold[x]]", "Hold[1 + 1]"),
    ("With[{f = #^2 &}, f[3]]", "9"),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_scoping(row):
    check_row(row)


def test_module_makes_fresh_symbols():
    r = run("{Module[{x}, x], Module[{x}, x]}")
    a, b = r.value.args
    assert type(a) is Symbol and a.name.startswith("x$")
    assert a != b


def test_block_restores_after_throw():
    check("x = 1; Catch[Block[{x = 2}, Throw[x]]] + x", "3")


@pytest.mark.parametrize("text,tag", [
    ("Module[x, x]", "Module::lvlist"),
    ("Module[{1}, 1]", "Module::lvsym"),
    ("Block[{f[1] = 2}, 1]", "Block::lvset"),
    ("With[{x}, x]", "With::lvset"),
])
def test_scoping_messages(text, tag):
    assert tag in run(text).tags


@pytest.mark.parametrize("name,text,expected", declared_examples("scoping"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_usage_declared():
    assert without_usage("scoping") == []


# A result evaluated inside a binding (Block, Table's iterator) is evaluated again outside
# only when it could differ there: when it contains a bound symbol, or the body changed
# another definition.
@pytest.mark.parametrize("text,expected,count", [
    ("Block[{x}, {1, 2} + {1, 2, 3}]", "{1, 2} + {1, 2, 3}", 1),
    ("Table[{1, 2} + {1, 2, 3}, {i, 2}]", "{{1, 2} + {1, 2, 3}, {1, 2} + {1, 2, 3}}", 2),
    ("Module[{x = 1}, {1, 2} + {1, 2, 3}]", "{1, 2} + {1, 2, 3}", 1),
    ("Quiet[Module[{x = 1}, {1, 2} + {1, 2, 3}]]", "{1, 2} + {1, 2, 3}", 0),
    ("Quiet[Table[{1, 2} + {1, 2, 3}, {i, 2}]]", "{{1, 2} + {1, 2, 3}, {1, 2} + {1, 2, 3}}", 0),
])
def test_a_result_is_not_evaluated_again_after_its_binding(text, expected, count):
    r = run(text)
    assert input_form(r.value) == expected
    assert r.tags == ["Thread::tdlen"] * count


@pytest.mark.parametrize("text,expected", [
    ("x = 5; Block[{x}, g[x]]", "g[5]"),                 # contains the bound symbol
    ("i = 10; Table[h[i], {i, 2}]", "{h[1], h[2]}"),
    ("i = 10; Table[Hold[i], {i, 2}]", "{Hold[i], Hold[i]}"),
    ("f[1] := flag; Table[If[i == 2, flag = 3]; f[1], {i, 2}]", "{3, 3}"),  # body set flag
    ("Block[{y}, f[1] := y0; y0 = 4; f[1]]", "4"),
    ("Table[If[OddQ[i], i, Nothing], {i, 5}]", "{1, 3, 5}"),
    ("Table[Unevaluated[Sequence[i, i]], {i, 2}]", "{1, 1, 2, 2}"),
    ("x = 7; Block[{x, x}, x = 3]; x", "7"),             # restored in reverse order
    ("Block[{x = 1}, Table[x + i, {i, 2}]]", "{2, 3}"),
])
def test_a_result_that_can_differ_outside_its_binding_is_evaluated_again(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text, expected", [
    ("Assuming[x > 0, Simplify[Sqrt[x^2]]]", "x"),
    ("{$Assumptions, Assuming[x > 0, $Assumptions], $Assumptions}", "{True, x > 0, True}"),
    ("$Assumptions = x > 0; Simplify[Abs[x]]", "x"),
    ("Assuming[x > 0, Assuming[y < 0, {$Assumptions, Simplify[Sqrt[x^2 y^2]]}]]",
     "{x > 0 && y < 0, -(x y)}"),
])
def test_assuming_adds_to_the_assumptions(text, expected):
    from tests.builtins._support import check
    check(text, expected, evaluate_expected=True)
