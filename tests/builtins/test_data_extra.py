"""UnitVector, Subdivide, TakeDrop, StringPart, Standardize: against Mathics3 where it has
them and agrees with the Wolfram Language, else against Wolfram's documented answers."""

from tests.builtins._support import MATHICS, check_example, declared_examples, \
    differential_table

import pytest

CASES = [
    ("UnitVector[3, 2]", MATHICS),
    ("UnitVector[2]", MATHICS),
    ("UnitVector[4, 4]", MATHICS),
    ("UnitVector[3, 4]", "UnitVector[3, 4]", ["UnitVector::nokun"]),
    ("UnitVector[0, 1]", "UnitVector[0, 1]", ["UnitVector::intp"]),
    # a list or a symbol stays unevaluated without a message (Thread[UnitVector[n, list]])
    ("UnitVector[4, {1, 2}]", "UnitVector[4, {1, 2}]", "not checked against Mathics3"),
    ("Thread[UnitVector[3, {1, 3}]]", "{{1, 0, 0}, {0, 0, 1}}", "not checked against Mathics3"),
    ("Subdivide[4]", "{0, 1/4, 1/2, 3/4, 1}", "Mathics3 lacks Subdivide"),
    ("Subdivide[10, 5]", "{0, 2, 4, 6, 8, 10}"),
    ("Subdivide[1, 3, 2]", "{1, 2, 3}"),
    ("Subdivide[2., 4]", "{0., 0.5, 1., 1.5, 2.}"),
    ("Subdivide[-1, 1, 4]", "{-1, -1/2, 0, 1/2, 1}"),
    ("Subdivide[0]", "Subdivide[0]", ["Subdivide::intp"]),
    ("TakeDrop[{a, b, c, d}, 2]", "{{a, b}, {c, d}}"),
    ("TakeDrop[{a, b, c, d}, -1]", "{{d}, {a, b, c}}"),
    ("TakeDrop[{a, b, c, d}, {2, 3}]", "{{b, c}, {a, d}}"),
    ("TakeDrop[{a}, 5]", "TakeDrop[{a}, 5]", ["Take::take"]),
    ('StringPart["abcde", 2]', '"b"'),
    ('StringPart["abcde", -1]', '"e"'),
    ('StringPart["abcde", {1, -1}]', '{"a", "e"}'),
    ('StringPart["abcde", 2 ;; 4]', '{"b", "c", "d"}'),
    ('StringPart[{"ab", "cd"}, 1]', '{"a", "c"}'),
    ("StringPart[x, 1]", "StringPart[x, 1]", ["StringPart::strse"]),
    ("Standardize[{1, 2, 3}]", "{-1, 0, 1}", "Mathics3 lacks Standardize"),
    ("Standardize[{1., 2., 4.}]", "{-0.8728715609439692, -0.21821789023599217, 1.091089451179962}"),
    ("Standardize[{{1, 10}, {3, 30}}]", "{{-1/Sqrt[2], -1/Sqrt[2]}, {1/Sqrt[2], 1/Sqrt[2]}}"),
    ("Standardize[{1, 2, 6}, Median, 1 &]", "{-1, 0, 4}"),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = \
    differential_table(CASES, "data_extra")


@pytest.mark.parametrize("name,text,expected", declared_examples("data_extra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
