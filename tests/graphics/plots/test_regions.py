"""RegionPlot: regions of inequalities (smooth boundaries) and of other conditions."""

import numpy as np

from tests.graphics.conftest import png_pixels
from tests.graphics.plots.test_plots import lines_of
from wlnet.core.expr import S
from wlnet.graphics.values import numeric_array
from wlnet.graphics.plots.regions import margin_expr
from wlnet.syntax.parser import parse
from wlnet.syntax.printer import input_form


def polygons_of(g):
    found = []

    def walk(e):
        if getattr(e, "head", None) is S.Polygon:
            found.append(numeric_array(e.args[0]))
        for a in getattr(e, "args", ()):
            walk(a)
    walk(g)
    return found


def test_margins_of_inequalities(session):
    assert input_form(session.evaluate(margin_expr(parse("x < y")))) == "-x + y"
    chain = margin_expr(parse("1 < x^2 < 4"))
    assert chain.head is S.Min and len(chain.args) == 2
    assert margin_expr(parse("PrimeQ[x]")) is None
    assert margin_expr(parse("!(x > 1) || y >= 2")).head is S.Max


def test_the_disk_has_a_smooth_boundary(session):
    g = session.evaluate("RegionPlot[x^2 + y^2 < 1, {x, -1.5, 1.5}, {y, -1.5, 1.5}]")
    assert not session.messages and g.head is S.Graphics
    (boundary,) = lines_of(g)
    assert np.allclose(np.hypot(boundary[:, 0], boundary[:, 1]), 1.0, atol=0.01)
    (disk,) = polygons_of(g)
    area = 0.5 * abs(np.dot(disk[:, 0], np.roll(disk[:, 1], 1))
                     - np.dot(disk[:, 1], np.roll(disk[:, 0], 1)))
    assert abs(area - np.pi) < 0.02


def test_an_annulus_has_a_hole_and_other_conditions_are_sampled(session):
    g = session.evaluate("RegionPlot[1/4 < x^2 + y^2 < 1, {x, -1, 1}, {y, -1, 1}, "
                         "PlotStyle -> Red]")
    assert len(polygons_of(g)) == 2 and len(lines_of(g)) == 2     # the ring and its hole
    g = session.evaluate("RegionPlot[PrimeQ[Round[x]], {x, 0, 6}, {y, 0, 1}]")
    polygons = polygons_of(g)
    spans = sorted((p[:, 0].min(), p[:, 0].max()) for p in polygons)   # 2 and 3, then 5
    assert np.allclose(spans, [(1.5, 3.5), (4.5, 5.5)], atol=0.06)
    assert not session.messages


def test_messages_and_drawing(session, export):
    session.evaluate("RegionPlot[x > y, {x, 0, a}, {y, 0, 1}]")
    assert session.messages[-1].startswith("RegionPlot::plln")
    path, messages = export("RegionPlot[x > y, {x, 0, 1}, {y, 0, 1}, ImageSize -> 160]")
    assert not messages and png_pixels(path).shape[1] == 160


def test_true_false_boundaries_are_refined():
    """A condition sampled as true/false: the cells its boundary crosses are sampled again
    four times finer, and only they (the rest keeps its corners' value)."""
    from wlnet.graphics.plots.regions import refined_truth
    calls = []

    def inside(x, y):
        calls.append((x, y))
        return np.array([1.0 if x * x + y * y < 1 else -1.0])

    xs = ys = np.linspace(-1.5, 1.5, 13)
    z = np.array([[inside(x, y)[0] for x in xs] for y in ys])
    calls.clear()
    fx, fy, fine = refined_truth(inside, xs, ys, z)
    assert fine.shape == (49, 49) and len(calls) < 0.6 * 49 * 49
    gx, gy = np.meshgrid(fx, fy)
    truth = np.where(gx ** 2 + gy ** 2 < 1, 1.0, -1.0)
    assert (fine == truth).mean() > 0.995


def test_an_empty_region(session):
    g = session.evaluate("RegionPlot[x > 5, {x, 0, 1}, {y, 0, 1}]")
    assert g.head.name == "Graphics" and not session.messages


def test_a_condition_never_true_or_false_is_an_empty_plot(session, export):
    for condition in ("f[x, y] > 0", "f[x, y]", "f[x, y] > 0 && x > y"):
        g = session.evaluate(f"RegionPlot[{condition}, {{x, 0, 1}}, {{y, 0, 1}}]")
        assert g.head.name == "Graphics" and not session.messages
        assert "Polygon" not in input_form(g) and "Line" not in input_form(g)
    path, messages = export("RegionPlot[f[x, y] > 0, {x, 0, 1}, {y, 0, 1}]")
    assert not messages and path.stat().st_size > 0


def test_element_of_a_region_is_drawn_by_its_inequality(session):
    # Element[{x, y}, Disk[…]] is read as its inequality: the ellipse's boundary is exact
    g = session.evaluate("RegionPlot[Element[{x, y}, Disk[{0, 0}, {2, 1}]], {x, -3, 3}, "
                         "{y, -3, 3}]")
    assert not session.messages
    (boundary,) = lines_of(g)
    assert np.allclose((boundary[:, 0] / 2) ** 2 + boundary[:, 1] ** 2, 1.0, atol=0.02)
    # a polygon is tested point by point (its area about the triangle's, 2)
    g = session.evaluate("RegionPlot[RegionMember[Polygon[{{0, 0}, {2, 0}, {1, 2}}], {x, y}], "
                         "{x, -1, 3}, {y, -1, 3}]")
    assert not session.messages
    (triangle,) = polygons_of(g)
    area = 0.5 * abs(np.dot(triangle[:, 0], np.roll(triangle[:, 1], 1))
                     - np.dot(triangle[:, 1], np.roll(triangle[:, 0], 1)))
    assert abs(area - 2.0) < 0.1
