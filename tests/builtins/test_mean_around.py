"""MeanAround and VectorAround (wlnet/builtins/mean_around.py): the mean with its standard
error, weighted means of Arounds, vectors with covariances (values worked by hand)."""

import math

import pytest

from tests.builtins._support import check, check_example, declared_examples, run
from wlnet.builtins.around import around_parts


@pytest.mark.parametrize("name, text, expected", declared_examples("mean_around"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _around(text):
    r = run(text)
    assert not r.messages, r.messages
    return around_parts(r.value)


def test_mean_of_numbers_is_the_mean_with_its_standard_error():
    x, lo, hi = _around("MeanAround[{1, 2, 3, 4}]")       # sd Sqrt[5/3], n 4
    assert x == 2.5 and lo == hi == pytest.approx(math.sqrt(5 / 3) / 2)
    # more samples, less uncertainty of the mean (not of the data)
    _, small, _ = _around("SeedRandom[1]; MeanAround[RandomVariate[NormalDistribution[3, 1], 10000]]")
    assert small == pytest.approx(0.01, rel=0.05)


def test_weighted_mean_of_arounds():
    x, d, _ = _around("MeanAround[{Around[1., 0.1], Around[2., 0.2]}]")
    assert x == pytest.approx((1 / 0.01 + 2 / 0.04) / (1 / 0.01 + 1 / 0.04))
    assert d == pytest.approx((1 / 0.01 + 1 / 0.04) ** -0.5)
    # an exact value outweighs every uncertain one
    assert _around("MeanAround[{Around[1., 0.1], 3}]") == (3.0, 0.0, 0.0)


def test_quantities_and_the_singular_case():
    check('MeanAround[{Quantity[1, "Meters"], Quantity[3, "Meters"]}]',
          'Around[Quantity[2., "Meters"], Quantity[1., "Meters"]]')
    check("MeanAround[{5.}]", "Around[5., 0.]")


def test_mean_of_vectors_is_a_vector_around():
    check("MeanAround[{{1, 2}, {3, 4}, {2, 6}}]",
          "VectorAround[{2, 4}, {{1/3, 1/3}, {1/3, 4/3}}]", evaluate_expected=True)


@pytest.mark.parametrize("text", ["MeanAround[{}]", "MeanAround[{a, b}]", "MeanAround[3]",
                                  "MeanAround[{{1, 2}, {3}}]"])
def test_bad_data_is_refused(text):
    check(text, text, ["MeanAround::arg"])


def test_asymmetric_uncertainty_is_refused():
    text = "MeanAround[{Around[1., {0.1, 0.2}], Around[2., 0.1]}]"
    check(text, text, ["MeanAround::asym"])


@pytest.mark.parametrize("text, expected", [
    ("VectorAround[{1, 2}, {{1, 2}, 1/2}]", "VectorAround[{1, 2}, {{1, 1}, {1, 4}}]"),
    ("VectorAround[{1, 2, 3}, {{1, 2, 3}, {{1, 1/2, 0}, {1/2, 1, 0}, {0, 0, 1}}}]",
     "VectorAround[{1, 2, 3}, {{1, 1, 0}, {1, 4, 0}, {0, 0, 9}}]"),
    ("VectorAround[{1, 2}, {{4, 1}, {1, 9}}]", "VectorAround[{1, 2}, {{4, 1}, {1, 9}}]"),
    ("VectorAround[{x, y}, {1, 2}]", "VectorAround[{x, y}, {1, 2}]"),
])
def test_vector_around_forms(text, expected):
    check(text, expected)


def test_vector_around_properties():
    va = "va = VectorAround[{1, 2}, {{4, 1}, {1, 9}}]; "
    check(va + 'va["Vector"]', "{1, 2}")
    check(va + 'va["Covariance"]', "{{4, 1}, {1, 9}}")
    check(va + 'va["Correlation"]', "{{1, 1/6}, {1/6, 1}}", evaluate_expected=True)
    check(va + 'va["Distribution"]', "MultinormalDistribution[{1, 2}, {{4, 1}, {1, 9}}]")
    check(va + "Around[va]", "{Around[1., 2.], Around[2., 3.]}")
    check(va + 'va["Mean"]', 'VectorAround[{1, 2}, {{4, 1}, {1, 9}}]["Mean"]',
          ["VectorAround::prop"])


@pytest.mark.parametrize("text", [
    "VectorAround[{1, 2}, {{4, 1}, {2, 9}}]",       # not symmetric
    "VectorAround[{1, 2}, {1, 2, 3}]",              # wrong length
    "VectorAround[{1, 2}, {{1, 2}, 2}]",            # |ρ| > 1
    "VectorAround[{1, 2}, {-1, 2}]",                # a negative uncertainty
    "VectorAround[{{1, 2}}]",                       # one vector has no covariance
])
def test_bad_vector_arounds_are_refused(text):
    check(text, text, ["VectorAround::arg"])
