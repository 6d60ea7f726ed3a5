"""The block filters (wlnet.builtins.block_filters): MeanFilter, MedianFilter, MinFilter,
MaxFilter, RangeFilter, StandardDeviationFilter, GeometricMeanFilter, HarmonicMeanFilter,
CommonestFilter and EntropyFilter, checked against a direct loop over cut blocks."""

import numpy as np
import pytest

from wlnet.builtins.block_filters import FILTERS
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("block_filters"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _entropy(values) -> float:
    _, counts = np.unique(values, return_counts=True)
    p = counts / counts.sum()
    return float(-(p * np.log(p)).sum())


def _commonest(block, centre):
    values, counts = np.unique(block, return_counts=True)
    best = values[counts == counts.max()]
    return centre if centre in best else best.min()


_REFERENCE = {
    "MeanFilter": np.mean, "MedianFilter": np.median, "MinFilter": np.min,
    "MaxFilter": np.max, "RangeFilter": np.ptp,
    "StandardDeviationFilter": lambda b: np.std(b, ddof=1) if b.size > 1 else 0.0,
    "GeometricMeanFilter": lambda b: np.exp(np.log(b).mean()),
    "HarmonicMeanFilter": lambda b: b.size / (1 / b).sum(),
    "EntropyFilter": _entropy,
}


def _direct(data, radii, name):
    out = np.empty(data.shape)
    for index in np.ndindex(*data.shape):
        block = data[tuple(slice(max(i - r, 0), i + r + 1) for i, r in zip(index, radii))]
        out[index] = _commonest(block, data[index]) if name == "CommonestFilter" \
            else _REFERENCE[name](block)
    return out


@pytest.mark.parametrize("name", [f.name for f in FILTERS])
@pytest.mark.parametrize("shape, radius, radii", [((9,), "2", (2,)), ((5, 7), "1", (1, 1)),
                                                  ((5, 6), "{2, 0}", (2, 0)),
                                                  ((3, 4, 5), "{1, 2, 1}", (1, 2, 1))])
def test_machine_reals_against_a_direct_loop(session, name, shape, radius, radii):
    rng = np.random.default_rng(len(shape) + sum(radii))
    data = rng.integers(1, 4, size=shape) / 2.0          # repeated values for the counts
    text = np.array2string(data, separator=", ", threshold=10 ** 6).replace("[", "{") \
        .replace("]", "}")
    got = np.array(to_python(session.evaluate(f"{name}[{text}, {radius}]")), dtype=float)
    np.testing.assert_allclose(got, _direct(data, radii, name), atol=1e-9)


def test_integer_data_give_wl_exact_results(session):
    for text, want in [("MeanFilter[{1, 2, 4}, 1]", "{3/2, 7/3, 3}"),
                       ("MedianFilter[{1, 2, 4}, 1]", "{3/2, 2, 3}"),
                       ("RangeFilter[{{1, 5}, {2, 2}}, 1]", "{{4, 4}, {4, 4}}"),
                       ("GeometricMeanFilter[{1, 4}, 1]", "{2, 2}"),
                       ("StandardDeviationFilter[{1, 3}, 1]", "{Sqrt[2], Sqrt[2]}"),
                       ("CommonestFilter[{a, b, b, c, c, c, d, d, e}, 2]",
                        "{b, b, b, c, c, c, d, d, d}"),
                       ("MeanFilter[{a, b, c}, 1]", "{(a + b)/2, (a + b + c)/3, (b + c)/2}"),
                       ("EntropyFilter[{1, 1, 2, 3}, 1]",
                        "{0, -(2 Log[2/3])/3 + Log[3]/3, Log[3], Log[2]}")]:
        assert output_form(session.evaluate(text)) == want, text


def test_colour_images_pick_whole_pixels_for_the_order_statistics(session):
    session.evaluate("rgb = Image[{{{1, 0, 0}, {0, 0.2, 0}, {0.5, 0.5, 0.5}}}];")
    rows = {name: session.evaluate(f"{name}[rgb, 1]").reals()[0] for name in
            ("MinFilter", "MaxFilter", "MedianFilter", "MeanFilter")}
    green, red, grey = [0, 0.2, 0], [1, 0, 0], [0.5, 0.5, 0.5]
    np.testing.assert_allclose(rows["MinFilter"], [green, green, green], atol=1e-6)
    np.testing.assert_allclose(rows["MaxFilter"], [red, grey, grey], atol=1e-6)
    np.testing.assert_allclose(rows["MedianFilter"], [green, red, green], atol=1e-6)
    # the mean: channel by channel, over the cut blocks
    np.testing.assert_allclose(rows["MeanFilter"][0], [0.5, 0.1, 0], atol=1e-6)
    out = session.evaluate("CommonestFilter[Image[{{{1, 0, 0}, {0, 0.2, 0}, {1, 0, 0}}}], 1]")
    np.testing.assert_allclose(out.reals()[0], [red] * 3, atol=1e-6)
    alpha = session.evaluate("MinFilter[Image[{{{1, 0, 0, 0.3}, {0, 0, 1, 0.7}}}], 1]")
    np.testing.assert_allclose(alpha.reals()[0, :, 3], [0.3, 0.7], atol=1e-6)


def test_a_padding_makes_every_block_whole(session):
    assert output_form(session.evaluate('MeanFilter[{3., 0., 0.}, 1, Padding -> "Reversed"]')) \
        == "{2., 1., 0.}"
    assert output_form(session.evaluate("MedianFilter[{1, 9, 2}, 1, Padding -> 100]")) == \
        "{9., 2., 9.}"
    image = session.evaluate("MeanFilter[Image[{{0.3, 0.6, 0.9}}], 1, Padding -> 0]")
    np.testing.assert_allclose(image.reals()[0, :, 0], [0.1, 0.2, 0.5 / 3], atol=1e-6)


def test_images_keep_type_and_options_and_entropy_gives_real32(session):
    out = session.evaluate('MeanFilter[Image[{{0, 255}}, "Byte", ImageSize -> 3], 1]')
    assert out.image_type == "Byte" and [output_form(r) for r in out.options] == \
        ["ImageSize -> 3"]
    assert session.evaluate('EntropyFilter[Image[{{0, 1}}, "Byte"], 1]').image_type == "Real32"


@pytest.mark.parametrize("text, tag", [("EntropyFilter[x, 1]", "imginv"),
                                       ("MeanFilter[{1., 2.}, -1]", "arg"),
                                       ("MedianFilter[{{1., 2.}}, {1, 1, 1}]", "arg"),
                                       ('MeanFilter[{1, 2}, 1, Padding -> "Foo"]', "padding")])
def test_messages(session, text, tag):
    assert session.evaluate(text).head.name.endswith("Filter")
    assert [m.split(":")[2] for m in session.messages] == [tag]


def test_mean_shift_averages_only_the_near_values(session):
    # with a distance beyond the data's range it is MeanFilter (the page's relation)
    assert to_python(session.evaluate("MeanShiftFilter[{1., 2., 3., 10.}, 1, 100] == "
                                      "MeanFilter[{1., 2., 3., 10.}, 1]"))
    np.testing.assert_allclose(
        to_python(session.evaluate("MeanShiftFilter[{1., 1.2, 5., 5.2, 1.1}, 1, 0.5, "
                                   "MaxIterations -> 3]")), [1.1, 1.1, 5.1, 5.1, 1.1])
    # colour images: distances between pixel vectors
    out = session.evaluate("MeanShiftFilter[Image[{{{1, 0, 0}, {0.9, 0, 0}, {0, 0, 1}}}], 1, "
                           "0.2]").reals()[0]
    np.testing.assert_allclose(out, [[0.95, 0, 0], [0.95, 0, 0], [0, 0, 1]], atol=1e-6)
    session.evaluate("MeanShiftFilter[{1., 2.}, 1, 1, DistanceFunction -> Foo]")
    assert [m.split(":")[2] for m in session.messages] == ["dfun"]


def test_wiener_filter_is_the_adaptive_wiener_filter(session):
    from scipy.signal import wiener as reference
    data = np.random.default_rng(4).random((6, 7))
    text = "{" + ", ".join("{" + ", ".join(repr(float(v)) for v in row) + "}"
                           for row in data) + "}"
    # a given noise power, the places whose blocks are whole (Padding -> None)
    got = np.array(to_python(session.evaluate(f"WienerFilter[{text}, 1, 0.01, "
                                              f"Padding -> None]")))
    np.testing.assert_allclose(got, reference(data, 3, 0.01)[1:-1, 1:-1], atol=1e-12)
    assert to_python(session.evaluate("WienerFilter[{1., 1., 1., 1.}, 1]")) == [1.0] * 4
    image = session.evaluate("WienerFilter[Image[RandomReal[1, {10, 12, 3}]], 2, "
                             "Padding -> None]")
    assert (image.width, image.height, image.channels) == (8, 6, 3)
    session.evaluate("WienerFilter[{1., 2.}, 1, -1]")
    assert [m.split(":")[2] for m in session.messages] == ["noise"]


def _kuwahara_direct(data: np.ndarray, r: int) -> np.ndarray:
    """By the page's definition: of the (r+1) x (r+1) blocks with the place as a corner
    (cut at the edges), the mean of the one of least variance."""
    out = np.empty(data.shape)
    h, w = data.shape
    for i, j in np.ndindex(h, w):
        best = None
        for di, dj in ((-1, -1), (-1, 1), (1, -1), (1, 1)):
            rows = slice(max(i - r, 0), i + 1) if di < 0 else slice(i, i + r + 1)
            cols = slice(max(j - r, 0), j + 1) if dj < 0 else slice(j, j + r + 1)
            block = data[rows, cols]
            if best is None or block.var() < best[0] - 1e-12:
                best = (block.var(), block.mean())
        out[i, j] = best[1]
    return out


def test_kuwahara_against_its_definition(session):
    data = np.random.default_rng(9).random((6, 7))
    text = "{" + ", ".join("{" + ", ".join(repr(float(v)) for v in row) + "}"
                           for row in data) + "}"
    got = np.array(to_python(session.evaluate(f"KuwaharaFilter[{text}, 2]")))
    np.testing.assert_allclose(got, _kuwahara_direct(data, 2), atol=1e-12)
    assert output_form(session.evaluate("KuwaharaFilter[{1, 2, 4, 8}, 1]")) == \
        "{1, 3/2, 3, 8}"
    # colour: the channels' variances summed, every channel the chosen block's mean
    out = session.evaluate("KuwaharaFilter[Image[{{{1, 0, 0}, {0.9, 0, 0}, {0, 0, 1}}}], 1]")
    np.testing.assert_allclose(out.reals()[0], [[1, 0, 0], [0.95, 0, 0], [0, 0, 1]],
                               atol=1e-6)


def test_block_filters_of_3d_images():
    from scipy import ndimage
    from wlnet.core.session import Session
    s = Session(echo=False)
    s.evaluate('SeedRandom[3]; v = Image3D[RandomReal[1, {4, 5, 6}], "Real64"]; '
               'cv = Image3D[RandomReal[1, {4, 5, 6, 3}], "Real64"]')
    values = s.evaluate("v").reals()[..., 0]
    maximum = s.evaluate("MaxFilter[v, 1]")
    assert type(maximum).__name__ == "Image3D"
    assert np.allclose(maximum.reals()[..., 0], ndimage.maximum_filter(values, 3, mode="nearest"))
    median = s.evaluate('MedianFilter[v, 1, Padding -> "Fixed"]').reals()[..., 0]
    assert np.allclose(median, ndimage.median_filter(values, 3, mode="nearest"))
    # a colour 3D image: whole pixels are picked (the one of median intensity)
    pixels = s.evaluate("cv").reals().reshape(-1, 3)
    picked = s.evaluate("MedianFilter[cv, 1]").reals().reshape(-1, 3)
    assert all(np.any(np.all(np.isclose(pixels, p), axis=1)) for p in picked)
    assert not s.messages
