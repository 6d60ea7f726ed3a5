"""The Image builtins (wlnet.builtins.images; named apart from tests/repl/test_images.py, as
pytest needs distinct basenames) and Import/Export of PNG and JPEG."""

import numpy as np
import pytest

from wlnet.core.expr import S, to_python
from wlnet.core.image import Image
from wlnet.core.session import Session
from wlnet.syntax.printer import input_form
from tests.builtins._support import check, check_example, declared_examples


@pytest.fixture
def session():
    return Session(echo=False)


def tags(session):
    return [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in session.messages]


def value(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return got


@pytest.mark.parametrize("name, text, expected", declared_examples("images"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_grey_and_rgb_images_keep_their_channels_and_types(session):
    grey = value(session, "Image[{{0, 0.25}, {0.5, 1}}]")
    assert (grey.channels, grey.color_space, grey.image_type) == (1, "Grayscale", "Real32")
    assert to_python(value(session, "ImageData[Image[{{0, 0.25}, {0.5, 1}}]]")) == \
        [[0.0, 0.25], [0.5, 1.0]]
    rgb = value(session, 'Image[{{{1, 0, 0}, {0, 1, 0}}}, "Byte"]')
    assert (rgb.channels, rgb.color_space, rgb.image_type) == (3, "RGB", "Byte")
    assert to_python(value(session, 'ImageData[Image[{{{255, 0, 0}}}, "Byte"], "Byte"]')) == \
        [[[255, 0, 0]]]
    assert to_python(value(session, 'ImageData[Image[{{{255, 0, 0}}}, "Byte"]]')) == \
        [[[1.0, 0.0, 0.0]]]                              # Byte data read as reals by default
    rgba = value(session, "Image[{{{1, 0, 0, 0.5}}}]")
    assert (rgba.channels, rgba.color_space, rgba.has_alpha) == (4, "RGB", True)
    assert to_python(value(session, "ImageChannels[Image[{{{1, 0, 0, 0.5}}}]]")) == 4
    assert to_python(value(session, 'ImageType[Image[Image[{{0.2}}], "Byte"]]')) == "Byte"


def test_real32_keeps_values_outside_zero_to_one(session):
    assert to_python(value(session, "ImageData[Image[{{-0.5, 2.}}]]")) == [[-0.5, 2.0]]


def test_resize_keeps_aspect_ratio_or_takes_both_sizes(session):
    session.evaluate("img = Image[RandomReal[1, {10, 20}]]")
    assert to_python(value(session, "ImageDimensions[ImageResize[img, 10]]")) == [10, 5]
    assert to_python(value(session, "ImageDimensions[ImageResize[img, {7, 3}]]")) == [7, 3]
    const = value(session, "ImageData[ImageResize[Image[ConstantArray[0.3, {4, 4}]], {9, 9}]]")
    assert np.allclose(to_python(const), 0.3, atol=1e-6)
    assert session.evaluate("ImageResize[img, -1]").head is S.ImageResize
    assert tags(session) == ["ImageResize::size"]


def test_crop_takes_the_centre_and_pads_with_black(session):
    session.evaluate("img = Image[{{1, 2, 3, 4}, {5, 6, 7, 8}, {9, 10, 11, 12}}/12.]")
    assert np.allclose(to_python(value(session, "ImageData[ImageCrop[img, {2, 1}]]")),
                       [[6 / 12, 7 / 12]])
    padded = np.array(to_python(value(session, "ImageData[ImageCrop[img, {6, 3}]]")))
    assert padded.shape == (3, 6) and (padded[:, 0] == 0).all() and (padded[:, -1] == 0).all()


def test_colour_conversion_negation_and_adjustment(session):
    grey = to_python(value(session, 'ImageData[ColorConvert[Image[{{{1, 0, 0}}}], "Grayscale"]]'))
    assert np.isclose(grey[0][0], 0.299)
    rgb = to_python(value(session, 'ImageData[ColorConvert[Image[{{0.5}}], "RGB"]]'))
    assert rgb == [[[0.5, 0.5, 0.5]]]
    negated = to_python(value(session, "ImageData[ColorNegate[Image[{{{0.25, 1, 0, 0.5}}}]]]"))
    assert negated == [[[0.75, 0.0, 1.0, 0.5]]]                     # alpha kept
    adjusted = to_python(value(session, "ImageData[ImageAdjust[Image[{{0.2, 0.4, 0.6}}]]]"))
    assert np.allclose(adjusted, [[0.0, 0.5, 1.0]])
    assert session.evaluate('ColorConvert[Image[{{0.5}}], "Munsell"]').head is S.ColorConvert
    assert tags(session) == ["ColorConvert::ccvinv"]


@pytest.mark.parametrize("space, channels, expected", [
    ("CMYK", 4, [0.0, 1.0, 1.0, 0.0]),
    ("HSB", 3, [0.0, 1.0, 1.0]),
    ("XYZ", 3, [0.43607, 0.22250, 0.01393]),
    ("LAB", 3, [0.54292, 0.80812, 0.69885]),          # CSS Color 4's red, divided by 100
    ("LCH", 3, [0.54292, 1.06839, 40.853 / 360]),
    ("LUV", 3, [0.54292, 1.75043, 0.25958]),
])
def test_colour_spaces_beyond_grey_and_rgb(session, space, channels, expected):
    session.evaluate(f'im = ColorConvert[Image[{{{{{{1., 0, 0, 0.5}}}}}}], "{space}"]')
    assert value(session, "ImageColorSpace[im]").value == space
    assert value(session, "ImageChannels[im]").value == channels + 1      # alpha kept
    data = np.array(to_python(value(session, "ImageData[im]")))
    np.testing.assert_allclose(data[0, 0, :-1], expected, atol=2e-4)
    assert data[0, 0, -1] == 0.5
    back = np.array(to_python(value(session, 'ImageData[ColorConvert[im, "RGB"]]')))
    np.testing.assert_allclose(back[0, 0], [1, 0, 0, 0.5], atol=1e-5)
    # the image reads back from its InputForm in its colour space
    again = session.evaluate(f"ToExpression[ToString[InputForm[im]]]")
    assert again == session.evaluate("im")


def test_data_in_a_named_colour_space_and_byte_images_outside_zero_to_one(session):
    lab = value(session, 'Image[{{{0.5, 0.1, 0.2}}}, ColorSpace -> "LAB"]')
    assert lab.color_space == "LAB" and lab.channels == 3
    grey_as_rgb = value(session, 'Image[{{0.5}}, ColorSpace -> "RGB"]')      # converted
    assert grey_as_rgb.color_space == "RGB" and grey_as_rgb.channels == 3
    assert value(session, 'ImageType[ColorConvert[Image[{{0, 255}}, "Byte"], "LAB"]]').value \
        == "Real32"
    assert value(session, 'ImageType[ColorConvert[Image[{{0, 255}}, "Byte"], "HSB"]]').value \
        == "Byte"


def test_assemble_joins_rows_and_columns_in_a_common_colour_space(session):
    session.evaluate("a = Image[ConstantArray[0., {2, 3}]]; b = Image[ConstantArray[{1., 0, 0}, {2, 1}]]")
    joined = value(session, "ImageAssemble[{{a, b}, {a, b}}]")
    assert (joined.width, joined.height, joined.color_space) == (4, 4, "RGB")
    data = joined.reals()
    assert (data[:, 3] == [1, 0, 0]).all() and (data[:, :3] == 0).all()
    assert session.evaluate("ImageAssemble[{{a}, {b}}]").head is S.ImageAssemble
    assert tags(session) == ["ImageAssemble::imgdim"]


def test_assemble_leaves_missing_cells_and_spacings_to_the_background(session):
    session.evaluate("a = Image[ConstantArray[0.5, {2, 3}]]; "
                     "b = Image[ConstantArray[{1., 0, 0}, {2, 1}]]")
    holed = value(session, "ImageAssemble[{{a, Missing[]}, {a, b}}]")
    assert (holed.width, holed.height) == (4, 4)
    assert (holed.reals()[:2, 3] == 0).all() and (holed.reals()[2:, 3] == [1, 0, 0]).all()
    empty_row = value(session, "ImageAssemble[{{a, b}, {Missing[], Missing[]}}]")
    assert (empty_row.width, empty_row.height) == (4, 2)                  # skipped
    spaced = value(session, "ImageAssemble[{{a, b}, {a, b}}, Spacings -> {1, 2}, "
                            "PaddingSize -> {{1, 0}, {0, 3}}, Background -> White]")
    assert (spaced.width, spaced.height) == (1 + 3 + 1 + 1, 3 + 2 + 2 + 2)
    data = spaced.reals()
    assert (data[:3] == 1).all() and (data[:, 0] == 1).all()            # top and left
    assert (data[5:7, 1:4] == 1).all() and (data[3:5, 1:4] == 0.5).all()  # the spacing
    clear = value(session, "ImageAssemble[{a, a}, Spacings -> 1, Background -> Transparent]")
    assert clear.has_alpha and (clear.reals()[:, 3] == 0).all() \
        and (clear.reals()[:, 0, 1] == 1).all()
    green = value(session, "ImageAssemble[{a, b}, Spacings -> 1, Background -> Green]")
    assert (green.reals()[:, 3] == [0, 1, 0]).all()
    grey = value(session, "ImageAssemble[{a, a}, Spacings -> 1, Background -> Green]")
    assert np.allclose(grey.reals()[:, 3], 0.587)               # in the images' own space


@pytest.mark.parametrize("fitting, size", [
    ("Fit", (8, 4)),             # the largest of the row and column, the image padded
    ("Stretch", (8, 4)),
    ("Fill", (8, 2)),            # the smallest, each image covering its cell, cropped
])
def test_assemble_fits_images_of_other_sizes(session, fitting, size):
    session.evaluate("a = Image[ConstantArray[0.5, {2, 3}]]; b = Image[ConstantArray[1., {4, 5}]]")
    joined = value(session, f'ImageAssemble[{{{{a, b}}}}, "{fitting}"]')
    assert (joined.width, joined.height) == size


def test_assemble_without_fitting_centres_images_in_their_cells(session):
    session.evaluate("a = Image[{{0.1, 0.2}, {0.3, 0.4}}]; s = Image[{{0.5}}]")
    joined = value(session, "ImageAssemble[{{a}, {s}}, None]")
    np.testing.assert_allclose(joined.reals()[:, :, 0], [[.1, .2], [.3, .4], [.5, 0]],
                               atol=1e-6)
    row = value(session, "ImageAssemble[{a, s, a}, None, Background -> 1]")
    np.testing.assert_allclose(row.reals()[:, 2, 0], [0.5, 1])
    assert (row.width, row.height) == (5, 2)


def test_assemble_of_binary_images_is_binary(session):
    session.evaluate('c = Image[{{1, 0}, {0, 1}}, "Bit"]')
    assert value(session, "ImageType[ImageAssemble[{{c, c}}]]").value == "Bit"
    assert value(session, "ImageType[ImageAssemble[{{c, Image[{{0.1, 0.2}, {0.3, 0.4}}]}}]]"
                 ).value == "Real32"


@pytest.mark.parametrize("text, tag", [
    ('ImageAssemble[{a, a}, "Squeeze"]', "ImageAssemble::fitting"),
    ("ImageAssemble[{a, a}, Spacings -> -1]", "ImageAssemble::optvg"),
    ("ImageAssemble[{a, a}, Background -> Foo]", "ImageAssemble::optvg"),
    ("ImageAssemble[{Missing[], Missing[]}]", "ImageAssemble::imginv"),
])
def test_assemble_messages(session, text, tag):
    session.evaluate("a = Image[ConstantArray[0.5, {2, 3}]]")
    assert type(session.evaluate(text)) is not Image
    assert tags(session) == [tag]


@pytest.mark.parametrize("spaces, common, image_type", [
    (("CMYK", "CMYK"), "CMYK", "Byte"),            # a shared space is kept (not read as RGBA)
    (("Grayscale", "HSB"), "HSB", "Byte"),         # grey joins the one colour space
    (("LAB", "Grayscale"), "LAB", "Real32"),       # LAB's values are not 0..1
    (("CMYK", "HSB"), "RGB", "Byte"),              # two colour spaces meet in RGB
    (("LAB", "HSB"), "RGB", "Real32"),             # a Real32 image makes the whole Real32
])
def test_assemble_keeps_or_finds_a_common_colour_space(session, spaces, common, image_type):
    session.evaluate('rgb = Image[{{{255, 0, 0}, {0, 128, 255}}}, "Byte"]')
    made = [f'ColorConvert[rgb, "{space}"]' for space in spaces]
    joined = value(session, f"ImageAssemble[{{{', '.join(made)}}}]")
    assert (joined.color_space, joined.image_type, joined.width) == (common, image_type, 4)
    for k, space in enumerate(spaces):
        part = value(session, made[k])
        want = value(session, f'ColorConvert[{made[k]}, "{common}"]')
        assert part.width == 2
        np.testing.assert_allclose(joined.reals()[:, 2 * k:2 * k + 2], want.reals(),
                                   atol=1 / 255 if image_type == "Byte" else 1e-6)


@pytest.mark.parametrize("text, tag", [
    ('Image["no"]', "Image::imgarray"),
    ('Image[{{0.1}}, "Bit64"]', "Image::imgtype"),
    ("ImageData[3]", "ImageData::imginv"),
    ('ImageData[Image[{{0.1}}], "Complex"]', "ImageData::type"),
    ("ImageDimensions[x]", "ImageDimensions::imginv"),
    ("ColorNegate[{1, 2}]", "ColorNegate::imginv"),
    ("ImageCrop[Image[{{0.1}}], {0, 2}]", "ImageCrop::size"),
])
def test_bad_arguments_give_messages_and_stay_unevaluated(session, text, tag):
    result = session.evaluate(text)
    assert type(result) is not Image
    assert tags(session) == [tag]


def test_png_keeps_grey_alpha_and_bytes(session, tmp_path):
    for i, text in enumerate(["Image[{{0., 1.}}]", "Image[{{{1, 0, 0, 0.5}}}]",
                              'Image[{{{10, 20, 30}}}, "Byte"]']):
        path = str(tmp_path / f"i{i}.png")
        value(session, f'Export["{path}", {text}]')
        back = value(session, f'Import["{path}"]')
        original = value(session, text)
        assert back.image_type == "Byte" and back.channels == original.channels
        assert np.allclose(back.reals(), original.reals(), atol=0.5 / 255 + 1e-6)


def test_jpeg_round_trip_is_close(session, tmp_path):
    path = str(tmp_path / "i.jpg")
    session.evaluate("img = Image[ConstantArray[{0.2, 0.6, 0.9}, {16, 16}]]")
    value(session, f'Export["{path}", img]')
    back = value(session, f'Import["{path}"]')
    assert back.color_space == "RGB" and (back.width, back.height) == (16, 16)
    assert np.allclose(back.reals(), [0.2, 0.6, 0.9], atol=0.03)
    assert to_python(value(session, f'Import["{path}", "ImageSize"]')) == [16, 16]


@pytest.mark.parametrize("ext, data", [
    ("png", b"\x89PNG\r\n\x1a\n garbage"), ("jpg", b"\xff\xd8\xff\xe0 not really"),
    ("jpg", b""),
])
def test_corrupt_image_files_give_a_message(session, tmp_path, ext, data):
    path = tmp_path / f"bad.{ext}"
    path.write_bytes(data)
    assert session.evaluate(f'Import["{path}"]') is S["$Failed"]
    assert tags(session) == ["Import::fmterr"]


def test_graphics_still_rasterize_to_images(session):
    img = value(session, "Image[Graphics[{Disk[]}, ImageSize -> 40]]")
    assert type(img) is Image and img.width == 40
    assert type(value(session, "Rasterize[Graphics[{Disk[]}]]")) is Image


def test_image_data_without_interleaving_gives_channels_first():
    from wlnet.core.session import Session
    s = Session(echo=False)
    got = s.evaluate('ImageData[Image[{{{1, 0, 0}, {0, 1, 0}}}], Interleaving -> False]')
    assert got == s.evaluate("{{{1., 0.}}, {{0., 1.}}, {{0., 0.}}}") and not s.messages
    got = s.evaluate('ImageData[Image[{{0.25, 0.5}}], Interleaving -> False]')
    assert got == s.evaluate("{{0.25, 0.5}}") and not s.messages


@pytest.mark.parametrize("text, expected", [
    ('ImageType[Binarize[Image[{{0.1, 0.9}}], 0.5]]', 'Bit'),
    ('ImageData[Binarize[Image[{{0.1, 0.9}}], 0.5]]', "{{0, 1}}"),
    ('ImageData[Image[{{0.2, 0.7}, {1, 0}}, "Bit"]]', "{{0, 1}, {1, 0}}"),
    ('ImageData[Image[Image[{{0.3, 0.6}}], "Bit"]]', "{{0, 1}}"),
    ('ImageData[Image[Image[{{0, 1}}, "Bit"], "Byte"], "Byte"]', "{{0, 255}}"),
    ('ImageType[Image[Image[{{0, 1}}, "Bit"], "Real32"]]', 'Real32'),
    ('ImageData[Image[{{0, 1}}, "Bit"], "Real32"]', "{{0., 1.}}"),
    ('ImageData[ColorNegate[Image[{{0, 1}}, "Bit"]]]', "{{1, 0}}"),
    ('ImageType[ColorNegate[Image[{{0, 1}}, "Bit"]]]', 'Bit'),
    ('With[{b = Image[{{0, 1}}, "Bit"]}, ToExpression[ToString[InputForm[b]]] === b]', "True"),
    ('Image[{{0, 1}}, "Bit"] === Image[{{0, 1}}, "Byte"]', "False"),
])
def test_bit_images(session, text, expected):
    from wlnet.syntax.printer import output_form
    assert output_form(value(session, text)) == expected


@pytest.mark.parametrize("text, expected", [
    # Bit16: integers 0..65535 standing for 0..1
    ('ImageType[Image[{{0, 30000, 65535}}, "Bit16"]]', "Bit16"),
    ('ImageData[Image[{{0, 30000, 65535}}, "Bit16"], "Bit16"]', "{{0, 30000, 65535}}"),
    ('ImageData[Image[{{0, 32768, 65535}}, "Bit16"], "Byte"]', "{{0, 128, 255}}"),
    ('ImageData[Image[{{0, 65535}}, "Bit16"]]', "{{0., 1.}}"),
    ('ImageData[Image[{{0.1, 0.5}}], "Bit16"]', "{{6554, 32768}}"),
    ('ImageData[Image[{{-5, 70000}}, "Bit16"], "Bit16"]', "{{0, 65535}}"),
    ('ImageData[Image[Image[{{0, 255}}, "Byte"], "Bit16"], "Bit16"]', "{{0, 65535}}"),
    ('ImageData[ColorNegate[Image[{{0, 65535}}, "Bit16"]], "Bit16"]', "{{65535, 0}}"),
    ('ImageType[ColorNegate[Image[{{0, 65535}}, "Bit16"]]]', "Bit16"),
    ('ImageType[Image[NumericArray[{{1, 2}}, "UnsignedInteger16"]]]', "Bit16"),
    ('With[{b = Image[{{1, 60000}}, "Bit16"]}, ToExpression[ToString[InputForm[b]]] === b]',
     "True"),
    # Real64 keeps float64 values; "Real" is Real64
    ('ImageType[Image[{{0.1}}, "Real64"]]', "Real64"),
    ('ImageType[Image[{{0.1}}, "Real"]]', "Real64"),
    ('ImageType[Image[{{0.1}}]]', "Real32"),
    ('First[First[ImageData[Image[{{0.123456789012}}, "Real64"]]]] == 0.123456789012', "True"),
    ('First[First[ImageData[Image[{{0.123456789012}}]]]] == 0.123456789012', "False"),
    ('ImageType[Image[NumericArray[{{0.5}}, "Real64"]]]', "Real64"),
    ('With[{r = Image[{{0.1, 0.2}}, "Real64"]}, ToExpression[ToString[InputForm[r]]] === r]',
     "True"),
    ('ImageType[Image[Image[{{0.1}}, "Real64"], "Byte"]]', "Byte"),
])
def test_bit16_and_real64_images(session, text, expected):
    from wlnet.syntax.printer import output_form
    assert output_form(value(session, text)) == expected


def test_display_options_are_kept_and_change_no_pixel(session):
    session.evaluate("sized = Image[RandomReal[1, {10, 20}], ImageSize -> 100]")
    assert output_form_of(session, "ImageDimensions[sized]") == "{20, 10}"
    assert output_form_of(session, "Options[sized, ImageSize]") == "{ImageSize -> 100}"
    assert output_form_of(session, "Options[Image[{{0.5}}], ImageSize]") == \
        "{ImageSize -> Automatic}"
    assert output_form_of(session, "ToExpression[ToString[InputForm[sized]]] === sized") == \
        "True"
    assert output_form_of(session, "Image[{{0.5}}] === Image[{{0.5}}, ImageSize -> 10]") == \
        "False"
    assert output_form_of(session, "Options[Image[Image[{{0.5}}], ImageSize -> Small], "
                                   "ImageSize]") == "{ImageSize -> Small}"
    assert output_form_of(session, "ImageData[Image[{{0.5}}, ImageSize -> 10]]") == "{{0.5}}"


def test_bit16_image_file_round_trip(session, tmp_path):
    """A grey Bit16 image is written as a 16-bit PNG and read back as the same image."""
    path = str(tmp_path / "deep.png")
    assert output_form_of(session, f'Export["{path}", Image[{{{{0, 300, 65535}}}}, "Bit16"]];'
                                   f'{{ImageType[#], ImageData[#, "Bit16"]}} &'
                                   f'[Import["{path}"]]') == '{Bit16, {{0, 300, 65535}}}'


def output_form_of(session, text):
    from wlnet.syntax.printer import output_form
    return output_form(value(session, text))


def test_bit_images_go_through_image_encoders(session):
    from wlnet.syntax.printer import output_form
    got = value(session, 'NetEncoder[{"Image", {2, 1}, ColorSpace -> "Grayscale"}][Image[{{0, 1}}, "Bit"]]')
    assert output_form(got) == "{{{0., 1.}}}"


# ColorConvert of colour directives (the RGB -> hue regression of a StackExchange answer
# builds its data with List @@ ColorConvert[Hue[h], "RGB"])

def _components(session, text):
    got = value(session, text)
    return got.head.name, [float(a.value) for a in got.args]


def test_color_convert_of_a_hue_gives_its_rgb_components(session):
    head, rgb = _components(session, 'ColorConvert[Hue[0.3], "RGB"]')
    assert head == "RGBColor"
    assert np.allclose(rgb, [0.2, 1.0, 0.0])
    assert to_python(value(session, 'Length[List @@ ColorConvert[Hue[0.7], "RGB"]]')) == 3


def test_color_convert_of_directives_goes_both_ways_and_keeps_opacity(session):
    head, hsb = _components(session, "ColorConvert[RGBColor[0.2, 0.4, 0.6], Hue]")
    assert head == "Hue" and np.allclose(hsb, [7 / 12, 2 / 3, 0.6])
    head, back = _components(session, 'ColorConvert[Hue[7/12, 2/3, 0.6], "RGB"]')
    assert np.allclose(back, [0.2, 0.4, 0.6])
    head, grey = _components(session, 'ColorConvert[RGBColor[1, 0, 0, 0.5], "Grayscale"]')
    assert head == "GrayLevel" and np.allclose(grey, [0.299, 0.5])
    head, cmyk = _components(session, 'ColorConvert[GrayLevel[0.25], "CMYK"]')
    assert head == "CMYKColor" and np.allclose(cmyk, [0, 0, 0, 0.75])
    lab = value(session, 'ColorConvert[{Red, Blue}, "LAB"]')
    assert [c.head.name for c in lab.args] == ["LABColor", "LABColor"]


def test_color_convert_of_a_non_colour_or_unknown_space_stays_unevaluated(session):
    assert session.evaluate('ColorConvert[foo, "RGB"]').head is S.ColorConvert
    assert session.messages == []
    assert session.evaluate('ColorConvert[Hue[0.3], "Munsell"]').head is S.ColorConvert
    assert tags(session) == ["ColorConvert::ccvinv"]


def test_images_of_five_or_more_channels(session):
    session.evaluate("im = Image[Table[{0.1, 0.2, 0.3, 0.4, 0.5}, {2}, {3}]]")
    assert input_form(session.evaluate("{ImageChannels[im], ImageColorSpace[im], "
                                       "ImageDimensions[im]}")) == "{5, Automatic, {3, 2}}"
    assert np.allclose(to_python(session.evaluate("ImageData[im][[2, 3]]")),
                       [0.1, 0.2, 0.3, 0.4, 0.5])
    assert "ColorSpace -> Automatic" in input_form(session.evaluate("InputForm[im]"))
    # the channels come apart and back together, and pixel functions keep them all
    assert session.evaluate("ImageChannels[ColorCombine[ColorSeparate[im]]]").value == 5
    assert session.evaluate("ColorCombine[ColorSeparate[im]] == im").name == "True"
    assert np.allclose(to_python(session.evaluate("ImageData[ColorNegate[im]][[1, 1]]")),
                       [0.9, 0.8, 0.7, 0.6, 0.5])
    assert input_form(session.evaluate("Dimensions[ImageData[ImageResize[im, 6]]]")) == \
        "{4, 6, 5}"
    assert not session.messages


# ---------------------------------------------------------------------------- documented forms

def dims(session, code):
    return tuple(to_python(value(session, f"ImageDimensions[{code}]")))


def test_image_resize_size_forms(session):
    session.evaluate("img = Image[RandomReal[1, {10, 20}]]")
    for spec, expected in [("40", (40, 20)), ("{8}", (8, 4)), ("{{15}}", (15, 8)),
                           ("{8, 3}", (8, 3)), ("Scaled[2]", (40, 20)),
                           ("Scaled[{2, 1}]", (40, 10)), ("{Automatic, 5}", (10, 5)),
                           ("{All, 5}", (20, 5)), ("{40, Automatic}", (40, 20)),
                           ("Tiny", (100, 50)), ("{{100}, 5}", (10, 5)), ("UpTo[30]", (30, 15))]:
        assert dims(session, f"ImageResize[img, {spec}]") == expected, spec
    session.evaluate("ImageResize[img, -3]")
    assert tags(session) == ["ImageResize::size"]


def test_image_resize_scaled_rounds_each_side(session):
    # Scaled[s] scales both sides, each rounded on its own (not the width then the aspect
    # ratio): 46×34 by 1.4 is 64×48 (34·1.4 = 47.6), where 64·34/46 would round to 47
    session.evaluate("img = Image[RandomReal[1, {34, 46}]]")
    assert dims(session, "ImageResize[img, Scaled[1.4]]") == (64, 48)
    assert dims(session, "ImageResize[img, Scaled[{1.4, 1}]]") == (64, 34)


def reals(session, code):
    return np.asarray(to_python(value(session, f"ImageData[{code}]")), dtype=float)


def test_image_resize_resampling_and_padding(session):
    session.evaluate("row = Image[{{0, 0, 1, 1}}]; check = Image[{{0, 1, 0, 1}, {1, 0, 1, 0}}]")
    # Lanczos (the default) interpolates: enlarged 3 times, the pixels at the original
    # centres keep their values; a constant image stays constant
    session.evaluate("g = Image[RandomReal[1, {5, 7}]]")
    assert np.allclose(reals(session, "ImageResize[g, Scaled[3]]")[1::3, 1::3],
                       reals(session, "g"), atol=1e-6)
    assert np.allclose(reals(session, "ImageResize[Image[ConstantArray[0.3, {3, 4}]], 11]"),
                       0.3, atol=1e-6)
    # linear: twice as wide, centres at a quarter pixel; the edge pixel mirrored beyond it
    assert np.allclose(reals(session, 'ImageResize[row, {8, 1}, Resampling -> "Linear"]'),
                       [[0, 0, 0, 0.25, 0.75, 1, 1, 1]])
    # shrinking widens the kernel: each output pixel averages the ones it covers
    assert np.allclose(reals(session, 'ImageResize[row, {2, 1}, Resampling -> "Linear"]'),
                       [[0.125, 0.875]])
    assert np.allclose(reals(session, "ImageResize[check, 2]"), 0.5, atol=0.02)
    assert np.allclose(reals(session, 'ImageResize[row, {8, 1}, Resampling -> "Nearest"]'),
                       [[0, 0, 0, 0, 1, 1, 1, 1]])
    # Keys' cubic with its a (-1/2: Catmull-Rom)
    assert np.allclose(reals(session, 'ImageResize[Image[{{0., 1.}}], {4, 1}, '
                                      'Resampling -> {"Keys", 0}]'),
                       [[0, 0.15625, 0.84375, 1]], atol=1e-6)
    assert np.allclose(reals(session, 'ImageResize[row, {8, 1}, Resampling -> "CatmullRom"]'),
                       reals(session, 'ImageResize[row, {8, 1}, Resampling -> {"Keys", -1/2}]'))
    # the padding is what the taps beyond the edges read
    assert np.allclose(reals(session, 'ImageResize[Image[{{1}}], {3, 1}, '
                                      'Resampling -> "Linear", Padding -> 0]'),
                       [[2 / 3, 1, 2 / 3]])
    assert np.allclose(reals(session, 'ImageResize[Image[{{1, 0}}], {4, 1}, '
                                      'Resampling -> "Linear", Padding -> "Periodic"]'),
                       [[0.75, 0.75, 0.25, 0.25]])
    red = reals(session, 'ImageResize[Image[{{{0, 1, 0}}}], {3, 1}, Resampling -> "Linear", '
                         'Padding -> Red]')
    assert np.allclose(red[0, 0], [1 / 3, 2 / 3, 0])
    # every method with Nearest gives the same
    nearest = {session.evaluate(f'ImageResize[check, 7, Resampling -> "Nearest", '
                                f'Padding -> {p}]') for p in ('0', '"Fixed"', '"Reversed"')}
    assert len(nearest) == 1
    assert reals(session, 'ImageResize[row, {2, 1}, Resampling -> {"Lanczos", 2}]').shape \
        == (1, 2)
    for bad, tag in [('Resampling -> "Sharp"', "resampling"), ('Padding -> "Mirror"', "padding"),
                     ('Resampling -> {"Lanczos", 0}', "resampling")]:
        assert session.evaluate(f"ImageResize[row, 3, {bad}]").head is S.ImageResize
        assert tags(session) == [f"ImageResize::{tag}"]
        session.messages.clear()


def test_image_resize_spline_and_smoothing_methods(session):
    from scipy import ndimage
    session.evaluate("SeedRandom[3]; g = Image[RandomReal[1, {20, 21}], \"Real64\"]")
    g = reals(session, "g")
    # "Cubic" is the interpolating cubic spline (as {"Spline", 3}), not Keys' cubic: scipy's
    # spline zoom on the same pixel-centre grid with the mirrored edge is an oracle
    cubic = reals(session, 'ImageResize[g, {29, 37}, Resampling -> "Cubic"]')
    assert np.allclose(cubic, reals(session, 'ImageResize[g, {29, 37}, '
                                             'Resampling -> {"Spline", 3}]'))
    assert np.allclose(cubic, ndimage.zoom(g, (37 / 20, 29 / 21), order=3, mode="reflect",
                                           grid_mode=True), atol=1e-6)
    assert not np.allclose(cubic, reals(session, 'ImageResize[g, {29, 37}, '
                                                 'Resampling -> "CatmullRom"]'), atol=1e-3)
    # tripled, the splines keep the pixels at the original centres; the Gaussian and the
    # B-spline approximation blur them
    for method in ('"Quadratic"', '"Quartic"', '"Quintic"', '{"Spline", 6}'):
        out = reals(session, f"ImageResize[g, Scaled[3], Resampling -> {method}]")
        assert np.allclose(out[1::3, 1::3], g, atol=1e-6), method
    for method in ('"Gaussian"', '{"Gaussian", 3, 1}', '{"BSpline", 3}'):
        out = reals(session, f"ImageResize[g, Scaled[3], Resampling -> {method}]")
        assert out[1::3, 1::3].std() < g.std() - 0.02, method
    for bad in ('{"Spline", 1.5}', '{"Gaussian", -1}', '{"Hamming", 3, 0.5}', '"Sharp"'):
        session.messages.clear()
        assert session.evaluate(f"ImageResize[g, 3, Resampling -> {bad}]").head \
            is S.ImageResize
        assert tags(session) == ["ImageResize::resampling"], bad


def test_image_resize_of_3d_images(session):
    session.evaluate("v = Image3D[RandomReal[1, {4, 5, 6}]]")        # 6 wide, 5 deep, 4 high
    for spec, expected in [("{3, 3, 3}", (3, 3, 3)), ("12", (12, 10, 8)), ("{10}", (10, 8, 7)),
                           ("Scaled[2]", (12, 10, 8)), ("{All, 5, All}", (6, 5, 4))]:
        assert dims(session, f"ImageResize[v, {spec}]") == expected, spec
    const = value(session, "ImageData[ImageResize[Image3D[ConstantArray[0.25, {2, 3, 4}]], "
                           "{7, 5, 3}]]")
    assert np.allclose(np.asarray(to_python(const), float), 0.25)
    assert value(session, 'ImageType[ImageResize[Image3D[ConstantArray[9, {2, 2, 2}], "Byte"], '
                          '4]]').value == "Byte"
    session.evaluate("ImageResize[v, {1, 2}]")
    assert tags(session) == ["ImageResize::size"]


def test_image_crop_sizes_sides_and_borders(session):
    session.evaluate("g = Image[Table[i/10. + j/100., {i, 10}, {j, 20}]]")
    assert dims(session, "ImageCrop[g, 5]") == (5, 2)              # the aspect ratio kept
    assert dims(session, "ImageCrop[g, {Full, 4}]") == (20, 4)
    assert dims(session, "ImageCrop[g, {UpTo[50], 4}]") == (20, 4)
    corner = lambda side: to_python(value(session, f"ImageData[ImageCrop[g, {{2, 2}}, {side}]]"))
    assert np.allclose(corner("{Left, Top}"), [[1.09, 1.10], [1.19, 1.20]])    # crop there
    assert np.allclose(corner("{Right, Bottom}"), [[0.11, 0.12], [0.21, 0.22]])
    assert np.allclose(corner("{1, -1}"), corner("{Right, Bottom}"))
    assert np.allclose(corner("Right"), [[0.51, 0.52], [0.61, 0.62]])
    padded = to_python(value(session, "ImageData[ImageCrop[Image[{{1, 2, 3}}/4.], {5, 1}, Left]]"))
    assert np.allclose(padded, [[0, 0, 0.25, 0.5, 0.75]])
    # ImageCrop[image] trims borders of one colour
    session.evaluate("img = Image[RandomReal[1, {6, 9, 3}]]")
    assert value(session, "ImageCrop[ImagePad[img, {{2, 1}, {3, 4}}, Red]] == img").name == "True"
    session.evaluate("ImageCrop[g, {2, 2}, Foo]")
    assert tags(session) == ["ImageCrop::spec"]


def test_image_crop_padding_option(session):
    # where the window is larger, Padding fills it as ImagePad would: a method or a value
    session.evaluate("row = Image[{{1, 2, 3}}/4.]")
    data = lambda code: np.array(to_python(value(session, f"ImageData[{code}]")))
    assert np.allclose(data('ImageCrop[row, {7, 1}, Padding -> "Reflected"]'),
                       np.array([[3, 2, 1, 2, 3, 2, 1]]) / 4)
    assert np.allclose(data('ImageCrop[row, {7, 1}, Padding -> "Fixed"]'),
                       np.array([[1, 1, 1, 2, 3, 3, 3]]) / 4)
    assert np.allclose(data('ImageCrop[row, {5, 1}, Left, Padding -> "Periodic"]'),
                       np.array([[2, 3, 1, 2, 3]]) / 4)
    assert np.allclose(data("ImageCrop[row, {5, 3}, Padding -> 1]")[[0, 2]], 1)
    assert np.allclose(data('ImageCrop[row, {2, 1}, Padding -> "Reflected"]'), [[0.25, 0.5]])
    session.evaluate('ImageCrop[row, {5, 1}, Padding -> "Sideways"]')
    assert tags(session) == ["ImageCrop::padding"]


def test_image_crop_padding(session):
    session.evaluate("r = Image[{{0.25, 0.5}, {0.75, 1.}}]")
    data = lambda code: np.array(to_python(value(session, f"ImageData[ImageCrop[r, {code}]]")))
    assert np.allclose(data("{4, 2}"), [[0, .25, .5, 0], [0, .75, 1, 0]])     # black
    assert np.allclose(data("{4, 2}, Padding -> 0.5"), [[.5, .25, .5, .5], [.5, .75, 1, .5]])
    assert np.allclose(data('{4, 2}, Padding -> "Fixed"'),
                       [[.25, .25, .5, .5], [.75, .75, 1, 1]])
    assert np.allclose(data('{2, 4}, Padding -> "Periodic"'),
                       [[.75, 1], [.25, .5], [.75, 1], [.25, .5]])
    # padding all on the side named, cropping on the other axis unchanged
    assert np.allclose(data('{4, 1}, {Left, Top}, Padding -> "Reversed"'), [[1, .75, .75, 1]])
    assert np.allclose(data("{1, 1}, Padding -> 0.5"), [[0.25]])         # nothing added
    # a colour in the image's colour space; a Byte image stays one
    rgb = to_python(value(session, "ImageData[ImageCrop[Image[{{{1., 0., 0.}}}], {3, 1}, "
                                   "Padding -> Green]]"))
    assert np.allclose(rgb, [[[0, 1, 0], [1, 0, 0], [0, 1, 0]]])
    assert to_python(value(session, 'ImageData[ImageCrop[Image[{{10, 20}}, "Byte"], {4, 1}, '
                                    'Padding -> White], "Byte"]')) == [[255, 10, 20, 255]]
    session.evaluate('ImageCrop[r, {3, 3}, Padding -> "Bogus"]')
    assert tags(session) == ["ImageCrop::padding"]


def test_color_negate_of_colours(session):
    assert input_form(value(session, "ColorNegate[Red]")) == "RGBColor[0, 1, 1]"
    assert input_form(value(session, "ColorNegate[GrayLevel[0.25]]")) == "GrayLevel[0.75]"
    assert np.allclose(to_python(value(session, "List @@ ColorNegate[Hue[0]]")), [0, 1, 1])


def test_image_adjust_corrections_and_ranges(session):
    session.evaluate("g = Image[{{0.2, 0.4}, {0.6, 0.8}}]")
    data = lambda code: np.array(to_python(value(session, f"ImageData[{code}]")))
    assert np.allclose(data("ImageAdjust[g, 0.5]"), [[0.05, 0.35], [0.65, 0.95]])   # contrast
    assert np.allclose(data("ImageAdjust[g, -2]"), 1 - data("g"))         # = ColorNegate
    assert np.allclose(data("ImageAdjust[g, -1]"), 0.5)                   # constant
    # the page's equivalent: Clip[(b + 1)(c + 1) x^γ - c/2, {0, 1}]
    assert np.allclose(data("ImageAdjust[g, {0, 0.1}]"), data("g") * 1.1)   # brightness
    assert np.allclose(data("ImageAdjust[g, {0, 0, 2}]"), data("g") ** 2)   # gamma
    assert np.allclose(data("ImageAdjust[g, {0.5, 0.2, 2}]"),
                       np.clip(1.2 * 1.5 * data("g") ** 2 - 0.25, 0, 1), atol=1e-6)
    assert np.allclose(data("ImageAdjust[Image[{{0.492279, 0.413776}, {0.17979, 0.510059}}], "
                            "{1., .5}]"), [[0.976837, 0.741327], [0.0393686, 1.]], atol=1e-5)
    assert np.allclose(data("ImageAdjust[g, {0, 0, 1}, {0.2, 0.6}]"), [[0, 0.5], [1, 1]],
                       atol=1e-6)
    # a pixel at an end of the range maps exactly to 0 or 1 (the end read at the pixels'
    # single precision)
    assert data("ImageAdjust[g, {0, 0}, {0.2, 0.6}]")[0, 0] == 0.0
    assert data("ImageAdjust[g, {0, 0}, {0.2, 0.6}]")[1, 0] == 1.0
    assert np.allclose(data("ImageAdjust[g, {0, 0, 1}, {Automatic, Automatic}, {0, 0.5}]"),
                       [[0, 1 / 6], [1 / 3, 0.5]], atol=1e-6)
    session.evaluate("ImageAdjust[g, {1, 2, 3, 4}]")
    assert tags(session) == ["ImageAdjust::corr"]


def test_image_adjust_per_channel(session):
    """Every correction and range parameter may be a list of one value per channel; a
    colour image of another colour space comes back in RGB; 3D images are adjusted."""
    session.evaluate("c = Image[{{{0.2, 0.4, 0.6}, {0.4, 0.6, 0.8}}}]")
    data = lambda code: np.array(to_python(value(session, f"ImageData[{code}]")))
    # more contrast in the blue channel only
    assert np.allclose(data("ImageAdjust[c, {{0, 0, 1}}]"),
                       [[[0.2, 0.4, 0.7], [0.4, 0.6, 1.0]]], atol=1e-6)
    assert np.allclose(data("ImageAdjust[c, {0, {0, 0.5, 0}, {1, 1, 2}}]"),
                       [[[0.2, 0.6, 0.36], [0.4, 0.9, 0.64]]], atol=1e-6)
    # channel ranges: red from 0.2, green up to 0.6
    assert np.allclose(data("ImageAdjust[c, 0, {{0.2, 0, 0}, {1, 0.6, 1}}]"),
                       [[[0, 2 / 3, 0.6], [0.25, 1, 0.8]]], atol=1e-6)
    # the automatic range is that of all the channels together
    assert np.allclose(data("ImageAdjust[c]"), [[[0, 1 / 3, 2 / 3], [1 / 3, 2 / 3, 1]]],
                       atol=1e-6)
    assert value(session, 'ImageColorSpace[ImageAdjust[ColorConvert[c, "HSB"]]]').value \
        == "RGB"
    assert np.allclose(data("ImageAdjust[Image3D[{{{0.2, 0.4}}}]]"), [[[0, 1]]])
    for bad in ("ImageAdjust[c, {{0, 1}}]", "ImageAdjust[c, {0, 0, {1, 2}}]"):
        session.evaluate(bad)
        assert tags(session) == ["ImageAdjust::corr"]
        session.messages.clear()
    session.evaluate("ImageAdjust[c, 0, {{0, 0}, 1}]")
    assert tags(session) == ["ImageAdjust::range"]


def test_binarize_with_a_function_and_colorize(session):
    got = to_python(value(session, "ImageData[Binarize[Image[{{0.2, 0.4}}], # > 0.3 &]]"))
    assert got == [[0, 1]]
    got = to_python(value(session, "ImageData[Binarize[Image[{{{1, 0, 0}, {0, 1, 0}}}], "
                                   "#[[2]] > 0.5 &]]"))
    assert got == [[0, 1]]
    labels = np.array(to_python(value(session, "ImageData[Colorize[{{0, 1}, {2, 1}}]]")))
    assert np.allclose(labels[0, 0], 0)                                    # 0 is black
    assert np.allclose(labels[0, 1], labels[1, 1]) and not np.allclose(labels[0, 1], labels[1, 0])
    assert np.allclose(labels[0, 1], [0.368417, 0.506779, 0.709798])
    ruled = to_python(value(session, "ImageData[Colorize[{{0, 1}}, ColorRules -> {1 -> Red}]]"))
    assert np.allclose(ruled, [[[0, 0, 0], [1, 0, 0]]])
    graded = np.array(to_python(value(session, "ImageData[Colorize[Image[{{0, 1}}], "
                                               "ColorFunction -> \"TemperatureMap\"]]")))
    from wlnet.graphics.colour_schemes import gradient_rgb      # the gradient's start
    assert np.allclose(graded[0, 0], gradient_rgb("TemperatureMap", 0.0), atol=1 / 255)
    hue = to_python(value(session, "ImageData[Colorize[{{0.2, 0.7}}, ColorFunction -> "
                                   "(RGBColor[#, 0, 0] &), ColorFunctionScaling -> False]]"))
    assert np.allclose(hue, [[[0.2, 0, 0], [0.7, 0, 0]]])
    session.evaluate("Colorize[\"x\"]")
    assert tags(session) == ["Colorize::imginv"]


def test_color_separate_named_channels_and_image_apply_of_several(session):
    session.evaluate("c = Image[{{{0.1, 0.2, 0.3}}}]")
    assert np.allclose(to_python(value(session, 'ImageData[ColorSeparate[c, "B"]]')), [[0.3]])
    two = value(session, 'ImageData /@ ColorSeparate[c, {"R", "G"}]')
    assert np.allclose(to_python(two), [[[0.1]], [[0.2]]])
    summed = to_python(value(session, "ImageData[ImageApply[Plus, {Image[{{0.25, 0.5}}], "
                                      "Image[{{0.5, 0.25}}]}]]"))
    assert np.allclose(summed, [[0.75, 0.75]])


def test_image_data_data_reversed(session):
    got = to_python(value(session, "ImageData[Image[{{0, 1}, {1, 1}}], DataReversed -> True]"))
    assert got == [[1.0, 1.0], [0.0, 1.0]]


def test_image_of_channels_first_data():
    # Image[array, Interleaving -> False] reads {channels, height, width}, as a net's output
    # or ImageData[img, Interleaving -> False] gives them (a style-transfer net's image)
    check("a = Table[(i + 2 j + 3 k)/30., {i, 3}, {j, 4}, {k, 5}]; i = Image[a, Interleaving -> False]; "
          "{ImageDimensions[i], ImageChannels[i], "
          "Max[Abs[ImageData[i, Interleaving -> False] - a]] < 10^-6}",
          "{{5, 4}, 3, True}")


@pytest.mark.parametrize("text", ['Image[{{0, 1}}, Foo -> 2]',
                                  'Image[{{0, 1}}, "Byte", "Foo" -> 2]',
                                  'Image[Image[{{0, 1}}], ImagSize -> 2]'])
def test_an_unknown_option_is_refused_and_the_image_left_unevaluated(session, text):
    out = session.evaluate(text)
    assert type(out) is not Image and out.head is S.Image
    assert any(m.startswith("Image::optx") for m in session.messages)


def test_options_of_wl_images_that_change_no_pixel_are_taken(session):
    out = session.evaluate('Image[{{0, 1}}, ImageResolution -> 72, MetaInformation -> <||>, '
                           'PlotRange -> All]')
    assert type(out) is Image and out.width == 2


def test_an_image_of_a_sparse_array_is_that_of_its_values(session):
    out = session.evaluate("Image[SparseArray[{{1, 2} -> 1}, {2, 3}]]")
    assert type(out) is Image and out.reals()[:, :, 0].tolist() == [[0, 1, 0], [0, 0, 0]]


def test_messages_name_images_briefly(session):
    # the pixels would fill the message: an image inside a slot shows as -Image-
    session.evaluate("i = Image[RandomReal[1, {30, 30}]]; j = Image[RandomReal[1, {20, 20}]]")
    for code, text in [("ImageDimensions[f[i]]", "instead of f[-Image-]."),
                       ("ImageDifference[i, j]", "The images {-Image-, -Image-} do not"),
                       ("ImageCollage[{i, 3}]", "instead of {-Image-, 3}.")]:
        session.messages.clear()
        session.evaluate(code)
        assert len(session.messages) == 1 and text in session.messages[0], session.messages


@pytest.mark.parametrize("text, expected", [
    ("Image[{{0., 1.}}] == Image[{{0., 1.}}]", "True"),
    ("Image[{{0., 1.}}] == Image[{{0., 0.5}}]", "False"),           # other pixels
    ('Image[{{0., 1.}}] == Image[{{0, 1}}, "Byte"]', "False"),      # another type
    ('Image[{{0.5}}] == ColorConvert[Image[{{0.5}}], "RGB"]', "False"),   # colour space
    ("Image[{{0., 1.}}] == Image[{{0., 1.}}, ImageSize -> 40]", "True"),  # display aside
    ("Image3D[{{{0.}}}] == Image3D[{{{0.}}}]", "True"),
    ("Image3D[{{{0.}}}] == Image[{{0.}}]", "False"),
    ("i = Image[{{0.}}]; i == i == Image[{{1.}}]", "False"),
    ("Image[{{0.}}] != Image[{{1.}}]", "True"),
    ("i = Image[{{0.}}]; Unequal[i, Image[{{1.}}], i]", "False"),  # every pair distinct?
])
def test_equal_and_unequal_of_images_compare_the_pictures(session, text, expected):
    assert input_form(value(session, text)) == expected


def test_an_image_equal_to_a_symbol_stays(session):
    assert value(session, "Image[{{0.}}] == x").head is S.Equal
