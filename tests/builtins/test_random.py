"""Random builtins: reproducible under SeedRandom, right shapes and ranges, sane
distributions.  Not compared with Mathics3 (its generator differs, and so does Wolfram's:
wlnet promises the same numbers for the same seed within wlnet only)."""

import statistics

import pytest

from tests.builtins._support import Runner, check_example, declared_examples, parse
from wlnet.core.expr import Integer, Real, to_python
from wlnet.syntax.printer import input_form


@pytest.fixture
def r():
    return Runner()


def value(r, text):
    v = r.run(text)
    assert r.messages == [], r.messages
    return to_python(v)


def seeded(r, seed, text):
    r.run(f"SeedRandom[{seed}]")
    return value(r, text)


DRAWS = [
    "RandomInteger[{1, 6}, 20]",
    "RandomReal[{0, 1}, 10]",
    "RandomChoice[{a, b, c}, 20]",
    "RandomChoice[{1, 2, 3} -> {a, b, c}, 20]",
    "RandomSample[Range[20]]",
    "RandomSample[Range[20], 5]",
    "RandomVariate[NormalDistribution[0, 1], 10]",
    "RandomVariate[UniformDistribution[{2, 3}], 10]",
]


@pytest.mark.parametrize("text", DRAWS)
def test_same_seed_same_numbers_other_seed_other_numbers(r, text):
    first = seeded(r, 42, text)
    assert seeded(r, 42, text) == first
    assert seeded(r, 43, text) != first


def test_string_seeds_are_reproducible(r):
    assert seeded(r, '"abc"', "RandomReal[]") == seeded(r, '"abc"', "RandomReal[]")
    assert seeded(r, '"abc"', "RandomReal[]") != seeded(r, '"abd"', "RandomReal[]")


def test_seed_random_without_argument_reseeds_from_entropy(r):
    assert seeded(r, "", "RandomReal[{0, 1}, 4]") != seeded(r, "", "RandomReal[{0, 1}, 4]")


@pytest.mark.parametrize("text, shape", [
    ("RandomInteger[5, 7]", (7,)),
    ("RandomInteger[5, {2, 3}]", (2, 3)),
    ("RandomReal[1, {2, 2, 2}]", (2, 2, 2)),
    ("RandomChoice[{x, y}, {3, 1}]", (3, 1)),
    ("RandomVariate[NormalDistribution[], {4, 2}]", (4, 2)),
    ("RandomInteger[5, 0]", (0,)),
])
def test_shapes(r, text, shape):
    v = value(r, text)
    for size in shape:
        assert isinstance(v, list) and len(v) == size
        v = v[0] if v else None


def test_single_draws_are_atoms(r):
    v = r.run("RandomInteger[]")
    assert type(v) is Integer and v.value in (0, 1)
    v = r.run("RandomReal[]")
    assert type(v) is Real and 0 <= v.value <= 1
    v = r.run("RandomVariate[NormalDistribution[]]")
    assert type(v) is Real


def test_integer_ranges_are_inclusive(r):
    xs = value(r, "RandomInteger[{-3, 3}, 2000]")
    assert set(xs) == set(range(-3, 4))
    assert set(value(r, "RandomInteger[2, 500]")) == {0, 1, 2}


def test_huge_integer_ranges(r):
    xs = value(r, "RandomInteger[{0, 1000000000000000000000000000000}, 50]")
    assert all(0 <= x <= 10**30 for x in xs) and max(xs) > 10**28


def test_real_ranges(r):
    xs = value(r, "RandomReal[{2, 5}, 2000]")
    assert all(2 <= x <= 5 for x in xs)
    assert abs(statistics.mean(xs) - 3.5) < 0.1
    assert all(0 <= x <= 3 for x in value(r, "RandomReal[3, 100]"))


@pytest.mark.parametrize("dist, mean, sd", [
    ("NormalDistribution[3, 2]", 3, 2),
    ("NormalDistribution[]", 0, 1),
    ("UniformDistribution[{0, 10}]", 5, 10 / 12 ** 0.5),
    ("UniformDistribution[]", 0.5, 1 / 12 ** 0.5),
])
def test_distribution_moments(r, dist, mean, sd):
    xs = seeded(r, 1, f"RandomVariate[{dist}, 20000]")
    assert abs(statistics.mean(xs) - mean) < 0.05 * max(sd, 1)
    assert abs(statistics.stdev(xs) - sd) < 0.05 * sd


