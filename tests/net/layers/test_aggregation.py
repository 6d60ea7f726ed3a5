"""AggregationLayer and SummationLayer: Max, Min, Mean and Total over levels against numpy
and torch, sequences reduced over their valid steps only, and messages for bad functions,
levels and ranks."""

import numpy as np
import pytest

from wlnet.core.session import Session

from _layerutil import build, forward, messages, wl

RNG = np.random.default_rng(12)
NUMPY = {"Max": np.max, "Min": np.min, "Mean": np.mean, "Total": np.sum}


@pytest.fixture(scope="module")
def session():
    return Session()


@pytest.mark.parametrize("f", ["Max", "Min", "Mean", "Total"])
@pytest.mark.parametrize("levels, shape, axes", [
    ("", (2, 3, 4), (1, 2)),
    ("1", (2, 3), (0,)),
    ("-1", (2, 3, 4), (2,)),
    ("2 ;; 3", (2, 3, 4, 5), (1, 2)),
    ("{1, 3}", (2, 3, 4), (0, 2)),
    ("All", (2, 3), (0, 1)),
])
def test_against_numpy_and_torch(session, f, levels, shape, axes):
    torch = pytest.importorskip("torch")
    net = build(session, f'AggregationLayer[{f}, {levels + ", " if levels else ""}"Input" -> {wl(shape)}]')
    x = RNG.normal(size=(3,) + shape)
    full = tuple(a + 1 for a in axes)
    got = forward(net, Input=x)["Output"]
    np.testing.assert_allclose(got, NUMPY[f](x, axis=full), rtol=1e-13)
    t = torch.from_numpy(x)
    want = {"Max": lambda: t.amax(full), "Min": lambda: t.amin(full), "Mean": lambda: t.mean(full),
            "Total": lambda: t.sum(full)}[f]().numpy()
    np.testing.assert_allclose(got, want, rtol=1e-13)
    assert got.shape[1:] == tuple(net.outputs()["Output"].dims)


@pytest.mark.parametrize("f", ["Max", "Min", "Mean", "Total"])
def test_a_sequence_is_reduced_over_its_valid_steps(session, f):
    net = build(session, f'AggregationLayer[{f}, 1, "Input" -> {{"Varying", 2}}]')
    x = RNG.normal(size=(2, 4, 2))
    lengths = np.array([4, 2])
    x[1, 2:] = 100.0 if f != "Min" else -100.0           # padding must not count
    got = forward(net, lengths, Input=x)["Output"]
    want = np.stack([NUMPY[f](x[i, :n], axis=0) for i, n in enumerate(lengths)])
    np.testing.assert_allclose(got, want, rtol=1e-13)


def test_summation_is_the_total_of_everything(session):
    torch = pytest.importorskip("torch")
    net = build(session, 'SummationLayer["Input" -> {2, 3, 1}]')
    x = RNG.normal(size=(4, 2, 3, 1))
    got = forward(net, Input=x)["Output"]
    np.testing.assert_allclose(got, torch.from_numpy(x).sum((1, 2, 3)).numpy(), rtol=1e-13)


@pytest.mark.parametrize("text, tag", [
    ("AggregationLayer[Quantile]", "AggregationLayer::netarg"),
    ("AggregationLayer[Max, 0]", "AggregationLayer::invlevel"),
    ("AggregationLayer[Max, x]", "AggregationLayer::invlevel"),
    ('AggregationLayer[Max, "Input" -> 3]', "AggregationLayer::rankx"),
    ("AggregationLayer[Max][{1, 2}]", "AggregationLayer::rankx"),
    ('AggregationLayer[Max, 4, "Input" -> {2, 3}]', "AggregationLayer::rankx"),
    ("SummationLayer[1]", "SummationLayer::"),
])
def test_bad_arguments_give_messages(session, text, tag):
    assert any(m.startswith(tag) for m in messages(session, text)), text


def _iqr(v):
    """WL's InterquartileRange: Quantile[v, q, {{1/2, 0}, {0, 1}}] at 3/4 minus at 1/4."""
    s, n = np.sort(v), len(v)

    def quantile(q):
        x = 0.5 + n * q
        lo = int(np.floor(x))
        frac = x - lo
        at = lambda i: s[min(max(i, 1), n) - 1]
        return at(lo) + frac * (at(lo + 1) - at(lo))
    return quantile(0.75) - quantile(0.25)


_STATISTICS = {"Median": np.median, "InterquartileRange": _iqr,
               "MeanDeviation": lambda v: np.mean(np.abs(v - np.mean(v)))}


@pytest.mark.parametrize("f", sorted(_STATISTICS))
@pytest.mark.parametrize("n", [5, 6])
def test_order_statistics_and_mean_deviation(session, f, n):
    # the layer page lists Median, MeanDeviation and InterquartileRange among the f
    net = build(session, f'AggregationLayer[{f}, {{2, 3}}, "Input" -> {{3, 2, {n}}}]')
    x = RNG.normal(size=(2, 3, 2, n))
    got = forward(net, Input=x)["Output"]
    want = np.array([[_STATISTICS[f](x[b, c].ravel()) for c in range(3)] for b in range(2)])
    np.testing.assert_allclose(got, want, rtol=1e-12)


@pytest.mark.parametrize("f", sorted(_STATISTICS))
def test_statistics_of_a_sequence_take_its_valid_steps(session, f):
    net = build(session, f'AggregationLayer[{f}, 1, "Input" -> {{"Varying", 2}}]')
    x = RNG.normal(size=(2, 5, 2))
    got = forward(net, lengths=np.array([5, 3]), Input=x)["Output"]
    want = [[_STATISTICS[f](x[0, :, j]) for j in range(2)],
            [_STATISTICS[f](x[1, :3, j]) for j in range(2)]]
    np.testing.assert_allclose(got, want, rtol=1e-12)


def test_levels_given_by_name(session):
    # a parameter given as an option, as WL layers take them: AggregationLayer[Mean,
    # "Levels" -> All] is AggregationLayer[Mean, All] (a style-transfer loss is written so)
    net = build(session, 'AggregationLayer[Mean, "Levels" -> All, "Input" -> {2, 3}]')
    x = RNG.normal(size=(4, 2, 3))
    np.testing.assert_allclose(forward(net, Input=x)["Output"], x.mean((1, 2)), rtol=1e-12)
    assert messages(session, 'AggregationLayer[Mean, "Levels" -> x]')[0].startswith(
        "AggregationLayer::invlevel")
