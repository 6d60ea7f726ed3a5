"""Area, ArcLength, RegionMeasure, RegionCentroid of the basic plane regions, against the
values of their formulas (worked by hand); Mathics3 lacks these functions."""

import pytest

from tests.builtins._support import check_example, declared_examples, differential_table

WORKED = "worked by hand (Mathics3 lacks region measures)"

CASES = [
    # a face detector's box centre: RegionCentroid of Rectangle[{x1, y1}, {x2, y2}]
    ("RegionCentroid[Rectangle[{100, 100}, {180, 190}]]", "{140, 145}", WORKED),
    ("RegionCentroid[Rectangle[]]", "{1/2, 1/2}", WORKED),
    ("RegionCentroid[Disk[{1, 2}, 3]]", "{1, 2}", WORKED),
    ("RegionCentroid[Triangle[{{0, 0}, {3, 0}, {0, 6}}]]", "{1, 2}", WORKED),
    ("RegionCentroid[Polygon[{{0, 0}, {4, 0}, {4, 2}, {0, 2}}]]", "{2, 1}", WORKED),
    # an L-shaped hexagon: two unit-height rectangles' centroids weighted by their areas
    ("RegionCentroid[Polygon[{{0, 0}, {2, 0}, {2, 1}, {1, 1}, {1, 2}, {0, 2}}]]",
     "{5/6, 5/6}", WORKED),
    ("RegionCentroid[Line[{{0, 0}, {2, 0}, {2, 2}}]]", "{3/2, 1/2}", WORKED),
    ("RegionCentroid[Point[{3, 4}]]", "{3, 4}", WORKED),
    # a map-projection program compares triangles drawn on a map by their areas
    ("Area[Polygon[{{0, 0}, {0, 4}, {3, 0}}]]", "6", "clockwise vertices: " + WORKED),
    ("Area[Rectangle[{0, 0}, {a, b}]]", "a b", WORKED),
    ("Area[Disk[{0, 0}, {1, 2}]]", "2 Pi", WORKED),
    ("Area[Disk[]]", "Pi", WORKED),
    ("Area[Polygon[{{0., 0.}, {1., 0.}, {1., 1.}}]]", "0.5", WORKED),
    ("Area[Circle[]]", "Area[Circle[]]", "a region this module does not take stays"),
    ("ArcLength[Line[{{0, 0}, {1, 1}}]]", "Sqrt[2]", WORKED),
    ("RegionMeasure[Point[{{0, 0}, {1, 1}, {2, 2}}]]", "3", WORKED),
    ("RegionMeasure[Line[{{0, 0, 0}, {1, 2, 2}}]]", "3", "a line in space: " + WORKED),
    ("RegionMeasure[Rectangle[{1, 1}, {3, 4}]]", "6", WORKED),
    # a box detector's intersection over union
    ("RegionIntersection[Rectangle[{0, 0}, {2, 2}], Rectangle[{1, 1/2}, {3, 3}]]",
     "Rectangle[{1, 1/2}, {2, 2}]", WORKED),
    ("RegionIntersection[{Rectangle[{0, 0}, {4, 4}], Rectangle[{1, 1}, {5, 5}], "
     "Rectangle[{2, 0}, {3, 6}]}]", "Rectangle[{2, 1}, {3, 4}]", "three boxes: " + WORKED),
    ("RegionIntersection[Rectangle[{0, 0}, {1, 1}], Rectangle[{2, 0}, {3, 1}]]",
     "EmptyRegion[2]", WORKED),
    ("RegionIntersection[Rectangle[{0, 0}, {1, 1}], Rectangle[{1, 0}, {2, 1}]]",
     "Line[{{1, 0}, {1, 1}}]", "boxes that share an edge meet in it: " + WORKED),
    ("RegionIntersection[Rectangle[{0, 0}, {1, 1}], Rectangle[{1, 1}, {2, 2}]]",
     "Point[{1, 1}]", WORKED),
    ("RegionIntersection[Disk[], Rectangle[]]", "RegionIntersection[Disk[], Rectangle[]]",
     "other regions stay"),
    ("Area[RegionIntersection[Rectangle[{0, 0}, {1, 1}], Rectangle[{1, 0}, {2, 1}]]]", "0",
     "a line has no area: " + WORKED),
    ("Area[EmptyRegion[2]]", "0", WORKED),
    ("Area[RegionUnion[Rectangle[{0, 0}, {2, 2}], Rectangle[{1, 1}, {3, 3}], "
     "Rectangle[{5, 5}, {6, 6}]]]", "8", "4 + 4 - 1 + 1: " + WORKED),
    ("Area[RegionUnion[Rectangle[{0, 0}, {1, 1}], Rectangle[{0.5, 0.5}, {1.5, 1.5}]]]",
     "1.75", WORKED),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "regions")


@pytest.mark.parametrize("name,text,expected", declared_examples("regions"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
