"""Image functions of wlnet/builtins/image_analysis.py: channels, conforming, trimming,
filters (checked against direct numpy computations), values at positions, measurements,
and messages for bad input."""

import numpy as np
import pytest

from tests.builtins._support import (Runner, check, check_example, close_printed, close_to,
                                     declared_examples)
from wlnet.core.expr import to_python
from wlnet.core.image import Image


def _run(text):
    r = Runner()
    value = r.run(text)
    return value, r.messages


def test_color_separate_and_combine_are_inverse():
    check("i = Image[RandomReal[1, {4, 5, 3}]]; c = ColorSeparate[i]; "
          "{Length[c], ImageChannels /@ c, ColorCombine[c] == i}", "{3, {1, 1, 1}, True}")
    check("i = Image[RandomReal[1, {4, 5, 4}]]; "
          "{Length[ColorSeparate[i]], ImageChannels[ColorCombine[ColorSeparate[i]]]}", "{4, 4}")
    check("ImageColorSpace[ColorCombine[ColorSeparate[Image[RandomReal[1, {3, 3, 3}]], "
          "\"HSB\"], \"HSB\"]]", "\"HSB\"")


def test_color_separate_values_are_the_channels():
    value, messages = _run("ImageData /@ ColorSeparate[Image[{{{0.25, 0.5, 0.75}}}]]")
    assert not messages
    got = [[[x.value for x in row.args] for row in plane.args] for plane in value.args]
    assert got == [[[0.25]], [[0.5]], [[0.75]]]


@pytest.mark.parametrize("text, expected", [
    # long names are the short ones; "V" and "Brightness" are HSB's third channel
    ('ImageData[ColorSeparate[c, "Hue"]] == ImageData[ColorSeparate[c, "H"]]', "True"),
    ('ImageData[ColorSeparate[c, "Brightness"]]', "{{0.3, 0.6}}"),
    ('ImageData[ColorSeparate[c, "V"]]', "{{0.3, 0.6}}"),
    ('ImageData[ColorSeparate[c, "Gray"]] == ImageData[ColorConvert[c, "Grayscale"]]', "True"),
    ('ImageData[ColorSeparate[c, "Intensity"]] == ImageData[ColorSeparate[c, "I"]]', "True"),
    ('ImageData[ColorSeparate[c, "Average"]]', "{{0.2, 0.5}}"),
    # alpha: the image's own, or opaque where it has none
    ('ImageData[ColorSeparate[c, "A"]]', "{{1., 1.}}"),
    ('ImageData[ColorSeparate[Image[{{{0.1, 0.2, 0.3, 0.7}}}], "Alpha"]]', "{{0.7}}"),
    ('ImageData /@ ColorSeparate[c, "RGBA"]',
     "{{{0.1, 0.4}}, {{0.2, 0.5}}, {{0.3, 0.6}}, {{1., 1.}}}"),
    ('ImageData /@ ColorSeparate[c, {"Red", "Blue"}]', "{{{0.1, 0.4}}, {{0.3, 0.6}}}"),
    ("Length[ColorSeparate[c, Automatic]]", "3"),
])
def test_color_separate_channel_names(text, expected):
    check("c = Image[{{{0.1, 0.2, 0.3}, {0.4, 0.5, 0.6}}}]; " + text, expected,
          same=close_printed)


def test_image_aspect_ratio():
    check("ImageAspectRatio[Image[RandomReal[1, {3, 6}]]]", "1/2", evaluate_expected=True)


def test_conform_images_default_size_is_the_median_width_and_aspect_ratio():
    check("ImageDimensions /@ ConformImages[{Image[RandomReal[1, {4, 8}]], "
          "Image[RandomReal[1, {6, 6, 3}]], Image[RandomReal[1, {10, 10}]]}]",
          "{{8, 8}, {8, 8}, {8, 8}}")
    check("{ImageChannels[#], ImageDimensions[#]} & /@ ConformImages[{Image[RandomReal[1, "
          "{4, 8}]], Image[RandomReal[1, {6, 6, 3}]]}, {5, 5}, \"Pad\"]",
          "{{3, {5, 5}}, {3, {5, 5}}}")
    check("ImageType /@ ConformImages[{Image[RandomInteger[255, {4, 8}], \"Byte\"], "
          "Image[RandomReal[1, {6, 6, 3}]]}, \"Byte\"]", "{\"Byte\", \"Byte\"}")
    check("ImageDimensions /@ ConformImages[{Image[RandomReal[1, {4, 8}]], "
          "Image[RandomReal[1, {6, 6}]]}, 12, \"Fit\"]", "{{12, 9}, {12, 9}}")


