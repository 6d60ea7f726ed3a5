"""MixtureDistribution (wlnet/builtins/mixture_distribution.py): density, distribution
function and moments as the weighted components', sampling by the weights."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check
from wlnet.core.expr import to_python

M = "MixtureDistribution[{1, 2}, {NormalDistribution[0, 1], NormalDistribution[5, 1]}]"


@pytest.mark.parametrize("text,expected", [
    (f"Mean[{M}]", "10/3"),
    (f"Variance[{M}]", "59/9"),
    (f"StandardDeviation[{M}]", "Sqrt[59]/3"),
    (f"PDF[{M}, x] == (PDF[NormalDistribution[], x] + 2 PDF[NormalDistribution[5, 1], x])/3 // Simplify",
     "True"),
    (f"CDF[{M}, 5]", "(1 + Erfc[-5/Sqrt[2]]/2)/3"),
    (f"PDF[{M}][0] === PDF[{M}, 0]", "True"),
    ("Mean[MixtureDistribution[{a, b}, {NormalDistribution[m1, 1], NormalDistribution[m2, 1]}]]",
     "(a m1 + b m2)/(a + b)"),
    ("Mean[MixtureDistribution[{1, 1}, {MultinormalDistribution[{0, 0}, IdentityMatrix[2]], "
     "MultinormalDistribution[{2, 4}, IdentityMatrix[2]]}]]", "{1, 2}"),
])
def test_formulas(text, expected):
    check(text, expected, evaluate_expected=True)


def test_samples_follow_the_weights():
    runner = Runner()
    x = np.array(to_python(runner.run(f"SeedRandom[1]; RandomVariate[{M}, 30000]")))
    assert x.shape == (30000,)
    assert np.mean(x > 2.5) == pytest.approx(2 / 3, abs=0.01)
    assert x.mean() == pytest.approx(10 / 3, abs=0.05)
    assert x.var() == pytest.approx(59 / 9, abs=0.15)
    assert np.array(to_python(runner.run(f"RandomVariate[{M}, {{2, 3}}]"))).shape == (2, 3)
    assert runner.run(f"NumericQ[RandomVariate[{M}]]") == to_python_true()


def to_python_true():
    from wlnet.core.expr import TRUE
    return TRUE


def test_vector_components_give_vector_variates():
    runner = Runner()
    pts = np.array(to_python(runner.run(
        "RandomVariate[MixtureDistribution[{1, 1}, {MultinormalDistribution[{0, 0}, "
        "IdentityMatrix[2]], MultinormalDistribution[{9, 9}, IdentityMatrix[2]]}], 400]")))
    assert pts.shape == (400, 2)
    assert 0.4 < np.mean(pts[:, 0] > 4.5) < 0.6


def test_bad_weights_leave_it_unevaluated():
    check("RandomVariate[MixtureDistribution[{1, -1}, {NormalDistribution[], NormalDistribution[]}]]",
          "RandomVariate[MixtureDistribution[{1, -1}, {NormalDistribution[0, 1], "
          "NormalDistribution[0, 1]}]]", ["RandomVariate::nodist"])
    check("Mean[MixtureDistribution[{1}, {NormalDistribution[], NormalDistribution[]}]]",
          "Mean[MixtureDistribution[{1}, {NormalDistribution[0, 1], NormalDistribution[0, 1]}]]")
