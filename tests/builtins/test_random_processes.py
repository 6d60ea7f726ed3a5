"""Random processes (wlnet/builtins/random_processes.py): RandomFunction's paths of the
ARMA family, random walks and Wiener processes, as TimeSeries or TemporalData, their
statistics, and the messages for what cannot be sampled."""

import numpy as np
import pytest

from tests.builtins._support import check, check_example, declared_examples, run
from wlnet.core.packed import packed_array


def _numbers(text: str) -> np.ndarray:
    """The numbers ``text`` gives, drawn from a fixed seed so that a statistical bound
    cannot fail by chance on one run and pass on the next."""
    r = run("SeedRandom[11]; " + text)
    assert r.messages == []
    packed = packed_array(r.value)
    return packed.astype(np.float64) if packed is not None else \
        np.array([a.value for a in r.value.args], dtype=np.float64)


@pytest.mark.parametrize("name,text,expected", declared_examples("random_processes"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    # discrete processes step by 1 from tmin to tmax, a given dt notwithstanding
    ('RandomFunction[ARProcess[{0.5}, 1], {2, 6}]["Times"]', "{2, 3, 4, 5, 6}"),
    ('RandomFunction[MAProcess[{0.5}, 1], {0, 4, 0.5}]["PathLength"]', "5"),
    ('Head[RandomFunction[ARIMAProcess[{0.2}, 1, {0.1}, 1], {0, 9}]]', "TimeSeries"),
    # a walk that always steps up, or never moves
    ('RandomFunction[RandomWalkProcess[1], {0, 4}]["Path"]',
     "{{0, 0}, {1, 1}, {2, 2}, {3, 3}, {4, 4}}"),
    ('RandomFunction[RandomWalkProcess[0, 0], {0, 3}]["Values"]', "{0, 0, 0, 0}"),
    ('RandomFunction[RandomWalkProcess[0], {0, 2}]["Values"]', "{0, -1, -2}"),
    ('Length[RandomFunction[WienerProcess[], {0, 1, 0.01}]["Values"]]', "101"),
    # exact bounds and step give exact times; a real one real times
    ('RandomFunction[WienerProcess[], {0, 1, 1/4}]["Times"]', "{0, 1/4, 1/2, 3/4, 1}"),
    ('RandomFunction[WienerProcess[], {0, 1, 0.5}]["Times"]', "{0., 0.5, 1.}"),
    ('RandomFunction[ARProcess[{0.5}, 1], {1/2, 3}]["Times"]', "{1/2, 3/2, 5/2}"),
    # several paths: TemporalData
    ('RandomFunction[RandomWalkProcess[1], {0, 2}, 2]["Paths"]',
     "{{{0, 0}, {1, 1}, {2, 2}}, {{0, 0}, {1, 1}, {2, 2}}}"),
    ('Normal[RandomFunction[RandomWalkProcess[1], {1, 2}, 3]]',
     "{{{1, 0}, {2, 1}}, {{1, 0}, {2, 1}}, {{1, 0}, {2, 1}}}"),
    ('Dimensions[RandomFunction[ARProcess[{0.3}, 1], {0, 9}, 4]["ValueList"]]', "{4, 10}"),
    ('RandomFunction[ARProcess[{0.3}, 1], {0, 9}, 4]["PathCount"]', "4"),
    ('Head /@ RandomFunction[RandomWalkProcess[1], {0, 2}, 2]["PathComponents"]',
     "{TimeSeries, TimeSeries}"),
    ('TemporalData[{{1, 2}, {3, 4}}, {{0, 1}}]["ValueList"]', "{{1, 2}, {3, 4}}"),
    # TemporalData made by hand: time specifications as TimeSeries reads them, or pairs
    ('TemporalData[{{1, 2, 3}, {4, 5, 6}}]["Paths"]',
     "{{{0, 1}, {1, 2}, {2, 3}}, {{0, 4}, {1, 5}, {2, 6}}}"),
    ('TemporalData[{{{0, 1}, {1, 2}}, {{0, 3}, {1, 5}}}]["ValueList"]', "{{1, 2}, {3, 5}}"),
    ('TemporalData[{{a, b, c}, {d, e, f}}, {0, 1}]["TimeList"] === {{0, 1/2, 1}, {0, 1/2, 1}}',
     "True"),
    ('TemporalData[{{1, 2}, {3, 4}}, {{1, 0}}]["Paths"]', "{{{0, 2}, {1, 1}}, {{0, 4}, {1, 3}}}"),
    ('TemporalData[{{1, 2}, {3, 4}}]["PathComponent", 2]["Values"]', "{3, 4}"),
    ('TemporalData[{{1, 2}, {3, 4}}]["PathComponent", -1]["Path"]', "{{0, 3}, {1, 4}}"),
    # Bernoulli trials, and their running count from 0
    ('RandomFunction[BernoulliProcess[1], {0, 3}]["Values"]', "{1, 1, 1, 1}"),
    ('RandomFunction[BinomialProcess[1], {0, 3}]["Values"]', "{0, 1, 2, 3}"),
    ('RandomFunction[BinomialProcess[1], {2, 4}]["Path"]', "{{2, 2}, {3, 3}, {4, 4}}"),
    ('RandomFunction[BinomialProcess[0], {0, 3}, 2]["ValueList"]', "{{0, 0, 0, 0}, {0, 0, 0, 0}}"),
    # options: one sampling method per process; machine precision
    ('RandomFunction[RandomWalkProcess[1], {0, 2}, 2, Method -> Automatic]["PathCount"]',
     "2"),
    ('RandomFunction[RandomWalkProcess[1], {0, 2}, WorkingPrecision -> MachinePrecision]'
     '["Values"]', "{0, 1, 2}"),
    # white noise of a distribution: its values, one per time
    ('RandomFunction[WhiteNoiseProcess[BernoulliDistribution[1]], {0, 3}]["Values"]',
     "{1, 1, 1, 1}"),
    ('Dimensions[RandomFunction[WhiteNoiseProcess[], {1, 5}, 2]["ValueList"]]', "{2, 5}"),
])
def test_paths(text, expected):
    check(text, expected, evaluate_expected=True)         # 1/2 read as a Rational


