"""The NumericArray builtins' WL face (wlnet/builtins/numeric_array.py): its OutputForm."""

import pytest

from tests.builtins._support import run
from wlnet.syntax.printer import input_form, output_form


@pytest.mark.parametrize("text, shown", [
    ('NumericArray[{1, 2, 3}, "Integer8"]', "NumericArray[<3>, Integer8]"),
    ("NumericArray[{{1, 2}, {3, 4}}]", "NumericArray[<2,2>, UnsignedInteger8]"),
    ('{NumericArray[{{1.5}, {2.}, {3.}}, "Real64"]}', "{NumericArray[<3,1>, Real64]}"),
])
def test_output_form_shows_dimensions_and_type_not_contents(text, shown):
    """WL prints a NumericArray as a summary of its dimensions and type."""
    assert output_form(run(text).value) == shown


def test_input_form_and_to_string():
    r = run('a = NumericArray[{1, 2, 3}, "Integer8"]')
    assert input_form(r.value) == 'NumericArray[{1, 2, 3}, "Integer8"]'
    assert run('ToString[NumericArray[{1, 2, 3}, "Integer8"]]').value.value == \
        "NumericArray[<3>, Integer8]"