def test_weighted_choice(r):
    assert set(value(r, "RandomChoice[{0, 1} -> {a, b}, 50]")) == {parse("b")}
    picks = seeded(r, 5, "RandomChoice[{1, 3} -> {0, 1}, 20000]")
    assert abs(statistics.mean(picks) - 0.75) < 0.02


def test_samples_do_not_repeat(r):
    assert sorted(value(r, "RandomSample[Range[10]]")) == list(range(1, 11))
    five = value(r, "RandomSample[Range[10], 5]")
    assert len(set(five)) == 5 and set(five) <= set(range(1, 11))
    assert sorted(value(r, "RandomSample[{1, 1, 2}]")) == [1, 1, 2]
    # All: every element, shuffled (RandomSample[trainingRules, All] in training scripts)
    assert sorted(value(r, "RandomSample[Range[10], All]")) == list(range(1, 11))


def test_samples_of_an_association_keep_its_entries():
    r = Runner()
    shuffled = r.run("RandomSample[<|a -> 1, b -> 2, c -> 3|>]")
    assert shuffled.head.name == "Association" and not r.messages
    assert sorted(input_form(x) for x in shuffled.args) == ["a -> 1", "b -> 2", "c -> 3"]
    assert len(r.run("RandomSample[<|a -> 1, b -> 2, c -> 3|>, 2]").args) == 2


def test_distributions_are_inert_with_defaults(r):
    assert r.run("NormalDistribution[]") == parse("NormalDistribution[0, 1]")
    assert r.run("UniformDistribution[]") == parse("UniformDistribution[{0, 1}]")
    assert r.run("NormalDistribution[m, s]") == parse("NormalDistribution[m, s]")


@pytest.mark.parametrize("text, tag", [
    ("RandomInteger[{a, b}]", "RandomInteger::unifr"),
    ("RandomReal[{a, 1}]", "RandomReal::unifrr"),
    ("RandomInteger[3, {-1}]", "RandomInteger::array"),
    ("RandomSample[{1, 2}, 3]", "RandomSample::smplen"),
    ("RandomChoice[{1, 2} -> {a}]", "RandomChoice::wghtv"),
    ("RandomChoice[x]", "RandomChoice::lrwl"),
    ("RandomVariate[PoissonDistribution[-2]]", "RandomVariate::nodist"),
    ("SeedRandom[1.5]", "SeedRandom::seed"),
])
def test_bad_arguments_give_messages(r, text, tag):
    v = r.run(text)
    assert v == parse(text)
    assert any(m.startswith(tag) for m in r.messages), r.messages


def test_documented_examples():
    examples = declared_examples("random")
    assert {n for n, _, _ in examples} >= {"SeedRandom", "RandomInteger", "RandomReal",
                                            "RandomChoice", "RandomSample", "RandomVariate"}
    for name, given, expected in examples:
        check_example(name, given, expected)


def test_seed_random_returns_the_generator_state(r):
    state = r.run("SeedRandom[7]")
    assert state == r.run('RandomGeneratorState[<|"Method" -> "PCG64", "Seed" -> 7|>]')
    assert r.run("Head[SeedRandom[]]") == parse("RandomGeneratorState")


def test_random_real_endpoints_that_n_makes_real(r):
    xs = value(r, "RandomReal[{0, 6 Pi}, 50]")
    assert len(xs) == 50 and all(0 <= x <= 6 * 3.141592653589793 for x in xs)
    assert value(r, "RandomReal[Sqrt[2]] <= Sqrt[2]") is True
    r.run("RandomReal[{x, 1}]")
    assert r.tags == ["RandomReal::unifrr"]


