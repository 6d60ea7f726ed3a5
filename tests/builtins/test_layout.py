"""Column, Row and Grid (wlnet/builtins/layout.py): inert wrappers that print laid out.

Mathics3 keeps them as wrappers too (the first table compares with it); the printed text
follows a text-mode Wolfram session (one element per line, side by side, an aligned
table like TableForm)."""

from __future__ import annotations

import pytest

from tests.builtins._support import (
    builtins_of, check_example, declared_examples, without_examples, without_usage)
from tests.builtins._support import Runner, parse
from tests.oracle_mathics import mathics_available, mathics_evaluate

STAYS = [
    "Column[{1, 1 + 1}]",
    "Row[{a, 1 + 1}]",
    "Row[{a, b}, \", \"]",
    "Grid[{{1, 2}, {3, 2 + 2}}]",
    "Column[{a, b}, Alignment -> Center]",
    "StringForm[\"a `1` b\", 1 + 1]",
]


@pytest.fixture(scope="module")
def runner():
    return Runner()


@pytest.mark.parametrize("text", STAYS)
def test_wrappers_stay_wrappers(runner, text):
    if not mathics_available():
        pytest.skip("mathics3 not installed")
    expected, _ = mathics_evaluate(text)
    assert runner.run(text) == expected
    assert not runner.messages


def _shown(runner, text):
    from wlnet.syntax.printer import output_form
    return output_form(runner.run(text))


PRINTED = [
    ("Column[{1, 1 + 1, x^2}]", "1\n2\nx^2"),
    ("Row[{a, 1 + 1}]", "a2"),
    ("Row[{a, b, c}, \", \"]", "a, b, c"),
    # Column's alignment: its second argument or Alignment -> (the horizontal part)
    ("Column[{1, 22, 333}, Alignment -> Right]", "  1\n 22\n333"),
    ("Column[{1, 22, 333}, Alignment -> {Center, Top}]", " 1\n22\n333"),
    ("Column[{\"a\", \"bbb\"}, Right]", "  a\nbbb"),
    # a Spacer is blank: about one character for every 7 printer's points, at least one
    ("Row[{\"a\", Spacer[7], \"b\"}]", "a b"),
    ("Row[{\"a\", Spacer[{21, 5}], \"b\"}]", "a   b"),
    ("Row[{\"a\", Spacer[0], \"b\"}]", "ab"),
    ("Row[{Column[{a, b, c}], \"|\", d}]", "a\nb|d\nc"),
    ("Grid[{{1, 22}, {333, 4}}]", "1     22\n\n333   4"),
    ("Column[{\"text\", Row[{1, 2}]}]", "text\n12"),
    ("Column[x]", "Column[x]"),
    ("Grid[{1, 2}]", "Grid[{1, 2}]"),
    # an Item prints as its element; its options are not drawn
    ("Grid[{{Item[\"a\", Background -> Red], 22}, {333, Item[4]}}]", "a     22\n\n333   4"),
    ("Item[1 + 1, Background -> Red]", "2"),
    # frames and spacings are drawn in text
    ("Grid[{{1, 2}, {3, 4}}, Frame -> All]",
     "┌───┬───┐\n│ 1 │ 2 │\n├───┼───┤\n│ 3 │ 4 │\n└───┴───┘"),
    ("Grid[{{1, 22}, {333, 4}}, Frame -> True, Spacings -> {1, 0}]",
     "┌──────┐\n│1   22│\n│333 4 │\n└──────┘"),
    ("Column[{1, 22}, Frame -> True, Alignment -> Right]", "┌──┐\n│ 1│\n│22│\n└──┘"),
    ("Column[{1, 22}, Spacings -> 1]", "1\n\n22"),
    ("Grid[{{1, 22}, {333, 4}}, Spacings -> {1, 0}]", "1   22\n333 4"),
    # Style's colours and sizes have no text form
    ("Style[x + 1, Red, Bold]", "1 + x"),
    ("Style[Grid[{{1, 2}}], ImageSizeMultipliers -> 1]", "1   2"),
    # Style prints its expression where it stands: a sum in a product gets parentheses,
    # a layout stays a block
    ("Hold[2 Style[x + 1, Red]]", "Hold[2 (x + 1)]"),
    ("{Style[Column[{1, 2}], Red], 3}", "{1, 3}\n 2"),
    # StringForm fills `n` with the n-th argument and `` with the next one, in OutputForm
    ("StringForm[\"epoch `1`: loss `2`\", 3, 0.123456789]", "epoch 3: loss 0.123457"),
    # inside another expression a layout keeps its 2-D block, lined up on its middle line
    ("{Column[{1, 2, 3}], 5}", " 1\n{2, 5}\n 3"),
    ("f[Grid[{{1, 2}, {3, 4}}], x]", "  1   2\nf[     , x]\n  3   4"),
    ("{Row[{a, Column[{b, c}]}]}", "{ab}\n  c"),
    ("StringForm[\"`` and ``\", x^2, \"s\"]", "x^2 and s"),
    ("StringForm[\"`2` then ``, `1`\", a, b, c]", "b then c, a"),
    ("StringForm[\"a \\` b `3`\", 1]", "a ` b `3`"),
]


@pytest.mark.parametrize("text, shown", PRINTED, ids=[p[0] for p in PRINTED])
def test_printed_layout(runner, text, shown):
    assert _shown(runner, text) == shown


def test_tostring_uses_the_layout(runner):
    assert runner.run("ToString[Column[{a, b}]]") == parse("\"a\\nb\"")
    assert runner.run("ToString[StringForm[\"n = `1`\", 1/2]]") == parse("\"n = 1/2\"")


def test_no_arguments_is_a_message(runner):
    assert runner.run("Grid[]") == parse("Grid[]")
    assert [m.split(": ", 1)[0] for m in runner.messages] == ["Grid::argm"]


# ---------------------------------------------------------------------------- declared examples

EXAMPLES = declared_examples("layout")


@pytest.mark.parametrize("name, text, expected", EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_every_builtin_has_usage_and_examples():
    assert not without_usage("layout")
    assert builtins_of("layout") and not without_examples("layout")
