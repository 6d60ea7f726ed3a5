"""Interpolation and ListInterpolation of functions of two variables
(wlnet/builtins/interpolation_2d.py): grids, scattered points, the domain."""

from tests.builtins._support import check, close_printed, run


def test_interpolation_of_functions_of_two_variables():
    # on a grid: cubic in each variable, so a polynomial of degree 3 in each is exact
    check("f = Interpolation[Flatten[Table[{{x, y}, x + y^2}, {x, 0, 3}, {y, 0, 3}], 1]]; "
          "f[1.5, 2.5]", "7.75", same=close_printed)
    check("g = Interpolation[Flatten[Table[{x, y, x^3 y^2}, {x, 0, 4}, {y, 0, 4}], 1]]; "
          "g[2.5, 1.5]", "35.15625", same=close_printed)
    check("ListInterpolation[{{1, 2, 3}, {4, 5, 6}, {7, 8, 9}}][1.5, 2.5]", "4.",
          same=close_printed)
    check("ListInterpolation[{{1, 2}, {3, 4}}, {{0, 1}, {0, 10}}][0.5, 5]", "2.5",
          same=close_printed)
    assert run("Interpolation[Flatten[Table[{x, y, x y}, {x, 0, 2}, {y, 0, 2}], 1]]"
               "[\"Domain\"]").value == run("{{0., 2.}, {0., 2.}}").value
    # scattered points: piecewise linear over triangles, said so
    r = run("Interpolation[{{{0, 0}, 0}, {{1, 0}, 1}, {{0, 1}, 1}, {{1, 1.5}, 2.5}, "
            "{{0.5, 0.5}, 1}}][0.25, 0.25]")
    assert r.tags == ["Interpolation::udeg"] and abs(r.value.value - 0.5) < 1e-12
    r = run("Interpolation[Flatten[Table[{x, y, x y}, {x, 0, 2}, {y, 0, 2}], 1]][3, 1]")
    assert r.tags == ["InterpolatingFunction::dmval"]
