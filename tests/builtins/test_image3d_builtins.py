"""Image3D, Image3DSlices and the image property functions on 3D images
(wlnet/builtins/image3d.py, wlnet/builtins/images.py)."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.fixture
def session():
    return Session(echo=False)


def run(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return output_form(got)


@pytest.mark.parametrize("text, want", [
    ("ImageDimensions[Image3D[ConstantArray[0.5, {4, 3, 2}]]]", "{2, 3, 4}"),
    ("ImageChannels[Image3D[ConstantArray[0.5, {4, 3, 2, 3}]]]", "3"),
    ("ImageColorSpace[Image3D[ConstantArray[0.5, {4, 3, 2, 3}]]]", "RGB"),
    ('ImageType[Image3D[ConstantArray[7, {1, 1, 1}], "Byte"]]', "Byte"),
    ('ImageData[Image3D[ConstantArray[7, {1, 1, 2}], "Byte"], "Byte"]', "{{{7, 7}}}"),
    ("ImageData[Image3D[{{{0.25, 0.5}}}]]", "{{{0.25, 0.5}}}"),
    ("Dimensions[ImageData[Image3D[ConstantArray[0.5, {4, 3, 2, 3}]], Interleaving -> False]]",
     "{3, 4, 3, 2}"),
    ("Image3D[{{{0.5}}}]", "-Image3D-"),
    ("ImageDimensions[Image3D[{Image[{{0.1, 0.2}}], Image[{{0.3, 0.4}}]}]]", "{2, 1, 2}"),
    ("Length[Image3DSlices[Image3D[ConstantArray[0.5, {4, 3, 2}]]]]", "4"),
    ("ImageDimensions[Image3DSlices[Image3D[ConstantArray[0.5, {4, 3, 2}]], -1]]", "{2, 3}"),
    ('ImageChannels[Image3D[ConstantArray[0.5, {2, 2, 2}], ColorSpace -> "RGB"]]', "3"),
    ("With[{i = Image3D[RandomReal[1, {2, 3, 4, 3}]]}, ToExpression[ToString[InputForm[i]]] === i]",
     "True"),
    ('ImageData[Image3D[{{{0, 65535}}}, "Bit16"], "Bit16"]', "{{{0, 65535}}}"),
    ('ImageData[Image3D[{{{0, 65535}}}, "Bit16"]]', "{{{0., 1.}}}"),
    ('ImageType[Image3D[{{{0.5}}}, "Real64"]]', "Real64"),
    ('With[{i = Image3D[{{{1, 2}}}, "Bit16"]}, ToExpression[ToString[InputForm[i]]] === i]',
     "True"),
])
def test_image3d_and_its_properties(session, text, want):
    assert run(session, text) == want


@pytest.mark.parametrize("text, tag", [
    ("Image3D[{1, 2}]", "Image3D::imgarray"),
    ('Image3D[{{{0.5}}}, "Bits"]', "Image3D::imgtype"),
    ("Image3D[{Image[{{0.1}}], Image[{{0.3, 0.4}}]}]", "Image3D::imgarray"),
    ("Image3DSlices[Image[{{0.5}}]]", "Image3DSlices::imginv"),
    ("Image3DSlices[Image3D[{{{0.5}}}], 3]", "Image3DSlices::index"),
    ("ImageData[{1}]", "ImageData::imginv"),
])
def test_messages(session, text, tag):
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith(tag), session.messages


def test_color_convert_of_a_3d_image():
    from tests.builtins._support import run
    r = run('c = Image3D[{{{{1, 0, 0}, {0, 0, 1}}}}]; {ImageChannels[ColorConvert[c, '
            '"Grayscale"]], ImageColorSpace[ColorConvert[c, "HSB"]], '
            'ImageData[ColorConvert[c, "HSB"]], ImageData[ColorConvert[ColorConvert[c, '
            '"LAB"], "RGB"]]}')
    assert not r.messages
    channels, space, hsb, back = r.value.args
    assert channels.value == 1 and space.value == "HSB"
    from wlnet.core.expr import to_python
    import numpy as np
    assert np.allclose(to_python(hsb), [[[[0, 1, 1], [2 / 3, 1, 1]]]], atol=1e-6)
    assert np.allclose(to_python(back), [[[[1, 0, 0], [0, 0, 1]]]], atol=1e-4)
    r = run('ColorConvert[Image3D[{{{0.5}}}], "Nowhere"]')
    assert r.tags == ["ColorConvert::ccvinv"]
