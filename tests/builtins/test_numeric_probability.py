"""NProbability / NExpectation of several continuous variables without a closed form
(wlnet/builtins/numeric_probability.py): the innermost variable done through its CDF
between the points where the predicate changes, the others by quadrature; and N of an
unevaluated Probability or Expectation."""

import pytest

from tests.builtins._support import Runner

NORMALS = "{x \\[Distributed] NormalDistribution[], y \\[Distributed] NormalDistribution[]}"
CUBE = ("{x \\[Distributed] UniformDistribution[{-1, 1}], "
        "y \\[Distributed] UniformDistribution[{-1, 1}], "
        "z \\[Distributed] UniformDistribution[{-1, 1}]}")


@pytest.mark.parametrize("text, exact", [
    (f"NProbability[x^2 + y^2 < 1, {NORMALS}]", "1 - 1/Sqrt[E]"),     # chi-square, 2 dof
    (f"NProbability[x^2 + y^2 + z^2 < 1, {CUBE}]", "Pi/6"),          # the ball in the cube
    (f"NProbability[x/y > 2, {NORMALS}]", "1/2 - ArcTan[2]/Pi"),     # a Cauchy ratio
    (f"NProbability[Abs[x - y] < 1, {NORMALS}]", "Erf[1/2]"),        # zeros by Solve
    ("NProbability[x y > 1, {x \\[Distributed] ExponentialDistribution[1], "
     "y \\[Distributed] ExponentialDistribution[2]}]",
     "2 Sqrt[2] BesselK[1, 2 Sqrt[2]]"),
    (f"NProbability[x^2 + y^2 < 1 || x > 2, {NORMALS}]",
     "1 - 1/Sqrt[E] + Erfc[Sqrt[2]]/2"),
    (f"NExpectation[Sqrt[x^2 + y^2], {NORMALS}]", "Sqrt[Pi/2]"),     # Rayleigh mean
    (f"N[Probability[x^2 + y^2 < 1, {NORMALS}]]", "1 - 1/Sqrt[E]"),
])
def test_several_continuous_variables_numerically(text, exact):
    r = Runner()
    got = r.run(text)
    assert r.messages == []
    want = r.run(f"N[{exact}]")
    assert type(got).__name__ == "Real" and abs(got.value - want.value) < 1e-6, (got, want)


def test_a_predicate_with_a_parameter_stays_unevaluated():
    r = Runner()
    text = f"NProbability[x^2 + y^2 < a, {NORMALS}]"
    assert r.run(f"Head[{text}]") == r.run("NProbability")
