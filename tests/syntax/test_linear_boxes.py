"""Strings with linear syntax (wlnet/syntax/linear_boxes.py) shown as text by OutputForm
and Print."""

from __future__ import annotations

import pytest

from tests.builtins._support import Runner
from wlnet.syntax.linear_boxes import linear_syntax_text
from wlnet.syntax.printer import input_form, output_form


@pytest.mark.parametrize("raw, shown", [
    ('\\!\\(\\*StyleBox["abc", Bold]\\)', "abc"),
    ('Loss: \\!\\(\\*StyleBox["low", FontWeight -> "Bold"]\\) now', "Loss: low now"),
    ('x\\!\\(\\*SuperscriptBox["y", "2"]\\)z', "xy^2z"),
    ('\\!\\(\\*SubscriptBox["b", "1"]\\)', "b_1"),
    ('\\!\\(\\*FractionBox["1", "2"]\\)', "1/2"),
    ('\\!\\(\\*RowBox[{"a", "+", SubscriptBox["b", "1"]}]\\)', "a+b_1"),
    ('\\!\\(\\*StyleBox["\\"quoted\\"", Italic]\\)', "quoted"),
    ("\\!\\(x\\^2\\) and \\!\\(a\\_i\\)", "x^2 and a_i"),
    # what is not read stays as written
    ('\\!\\(\\*UnknownBox[1]\\)', '\\!\\(\\*UnknownBox[1]\\)'),
    ('\\!\\(\\*StyleBox["open"', '\\!\\(\\*StyleBox["open"'),
    ("plain text", "plain text"),
])
def test_linear_syntax_is_shown_as_text(raw, shown):
    assert linear_syntax_text(raw) == shown


def test_output_form_and_print_show_the_text_input_form_keeps_the_string():
    r = Runner()
    value = r.run('"Loss: \\!\\(\\*StyleBox[\\"low\\", Bold]\\)"')
    assert output_form(value) == "Loss: low"
    assert "StyleBox" in input_form(value)
    r.run('Print["a \\!\\(\\*StyleBox[\\"b\\", Bold]\\) c"]')
    assert r.output == ["a b c"]
    assert r.run('StringLength["\\!\\(\\*StyleBox[\\"ab\\", Bold]\\)"]').value == 28
