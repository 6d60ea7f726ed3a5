"""ParametricNDSolveValue and ParametricNDSolve (wlnet/builtins/parametric_ndsolve.py):
the solution at parameter values is NDSolveValue's with the values put in."""

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("parametric_ndsolve"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_values_at_parameters_solve_the_equations():
    r = Runner()
    r.run("sol = ParametricNDSolveValue[{y''[t] + c y'[t] + y[t] == 0, y[0] == 1, y'[0] == 0}, "
          "y, {t, 0, 10}, {c}];")
    check("Abs[sol[0][3.] - Cos[3.]] < 10^-4", "True", runner=r)
    # damped: y = e^(-t/2)(cos(w t) + sin(w t)/(2 w)), w = sqrt(3)/2 for c = 1
    check("w = Sqrt[3.]/2; Abs[sol[1][2.] - Exp[-1.] (Cos[2 w] + Sin[2 w]/(2 w))] < 10^-4",
          "True", runner=r)
    check("Abs[sol[1]'[2.] - D[Exp[-t/2] (Cos[w t] + Sin[w t]/(2 w)), t] /. t -> 2.] < 10^-3",
          "True", runner=r)
    check("MatchQ[sol[a], _ParametricFunction[a]]", "True", runner=r)
    # the parameter keeps being the parameter when it has a value
    check("c = 5; Abs[sol[0][3.] - Cos[3.]] < 10^-4", "True", runner=r)


def test_several_parameters_a_value_of_the_solution_and_the_rules_form():
    check("pv = ParametricNDSolveValue[{y'[t] == -k y[t], y[0] == a}, y[1], {t, 0, 1}, "
          "{k, {a, 0, 5}}]; Abs[pv[1., 2.] - 2 Exp[-1.]] < 10^-5", "True")
    check("ps = ParametricNDSolve[{y'[t] == -k y[t], z'[t] == k, y[0] == 1, z[0] == 0}, "
          "{y, z}, {t, 0, 1}, {k}]; {Abs[(y /. ps)[2.][1.] - Exp[-2.]] < 10^-5, "
          "Abs[(z /. ps)[2.][1.] - 2] < 10^-5}", "{True, True}")


def test_a_bad_parameter_list():
    r = run("ParametricNDSolveValue[{y'[t] == -k y[t], y[0] == 1}, y, {t, 0, 1}, {1}]")
    assert r.tags == ["ParametricNDSolveValue::par"]


def test_a_table_over_the_parameter_symbol_itself():
    # Table localises c with a value: the solution at each c is still NDSolve's
    check("sol = ParametricNDSolveValue[{y'[t] == -c y[t], y[0] == 1}, y, {t, 0, 1}, {c}]; "
          "Max[Abs[Flatten[Table[sol[c][t] - Exp[-c t], {c, {0.5, 1., 2.}}, {t, {0.5, 1.}}]]]] "
          "< 10^-5", "True")
