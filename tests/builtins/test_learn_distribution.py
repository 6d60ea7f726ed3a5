"""LearnDistribution and LearnedDistribution (wlnet/builtins/learn_distribution.py): PDF,
RandomVariate, RarerProbability, SynthesizeMissingValues, Information."""

import numpy as np
import pytest
from scipy.stats import multivariate_normal, norm

from wlnet.core.expr import to_python
from tests.builtins._support import check_example, close_printed, declared_examples
from wlnet.core.session import Session
from wlnet.syntax.printer import input_form, output_form


@pytest.fixture
def session():
    return Session(echo=False)


def value(session, code):
    out = session.evaluate(code)
    assert session.messages == [], session.messages
    return to_python(out)


NUMBERS = "{1.2, 2.3, 1.9, 2.8, 3.1, 1.7, 2.2, 2.5}"


def test_kernel_density_is_the_mean_of_gaussian_kernels(session):
    session.evaluate(f"ld = LearnDistribution[{NUMBERS}]")
    assert output_form(session.evaluate("ld")) == \
        "LearnedDistribution[Input type: Numerical, Method: KernelDensityEstimation]"
    data = np.array([1.2, 2.3, 1.9, 2.8, 3.1, 1.7, 2.2, 2.5])
    q75, q25 = np.percentile(data, [75, 25])
    h = min(data.std(), (q75 - q25) / 1.349) * (4 / 3) ** 0.2 * len(data) ** -0.2
    want = [norm.pdf(x, data, h).mean() for x in (1.0, 2.0, 3.5)]
    assert np.allclose(value(session, "PDF[ld, {1.0, 2.0, 3.5}]"), want)
    assert np.isclose(value(session, "PDF[ld, 2.0]"), want[1])


def test_kernel_size_suboption(session):
    session.evaluate('ld = LearnDistribution[{0, 2}, Method -> {"KernelDensityEstimation", '
                     '"KernelSize" -> 0.5}]')
    assert np.isclose(value(session, "PDF[ld, 1]"), norm.pdf(1, 0, 0.5))


def test_multinormal_pdf_and_exact_rarer_probability(session):
    data = np.array([[1, 2], [2, 3.5], [3, 6.1], [4, 8], [5, 9.9]])
    session.evaluate("ld = LearnDistribution[{{1, 2}, {2, 3.5}, {3, 6.1}, {4, 8}, {5, 9.9}}, "
                     'Method -> "Multinormal"]')
    gauss = multivariate_normal(data.mean(axis=0), np.cov(data.T, bias=True))
    assert np.isclose(value(session, "PDF[ld, {3, 6}]"), gauss.pdf([3, 6]), rtol=1e-3)   # a tiny ridge
    # the probability of a lower density: the chi-square tail of the Mahalanobis distance
    d2 = -2 * (gauss.logpdf([3, 6]) - gauss.logpdf(data.mean(axis=0)))
    assert np.isclose(value(session, "RarerProbability[ld, {3, 6}]"), np.exp(-d2 / 2),
                      rtol=1e-3)


def test_nominal_data_is_a_contingency_table(session):
    session.evaluate('ld = LearnDistribution[{"A", "B", "A", "A", "C"}]')
    assert output_form(session.evaluate("ld")) == \
        "LearnedDistribution[Input type: Nominal, Method: ContingencyTable]"
    assert value(session, 'PDF[ld, {"A", "B", "D"}]') == [0.6, 0.2, 0.0]
    # P(PDF(y) <= PDF(x)): for "B" itself and "C", 0.4; an unseen value is never drawn
    assert np.allclose(value(session, 'RarerProbability[ld, {"A", "B", "D"}]'), [1, 0.4, 0])
    session.evaluate("SeedRandom[3]")
    samples = value(session, "RandomVariate[ld, 2000]")
    assert abs(samples.count("A") / 2000 - 0.6) < 0.05 and set(samples) == {"A", "B", "C"}


def test_rarer_probability_of_a_kernel_estimate_is_sampled(session):
    session.evaluate("SeedRandom[1]; ld = LearnDistribution[RandomVariate["
                     "NormalDistribution[], 300]]")
    rarer = value(session, "RarerProbability[ld, {0, 1.96, 5}]")
    assert rarer[0] > 0.8 and 0.01 < rarer[1] < 0.12 and rarer[2] == 0.0


def test_gaussian_mixture_finds_two_components(session):
    session.evaluate("SeedRandom[2]; ld = LearnDistribution[Join[RandomVariate["
                     "NormalDistribution[0, 1], 200], RandomVariate[NormalDistribution[8, 1], "
                     '200]], Method -> "GaussianMixture"]')
    pdf = value(session, "PDF[ld, {0, 4, 8}]")
    assert abs(pdf[0] - 0.2) < 0.04 and pdf[1] < 0.01 and abs(pdf[2] - 0.2) < 0.04


def test_mixed_and_association_examples(session):
    session.evaluate('ld = LearnDistribution[{{1, "a"}, {1.5, "a"}, {5, "b"}, {5.5, "b"}}]')
    assert output_form(session.evaluate("ld")) == \
        "LearnedDistribution[Input type: Mixed, Method: KernelDensityEstimation]"
    near, far = value(session, 'PDF[ld, {{1.2, "a"}, {1.2, "b"}}]')
    assert near > 2 * far > 0
    session.evaluate("SeedRandom[1]")
    sample = session.evaluate("RandomVariate[ld]")
    assert input_form(sample).startswith("{") and sample.args[1].value in ("a", "b")
    session.evaluate('la = LearnDistribution[{<|"a" -> 1, "b" -> x|>, <|"a" -> 2, "b" -> y|>}]')
    keys = value(session, "Keys[RandomVariate[la]]")
    assert keys == ["a", "b"]


