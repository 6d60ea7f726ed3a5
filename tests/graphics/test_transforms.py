"""Rotate, Translate, Scale and GeometricTransformation around graphics primitives
(wlnet/graphics/transforms.py), and PlotRange -> s in Graphics: checked on rasterized
pixels (white shapes on black over PlotRange -> 1, so pixel (row, column) of an n×n image
covers x = -1 + 2 (column + 1/2) / n, y = 1 - 2 (row + 1/2) / n)."""

import numpy as np
import pytest


def lit(session, primitives: str, n: int = 20) -> np.ndarray:
    image = session.evaluate(
        f"Rasterize[Graphics[{{White, {primitives}}}, PlotRange -> 1, Background -> Black], "
        f"ImageSize -> {n}]")
    assert (image.width, image.height) == (n, n), session.messages
    return image.pixels.mean(axis=2) > 127


def test_plot_range_s_is_minus_s_to_s_on_both_axes(session):
    dims = session.evaluate("ImageDimensions[Rasterize[Graphics[Disk[{0.1, 0.1}, 0.4], "
                            "PlotRange -> 1], ImageSize -> 32]]")
    assert [a.value for a in dims.args] == [32, 32]
    on = lit(session, "Disk[{0.5, 0.5}, 0.3]")
    assert on[5, 15] and not on[15, 5]                  # upper right lit, lower left not


def test_rotate_turns_a_square_into_a_diamond_about_its_centre(session):
    square = lit(session, "Rectangle[{-0.5, -0.5}, {0.5, 0.5}]")
    diamond = lit(session, "Rotate[Rectangle[{-0.5, -0.5}, {0.5, 0.5}], Pi/4]")
    assert square[5, 5] and not diamond[5, 5]           # the corner (-0.45, 0.45) is cut off
    assert not square[10, 2] and diamond[10, 4]         # the diamond reaches x = -0.7
    assert not session.messages


def test_rotate_about_a_point_and_by_two_directions(session):
    about = lit(session, "Rotate[Disk[{0.5, 0}, 0.2], Pi, {0, 0}]")
    assert about[10, 5] and not about[10, 15]           # moved from x = 0.5 to x = -0.5
    turned = lit(session, "Rotate[Disk[{0.5, 0}, 0.2], {{1, 0}, {0, 1}}, {0, 0}]")
    assert turned[5, 10] and not turned[10, 15]         # to (0, 0.5)


def test_translate_gives_one_copy_per_vector(session):
    on = lit(session, "Translate[Disk[{0, 0}, 0.2], {{-0.5, -0.5}, {0.5, 0.5}}]")
    assert on[15, 5] and on[5, 15] and not on[10, 10]


def test_scale_about_the_centre_and_geometric_transformation(session):
    wide = lit(session, "Scale[Disk[{0, 0}, 0.4], {2, 0.5}]")
    assert wide[10, 2] and not wide[4, 10]              # x to 0.8, y only to 0.2
    affine = lit(session, "GeometricTransformation[Rectangle[{0, 0}, {0.4, 0.4}], "
                          "{{{1, 0}, {0, 1}}, {-0.7, -0.7}}]")
    assert affine[15, 5] and not affine[5, 15]
    tf = lit(session, "GeometricTransformation[Disk[{0, 0}, 0.2], "
                      "TranslationTransform[{0.5, 0}]]")
    assert tf[10, 15] and not tf[10, 10]


def test_the_wrappers_stay_unevaluated_and_bad_specs_are_reported(session):
    assert session.evaluate("Rotate[Disk[], Pi/2]").head.name == "Rotate"
    session.evaluate("Rasterize[Graphics[Rotate[Disk[], x]]]")
    assert any(m.startswith("Graphics::gprim") for m in session.messages)
