"""Control flow builtins (wlnet/builtins/control.py)."""

from __future__ import annotations

import pytest

from tests.builtins._support import (
    check, check_example, check_row, declared_examples, row_id, run, without_usage)
from wlnet.core.expr import Integer, S

CASES = [
    ("a; b", "b"),
    ("a;", "Null"),
    ("(Return[1]; 2)", "Return[1]"),
    ("If[True, 1]", "1"),
    ("If[False, 1]", "Null"),
    ("If[c, 1, 2]", "If[c, 1, 2]"),
    ("If[c, 1, 2, 3]", "3"),
    ("Which[False, 1, 2 > 1, 2]", "2"),
    ("Which[False, 1]", "Null"),
    ("Which[c, 1, True, 2]", "Which[c, 1, True, 2]"),
    ("Which[False, 1, c, 2]", "Which[c, 2]"),
    ("Switch[3, 1, a, 2, b]", "Switch[3, 1, a, 2, b]"),
    ("Switch[f[1], f[_], matched, _, other]", "matched"),
    ("Switch[2, _Integer?EvenQ, even, _, odd]", "even"),
    ("Table[i, {i, 1, 2, 1/2}] === {1, 3/2, 2}", "True"),
    ("Table[i, {i, 0., 1., 0.5}]", "{0., 0.5, 1.}"),
    ("Table[i, {i, 1, 2, 0.5}]", "{1., 1.5, 2.}"),
    ("Table[1, {i, 2}, {j, 2}]", "{{1, 1}, {1, 1}}"),
    ("Table[x, {i, a, a + 2}]", "{x, x, x}"),
    ("Table[i, {i, a, a + 2}]", "{a, 1 + a, 2 + a}"),
    ("Table[{i, j}, {i, {1, 2}}, {j, {x}}]", "{{{1, x}}, {{2, x}}}"),
    ("Table[i]", "i"),
    ("i = 3; Table[i, {i, 2}]", "{1, 2}"),
    ("Do[Print[i], {i, 2}]", "Null"),
    ("k = 0; Do[k++, {3}, {2}]; k", "6"),
    ("Do[If[i == 2, Return[done]], {i, 5}]", "done"),
    ("n = 0; While[(n++) < 5]; n", "6"),
    ("For[i = 0, i < 3, i++]; i", "3"),
    ("For[i = 0, i < 10, i++, If[i == 4, Return[i]]]", "4"),
    ("Catch[Throw[1, a], a | b]", "1"),
    ("Catch[{1, Throw[2], 3}]", "2"),
    ("Catch[Catch[Throw[1, outer], inner], outer]", "1"),
    ("ReleaseHold[Hold[1 + 1]]", "2"),
    ("ReleaseHold[f[Hold[1 + 1]]]", "f[2]"),
    ("ReleaseHold[Hold[1, 2]]", "Sequence[1, 2]"),
    ("CheckAbort[1 + 1, x]", "2"),
    # CheckAll: the value and the control that interrupted (HoldComplete[] for none)
    ("CheckAll[1 + 1, f]", "f[2, HoldComplete[]]"),
    ("CheckAll[Throw[3, t]; 4, f]", "f[Null, HoldComplete[Throw[3, t]]]"),
    ("CheckAll[Abort[]; 4, f]", "f[$Aborted, HoldComplete[Abort[]]]"),
    ("Catch[CheckAll[Throw[3]; 4, (c = 1; ReleaseHold[#2]) &]] + c", "4"),
    ("r = {}; Do[CheckAll[If[i > 2, Break[]]; AppendTo[r, i], ReleaseHold[#2] &], {i, 5}]; r",
     "{1, 2}"),
    # Goto and Label (the reference pages' loop, a jump out of a loop, a label in a function)
    ("i = 0; Label[top]; i++; If[i < 3, Goto[top]]; i", "3"),
    ("s = {}; Do[If[j == 3, Goto[out]]; AppendTo[s, j], {j, 9}]; Label[out]; s", "{1, 2}"),
    ("g[n_] := Module[{k = 0}, Label[a]; k++; If[k < n, Goto[a], k]]; g[4]", "4"),
    ("Goto[nowhere]", "Hold[Goto[nowhere]]", ["Goto::nolabel"]),
]


@pytest.mark.parametrize("row", CASES, ids=row_id)
def test_control(row):
    check_row(row)


@pytest.mark.parametrize("text,tag", [
    ("Table[i, {i, a, b}]", "Table::iterb"),
    ("Table[i, {i, 1, 3, 0}]", "Table::iterb"),
    ("Table[i, {1, 3}]", "Table::itraw"),
    ("Table[i, x]", "Table::iterb"),
    ("Do[i, {i, {1}, 2, 3, 4}]", "Do::itform"),
    ("Which[True]", "Which::argctu"),
    ("Switch[1, 2]", "Switch::argct"),
    ("Throw[1]", "Throw::nocatch"),
])
def test_control_messages(text, tag):
    r = run(text)
    assert tag in r.tags


def test_break_and_continue_outside_loops_stay_held():
    assert run("Break[]").value.head is S.Hold
    assert run("Continue[]").value.head is S.Hold


def test_do_prints_in_order():
    assert run("Do[Print[i], {i, 3}]").output == ["1", "2", "3"]


def test_iterator_variable_is_restored_after_error():
    r = run("i = 7; Catch[Table[If[i == 2, Throw[i]], {i, 5}]]; i")
    assert r.value == Integer(7)


@pytest.mark.parametrize("name,text,expected", declared_examples("control"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_usage_declared():
    assert without_usage("control") == []


@pytest.mark.parametrize("text,tag", [
    ("Table[1, 10^40]", "General::nomem"),
    ("Table[i, {i, 1, Infinity}]", "Table::iterb"),
    ("Table[i, {i, 1., 1.5*^300, 1*^-300}]", "Table::iterb"),
    ("Do[i, {i, 0, 1, 0}]", "Do::iterb"),
])
def test_unreasonable_iterators(text, tag):
    r = run(text)
    assert r.tags == [tag]
    assert r.value.head in (S.Table, S.Do)


def test_long_do_loop_allocates_nothing_up_front():
    check("n = 0; Catch[Do[n++; If[n == 5, Throw[n]], {i, 10^12}]]", "5")


@pytest.mark.parametrize("body, spec", [
    ("i^2 + 1", "{i, 40}"), ("Sin[2 Pi i/100] Exp[-i]", "{i, 0., 3., 0.1}"),
    ("1/i", "{i, 30}"), ("(-1)^i", "{i, 20}"), ("i^2 - 3 i", "{i, -20, 20}"),
    ("Log[i]", "{i, -1., 2., 0.125}"), ("2.5 i + Abs[i - 10]", "{i, {3, 1, 4, 1, 5, 9, 2, 6, "
                                                                 "5, 3, 5, 8, 9, 7, 9, 3}}"),
    ("Tanh[i] + i^0.5", "{i, 0.5, 40}")])
def test_table_of_an_elementwise_body_is_the_list_of_its_values(body, spec):
    """Table computes such a body on the whole array of values at once: the same list
    (and messages) as evaluating it at each value, as Do does."""
    from tests.builtins._support import Runner
    r = Runner()
    whole = r.run(f"Table[{body}, {spec}]")
    whole_messages = r.messages
    each = r.run(f"Reap[Do[Sow[{body}], {spec}]][[2, 1]]")
    assert whole == each and whole_messages == r.messages, body
    assert r.run(f"i = 7; Table[{body}, {spec}]; i") == Integer(7)    # i keeps its value
