"""ParametricPlot3D, SphericalPlot3D and RevolutionPlot3D: the curves and surfaces they
build, options and messages."""

import numpy as np

from tests.graphics.plots.test_surfaces import surface_of as complex_parts
from wlnet.core.expr import S
from wlnet.graphics.values import numeric_array


def test_space_curve(session):
    g = session.evaluate("ParametricPlot3D[{Cos[t], Sin[t], t}, {t, 0, 6}]")
    assert g.head is S.Graphics3D and not session.messages
    line = numeric_array(session.evaluate("First[Cases[%, Line[p_] :> p, Infinity]]"))
    assert line.shape == (100, 3)
    assert np.allclose(line[:, 0], np.cos(line[:, 2])) and line[-1, 2] == 6
    g = session.evaluate("ParametricPlot3D[{{t, 0, 0}, {0, t, 0}}, {t, 0, 1}, PlotPoints -> 5]")
    assert session.evaluate("Length[Cases[%, _Line, Infinity]]").value == 2


def test_parametric_surface_is_a_sphere(session):
    g = session.evaluate("ParametricPlot3D[{Cos[u] Sin[v], Sin[u] Sin[v], Cos[v]}, "
                         "{u, 0, 2 Pi}, {v, 0, Pi}, PlotPoints -> 10]")
    points, faces = complex_parts(g)
    assert points.shape == (100, 3) and faces.shape == (81, 4)
    assert np.allclose(np.linalg.norm(points, axis=1), 1.0)
    assert "BoxRatios -> Automatic" in session.evaluate("ToString[InputForm[%]]").value


def test_spherical_and_revolution_surfaces(session):
    points, _ = complex_parts(session.evaluate(
        "SphericalPlot3D[2, {t, 0, Pi}, {p, 0, 2 Pi}, PlotPoints -> 8]"))
    assert np.allclose(np.linalg.norm(points, axis=1), 2.0)
    points, _ = complex_parts(session.evaluate("RevolutionPlot3D[t^2, {t, 0, 1}, "
                                               "PlotPoints -> 6]"))
    radius = np.hypot(points[:, 0], points[:, 1])
    assert np.allclose(points[:, 2], radius ** 2)


def test_messages(session):
    session.evaluate("ParametricPlot3D[x, {t, 0, 1}]")
    assert session.messages[-1].startswith("ParametricPlot3D::pp3d")
    session.evaluate("SphericalPlot3D[1, {t, 0}, {p, 0, 1}]")
    assert session.messages[-1].startswith("SphericalPlot3D::pllim")
