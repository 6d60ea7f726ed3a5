"""PDF, CDF, InverseCDF and moments of distributions (WL's formulas, checked against
scipy.stats at machine points), Skewness, Kurtosis, Commonest, RandomPermutation."""

import math

import pytest
from scipy import stats

from tests.builtins._support import MATHICS, MISSING_IN_MATHICS, check, check_example, \
    close_printed, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("distributions"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


@pytest.mark.parametrize("dist,scipy_dist,point", [
    ("NormalDistribution[1, 2]", stats.norm(1, 2), 0.3),
    ("UniformDistribution[{1, 3}]", stats.uniform(1, 2), 2.5),
    ("ExponentialDistribution[2]", stats.expon(scale=0.5), 0.7),
    ("GammaDistribution[2, 3]", stats.gamma(2, scale=3), 1.5),
    ("BetaDistribution[2, 3]", stats.beta(2, 3), 0.4),
    ("LogNormalDistribution[0, 1]", stats.lognorm(1), 1.3),
    ("LaplaceDistribution[0, 2]", stats.laplace(0, 2), -0.5),
    ("CauchyDistribution[0, 1]", stats.cauchy(0, 1), 0.5),
    ("LogisticDistribution[0, 1]", stats.logistic(0, 1), 0.5),
    ("ChiSquareDistribution[3]", stats.chi2(3), 2.0),
    ("StudentTDistribution[4]", stats.t(4), 0.5),
    ("RayleighDistribution[2]", stats.rayleigh(scale=2), 1.0),
    ("WeibullDistribution[2, 3]", stats.weibull_min(2, scale=3), 2.0),
])
def test_densities_and_distribution_functions_match_scipy(dist, scipy_dist, point):
    pdf = run(f"PDF[{dist}, {point}]").value.value
    assert pdf == pytest.approx(scipy_dist.pdf(point), rel=1e-10)
    cdf = run(f"CDF[{dist}, {point}]").value
    if cdf.head.name != "CDF":
        assert cdf.value == pytest.approx(scipy_dist.cdf(point), rel=1e-10)
    mean = run(f"N[Mean[{dist}]]").value
    if mean.head.name == "Real":
        assert mean.value == pytest.approx(scipy_dist.mean(), rel=1e-10)


@pytest.mark.parametrize("dist,scipy_dist,k", [
    ("PoissonDistribution[2.5]", stats.poisson(2.5), 3),
    ("BinomialDistribution[10, 0.3]", stats.binom(10, 0.3), 4),
    ("GeometricDistribution[0.2]", stats.geom(0.2, loc=-1), 2),
    ("BernoulliDistribution[0.3]", stats.bernoulli(0.3), 1),
])
def test_discrete_probabilities_match_scipy(dist, scipy_dist, k):
    assert run(f"PDF[{dist}, {k}]").value.value == pytest.approx(scipy_dist.pmf(k), rel=1e-10)
    assert run(f"PDF[{dist}, {k} + 1/2]").value.value == 0


@pytest.mark.parametrize("text,expected", [
    ("PDF[NormalDistribution[0, 1], 0]", "1/Sqrt[2 Pi]"),
    ("CDF[UniformDistribution[{0, 1}], x]",
     "Piecewise[{{x, 0 <= x <= 1}, {1, x > 1}}, 0]"),
    ("PDF[ExponentialDistribution[l], x]", "Piecewise[{{E^(-l x) l, x >= 0}}, 0]"),
    ("Mean[NormalDistribution[m, s]]", "m"),
    ("Variance[UniformDistribution[{0, 1}]]", "1/12"),
    ("StandardDeviation[ExponentialDistribution[2]]", "1/2"),
    ("InverseCDF[ExponentialDistribution[1], 1/2]", "Log[2]"),
    ("PDF[ExponentialDistribution[1]][2]", "E^(-2)"),
])
def test_symbolic_and_exact_values(text, expected):
    check(text, expected, evaluate_expected=True)


def test_data_statistics():
    check("Commonest[{b, a, b, c, a}]", "{b, a}")
    check("Sort[RandomPermutation[6]]", "{1, 2, 3, 4, 5, 6}")
    check("Length[RandomPermutation[4, 3]]", "3")
    assert run("PDF[Foo[1], 2]").tags == ["PDF::nodist"]


def test_normal_quantiles_and_quantile_of_a_distribution():
    from scipy.stats import norm
    from tests.builtins._support import Runner
    r = Runner()
    assert r.run("InverseCDF[NormalDistribution[m, s], q]") == \
        r.run("m - Sqrt[2] s InverseErfc[2 q]")
    values = r.run("InverseCDF[NormalDistribution[2, 3], {0.1, 0.5, 0.975}]")
    assert [v.value for v in values.args] == pytest.approx(norm.ppf([0.1, 0.5, 0.975], 2, 3))
    assert r.run("Quantile[NormalDistribution[2, 3], 0.25]").value == \
        pytest.approx(norm.ppf(0.25, 2, 3))
    assert r.run("Quantile[ExponentialDistribution[2], 1/2]") == r.run("Log[2]/2")
    assert r.run("InverseCDF[LogNormalDistribution[0, 1], 0.5]").value == pytest.approx(1.0)
    assert r.run("Quantile[{1, 2, 3, 4}, 0.5]").value == 2          # data: as before
    assert not r.messages


@pytest.mark.parametrize("dist,scipy_dist", [
    ("PoissonDistribution[2.5]", stats.poisson(2.5)),
    ("BinomialDistribution[10, 0.3]", stats.binom(10, 0.3)),
    ("GeometricDistribution[0.2]", stats.geom(0.2, loc=-1)),
    ("BernoulliDistribution[0.3]", stats.bernoulli(0.3)),
])
def test_discrete_distribution_functions_match_scipy(dist, scipy_dist):
    points = [-1, 0, 2, 3.5, 10, 12]
    values = run(f"CDF[{dist}, {{{', '.join(map(str, points))}}}]").value
    assert [float(v.value) for v in values.args] == \
        pytest.approx(scipy_dist.cdf(points), rel=1e-10, abs=1e-15)


@pytest.mark.parametrize("dist,scipy_dist", [
    ("GammaDistribution[2, 3]", stats.gamma(2, scale=3)),
    ("BetaDistribution[2, 3]", stats.beta(2, 3)),
    ("ChiSquareDistribution[3]", stats.chi2(3)),
    ("StudentTDistribution[4]", stats.t(4)),
    ("LaplaceDistribution[1, 2]", stats.laplace(1, 2)),
    ("BernoulliDistribution[0.3]", stats.bernoulli(0.3)),
    ("GeometricDistribution[0.2]", stats.geom(0.2, loc=-1)),
])
def test_inverse_distribution_functions_match_scipy(dist, scipy_dist):
    qs = [0.05, 0.3, 0.5, 0.8, 0.99]
    values = run(f"InverseCDF[{dist}, {{{', '.join(map(str, qs))}}}]").value
    assert [float(v.value) for v in values.args] == \
        pytest.approx(scipy_dist.ppf(qs), rel=1e-8, abs=1e-12)


@pytest.mark.parametrize("text,expected", [
    ("CDF[BinomialDistribution[10, 1/2], 4]", "193/512"),
    ("CDF[PoissonDistribution[2], 3]", "19/(3 E^2)"),
    ("CDF[BetaDistribution[2, 3], 1/2]", "11/16"),
    ("InverseCDF[GammaDistribution[2, 3], 0]", "0"),
    ("InverseCDF[GammaDistribution[2, 3], 1]", "Infinity"),
    ("InverseCDF[StudentTDistribution[3], 1/2]", "0"),
    ("InverseCDF[LaplaceDistribution[m, b], 1/4]", "m + b Log[1/2]"),
])
def test_exact_distribution_functions(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("text,expected", [
    ("CDF[GammaDistribution[a, b], x]",
     "Piecewise[{{GammaRegularized[a, 0, x/b], x > 0}}, 0]"),
    ("CDF[ChiSquareDistribution[k], x]",
     "Piecewise[{{GammaRegularized[k/2, 0, x/2], x > 0}}, 0]"),
    ("PDF[PoissonDistribution[m], x]", "Piecewise[{{E^(-m)*m^x/x!, x >= 0}}, 0]"),
])
def test_symbolic_distribution_functions(text, expected):
    # Piecewise holds its cases, so the printed forms are compared
    from wlnet.syntax.printer import input_form
    assert input_form(run(text).value) == expected


@pytest.mark.parametrize("text,expected", [
    ("PDF[PoissonDistribution[2], {3, 7/2, 3.5, -1}]", "{4/(3 E^2), 0, 0, 0}"),
    ("PDF[DiscreteUniformDistribution[{1, 6}], {0, 3, 7/2, 6, 7}]", "{0, 1/6, 0, 1/6, 0}"),
    ("CDF[DiscreteUniformDistribution[{1, 6}], {0, 3, 3.5, 6, 7}]", "{0, 1/2, 1/2, 1, 1}"),
    ("Mean[DiscreteUniformDistribution[{1, 6}]]", "7/2"),
    ("Variance[DiscreteUniformDistribution[{1, 6}]]", "35/12"),
    ("InverseCDF[DiscreteUniformDistribution[{1, 6}], {0, 1/3, 1/2, 0.51, 1}]",
     "{1, 2, 3, 4, 6}"),
    ("Variance[DiscreteUniformDistribution[{a, b}]]", "((1 - a + b)^2 - 1)/12"),
])
def test_discrete_masses_and_discrete_uniform(text, expected):
    from wlnet.syntax.printer import input_form
    r = run(text)
    assert not r.messages
    assert input_form(r.value) == input_form(r.session.evaluate(expected))


def test_quantiles_of_counting_distributions_match_scipy():
    qs = [0, 0.1, 0.5, 0.9, 0.999]
    levels = "{" + ", ".join(map(str, qs)) + "}"
    got = run(f"{{InverseCDF[PoissonDistribution[2.5], {levels}], "
              f"Quantile[BinomialDistribution[10, 0.3], {levels}]}}").value
    poisson, binomial = ([x.value for x in part.args] for part in got.args)
    assert poisson == [max(0, int(k)) for k in stats.poisson(2.5).ppf(qs)]
    assert binomial == [max(0, int(k)) for k in stats.binom(10, 0.3).ppf(qs)]
    check("InverseCDF[BinomialDistribution[10, 1/2], 193/512]", "4")
    check("InverseCDF[PoissonDistribution[2], 1]", "Infinity", evaluate_expected=True)


def test_multinormal_density_and_moments():
    mean, cov = [1, 2], [[2, 0.5], [0.5, 1]]
    dist = "MultinormalDistribution[{1, 2}, {{2, 1/2}, {1/2, 1}}]"
    values = run(f"PDF[{dist}, {{{{1.5, 1.}}, {{0., 3.5}}}}]").value
    assert [v.value for v in values.args] == pytest.approx(
        stats.multivariate_normal(mean, cov).pdf([[1.5, 1.0], [0.0, 3.5]]), rel=1e-10)
    check(f"PDF[{dist}, {{1, 2}}]", "1/(Sqrt[7] Pi)", evaluate_expected=True)
    check(f"PDF[{dist}][{{1, 2}}]", "1/(Sqrt[7] Pi)", evaluate_expected=True)
    check(f"{{Mean[{dist}], Variance[{dist}], Covariance[{dist}]}}",
          "{{1, 2}, {2, 1}, {{2, 1/2}, {1/2, 1}}}", evaluate_expected=True)
    check("PDF[MultinormalDistribution[{{1, 0}, {0, 1}}], {x, y}]",
          "E^(-(x^2 + y^2)/2)/(2 Pi)", evaluate_expected=True)


def test_binormal_is_the_bivariate_multinormal():
    dist = "BinormalDistribution[{1, 2}, {2, 3}, 1/2]"
    check(f"{{Mean[{dist}], Variance[{dist}], Covariance[{dist}]}}",
          "{{1, 2}, {4, 9}, {{4, 3}, {3, 9}}}", evaluate_expected=True)
    check("StandardDeviation[BinormalDistribution[{3, 4}, r]]", "{3, 4}",
          evaluate_expected=True)
    scipy_dist = stats.multivariate_normal([1, 2], [[4, 3], [3, 9]])
    density = run(f"PDF[{dist}, {{1.5, 1.}}]").value
    assert density.value == pytest.approx(scipy_dist.pdf([1.5, 1.0]), rel=1e-10)
    # the CDF at approximate numbers; at the mean of BinormalDistribution[ρ] it is
    # 1/4 + ArcSin[ρ]/(2 Pi)
    cdf = run(f"CDF[{dist}, {{{{1.5, 1.}}, {{0., 3.5}}}}]").value
    assert [v.value for v in cdf.args] == pytest.approx(
        [scipy_dist.cdf([1.5, 1.0]), scipy_dist.cdf([0.0, 3.5])], rel=1e-5)
    assert run("N[CDF[BinormalDistribution[1/2], {0, 0}]]").value.value == \
        pytest.approx(0.25 + math.asin(0.5) / (2 * math.pi), rel=1e-6)
    sample = run("SeedRandom[3]; RandomVariate[BinormalDistribution[0.8], 4000]")
    assert sample.messages == [] and len(sample.value.args) == 4000
    assert run("Dimensions[RandomVariate[BinormalDistribution[0.8], 5]]").value \
        .args[1].value == 2


@pytest.mark.parametrize("dist,scipy_dist,points,qs", [
    ("ErlangDistribution[3, 2]", stats.gamma(3, scale=0.5), [0.5, 2.0], [0.2, 0.9]),
    ("HalfNormalDistribution[1.5]", stats.halfnorm(scale=math.sqrt(math.pi / 2) / 1.5),
     [0.3, 1.2], [0.2, 0.9]),
    ("ChiDistribution[3]", stats.chi(3), [0.5, 2.0], [0.2, 0.9]),
    ("MaxwellDistribution[2]", stats.maxwell(scale=2), [1.0, 4.0], [0.2, 0.9]),
    ("InverseGammaDistribution[3, 2]", stats.invgamma(3, scale=2), [0.5, 2.0], [0.2, 0.9]),
    ("NakagamiDistribution[2, 3]", stats.nakagami(2, scale=math.sqrt(3)), [0.5, 2.0],
     [0.2, 0.9]),
    ("NegativeBinomialDistribution[3, 0.4]", stats.nbinom(3, 0.4), [0, 4], [0.2, 0.9]),
])
def test_more_distributions_match_scipy_and_sample(dist, scipy_dist, points, qs):
    discrete = hasattr(scipy_dist, "pmf")
    for x in points:
        pdf = run(f"PDF[{dist}, {x}]").value.value
        want = scipy_dist.pmf(x) if discrete else scipy_dist.pdf(x)
        assert float(pdf) == pytest.approx(want, rel=1e-9)
        assert float(run(f"CDF[{dist}, {x}]").value.value) == \
            pytest.approx(scipy_dist.cdf(x), rel=1e-9)
    for q in qs:
        assert float(run(f"InverseCDF[{dist}, {q}]").value.value) == \
            pytest.approx(scipy_dist.ppf(q), rel=1e-8)
    assert float(run(f"N[Mean[{dist}]]").value.value) == pytest.approx(scipy_dist.mean())
    assert float(run(f"N[Variance[{dist}]]").value.value) == pytest.approx(scipy_dist.var())
    sample = run(f"Mean[RandomVariate[{dist}, 40000]]").value
    assert float(sample.value) == pytest.approx(scipy_dist.mean(), rel=0.05)


def test_median_of_a_distribution_is_its_middle_quantile():
    check("{Median[ExponentialDistribution[l]], Median[NormalDistribution[m, s]], "
          "Median[DiscreteUniformDistribution[{1, 6}]], Median[PoissonDistribution[3.5]]}",
          "{Log[2]/l, m, 3, 3}", evaluate_expected=True)
    assert float(run("N[Median[GammaDistribution[2, 3]]]").value.value) == \
        pytest.approx(stats.gamma(2, scale=3).median())
    check("Median[{1, 5, 2}]", "2")


@pytest.mark.parametrize("dist,scipy_dist", [
    ("NormalDistribution[1, 2]", stats.norm(1, 2)),
    ("UniformDistribution[{1, 3}]", stats.uniform(1, 2)),
    ("DiscreteUniformDistribution[{1, 6}]", stats.randint(1, 7)),
    ("ExponentialDistribution[2]", stats.expon(scale=0.5)),
    ("GammaDistribution[2, 3]", stats.gamma(2, scale=3)),
    ("ErlangDistribution[3, 2]", stats.gamma(3, scale=0.5)),
    ("BetaDistribution[2, 5]", stats.beta(2, 5)),
    ("LogNormalDistribution[0, 0.5]", stats.lognorm(0.5)),
    ("LaplaceDistribution[0, 2]", stats.laplace(0, 2)),
    ("LogisticDistribution[0, 1]", stats.logistic(0, 1)),
    ("PoissonDistribution[2.5]", stats.poisson(2.5)),
    ("BernoulliDistribution[0.3]", stats.bernoulli(0.3)),
    ("BinomialDistribution[10, 0.3]", stats.binom(10, 0.3)),
    ("GeometricDistribution[0.2]", stats.geom(0.2, loc=-1)),
    ("NegativeBinomialDistribution[3, 0.4]", stats.nbinom(3, 0.4)),
    ("ChiSquareDistribution[3]", stats.chi2(3)),
    ("StudentTDistribution[7]", stats.t(7)),
    ("RayleighDistribution[2]", stats.rayleigh(scale=2)),
    ("HalfNormalDistribution[1.5]", stats.halfnorm(scale=math.sqrt(math.pi / 2) / 1.5)),
    ("MaxwellDistribution[2]", stats.maxwell(scale=2)),
    ("InverseGammaDistribution[6, 2]", stats.invgamma(6, scale=2)),
])
def test_skewness_and_kurtosis_match_scipy(dist, scipy_dist):
    skew, excess = scipy_dist.stats(moments="sk")
    got = run(f"N[{{Skewness[{dist}], Kurtosis[{dist}]}}]").value
    assert [float(v.value) for v in got.args] == pytest.approx(
        [float(skew), float(excess) + 3], rel=1e-9, abs=1e-12)
