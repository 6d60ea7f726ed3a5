"""CellularAutomaton (wlnet.builtins.cellular_automaton)."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


def run(session, text):
    return output_form(session.evaluate(text))


@pytest.mark.parametrize("name, text, expected", declared_examples("cellular_automaton"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    # rule 30 from one cell: every cell it can reach in 3 steps, width 2 r t + 1
    ("CellularAutomaton[30, {{1}, 0}, 3]",
     "{{0, 0, 0, 1, 0, 0, 0}, {0, 0, 1, 1, 1, 0, 0}, {0, 1, 1, 0, 0, 1, 0}, "
     "{1, 1, 0, 1, 1, 1, 1}}"),
    # step specs: {{t}} step t in a list, {{{t}}} bare, {{t1, t2}} a range
    ("CellularAutomaton[30, {{1}, 0}, {{3}}]", "{{1, 1, 0, 1, 1, 1, 1}}"),
    ("CellularAutomaton[30, {{1}, 0}, {{{3}}}]", "{1, 1, 0, 1, 1, 1, 1}"),
    ("CellularAutomaton[30, {{1}, 0}, {{2, 3}}]",
     "{{0, 1, 1, 0, 0, 1, 0}, {1, 1, 0, 1, 1, 1, 1}}"),
    # offsets from the initial cell: its centre column, and a window wider than the reach
    ("CellularAutomaton[30, {{1}, 0}, {{0, 5}, {0, 0}}][[All, 1]]", "{1, 1, 0, 1, 1, 1}"),
    ("CellularAutomaton[30, {{1}, 0}, {{{1}}, {-3, 3}}]", "{0, 0, 1, 1, 1, 0, 0}"),
    # cyclic boundaries; one step without a step spec; the operator form
    ("CellularAutomaton[90, {0, 1, 0, 0}, 2]", "{{0, 1, 0, 0}, {1, 0, 1, 0}, {0, 0, 0, 0}}"),
    ("CellularAutomaton[30][{0, 0, 1, 0, 0}]", "{0, 1, 1, 1, 0}"),
    # a rule that changes the background (000 -> 1) flips what lies outside the block
    ("CellularAutomaton[1, {{1}, 0}, 2]",
     "{{0, 0, 1, 0, 0}, {1, 0, 0, 0, 1}, {0, 0, 1, 0, 0}}"),
    # three-colour totalistic code 1635 (digits 0,2,1,0,2,0,2 for sums 0 … 6)
    ("CellularAutomaton[{1635, {3, 1}}, {{1}, 0}, 2]",
     "{{0, 0, 1, 0, 0}, {0, 2, 2, 2, 0}, {1, 2, 2, 2, 1}}"),
    # {n, k, r} is the general form of an elementary rule
    ("CellularAutomaton[{30, 2, 1}, {0, 0, 1, 0, 0}, 2] == "
     "CellularAutomaton[30, {0, 0, 1, 0, 0}, 2]", "True"),
    # a function of the neighbourhood, and explicit replacements (rule 30's table)
    ("CellularAutomaton[{Mod[Total[#], 2] &, {}, 1}, {{1}, 0}, 2]",
     "{{0, 0, 1, 0, 0}, {0, 1, 1, 1, 0}, {1, 0, 1, 0, 1}}"),
    # the function's second argument is the step number, 1 for the first step
    ("CellularAutomaton[{Mod[Total[#] + #2, 4] &, {}, 1}, {{1}, 0}, 3]",
     "{{0, 0, 0, 1, 0, 0, 0}, {1, 1, 2, 2, 2, 1, 1}, {1, 2, 3, 0, 3, 2, 1}, "
     "{3, 1, 0, 1, 0, 1, 3}}"),
    ("CellularAutomaton[{{1, 1, 1} -> 0, {1, 1, 0} -> 0, {1, 0, 1} -> 0, {1, 0, 0} -> 1, "
     "{0, 1, 1} -> 1, {0, 1, 0} -> 1, {0, 0, 1} -> 1, {0, 0, 0} -> 0}, {{1}, 0}, 3] == "
     "CellularAutomaton[30, {{1}, 0}, 3]", "True"),
])
def test_one_dimensional_rules(session, text, expected):
    assert run(session, text) == expected


GLIDER = "{{0, 1, 0}, {0, 0, 1}, {1, 1, 1}}"
LIFE = "{224, {2, {{2, 2, 2}, {2, 1, 2}, {2, 2, 2}}}, {1, 1}}"


def test_game_of_life_moves_a_glider_one_cell_diagonally_in_four_steps(session):
    out = run(session, f"CellularAutomaton[{LIFE}, {{{GLIDER}, 0}}, {{{{{{4}}}}, {{1, 3}}, "
                       "{1, 3}}]")
    assert out == GLIDER
    # the whole reachable region: 3 + 2 × 4 cells a side
    assert run(session, f"Dimensions[CellularAutomaton[{LIFE}, {{{GLIDER}, 0}}, 4]]") \
        == "{5, 11, 11}"


@pytest.mark.parametrize("rule", [
    '<|"OuterTotalisticCode" -> 224, "Dimension" -> 2|>',
    '<|"GrowthSurvivalCases" -> {{3}, {2}}, "Dimension" -> 2|>',
])
def test_association_forms_of_life(session, rule):
    text = (f"CellularAutomaton[{rule}, {{{GLIDER}, 0}}, 6] == "
            f"CellularAutomaton[{LIFE}, {{{GLIDER}, 0}}, 6]")
    assert run(session, text) == "True"


def test_cyclic_two_dimensional_board_wraps(session):
    # a blinker on the edge of a 5 × 5 torus crosses it
    board = "{{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}, {1, 0, 0, 0, 0}}"
    out = run(session, f"CellularAutomaton[{LIFE}, {board}]")
    assert out == ("{{0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {0, 0, 0, 0, 0}, {1, 1, 0, 0, 1}, "
                   "{0, 0, 0, 0, 0}}")


@pytest.mark.parametrize("text, tag", [
    ("CellularAutomaton[foo, {0, 1}, 2]", "rule"),
    ("CellularAutomaton[30, {{0, 1}, {1, 0}}, 2]", "init"),
    ("CellularAutomaton[30, {0, 2, 0}, 2]", "vals"),
    ("CellularAutomaton[30, {0, 1, 0}, x]", "steps"),
    ("CellularAutomaton[{f, {}, 1}, {0, 1, 0}, 1]", "rfun"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = run(session, text)
    assert any(f"CellularAutomaton::{tag}" in m for m in session.messages), session.messages
    assert out.startswith("CellularAutomaton["), out
