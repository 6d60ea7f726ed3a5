"""ContourPlot3D: marching tetrahedra finds the level surface; levels, equations, the
point-by-point fallback."""

import numpy as np

from tests.graphics.conftest import parts_with_head
from wlnet.graphics.plots.isosurfaces import marching_tetrahedra
from wlnet.graphics.values import numeric_array


def sphere_values(n=21):
    axis = np.linspace(-1.3, 1.3, n)
    x, y, z = np.meshgrid(axis, axis, axis, indexing="ij")
    return x * x + y * y + z * z - 1, [axis] * 3


def test_marching_tetrahedra_gives_a_closed_sphere():
    values, axes = sphere_values()
    triangles = marching_tetrahedra(values, axes)
    radii = np.linalg.norm(triangles.reshape(-1, 3), axis=1)
    assert np.allclose(radii, 1, atol=0.03)
    a, b, c = triangles[:, 0], triangles[:, 1], triangles[:, 2]
    area = 0.5 * np.linalg.norm(np.cross(b - a, c - a), axis=1).sum()
    assert abs(area - 4 * np.pi) < 0.05 * 4 * np.pi
    assert not len(marching_tetrahedra(values + 5, axes))               # no crossing


def vertices(g):
    return [numeric_array(c.args[0]) for c in parts_with_head(g, "GraphicsComplex")]


def test_contour_plot3d_of_an_equation_and_of_levels(session):
    g = session.evaluate("ContourPlot3D[x^2 + y^2 + z^2 == 1, {x, -1.2, 1.2}, "
                         "{y, -1.2, 1.2}, {z, -1.2, 1.2}, PlotPoints -> 12]")
    assert not session.messages and g.head.name == "Graphics3D"
    (points,) = vertices(g)
    assert np.allclose(np.linalg.norm(points, axis=1), 1, atol=0.05)
    g = session.evaluate("ContourPlot3D[x^2 + y^2 + z^2, {x, -2, 2}, {y, -2, 2}, {z, -2, 2}, "
                         "Contours -> {1, 2}, PlotPoints -> 12]")
    inner, outer = vertices(g)
    assert np.allclose(np.linalg.norm(inner, axis=1), 1, atol=0.06)
    assert np.allclose(np.linalg.norm(outer, axis=1), np.sqrt(2), atol=0.06)
    assert "Opacity" in str(g.args[0])


def test_a_function_sympy_cannot_take_is_sampled_point_by_point(session):
    g = session.evaluate("f[x_?NumericQ, y_, z_] := x^2 + y^2 + z^2 - 1; ContourPlot3D["
                         "f[x, y, z], {x, -1.2, 1.2}, {y, -1.2, 1.2}, {z, -1.2, 1.2}, "
                         "PlotPoints -> 8]")
    (points,) = vertices(g)
    assert np.allclose(np.linalg.norm(points, axis=1), 1, atol=0.1)
    session.evaluate("ContourPlot3D[x, {x, 0, 1}, {y, 0, 1}, {z, 0, 1}, Contours -> foo]")
    assert session.messages[-1].startswith("ContourPlot3D::ctrs")


def sphere_cloud(n=400, seed=1):
    rng = np.random.default_rng(seed)
    v = rng.normal(size=(n, 3))
    return v / np.linalg.norm(v, axis=1, keepdims=True)


def test_cloud_normals_agree_and_point_outwards():
    from wlnet.graphics.plots.isosurfaces import _normals
    points = sphere_cloud()
    normals = _normals(points, 10)
    assert np.all(np.einsum("ij,ij->i", normals, points) > 0.8)


def test_a_cloud_on_a_sphere_gives_the_sphere():
    from wlnet.graphics.plots.isosurfaces import cloud_triangles
    triangles = cloud_triangles(sphere_cloud(), 30)
    radii = np.linalg.norm(triangles.reshape(-1, 3), axis=1)
    assert np.allclose(radii, 1, atol=0.1)
    a, b, c = triangles[:, 0], triangles[:, 1], triangles[:, 2]
    area = 0.5 * np.linalg.norm(np.cross(b - a, c - a), axis=1).sum()
    assert abs(area - 4 * np.pi) < 0.2 * 4 * np.pi


def test_list_surface_plot3d_forms(session):
    g = session.evaluate("ListSurfacePlot3D[Table[{Cos[t] (2 + Cos[u]), Sin[t] (2 + Cos[u]), "
                         "Sin[u]}, {t, 0, 2 Pi, Pi/4}, {u, 0, 2 Pi, Pi/3}]]")
    assert not session.messages
    (complex_,) = parts_with_head(g, "GraphicsComplex")
    faces = numeric_array(complex_.args[1].args[0])
    assert faces.shape == (8 * 6, 4)                       # an array of points: its quads
    g = session.evaluate("SeedRandom[1]; ListSurfacePlot3D[Table[{x, y, x y}, "
                         "{x, -1, 1, 0.1}, {y, -1, 1, 0.1}] ~Flatten~ 1]")
    (points,) = vertices(g)
    assert np.allclose(points[:, 2], points[:, 0] * points[:, 1], atol=0.08)
    session.evaluate("ListSurfacePlot3D[{{1, 2}}]")
    assert session.messages[-1].startswith("ListSurfacePlot3D::arrayerr")