def test_conform_images_pad_keeps_pixels_unresampled():
    value, _ = _run("ImageData[First[ConformImages[{Image[{{0.5}}]}, {3, 3}, \"Pad\"]]]")
    got = np.array([[x.value for x in row.args] for row in value.args])
    assert got[1, 1] == 0.5 and got.sum() == 0.5


def test_image_trim_uses_image_coordinates():
    check("ImageDimensions[ImageTrim[Image[RandomReal[1, {10, 20}]], {{2, 3}, {8, 7}}]]",
          "{6, 4}")
    # the bottom-left 2x2 corner of a 4x4 ramp (rows count from the top in ImageData)
    check("ImageData[ImageTrim[Image[Partition[Range[16]/16., 4]], {{0, 0}, {2, 2}}]]",
          "{{0.5625, 0.625}, {0.8125, 0.875}}", same=close_to(1e-6))


def test_image_trim_of_regions():
    # a Rectangle is its corners; a list of regions gives a list of parts (face boxes)
    check("ImageData[ImageTrim[Image[Partition[Range[16]/16., 4]], Rectangle[{0, 0}, {2, 2}]]]",
          "{{0.5625, 0.625}, {0.8125, 0.875}}", same=close_to(1e-6))
    check("ImageDimensions /@ ImageTrim[Image[RandomReal[1, {10, 20}]], "
          "{Rectangle[{0, 0}, {4, 5}], Rectangle[{1, 1}], {{2, 3}, {8, 7}}}]",
          "{{4, 5}, {1, 1}, {6, 4}}")
    check("ImageDimensions /@ ImageTrim[Image[RandomReal[1, {10, 20}]], "
          "{Rectangle[{2, 2}, {6, 8}]}, 1]", "{{6, 8}}")


