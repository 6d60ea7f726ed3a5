"""StringInsert and Alphabet against Mathics3 (and WL's messages by hand)."""

import pytest

from tests.builtins._support import Runner, check_example, declared_examples, differential_table

CASES = [
    ('StringInsert["abc", "X", 2]', None),
    ('StringInsert["abc", "X", -1]', None),
    ('StringInsert["abc", "X", 1]', None),
    ('StringInsert["abcd", "-", {2, 4}]', None),
    ('StringInsert[{"ab", "cd"}, "X", 2]', None),
    ("Alphabet[]", None),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "strings_extra")


def test_a_position_outside_the_string_is_refused():
    r = Runner()
    r.run('StringInsert["abc", "X", 7]')
    assert r.tags == ["StringInsert::ins"]


@pytest.mark.parametrize("name,text,expected", declared_examples("strings_extra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
