"""RegionDistance and SignedRegionDistance (wlnet/builtins/region_distance.py)."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples
from wlnet.core.expr import to_python


@pytest.mark.parametrize("name,text,expected", declared_examples("region_distance"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    ("RegionDistance[Disk[], {{0., 0.}, {3., 0.}}]", "{0., 2.}"),
    ("RegionDistance[Ball[{0, 0, 0}, 2], {0, 0, 5}]", "3"),
    ("RegionDistance[Point[{{0, 0}, {3, 4}}], {3, 3}]", "1."),
    ("SignedRegionDistance[Cuboid[], {0.5, 0.5, 2.}]", "1."),
    ("SignedRegionDistance[Cuboid[], {0.5, 0.5, 0.75}]", "-0.25"),
    ("SignedRegionDistance[Disk[{1, 1}, 2], {1, 1}]", "-2"),
    ("RegionDistance[Triangle[], {1, 1}]", "0.7071067811865476"),
    # no signed distance to a curve; ellipses and symbolic points are not measured
    ("SignedRegionDistance[Line[{{0, 0}, {1, 0}}], {0, 1}]",
     "SignedRegionDistance[Line[{{0, 0}, {1, 0}}], {0, 1}]"),
    ("RegionDistance[Disk[{0, 0}, {1, 2}], {3, 0}]", "RegionDistance[Disk[{0, 0}, {1, 2}], {3, 0}]"),
    ("RegionDistance[Disk[], {x, y}]", "RegionDistance[Disk[], {x, y}]"),
])
def test_distances(text, expected):
    check(text, expected, evaluate_expected=True)


def test_signed_distance_of_a_polygon_against_its_edges():
    runner = Runner()
    runner.run("sq = Polygon[{{0, 0}, {2, 0}, {2, 2}, {0, 2}}]; box = Rectangle[{0, 0}, {2, 2}];")
    pts = np.random.default_rng(0).uniform(-1, 3, size=(50, 2))
    text = "{" + ", ".join("{%r, %r}" % (float(x), float(y)) for x, y in pts) + "}"
    poly = np.array(to_python(runner.run(f"SignedRegionDistance[sq, {text}]")))
    rect = np.array(to_python(runner.run(f"SignedRegionDistance[box, {text}]")))
    np.testing.assert_allclose(poly, rect, atol=1e-12)
    assert (poly < 0).sum() == ((pts > 0) & (pts < 2)).all(axis=1).sum()
