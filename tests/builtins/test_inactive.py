"""Inactive, Activate and Inactivate (the reference pages' basic forms)."""

import pytest

from tests.builtins._support import check, check_example, declared_examples


def test_activate_applies_inactive_heads():
    check("Activate[Inactive[Plus][1, 2]]", "3")
    check("Activate[Inactive[Plus][1, Inactive[Times][2, 3]]]", "7")
    check("Activate[Inactive[Plus][1, Inactive[Times][2, 3]], Times]", "Inactive[Plus][1, 6]")
    # data without inactive heads comes back as it was (a file index imported from .mx)
    check('Activate[{File["a.jpg"] -> "leaf"}]', '{File["a.jpg"] -> "leaf"}')


def test_inactive_is_inert_but_its_arguments_evaluate():
    check("Inactive[f][1 + 1]", "Inactive[f][2]")
    check("Inactive[Plus][1, 2]", "Inactive[Plus][1, 2]")


def test_inactivate_holds_the_heads_but_list():
    check("Inactivate[1 + 2 * 3]", "Inactive[Plus][1, Inactive[Times][2, 3]]")
    check("Inactivate[{Sin[0], Cos[0]}, Sin]", "{Inactive[Sin][0], 1}")
    check("Activate[Inactivate[{Sin[0], 2 + 3}]]", "{0, 5}")


@pytest.mark.parametrize("name,text,expected", declared_examples("inactive"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
