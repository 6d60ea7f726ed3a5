"""RandomPoint (wlnet/builtins/random_point.py): shapes, membership of the drawn points, and
uniformity (the mean and spread of the draws against the region's)."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples
from wlnet.core.expr import to_python


@pytest.mark.parametrize("name,text,expected", declared_examples("random_point"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _points(runner, text):
    return np.array(to_python(runner.run(text)), dtype=float)


@pytest.mark.parametrize("text,shape", [
    ("RandomPoint[Disk[]]", (2,)),
    ("RandomPoint[Rectangle[], 4]", (4, 2)),
    ("RandomPoint[Disk[{1, 1}, 2], {3, 4}]", (3, 4, 2)),
    ("RandomPoint[Ball[{0, 0, 0, 0}], 5]", (5, 4)),
    ("RandomPoint[Line[{{0}, {1}}], 5]", (5, 1)),
    ("RandomPoint[Sphere[], 6]", (6, 3)),
    ("RandomPoint[Cuboid[], 2]", (2, 3)),
    ("RandomPoint[Triangle[], 0]", (0,)),
])
def test_shapes(text, shape):
    assert _points(Runner(), text).shape == shape


def test_points_lie_in_their_regions_and_are_uniform():
    runner = Runner()
    disk = _points(runner, "RandomPoint[Disk[{1, -1}, 2], 20000]")
    assert np.all(np.linalg.norm(disk - [1, -1], axis=1) <= 2 + 1e-12)
    # uniform by area: a quarter of the points within half the radius
    assert np.mean(np.linalg.norm(disk - [1, -1], axis=1) <= 1) == pytest.approx(0.25, abs=0.02)
    box = _points(runner, "RandomPoint[Rectangle[{0, 0}, {2, 1}], 20000]")
    assert box.min() >= 0 and box[:, 0].max() <= 2 and box[:, 1].max() <= 1
    assert box.mean(axis=0) == pytest.approx([1, 0.5], abs=0.02)
    tri = _points(runner, "RandomPoint[Triangle[{{0, 0}, {3, 0}, {0, 3}}], 20000]")
    assert np.all(tri.sum(axis=1) <= 3 + 1e-12) and tri.min() >= 0
    assert tri.mean(axis=0) == pytest.approx([1, 1], abs=0.03)           # the centroid
    ring = _points(runner, "RandomPoint[Circle[{0, 0}, 2], 100]")
    np.testing.assert_allclose(np.linalg.norm(ring, axis=1), 2)
    sphere = _points(runner, "RandomPoint[Sphere[{0, 0, 0}, 3], 100]")
    np.testing.assert_allclose(np.linalg.norm(sphere, axis=1), 3)
    # along a polyline by length: the long segment takes three quarters of the points
    line = _points(runner, "RandomPoint[Line[{{0, 0}, {1, 0}, {1, 3}}], 20000]")
    assert np.mean(line[:, 0] > 1 - 1e-12) == pytest.approx(0.75, abs=0.02)
    ball = _points(runner, "RandomPoint[Ball[{0, 0, 0}, 1], 20000]")
    assert np.mean(np.linalg.norm(ball, axis=1) <= 0.5) == pytest.approx(0.125, abs=0.02)


def test_a_non_convex_polygon_keeps_out_of_its_notch():
    pts = _points(Runner(), "RandomPoint[Polygon[{{0, 0}, {2, 0}, {1, 1}, {2, 2}, {0, 2}}], 2000]")
    notch = (pts[:, 0] > 1.2) & (np.abs(pts[:, 1] - 1) < 0.1)
    assert not notch.any()


def test_seed_random_reproduces_the_draws():
    runner = Runner()
    first = _points(runner, "SeedRandom[3]; RandomPoint[Disk[], 5]")
    again = _points(runner, "SeedRandom[3]; RandomPoint[Disk[], 5]")
    np.testing.assert_array_equal(first, again)


def test_bad_counts_and_regions():
    check("RandomPoint[Disk[], -1]", "RandomPoint[Disk[], -1]", ["RandomPoint::array"])
    check("RandomPoint[Disk[{a, b}], 3]", "RandomPoint[Disk[{a, b}], 3]")
    check("RandomPoint[Foo[], 3]", "RandomPoint[Foo[], 3]")
