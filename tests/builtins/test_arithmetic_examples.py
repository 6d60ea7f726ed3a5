"""The usage examples declared with the arithmetic, numbers and logic builtins are true:
each input, evaluated, equals its expected output evaluated (machine reals to the 6 digits
the examples are written with), without messages.  Every builtin has a usage text."""

import pytest

from tests.builtins._support import (
    check_example, close_printed, declared_examples, example_id, without_examples, without_usage)

MODULES = ("arithmetic", "numbers", "logic")
EXAMPLES = declared_examples(*MODULES)


def test_every_builtin_has_usage_and_an_example():
    assert without_usage(*MODULES) == []
    assert without_examples(*MODULES) == []


@pytest.mark.parametrize("name, text, expected", EXAMPLES, ids=[example_id(e) for e in EXAMPLES])
def test_example(name, text, expected):
    check_example(name, text, expected, same=close_printed)
