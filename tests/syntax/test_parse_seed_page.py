"""Every example input of the seed page (GatedRecurrentLayer.md), and the outputs printed
there, parse.

The page's ```wl blocks hold cells ``In[n]:= …`` and ``Out[n]= …`` (or ``Out[n]//Form= …``).
Three kinds of output are not WL text and are checked for what they are:
* MatrixForm outputs are drawn as markdown tables: every cell must parse as a number;
* long outputs are elided with `` ... `` in the middle: the part before must be a valid but
  incomplete expression (the REPL's "more input is needed");
* graphics are shown as ``[image]``.
"""

import re
from pathlib import Path

import pytest

from wlnet.core.expr import Integer, Real
from wlnet.syntax.parser import WLIncompleteInput, parse, parse_script

SEED_PAGE = Path("/work/shared/reference/GatedRecurrentLayer.md")
pytestmark = pytest.mark.skipif(not SEED_PAGE.is_file(), reason="the seed page is not here")

_CELL_START = re.compile(r"^(In|Out)\[(\d+)\](//\w+)?:?=[ \t]*", re.MULTILINE)


def seed_cells() -> list[tuple[str, str]]:
    """[(kind, text)] for every In/Out cell of every ```wl block, kind 'In' or 'Out'."""
    if not SEED_PAGE.is_file():
        return []
    blocks = re.findall(r"```wl\n(.*?)```", SEED_PAGE.read_text(encoding="utf-8"), re.DOTALL)
    cells = []
    for block in blocks:
        starts = list(_CELL_START.finditer(block))
        for this, following in zip(starts, starts[1:] + [None]):
            end = following.start() if following else len(block)
            cells.append((this.group(1), block[this.end():end].strip()))
    return cells


CELLS = seed_cells()
INPUTS = [text for kind, text in CELLS if kind == "In"]
OUTPUTS = [text for kind, text in CELLS if kind == "Out"]


def is_markdown_table(text):
    return text.startswith("(|") or text.startswith("{(|")


def test_the_page_has_its_examples():
    assert len(INPUTS) >= 30 and len(OUTPUTS) >= 20


@pytest.mark.parametrize("text", INPUTS)
def test_example_input_parses(text):
    assert parse_script(text)


@pytest.mark.parametrize("text", [t for t in OUTPUTS if not is_markdown_table(t)
                                  and " ... " not in t and "[image]" not in t])
def test_printed_output_parses(text):
    parse(text)


@pytest.mark.parametrize("text", [t for t in OUTPUTS if is_markdown_table(t)])
def test_matrix_form_cells_are_numbers(text):
    cells = [c.strip() for c in re.split(r"[|()\n{},]", text)]
    numbers = [c for c in cells if c and not set(c) <= set("- ")]
    assert numbers
    for cell in numbers:
        assert type(parse(cell)) in (Integer, Real), cell


@pytest.mark.parametrize("text", [t for t in OUTPUTS if " ... " in t])
def test_elided_output_starts_as_valid_incomplete_text(text):
    before = text.split(" ... ")[0]
    with pytest.raises(WLIncompleteInput):
        parse(before)


def test_seed_outputs_have_the_expected_shapes():
    # a few outputs the rest of wlnet compares against
    printed = [parse(t) for t in OUTPUTS if not is_markdown_table(t)
               and " ... " not in t and "[image]" not in t]
    assert parse("{-0.902088, 0.0991775, -0.29804}") in printed
    association = next(t for t in OUTPUTS if t.startswith('<|"FinalState"'))
    assert [str(rule.args[0].value) for rule in parse(association).args] == \
        ["FinalState", "Output"]