def _convolve_direct(image, kernel, flip):
    if flip:
        kernel = kernel[::-1, ::-1]
    kh, kw = kernel.shape
    padded = np.pad(image, ((kh // 2, kh // 2), (kw // 2, kw // 2)), mode="edge")
    out = np.zeros_like(image)
    for i in range(image.shape[0]):
        for j in range(image.shape[1]):
            out[i, j] = (padded[i:i + kh, j:j + kw] * kernel).sum()
    return out


@pytest.mark.parametrize("head, flip", [("ImageConvolve", True), ("ImageCorrelate", False)])
def test_convolution_and_correlation_against_direct_sums(head, flip):
    rng = np.random.default_rng(3)
    data = rng.random((6, 7))
    kernel = rng.random((3, 3))
    r = Runner()
    r.run(f"d = {_wl(data)}; k = {_wl(kernel)};")
    value = r.run(f"{head}[d, k]")
    got = np.array([[x.value for x in row.args] for row in value.args])
    assert np.allclose(got, _convolve_direct(data, kernel, flip), atol=1e-12)
    image = r.run(f"ImageData[{head}[Image[d], k]]")
    got = np.array([[x.value for x in row.args] for row in image.args])
    assert np.allclose(got, _convolve_direct(data.astype(np.float32), kernel, flip), atol=1e-5)


def _wl(arr):
    return "{" + ", ".join("{" + ", ".join(repr(float(v)) for v in row) + "}" for row in arr) + "}"


@pytest.mark.parametrize("text, expected", [
    ("ImageConvolve[{0, 0, 1, 0, 0}, {1, 2, 3}]", "{0., 1., 2., 3., 0.}"),
    ("ImageCorrelate[{0, 0, 1, 0, 0}, {1, 2, 3}]", "{0., 3., 2., 1., 0.}"),
    # integer data give exact results (the mean an integer sum over the window's size)
    ("MeanFilter[{0, 0, 3, 0, 0}, 1]", "{0, 1, 1, 1, 0}"),
    ("MeanFilter[{0, 0, 2, 0, 0}, 1] === {0, 2/3, 2/3, 2/3, 0}", "True"),
    ("MeanFilter[{0., 0., 3., 0., 0.}, 1]", "{0., 1., 1., 1., 0.}"),
    # smaller blocks at the edges: the median of two values is their mean
    ("MedianFilter[{1, 9, 2, 8, 3}, 1] === {5, 2, 8, 3, 11/2}", "True"),
    ("Length[LaplacianGaussianFilter[{0, 0, 1, 0, 0}, 1]]", "5"),
])
def test_filters_on_numeric_data(text, expected):
    check(text, expected)


def test_gradient_filter_peaks_at_the_step():
    value, _ = _run("GradientFilter[{0, 0, 0, 1, 1, 1}, 1]")
    got = [x.value for x in value.args]
    assert got[2] == got[3] == max(got) and got[0] == got[-1] == 0


def test_edge_detect_finds_a_step_edge_and_nothing_in_a_flat_image():
    value, messages = _run("ImageData[EdgeDetect[Image[Join[ConstantArray[0, {6, 10}], "
                           "ConstantArray[1, {6, 10}]]]]]")
    edges = np.array([[x.value for x in row.args] for row in value.args])
    assert not messages
    rows = np.nonzero(edges.any(axis=1))[0]
    assert set(rows) <= {5, 6} and edges[rows].all(axis=1).any()
    check("Total[Flatten[ImageData[EdgeDetect[Image[ConstantArray[0.5, {5, 5}]]]]]]", "0")
    check("ImageType[EdgeDetect[Image[ConstantArray[0.5, {5, 5}]]]]", '"Bit"')   # binary


def test_pixel_value_and_image_value_use_image_coordinates():
    check("PixelValue[Image[{{0.1, 0.2}, {0.3, 0.4}}], {{1, 1}, {2, 1}, {1, 2}}]",
          "{0.3, 0.4, 0.1}", same=close_to(1e-6))
    check("PixelValue[Image[{{{0.1, 0.2, 0.3}}}], {1, 1}]", "{0.1, 0.2, 0.3}",
          same=close_to(1e-6))
    check("ImageValue[Image[{{0., 1.}}], {{0.5, 0.5}, {1., 0.5}, {1.5, 0.5}}]",
          "{0., 0.5, 1.}", same=close_to(1e-12))


def test_image_clip_difference_measurements():
    check("ImageData[ImageClip[Image[{{-1., 0.5, 2.}}]]]", "{{0., 0.5, 1.}}")
    check("ImageData[ImageClip[Image[{{0.1, 0.5, 0.9}}], {0.2, 0.8}, {0., 1.}]]",
          "{{0., 0.5, 1.}}")
    check("ImageData[ImageDifference[Image[{{0.25, 1.}}], Image[{{0.75, 0.5}}]]]",
          "{{0.5, 0.5}}")
    # the larger of the two types; of binary images, their exclusive or
    check('ImageType[ImageDifference[Image[{{10, 20}}, "Byte"], Image[{{0.25, 0.5}}]]]',
          '"Real32"')
    check('ImageData[ImageDifference[Image[{{0, 1}}, "Bit"], Image[{{1, 1}}, "Bit"]]]',
          "{{1, 0}}")
    rng = np.random.default_rng(5)
    data = rng.random((4, 5, 3)).astype(np.float32).astype(float)
    r = Runner()
    r.run(f"i = Image[{{{', '.join(_wl(row) for row in data)}}}];")
    mean = r.run('ImageMeasurements[i, "Mean"]')
    assert np.allclose([x.value for x in mean.args], data.reshape(-1, 3).mean(axis=0))
    sd = r.run('ImageMeasurements[i, "StandardDeviation"]')
    assert np.allclose([x.value for x in sd.args], data.reshape(-1, 3).std(axis=0, ddof=1))
    check('ImageMeasurements[Image[{{0., 1.}}], {"Dimensions", "Max", "MeanIntensity"}]',
          "{{2, 1}, 1., 0.5}")


def test_dominant_colors_most_frequent_first():
    check("DominantColors[Image[Join[ConstantArray[{0, 0, 1}, {2, 8}], "
          "ConstantArray[{1, 0, 0}, {4, 8}]]]]",
          "{RGBColor[1., 0., 0.], RGBColor[0., 0., 1.]}", same=close_to(1e-9))


@pytest.mark.parametrize("text, messages", [
    ("ColorSeparate[3]", ["ColorSeparate::imginv"]),
    ("ColorSeparate[Image[{{0.}}], \"Foo\"]", ["ColorSeparate::arg"]),
    ("ColorCombine[{1, 2}]", ["ColorCombine::imglist"]),
    ("ColorCombine[{Image[{{0.}}], Image[{{0., 1.}}]}]", ["ColorCombine::imgmerge"]),
    ("ConformImages[{Image[{{0.}}]}, \"foo\"]", ["ConformImages::arg"]),
    ("ConformImages[{Image[{{0.}}]}, {2, 2}, \"Squash\"]", ["ConformImages::arg"]),
    ("ImageConvolve[Image[{{0.}}], {{a}}]", ["ImageConvolve::kernel"]),
    ("ImageTrim[Image[{{0.}}], x]", ["ImageTrim::arg"]),
    ("ImageTrim[Image[{{0.}}], {Rectangle[{0, 0}, {1, 1}], x}]", ["ImageTrim::arg"]),
    ("PixelValue[Image[{{0.}}], {1}]", ["PixelValue::arg"]),
    ("ImageMeasurements[Image[{{0.}}], \"Foo\"]", ["ImageMeasurements::prop"]),
    ("EdgeDetect[Image[{{0.}}], 1, x]", ["EdgeDetect::arg"]),
    ("DominantColors[Image[{{0.}}], 0]", ["DominantColors::arg"]),
    ("ImageDifference[Image[{{0.}}], Image[{{0., 1.}}]]", ["ImageDifference::imgmerge"]),
])
def test_bad_input_is_a_message_and_stays_unevaluated(text, messages):
    value, issued = _run(text)
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in issued] == messages
    head = text.split("[")[0]
    assert getattr(value.head, "name", None) == head


@pytest.mark.parametrize("name,text,expected", declared_examples("image_analysis"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_image_histogram_counts_each_channel():
    from wlnet.core.session import Session
    from wlnet.graphics.values import numeric_array
    s = Session(echo=False)
    g = s.evaluate("ImageHistogram[Image[{{0.1, 0.1, 0.9}}], 4]")
    assert g.head.name == "Graphics" and not s.messages
    lines = [e for e in _walk(g) if getattr(e, "head", None) is not None
             and getattr(e.head, "name", None) == "Line"]
    points = numeric_array(lines[0].args[0])
    assert np.allclose(points, [[0.125, 2], [0.375, 0], [0.625, 0], [0.875, 1]])
    colour = s.evaluate("ImageHistogram[Image[RandomReal[1, {4, 4, 3}]]]")
    assert sum(1 for e in _walk(colour) if getattr(getattr(e, "head", None), "name", None)
               == "Line") >= 3
    s.evaluate("ImageHistogram[Image[{{0.5}}], 0]")
    assert s.messages and "ImageHistogram::arg" in s.messages[0]


def _walk(e):
    yield e
    for a in getattr(e, "args", ()) if not isinstance(e, Image) else ():
        yield from _walk(a)


@pytest.mark.parametrize("text, expected", [
    ("MinFilter[{5, 1, 4, 3, 2}, 1]", "{1, 1, 1, 2, 2}"),
    ("MinFilter[{5., 1., 4., 3., 2.}, 1]", "{1., 1., 1., 2., 2.}"),
    ("MaxFilter[{{1, 2}, {3, 4}}, 1]", "{{4, 4}, {4, 4}}"),
    ("RangeFilter[{5, 1, 4, 3, 2}, 1]", "{4, 4, 3, 2, 1}"),
    ("StandardDeviationFilter[{1., 1., 1., 5., 5., 5.}, 1]", "{0., 0., 2.3094, 2.3094, 0., 0.}"),
    ("ImageData[MinFilter[Image[{{0.1, 0.5}, {0.3, 0.9}}], 1]]", "{{0.1, 0.1}, {0.1, 0.1}}"),
    ("Options[MaxFilter[Image[{{0.1}}, ImageSize -> 3], 1], ImageSize]", "{ImageSize -> 3}"),
])
def test_window_statistics_filters(text, expected):
    check(text, expected, same=close_printed)


def test_image_measurements_descriptions_moments_and_intensity_statistics():
    check('ImageMeasurements[Image[{{0.1, 0.2}, {0.4, 0.9}}], {"Channels", "ColorSpace", '
          '"Type", "Transparency", "Interleaving", "Dimensions"}]',
          '{1, "Grayscale", "Real32", False, True, {2, 2}}')
    check('Max[Abs[ImageMeasurements[Image[{{0.1, 0.2}, {0.4, 0.9}}], {"Skew", "Kurtosis"}] - '
          '{Skewness[{0.1, 0.2, 0.4, 0.9}], Kurtosis[{0.1, 0.2, 0.4, 0.9}]}]] < 10^-5', "True")
    check('ImageMeasurements[Image[{{{0.25, 0.25, 0.25}, {0.5, 1, 0.75}}}], '
          '{"MedianIntensity", "TotalIntensity"}]', "{0.5, 1.}")
    check('MemberQ[ImageMeasurements[Image[{{0.}}], "Properties"], "Kurtosis"]', "True")


@pytest.mark.parametrize("measure, reference", [
    ("EuclideanDistance", lambda x, w: np.linalg.norm(x - w)),
    ("SquaredEuclideanDistance", lambda x, w: ((x - w) ** 2).sum()),
    ("ManhattanDistance", lambda x, w: np.abs(x - w).sum()),
    ("ChessboardDistance", lambda x, w: np.abs(x - w).max()),
    ("CosineDistance", lambda x, w: 1 - x @ w / np.sqrt((x @ x) * (w @ w))),
    ("CorrelationDistance", lambda x, w: 1 - (x - x.mean()) @ (w - w.mean()) / np.sqrt(
        ((x - x.mean()) ** 2).sum() * ((w - w.mean()) ** 2).sum())),
    ("NormalizedSquaredEuclideanDistance", lambda x, w: 0.5 * (
        ((x - x.mean()) - (w - w.mean())) ** 2).sum() / (((x - x.mean()) ** 2).sum()
                                                         + ((w - w.mean()) ** 2).sum())),
])
def test_image_correlate_with_a_distance_measures_each_window(measure, reference):
    rng = np.random.default_rng(7)
    data, kernel = rng.random((5, 6)) + 0.1, rng.random((3, 2)) + 0.1
    text = lambda a: "{" + ", ".join("{" + ", ".join(repr(float(v)) for v in row) + "}"
                                     for row in a) + "}"
    value, messages = _run(f"ImageCorrelate[{text(data)}, {text(kernel)}, {measure}]")
    assert not messages
    got = np.array([[float(x.value) for x in row.args] for row in value.args])
    padded = np.pad(data, ((1, 1), (1, 0)), mode="edge")       # centre (1, 1): Fixed padding
    want = np.array([[reference(padded[i:i + 3, j:j + 2].ravel(), kernel.ravel())
                      for j in range(6)] for i in range(5)])
    np.testing.assert_allclose(got, want, atol=1e-9)


def test_image_correlate_takes_a_template_image_and_refuses_unknown_measures():
    value, messages = _run("ImageData[ImageCorrelate[Image[{{0, 0.5, 1, 0.5}}], "
                           "Image[{{1, 0.5}}], SquaredEuclideanDistance]]")
    assert not messages
    np.testing.assert_allclose(np.array([[x.value for x in row.args] for row in value.args]),
                               [[1.25, 1.0, 0.5, 0.0]], atol=1e-6)
    _, messages = _run("ImageCorrelate[{0, 1}, {1, 2}, Foo]")
    assert any("ImageCorrelate::measure" in m for m in messages)


@pytest.mark.parametrize("expr, angle", [("j", np.pi / 2), ("i", 0.0), ("i + j", np.pi / 4),
                                         ("i - j", -np.pi / 4), ("-i", 0.0)])
def test_gradient_orientation_of_ramps(expr, angle):
    value, messages = _run(f"GradientOrientationFilter[Table[N[{expr}], {{i, 9}}, {{j, 9}}], "
                           f"1][[5, 5]]")
    assert not messages and value.value == pytest.approx(angle, abs=1e-9)


def test_gradient_orientation_undefined_vectors_and_images():
    value, _ = _run("GradientOrientationFilter[ConstantArray[1., {3, 3}], 1]")
    assert all(x.value == pytest.approx(-np.pi / 2) for row in value.args for x in row.args)
    check("GradientOrientationFilter[{0., 1., 2., 3.}, 1]", "{0., 0., 0., 0.}")
    check("ImageChannels[GradientOrientationFilter[Image[RandomReal[1, {5, 6, 3}]], 1]]", "1")


def test_gradient_filter_of_a_colour_image_is_one_real_channel():
    check("{ImageChannels[#], ImageType[#]} &[GradientFilter[Image[RandomReal[1, {5, 6, 3}]], "
          "1]]", '{1, "Real32"}')
    # the largest eigenvalue of the summed products: for equal channels √3 |∇f|
    check("Module[{g = Image[Table[N[j]/10, {i, 9}, {j, 9}]]}, Abs[ImageData[GradientFilter["
          "ColorCombine[{g, g, g}], 1]][[5, 5]] - Sqrt[3] ImageData[GradientFilter[g, 1]][[5, 5]]]"
          " < 10^-5]", "True")


def test_laplacian_of_gaussian_of_an_image_is_real_with_negative_values():
    check('ImageType[LaplacianGaussianFilter[Image[{{0, 255, 0}}, "Byte"], 1]]', '"Real32"')
    check('Min[ImageData[LaplacianGaussianFilter[Image[{{0, 255, 0}}, "Byte"], 1]]] < 0',
          "True")


def test_image_measurements_global_properties_and_more_statistics():
    check('ImageMeasurements[Image[{{0, 128}, {255, 255}}, "Byte"], {"ImageDimensions", '
          '"AspectRatio", "DataType", "DataRange", "SampleDepth", "MinMax", '
          '"MinMaxIntensity"}]', '{{2, 2}, 1., "Byte", {0, 255}, 8, {0., 1.}, {0., 1.}}')
    check('ImageMeasurements[Image[{{0., 1.}}], "IntensityCentroid"]', "{1.5, 0.5}")
    check('ImageMeasurements[Image[{{{1, 0, 0}, {0, 0, 1}}}], "Entropy"] == '
          '{Log[2], 0, Log[2]}', "True")


def test_image_measurements_output_forms_and_lists_of_images():
    check('ImageMeasurements[Image[{{0., 1.}}], {"Mean", "Max"}, "Association"]',
          '<|"Mean" -> 0.5, "Max" -> 1.|>')
    check('ImageMeasurements[Image[{{0., 1.}}], "Mean", "RuleList"]', '{"Mean" -> 0.5}')
    check('ImageMeasurements[{Image[{{0., 1.}}], Image[{{1., 1.}}]}, "Mean"]', "{0.5, 1.}")


def test_image_convolve_3d_unpadded_and_real():
    from tests.builtins._support import run
    from scipy import ndimage
    from wlnet.core.expr import to_python
    r = run('SeedRandom[2]; v = Image3D[RandomReal[1, {4, 5, 6}], "Real64"]; '
             'ImageData[ImageConvolve[v, BoxMatrix[{1, 1, 1}]/27]]')
    values = np.array(to_python(run('SeedRandom[2]; ImageData[Image3D[RandomReal[1, '
                                     '{4, 5, 6}], "Real64"]]').value))
    assert np.allclose(np.array(to_python(r.value)),
                       ndimage.uniform_filter(values, 3, mode="nearest"))
    # a matrix kernel works within each slice of a 3D image
    r = run('SeedRandom[2]; ImageDimensions[ImageConvolve[Image3D[RandomReal[1, {4, 5, 6}]], '
             '{{1, 1, 1}}/3, Padding -> None]]')
    assert to_python(r.value) == [4, 5, 4]
    # Padding -> None: only where the kernel lies inside (images, alpha too, and data)
    r = run("ImageDimensions[ImageConvolve[SetAlphaChannel[Image[ConstantArray[0.5, {6, 7, 3}]], "
             "0.5], BoxMatrix[1]/9, Padding -> None]]")
    assert to_python(r.value) == [5, 4]
    assert to_python(run("ImageConvolve[{1, 2, 3, 4, 5}, {1, 1, 1}, Padding -> None]").value) \
        == [6.0, 9.0, 12.0]
    # a real image: a Byte or Bit image's convolution keeps its values beyond 0 .. 1
    r = run('ImageData[ImageConvolve[Image[{{0, 255, 0}}, "Byte"], {{-1, 0, 1}}]]')
    assert np.allclose(to_python(r.value), [[-1.0, 0.0, 1.0]])     # a spike gives the kernel
    assert run('ImageType[ImageConvolve[Image[{{0, 1}}, "Bit"], {{1, 1}}/2]]').value.value \
        == "Real32"


def test_image_histogram_range_lists_and_appearance():
    from wlnet.core.session import Session
    from wlnet.graphics.values import numeric_array
    s = Session(echo=False)

    def lines(g):
        return [numeric_array(e.args[0]) for e in _walk(g)
                if getattr(getattr(e, "head", None), "name", None) == "Line"]
    # a range of values: the bins span it, values beyond it count at the ends, or not
    g = s.evaluate("ImageHistogram[Image[{{0.1, 0.25, 0.35, 0.9}}], 2, {0.2, 0.4}]")
    assert np.allclose(lines(g)[0], [[0.25, 2], [0.35, 2]])
    g = s.evaluate("ImageHistogram[Image[{{0.1, 0.25, 0.35, 0.9}}], 2, {0.2, 0.4}, "
                   "Method -> \"ExcludeOutOfRange\"]")
    assert np.allclose(lines(g)[0], [[0.25, 1], [0.35, 1]])
    g = s.evaluate("ImageHistogram[Image[{{0.25, 0.5, 0.5}}], All, All]")   # a bin per value
    assert np.allclose(lines(g)[0], [[0.25, 1], [0.5, 2]])
    # several images: a curve each; Automatic bins are 128 (2 for binary images)
    both = s.evaluate("ImageHistogram[{Image[{{0.1}}], Image[{{0.9}}]}, Automatic]")
    curves = lines(both)
    assert len(curves) == 2 and all(len(c) == 128 for c in curves)
    assert len(lines(s.evaluate("ImageHistogram[Image[{{0, 1, 1}}, \"Bit\"]]"))[0]) == 2
    stacked = lines(s.evaluate('ImageHistogram[{Image[{{0.1}}], Image[{{0.1}}]}, 2, '
                               'Appearance -> "Stacked"]'))
    assert np.allclose(stacked[1][:, 1], [2, 0])                   # on top of the first
    assert not s.messages
    s.evaluate("ImageHistogram[Image[{{0.5}}], 4, {1, 0}]")
    assert s.messages and "ImageHistogram::arg" in s.messages[0]


@pytest.mark.parametrize("method", ['"Canny"', '"Sobel"', '"ShenCastan"', "Automatic"])
def test_edge_detect_methods_find_a_step(method):
    from wlnet.core.session import Session
    s = Session(echo=False)
    step = "Image[Join[ConstantArray[0., {8, 12}], ConstantArray[1., {8, 12}]]]"
    edges = s.evaluate(f"EdgeDetect[{step}, {{1, 2}}, Method -> {method}]")
    assert not s.messages and edges.image_type == "Bit"
    rows = np.nonzero(edges.reals()[:, :, 0].any(axis=1))[0]
    assert set(rows) <= {7, 8} and len(rows) >= 1          # on the step, across the image
    assert edges.reals()[rows[0], :, 0].sum() >= 10
    s.evaluate(f'EdgeDetect[{step}, Method -> "Roberts"]')
    assert s.messages and "EdgeDetect::arg" in s.messages[0]


def test_edge_detect_of_a_3d_image_finds_the_surface_of_a_ball():
    r = Runner()
    r.run('v = Table[If[(i - 8)^2 + (j - 8)^2 + (k - 8)^2 < 25, 1., 0.], {i, 16}, {j, 16}, '
          '{k, 16}]; e = EdgeDetect[Image3D[v]];')
    assert not r.messages
    edges = np.array(to_python(r.run("ImageData[e]")))
    assert edges.shape == (16, 16, 16) and set(np.unique(edges)) <= {0.0, 1.0}
    i, j, k = np.indices(edges.shape) + 1
    distance = np.sqrt((i - 8.0) ** 2 + (j - 8.0) ** 2 + (k - 8.0) ** 2)
    found = distance[edges > 0]
    assert found.size > 100 and np.all(np.abs(found - 5) < 2)     # a shell around radius 5
    # both halves of the ball: edges all round, not only on one side
    assert (i[edges > 0] < 8).any() and (i[edges > 0] > 8).any()
    assert r.run("ImageDimensions[EdgeDetect[Image3D[v], {1, 2, 1}]]").args[0].value == 16
    r.run("EdgeDetect[Image3D[v], {1, 2}]")
    assert r.tags == ["EdgeDetect::arg"]
