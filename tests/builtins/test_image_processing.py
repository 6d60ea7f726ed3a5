"""Image processing builtins: geometry, filters, pixel arithmetic, alpha; checked on small
images against values worked out by hand (and numpy where a filter is involved)."""

import numpy as np
import pytest

from tests.builtins._support import check, check_example, close_printed, declared_examples, run


@pytest.mark.parametrize("name,text,expected", declared_examples("image_processing"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close_printed)


def test_reflections_and_quarter_turns_move_pixels_exactly():
    img = "img = Image[{{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}}];"
    check(img + "ImageData[ImageReflect[img, Left -> Right]]",
          "{{0.3, 0.2, 0.1}, {0.6, 0.5, 0.4}}", same=close_printed)
    check(img + "ImageData[ImageRotate[img]]", "{{0.3, 0.6}, {0.2, 0.5}, {0.1, 0.4}}",
          same=close_printed)
    check(img + "ImageData[ImageRotate[img, Pi]]", "{{0.6, 0.5, 0.4}, {0.3, 0.2, 0.1}}",
          same=close_printed)


def test_rotation_by_an_angle_enlarges_the_canvas_and_keeps_the_type():
    r = run("img = Image[ConstantArray[200, {10, 20}], \"Byte\"]; "
            "r = ImageRotate[img, 30 Degree]; {ImageType[r], ImageDimensions[r]}")
    kind, dims = r.value.args
    assert kind.value == "Byte"
    w, h = (d.value for d in dims.args)
    assert w > 20 and h > 10


def test_rotation_resampling_methods():
    from scipy import ndimage
    # (odd sides: the canvas centre falls on a pixel centre, not on a tie of four pixels,
    # which "Nearest" would average)
    setup = 'SeedRandom[4]; img = Image[RandomReal[1, {13, 17}], "Real64"]; '
    pixels = _reals(setup + "ImageData[img]")
    # the turned canvas holds the whole image: its centre pixel reads the input's centre
    turned = _reals(setup + 'ImageData[ImageRotate[img, 30 Degree, Resampling -> "Cubic"]]')
    expected = ndimage.rotate(pixels, 30, reshape=True, order=3, mode="grid-constant",
                              cval=0.0)
    assert turned.shape == expected.shape
    # inside (away from the background's edge) scipy's spline rotation agrees
    inner = (slice(6, -6), slice(6, -6))
    assert np.allclose(turned[inner], expected[inner], atol=1e-6)
    # "Nearest" takes the image's own values (or the background)
    nearest = _reals(setup + 'ImageData[ImageRotate[img, 0.4, Resampling -> "Nearest", '
                             'Background -> 2]]')
    assert np.all(np.isin(np.round(nearest, 9), np.round(np.append(pixels, 2.0), 9)))
    assert run(setup + 'ImageRotate[img, 0.4, Resampling -> "Sharp"]').tags \
        == ["ImageRotate::resampling"]


def _reals(text):
    from wlnet.core.expr import to_python
    return np.asarray(to_python(run(text).value), dtype=float)


@pytest.mark.parametrize("text, expected", [
    ("ImageData[ImagePad[c, 1, {0.5, 0.6, 0.7}]][[1, 1]]", "{0.5, 0.6, 0.7}"),
    ("ImageData[ImagePad[c, 1, {0.5}]][[1, 1]]", "{0.5, 0.5, 0.5}"),
    # the colour channels of an image with alpha: the padding opaque
    ("ImageData[ImagePad[Image[{{{0.1, 0.2, 0.3, 0.4}}}], 1, {0.5, 0.6, 0.7}]][[1, 1]]",
     "{0.5, 0.6, 0.7, 1.}"),
])
def test_padding_by_a_list_of_channel_values(text, expected):
    check("c = Image[{{{0.1, 0.2, 0.3}}}]; " + text, expected, same=close_printed)


@pytest.mark.parametrize("padding", ["{0.5, 0.6}", "Foo", '"Bogus"'])
def test_a_padding_that_is_none_is_a_message(padding):
    assert run(f"ImagePad[Image[{{{{{{0.1, 0.2, 0.3}}}}}}], 1, {padding}]").tags == \
        ["ImagePad::padding"]


def test_padding_methods():
    check("ImageData[ImagePad[Image[{{0.2, 0.8}}], 1, \"Fixed\"]][[2]]",
          "{0.2, 0.2, 0.8, 0.8}", same=close_printed)
    check("ImageData[ImagePad[Image[{{0.2, 0.8}}], {{1, 0}, {0, 0}}, \"Periodic\"]]",
          "{{0.8, 0.2, 0.8}}", same=close_printed)
    check("ImageDimensions[ImagePad[Image[ConstantArray[0, {5, 5}]], -1]]", "{3, 3}")


@pytest.mark.parametrize("text, expected", [
    # s drops the incomplete tiles at the edges, {s} keeps them
    ("ImageDimensions /@ Flatten[ImagePartition[img, 2]]", "{{2, 2}, {2, 2}, {2, 2}, {2, 2}}"),
    ("ImageDimensions /@ Flatten[ImagePartition[img, {2}]]",
     "{{2, 2}, {2, 2}, {1, 2}, {2, 2}, {2, 2}, {1, 2}}"),
    # per side: {s} up to s, {smin, smax}, Scaled[a] of the side; offsets {dw, dh}
    ("ImageDimensions /@ Flatten[ImagePartition[img, {{2}, {3}}, {2, 2}]]",
     "{{2, 3}, {2, 3}, {1, 3}, {2, 2}, {2, 2}, {1, 2}}"),
    ("ImageDimensions /@ Flatten[ImagePartition[img, {{2, 3}, 4}, 3]]", "{{3, 4}, {2, 4}}"),
    ("Dimensions[ImagePartition[img, {Scaled[1/5], Scaled[1/2]}]]", "{2, 5}"),
    # Padding fills the incomplete tiles to full size, on the right and bottom
    ("ImageData /@ Flatten[ImagePartition[Image[{{1, 2, 3, 4, 5}}/8.], {2, 1}, Padding -> 1]]",
     "{{{0.125, 0.25}}, {{0.375, 0.5}}, {{0.625, 1.}}}"),
])
def test_image_partition_tile_sizes(text, expected):
    check("img = Image[ConstantArray[0, {4, 5}]]; " + text, expected, same=close_printed)


def test_filters_keep_the_mean_of_constant_regions_and_data_lists():
    check("ImageData[Blur[Image[ConstantArray[0.5, {5, 5}]], 2]][[3, 3]]", "0.5",
          same=close_printed)
    r = run("GaussianFilter[{0., 0., 0., 1., 0., 0., 0.}, 2]")
    values = np.array([a.value for a in r.value.args])
    assert values.sum() == pytest.approx(1.0, abs=1e-6)
    assert values.argmax() == 3 and values[2] == pytest.approx(values[4])


def test_filters_take_a_padding():
    """Padding -> "Fixed" (the default: the edge repeated), "Periodic", "Reflected" (mirrored
    about the edge), "Reversed" (the edge repeated, then mirrored), a value, or for an image
    a colour: what the filters read beyond the edges."""
    check("ImageConvolve[{0, 0, 1}, {1, 1, 1}]", "{0., 1., 2.}")
    check('ImageConvolve[{0, 0, 1}, {1, 1, 1}, Padding -> "Periodic"]', "{1., 1., 1.}")
    check('MeanFilter[{3, 0, 0}, 1, Padding -> "Reversed"]', "{2., 1., 0.}")
    check('MeanFilter[{3, 0, 0}, 1, Padding -> "Reflected"]', "{1., 1., 0.}")
    check("MedianFilter[{1, 9, 2}, 1, Padding -> 100]", "{9., 2., 9.}")
    check("MeanFilter[{3, 0, 0}, 1, Padding -> 0.5] == {7/6, 1, 1/6}", "True")
    check("Head /@ MeanFilter[{3, 0, 0}, 1, Padding -> 0.5]", "{Real, Real, Real}")
    check("ImageCorrelate[{1, 1}, {1, 1, 1}, Padding -> 0]", "{2., 2.}")
    r = run("GaussianFilter[{1, 1, 1}, 1, Padding -> 0]")
    assert r.value.args[0].value < 1 and r.value.args[1].value == pytest.approx(1.0)
    check("ImageData[Blur[Image[ConstantArray[0.5, {3, 3}]], 1, Padding -> 0]][[1, 1]]",
          "0.3", same=close_printed)
    r = run("ImageData[ImageConvolve[Image[ConstantArray[{0.5, 0.5, 0.5}, {3, 3}]], "
            "GaussianMatrix[1], Padding -> Yellow]][[1, 1]]")
    red, green, blue = (a.value for a in r.value.args)
    assert red == pytest.approx(green) and red > 0.5 > blue
    assert run('Blur[Image[{{0.5}}], 1, Padding -> "Mirror"]').tags == ["Blur::padding"]
    assert run('MeanFilter[{1, 2}, 1, Padding -> x]').tags == ["MeanFilter::padding"]


def test_morphology_and_binarize():
    check("ImageData[Dilation[Image[{{0, 1, 0, 0}}], 1]]", "{{1., 1., 1., 0.}}",
          same=close_printed)
    check("ImageData[Erosion[Image[{{1, 1, 1, 0}}], 1]]", "{{1., 1., 0., 0.}}",
          same=close_printed)
    # a "Bit" image: its data are the integers 0 and 1, as in WL
    check("ImageData[Binarize[Image[{{0.1, 0.15, 0.85, 0.9}}]]]", "{{0, 0, 1, 1}}")


def test_alpha_and_compose():
    check("ImageData[RemoveAlphaChannel[Image[{{{0., 0.5}}}]]]", "{{0.5}}", same=close_printed)
    check("ImageChannels[SetAlphaChannel[Image[{{0.5, 0.2}}]]]", "2")
    check("ImageData[ImageCompose[Image[{{0, 0, 0}}], SetAlphaChannel[Image[{{1}}], 0.5]]]",
          "{{0., 0.5, 0.}}", same=close_printed)
    check("ImageData[ImageCompose[Image[{{0, 0, 0}}], {Image[{{1}}], 0.25}]]",
          "{{0., 0.25, 0.}}", same=close_printed)
    check("ImageData[ImageCompose[Image[{{0, 0, 0}}], {SetAlphaChannel[Image[{{1}}], 0.5], "
          "0.5}]]", "{{0., 0.25, 0.}}", same=close_printed)
    check("ImageData[ImageCompose[Image[ConstantArray[0, {2, 3}]], Image[{{1, 1}, {1, 1}}], "
          "{0, 2}]]", "{{1., 0., 0.}, {0., 0., 0.}}", same=close_printed)
    assert run("ImageCompose[Image[{{0}}], {Image[{{1}}], 2}]").tags == ["ImageCompose::opacity"]


def test_bad_arguments_give_messages():
    assert run("ImageRotate[5]").tags == ["ImageRotate::imginv"]
    assert run("ImagePad[Image[{{0}}], x]").tags == ["ImagePad::arg"]
    assert run("ImageAdd[Image[{{0}}], {1, 2}]").tags == ["ImageAdd::operand"]
    assert run("ImageMultiply[Image[{{0}}], x]").tags == ["ImageMultiply::operand"]
    assert run("Dilation[{0, 1, 0}, {{1, 1}, {1, 1}}]").tags == ["Dilation::arg"]
    assert run("Erosion[{{{0}}}, 1]").tags == ["Erosion::imginv"]


@pytest.mark.parametrize("text, expected", [
    ("Dilation[{0, 0, 1, 0, 0}, 1]", "{0, 1, 1, 1, 0}"),
    ("Erosion[{1, 1, 0, 1, 1, 1}, 1]", "{1, 0, 0, 0, 1, 1}"),
    ("Dilation[{{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}, CrossMatrix[1]]",
     "{{0, 1, 0}, {1, 1, 1}, {0, 1, 0}}"),
    ("Opening[{{1, 1, 0}, {1, 1, 0}, {0, 0, 1}}, 1]", "{{1, 1, 0}, {1, 1, 0}, {0, 0, 0}}"),
    ("Dilation[{0.5, 0., 0.}, 1]", "{0.5, 0.5, 0.}"),
])
def test_morphology_of_numeric_data(text, expected):
    check(text, expected)


@pytest.mark.parametrize("text, expected", [
    # the bright detail smaller than the element, and the dark one
    ("ImageData[TopHatTransform[Image[{{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}], 1]]",
     "{{0., 0., 0.}, {0., 1., 0.}, {0., 0., 0.}}"),
    ("ImageData[BottomHatTransform[Image[{{1, 1, 1}, {1, 0, 1}, {1, 1, 1}}], 1]]",
     "{{0., 0., 0.}, {0., 1., 0.}, {0., 0., 0.}}"),
    ("BottomHatTransform[{1, 1, 0, 1, 1}, 1]", "{0., 0., 1., 0., 0.}"),
    ("TopHatTransform[{1, 1, 0, 1, 1}, 1]", "{0., 0., 0., 0., 0.}"),
])
def test_hat_transforms(text, expected):
    check(text, expected, same=close_printed)


@pytest.mark.parametrize("text, expected", [
    # the largest rectangle of the image's own pixels only (no background corner)
    ('ImageDimensions[ImageRotate[i, 30 Degree, "MaxAreaCropping"]]', "{99, 56}"),
    ('ImageDimensions[ImageRotate[i, 30 Degree, "SameRatioCropping"]]', "{106, 52}"),
    ('ImageDimensions[ImageRotate[i, 90 Degree, "MaxAreaCropping"]]', "{100, 200}"),
    ('Min[ImageData[ImageRotate[i, 30 Degree, "MaxAreaCropping"]]]', "0.5"),
    ('Min[ImageData[ImageRotate[i, 20 Degree, "SameRatioCropping"]]]', "0.5"),
    ('Min[ImageData[ImageRotate[i, 50 Degree, "MaxAreaCropping"]]]', "0.5"),
    ('Min[ImageData[ImageRotate[i, 70 Degree, "SameRatioCropping"]]]', "0.5"),
])
def test_rotation_cropped_to_the_images_own_pixels(text, expected):
    check("i = Image[ConstantArray[0.5, {100, 200}]]; " + text, expected)


@pytest.mark.parametrize("text, expected", [
    # a colour or a list of channel values; a grey image times a colour becomes RGB
    ("ImageData[ImageMultiply[Image[{{{1, 1, 1}}}], RGBColor[1, 0.5, 0]]]",
     "{{{1., 0.5, 0.}}}"),
    ("ImageData[ImageAdd[Image[{{{0, 0, 0}}}], Red]]", "{{{1., 0., 0.}}}"),
    ("ImageData[ImageMultiply[Image[{{0.5}}], RGBColor[1, 0.5, 0]]]", "{{{0.5, 0.25, 0.}}}"),
    ('ImageColorSpace[ImageMultiply[Image[{{0.5}}], Orange]]', '"RGB"'),
    ("ImageData[ImageMultiply[Image[{{0.5}}], GrayLevel[0.5]]]", "{{0.25}}"),
    ("ImageData[ImageAdd[Image[{{{0, 0, 0}}}], {0.1, 0.2, 0.3}]]", "{{{0.1, 0.2, 0.3}}}"),
    # alpha left as it is
    ("ImageData[ImageMultiply[Image[{{{1, 1, 1, 0.5}}}], Blue]]", "{{{0., 0., 1., 0.5}}}"),
    # folded over the arguments, also given as one list
    ("ImageData[ImageAdd[{Image[{{0.1}}], 0.1, 0.2}]]", "{{0.4}}"),
    # an image of other dimensions at the centre of the first
    ("ImageData[ImageAdd[Image[ConstantArray[0., {3, 3}]], Image[{{1.}}]]]",
     "{{0., 0., 0.}, {0., 1., 0.}, {0., 0., 0.}}"),
    ("ImageData[ImageMultiply[Image[ConstantArray[0.5, {1, 3}]], Image[{{0.}}]]]",
     "{{0.5, 0., 0.5}}"),
    ("ImageData[ImageAdd[Image[ConstantArray[0., {1, 2}]], Image[{{1., 0.5, 0.25, 0.1}}]]]",
     "{{0.5, 0.25}}"),
    # binary images: Add is Or
    ('ImageData[ImageAdd[Image[{{0, 1, 0}}, "Bit"], Image[{{1, 1, 0}}, "Bit"]]]',
     "{{1, 1, 0}}"),
    # two images give the larger of their types (a number keeps the image's)
    ('ImageType[ImageAdd[Image[{{0, 1}}, "Bit"], Image[{{0.25, 0.5}}]]]', '"Real32"'),
    ('ImageData[ImageAdd[Image[{{0, 1}}, "Bit"], Image[{{0.25, 0.5}}]]]', "{{0.25, 1.5}}"),
    ('ImageType[ImageMultiply[Image[{{0.25, 0.5}}], Image[{{0, 1}}, "Bit"]]]', '"Real32"'),
    ('ImageType[ImageSubtract[Image[{{0, 1}}, "Bit"], Image[{{9, 8}}, "Byte"]]]', '"Byte"'),
    ('ImageType[ImageAdd[Image[{{9, 8}}, "Byte"], 0.5]]', '"Byte"'),
])
def test_pixel_arithmetic_forms(text, expected):
    check(text, expected, same=close_printed)


# ---------------------------------------------------------------------------- documented forms

def _data(code):
    from wlnet.core.expr import to_python
    from wlnet.core.session import Session
    session = Session(echo=False)
    session.evaluate("m = Image[{{0.1, 0.2}, {0.3, 0.4}}]")
    result = session.evaluate(f"ImageData[{code}]")
    assert not session.messages, session.messages
    return np.round(np.array(to_python(result)), 6).tolist()


def test_image_reflect_across_the_diagonals():
    assert _data("ImageReflect[m, Top -> Left]") == [[0.1, 0.3], [0.2, 0.4]]      # transpose
    assert _data("ImageReflect[m, Bottom -> Right]") == [[0.1, 0.3], [0.2, 0.4]]
    assert _data("ImageReflect[m, Top -> Right]") == [[0.4, 0.2], [0.3, 0.1]]
    assert _data("ImageReflect[m, Left -> Bottom]") == [[0.4, 0.2], [0.3, 0.1]]
    assert _data("ImageReflect[m, Bottom]") == [[0.3, 0.4], [0.1, 0.2]]
    assert _data("ImageReflect[m, Left -> Left]") == [[0.1, 0.2], [0.3, 0.4]]


def test_image_rotate_to_a_side_and_to_a_size():
    assert _data("ImageRotate[m, Right]") == [[0.3, 0.1], [0.4, 0.2]]          # clockwise
    assert _data("ImageRotate[m, Left]") == _data("ImageRotate[m]")
    assert _data("ImageRotate[m, Bottom]") == [[0.4, 0.3], [0.2, 0.1]]
    assert _data("ImageRotate[m, Left -> Top]") == _data("ImageRotate[m, Right]")
    from wlnet.core.session import Session
    session = Session(echo=False)
    session.evaluate("img = Image[RandomReal[1, {10, 20}]]")
    size = lambda code: session.evaluate(f"ImageDimensions[{code}]")
    assert str(size("ImageRotate[img, 30 Degree]")) != str(size("img"))       # enlarged
    assert str(size("ImageRotate[img, 30 Degree, Full]")) == str(size("img"))
    assert str(size("ImageRotate[img, 30 Degree, {12, 6}]")) == str(size("Image[RandomReal[1, {6, 12}]]"))
    assert not session.messages


def test_image_pad_methods_and_colours():
    row = lambda method: _data(f'ImagePad[Image[{{{{0.1, 0.2, 0.3}}}}], {{{{1, 1}}, {{0, 0}}}}, "{method}"]')[0]
    assert row("Reflected") == [0.2, 0.1, 0.2, 0.3, 0.2]          # about the edge pixel
    assert row("Reversed") == [0.1, 0.1, 0.2, 0.3, 0.3]           # the edge pixel repeated
    assert row("Fixed") == [0.1, 0.1, 0.2, 0.3, 0.3]
    assert row("Periodic") == [0.3, 0.1, 0.2, 0.3, 0.1]
    coloured = _data("ImagePad[m, 1, Red]")
    assert coloured[0][0] == [1, 0, 0] and coloured[1][1] == [0.1, 0.1, 0.1]      # now RGB
    assert _data("ImagePad[ImagePad[m, 2], -2]") == [[0.1, 0.2], [0.3, 0.4]]


def test_thumbnail_of_a_graphic_image_take_up_to_and_assemble_fitting():
    from wlnet.core.expr import to_python
    from wlnet.core.session import Session
    session = Session(echo=False)
    dims = lambda code: to_python(session.evaluate(f"ImageDimensions[{code}]"))
    assert max(dims("Thumbnail[Plot[x, {x, 0, 1}]]")) == 150
    assert dims("Thumbnail[Image[RandomReal[1, {400, 300}]], Tiny]") == [75, 100]
    assert dims("ImageTake[Image[RandomReal[1, {7, 5}]], UpTo[10], UpTo[3]]") == [3, 7]
    session.evaluate("a = Image[ConstantArray[0.2, {10, 10}]]; b = Image[ConstantArray[0.8, {5, 20}]]")
    assert dims('ImageAssemble[{{a}, {b}}, "Stretch"]') == [20, 15]
    fitted = session.evaluate('ImageData[ImageAssemble[{{a}, {b}}, "Fit"]]')
    rows = np.array(to_python(fitted))
    assert rows.shape == (15, 20) and np.allclose(rows[:10, 5:15], 0.2) and np.allclose(rows[:10, :5], 0)
    assert dims('ImageCollage[{a, b}, "Fit", 100]')[0] == 100
    assert dims("ImageCollage[{a, b}, ImagePadding -> 5]")[0] == dims("ImageCollage[{a, b}]")[0] + 10
    assert not session.messages


def test_arithmetic_on_images_gives_a_real_image_of_the_values():
    # a dithering classifier's preprocessing: an image minus itself shifted by a pixel
    check("ImageData[Image[{{0.5, 0.25}}] - Image[{{0.25, 0.5}}]]", "{{0.25, -0.25}}")
    check("ImageData[2 Image[{{0.25, 0.5}}] + 0.125]", "{{0.625, 1.125}}")
    check("ImageType[Image[{{10, 20}}, \"Byte\"] - Image[{{30, 5}}, \"Byte\"]]", '"Real32"')
    # a one-channel image is subtracted from each channel of a colour image
    check("ImageData[Image[{{{0.5, 0.75, 1.}}}] - Image[{{0.5}}]]", "{{{0., 0.25, 0.5}}}")
    check("Sort[{Image[{{1.}}], Image[{{0.}}]}] === Sort[{Image[{{0.}}], Image[{{1.}}]}]", "True")


def test_image_transformation_samples_the_image_at_f_of_each_position():
    # DeepDream jitters the image: ImageTransformation[img, # + shift &, DataRange -> Full]
    check("ImageData[ImageTransformation[Image[{{1., 2., 3.}}], # + {1, 0} &, DataRange -> Full]]",
          "{{2., 3., 0.}}")
    # y counts up from the bottom row
    check("ImageData[ImageTransformation[Image[{{1., 2.}, {3., 4.}}], # + {0, 1} &, "
          "DataRange -> Full]]", "{{0., 0.}, {1., 2.}}")
    # the default coordinates run from 0 to 1 across; a mirror image
    check("ImageData[ImageTransformation[Image[{{1., 2., 3., 4.}}], {1 - #[[1]], #[[2]]} &]]",
          "{{4., 3., 2., 1.}}")
    check('ImageData[ImageTransformation[Image[{{1., 2., 3.}}], # + {1, 0} &, DataRange -> Full, '
          'Padding -> "Fixed"]]', "{{2., 3., 3.}}")
    # half a pixel: the linear mean of two neighbours; a function taking points one by one
    check("ImageData[ImageTransformation[Image[{{0., 1.}}], {If[#[[1]] > 1, 1.5, 0.5], #[[2]]} &, "
          "DataRange -> Full]]", "{{0., 1.}}")


@pytest.mark.parametrize("operation", [
    "ColorNegate[i]", "ImageRotate[i, 0.3]", "ImageReflect[i]", "ImagePad[i, 1]",
    "ImageCrop[i, {4, 4}]", "ImageTake[i, 2]", "ImageResize[i, 4]", "Blur[i]",
    "GaussianFilter[i, 1]", "Sharpen[i]", "Dilation[i, 1]", "Closing[i, 1]",
    "ImageAdjust[i]", 'ColorConvert[i, "Grayscale"]', "Binarize[i]", "ImageAdd[i, 0.1]",
    "ImageMultiply[i, 2]", "ImageApply[#^2 &, i]", "ImageCompose[i, g]", "EdgeDetect[i]",
    "MedianFilter[i, 1]", "ImageConvolve[i, {{1}}]", "GradientFilter[i, 1]",
    'ImageEffect[i, "Posterization"]', "SetAlphaChannel[i]", "ImageTransformation[i, # &]",
    "ImageTrim[i, {{1, 1}, {4, 4}}]", "DeleteSmallComponents[g]", "i + 0.1", "2 i",
])
def test_operations_keep_the_display_options_of_their_image(operation):
    """As WL's image operations do, the result is shown as the image it came from was
    (ImageSize -> 77 carried through)."""
    check("i = Image[Table[Mod[x y, 7] / 7., {x, 6}, {y, 8}, {3}], ImageSize -> 77]; "
          "g = Image[Table[Mod[x + y, 2], {x, 6}, {y, 8}], ImageSize -> 55]; "
          f"Options[{operation}, ImageSize]", "{ImageSize -> 77}" if "[g]" not in operation
          else "{ImageSize -> 55}")



def test_morphology_takes_a_padding():
    check("Erosion[{1, 1, 1}, 1, Padding -> 0]", "{0, 1, 0}")
    check("Erosion[{1, 1, 1}, 1]", "{1, 1, 1}")
    check('ImageData[Erosion[Image[ConstantArray[1, {3, 3}]], 1, Padding -> 0]]',
          "{{0., 0., 0.}, {0., 1., 0.}, {0., 0., 0.}}")
    check('ImageData[Dilation[Image[{{0, 0}, {0, 0}}], 1, Padding -> 1]]',
          "{{1., 1.}, {1., 1.}}")
    assert run('Erosion[{1, 1}, 1, Padding -> "Foo"]').tags == ["Erosion::padding"]


@pytest.mark.parametrize("text, expected", [
    ("ImageData[ImageTake[m, {1, -1, 2}]]", "{{0.1, 0.2, 0.3}, {0.7, 0.8, 0.9}}"),
    # a negative step runs backwards: the rows upside down, as ImageReflect gives them
    ("ImageData[ImageTake[m, {-1, 1, -1}]] == ImageData[ImageReflect[m]]", "True"),
    ("ImageData[ImageTake[m, {2}, {3, 1, -2}]]", "{{0.6, 0.4}}"),
    ("ImageData[ImageTake[m, {-1}]]", "{{0.7, 0.8, 0.9}}"),
    # a range reaching past the image gives the rows that are present
    ("ImageData[ImageTake[m, {2, 10}, {-10, 1}]]", "{{0.4}, {0.7}}"),
])
def test_image_take_single_rows_and_steps(text, expected):
    check("m = Image[{{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}, {0.7, 0.8, 0.9}}]; " + text, expected,
          same=close_printed)


def test_image_take_of_a_row_that_is_not_there_is_a_message():
    assert run("ImageTake[Image[{{0.1}, {0.2}}], {3}]").tags == ["ImageTake::arg"]
    assert run("ImageTake[Image[{{0.1}, {0.2}}], {1, 2, 0}]").tags == ["ImageTake::arg"]


def test_morphology_of_3d_images():
    from scipy import ndimage
    setup = 'SeedRandom[6]; v = Image3D[RandomReal[1, {4, 5, 6}], "Real64"]; '
    values = _reals(setup + "ImageData[v]")
    for name, operation in [("Dilation", ndimage.grey_dilation),
                            ("Erosion", ndimage.grey_erosion),
                            ("Opening", ndimage.grey_opening),
                            ("Closing", ndimage.grey_closing)]:
        got = _reals(setup + f"ImageData[{name}[v, 1]]")
        assert np.allclose(got, operation(values, footprint=np.ones((3, 3, 3)), mode="nearest"))
    # a 3D structuring element; a matrix is not one for a 3D image
    cross = _reals(setup + "ImageData[Dilation[v, CrossMatrix[{1, 1, 1}]]]")
    footprint = np.zeros((3, 3, 3), bool)
    footprint[1, 1, :] = footprint[1, :, 1] = footprint[:, 1, 1] = True
    assert np.allclose(cross, ndimage.grey_dilation(values, footprint=footprint, mode="nearest"))
    assert run(setup + "Dilation[v, {{1, 1}, {1, 1}}]").tags == ["Dilation::arg"]


def test_gaussian_filter_forms():
    from wlnet.core.expr import to_python
    value = lambda code: np.asarray(to_python(run(code).value), dtype=float)
    # the default is the discrete ("Bessel") Gaussian of GaussianMatrix
    spike = "{0, 0, 0, 0, 1, 0, 0, 0, 0}"
    assert np.allclose(value(f"GaussianFilter[N[{spike}], 2]")[2:7],
                       value("N[GaussianMatrix[{{2}, 1}]]"))
    assert not np.allclose(value(f"GaussianFilter[N[{spike}], 2, Method -> \"Gaussian\"]"),
                           value(f"GaussianFilter[N[{spike}], 2]"))
    # a radius per level: {{0, r}} smooths along the rows only
    rows = value("GaussianFilter[N[{{0, 0, 1, 0, 0}, {0, 0, 0, 0, 0}}], {{0, 1}}]")
    assert np.allclose(rows[1], 0) and np.isclose(rows[0].sum(), 1)
    # derivatives: exact on polynomials of their degree away from the edges
    for order, data in [(1, "Range[14]"), (2, "Range[14]^2/2"), (3, "Range[14]^3/6")]:
        d = value(f"GaussianFilter[N[{data}], 3, {{{order}}}]")
        assert np.allclose(d[4:-4], 1.0), order
    assert run('ImageType[GaussianFilter[Image[{{0, 255, 0}}, "Byte"], 1, {0, 1}]]'
               ).value.value == "Real32"
    # Padding -> None; 3D images
    assert to_python(run("ImageDimensions[GaussianFilter[Image[ConstantArray[0.5, {9, 12}]], 2, "
                         "Padding -> None]]").value) == [8, 5]
    assert to_python(run("ImageDimensions[GaussianFilter[Image3D[ConstantArray[0.5, {4, 5, 6}]],"
                         " 1]]").value) == [6, 5, 4]
    assert run("GaussianFilter[Range[5], 1, {1, 0}]").tags == ["GaussianFilter::arg"]


@pytest.mark.parametrize("position, expected", [
    ("{Left, Center}", "{{1., 1., 0., 0.}}"),           # the overlay's left side at the left
    ("{Right, Bottom}", "{{0., 0., 1., 1.}}"),
    ("Scaled[{0.25, 0.5}]", "{{1., 1., 0., 0.}}"),      # its centre a quarter in
    ("{4, 0.5}, {2, 0.5}", "{{0., 0., 1., 1.}}"),       # its point {2, 0.5} at {4, 0.5}
    ("{0, 0.5}, {Left, Bottom}", "{{1., 1., 0., 0.}}"),
])
def test_image_compose_positions(position, expected):
    check(f"ImageData[ImageCompose[Image[{{{{0, 0, 0, 0}}}}], Image[{{{{1, 1}}}}], {position}]]",
          expected, same=close_printed)
    assert run("ImageCompose[Image[{{0}}], Image[{{1}}], x]").tags == ["ImageCompose::arg"]


def test_negation_and_sharpening_of_3d_images():
    from wlnet.core.expr import to_python
    assert to_python(run("ImageData[ColorNegate[Image3D[{{{0.25, 1.}}}]]]").value) == \
        [[[0.75, 0.0]]]
    assert run('ImageType[ColorNegate[Image3D[{{{0, 255}}}, "Byte"]]]').value.value == "Byte"
    sharp = run("Sharpen[Image3D[ConstantArray[0.5, {3, 4, 5}]], 1]").value
    assert type(sharp).__name__ == "Image3D" and np.allclose(sharp.reals(), 0.5)
