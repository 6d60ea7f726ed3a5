"""TimeSeriesModelFit, TimeSeriesForecast and SARIMAProcess
(wlnet/builtins/time_series_models.py): fits recover the coefficients of long simulated
paths, forecasts follow the recursion by hand, and the messages."""

import numpy as np
import pytest

from tests.builtins._support import check, check_example, declared_examples, run
from wlnet.core.packed import packed_array


@pytest.mark.parametrize("name,text,expected", declared_examples("time_series_models"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _numbers(e) -> np.ndarray:
    packed = packed_array(e)
    return packed.astype(np.float64) if packed is not None else \
        np.array([float(a.value) for a in e.args])


def _fit(process: str, spec: str, length: int = 2000):
    r = run(f"SeedRandom[7]; data = RandomFunction[{process}, {{1, {length}}}]; "
            f"fit = TimeSeriesModelFit[data{spec}]; fit[\"BestFit\"]")
    assert r.messages == [], r.messages
    return r.value


def test_ar_fit_recovers_coefficients_and_variance():
    best = _fit("ARProcess[{0.6, -0.3}, 2]", ', {"AR", 2}')
    assert best.head.name == "ARProcess"
    c, ar, v = best.args
    np.testing.assert_allclose(_numbers(ar), [0.6, -0.3], atol=0.06)
    assert abs(c.value) < 0.15 and abs(v.value - 2) < 0.2


def test_arma_fit_recovers_coefficients():
    best = _fit("ARMAProcess[{0.5}, {0.4}, 1]", ', {"ARMA", {1, 1}}')
    assert best.head.name == "ARMAProcess"
    np.testing.assert_allclose([_numbers(best.args[1])[0], _numbers(best.args[2])[0]],
                               [0.5, 0.4], atol=0.08)


def test_automatic_choice_differences_a_wandering_series():
    best = _fit("ARIMAProcess[{0.5}, 1, {}, 1]", "", 600)
    assert best.head.name == "ARIMAProcess" and best.args[2].value == 1


def test_automatic_choice_prefers_the_true_small_model():
    best = _fit("ARProcess[{0.7}, 1]", "")
    assert best.head.name == "ARProcess" and len(best.args[1].args) == 1


@pytest.mark.parametrize("text,expected", [
    # x[t] = x[t-1]/2: 4 -> 2 -> 1
    ("TimeSeriesForecast[ARProcess[{1/2}, 1], {2., 4.}, 2]", "1."),
    ("TimeSeriesForecast[ARProcess[{1/2}, 1], {2., 4.}, {3}][\"Values\"]", "{2., 1., 0.5}"),
    ("TimeSeriesForecast[ARProcess[{1/2}, 1], {2., 4.}, {3}][\"Times\"]", "{2, 3, 4}"),
    ("TimeSeriesForecast[ARProcess[{1/2}, 1], {2., 4.}, {2, 3}][\"Values\"]", "{1., 0.5}"),
    ("TimeSeriesForecast[ARProcess[{1/2}, 1], {2., 4.}, {{3, 1}}][\"Values\"]", "{2., 0.5}"),
    # a constant: x = 1 + x/2 settles at 2
    ("TimeSeriesForecast[ARProcess[1, {1/2}, 1], {4.}, 1]", "3."),
    # a random walk stays; a trend (d = 2) continues
    ("TimeSeriesForecast[ARIMAProcess[{}, 1, {}, 1], {1., 2., 3.}, {2}][\"Values\"]",
     "{3., 3.}"),
    ("TimeSeriesForecast[ARIMAProcess[{}, 2, {}, 1], {1., 2., 3.}, {2}][\"Values\"]",
     "{4., 5.}"),
    # a seasonal difference at lag 2 repeats the last season
    ("TimeSeriesForecast[SARIMAProcess[{}, 0, {}, {2, {}, 1, {}}, 1], {1., 5., 2., 6.}, {4}]"
     "[\"Values\"]", "{2., 6., 2., 6.}"),
    # MA(1): the forecast is b times the last residual, 0 beyond
    ("TimeSeriesForecast[MAProcess[{1/2}, 1], {0., 2.}, {2}][\"Values\"]", "{1., 0.}"),
])
def test_forecasts(text, expected):
    check(text, expected)


def test_model_properties_and_values():
    r = run('SeedRandom[3]; data = RandomFunction[ARProcess[{0.5}, 1], {1, 300}]; '
            'm = TimeSeriesModelFit[data, {"AR", 1}];')
    assert r.messages == []
    check('m[300] == data[300]', "True", runner=r)
    check('m[301] == TimeSeriesForecast[m, 1] == '
          'TimeSeriesForecast[m["BestFit"], data, 1]', "True", runner=r)
    check('m["ModelFamily"]', '"AR"', runner=r)
    check('m["FitResiduals"]["PathLength"]', "299", runner=r)
    check('Length[m["CandidateModels"]] == Length[m["CandidateModelSelectionValues"]] == 1',
          "True", runner=r)
    check('m["BestFitParameters"] === List @@ m["BestFit"]', "True", runner=r)
    check('MemberQ[m["Properties"], "AIC"]', "True", runner=r)


def test_sarima_paths():
    r = run("SeedRandom[4]; RandomFunction[SARIMAProcess[{0.5}, 0, {0.2}, {4, {0.3}, 1, {}}, 1],"
            " {0, 99}, 3][\"ValueList\"]")
    assert r.messages == [] and _numbers(r.value.args[0]).shape == (100,)


@pytest.mark.parametrize("text,messages", [
    ("TimeSeriesModelFit[{1, 2, 3}]", ["TimeSeriesModelFit::data"]),
    ("TimeSeriesModelFit[{a, b, c, d, e}]", ["TimeSeriesModelFit::data"]),
    ('TimeSeriesModelFit[Range[20] + 0.5 Sin[Range[20]], "XYZ"]', ["TimeSeriesModelFit::fam"]),
    ('TimeSeriesModelFit[N[Range[6]^2], {"AR", 5}]', ["TimeSeriesModelFit::short"]),
    ("TimeSeriesForecast[ARProcess[{a}, 1], {1., 2.}, 1]", ["TimeSeriesForecast::proc"]),
    ("TimeSeriesForecast[ARProcess[{0.5}, 1], {1., 2.}, 0]", ["TimeSeriesForecast::steps"]),
    ("SARIMAProcess[{0.5}, -1, {}, {4, {}, 0, {}}, 1]", ["SARIMAProcess::args"]),
])
def test_messages(text, messages):
    r = run(text)
    assert r.tags == messages, r.messages


def test_estimated_process_fits_without_a_constant():
    r = run("SeedRandom[7]; data = RandomFunction[ARProcess[{0.6, -0.3}, 2], {1, 2000}]; "
            "{EstimatedProcess[data, ARProcess[2]], EstimatedProcess[data, MAProcess[1]]}")
    assert r.messages == []
    ar, ma = r.value.args
    assert ar.head.name == "ARProcess" and len(ar.args) == 2     # no constant
    np.testing.assert_allclose(_numbers(ar.args[0]), [0.6, -0.3], atol=0.06)
    assert abs(ar.args[1].value - 2) < 0.2
    assert ma.head.name == "MAProcess" and len(ma.args) == 2


def test_estimated_process_messages():
    assert run("EstimatedProcess[{1., 2., 3., 4., 5.}, ARProcess[a]]").tags == \
        ["EstimatedProcess::proc"]
    assert run("EstimatedProcess[{1, 2}, ARProcess[1]]").tags == ["EstimatedProcess::data"]
    data = "{1., -0.5, 0.3, -0.1, 0.4}"
    for option, tag in (("Foo -> 1", "optx"), ("5", "nonopt"),
                        ('ProcessEstimator -> "SpectralEstimator"', "estim"),
                        ("WorkingPrecision -> 30", "goal"), ("PrecisionGoal -> 8", "goal")):
        assert run(f"EstimatedProcess[{data}, ARProcess[1], {option}]").tags == \
            [f"EstimatedProcess::{tag}"], option
    # the method of moments is for templates without moving-average terms
    assert run(f'EstimatedProcess[{data}, MAProcess[1], ProcessEstimator -> '
               f'"MethodOfMoments"]').tags == ["EstimatedProcess::estim"]


def test_estimated_process_by_the_method_of_moments_solves_yule_walker():
    # AR(1): a == r1/r0, v == r0 - r1^2/r0 with the moments about the template's zero mean
    d = np.array([1., -0.5, 0.3, -0.1, 0.4, -0.2, 0.1, 0.3, -0.4, 0.2, 0.1, -0.3])
    r0, r1 = d @ d / 12, d[:-1] @ d[1:] / 12
    text = "{" + ", ".join(map(str, d)) + "}"
    moments = run(f'EstimatedProcess[{text}, ARProcess[1], ProcessEstimator -> '
                  f'"MethodOfMoments"]').value
    assert moments.head.name == "ARProcess"
    np.testing.assert_allclose(_numbers(moments.args[0]), [r1 / r0], rtol=1e-9)
    np.testing.assert_allclose(moments.args[1].value, r0 - r1 ** 2 / r0, rtol=1e-9)
    # the default (conditional likelihood) is another estimate, given again by its name
    check(f'EstimatedProcess[{text}, ARProcess[1]] === EstimatedProcess[{text}, ARProcess[1], '
          f'ProcessEstimator -> "MaximumConditionalLikelihood"]', "True")
    assert run(f'EstimatedProcess[{text}, ARProcess[1]] =!= EstimatedProcess[{text}, '
               f'ARProcess[1], ProcessEstimator -> "MethodOfMoments"]').value.name == "True"


def test_prediction_limits_are_the_95_percent_band_of_the_forecast():
    r = run('m = TimeSeriesModelFit[{1., 3., 2., 4., 3., 5., 2., 4., 3., 6., 4., 5., 3., 4., '
            '5., 3.}, {"AR", 1}]; {m[16], m["PredictionLimits"][16], m["ErrorVariance"], '
            'm["PredictionLimits"][3]}')
    assert r.messages == []
    value, band, variance, at_data = r.value.args
    lo, hi = _numbers(band)
    # one step ahead: the band is the forecast ± 1.96 σ
    assert (lo + hi) / 2 == pytest.approx(value.value)
    assert (hi - lo) / 2 == pytest.approx(1.959964 * variance.value ** 0.5)
    assert list(_numbers(at_data)) == [4.0, 4.0]


def test_dated_series_fit_and_forecast_at_dates():
    """A TimeSeries of dates (daily prices, monthly sales) is data like any other: the
    model keeps the dates, forecasts continue them (months by the calendar), and the model
    answers at a date."""
    r = check('SeedRandom[5]; dates = DateRange[DateObject[{2020, 1, 1}], '
              'DateObject[{2020, 3, 31}], "Day"]; '
              'ts = TimeSeries[Accumulate[RandomReal[{-1, 1}, Length[dates]]], {dates}]; '
              'm = TimeSeriesModelFit[ts, "AR"]; m["TemporalData"]["LastDate"] == Last[dates]',
              "True")
    check('TimeSeriesForecast[m, {2}]["Dates"] == '
          '{DateObject[{2020, 4, 1}, "Day"], DateObject[{2020, 4, 2}, "Day"]}', "True",
          runner=r)
    check('m[DateObject[{2020, 4, 2}]] == TimeSeriesForecast[m, 2]', "True", runner=r)
    check('m[DateObject[{2020, 3, 30}]] == ts["Values"][[-2]]', "True", runner=r)
    check('m["PredictionLimits"][DateObject[{2020, 4, 1}]][[1]] < m[DateObject[{2020, 4, 1}]]',
          "True", runner=r)
    check('m["FitResiduals"]["LastDate"] == Last[dates]', "True", runner=r)
    # noon is no step of daily data: the model stays unevaluated there
    check('Head[m[DateObject[{2020, 4, 2, 12}]]] === m', "True", runner=r)
    r = check('mon = TimeSeries[Table[10 + Sin[k] + k/10., {k, 24}], '
              '{DateObject[{2019, 1}], Automatic, "Month"}]; mm = TimeSeriesModelFit[mon, "AR"]; '
              'TimeSeriesForecast[mm, {2}]["Dates"] == '
              '{DateObject[{2021, 1}, "Month"], DateObject[{2021, 2}, "Month"]}', "True")
    check('TimeSeriesForecast[ARProcess[{0.5}, 1], mon, {1}]["Dates"] == '
          '{DateObject[{2021, 1}, "Month"]}', "True", runner=r)