def test_random_variate_of_the_other_distributions():
    """Each samples with the distribution's own mean (10^5 draws, within a few standard
    errors); discrete ones give integers; invalid parameters are a message."""
    from tests.builtins._support import Runner
    r = Runner()
    r.run("SeedRandom[4];")
    for dist, mean in (("ExponentialDistribution[2]", 0.5), ("GammaDistribution[2, 3]", 6.0),
                       ("PoissonDistribution[3]", 3.0), ("BernoulliDistribution[0.3]", 0.3),
                       ("BinomialDistribution[10, 0.2]", 2.0), ("BetaDistribution[2, 2]", 0.5),
                       ("LaplaceDistribution[1, 1]", 1.0),
                       ("DiscreteUniformDistribution[{1, 6}]", 3.5)):
        got = r.run(f"N[Mean[RandomVariate[{dist}, 10^5]]]").value
        assert abs(got - mean) < 0.05 * max(1, mean), (dist, got)
    assert r.run("IntegerQ[RandomVariate[PoissonDistribution[3]]]").name == "True"
    r.run("RandomVariate[ExponentialDistribution[-1]]")
    assert r.tags == ["RandomVariate::nodist"]
    assert r.run("ExponentialDistribution[2]") == r.run("Hold[ExponentialDistribution[2]][[1]]")


def test_random_real_of_a_distribution_is_random_variate(r):
    # RandomReal[NormalDistribution[0, 1], n]: the form older programs use
    drawn = seeded(r, 9, "RandomReal[NormalDistribution[0, 1], {3, 8}]")
    assert seeded(r, 9, "RandomVariate[NormalDistribution[0, 1], {3, 8}]") == drawn
    assert len(drawn) == 3 and len(drawn[0]) == 8 and min(min(row) for row in drawn) < 0
    xs = seeded(r, 2, "RandomReal[NormalDistribution[5, 2], 4000]")
    assert abs(statistics.mean(xs) - 5) < 0.2 and abs(statistics.stdev(xs) - 2) < 0.2


# Multivariate distributions (the autoencoder question of SE 128209 draws its data from a
# MultinormalDistribution whose covariance is a WishartMatrixDistribution variate)

def test_multinormal_variates_are_vectors_with_the_given_mean_and_covariance(r):
    import numpy as np
    r.run("SeedRandom[3]")
    draws = np.array(value(r, "RandomVariate[MultinormalDistribution[{1, -2}, "
                              "{{1, 0.5}, {0.5, 2}}], 20000]"))
    assert draws.shape == (20000, 2)
    assert np.allclose(draws.mean(axis=0), [1, -2], atol=0.05)
    assert np.allclose(np.cov(draws.T), [[1, 0.5], [0.5, 2]], atol=0.08)
    assert len(value(r, "RandomVariate[MultinormalDistribution[{{1, 0}, {0, 1}}]]")) == 2


def test_wishart_variates_are_symmetric_matrices_with_mean_nu_sigma(r):
    import numpy as np
    r.run("SeedRandom[4]")
    draws = np.array(value(r, "RandomVariate[WishartMatrixDistribution[7, "
                              "{{1, 0.3}, {0.3, 2}}], {2, 5000}]"))
    assert draws.shape == (2, 5000, 2, 2)
    assert np.allclose(draws, np.swapaxes(draws, -1, -2))
    assert np.allclose(draws.mean(axis=(0, 1)), 7 * np.array([[1, 0.3], [0.3, 2]]), rtol=0.05)


def test_multivariate_distributions_with_invalid_parameters_are_not_sampled(r):
    for dist in ("MultinormalDistribution[{1, 2}, {{1, 2}, {3, 4}}]",   # not symmetric
                 "MultinormalDistribution[{1}, {{1, 0}, {0, 1}}]",       # mean of wrong size
                 "WishartMatrixDistribution[0.5, {{1, 0}, {0, 1}}]"):    # ν ≤ p - 1
        r.messages.clear()
        got = r.run(f"RandomVariate[{dist}]")
        assert input_form(got).startswith("RandomVariate[")
        assert [m.split(":")[0] for m in r.messages] == ["RandomVariate"]


def test_random_complex_draws_in_its_rectangle(r):
    r.run("SeedRandom[7]; zs = RandomComplex[{-1 - 2 I, 1 + I}, 200]")
    assert r.run("Length[zs]") == Integer(200)
    assert r.run("AllTrue[zs, -1 <= Re[#] <= 1 && -2 <= Im[#] <= 1 &]").name == "True"
    assert r.run("Head[RandomComplex[]]").name == "Complex"
    assert r.run("Dimensions[RandomComplex[2 I, {2, 3}]]") == parse("{2, 3}")
    assert r.run("RandomComplex[{1 + I, 1 + I}] == 1. + 1. I").name == "True"
    r.run("RandomComplex[x]")
    assert r.tags == ["RandomComplex::unifrc"]


