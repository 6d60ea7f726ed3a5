"""ColorQuantize (wlnet.builtins.color_quantize)."""

import numpy as np
import pytest

from wlnet.builtins.color_quantize import median_cut, refined
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    s = Session(echo=False)
    s.evaluate('SeedRandom[7]; img = GaussianFilter[RandomImage[1, {40, 30}, '
               'ColorSpace -> "RGB"], 2];')
    return s


def _out(session, text):
    return output_form(session.evaluate(text))


def _colours(session, text) -> int:
    return len({tuple(p) for row in to_python(session.evaluate(f"ImageData[{text}]"))
                for p in row})


@pytest.mark.parametrize("name, text, expected", declared_examples("color_quantize"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("method", ["MedianCut", "MinVariance", "Octree"])
@pytest.mark.parametrize("count", [2, 5, 12])
def test_at_most_n_colours(session, method, count):
    text = f'ColorQuantize[img, {count}, Method -> "{method}"]'
    assert 1 < _colours(session, text) <= count


def test_the_colours_given_and_no_others(session):
    colours = to_python(session.evaluate(
        "Union[Flatten[ImageData[ColorQuantize[img, {Red, Blue, White}]], 1]]"))
    assert {tuple(c) for c in colours} <= {(1., 0., 0.), (0., 0., 1.), (1., 1., 1.)}


def test_dithering_keeps_the_mean_and_nearest_does_not(session):
    grey = "Image[ConstantArray[0.3, {20, 20}]]"
    dithered = session.evaluate(f"Mean[Flatten[ImageData[ColorQuantize[{grey}, "
                                "{Black, White}]]]]")
    nearest = session.evaluate(f"Mean[Flatten[ImageData[ColorQuantize[{grey}, "
                               "{Black, White}, Dithering -> False]]]]")
    assert abs(to_python(dithered) - 0.3) < 0.05
    assert to_python(nearest) == 0.0


@pytest.mark.parametrize("text, expected", [
    # type, colour space and channels kept; alpha untouched
    ('{ImageType[#], ImageColorSpace[#], ImageChannels[#]} &[ColorQuantize['
     'ColorConvert[img, "HSB"], 4]]', "{Real32, HSB, 3}"),
    ('ImageType[ColorQuantize[Image[img, "Byte"], 3]]', "Byte"),
    ("ImageData[AlphaChannel[ColorQuantize[Image[{{{0.1, 0.5}, {0.9, 0.25}}}], 2]]]",
     "{{0.5, 0.25}}"),
    # an image of no colour space: its intensity, grey
    ("{ImageColorSpace[#], ImageChannels[#]} &[ColorQuantize[Image[ConstantArray[0.5, "
     "{3, 4, 6}]], 3]]", "{Grayscale, 1}"),
    ("Options[ColorQuantize[Image[{{0, 1}}, ImageSize -> 30], 2], ImageSize]",
     "{ImageSize -> 30}"),
])
def test_cases(session, text, expected):
    assert _out(session, text) == expected


def test_median_cut_splits_at_the_median_of_the_widest_side():
    pixels = np.array([[0, 0, 0], [10, 0, 0], [200, 0, 0], [250, 0, 0]], float)
    assert median_cut(pixels, 2).tolist() == [[5, 0, 0], [225, 0, 0]]
    assert len(median_cut(np.zeros((5, 3)), 4)) == 1          # one colour: no split


def test_kmeans_lowers_the_summed_variance():
    rng = np.random.default_rng(0)
    pixels = np.concatenate([rng.normal(40, 5, (60, 3)), rng.normal(200, 5, (10, 3)),
                             rng.normal(120, 5, (30, 3))])

    def sse(palette):
        d = ((pixels[:, None] - palette[None]) ** 2).sum(axis=2)
        return d.min(axis=1).sum()
    start = median_cut(pixels, 3)
    assert sse(refined(pixels, start)) <= sse(start)


@pytest.mark.parametrize("text, tag", [
    ("ColorQuantize[3]", "imginv"),
    ("ColorQuantize[img, 0]", "count"),
    ("ColorQuantize[img, {Red, x}]", "count"),
    ('ColorQuantize[img, 3, Method -> "Foo"]', "method"),
    ("ColorQuantize[img, 3, Dithering -> 2]", "dither"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = _out(session, text)
    assert any(f"::{tag}:" in m for m in session.messages), session.messages
    assert out.startswith("ColorQuantize["), out
