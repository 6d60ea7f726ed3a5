"""Goodness-of-fit tests and distribution finding (wlnet/builtins/goodness_of_fit.py):
statistics checked against their definitions, p-values against SciPy's null
distributions, FindDistribution's ranking against the likelihoods of the fits."""

import math

import numpy as np
import pytest
from scipy import stats

from tests.builtins._support import check_example, declared_examples, run

DATA = [0.12, 0.55, 0.91, 0.33, 0.27, 0.74, 0.48]
NORMALISH = [0.1, 0.5, 0.9, 1.3, 2.2, -0.4, 0.7, 1.1]


def _wl(values) -> str:
    return "{" + ", ".join(repr(v) for v in values) + "}"


def _real(text: str) -> float:
    runner = run(text)
    assert not runner.messages, runner.messages
    return runner.value.value


@pytest.mark.parametrize("name,text,expected", declared_examples("goodness_of_fit"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_kolmogorov_smirnov_statistic_is_the_largest_cdf_gap():
    xs = np.sort(DATA)
    n = len(xs)
    gap = max((np.arange(1, n + 1) / n - xs).max(), (xs - np.arange(n) / n).max())
    got = _real(f'KolmogorovSmirnovTest[{_wl(DATA)}, UniformDistribution[], "TestStatistic"]')
    assert math.isclose(got, gap, rel_tol=1e-12)
    p = _real(f"KolmogorovSmirnovTest[{_wl(DATA)}, UniformDistribution[]]")
    assert math.isclose(p, stats.kstwo.sf(gap, n), rel_tol=1e-9)


def test_kolmogorov_smirnov_of_a_normal_distribution_with_numbers():
    expected = stats.kstest(NORMALISH, "norm", args=(1, 2), method="exact")
    got = run(f'KolmogorovSmirnovTest[{_wl(NORMALISH)}, NormalDistribution[1, 2], "TestData"]')
    statistic, p = (x.value for x in got.value.args)
    assert math.isclose(statistic, expected.statistic, rel_tol=1e-9)
    assert math.isclose(p, expected.pvalue, rel_tol=1e-6)


def test_symbolic_parameters_are_estimated_first():
    runner = run(f'KolmogorovSmirnovTest[{_wl(NORMALISH)}, NormalDistribution[m, s], '
                 f'"FittedDistributionParameters"]')
    m, s = (rule.args[1].value for rule in runner.value.args)
    assert math.isclose(m, np.mean(NORMALISH), rel_tol=1e-12)
    assert math.isclose(s, np.std(NORMALISH), rel_tol=1e-12)
    # data alone: tested against the fitted normal distribution
    assert _real(f"KolmogorovSmirnovTest[{_wl(NORMALISH)}]") == \
        _real(f"KolmogorovSmirnovTest[{_wl(NORMALISH)}, NormalDistribution[m, s]]")


def test_two_samples():
    other = [0.2, 1.5, 2.9, 3.0, 0.05]
    expected = stats.ks_2samp(DATA, other, method="exact")
    assert math.isclose(_real(f"KolmogorovSmirnovTest[{_wl(DATA)}, {_wl(other)}]"),
                        expected.pvalue, rel_tol=1e-9)


def test_distribution_fit_test_chooses_shapiro_wilk_for_normality():
    runner = run(f'DistributionFitTest[{_wl(NORMALISH)}, Automatic, "AutomaticTest"]')
    assert runner.value.value == "ShapiroWilk"
    assert math.isclose(_real(f"DistributionFitTest[{_wl(NORMALISH)}]"),
                        stats.shapiro(NORMALISH).pvalue, rel_tol=1e-9)


def test_anderson_darling_statistic_and_p_value():
    u = np.sort(DATA)
    n = len(u)
    i = np.arange(1, n + 1)
    a2 = -n - np.mean((2 * i - 1) * (np.log(u) + np.log(1 - u[::-1])))
    got = run(f'DistributionFitTest[{_wl(DATA)}, UniformDistribution[], "TestData"]')
    statistic, p = (x.value for x in got.value.args)
    assert math.isclose(statistic, a2, rel_tol=1e-9)
    assert 0.5 < p <= 1          # uniform-looking data: no evidence against the null
    far = [v / 4 for v in DATA]  # all in [0, 1/4]: strong evidence
    assert _real(f'DistributionFitTest[{_wl(far)}, UniformDistribution[]]') < 0.01


def test_named_tests_and_conclusions():
    expected = stats.cramervonmises(DATA, "uniform")
    got = _real(f'DistributionFitTest[{_wl(DATA)}, UniformDistribution[], "CramerVonMises"]')
    assert math.isclose(got, expected.pvalue, rel_tol=1e-6)
    runner = run(f'DistributionFitTest[{_wl(DATA)}, UniformDistribution[], '
                 f'"ShortTestConclusion"]')
    assert runner.value.value == "Do not reject"
    runner = run(f'DistributionFitTest[{_wl(DATA)}, UniformDistribution[], "AllTests"]')
    assert [s.value for s in runner.value.args] == ["AndersonDarling", "CramerVonMises",
                                                    "KolmogorovSmirnov", "PearsonChiSquare"]


@pytest.mark.parametrize("text,tag", [
    ('DistributionFitTest[{a, 0.5, 0.9}, UniformDistribution[]]', "DistributionFitTest::data"),
    ('DistributionFitTest[{0.1, 0.5, 0.9}, UniformDistribution[], "Foo"]',
     "DistributionFitTest::prop"),
    ('KolmogorovSmirnovTest[{0.1, 0.5, 0.9}, UniformDistribution[], "ShapiroWilk"]',
     "KolmogorovSmirnovTest::prop"),
    ('DistributionFitTest[{0.1, 0.5, 0.9}, f[2]]', "DistributionFitTest::nodist"),
    ('DistributionFitTest[{0.1, 0.5, 0.9}, UniformDistribution[], "ShapiroWilk"]',
     "DistributionFitTest::notest"),
    ('FindDistribution[{1, 2}, 2, "Foo"]', "FindDistribution::prop"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(text, tag):
    runner = run(text)
    assert runner.tags == [tag]
    assert runner.value.head.name == text.split("[", 1)[0]


def test_find_distribution_ranks_the_fits_by_bic():
    data = [1.2, 2.3, 0.5, 3.1, 2.2, 0.8, 1.1, 1.7, 0.9]
    runner = run(f'FindDistribution[{_wl(data)}, 3, {{"BIC", "LogLikelihood", "Complexity"}}]')
    rows = runner.value.args
    assert len(rows) == 3
    bics = [row.args[1].args[0].value for row in rows]
    assert bics == sorted(bics, reverse=True)
    n = len(data)
    for row in rows:
        bic, mean_ll, k = row.args[1].args
        total = run(f"N[LogLikelihood[{row.args[0]}, {_wl(data)}]]".replace("`", "")).value
        assert math.isclose(mean_ll.value, total.value / n, rel_tol=1e-9)
        assert math.isclose(bic.value, 2 * mean_ll.value - k.value * math.log(n) / n,
                            rel_tol=1e-9)
    best = run(f"FindDistribution[{_wl(data)}]").value
    assert best == rows[0].args[0]


def test_find_distribution_of_counts_is_discrete():
    runner = run("FindDistribution[{3, 1, 4, 1, 5, 2, 2}]")
    assert runner.value.head.name in ("PoissonDistribution", "GeometricDistribution")


def test_pearson_chi_square_of_a_discrete_distribution_with_an_estimated_parameter():
    counts = [3, 1, 4, 1, 5, 2, 2, 3, 0, 2, 4, 1]
    rate = np.mean(counts)
    # cells 0, 1, 2, 3, 4 and "5 or more"
    probabilities = np.append(stats.poisson.pmf(np.arange(5), rate), stats.poisson.sf(4, rate))
    observed = np.bincount(counts, minlength=6)
    expected = stats.chisquare(observed, len(counts) * probabilities, ddof=1)
    runner = run(f'DistributionFitTest[{_wl(counts)}, PoissonDistribution[m], "AutomaticTest"]')
    assert runner.value.value == "PearsonChiSquare"
    got = run(f'DistributionFitTest[{_wl(counts)}, PoissonDistribution[m], "TestData"]')
    statistic, p = (x.value for x in got.value.args)
    assert math.isclose(statistic, expected.statistic, rel_tol=1e-9)
    assert math.isclose(p, expected.pvalue, rel_tol=1e-9)


def test_pearson_chi_square_of_a_continuous_distribution_uses_equiprobable_cells():
    cells = math.ceil(2 * len(DATA) ** 0.4)
    observed = np.bincount((np.array(DATA) * cells).astype(int), minlength=cells)
    expected = stats.chisquare(observed)
    got = _real(f'DistributionFitTest[{_wl(DATA)}, UniformDistribution[], "PearsonChiSquare"]')
    assert math.isclose(got, expected.pvalue, rel_tol=1e-9)


def test_significance_level_sets_where_the_conclusion_turns():
    p = _real(f'DistributionFitTest[{_wl(DATA)}, UniformDistribution[]]')
    for level, verdict in ((p / 2, "Do not reject"), ((p + 1) / 2, "Reject")):
        runner = run(f'DistributionFitTest[{_wl(DATA)}, UniformDistribution[], '
                     f'"ShortTestConclusion", SignificanceLevel -> {level!r}]')
        assert runner.value.value == verdict, (level, p)
    for text, tag in (('KolmogorovSmirnovTest[{0.1, 0.5, 0.9}, SignificanceLevel -> 2]',
                       "KolmogorovSmirnovTest::siglev"),
                      ('KolmogorovSmirnovTest[{0.1, 0.5, 0.9}, Foo -> 2]',
                       "KolmogorovSmirnovTest::optx")):
        runner = run(text)
        assert runner.tags == [tag]
        assert runner.value.head.name == "KolmogorovSmirnovTest"


def test_find_distribution_target_functions_and_test_p_values():
    data = [1.2, 2.3, 0.5, 3.1, 2.2, 0.8, 1.1, 1.7, 0.9]
    runner = run(f"FindDistribution[{_wl(data)}, 5, TargetFunctions -> "
                 f"{{GammaDistribution, NormalDistribution}}]")
    assert sorted(d.head.name for d in runner.value.args) == ["GammaDistribution",
                                                              "NormalDistribution"]
    runner = run(f'FindDistribution[{_wl(data)}, 1, "PearsonChiSquare", '
                 f'TargetFunctions -> {{NormalDistribution}}]')
    (fitted, p), = (row.args for row in runner.value.args)
    m, s = (x.value for x in fitted.args)
    cells = math.ceil(2 * len(data) ** 0.4)
    u = stats.norm.cdf(data, m, s)
    observed = np.bincount((u * cells).astype(int), minlength=cells)
    assert math.isclose(p.value, stats.chisquare(observed, ddof=2).pvalue, rel_tol=1e-9)
    runner = run("FindDistribution[{1, 2, 2, 3}, 1, \"CramerVonMises\"]")
    assert runner.value.args[0].args[1].head.name == "Missing"     # a discrete fit
    runner = run(f'FindDistribution[{_wl(data)}, TargetFunctions -> "Discrete"]')
    assert runner.tags == ["FindDistribution::nofam"]


@pytest.mark.parametrize("text,tag", [
    ("FindDistribution[{1., 2.}, TargetFunctions -> {Foo}]", "FindDistribution::target"),
    ("FindDistribution[{1., 2.}, Foo -> 1]", "FindDistribution::optx"),
    ("FindDistribution[{-1., 2.}, TargetFunctions -> {GammaDistribution}]",
     "FindDistribution::nofam"),
    ("FindDistribution[{x, 2.}]", "FindDistribution::data"),
])
def test_find_distribution_bad_input(text, tag):
    runner = run(text)
    assert runner.tags == [tag]
    assert runner.value.head.name == "FindDistribution"


def test_a_list_of_properties_gives_a_list_of_values():
    both = run(f'KolmogorovSmirnovTest[{_wl(DATA)}, UniformDistribution[], '
               f'{{"TestStatistic", "PValue"}}]').value
    data = run(f'KolmogorovSmirnovTest[{_wl(DATA)}, UniformDistribution[], "TestData"]').value
    assert both == data
    runner = run(f'DistributionFitTest[{_wl(DATA)}, UniformDistribution[], {{"PValue", "Foo"}}]')
    assert runner.tags == ["DistributionFitTest::prop"]
    assert runner.value.head.name == "DistributionFitTest"


def test_exact_data_is_tested_by_its_values():
    exact = "{1/8, 1/2, 7/8, 1/3, Pi/10}"
    approximate = "N[" + exact + "]"
    for test in ("KolmogorovSmirnovTest", "DistributionFitTest"):
        assert _real(f"{test}[{exact}, UniformDistribution[]]") == \
            _real(f"{test}[{approximate}, UniformDistribution[]]")
    assert _real(f"KolmogorovSmirnovTest[{exact}, {{1, 2, 3/2}}]") == \
        _real(f"KolmogorovSmirnovTest[{approximate}, {{1., 2., 1.5}}]")


def test_find_distribution_all_properties_is_a_dataset():
    data = [1.2, 2.3, 0.5, 3.1, 2.2, 0.8, 1.1, 1.7, 0.9]
    runner = run(f'ds = FindDistribution[{_wl(data)}, 2, All]; '
                 f'{{Head[ds], Normal[ds[All, "Complexity"]], Normal[ds[All, "Distribution"]] == '
                 f'FindDistribution[{_wl(data)}, 2]}}')
    head, complexity, same = runner.value.args
    assert head.name == "Dataset" and same.name == "True"
    assert len(complexity.args) == 2 and all(c.value in (1, 2) for c in complexity.args)


def test_shapiro_wilk_only_when_mean_and_deviation_are_both_estimated():
    runner = run(f'DistributionFitTest[{_wl(NORMALISH)}, NormalDistribution[0, s], "AllTests"]')
    assert "ShapiroWilk" not in [t.value for t in runner.value.args]
