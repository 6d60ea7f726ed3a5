"""MorphologicalComponents' methods (wlnet.builtins.component_regions)."""

import numpy as np
import pytest

from wlnet.builtins.component_regions import _smallest_disk
from wlnet.core.expr import to_python
from wlnet.core.session import Session


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


RING = ("{{1, 1, 1, 1, 1, 0}, {1, 0, 0, 0, 1, 0}, {1, 0, 1, 0, 1, 0}, {1, 0, 0, 0, 1, 0}, "
        "{1, 1, 1, 1, 1, 0}, {0, 0, 0, 0, 0, 1}}")


@pytest.mark.parametrize("data, method, want", [
    # the dot inside the ring takes the ring's label; the corner dot is its own
    (RING, "Nested", [[1, 1, 1, 1, 1, 0], [1, 0, 0, 0, 1, 0], [1, 0, 1, 0, 1, 0],
                      [1, 0, 0, 0, 1, 0], [1, 1, 1, 1, 1, 0], [0, 0, 0, 0, 0, 2]]),
    ("{{1, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}}", "BoundingBox",
     [[1, 1, 0, 0], [1, 1, 0, 0], [0, 0, 0, 2]]),
    ("{{1, 1, 0, 0}, {1, 0, 0, 0}, {0, 0, 0, 1}}", "Convex",
     [[1, 1, 0, 0], [1, 0, 0, 0], [0, 0, 0, 2]]),
    # a dot inside an L's box: the two become one box
    ("{{1, 1, 1}, {1, 0, 0}, {1, 0, 1}}", "BoundingBox", [[1, 1, 1], [1, 1, 1], [1, 1, 1]]),
    # but not one hull: the dot lies beyond the L's diagonal
    ("{{1, 1, 1}, {1, 0, 0}, {1, 0, 1}}", "ConvexHull", [[1, 1, 1], [1, 1, 1], [1, 1, 2]]),
    ("{{0, 1, 0, 0, 0, 0, 0}, {1, 1, 1, 0, 0, 0, 0}, {0, 1, 0, 0, 0, 0, 1}}", "BoundingDisk",
     [[1, 1, 1, 0, 0, 0, 0], [1, 1, 1, 0, 0, 0, 0], [1, 1, 1, 0, 0, 0, 2]]),
])
def test_methods(session, data, method, want):
    text = f'MorphologicalComponents[{data}, Method -> "{method}", CornerNeighbors -> False]'
    assert to_python(session.evaluate(text)) == want


def test_convex_hulls_merge_when_they_overlap(session):
    # an L and a dot on its diagonal: the hulls overlap, so one region; the pixels only
    data = "{{1, 1, 1, 1}, {1, 0, 0, 0}, {1, 0, 1, 0}, {1, 0, 0, 0}}"
    hull = to_python(session.evaluate(f'MorphologicalComponents[{data}, '
                                      f'Method -> "ConvexHull", CornerNeighbors -> False]'))
    convex = to_python(session.evaluate(f'MorphologicalComponents[{data}, '
                                        f'Method -> "Convex", CornerNeighbors -> False]'))
    assert max(map(max, hull)) == 1 and max(map(max, convex)) == 1
    assert convex == [[1, 1, 1, 1], [1, 0, 0, 0], [1, 0, 1, 0], [1, 0, 0, 0]]


def test_smallest_disk():
    points = np.array([[0.0, 0], [2, 0], [1, 1], [1, -1], [1, 0.2]])
    centre, radius = _smallest_disk(points)
    np.testing.assert_allclose(centre, [1, 0], atol=1e-9)
    assert radius == pytest.approx(1.0)


def test_unknown_method(session):
    session.evaluate('MorphologicalComponents[{{1}}, Method -> "Foo"]')
    assert [m.split(":")[2] for m in session.messages] == ["method"]