def test_wiener_without_noise_is_its_drift():
    values = _numbers('RandomFunction[WienerProcess[2, 10.^-12], {0, 1, 1/4}]["Values"]')
    assert values == pytest.approx([0.0, 0.5, 1.0, 1.5, 2.0], abs=1e-9)


def test_wiener_increments():
    # W[t] ~ N(mu t, sigma^2 t): the increments over dt have variance sigma^2 dt
    x = _numbers('RandomFunction[WienerProcess[1, 3], {0, 100, 0.01}]["Values"]')
    d = np.diff(x)
    assert abs(d.mean() - 0.01) < 0.01 and abs(d.var() / (9 * 0.01) - 1) < 0.05


def test_geometric_brownian_motion_is_the_exponential_of_a_wiener_path():
    # log(X[t]/x0) ~ N((mu - sigma^2/2) t, sigma^2 t); E[X[t]] = x0 e^(mu t); X[0] = x0
    ends = _numbers('td = RandomFunction[GeometricBrownianMotionProcess[0.1, 0.3, 2], '
                    '{0, 1, 1/100}, 20000]; td["ValueList"][[All, -1]]')
    logs = np.log(ends / 2)
    assert abs(logs.mean() - 0.055) < 0.01 and abs(logs.var() / 0.09 - 1) < 0.05
    assert abs(ends.mean() / (2 * np.exp(0.1)) - 1) < 0.02
    starts = _numbers('RandomFunction[GeometricBrownianMotionProcess[0.1, 0.3, 2], '
                      '{0, 1, 1/100}, 5]["ValueList"][[All, 1]]')
    assert starts == pytest.approx([2.0] * 5)


def test_ornstein_uhlenbeck_moments():
    # stationary: N(mu, sigma^2/(2 theta)) at every time; from x0: mean mu + (x0 - mu) e^(-theta t)
    x = _numbers('Flatten[RandomFunction[OrnsteinUhlenbeckProcess[1, 0.5, 2], {0, 50, 0.1}, '
                 '100]["ValueList"]]')
    assert abs(x.mean() - 1) < 0.03 and abs(x.var() / 0.0625 - 1) < 0.08
    ends = _numbers('RandomFunction[OrnsteinUhlenbeckProcess[0, 0.4, 1, 5], {0, 2, 1/2}, '
                    '10000]["ValueList"][[All, -1]]')
    assert abs(ends.mean() - 5 * np.exp(-2)) < 0.02
    assert abs(ends.var() / (0.16 * (1 - np.exp(-4)) / 2) - 1) < 0.06
    # neighbouring values are correlated e^(-theta dt)
    x = _numbers('RandomFunction[OrnsteinUhlenbeckProcess[0, 1, 2], {0, 4000, 0.25}]["Values"]')
    assert abs(np.corrcoef(x[:-1], x[1:])[0, 1] - np.exp(-0.5)) < 0.03


def test_seed_random_repeats_a_path():
    check('SeedRandom[7]; a = RandomFunction[ARProcess[{0.5}, 1], {0, 5}]["Values"]; '
          'SeedRandom[7]; a == RandomFunction[ARProcess[{0.5}, 1], {0, 5}]["Values"]', "True")


