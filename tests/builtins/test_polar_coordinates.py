"""FromPolarCoordinates, ToPolarCoordinates, CirclePoints (wlnet/builtins/polar_coordinates.py):
against the Wolfram Language's documented answers; machine arrays against numpy."""

import numpy as np
import pytest

from wlnet.core.expr import to_python

from tests.builtins._support import (
    Runner, check, check_example, declared_examples, differential_table)

CASES = [
    ("FromPolarCoordinates[{r, t}]", "{r Cos[t], r Sin[t]}"),
    ("FromPolarCoordinates[{2, Pi/3}]", "{1, Sqrt[3]}"),
    ("FromPolarCoordinates[{1, Pi/2, Pi/2}]", "{0, 0, 1}"),
    ("FromPolarCoordinates[{r, a, b}]", "{r Cos[a], r Cos[b] Sin[a], r Sin[a] Sin[b]}"),
    ("FromPolarCoordinates[{{1, 0}, {1, Pi}}]", "{{1, 0}, {-1, 0}}"),
    ("FromPolarCoordinates[{1}]", "FromPolarCoordinates[{1}]"),
    ("ToPolarCoordinates[{x, y}]", "{Sqrt[x^2 + y^2], ArcTan[x, y]}"),
    ("ToPolarCoordinates[{1, 1}]", "{Sqrt[2], Pi/4}"),
    ("ToPolarCoordinates[{0, 2}]", "{2, Pi/2}"),
    ("ToPolarCoordinates[{1, 1, 1}]", "{Sqrt[3], ArcCos[1/Sqrt[3]], Pi/4}"),
    ("ToPolarCoordinates[{{3, 4}, {-1, 0}}]", "{{5, ArcTan[4/3]}, {1, Pi}}"),
    ("ToPolarCoordinates[{{3., 4.}, {-1., 0.}}]", "{{5., 0.9272952180016122}, {1., 3.141592653589793}}"),
    ("ToPolarCoordinates[3]", "ToPolarCoordinates[3]"),
    ("CirclePoints[3]", "{{Sqrt[3]/2, -1/2}, {0, 1}, {-Sqrt[3]/2, -1/2}}"),
    ("CirclePoints[{2, 0}, 4]", "{{2, 0}, {0, 2}, {-2, 0}, {0, -2}}"),
    ("CirclePoints[2, 4]", "{{Sqrt[2], -Sqrt[2]}, {Sqrt[2], Sqrt[2]}, {-Sqrt[2], Sqrt[2]}, "
                           "{-Sqrt[2], -Sqrt[2]}}"),
    ("CirclePoints[{1, 1}, {1, 0}, 2]", "{{2, 1}, {0, 1}}"),
    ("CirclePoints[{a, b}, {r, 0}, 2]", "{{a + r, b}, {a - r, b}}"),
    ("CirclePoints[0]", "CirclePoints[0]"),
    ("CirclePoints[x]", "CirclePoints[x]"),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = \
    differential_table(CASES, "polar_coordinates")


@pytest.mark.parametrize("name,text,expected", declared_examples("polar_coordinates"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _floats(runner, text):
    return np.array(to_python(runner.run(text)), dtype=float)


def test_machine_arrays_round_trip_in_any_dimension():
    runner = Runner()
    rng = np.random.default_rng(0)
    for dim in (2, 3, 5):
        points = rng.normal(size=(6, dim))
        rows = ("{" + ", ".join(f"{x:.17g}".replace("e", "*^") for x in p) + "}" for p in points)
        runner.run("pts = {" + ", ".join(rows) + "};")
        back = _floats(runner, "FromPolarCoordinates[ToPolarCoordinates[pts]]")
        np.testing.assert_allclose(back, points, atol=1e-12)
        polar = _floats(runner, "ToPolarCoordinates[pts]")
        np.testing.assert_allclose(polar[:, 0], np.linalg.norm(points, axis=1))
        assert np.all(polar[:, 1:-1] >= 0) and np.all(polar[:, 1:-1] <= np.pi)


def test_machine_points_agree_with_the_exact_formula():
    runner = Runner()
    fast = _floats(runner, "FromPolarCoordinates[{{2., 0.4, 1.1}, {0.5, 2.5, -0.3}}]")
    slow = _floats(runner, "N[FromPolarCoordinates[{{2, 2/5, 11/10}, {1/2, 5/2, -3/10}}]]")
    np.testing.assert_allclose(fast, slow, rtol=1e-12)


def test_the_origin_keeps_arctans_message():
    check("ToPolarCoordinates[{0, 0}]", "{0, Indeterminate}", ["ArcTan::indet"])


def test_circle_points_are_a_regular_polygon_with_a_horizontal_base():
    runner = Runner()
    for n in (3, 4, 7, 12):
        pts = _floats(runner, f"N[CirclePoints[{n}]]")
        assert pts.shape == (n, 2)
        np.testing.assert_allclose(np.linalg.norm(pts, axis=1), 1.0)
        lowest = np.sort(pts[:, 1])[:2]
        assert lowest[0] == pytest.approx(lowest[1])        # the base is horizontal
        turns = np.diff(np.unwrap(np.arctan2(pts[:, 1], pts[:, 0])))
        np.testing.assert_allclose(turns, 2 * np.pi / n)
