"""The options of the numerical searches (wlnet/builtins/_search_options.py, used by
FindRoot, FindMinimum, FindMaximum, NMinimize and NMaximize in numerical.py)."""

from __future__ import annotations

import pytest

from tests.builtins._support import check, close_printed, run
from wlnet.syntax.printer import input_form

CASES = [
    # the FindRoot page's EvaluationMonitor example: every value Newton's method computes
    ("Reap[FindRoot[Cos[x] == x, {x, 1}, EvaluationMonitor :> Sow[x]]]",
     "{{x -> 0.739085}, {{1., 0.750364, 0.739113, 0.739085, 0.739085}}}"),
    ("FindRoot[Cos[x] == x, {x, 1}, Method -> \"Secant\"]", "{x -> 0.739085}"),
    ("FindRoot[Cos[x] == x, {x, 1, 0, 2}, Method -> \"Brent\"]", "{x -> 0.739085}"),
    ("FindRoot[x^3 == 2, {x, 1}, Jacobian -> {{3 x^2}}]", "{x -> 1.25992}"),
    ("FindRoot[{x^2 + y^2 == 2, x == y}, {{x, 2}, {y, 0.5}}, "
     "Jacobian -> {{2 x, 2 y}, {1, -1}}]", "{x -> 1., y -> 1.}"),
    ("FindRoot[Cos[x] == x, {x, 1}, AccuracyGoal -> 5, PrecisionGoal -> 5]",
     "{x -> 0.739085}"),
    ("FindMinimum[(x - 1)^2 + 3 (y - 2)^2, {{x, 0}, {y, 0}}, "
     "Method -> \"ConjugateGradient\"]", "{0., {x -> 1., y -> 2.}}"),
    ("FindMinimum[(x - 1)^2 + 3 (y - 2)^2, {{x, 0}, {y, 0}}, Method -> \"PrincipalAxis\"]",
     "{0., {x -> 1., y -> 2.}}"),
    ("FindMinimum[(x - 1)^2 + 3 (y - 2)^2, {{x, 0}, {y, 0}}, Method -> \"Newton\"]",
     "{0., {x -> 1., y -> 2.}}"),
    ("FindMinimum[(x - 1)^2, {x, 0}, Method -> {\"QuasiNewton\"}, Gradient -> {2 (x - 1)}]",
     "{0., {x -> 1.}}"),
    ("FindMaximum[{x + y, x^2 + y^2 <= 1}, {{x, 0}, {y, 0}}, Method -> \"InteriorPoint\"]",
     "{1.41421, {x -> 0.707107, y -> 0.707107}}"),
    ("NMinimize[{x^2 + y^2, x + y >= 1}, {x, y}, Method -> \"DifferentialEvolution\"]",
     "{0.5, {x -> 0.5, y -> 0.5}}"),
    ("NMinimize[(x - 1)^2 + 2, {{x, -3, 3}}, Method -> \"SimulatedAnnealing\"]",
     "{2., {x -> 1.}}"),
    ("NMinimize[(x - 1)^2, x, Method -> \"NelderMead\"]", "{0., {x -> 1.}}"),
    ("NMinimize[(x - 1)^2, x, Method -> \"RandomSearch\"]", "{0., {x -> 1.}}"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_search_options(text, expected):
    check(text, expected, same=close_printed)


def test_step_monitor_sees_each_step_of_a_minimum_search():
    r = run("{res, {steps}} = Reap[FindMinimum[(x - 1)^2 + 3 (y - 2)^2, {{x, 0}, {y, 0}}, "
            "StepMonitor :> Sow[{x, y}]]]; {Length[steps] > 1, Norm[Last[steps] - {1, 2}] < "
            "10^-6, First[steps] != {0., 0.}}")
    assert r.messages == []
    assert input_form(r.value) == "{True, True, True}"


def test_monitors_run_with_the_variables_bound_and_leave_them_unset():
    r = run("n = 0; FindRoot[{x^2 + y^2 == 2, x == y}, {{x, 2}, {y, 0.5}}, "
            "EvaluationMonitor :> (n++; last = {x, y})]; {n > 3, NumberQ[First[last]], x}")
    assert r.messages == []
    assert input_form(r.value) == "{True, True, x}"


def test_max_iterations_stops_the_search_and_says_so():
    r = run("FindRoot[Cos[x] == x, {x, 1}, MaxIterations -> 2]")
    assert r.tags == ["FindRoot::cvmit"]
    r = run("FindMinimum[Sin[x y] + x^2 + y^2, {{x, 1}, {y, 1}}, MaxIterations -> 1]")
    assert r.tags == ["FindMinimum::cvmit"]


@pytest.mark.parametrize("text, tag", [
    ("FindRoot[Cos[x] == x, {x, 1}, Foo -> 3]", "FindRoot::optx"),
    ("FindRoot[Cos[x] == x, {x, 1}, Method -> \"Foo\"]", "FindRoot::bdmtd"),
    ("FindRoot[Cos[x] == x, {x, 1}, Method -> \"Brent\"]", "FindRoot::brent"),
    ("FindRoot[Cos[x] == x, {x, 1}, MaxIterations -> -2]", "FindRoot::ioppf"),
    ("FindRoot[Cos[x] == x, {x, 1}, AccuracyGoal -> a]", "FindRoot::goal"),
    ("FindMinimum[(x - 1)^2, {x, 0}, Method -> \"DifferentialEvolution\"]",
     "FindMinimum::bdmtd"),
    ("NMinimize[(x - 1)^2, x, Method -> \"Newton\"]", "NMinimize::bdmtd"),
    ("FindMinimum[(x - 1)^2, {x, 0}, 7]", "FindMinimum::nonopt"),
])
def test_bad_options_say_why_and_stay_unevaluated(text, tag):
    r = run(text)
    assert r.tags == [tag]
    assert r.value.head.name in ("FindRoot", "FindMinimum", "NMinimize")


def test_a_higher_working_precision_is_said_and_machine_numbers_used():
    r = run("FindRoot[Cos[x] == x, {x, 1}, WorkingPrecision -> 30]")
    assert r.tags == ["FindRoot::wprec"]
    assert r.value.head.name == "List"


NDSOLVE = "NDSolveValue[{y'[x] == y[x], y[0] == 1}, y, {x, 0, 1}"

NDSOLVE_CASES = [
    (NDSOLVE + ", Method -> \"BDF\"][1]", "2.71828"),
    (NDSOLVE + ", Method -> \"ImplicitRungeKutta\"][1]", "2.71828"),
    (NDSOLVE + ", Method -> \"StiffnessSwitching\"][1]", "2.71828"),
    (NDSOLVE + ", Method -> {\"ExplicitRungeKutta\"}][1]", "2.71828"),
    (NDSOLVE + ", MaxStepSize -> 0.01, StartingStepSize -> 0.001][1]", "2.71828"),
    ("Abs[" + NDSOLVE + ", AccuracyGoal -> 13, PrecisionGoal -> 13][1] - E] < 10^-11",
     "True"),
    ("NDSolve[{x'[t] == -y[t], y'[t] == x[t], x[0] == 1, y[0] == 0}, {x, y}, {t, 0, Pi}, "
     "Method -> \"Adams\"][[1, 1, 2]][Pi]", "-1."),
]


@pytest.mark.parametrize("text, expected", NDSOLVE_CASES)
def test_ndsolve_options(text, expected):
    check(text, expected, same=close_printed)


def test_ndsolve_stops_after_max_steps_and_says_where():
    r = run("f = " + NDSOLVE.replace("{x, 0, 1}", "{x, 0, 10}") + ", MaxSteps -> 5]; "
            "{First[f[\"Domain\"]][[2]] < 10, f[0.]}")
    assert r.tags == ["NDSolveValue::mxst"]
    assert input_form(r.value) == "{True, 1.}"


def test_ndsolve_step_monitor_sees_increasing_times_up_to_the_end():
    r = run("{f, {ts}} = Reap[NDSolveValue[{y'[x] == -y[x], y[0] == 1}, y, {x, 0, 1}, "
            "StepMonitor :> Sow[x]]]; {Length[ts] > 3, OrderedQ[ts], Last[ts]}")
    assert r.messages == []
    assert input_form(r.value) == "{True, True, 1.}"


@pytest.mark.parametrize("option, tag", [
    ("Method -> \"Foo\"", "NDSolveValue::bdmtd"),
    ("MaxSteps -> -1", "NDSolveValue::ioppf"),
    ("MaxStepSize -> 0", "NDSolveValue::ipos"),
    ("Bogus -> 1", "NDSolveValue::optx"),
])
def test_bad_ndsolve_options_say_why(option, tag):
    r = run(NDSOLVE + ", " + option + "]")
    assert r.tags == [tag]
    assert r.value.head.name == "NDSolveValue"


D2 = "d = {{0, 1.}, {1, 2.9}, {2, 5.2}, {3, 6.8}, {4, 30.}}; "

FIT_CASES = [
    # a zero weight leaves the outlier out: the line through the first four points
    (D2 + "LinearModelFit[d, x, x, Weights -> {1, 1, 1, 1, 0}][\"BestFit\"]", "1.02 + 1.97 x"),
    (D2 + "FindFit[d, a x + b, {a, b}, x, Weights -> {1, 1, 1, 1, 0}]",
     "{a -> 1.97, b -> 1.02}"),
    (D2 + "NonlinearModelFit[d, a x + b, {a, b}, x, Weights -> {1, 1, 1, 1, 0}]"
     "[\"BestFitParameters\"]", "{a -> 1.97, b -> 1.02}"),
    (D2 + "FindFit[d, a x + b, {a, b}, x, Method -> \"QuasiNewton\"]",
     "{a -> 6.19, b -> -3.2}"),
    (D2 + "FindFit[d, a x + b, {a, b}, x, Method -> \"NelderMead\", AccuracyGoal -> 10]",
     "{a -> 6.19, b -> -3.2}"),
    # least absolute deviations: the line through two data points, not pulled by 30.
    (D2 + "FindFit[d, a x + b, {a, b}, x, NormFunction -> (Norm[#, 1] &)] // "
     "Round[{a, b} /. #, 0.01] &", "{2.16, 0.88}"),
]


@pytest.mark.parametrize("text, expected", FIT_CASES)
def test_fit_options(text, expected):
    check(text, expected, same=close_printed)


def test_confidence_level_sets_the_width_of_the_intervals():
    r = run(D2 + "{LinearModelFit[d, x, x, ConfidenceLevel -> 0.9], LinearModelFit[d, x, x]}"
            " // Map[#[\"ParameterConfidenceIntervals\"] &] // Map[#[[2, 2]] - #[[2, 1]] &]")
    assert r.messages == []
    narrow, wide = (a.value for a in r.value.args)
    assert 0 < narrow < wide


@pytest.mark.parametrize("text, tag", [
    (D2 + "FindFit[d, a x + b, {a, b}, x, Weights -> {1, 1}]", "FindFit::wts"),
    (D2 + "LinearModelFit[d, x, x, Bogus -> 1]", "LinearModelFit::optx"),
    (D2 + "NonlinearModelFit[d, a x + b, {a, b}, x, ConfidenceLevel -> 2]",
     "NonlinearModelFit::clev"),
    (D2 + "FindFit[d, a x + b, {a, b}, x, Method -> \"Simplex\"]", "FindFit::bdmtd"),
])
def test_bad_fit_options_say_why(text, tag):
    r = run(text)
    assert r.tags == [tag]
