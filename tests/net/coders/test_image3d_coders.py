"""NetEncoder / NetDecoder "Image3D" (wlnet/net/coders/image3d.py), alone and on a 3D
convolutional classifier through NetTrain and Export/Import."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session


@pytest.fixture
def session():
    return Session(echo=False)


def value(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return got


def array(session, text):
    return np.array(to_python(value(session, text)), dtype=float)


def test_encoder_resizes_to_channels_height_depth_width(session):
    session.evaluate('enc = NetEncoder[{"Image3D", {4, 3, 2}, ColorSpace -> "Grayscale"}]')
    assert array(session, "enc[Image3D[RandomReal[1, {5, 6, 7}]]]").shape == (1, 2, 3, 4)
    assert array(session, "enc[{Image3D[{{{0.5}}}], Image3D[{{{1.}}}]}]").shape == (2, 1, 2, 3, 4)
    grey = array(session, "enc[Image3D[ConstantArray[{1, 0, 0}, {2, 2, 2}]]]")
    assert np.allclose(grey, 0.299, atol=1e-6)                     # RGB → grey, any size
    default = array(session, 'NetEncoder["Image3D"][Image3D[{{{0.5}}}]]')
    assert default.shape == (3, 128, 128, 128) and np.allclose(default, 0.5)
    cube = array(session, 'NetEncoder[{"Image3D", 2, Interleaving -> True}][Image3D[{{{0.5}}}]]')
    assert cube.shape == (2, 2, 2, 3)


def test_statistics_fit_and_padding(session):
    session.evaluate('enc = NetEncoder[{"Image3D", {4, 4, 2}, ColorSpace -> "Grayscale", '
                     'Method -> "Fit", Padding -> White, "MeanImage" -> 0.5, '
                     '"VarianceImage" -> 0.25}]')
    out = array(session, "enc[Image3D[ConstantArray[0., {2, 2, 4}]]]")[0]
    # the 4 x 2 x 2 image (w, d, h) fits 4 x 4 x 2 unscaled: depth rows 2..3 are the image
    assert np.allclose(out[:, 1:3, :], -1.0) and np.allclose(out[:, [0, 3], :], 1.0)
    fill = array(session, 'NetEncoder[{"Image3D", {2, 2, 2}, ColorSpace -> "Grayscale", '
                          'Method -> "Fill"}][Image3D[ConstantArray[0.25, {2, 2, 4}]]]')
    assert fill.shape == (1, 2, 2, 2) and np.allclose(fill, 0.25)
    mean = array(session, 'NetEncoder[{"Image3D", 1, "MeanImage" -> Image3D[{{{{0.1, 0.2, 0.3}}}}]}]'
                          '[Image3D[{{{{0.5, 0.5, 0.5}}}}]]')
    assert np.allclose(mean.ravel(), [0.4, 0.3, 0.2])


def test_decoder_inverts_the_encoder(session):
    session.evaluate('enc = NetEncoder[{"Image3D", {3, 2, 2}, "MeanImage" -> {0.1, 0.2, 0.3}}]')
    session.evaluate("img = Image3D[RandomReal[1, {2, 2, 3, 3}]]")
    session.evaluate("dec = NetDecoder[enc]")
    back = array(session, "ImageData[dec[enc[img]]]")
    assert np.allclose(back, array(session, "ImageData[img]"), atol=1e-6)
    assert to_python(value(session, "ImageDimensions /@ dec[{enc[img], enc[img]}]")) \
        == [[3, 2, 2]] * 2
    assert to_python(value(session, 'ImageChannels[NetDecoder[{"Image3D", "Grayscale"}]'
                                    '[ConstantArray[0.5, {1, 2, 2, 2}]]]')) == 1
    assert to_python(value(session, 'NetEncoder[dec][["ImageSize"]]')) == [3, 2, 2]


@pytest.mark.parametrize("resampling", ["Automatic", '"Nearest"', '"Cubic"', '"Lanczos"',
                                        '{"Gaussian", 2, 0.6}'])
def test_resampling_is_the_image_encoders_along_each_axis(session, resampling):
    # an Image3D whose height slices are one picture: every depth row of the encoded cube
    # is the "Image" encoder's resize of that picture (the same resampling, one more axis)
    session.evaluate("SeedRandom[5]; pic = RandomReal[1, {4, 5}]")
    cube = array(session, 'NetEncoder[{"Image3D", {7, 3, 6}, ColorSpace -> "Grayscale", '
                          f'Resampling -> {resampling}}}][Image3D[Transpose[ConstantArray[pic, 3], '
                          '{2, 1, 3}]]]')
    flat = array(session, 'NetEncoder[{"Image", {7, 6}, ColorSpace -> "Grayscale", '
                          f'Resampling -> {resampling}}}][Image[pic]]')
    assert cube.shape == (1, 6, 3, 7)
    for d in range(3):
        assert np.allclose(cube[:, :, d, :], flat, atol=1e-6)


@pytest.mark.parametrize("text, tag", [
    ('NetEncoder[{"Image3D", {1, 2}}]', "NetEncoder::invenc"),
    ('NetEncoder[{"Image3D", 2, Method -> "Squash"}]', "NetEncoder::invenc"),
    ('NetEncoder[{"Image3D", 2, "DataTransposed" -> True}]', "NetEncoder::coderparam"),
    ('NetEncoder[{"Image3D", 2, "MeanImage" -> {1, 2}}]', "NetEncoder::invenc"),
    ('NetEncoder[{"Image3D", 2, Resampling -> "Bogus"}]', "NetEncoder::invenc"),
    ('NetEncoder[{"Image3D", 2, Resampling -> {"Lanczos", -1}}]', "NetEncoder::invenc"),
    ('NetEncoder[{"Image3D", 2}][Image[{{0.5}}]]', "NetEncoder::encfail"),
    ('NetDecoder[{"Image3D", ColorSpace -> "Blue"}]', "NetDecoder::invdec"),
    ('NetDecoder["Image3D"][{1, 2}]', "NetDecoder::decfail"),
])
def test_messages(session, text, tag):
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith(tag), session.messages


def test_a_3d_classifier_trains_and_survives_export(session, tmp_path):
    session.evaluate("SeedRandom[3]")
    session.evaluate('net = NetChain[{ConvolutionLayer[4, {2, 2, 2}], Ramp, '
                     'PoolingLayer[{3, 3, 3}], FlattenLayer[], LinearLayer[2], SoftmaxLayer[]}, '
                     '"Input" -> NetEncoder[{"Image3D", {4, 4, 4}, ColorSpace -> "Grayscale"}], '
                     '"Output" -> NetDecoder[{"Class", {"dark", "light"}}]]')
    session.evaluate('data = Join[Table[Image3D[RandomReal[{0, 0.3}, {5, 5, 5}]] -> "dark", 8], '
                     'Table[Image3D[RandomReal[{0.7, 1}, {3, 3, 3}]] -> "light", 8]]')
    value(session, 'trained = NetTrain[net, data, MaxTrainingRounds -> 200, '
                   'TrainingProgressReporting -> None]')
    test = '{Image3D[RandomReal[{0, 0.2}, {4, 4, 4}]], Image3D[RandomReal[{0.8, 1}, {6, 6, 6}]]}'
    assert to_python(value(session, f"trained[{test}]")) == ["dark", "light"]
    session.evaluate(f'Export["{tmp_path}/n.wlnet", trained]')
    assert to_python(value(session, f'Import["{tmp_path}/n.wlnet"][{test}]')) == ["dark", "light"]


def test_netrain_attaches_image3d_coders_and_reads_image3d_targets(session):
    session.evaluate("SeedRandom[1]")
    # an open input port gets an "Image3D" encoder sized as the first example
    value(session, 'tr = NetTrain[NetChain[{FlattenLayer[], LinearLayer[], SoftmaxLayer[]}], '
                   '{Image3D[ConstantArray[0.1, {2, 2, 2}]] -> "a", '
                   'Image3D[ConstantArray[0.9, {2, 2, 2}]] -> "b"}, MaxTrainingRounds -> 200, '
                   'LearningRate -> 0.05, TrainingProgressReporting -> None]')
    assert to_python(value(session, "tr[Image3D[ConstantArray[0.95, {2, 2, 2}]]]")) == "b"
    assert to_python(value(session, 'NetExtract[tr, "Input"][["ImageSize"]]')) == [2, 2, 2]
    # Image3D targets of an "Image3D" decoder are encoded as the decoder reads its output
    value(session, 'data = Table[With[{v = RandomReal[]}, Image3D[ConstantArray[v, {2, 2, 2}]] '
                   '-> Image3D[ConstantArray[1 - v, {2, 2, 2}]]], 8];')
    value(session, 'tr = NetTrain[NetChain[{ConvolutionLayer[1, {1, 1, 1}]}, "Input" -> '
                   'NetEncoder[{"Image3D", {2, 2, 2}, ColorSpace -> "Grayscale"}], '
                   '"Output" -> NetDecoder[{"Image3D", "Grayscale"}]], data, '
                   'MaxTrainingRounds -> 500, LearningRate -> 0.05, '
                   'TrainingProgressReporting -> None]')
    out = array(session, "ImageData[tr[Image3D[ConstantArray[0.2, {2, 2, 2}]]]]")
    assert np.allclose(out, 0.8, atol=0.05)


def test_a_file_of_frames_is_a_3d_image(session, tmp_path):
    from PIL import Image as PILImage
    frames = [PILImage.fromarray(np.full((3, 4), 60 * k, np.uint8), mode="L") for k in range(3)]
    path = tmp_path / "stack.tif"
    frames[0].save(path, save_all=True, append_images=frames[1:])
    got = array(session, f'NetEncoder[{{"Image3D", {{4, 3, 3}}, ColorSpace -> "Grayscale"}}]'
                         f'[File["{path}"]]')
    assert got.shape == (1, 3, 3, 4)
    assert np.allclose(got[0, :, 0, 0], [0, 60 / 255, 120 / 255])          # a slice per frame
    session.evaluate(f'NetEncoder[{{"Image3D", 2}}][File["{tmp_path}/none.tif"]]')
    assert session.messages and session.messages[0].startswith("NetEncoder::encfail")


@pytest.mark.parametrize("net, sizes", [
    ('NetChain[{ConvolutionLayer[1, 1]}, "Input" -> {2, 4, 5}, '
     '"Output" -> NetDecoder[{"Image", "Grayscale"}]]', (4, 5)),
    ('NetChain[{ConvolutionLayer[1, 1]}, "Input" -> {2, 3, 4, 5}, '
     '"Output" -> NetDecoder[{"Image3D", "Grayscale"}]]', (3, 4, 5)),
])
def test_image_decoders_learn_their_sizes_and_survive_export(session, tmp_path, net, sizes):
    """The "Image" and "Image3D" decoders (one implementation over 2 or 3 spatial sizes)
    take their sizes from the net, store them as "$Height"/"$Depth"/"$Width", and decode the
    same after Export/Import and NetExtract."""
    from wlnet.net.coders.expr import coder_from_expr
    session.evaluate(f'dn = NetInitialize[{net}, RandomSeeding -> 1];')
    dec = session.evaluate('NetExtract[dn, "Output"]')
    coder = coder_from_expr(dec)
    assert coder.sizes == sizes
    names = ["$Height", "$Width"] if len(sizes) == 2 else ["$Height", "$Depth", "$Width"]
    stored = dict(coder.params_expr())
    assert [k for k in stored if k.startswith("$")] == names
    assert [stored[k].value for k in names] == list(sizes)
    session.evaluate(f'Export["{tmp_path}/d.wlnet", dn]; back = Import["{tmp_path}/d.wlnet"];')
    assert session.evaluate('NetExtract[back, "Output"]') == dec
    session.evaluate(f'SeedRandom[3]; x = RandomReal[1, {{2, {", ".join(map(str, sizes))}}}];')
    assert value(session, 'ImageData[back[x]] == ImageData[dn[x]]') == value(session, "True")
    assert tuple(to_python(value(session, 'Dimensions[ImageData[dn[x]]]'))) == sizes


@pytest.mark.parametrize("channels, want", [(1, 3), (2, 4), (4, 4), (5, 3)])
def test_default_3d_decoder_converts_any_channel_count_to_rgb(session, channels, want):
    img = value(session, f'NetDecoder["Image3D"][ConstantArray[0.5, {{{channels}, 2, 2, 2}}]]')
    assert (img.channels, img.color_space) == (want, "RGB")
    assert np.allclose(img.reals()[..., :3], 0.5)
