"""ImageFilter, ImageApplyIndexed and ImageScan (wlnet.builtins.image_pixel_functions)."""

import numpy as np
import pytest

from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("image_pixel_functions"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _reference(values: np.ndarray, radii, reduce, mode="edge") -> np.ndarray:
    padded = np.pad(values, [(radii[0],) * 2, (radii[1],) * 2], mode=mode)
    out = np.empty_like(values)
    for i, j in np.ndindex(*values.shape):
        out[i, j] = reduce(padded[i:i + 2 * radii[0] + 1, j:j + 2 * radii[1] + 1])
    return out


@pytest.mark.parametrize("f, reduce", [("Max", np.max), ("Min", np.min),
                                       ("Median[Flatten[#]] &", np.median),
                                       ("#[[1, 1]] &", lambda b: b[0, 0])])
@pytest.mark.parametrize("radius, radii", [("1", (1, 1)), ("{2, 1}", (2, 1))])
def test_neighbourhoods_against_a_direct_loop(session, f, reduce, radius, radii):
    session.evaluate("SeedRandom[5]; data = RandomReal[1, {5, 6}];")
    values = session.evaluate("Image[data]").reals()[:, :, 0]
    out = session.evaluate(f"ImageFilter[{f}, Image[data], {radius}]").reals()[:, :, 0]
    assert out == pytest.approx(_reference(values, radii, reduce), abs=1e-6)


@pytest.mark.parametrize("padding, mode", [('"Periodic"', "wrap"), ('"Reflected"', "reflect"),
                                           ('"Reversed"', "symmetric")])
def test_padding_methods(session, padding, mode):
    session.evaluate("SeedRandom[6]; data = RandomReal[1, {4, 5}];")
    values = session.evaluate("Image[data]").reals()[:, :, 0]
    out = session.evaluate(f"ImageFilter[#[[1, 3]] &, Image[data], 1, Padding -> {padding}]")
    assert out.reals()[:, :, 0] == pytest.approx(
        _reference(values, (1, 1), lambda b: b[0, 2], mode), abs=1e-6)


def test_channels_separately_or_interleaved(session):
    session.evaluate("rgb = Image[{{{0.1, 0.9, 0.3}, {0.2, 0.4, 0.6}}}];")
    each = session.evaluate("ImageFilter[Max, rgb, 1]").reals()[0]
    assert each == pytest.approx(np.array([[0.2, 0.9, 0.6]] * 2), abs=1e-6)
    # interleaved: f sees channel vectors and may give another count of channels
    grey = session.evaluate("ImageFilter[Mean[Flatten[#]] &, rgb, 0, Interleaving -> True]")
    assert grey.channels == 1
    assert grey.reals()[0, :, 0] == pytest.approx([13 / 30, 0.4], abs=1e-6)


def test_apply_indexed_gets_rows_and_columns_and_scan_visits_every_pixel(session):
    out = session.evaluate("ImageApplyIndexed[{#2[[1]]/2, #2[[2]]/3, #1[[3]]} &, "
                           "Image[ConstantArray[{0, 0, 0.5}, {2, 3}]]]")
    values = out.reals()
    assert values[1, 2] == pytest.approx([1.0, 1.0, 0.5], abs=1e-6)
    assert values[0, 0] == pytest.approx([0.5, 1 / 3, 0.5], abs=1e-6)
    r = session.evaluate("n = 0; ImageScan[n++ &, Image[ConstantArray[0, {3, 4}]]]; n")
    assert r.value == 12


@pytest.mark.parametrize("text, tag", [
    ("ImageFilter[f, Image[{{0.1}}], 1]", "fres"),
    ("ImageFilter[Max, x, 1]", "imginv"),
    ("ImageFilter[Max, Image[{{0.1}}], -1]", "arg"),
    ('ImageFilter[Max, Image[{{0.1}}], 1, Padding -> "Foo"]', "padding"),
    ("ImageApplyIndexed[f, Image[{{0.1}}]]", "fres"),
    ("ImageScan[f, x]", "imginv"),
])
def test_messages(session, text, tag):
    assert session.evaluate(text).head.name in ("ImageFilter", "ImageApplyIndexed",
                                                 "ImageScan")
    assert [m.split(":")[2] for m in session.messages] == [tag]


def test_threshold_of_images_keeps_alpha(session):
    hard = session.evaluate("Threshold[Image[{{{0.05, 0.5, 0.3}}}], 0.1]").reals()[0, 0]
    np.testing.assert_allclose(hard, [0, 0.5, 0.3], atol=1e-6)
    soft = session.evaluate('Threshold[Image[{{0.05, 0.5}}], {"Soft", 0.1}]').reals()[0, :, 0]
    np.testing.assert_allclose(soft, [0, 0.4], atol=1e-6)
    alpha = session.evaluate("Threshold[Image[{{{0.05, 0.05}}}, ColorSpace -> \"Grayscale\"], "
                             "0.1]")
    np.testing.assert_allclose(alpha.reals()[0, 0], [0, 0.05], atol=1e-6)


@pytest.mark.parametrize("text, want", [
    ("ImageApply[1 - # &, Image[{{0.25, 0.4}}], Masking -> Image[{{1, 0}}]]", [0.75, 0.4]),
    ("ImageApply[1 - # &, Image[{{0.25, 0.4}}], Masking -> {{0, 1}}]", [0.25, 0.6]),
    ("ImageApply[1 - # &, Image[{{0.25, 0.4}}], Masking -> All]", [0.75, 0.6]),
    ("ImageFilter[Max, Image[{{0.25, 0.5, 0}}], 1, Masking -> {{0, 0, 1}}]", [0.25, 0.5, 0.5]),
])
def test_masking_changes_only_the_masked_pixels(session, text, want):
    np.testing.assert_allclose(session.evaluate(text).reals()[0, :, 0], want, atol=1e-6)


def test_a_mask_of_another_size_is_a_message(session):
    out = session.evaluate("ImageApply[1 - # &, Image[{{0.25, 0.4}}], Masking -> {{0, 1, 1}}]")
    assert out.head.name == "ImageApply"
    assert [m.split(":")[2] for m in session.messages] == ["mask"]


def test_blend_of_images_and_colours(session):
    grey = session.evaluate("Blend[{Image[{{0., 1.}}], Image[{{1., 0.}}]}, 0.25]")
    assert grey.color_space == "Grayscale"
    np.testing.assert_allclose(grey.reals()[0, :, 0], [0.25, 0.75], atol=1e-6)
    rgb = session.evaluate("Blend[{Image[{{0., 1.}}], Red}]")
    np.testing.assert_allclose(rgb.reals()[0], [[0.5, 0, 0], [1, 0.5, 0.5]], atol=1e-6)
    assert session.evaluate("Blend[{Image[{{0.}}], Image[{{0., 1.}}]}]").head.name == "Blend"


def test_filter_without_padding_gives_the_pixels_with_whole_neighbourhoods(session):
    session.evaluate("SeedRandom[3]; d = RandomReal[1, {6, 9}]")
    from wlnet.core.expr import to_python
    data = np.array(to_python(session.evaluate("d")))
    out = session.evaluate("ImageFilter[Mean[Flatten[#]] &, Image[d, \"Real64\"], {1, 2}, "
                           "Padding -> None]").reals()[:, :, 0]
    assert out.shape == (4, 5)
    assert np.allclose(out, _reference(data, (1, 2), np.mean)[1:-1, 2:-2])
    session.messages.clear()
    session.evaluate("ImageFilter[Mean[Flatten[#]] &, Image[d], 5, Padding -> None]")
    assert session.messages[0].startswith("ImageFilter::arg")


def test_filter_of_a_3d_image(session):
    session.evaluate("SeedRandom[4]; v = Image3D[RandomReal[1, {4, 5, 6}], \"Real64\"]")
    values = session.evaluate("v").reals()[..., 0]
    mean = session.evaluate("ImageFilter[Mean[Flatten[#]] &, v, 1]")
    assert type(mean).__name__ == "Image3D" and mean.reals().shape == (4, 5, 6, 1)
    padded = np.pad(values, 1, mode="edge")
    expected = np.mean([padded[i:i + 4, j:j + 5, k:k + 6] for i in range(3) for j in range(3)
                        for k in range(3)], axis=0)
    assert np.allclose(mean.reals()[..., 0], expected)
    # Max is a whole-array filter: the same as the function, and as Dilation of the cube
    assert session.evaluate("ImageFilter[Max, v, 1] === ImageFilter[Max[Flatten[#]] &, v, 1] "
                            "=== Dilation[v, 1]").name == "True"
    smaller = session.evaluate("ImageFilter[Min[Flatten[#]] &, v, {0, 1, 2}, Padding -> None]")
    assert smaller.reals().shape == (4, 3, 2, 1)