def test_synthesize_missing_values_follows_the_correlation(session):
    session.evaluate("ld = LearnDistribution[{{1, 2}, {2, 4.1}, {3, 5.9}, {4, 8}, {5, 10.1}},"
                     ' Method -> "Multinormal"]; SeedRandom[4]')
    filled = value(session, "Table[SynthesizeMissingValues[ld, {3, Missing[]}], {50}]")
    ys = np.array([f[1] for f in filled])
    assert all(f[0] == 3 for f in filled) and abs(ys.mean() - 6) < 0.3
    data = value(session, "SynthesizeMissingValues[{{1, 2}, {2, 4}, {3, 6}, {Missing[], 5}}]")
    assert data[:3] == [[1, 2], [2, 4], [3, 6]] and data[3][1] == 5
    assert isinstance(data[3][0], float)


def test_information(session):
    session.evaluate(f"ld = LearnDistribution[{NUMBERS}]")
    assert value(session, 'Information[ld, "ExampleNumber"]') == 8
    assert value(session, 'Information[ld, {"Method", "FeatureTypes"}]') == \
        ["KernelDensityEstimation", "Numerical"]


@pytest.mark.parametrize("code, tag", [
    ('LearnDistribution[{1, 2}, Method -> "Foo"]', "LearnDistribution::mthd"),
    ('LearnDistribution[{"a", {1}}]', "LearnDistribution::data"),
    ("LearnDistribution[{}]", "LearnDistribution::data"),
    ('LearnDistribution[{"a", "b"}, Method -> "Multinormal"]', "LearnDistribution::nnum"),
    ("LearnDistribution[{1, 2}, Foo -> 1]", "LearnDistribution::optx"),
    ('LearnDistribution[{1, 2}, Method -> {"GaussianMixture", "ComponentsNumber" -> 5}]',
     "LearnDistribution::ncomp"),
])
def test_bad_calls(session, code, tag):
    out = session.evaluate(code)
    assert output_form(out).startswith("LearnDistribution[")
    assert any(tag in m for m in session.messages), session.messages


def test_an_example_of_another_form(session):
    session.evaluate(f"ld = LearnDistribution[{NUMBERS}]")
    assert output_form(session.evaluate('PDF[ld, "x"]')) == "$Failed"
    assert any("LearnedDistribution::ftype" in m for m in session.messages)


@pytest.mark.parametrize("name,text,expected", declared_examples("learn_distribution"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


def test_entropy_and_evaluation_options(session):
    session.evaluate('ld = LearnDistribution[{"A", "B", "A", "A", "C"}]')
    want = -(0.6 * np.log(0.6) + 2 * 0.2 * np.log(0.2))
    assert np.isclose(value(session, 'Information[ld, "Entropy"]'), want)
    session.evaluate("SeedRandom[1]; ln = LearnDistribution[RandomVariate[NormalDistribution[0, 2], "
                     "400], Method -> \"Multinormal\"]")
    assert abs(value(session, 'Information[ln, "Entropy"]') - 0.5 * np.log(2 * np.pi * np.e * 4)) < 0.1
    session.evaluate(f"lk = LearnDistribution[{NUMBERS}]")
    assert value(session, 'PDF[lk, 2., PerformanceGoal -> "Quality"]') == \
        value(session, "PDF[lk, 2.]")
    assert 0 <= value(session, "RarerProbability[lk, 2., MaxIterations -> 100]") <= 1


def test_synthesize_with_few_complete_examples(session):
    session.evaluate("SeedRandom[1]")
    filled = value(session, "SynthesizeMissingValues[{{1, Missing[]}, {Missing[], 2}, {3, 4}}]")
    assert all(isinstance(v, (int, float)) for row in filled for v in row)
    assert filled[2] == [3, 4] and filled[0][0] == 1 and filled[1][1] == 2
    pair = session.evaluate("SynthesizeMissingValues[{{1, a}, {Missing[], b}}]")
    assert "Missing" not in input_form(pair) and session.messages == []


def test_a_list_of_nominal_examples_is_not_one_example(session):
    session.evaluate('ld = LearnDistribution[{{"a", "x"}, {"b", "y"}, {"a", "x"}}]')
    assert np.allclose(value(session, 'PDF[ld, {{"a", "x"}, {"b", "y"}}]'), [2 / 3, 1 / 3])
    assert np.isclose(value(session, 'PDF[ld, {"a", "x"}]'), 2 / 3)


def test_rarer_probability_of_standard_distributions(session):
    got = value(session, "{RarerProbability[NormalDistribution[], 2], RarerProbability["
                         "NormalDistribution[1, 2], {1, 5}], RarerProbability["
                         "ExponentialDistribution[1], {-1, 0, 2}], RarerProbability["
                         "UniformDistribution[{0, 1}], {0.5, 2}]}")
    assert np.isclose(got[0], 2 * norm.sf(2))
    assert np.allclose(got[1], [1.0, 2 * norm.sf(2)])
    assert np.allclose(got[2], [0.0, 1.0, np.exp(-2)])
    assert got[3] == [1.0, 0.0]
    out = session.evaluate("RarerProbability[GammaDistribution[2, 1], 3]")
    assert output_form(out).startswith("RarerProbability[")        # no closed form here