@pytest.mark.parametrize("text,mean,variance", [
    # stationary AR(1) x = c + a x + e: mean c/(1-a), variance v/(1-a^2)
    ('RandomFunction[ARProcess[2, {0.5}, 1], {0, 40000}]["Values"]', 4.0, 1 / 0.75),
    ('RandomFunction[WhiteNoiseProcess[2], {0, 40000}]["Values"]', 0.0, 4.0),
    ('RandomFunction[BernoulliProcess[0.3], {0, 40000}]["Values"]', 0.3, 0.21),
    ('Differences[RandomFunction[BinomialProcess[0.3], {0, 40000}]["Values"]]', 0.3, 0.21),
    ('RandomFunction[WhiteNoiseProcess[UniformDistribution[{0, 1}]], {0, 40000}]["Values"]',
     0.5, 1 / 12),
    # MA(1) x = e + b e': variance v (1 + b^2)
    ('RandomFunction[MAProcess[{0.6}, 2], {0, 40000}]["Values"]', 0.0, 2 * 1.36),
    # ARMA(1,1): variance v (1 + 2ab + b^2)/(1 - a^2)
    ('RandomFunction[ARMAProcess[{0.5}, {0.4}, 1], {0, 40000}]["Values"]', 0.0,
     (1 + 0.4 + 0.16) / 0.75),
])
def test_stationary_moments(text, mean, variance):
    x = _numbers(text)
    assert abs(x.mean() - mean) < 0.1
    assert abs(x.var() - variance) / variance < 0.08


def test_arima_differences_are_arma():
    mean, variance = _numbers(
        'SeedRandom[3]; x = RandomFunction[ARIMAProcess[{0.5}, 1, {}, 1], {0, 20000}]'
        '["Values"]; d = Differences[x]; {Mean[d], Variance[d]}')
    assert abs(mean) < 0.1 and abs(variance - 1 / 0.75) < 0.1


@pytest.mark.parametrize("text,tag", [
    ('RandomFunction[WienerProcess[], {0, 1}]', "RandomFunction::dt"),
    ('RandomFunction[GeometricBrownianMotionProcess[0.1, 0.2, 1], {0, 1}]', "RandomFunction::dt"),
    ('RandomFunction[GeometricBrownianMotionProcess[0.1, -0.2, 1], {0, 1, 0.1}]',
     "RandomFunction::proc"),
    ('RandomFunction[OrnsteinUhlenbeckProcess[0, 1, -1], {0, 1, 0.1}]', "RandomFunction::proc"),
    ('RandomFunction[foo, {0, 3}]', "RandomFunction::proc"),
    ('RandomFunction[ARProcess[{0.5}, -1], {0, 3}]', "RandomFunction::proc"),
    ('RandomFunction[RandomWalkProcess[0.7, 0.6], {0, 3}]', "RandomFunction::proc"),
    ('RandomFunction[ARProcess[{{{0.5}}}, {{1}}], {0, 3}]', "RandomFunction::proc"),
    ('RandomFunction[ARProcess[{0.5}, 1], {3, 1}]', "RandomFunction::tspec"),
    ('RandomFunction[WienerProcess[], {0, 1, -0.1}]', "RandomFunction::tspec"),
    ('RandomFunction[WhiteNoiseProcess[foo], {0, 3}]', "RandomFunction::proc"),
    ('RandomFunction[BinomialProcess[1.5], {0, 3}]', "RandomFunction::proc"),
    ('RandomFunction[WhiteNoiseProcess[MultinormalDistribution[{0, 0}, {{1, 0}, {0, 1}}]], '
     '{0, 3}]', "RandomFunction::proc"),
    ('RandomFunction[ARProcess[{0.5}, 1], {0, 3}, 0]', "RandomFunction::count"),
    ('TemporalData[{{1, 2}}, {{0, 1}}]["Nope"]', "TemporalData::prop"),
    ('TemporalData[{{1, 2}}, {{0, 1}}]["PathComponent", 3]', "TemporalData::pathn"),
    ('TemporalData[5]', "TemporalData::tddata"),
    ('TemporalData[{{{0, 1}, {1, 2}}, {{0, 3}, {2, 5}}}]', "TemporalData::times"),
    ('TemporalData[{{1, 2}, {3, 4}}, {{x, y}}]', "TimeSeries::tspec"),
    ('RandomFunction[ARProcess[{0.5}, 1], {0, 3}, Foo -> 1]', "RandomFunction::optx"),
    ('RandomFunction[ARProcess[{0.5}, 1], {0, 3}, WorkingPrecision -> 30]',
     "RandomFunction::prec"),
])
def test_messages(text, tag):
    r = run(text)
    assert r.tags == [tag]


def test_temporal_data_prints_as_a_summary():
    from wlnet.syntax.printer import output_form
    r = run('RandomFunction[RandomWalkProcess[1], {0, 10}, 3]')
    assert output_form(r.value) == "TemporalData[Time: 0 to 10, Data points: 33, Paths: 3]"


def test_a_list_plot_draws_each_path():
    check('Count[ListLinePlot[RandomFunction[RandomWalkProcess[0.5], {0, 5}, 3]], _Line, '
          'Infinity]', "3")
    check('Cases[ListLinePlot[RandomFunction[RandomWalkProcess[1], {0, 2}, 2]], '
          'Line[p_] :> Length[p], Infinity]', "{3, 3}")


def test_every_builtin_is_documented():
    from tests.builtins._support import builtins_of, without_examples, without_usage
    assert "RandomFunction" in builtins_of("random_processes")
    assert without_usage("random_processes", "lists.folding") == []
    assert without_examples("random_processes", "lists.folding") == []
