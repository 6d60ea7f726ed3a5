"""cf[x, "SHAPValues"] and p[x, "SHAPValues"]: Shapley explanations that add up to the
answer (odds over the prior for a classifier, the deviation from the training mean for a
predictor), in the examples' form; the sampled estimate against the exact sums."""

import numpy as np
import pytest

from tests.builtins._support import run
from wlnet.builtins import _shap_values as shap

_CLASSIFIER = ('c = Classify[{{1, "a"} -> "x", {2, "a"} -> "x", {3, "b"} -> "y", '
               '{4, "b"} -> "y", {1.5, "a"} -> "x", {3.5, "b"} -> "y", {2.5, "a"} -> "y", '
               '{2.2, "b"} -> "x"}, Method -> "LogisticRegression"]; ')


def _numbers(e):
    return np.array([a.value for a in e.args])


def test_classifier_multipliers_give_the_odds_over_the_prior():
    r = run(_CLASSIFIER + '{c[{3, "b"}, "SHAPValues"], c[{3, "b"}, "Probabilities"]}')
    shap_values, probabilities = r.value.args
    p = {k.args[0].value: k.args[1].value for k in probabilities.args}
    multipliers = {k.args[0].value: _numbers(k.args[1]) for k in shap_values.args}
    assert set(multipliers) == {"x", "y"}
    assert multipliers["y"].shape == (2,)
    # training prior 1/2 each: prior odds 1
    assert np.prod(multipliers["y"]) == pytest.approx(p["y"] / p["x"], rel=1e-9)
    assert np.prod(multipliers["x"]) == pytest.approx(p["x"] / p["y"], rel=1e-9)
    assert r.messages == []


def test_classifier_prior_comes_from_class_priors_in_force():
    r = run(_CLASSIFIER + 'c[{3, "b"}, "SHAPValues", ClassPriors -> <|"x" -> 3, "y" -> 1|>]'
                          '["y"]')
    q = run(_CLASSIFIER + 'c[{3, "b"}, "Probabilities", ClassPriors -> <|"x" -> 3, '
                          '"y" -> 1|>]').value
    p = {k.args[0].value: k.args[1].value for k in q.args}
    assert np.prod(_numbers(r.value)) * (1 / 3) == pytest.approx(p["y"] / p["x"], rel=1e-9)


def test_several_examples_give_a_list():
    r = run(_CLASSIFIER + 'c[{{3, "b"}, {1, "a"}}, "SHAPValues"]')
    assert r.value.head.name == "List" and len(r.value.args) == 2


def test_linear_predictor_values_are_the_drops_to_a_missing_feature():
    r = run('p = Predict[{{1, 2} -> 3., {2, 1} -> 3.5, {3, 3} -> 6.1, {4, 1} -> 5.2, '
            '{0, 0} -> 0.1}, Method -> "LinearRegression"]; '
            '{p[{3, 2}, "SHAPValues"], p[{3, 2}], p[{3, Missing[]}], p[{Missing[], 2}]}')
    values, full, no_second, no_first = r.value.args
    phi = _numbers(values)
    # an additive model: a feature's Shapley value is what removing it alone takes away
    assert phi == pytest.approx([full.value - no_first.value, full.value - no_second.value])
    assert phi.sum() == pytest.approx(full.value - np.mean([3., 3.5, 6.1, 5.2, 0.1]))


def test_named_features_give_an_association():
    r = run('a = Classify[{<|"u" -> 1, "v" -> "p"|> -> True, <|"u" -> 2, "v" -> "q"|> -> '
            'False, <|"u" -> 1.2, "v" -> "p"|> -> True, <|"u" -> 2.4, "v" -> "q"|> -> False}, '
            'Method -> "LogisticRegression"]; a[<|"u" -> 1, "v" -> "q"|>, "SHAPValues"][True]')
    assert [k.args[0].value for k in r.value.args] == ["u", "v"]


def test_many_features_are_sampled_and_an_additive_model_is_still_exact():
    r = run('q = Predict[Flatten[Table[{x, y, z, 1, 1, 1, 1, 1, 1, 1, 1} -> x + 2 y - z, '
            '{x, 0, 1, .5}, {y, 0, 1, .5}, {z, 0, 1}], 2], Method -> "LinearRegression"]; '
            '{q[{1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1}, {"SHAPValues", 5}], '
            'q[{1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1}, "SHAPValues"]}')
    few, default = (_numbers(v) for v in r.value.args)
    assert few == pytest.approx(default, abs=1e-9)
    assert few[:3] == pytest.approx([0.5, 1.0, 0.5], abs=1e-9)


def test_sampled_estimate_approaches_the_exact_sums():
    spans = [slice(j, j + 1) for j in range(4)]
    rows = np.array([[1.0, 2.0, -1.0, 0.5]])

    def value(m):                       # not additive: products of features
        return (m[:, 0] * m[:, 1] + m[:, 2] * m[:, 3] * m[:, 0] + m[:, 3])[:, None]
    empty = np.array([0.0])
    exact = shap._exact(value, rows, spans, empty)
    sampled = shap._sampled(value, rows, spans, empty, 4000, np.random.default_rng(1))
    assert exact.sum() == pytest.approx(value(rows)[0, 0])
    assert sampled[0, :, 0] == pytest.approx(exact[0, :, 0], abs=0.05)


def test_bad_forms():
    r = run(_CLASSIFIER + 'c[{3, "b"}, {"SHAPValues", 0}]')
    assert r.tags == ["ClassifierFunction::bdprop"]
    r = run('m = Classify[{"a good day" -> 1, "bad bad day" -> 0, "good" -> 1, '
            '"bad" -> 0}, Method -> "Markov"]; m["good day", "SHAPValues"]')
    assert r.tags == ["ClassifierFunction::shapraw"]
