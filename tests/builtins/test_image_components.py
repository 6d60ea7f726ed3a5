"""MorphologicalComponents, ComponentMeasurements, DistanceTransform
(wlnet.builtins.image_components)."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import Runner, check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("image_components"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    # numbered in the order of their first pixels, row by row from the top
    ("MorphologicalComponents[{{0, 0, 1}, {1, 0, 0}, {1, 0, 1}}]",
     "{{0, 0, 1}, {2, 0, 0}, {2, 0, 3}}"),
    ("MorphologicalComponents[{{1, 0, 1}, {1, 0, 1}}, CornerNeighbors -> False]",
     "{{1, 0, 2}, {1, 0, 2}}"),
    # Padding -> 1: what touches the border is one component
    ("MorphologicalComponents[{{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1}}, Padding -> 1]",
     "{{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1}}"),
    ("MorphologicalComponents[{{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 1}}]",
     "{{1, 0, 0, 0}, {0, 0, 0, 0}, {0, 0, 0, 2}}"),
    ("MorphologicalComponents[Image[{{0.2, 0.8, 0.1, 0.9}}], 0.5]", "{{0, 1, 0, 2}}"),
    ("MorphologicalComponents[Image[{{{0, 0, 0}, {0, 0.5, 0}}}]]", "{{0, 1}}"),
    ('ComponentMeasurements[{{1, 1, 0}, {0, 0, 2}}, {"BoundingBox", "Count", "Label"}]',
     "{1 -> {{{0, 1}, {2, 2}}, 2, 1}, 2 -> {{{2, 0}, {3, 1}}, 1, 2}}"),
    ('ComponentMeasurements[{{1, 1, 1}, {0, 0, 1}}, {"Width", "Length"}]',
     "{1 -> {2, 3}}"),
    ('ComponentMeasurements[Image[{{0.5, 0.7, 0}, {0, 0, 0}, {0, 0, 1}}], "Area", '
     '#Area > 1 &]', "{1 -> 2}"),
    ('ComponentMeasurements[{Image[{{0.5, 0.7, 0}, {0, 0, 1}}], {{1, 2, 0}, {0, 0, 2}}}, '
     '{"Max", "Total"}]', "{1 -> {0.5, 0.5}, 2 -> {1., 1.7}}"),
    ("DistanceTransform[{{1, 1, 1}, {1, 1, 1}, {1, 1, 1}}, DistanceFunction -> "
     "ChessboardDistance]", "{{1., 1., 1.}, {1., 2., 1.}, {1., 1., 1.}}"),
    ("DistanceTransform[{{0, 1, 1}, {1, 1, 1}}, Padding -> 1]",
     "{{0., 1., 2.}, {1., 1.41421, 2.23607}}"),
    ("DistanceTransform[{{0, 1, 1}, {1, 1, 1}}, Padding -> 1, DistanceFunction -> "
     "ManhattanDistance]", "{{0., 1., 2.}, {1., 2., 3.}}"),
    ("ImageType[DistanceTransform[Image[{{1, 1, 0}}]]]", "Real32"),
    ('ComponentMeasurements[{{1, 1, 0, 0}, {0, 0, 0, 2}, {3, 0, 0, 0}}, '
     '{"Area", "AdjacentBorderCount"}]', "{1 -> {2, 2}, 2 -> {1, 1}, 3 -> {1, 2}}"),
    # a criterion with #1, #2, … gets the properties asked for; with #Area, all of them
    ('ComponentMeasurements[{{1, 1, 0, 0}, {0, 0, 0, 2}, {0, 3, 3, 0}}, '
     '{"Area", "AdjacentBorderCount"}, (#1 > 1 && #2 == 1) &]', "{3 -> {2, 1}}"),
    ('ComponentMeasurements[{{1, 1, 0, 0}, {0, 0, 0, 2}, {0, 3, 3, 0}}, "Label", #Area > 1 &]',
     "{1 -> 1, 3 -> 3}"),
    # shape: the ellipse of the second moments, holes, the disk of the same area
    ('ComponentMeasurements[{{1, 1, 1}, {1, 0, 1}, {1, 1, 1}}, {"Holes", "Area"}]',
     "{1 -> {1, 8}}"),
    ('ComponentMeasurements[IdentityMatrix[6], "Orientation"]', "{1 -> -0.785398}"),
    ('ComponentMeasurements[Reverse[IdentityMatrix[6]], "Orientation"]', "{1 -> 0.785398}"),
    ('ComponentMeasurements[{{1, 1, 1, 1}}, "Orientation"]', "{1 -> 0.}"),
    ('ComponentMeasurements[{{1, 1}, {1, 1}}, {"Elongation", "Eccentricity"}]',
     "{1 -> {0., 0.}}"),
    ('ComponentMeasurements[ConstantArray[1, {1, 12}], "SemiAxes"]', "{1 -> {6.9282, 0.57735}}"),
    ('ComponentMeasurements[ConstantArray[1, {4, 4}], "EquivalentDiskRadius"]',
     "{1 -> 2.25676}"),
    # "Mask": the component's pixels as a SparseArray of the image's size
    ('Normal /@ Values[ComponentMeasurements[{{1, 1, 0}, {0, 0, 2}}, "Mask"]]',
     "{{{1, 1, 0}, {0, 0, 0}}, {{0, 0, 0}, {0, 0, 1}}}"),
    ('Head /@ Values[ComponentMeasurements[Image[{{1, 0}, {0, 1}}], "Mask"]]',
     "{SparseArray}"),
    ('ComponentMeasurements[{{1, 1, 0}, {0, 0, 2}}, "Label", Total[Normal[#Mask], 2] > 1 &]',
     "{1 -> 1}"),
    ('SelectComponents[{{1, 1, 0}, {0, 0, 2}}, Normal[#Mask][[2, 3]] == 1 &]',
     "{{0, 0, 0}, {0, 0, 2}}"),
])
def test_components_measurements_and_distances(session, text, expected):
    session.messages.clear()
    assert output_form(session.evaluate(text)) == expected
    assert not session.messages, session.messages


@pytest.mark.parametrize("text, expected", [
    ("DeleteSmallComponents[{{1, 1, 0, 2}, {1, 1, 0, 0}}, 1]", "{{1, 1, 0, 0}, {1, 1, 0, 0}}"),
    # the sizes 6, 1, 1 split by Otsu's method: the two single pixels go
    ("DeleteSmallComponents[{{1, 1, 1, 0, 2}, {1, 1, 1, 0, 0}, {0, 0, 0, 0, 3}}]",
     "{{1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}, {0, 0, 0, 0, 0}}"),
    ('DeleteSmallComponents[{{1, 1, 1, 0, 2}, {1, 1, 1, 0, 0}, {0, 0, 0, 3, 3}}, '
     'Method -> "Median"]', "{{1, 1, 1, 0, 0}, {1, 1, 1, 0, 0}, {0, 0, 0, 3, 3}}"),
    ("DeleteSmallComponents[{{1, 0, 2}}]", "{{1, 0, 2}}"),       # sizes alike: none smaller
    ("ImageData[DeleteSmallComponents[Image[{{1, 1, 0, 1}, {1, 1, 0, 0}}]]]",
     "{{1., 1., 0., 0.}, {1., 1., 0., 0.}}"),
    ("DeleteBorderComponents[{{1, 0, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 0}}]",
     "{{0, 0, 0, 0}, {0, 0, 2, 0}, {0, 0, 0, 0}}"),
    ("ImageData[DeleteBorderComponents[Image[{{1, 0, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 0}}]]]",
     "{{0., 0., 0., 0.}, {0., 0., 1., 0.}, {0., 0., 0., 0.}}"),
    ("SelectComponents[{{1, 1, 0, 2}, {1, 1, 0, 0}}, #Area > 1 &]",
     "{{1, 1, 0, 0}, {1, 1, 0, 0}}"),
    ("ImageData[SelectComponents[Image[{{1, 1, 0, 1}, {1, 1, 0, 0}}], #Centroid[[1]] > 3 &]]",
     "{{0., 0., 0., 1.}, {0., 0., 0., 0.}}"),
])
def test_clean_ups(session, text, expected):
    session.messages.clear()
    assert output_form(session.evaluate(text)) == expected
    assert not session.messages, session.messages


def test_mean_of_a_colour_image_is_per_channel(session):
    value = session.evaluate('ComponentMeasurements[Image[{{{1, 0, 0}, {0, 0, 1}}, '
                             '{{0, 0, 0}, {0, 0, 0}}}], "Mean"]')
    assert np.allclose(to_python(value.args[0].args[1]), [0.5, 0, 0.5])


def test_components_feed_highlight_image(session):
    g = session.evaluate("HighlightImage[Image[{{1, 1, 0}, {0, 0, 1}}], "
                         "MorphologicalComponents[Image[{{1, 1, 0}, {0, 0, 1}}], "
                         "CornerNeighbors -> False]]")
    assert g.head.name == "Graphics" and not session.messages


@pytest.mark.parametrize("text, tag", [
    ("MorphologicalComponents[x]", "MorphologicalComponents::imginv"),
    ("MorphologicalComponents[{{1, 0}}, y]", "MorphologicalComponents::thresh"),
    ('MorphologicalComponents[{{1, 0}}, Method -> "Foo"]', "MorphologicalComponents::method"),
    ('ComponentMeasurements[{{1, 0}}, "Wobble"]', "ComponentMeasurements::prop"),
    ('ComponentMeasurements[{{1, 0}}, "Mean"]', "ComponentMeasurements::prop"),
    ('ComponentMeasurements[{Image[{{1, 0}}], {{1}}}, "Area"]', "ComponentMeasurements::labels"),
    ("DistanceTransform[{{1, 0}}, DistanceFunction -> f]", "DistanceTransform::dfun"),
    ('DeleteSmallComponents[{{1}}, Method -> "Foo"]', "DeleteSmallComponents::sizemethod"),
    ("DeleteBorderComponents[x]", "DeleteBorderComponents::imginv"),
])
def test_messages(session, text, tag):
    session.messages.clear()
    assert session.evaluate(text).head.name == text.split("[")[0]
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0]
            for m in session.messages] == [tag]


# ---------------------------------------------------------------------------- outline, forms

_TWO = "{{1, 1, 0, 0}, {1, 1, 0, 2}, {0, 0, 0, 2}}"


@pytest.mark.parametrize("props, want", [
    ('{"PerimeterCount", "OuterPerimeterCount", "PerimeterLength", "FilledCount"}',
     "{1 -> {4, 4, 8, 4}, 2 -> {2, 3, 6, 2}}"),
    ('{"Medoid", "MaxCentroidDistance", "AreaRadiusCoverage"}',
     "{1 -> {{0.5, 2.5}, 0.707107, 1.}, 2 -> {{3.5, 1.5}, 0.5, 1.}}"),
    ('"PerimeterPositions"',
     "{1 -> {{0.5, 2.5}, {1.5, 2.5}, {0.5, 1.5}, {1.5, 1.5}}, 2 -> {{3.5, 1.5}, {3.5, 0.5}}}"),
])
def test_outline_and_centroid_distance_properties(props, want):
    r = Runner()
    assert output_form(r.run(f"ComponentMeasurements[{_TWO}, {props}]")) == want


def test_a_filled_square_and_a_ring():
    r = Runner()
    full = "ConstantArray[1, {5, 5}]"
    assert output_form(r.run(f'ComponentMeasurements[{full}, {{"MaxPerimeterDistance", '
                             f'"PerimeterCount", "OuterPerimeterCount"}}]')) == \
        "{1 -> {2., 16, 0}}"
    ring = "{{1, 1, 1}, {1, 0, 1}, {1, 1, 1}}"
    assert output_form(r.run(f'ComponentMeasurements[{ring}, {{"FilledCount", "Count"}}]')) == \
        "{1 -> {9, 8}}"


@pytest.mark.parametrize("form, want", [
    ('"ComponentAssociation"', '<|1 -> <|"Area" -> 4|>, 2 -> <|"Area" -> 2|>|>'),
    ('"PropertyAssociation"', '<|"Area" -> <|1 -> 4, 2 -> 2|>|>'),
    ('"ComponentPropertyAssociation"', '<|{1, "Area"} -> 4, {2, "Area"} -> 2|>'),
    ('"PropertyComponentAssociation"', '<|{"Area", 1} -> 4, {"Area", 2} -> 2|>'),
])
def test_output_forms(form, want):
    r = Runner()
    assert output_form(r.run(f'ComponentMeasurements[{_TWO}, {{"Area"}}, All, {form}]')) == want


def test_properties_list_criterion_with_form_and_bad_form():
    r = Runner()
    names = r.run(f'ComponentMeasurements[{_TWO}, "Properties"]')
    assert {"PerimeterLength", "Area", "Medoid"} <= set(to_python(names))
    assert output_form(r.run(f'ComponentMeasurements[{_TWO}, "Area", #Area > 2 &, '
                             f'"PropertyAssociation"]')) == '<|"Area" -> <|1 -> 4|>|>'
    r.run(f'ComponentMeasurements[{_TWO}, "Area", All, "Foo"]')
    assert r.tags == ["ComponentMeasurements::form"]


def test_components_of_a_3d_image():
    from wlnet.core.expr import to_python
    s = Session(echo=False)
    diagonal = "Image3D[{{{1, 0}, {0, 0}}, {{0, 0}, {0, 1}}}]"
    # voxels touching at a corner across slices join; without corners they do not
    assert to_python(s.evaluate(f"MorphologicalComponents[{diagonal}]")) == \
        [[[1, 0], [0, 0]], [[0, 0], [0, 1]]]
    assert to_python(s.evaluate(f"MorphologicalComponents[{diagonal}, "
                                "CornerNeighbors -> False]")) == [[[1, 0], [0, 0]], [[0, 0], [0, 2]]]
    assert to_python(s.evaluate("MorphologicalComponents[Image3D[{{{0.2, 0.7}}}], 0.5]")) \
        == [[[0, 1]]]
    s.evaluate(f'MorphologicalComponents[{diagonal}, Method -> "Convex"]')
    assert s.messages[-1].startswith("MorphologicalComponents::method3d")


def test_measurements_as_a_dataset():
    s = Session(echo=False)
    got = s.evaluate('ComponentMeasurements[{{1, 1, 0, 2}}, {"Area", "Label"}, All, "Dataset"]')
    assert got.head.name == "Dataset" and not s.messages
    s.evaluate('ds = ComponentMeasurements[{{1, 1, 0, 2}}, {"Area", "Label"}, All, "Dataset"]')
    assert s.evaluate('Normal[ds] === <|1 -> <|"Area" -> 2, "Label" -> 1|>, '
                      '2 -> <|"Area" -> 1, "Label" -> 2|>|>').name == "True"
    assert to_python(s.evaluate('Normal[ComponentMeasurements[{{1, 1, 0, 2}}, "Area", All, '
                                '"Dataset"]][[2, "Area"]]')) == 1
