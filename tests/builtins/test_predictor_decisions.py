"""Predict[p, opts] and a predictor's IndeterminateThreshold and UtilityFunction
(wlnet/builtins/_predictor_decisions.py)."""

import pytest
from scipy.stats import norm

from tests.builtins._support import run

_LINE = ('SeedRandom[3]; data = Table[x -> 2 x + RandomReal[{-0.5, 0.5}], {x, 0, 5, 0.1}]; '
         'p = Predict[data, Method -> "LinearRegression"]; '
         '{mu, sd} = {p[2], p[2, "StandardDeviation"]}; ')


def _numbers(r):
    assert not r.messages, r.messages
    return [a.value for a in r.value.args]


def test_utility_function_moves_the_decision():
    # a shifted cube loss: the best guess is 0.2 below the mean; an asymmetric linear
    # loss (under-predicting costs 10 times more): the normal's 10/11 quantile
    r = run(_LINE + 'p2 = Predict[p, UtilityFunction -> (-Abs[#1 - #2 - 0.2]^3 &)]; '
            '{mu, sd, p2[2], p[2, UtilityFunction -> (If[#1 > #2, -10 (#1 - #2), '
            '-(#2 - #1)] &)], p2[2, "Distribution"] === p[2, "Distribution"]}')
    assert not r.messages, r.messages
    mu, sd, shifted, quantile, same = r.value.args
    assert shifted.value == pytest.approx(mu.value - 0.2, abs=1e-3)
    assert quantile.value == pytest.approx(mu.value + sd.value * norm.ppf(10 / 11), abs=5e-3)
    assert same.name == "True"


def test_indeterminate_threshold_on_the_peak_density():
    # the peak density of N(mu, sd) is 1/(sd Sqrt[2 Pi]) (about 1.5 here)
    r = run(_LINE + 'p3 = Predict[p, IndeterminateThreshold -> 5]; '
            '{p3[2], p[2, IndeterminateThreshold -> 1], Predict[p3, IndeterminateThreshold -> '
            'Automatic][2] == mu, Head[p3[2, "Distribution"]]}')
    assert not r.messages, r.messages
    undecided, decided, back, head = r.value.args
    assert undecided.name == "Indeterminate" and back.name == "True"
    assert type(decided.value) is float and head.name == "NormalDistribution"


def test_feature_extractor_goes_before_the_predictors_own():
    r = run(_LINE + '{Predict[p, FeatureExtractor -> (#/10 &)][20] == mu, '
            'Predict[Predict[p, FeatureExtractor -> (#/10 &)], FeatureExtractor -> (# + 1 &)]'
            '[19] == mu}')
    assert [a.name for a in r.value.args] == ["True", "True"]
    r = run('c = Classify[{"A" -> 1, "b" -> 1, "C" -> 2, "d" -> 2, "a" -> 1, "D" -> 2}, '
            'Method -> "NaiveBayes"]; c2 = Classify[c, FeatureExtractor -> ToUpperCase]; '
            '{c2["a"], c2["d"]}')
    assert _numbers(r) == [1, 2]


def test_settings_that_need_training_again_are_messages():
    for code, tag in (('Predict[p, Method -> "GaussianProcess"]', "Predict::upd"),
                      ('Predict[p, IndeterminateThreshold -> -1]', "PredictorFunction::pthrs"),
                      ('Predict[p, UtilityFunction -> <|1 -> 2|>]',
                       "PredictorFunction::putility"),
                      ('Predict[p, FeatureExtractor -> "LowerCasedText"]', "Predict::updfe"),
                      ('p[2, UtilityFunction -> ("a" &)]', "PredictorFunction::putility")):
        assert run(_LINE + code).tags == [tag], code
