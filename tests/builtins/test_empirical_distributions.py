"""EmpiricalDistribution and SmoothKernelDistribution (wlnet/builtins/empirical_distributions.py)."""

import math

import numpy as np
import pytest

from tests.builtins._support import Runner, check
from wlnet.core.expr import to_python

E = "EmpiricalDistribution[{1, 2, 3, 4}]"
K = "SmoothKernelDistribution[{1., 2., 2.5, 4., 7.}, 0.5]"


@pytest.mark.parametrize("text,expected", [
    (f"Mean[{E}]", "5/2"),
    (f"Variance[{E}]", "5/4"),
    (f"StandardDeviation[{E}]", "Sqrt[5]/2"),
    (f"CDF[{E}, 2]", "1/2"),
    (f"CDF[{E}, {{0, 3, 9}}]", "{0, 3/4, 1}"),
    (f"PDF[{E}, 3]", "1/4"),
    (f"PDF[{E}, 5/2]", "0"),
    (f"Quantile[{E}, 1/2]", "2"),
    (f"Quantile[{E}, {{0.1, 0.9}}]", "{1, 4}"),
    (f"Median[{E}]", "2"),
    (f"PDF[{E}][3]", "1/4"),
    ("Mean[EmpiricalDistribution[{1, 3} -> {0, 10}]]", "15/2"),
    ("CDF[EmpiricalDistribution[{1, 3} -> {0, 10}], 5]", "1/4"),
    (f"Mean[{K}]", "3.3"),
    (f"CDF[{K}, 100.]", "1."),
])
def test_values(text, expected):
    check(text, expected, evaluate_expected=True)


def test_kernel_density_is_the_mean_of_gaussians():
    got = to_python(Runner().run(f"PDF[{K}, 2.2]"))
    data = [1., 2., 2.5, 4., 7.]
    want = sum(math.exp(-0.5 * ((2.2 - d) / 0.5) ** 2) for d in data) / (5 * 0.5 * math.sqrt(2 * math.pi))
    assert got == pytest.approx(want)
    assert to_python(Runner().run(f"Variance[{K}]")) == pytest.approx(np.var(data) + 0.25)


def test_silverman_bandwidth_by_default():
    runner = Runner()
    runner.run("SeedRandom[2]; d = RandomVariate[NormalDistribution[], 400];")
    data = np.array(to_python(runner.run("d")))
    bw = 0.9 * min(data.std(ddof=1), np.subtract(*np.percentile(data, [75, 25])) / 1.34) * 400 ** -0.2
    assert to_python(runner.run("Variance[SmoothKernelDistribution[d]]")) == \
        pytest.approx(data.var() + bw ** 2)


def test_sampling():
    runner = Runner()
    draws = np.array(to_python(runner.run(f"SeedRandom[1]; RandomVariate[{E}, 4000]")))
    assert set(draws) == {1, 2, 3, 4} and draws.dtype.kind == "i"
    weighted = np.array(to_python(runner.run(
        "RandomVariate[EmpiricalDistribution[{1, 3} -> {0, 10}], 8000]")))
    assert np.mean(weighted == 10) == pytest.approx(0.75, abs=0.02)
    smooth = np.array(to_python(runner.run(f"RandomVariate[{K}, {{20, 500}}]")))
    assert smooth.shape == (20, 500)
    assert smooth.mean() == pytest.approx(3.3, abs=0.1)


def test_other_forms_stay():
    check("Mean[EmpiricalDistribution[{a, b}]]", "Mean[EmpiricalDistribution[{a, b}]]")
    check("RandomVariate[EmpiricalDistribution[{1, 2} -> {3}]]",
          "RandomVariate[EmpiricalDistribution[{1, 2} -> {3}]]", ["RandomVariate::nodist"])
