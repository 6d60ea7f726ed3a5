"""NetEncoder / NetDecoder "Image" (wlnet/net/coders/image.py), alone and on a net's ports."""

import numpy as np
import pytest

from wlnet.core.expr import Integer, S, String, Symbol, to_python
from wlnet.core.image import Image
from wlnet.core.session import Session


@pytest.fixture
def session():
    return Session(echo=False)


def tags(session):
    return [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in session.messages]


def value(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return got


def array(session, text):
    return np.array(to_python(value(session, text)), dtype=float)


def test_encoder_resizes_and_converts_to_channels_height_width(session):
    session.evaluate('enc = NetEncoder[{"Image", {4, 3}, ColorSpace -> "Grayscale"}]')
    assert array(session, "enc[Image[RandomReal[1, {10, 12, 3}]]]").shape == (1, 3, 4)
    grey = array(session, "enc[Image[ConstantArray[{1, 0, 0}, {6, 8}]]]")
    assert np.allclose(grey, 0.299, atol=1e-6)                     # RGB → grey, any size
    rgb = array(session, 'NetEncoder[{"Image", 2}][Image[{{0.25, 0.75}, {0.25, 0.75}}]]')
    assert rgb.shape == (3, 2, 2) and np.allclose(rgb[:, :, 0], 0.25) \
        and np.allclose(rgb[:, :, 1], 0.75)                        # grey → RGB, no resampling
    assert array(session, 'NetEncoder["Image"][Image[{{0.5}}]]').shape == (3, 128, 128)
    batch = array(session, "enc[{Image[{{0.5}}], Image[{{1.}}]}]")
    assert batch.shape == (2, 1, 3, 4) and np.allclose(batch[1], 1.0)


def test_byte_images_encode_as_values_from_zero_to_one(session):
    out = array(session, 'NetEncoder[{"Image", {2, 1}, ColorSpace -> "Grayscale"}]'
                         '[Image[{{0, 255}}, "Byte"]]')
    assert np.allclose(out, [[[0.0, 1.0]]])


def test_alpha_is_dropped_over_white(session):
    out = array(session, 'NetEncoder[{"Image", {1, 1}, ColorSpace -> "Grayscale"}]'
                         '[Image[{{{0., 0.}}}]]')
    assert np.allclose(out, 1.0)


@pytest.mark.parametrize("mean, variance, expected", [
    ("0.5", "None", [-0.25, 0.25]),
    ("{0.25}", "0.25", [0.0, 1.0]),
    ("Image[{{0.25, 0.5}}]", "4", [0.0, 0.125]),
    # exact fractions (a converter's "VarianceImage" -> 1/255)
    ("1/4", "1/4", [0.0, 1.0]),
    ("{1/2}", "None", [-0.25, 0.25]),
])
def test_mean_and_variance_images(session, mean, variance, expected):
    out = array(session, f'NetEncoder[{{"Image", {{2, 1}}, "ColorSpace" -> "Grayscale", '
                         f'"MeanImage" -> {mean}, "VarianceImage" -> {variance}}}]'
                         '[Image[{{0.25, 0.75}}]]')
    assert np.allclose(out, [[expected]])


def test_color_channels_names_the_colour_space(session):
    out = array(session, 'NetEncoder[{"Image", {2, 2}, "ColorChannels" -> 1}][Image[{{0.5}}]]')
    assert out.shape == (1, 2, 2)


@pytest.mark.parametrize("channels", [2, 4])
def test_color_channels_alone_gives_grey_or_rgb_with_alpha(session, channels):
    # as WL reads an image of 2 or 4 channels: the colour space Automatic, the last channel
    # alpha (opaque when the image has none), an image of that many channels as it is
    session.evaluate(f'enc = NetEncoder[{{"Image", {{3, 2}}, "ColorChannels" -> {channels}}}]')
    assert value(session, 'enc[["ColorSpace"]]') == Symbol("Automatic")
    assert value(session, 'enc[["ColorChannels"]]') == value(session, str(channels))
    out = array(session, "enc[Image[{{0.25, 0.5, 1.}, {0., 0., 0.}}]]")
    assert out.shape == (channels, 2, 3)
    assert np.allclose(out[-1], 1.0)                                 # opaque alpha added
    assert np.allclose(out[:-1, 0], [0.25, 0.5, 1.0])                # grey repeated
    pixel = [0.1, 0.2, 0.3, 0.5][-channels:]
    given = "{" + ", ".join(map(str, pixel)) + "}"
    kept = array(session, f"enc[Image[ConstantArray[{given}, {{2, 3}}]]]")
    assert np.allclose(kept[:, 1, 2], pixel)
    session.evaluate("dec = NetDecoder[enc]")
    img = value(session, f"dec[enc[Image[ConstantArray[{given}, {{2, 3}}]]]]")
    assert type(img) is Image and img.channels == channels and img.has_alpha
    assert np.allclose(img.reals()[0, 0], pixel)
    form = value(session, "ToString[InputForm[enc]]").value
    assert '"ColorSpace" -> Automatic' in form
    session.evaluate(f"again = {form}")
    assert value(session, "again === enc") == Symbol("True")


def test_color_channels_alone_without_an_image_of_that_many_channels(session):
    for spec in ('"ColorChannels" -> 5', '"ColorChannels" -> 0',
                 '"ColorChannels" -> 4, "MeanImage" -> {0.1, 0.2, 0.3}'):
        assert session.evaluate(f'NetEncoder[{{"Image", 2, {spec}}}]') is S["$Failed"]
        assert tags(session) == ["NetEncoder::invenc"]
    assert session.evaluate('NetDecoder[{"Image", "ColorChannels" -> 6}]') is S["$Failed"]
    assert tags(session) == ["NetDecoder::invdec"]


def test_colour_space_may_be_given_third(session):
    # NetEncoder[{"Image", {28, 28}, "Grayscale"}], as the MNIST examples write it
    out = array(session, 'NetEncoder[{"Image", {2, 2}, "Grayscale"}][Image[{{0.5}}]]')
    assert out.shape == (1, 2, 2)
    assert session.evaluate('NetEncoder[{"Image", 2, "Grayscale", ColorSpace -> "RGB"}]') \
        is S["$Failed"]
    assert tags(session) == ["NetEncoder::invenc"]


def test_matching_image_coders(session):
    # NetDecoder[enc] of an image encoder decodes what enc encodes (and the reverse)
    session.evaluate('enc = NetEncoder[{"Image", {3, 2}, "Grayscale", "MeanImage" -> 0.5}]; '
                     'dec = NetDecoder[enc]')
    assert value(session, 'dec[enc[Image[{{0.25, 1., 0.}, {0., 0.75, 0.5}}]]]'
                          ' // ImageData') == value(session, '{{0.25, 1., 0.}, {0., 0.75, 0.5}}')
    assert value(session, 'NetEncoder[dec] === enc') == Symbol("True")
    assert value(session, 'NetExtract[NetEncoder[NetDecoder["Image"]], "ImageSize"]') \
        == value(session, 'NetExtract[NetEncoder["Image"], "ImageSize"]')


def test_file_inputs_are_read(session, tmp_path):
    path = tmp_path / "i.png"
    value(session, f'Export["{path}", Image[{{{{0., 1.}}}}]]')
    out = array(session, f'NetEncoder[{{"Image", {{2, 1}}, ColorSpace -> "Grayscale"}}]'
                         f'[File["{path}"]]')
    assert np.allclose(out, [[[0.0, 1.0]]])


@pytest.mark.parametrize("spec", [
    '{"Image", {4, 3}, ColorSpace -> "Munsell"}', '{"Image", {0, 3}}', '{"Image", {4, 3}, 5}',
    '{"Image", 4, "Grayscale", "RGB"}',
    '{"Image", 4, "ColorChannels" -> 3, ColorSpace -> "Grayscale"}',
    '{"Image", 4, "MeanImage" -> {1, 2}}',
    '{"Image", 4, "ImageSize" -> {3, 3}}', '{"Image", "ImageSize" -> {0, 3}}',
    '{"Image", 4, "Parallelize" -> 2}',
])
def test_bad_encoder_specs_give_messages(session, spec):
    assert session.evaluate(f"NetEncoder[{spec}]") is S["$Failed"]
    assert tags(session) == ["NetEncoder::invenc"]


def test_an_unknown_parameter_is_named_with_those_the_coder_takes(session):
    assert session.evaluate('NetEncoder[{"Image", 4, "Colour" -> 1}]') is S["$Failed"]
    assert tags(session) == ["NetEncoder::coderparam"]
    session.messages.clear()
    assert session.evaluate('NetDecoder[{"Image", "Colour" -> 1}]') is S["$Failed"]
    assert tags(session) == ["NetDecoder::coderparam"]


def test_image_size_and_parallelize_as_parameters(session):
    """"ImageSize" -> size is the size as a parameter (as the encoder stores it);
    "Parallelize" (an older versions' switch) is accepted and changes nothing."""
    assert array(session, 'NetEncoder[{"Image", "ImageSize" -> {5, 2}, ColorSpace -> '
                          '"Grayscale"}][Image[ConstantArray[0.5, {4, 4}]]]').shape == (1, 2, 5)
    plain = array(session, 'NetEncoder[{"Image", {3, 2}}][Image[RandomReal[1, {4, 4, 3}]]]')
    assert plain.shape == (3, 2, 3)
    session.evaluate("SeedRandom[3]; i = Image[RandomReal[1, {4, 4, 3}]]")
    serial = array(session, 'NetEncoder[{"Image", {3, 2}, "Parallelize" -> False}][i]')
    assert np.array_equal(serial, array(session, 'NetEncoder[{"Image", {3, 2}}][i]'))


def test_non_image_data_gives_a_message(session):
    session.evaluate('enc = NetEncoder[{"Image", {4, 3}}]')
    assert session.evaluate('enc["cat"]') is S["$Failed"]
    assert tags(session) == ["NetEncoder::encfail"]
    assert "not an image" in session.messages[0]


def test_encoder_form_round_trips_through_input_form(session):
    form = value(session, 'ToString[InputForm[NetEncoder[{"Image", {4, 3}, ColorSpace -> '
                          '"Grayscale", "MeanImage" -> 0.5}]]]').value
    assert '"ImageSize" -> {4, 3}' in form and '"ColorChannels" -> 1' in form
    session.evaluate(f"enc = {form}")
    assert np.allclose(array(session, "enc[Image[{{0.75}}]]"), 0.25)


def test_decoder_turns_arrays_into_images(session):
    img = value(session, 'NetDecoder[{"Image", ColorSpace -> "Grayscale"}]'
                         '[{{{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}}}]')
    assert type(img) is Image and (img.width, img.height, img.channels) == (3, 2, 1)
    assert img.image_type == "Real32" and np.allclose(img.reals()[:, :, 0],
                                                      [[0.1, 0.2, 0.3], [0.4, 0.5, 0.6]])
    rgb = value(session, 'NetDecoder[{"Image", "MeanImage" -> {0.5, 0, 0}}][ConstantArray[0, {3, 2, 2}]]')
    assert np.allclose(rgb.reals()[0, 0], [0.5, 0, 0])
    batch = value(session, 'NetDecoder["Image"][ConstantArray[0.5, {4, 3, 2, 2}]]')
    assert batch.head is S.List and len(batch.args) == 4 and type(batch.args[0]) is Image
    assert session.evaluate('NetDecoder["Image"][{1, 2}]') is S["$Failed"]
    assert tags(session) == ["NetDecoder::decfail"]


def test_a_convnet_with_an_image_encoder_evaluates_and_trains(session):
    value(session, 'net = NetInitialize[NetChain[{ConvolutionLayer[2, {3, 3}], Ramp, '
                   'PoolingLayer[{2, 2}], FlattenLayer[], LinearLayer[2], SoftmaxLayer[]}, '
                   '"Input" -> NetEncoder[{"Image", {8, 8}, ColorSpace -> "Grayscale"}], '
                   '"Output" -> NetDecoder[{"Class", {"dark", "light"}}]], RandomSeeding -> 1]')
    assert to_python(value(session, "Dimensions[NetExtract[net, 1][ConstantArray[0.5, {1, 8, 8}]]]")) \
        == [2, 6, 6]
    one = value(session, "net[Image[RandomReal[1, {8, 8}]]]")
    assert one.value in ("dark", "light")
    both = value(session, "net[{Image[RandomReal[1, {12, 5, 3}]], Image[{{0.5}}]}]")
    assert len(both.args) == 2
    value(session, 'data = Join[Table[Image[RandomReal[{0, 0.3}, {8, 8}]] -> "dark", 16], '
                   'Table[Image[RandomReal[{0.7, 1}, {8, 8}]] -> "light", 16]]')
    value(session, "trained = NetTrain[net, data, MaxTrainingRounds -> 100, RandomSeeding -> 1, "
                   "LearningRate -> 0.01, TrainingProgressReporting -> None]")
    assert to_python(value(session, 'Mean[Boole[MapThread[SameQ, {trained[Keys[data]], '
                                    'Values[data]}]]]')) >= 0.9
    assert session.evaluate("net[3]") is S["$Failed"]
    assert len(session.messages) == 1 and "takes an image" in session.messages[0]


def test_a_net_with_an_image_decoder_gives_images(session):
    value(session, 'net = NetInitialize[NetChain[{LinearLayer[12], ReshapeLayer[{3, 2, 2}]}, '
                   '"Input" -> 4, "Output" -> NetDecoder["Image"]]]')
    assert type(value(session, "net[{1, 2, 3, 4}]")) is Image
    assert len(value(session, "net[{{1, 2, 3, 4}, {4, 3, 2, 1}}]").args) == 2
    assert to_python(value(session, "Dimensions[net[{1, 2, 3, 4}, None]]")) == [3, 2, 2]
    # "port" -> None bypasses that port's decoder alone (the decoder page's bypass property)
    assert to_python(value(session, 'Dimensions[net[{1, 2, 3, 4}, "Output" -> None]]')) \
        == [3, 2, 2]
    value(session, 'two = NetInitialize[NetGraph[<|"a" -> LinearLayer[12], "r" -> ReshapeLayer['
                   '{3, 2, 2}], "b" -> LinearLayer[2]|>, {NetPort["Input"] -> "a" -> "r" -> '
                   'NetPort["Picture"], "a" -> "b" -> NetPort["Other"]}, "Input" -> 4, '
                   '"Picture" -> NetDecoder["Image"]]]')
    assert to_python(value(session, 'Dimensions[two[{1, 2, 3, 4}, "Picture" -> None]]')) \
        == [3, 2, 2]
    assert type(value(session, 'two[{1, 2, 3, 4}]["Picture"]')) is Image
    assert to_python(value(session, "NetDecoder[{\"Image\", ColorSpace -> \"Grayscale\"}]"
                                    "[{{{0.25}}}, None]")) == [[[0.25]]]


# ---------------------------------------------------------------------------- layouts and conforming

IMAGE_2X3 = "Image[{{0.1, 0.2}, {0.3, 0.4}, {0.5, 0.6}}]"       # 2 wide, 3 high, grey


@pytest.mark.parametrize("options, transform", [
    ("", lambda a: a),
    ("Interleaving -> True", lambda a: np.moveaxis(a, 0, -1)),
    ('"DataTransposed" -> True', lambda a: np.swapaxes(a, 1, 2)),
    ('Interleaving -> True, "DataTransposed" -> True',
     lambda a: np.moveaxis(np.swapaxes(a, 1, 2), 0, -1)),
])
def test_interleaving_and_data_transposed_lay_out_the_array(session, options, transform):
    plain = array(session, f'NetEncoder[{{"Image", {{2, 3}}, ColorSpace -> "Grayscale"}}]'
                           f'[{IMAGE_2X3}]')
    assert plain.shape == (1, 3, 2)
    laid = array(session, f'NetEncoder[{{"Image", {{2, 3}}, ColorSpace -> "Grayscale"'
                          f'{", " if options else ""}{options}}}][{IMAGE_2X3}]')
    np.testing.assert_allclose(laid, transform(plain))
    # the decoder with the same layout gives the image back
    img = value(session, f'NetDecoder[{{"Image", ColorSpace -> "Grayscale"'
                         f'{", " if options else ""}{options}}}][{to_wl(laid)}]')
    np.testing.assert_allclose(img.reals()[:, :, 0], plain[0], rtol=1e-6)


def to_wl(a) -> str:
    if np.ndim(a) == 0:
        return repr(float(a))
    return "{" + ", ".join(to_wl(v) for v in a) + "}"


def test_fit_keeps_the_aspect_ratio_and_pads(session):
    # a 1x1 white pixel fitted into 4x2: scaled to 2x2, centred, the rest padding
    out = array(session, 'NetEncoder[{"Image", {4, 2}, ColorSpace -> "Grayscale", '
                         'Method -> "Fit", Padding -> 0.25}][Image[{{1.}}]]')
    np.testing.assert_allclose(out[0], [[0.25, 1, 1, 0.25], [0.25, 1, 1, 0.25]])
    left = array(session, 'NetEncoder[{"Image", {4, 2}, ColorSpace -> "Grayscale", '
                          'Method -> "Fit", Alignment -> Left}][Image[{{1.}}]]')
    np.testing.assert_allclose(left[0], [[1, 1, 0, 0], [1, 1, 0, 0]])
    rgb = array(session, 'NetEncoder[{"Image", {3, 1}, Method -> "Fit", Alignment -> Right, '
                         'Padding -> RGBColor[1, 0, 0.5]}][Image[{{0.}}]]')
    np.testing.assert_allclose(rgb[:, 0, :], [[1, 1, 0], [0, 0, 0], [0.5, 0.5, 0]])


# a 2x1 image fitted into 5x1 (no resampling): 3 columns of room, 1 left and 2 right when
# centred (or 3 on one side), filled by each padding method (numpy.pad's convention checked
# by hand: "Reflected" does not repeat the edge pixel, "Reversed" does)
@pytest.mark.parametrize("method, alignment, expected", [
    ("Fixed", "Center", [0.25, 0.25, 0.75, 0.75, 0.75]),
    ("Periodic", "Center", [0.75, 0.25, 0.75, 0.25, 0.75]),
    ("Reflected", "Center", [0.75, 0.25, 0.75, 0.25, 0.75]),
    ("Reversed", "Center", [0.25, 0.25, 0.75, 0.75, 0.25]),
    ("Fixed", "Left", [0.25, 0.75, 0.75, 0.75, 0.75]),
    ("Reversed", "Right", [0.75, 0.75, 0.25, 0.25, 0.75]),
])
def test_fit_pads_by_a_padding_method(session, method, alignment, expected):
    out = array(session, f'NetEncoder[{{"Image", {{5, 1}}, ColorSpace -> "Grayscale", '
                         f'Method -> "Fit", Alignment -> {alignment}, '
                         f'Padding -> "{method}"}}][Image[{{{{0.25, 0.75}}}}]]')
    np.testing.assert_allclose(out[0, 0], expected)


def test_fit_pads_a_single_pixel_by_reflection_with_its_value(session):
    out = array(session, 'NetEncoder[{"Image", {3, 1}, ColorSpace -> "Grayscale", '
                         'Method -> "Fit", Padding -> "Reflected"}][Image[{{0.5}}]]')
    np.testing.assert_allclose(out[0, 0], [0.5, 0.5, 0.5])


def test_padding_methods_round_trip_through_input_form(session):
    form = value(session, 'ToString[InputForm[NetEncoder[{"Image", {4, 3}, Method -> "Fit", '
                          'Padding -> "Periodic"}]]]').value
    assert '"Periodic"' in form
    session.evaluate(f"enc = {form}")
    assert session.evaluate("enc") == session.evaluate(
        'NetEncoder[{"Image", {4, 3}, Method -> "Fit", Padding -> "Periodic"}]')


def test_fill_covers_and_crops(session):
    # 4 wide, 2 high into 2x2: scaled to 4x2 (no resampling), cropped to 2 columns
    image = "Image[{{0., 0.25, 0.5, 0.75}, {0., 0.25, 0.5, 0.75}}]"
    centre = array(session, f'NetEncoder[{{"Image", {{2, 2}}, ColorSpace -> "Grayscale", '
                            f'Method -> "Fill"}}][{image}]')
    np.testing.assert_allclose(centre[0], [[0.25, 0.5], [0.25, 0.5]])
    right = array(session, f'NetEncoder[{{"Image", {{2, 2}}, ColorSpace -> "Grayscale", '
                           f'Method -> "Fill", Alignment -> {{1, 0}}}}][{image}]')
    np.testing.assert_allclose(right[0], [[0.5, 0.75], [0.5, 0.75]])


def test_resampling_nearest(session):
    out = array(session, 'NetEncoder[{"Image", {4, 1}, ColorSpace -> "Grayscale", '
                         'Resampling -> "Nearest"}][Image[{{0., 1.}}]]')
    np.testing.assert_allclose(out[0], [[0, 0, 1, 1]])


@pytest.mark.parametrize("resampling", ['"Cubic"', '"Lanczos"', '{"Lanczos", 2}',
                                        '{"Keys", -0.75}', '"Gaussian"', '{"BSpline", 2}'])
def test_resampling_methods_are_imageresizes(session, resampling):
    # the encoder resizes as ImageResize does with the same Resampling ("Cubic" is the
    # cubic spline, not Keys' cubic convolution)
    image = "Image[{{0., 1., 0.}, {1., 0., 1.}, {0.5, 0.25, 0.}}]"
    encoded = array(session, f'NetEncoder[{{"Image", {{5, 4}}, ColorSpace -> "Grayscale", '
                             f'Resampling -> {resampling}}}][{image}]')
    resized = array(session, f'ImageData[ImageResize[{image}, {{5, 4}}, '
                             f'Resampling -> {resampling}]]')
    np.testing.assert_allclose(encoded[0], resized, atol=1e-6)


def test_cubic_resampling_is_the_interpolating_spline(session):
    # doubling a ramp's sampling: the spline's values differ from Keys' near the edges
    ramp = "Image[{{0., 0., 1., 1.}}]"
    cubic = array(session, f'NetEncoder[{{"Image", {{8, 1}}, ColorSpace -> "Grayscale", '
                           f'Resampling -> "Cubic"}}][{ramp}]')[0, 0]
    keys = array(session, f'NetEncoder[{{"Image", {{8, 1}}, ColorSpace -> "Grayscale", '
                          f'Resampling -> {{"Keys", -0.5}}}}][{ramp}]')[0, 0]
    assert not np.allclose(cubic, keys, atol=1e-3)
    np.testing.assert_allclose(cubic, 1 - cubic[::-1], atol=1e-6)       # symmetric ramp


def test_parameterised_resampling_round_trips_through_input_form(session):
    value(session, 'enc = NetEncoder[{"Image", {4, 3}, Resampling -> {"Lanczos", 2}}]')
    assert value(session, 'enc[["Resampling"]]') == session.evaluate('{"Lanczos", 2}')
    form = value(session, "ToString[InputForm[enc]]").value
    assert session.evaluate(f"{form} === enc") == Symbol("True")


def test_an_interleaved_encoder_feeds_an_interleaved_convolution(session):
    value(session, 'net = NetInitialize@NetChain[{ConvolutionLayer[2, 3, Interleaving -> True]}, '
                   '"Input" -> NetEncoder[{"Image", {8, 6}, Interleaving -> True}]]')
    assert array(session, "Dimensions[net[Image[RandomReal[1, {6, 8, 3}]]]]").tolist() == [4, 6, 2]


def test_layout_and_conforming_round_trip_through_input_form(session):
    form = value(session, 'ToString[InputForm[NetEncoder[{"Image", {4, 3}, Interleaving -> True, '
                          '"DataTransposed" -> True, Method -> "Fit", Alignment -> Top, '
                          'Padding -> White, Resampling -> "Nearest"}]]]').value
    session.evaluate(f"enc = {form}")
    assert session.evaluate("enc") == session.evaluate(
        'NetEncoder[{"Image", {4, 3}, Interleaving -> True, "DataTransposed" -> True, '
        'Method -> "Fit", Alignment -> Top, Padding -> White, Resampling -> "Nearest"}]')


@pytest.mark.parametrize("spec", [
    '{"Image", 4, Method -> "Squash"}', '{"Image", 4, Interleaving -> 1}',
    '{"Image", 4, Alignment -> {2, 0}}', '{"Image", 4, Alignment -> {Top, Left}}',
    '{"Image", 4, Padding -> "Mirrored"}', '{"Image", 4, Resampling -> "Sinc"}',
    '{"Image", 4, Resampling -> {"Lanczos", 0}}', '{"Image", 4, Resampling -> {"Cubic", 2}}',
    '{"Image", 4, "DataTransposed" -> Automatic}',
])
def test_bad_conforming_settings_give_messages(session, spec):
    assert session.evaluate(f"NetEncoder[{spec}]") is S["$Failed"]
    assert tags(session) == ["NetEncoder::invenc"]


def test_colour_space_as_third_element(session):
    # NetEncoder[{"Image", {28, 28}, "Grayscale"}], as in the LeNet examples of the docs
    assert array(session, 'NetEncoder[{"Image", {4, 3}, "Grayscale"}]'
                          '[Image[RandomReal[1, {5, 5, 3}]]]').shape == (1, 3, 4)
    assert array(session, 'NetEncoder[{"Image", {2, 2}, "RGB", "MeanImage" -> 0.5}]'
                          '[Image[ConstantArray[0.5, {2, 2}]]]').shape == (3, 2, 2)
    for bad in ('NetEncoder[{"Image", {28, 28}, "Foo"}]',
                'NetEncoder[{"Image", {28, 28}, "Grayscale", ColorSpace -> "RGB"}]',
                'NetEncoder[{"Image", {28, 28}, "Grayscale", "RGB"}]'):
        session.messages.clear()
        session.evaluate(bad)
        assert tags(session) == ["NetEncoder::invenc"], bad


@pytest.mark.parametrize("space, channels", [("CMYK", 4), ("HSB", 3), ("XYZ", 3), ("LAB", 3),
                                             ("LCH", 3), ("LUV", 3)])
def test_encoder_and_decoder_in_other_colour_spaces(session, space, channels):
    from wlnet.core.color_spaces import convert_values
    rgb = np.array([[[1.0, 0.0, 0.0], [0.2, 0.5, 0.9]]])
    out = array(session, f'NetEncoder[{{"Image", {{2, 1}}, ColorSpace -> "{space}"}}]'
                         f'[Image[{to_wl(rgb)}]]')
    assert out.shape == (channels, 1, 2)
    np.testing.assert_allclose(out, np.transpose(convert_values(rgb, "RGB", space), (2, 0, 1)),
                               atol=1e-5)
    image = value(session, f'NetDecoder[{{"Image", ColorSpace -> "{space}"}}][{to_wl(out)}]')
    assert image.color_space == space
    np.testing.assert_allclose(convert_values(image.reals(), space, "RGB"), rgb, atol=1e-5)


def test_fit_pads_with_the_padding_colour_in_the_encoders_space(session):
    out = array(session, 'NetEncoder[{"Image", {2, 1}, ColorSpace -> "CMYK", Method -> "Fit", '
                         'Alignment -> Left, Padding -> RGBColor[0.5, 0.5, 0.5]}]'
                         '[Image[{{{1., 0, 0}}}]]')
    np.testing.assert_allclose(out[:, 0, :], [[0, 0], [1, 0], [1, 0], [0, 0.5]])


def test_decoder_colour_space_as_the_second_element(session):
    # NetDecoder[{"Image", "Grayscale"}] as NetDecoder[{"Image", ColorSpace -> "Grayscale"}]
    assert value(session, 'ImageChannels[NetDecoder[{"Image", "Grayscale"}][RandomReal[1, {1, 4, 5}]]]') \
        == value(session, '1')
    assert value(session, 'NetDecoder[{"Image", "Grayscale"}] === '
                          'NetDecoder[{"Image", ColorSpace -> "Grayscale"}]') == Symbol("True")
    session.evaluate('NetDecoder[{"Image", "Grayscale", ColorSpace -> "RGB"}]')
    assert "NetDecoder::invdec" in tags(session)


def test_decoder_colour_space_automatic_as_the_second_element(session):
    # a segmentation package writes NetDecoder[{"Image", Automatic, ColorSpace -> "Grayscale"}]:
    # the Automatic place leaves the colour space to the option
    assert value(session, 'NetDecoder[{"Image", Automatic, ColorSpace -> "Grayscale"}] === '
                          'NetDecoder[{"Image", ColorSpace -> "Grayscale"}]') == Symbol("True")
    assert value(session, 'NetDecoder[{"Image", Automatic}] === NetDecoder["Image"]') \
        == Symbol("True")


@pytest.mark.parametrize("channels, want", [(1, 3), (2, 4), (3, 3), (4, 4), (6, 3)])
def test_default_decoder_takes_any_channel_count_as_rgb(session, channels, want):
    # NetDecoder["Image"] (RGB, no ColorChannels) reads other than 3 channels as the image
    # the count implies (grey, grey + alpha, RGB + alpha, plain channels) and converts that
    # to RGB; alpha is kept
    img = value(session, f'NetDecoder["Image"][ConstantArray[0.25, {{{channels}, 2, 3}}]]')
    assert (img.channels, img.color_space, img.width, img.height) == (want, "RGB", 3, 2)
    assert np.allclose(img.reals()[:, :, :3], 0.25)


def test_decoder_adds_the_mean_back_but_does_not_scale_by_the_variance(session):
    img = value(session, 'NetDecoder[{"Image", "MeanImage" -> 0.5, "VarianceImage" -> 4}]'
                         '[{{{0.25}}, {{0.}}, {{0.1}}}]')
    assert np.allclose(img.reals()[0, 0], [0.75, 0.5, 0.6])
    grey = value(session, 'NetDecoder[{"Image", "MeanImage" -> {0.5, 0, 0}}][{{{0.25}}}]')
    assert np.allclose(grey.reals()[0, 0], [0.75, 0.25, 0.25])    # grey → RGB, then the mean


def test_default_decoder_learns_its_channel_count_from_the_net(session):
    value(session, 'net = NetInitialize[NetChain[{LinearLayer[{1, 2, 2}]}, "Input" -> 3, '
                   '"Output" -> NetDecoder["Image"]]]')
    assert value(session, 'NetExtract[net, {"Output", "ColorChannels"}]') == Integer(1)
    assert value(session, 'ImageChannels[net[{1, 2, 3}]]') == Integer(3)
    # the matching encoder makes what the decoder took: one grey channel
    assert value(session, 'NetExtract[NetEncoder[NetExtract[net, "Output"]], "ColorSpace"]') \
        == String("Grayscale")
    assert value(session, 'NetExtract[NetDecoder["Image"], "ColorChannels"]') == Symbol("Automatic")


def test_decoder_of_another_colour_space_keeps_its_channel_count(session):
    session.evaluate('NetDecoder[{"Image", "Grayscale"}][ConstantArray[0.5, {3, 2, 2}]]')
    assert tags(session) == ["NetDecoder::decfail"]
    assert "{1, height, width} for an image in Grayscale, not one of dimensions {3, 2, 2}" \
        in session.messages[0]
    session.messages.clear()
    session.evaluate('NetChain[{LinearLayer[{2, 2, 2}]}, "Input" -> 3, '
                     '"Output" -> NetDecoder[{"Image", "Grayscale"}]]')
    assert tags(session) == ["NetChain::tyinc"]


def test_default_decoder_names_the_channels_it_wants_in_words(session):
    session.evaluate('NetDecoder["Image"][{{1, 2}}]')
    assert tags(session) == ["NetDecoder::decfail"]
    assert "{channels, height, width} for an image in RGB, not one of dimensions {1, 2}" \
        in session.messages[0]
