"""Nearest: elements, counts and radii, rules and associations, NearestFunction, distance
functions (Mathics3's Nearest where it agrees, by hand otherwise)."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check_example, declared_examples, differential_table

CASES = [
    ("Nearest[{1, 5, 9, 12}, 7]", "{5, 9}", "every element at the least distance (Mathics3 gives one)"),
    ("Nearest[{1, 5, 9, 12}, 6]", None),
    ("Nearest[{1, 5, 9, 12}, 7, 3]", None),
    ("Nearest[{{0, 0}, {1, 1}, {5, 5}}, {0.9, 0.8}, 2]", None),
    ('Nearest[{1 -> "a", 10 -> "b"}, 3]', None),
    ('Nearest[<|"a" -> 1, "b" -> 10|>, 9]', '{"b"}',
     "an association's values are searched, its keys given (<|k -> v|> is {v -> k}): "
     "Mathics3 lacks them here"),
    ('Nearest[<|"w1" -> {0, 0}, "w2" -> {1, 1}, "w3" -> {5, 5}|>, {0.9, 0.8}, 2]',
     '{"w2", "w1"}', "words by their vectors: Mathics3 lacks associations here"),
    ("Nearest[{1, 2, 3} -> {x, y, z}, 2.2]", None),
    ("Nearest[{1, 5, 9, 12}, 7, {All, 3}]", "{5, 9}", "a radius with All"),
    ("Nearest[{{1, 0}, {0, 1}}, {2, 0.1}, DistanceFunction -> CosineDistance]", "{{1, 0}}",
     "CosineDistance"),
    ("Nearest[{1, 5}, 2, DistanceFunction -> (Abs[#1 - #2]^2 &)]", "{1}", "a WL distance function"),
    ("Nearest[{1, 5, 9}][6, 2]", "{5, 9}", "a NearestFunction applied"),
    ("Nearest[{1, 5, 9, 12}, {2, 11}, 1]", "{{1}, {12}}", "a list of points: one result each"),
    ("Nearest[{0, 1/4, 1/2}, {1/3}, 1, DistanceFunction -> EuclideanDistance]", "{{1/4}}",
     "a list of one point against numbers"),
    ("Nearest[{{0, 0}, {5, 5}}, {{1, 0}, {4, 6}}]", "{{{0, 0}}, {{5, 5}}}",
     "a list of vectors as long as the data's"),
    # properties of the nearest instead of the elements; strings by their edit distance
    ('Nearest[{1, 5, 10} -> "Index", 6]', "{2}", "properties: missing in Mathics3"),
    ('Nearest[{1, 5, 10} -> {"Index", "Distance"}, 6, 2]', "{{2, 1}, {3, 4}}",
     "properties: missing in Mathics3"),
    ('Nearest[{1., 5, 10} -> {"Element", "Distance"}, 6]', "{{5, 1.}}",
     "machine data: machine distances"),
    ('Nearest[{"cat", "dog", "cot"}, "cut"]', '{"cat", "cot"}',
     "EditDistance between strings; Mathics3 gives one"),
    ("Nearest[{a, b}, 1]", "Nearest[{a, b}, 1]", ["Nearest::nearest"]),
    ("Nearest[{1, 2}, 1, Foo -> 1]", "Nearest[{1, 2}, 1, Foo -> 1]", ["Nearest::optx"]),
    # DistanceMatrix: exact data stay exact, machine reals by numpy
    ("DistanceMatrix[{{0, 0}, {3, 4}}]", "{{0, 5}, {5, 0}}", "missing in Mathics3"),
    ("DistanceMatrix[{1., 2}, {4}, DistanceFunction -> ManhattanDistance]", "{{3.}, {2.}}",
     "missing in Mathics3"),
    ("DistanceMatrix[{{1, 0}, {0, 1}}, DistanceFunction -> (Total[#1 #2] &)]",
     "{{1, 0}, {0, 1}}", "missing in Mathics3: a WL distance function"),
    ("DistanceMatrix[{a, b}]", "DistanceMatrix[{a, b}]", ["DistanceMatrix::nearuf"]),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "nearest")


def test_agrees_with_a_brute_force_search():
    rng = np.random.default_rng(7)
    points, query = rng.normal(size=(40, 3)), rng.normal(size=3)
    r = Runner()
    text = str(points.tolist()).replace("[", "{").replace("]", "}").replace("e", "*^")
    q = str(query.tolist()).replace("[", "{").replace("]", "}").replace("e", "*^")
    got = r.run(f"Nearest[{text}, {q}, 5]")
    want = points[np.argsort(np.linalg.norm(points - query, axis=1))[:5]]
    np.testing.assert_allclose([[x.value for x in row.args] for row in got.args], want)


@pytest.mark.parametrize("name,text,expected", declared_examples("nearest"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