def test_random_prime_draws_primes_of_its_range(r):
    assert r.run("Union[RandomPrime[{10, 20}, 200]]") == parse("{11, 13, 17, 19}")
    assert r.run("AllTrue[RandomPrime[10^40, 5], PrimeQ]").name == "True"
    assert r.run("RandomPrime[2]") == Integer(2)
    r.run("RandomPrime[{24, 28}]")
    assert r.tags == ["RandomPrime::noprime"]


def test_block_random_puts_the_generator_back(r):
    r.run("SeedRandom[3]; x1 = RandomReal[]; SeedRandom[3]")
    assert r.run("BlockRandom[RandomReal[10, 5]]; x1 == RandomReal[]").name == "True"
    assert r.run("BlockRandom[RandomInteger[10^9]] == BlockRandom[RandomInteger[10^9]]").name \
        == "True"


def test_working_precision_gives_reals_of_that_precision(r):
    assert r.run("Precision[RandomReal[1, WorkingPrecision -> 30]]") == r.run("30.")
    assert r.run("Precision /@ RandomReal[{-1, 1}, 3, WorkingPrecision -> 20]") == \
        r.run("{20., 20., 20.}")
    assert r.run("And @@ Map[-1 <= # <= 1 &, RandomReal[{-1, 1}, 50, WorkingPrecision -> 20]]"
                 ).name == "True"
    assert r.run("Dimensions[RandomReal[5, {2, 3}, WorkingPrecision -> 25]]") == parse("{2, 3}")
    assert r.run("MachineNumberQ[RandomReal[1, WorkingPrecision -> MachinePrecision]]"
                 ).name == "True"
    r.run("SeedRandom[5]; a = RandomReal[1, WorkingPrecision -> 40]; SeedRandom[5]")
    assert r.run("a == RandomReal[1, WorkingPrecision -> 40]").name == "True"
    assert r.tags == []


def test_working_precision_of_random_variate(r):
    assert r.run("Precision[RandomVariate[NormalDistribution[2, 3], WorkingPrecision -> 25]]"
                 ) == r.run("25.")
    assert r.run("Abs[Mean[RandomVariate[NormalDistribution[], 2000, WorkingPrecision -> 20]]]"
                 " < 0.15").name == "True"
    assert r.run("Precision[RandomVariate[UniformDistribution[{0, 2}], WorkingPrecision -> 18]]"
                 ) == r.run("18.")
    r.run("RandomVariate[ExponentialDistribution[1], WorkingPrecision -> 20]")
    assert r.tags == ["RandomVariate::precd"]
    r.run("RandomReal[1, WorkingPrecision -> -3]")
    assert r.tags[-1] == "RandomReal::precw"


def test_random_sample_of_a_packed_array_draws_as_the_list_does():
    """Packed (as RandomReal and Range give them) or not, the same seed samples the same
    rows, and the sample of a packed array stays packed."""
    from wlnet.core.packed import is_packed
    from wlnet.core.session import Session
    s = Session(echo=False)
    s.evaluate("m = RandomReal[1, {6, 2}]; mu = Developer`FromPackedArray[m]")
    for spec in ("", ", 3", ", All", ", UpTo[10]"):
        packed = s.evaluate(f"SeedRandom[7]; RandomSample[m{spec}]")
        plain = s.evaluate(f"SeedRandom[7]; RandomSample[mu{spec}]")
        assert packed == plain and is_packed(packed), spec
    assert s.evaluate("RandomSample[Range[3], 0]") == s.evaluate("{}")
    assert not s.messages


def test_random_the_form_before_random_real(r):
    # Random[] of programs written before RandomReal: one number of the given type
    r.run("SeedRandom[3]")
    draws = value(r, "{Random[], Random[Real, {2, 3}], Random[Integer], Random[Integer, {5, 9}]}")
    assert 0 <= draws[0] <= 1 and 2 <= draws[1] <= 3
    assert draws[2] in (0, 1) and 5 <= draws[3] <= 9 and isinstance(draws[3], int)
    assert value(r, "Head[Random[Complex]] === Complex")
    assert value(r, "Precision[Random[Real, {0, 1}, 30]] == 30")
    r.run("Random[Bogus]")
    assert len(r.messages) == 1 and r.messages[0].startswith("Random::type:")
