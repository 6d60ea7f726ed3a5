"""Image functions vision scripts use to prepare, inspect and visualise data: channels
(``ColorSeparate``, ``ColorCombine``), uniform sizes (``ConformImages``), regions
(``ImageTrim``, ``ImageAspectRatio``), filters (``ImageConvolve``, ``ImageCorrelate``,
``GradientFilter``, ``LaplacianGaussianFilter``, ``EdgeDetect``; the block statistics
such as ``MeanFilter`` are in block_filters.py), values (``PixelValue``, ``ImageValue``,
``ImageClip``, ``ImageDifference``, ``ImageMeasurements``, ``DominantColors``).

Images are processed as float arrays by numpy and scipy.ndimage (one call per channel, no
Python per pixel); results keep the image's type and colour space as WL's do.  Positions
follow WL's image coordinates: x from the left, y from the bottom, pixel {i, j} covering
the unit square whose top-right corner is {i, j}.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value, is_list
from wlnet.builtins.image_processing import _data_or_image, _image, _options, real_image, \
    _radius, filter_padding, numeric_array
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import (COLOR_SPACES, IMAGE_TYPES, NO_SPACE, Image, convert, with_alpha,
                              keeps_display_options, larger_type, with_data, message_slots)
from wlnet.core.image3d import Image3D
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin

_MESSAGES = {
    "imginv": "Expecting an image instead of `1`.",
    "imgmerge": "The images `1` do not have the same dimensions.",
    "imglist": "Expecting a non-empty list of images instead of `1`.",
    "arg": "`1` is not a valid `2` specification.",
    "kernel": "`1` is not a numeric matrix to use as a kernel.",
    "prop": "`1` is not a known image measurement.",
    "padding": "`1` is not a padding (\"Fixed\", \"Periodic\", \"Reflected\", \"Reversed\", "
               "a value or a colour).",
}
_SPACES = ("Grayscale", "RGB", "CMYK", "HSB", "XYZ", "LAB", "LCH", "LUV")
# the colour spaces a number of grey channels make, with an alpha channel last

def _images(ev, head, e) -> list | None:
    if is_list(e) and e.args and all(type(a) is Image for a in e.args):
        return list(e.args)
    ev.message(head, "imglist", e)
    return None


def _grey(image: Image) -> np.ndarray:
    """One (h, w) plane: the image's only channel, or its grey level."""
    if image.channels == 1:
        return image.reals()[:, :, 0]
    return convert(image, "Grayscale").reals()[:, :, 0]


def _space_name(e) -> str | None:
    return e.value if type(e) is String and e.value in _SPACES else None


# ---------------------------------------------------------------------------- channels

# the channels ColorSeparate names: (colour space, index)
_CHANNEL_NAMES = {"R": ("RGB", 0), "G": ("RGB", 1), "B": ("RGB", 2), "C": ("CMYK", 0),
                  "M": ("CMYK", 1), "Y": ("CMYK", 2), "K": ("CMYK", 3), "H": ("HSB", 0),
                  "S": ("HSB", 1), "V": ("HSB", 2), "L": ("LAB", 0), "I": ("Grayscale", 0)}
_LONG_CHANNEL_NAMES = {"Red": "R", "Green": "G", "Blue": "B", "Cyan": "C", "Magenta": "M",
                       "Yellow": "Y", "Black": "K", "Hue": "H", "Saturation": "S",
                       "Brightness": "V", "Luminance": "L", "Intensity": "I", "Gray": "I",
                       "Alpha": "A"}
_CHANNEL_NAMES.update({long: _CHANNEL_NAMES[short] for long, short in
                       _LONG_CHANNEL_NAMES.items() if short in _CHANNEL_NAMES})
# channels of no colour space: the alpha channel (1 where there is none), the mean of the
# colour channels
_CHANNEL_NAMES.update({"A": (None, "alpha"), "Alpha": (None, "alpha"),
                       "Average": (None, "average")})


@builtin("ColorSeparate", argc=(1, 2), messages=_MESSAGES,
         usage="ColorSeparate[image] is the list of its channels as grey images (alpha "
               "last); ColorSeparate[image, space] of its channels in that colour space; "
               "ColorSeparate[image, \"R\"] one channel (\"R\", \"G\", \"B\", \"C\", "
               "\"M\", \"Y\", \"K\", \"H\", \"S\", \"V\", \"L\", \"I\", \"A\", or by "
               "name: \"Red\", …, \"Hue\", \"Saturation\", \"Brightness\", \"Luminance\", "
               "\"Intensity\" (\"Gray\"), \"Alpha\", \"Average\"), or a list of them; "
               "\"RGBA\" the RGB channels and alpha.",
         examples=(("Length[ColorSeparate[Image[RandomReal[1, {4, 5, 3}]]]]", "3"),
                   ("ImageData[ColorSeparate[Image[{{{0, 0.5, 1}}}], \"G\"]]", "{{0.5}}")))
def color_separate(ev, img, space=None):
    image = _image(ev, S.ColorSeparate, img)
    if image is None:
        return None
    names = [a.value if type(a) is String else None for a in space.args] \
        if type(space) is Expr and space.head is S.List else None
    if names is not None and all(n in _CHANNEL_NAMES for n in names):
        return Expr(S.List, *[_channel(image, n) for n in names])
    if type(space) is String and space.value in _CHANNEL_NAMES:
        return _channel(image, space.value)
    if space == String("RGBA"):                  # RGB with its alpha (opaque if none)
        names = ["R", "G", "B", "A"]
        return Expr(S.List, *[_channel(image, n) for n in names])
    if space is not None and space is not S.Automatic:
        name = _space_name(space)
        if name is None:
            ev.message(S.ColorSeparate, "arg", space, "colour space")
            return None
        image = convert(image, name)
    values = image.reals()
    return Expr(S.List, *[Image(values[:, :, k], image.image_type)
                          for k in range(values.shape[2])])


def _channel(image: Image, name: str) -> Image:
    space, index = _CHANNEL_NAMES[name]
    if index == "alpha":
        plane = image.reals()[:, :, -1] if image.has_alpha else \
            np.ones((image.height, image.width))
        return Image(plane, image.image_type)
    if index == "average":
        colour = image.reals()[:, :, :image.channels - int(image.has_alpha)]
        return Image(colour.mean(axis=2), image.image_type)
    converted = convert(image, space)
    return Image(converted.reals()[:, :, index], converted.image_type)


@builtin("ColorCombine", argc=(1, 2), messages=_MESSAGES,
         usage="ColorCombine[{image1, image2, …}] makes the grey images the channels of one "
               "image (1: grey, 2: grey and alpha, 3: RGB, 4: RGB and alpha, more: no "
               "colour space); "
               "ColorCombine[images, space] the channels of that colour space.",
         examples=(("ImageChannels[ColorCombine[ColorSeparate[Image[RandomReal[1, "
                    "{4, 5, 3}]]]]]", "3"),))
def color_combine(ev, imgs, space=None):
    images = _images(ev, S.ColorCombine, imgs)
    if images is None:
        return None
    if len({(i.width, i.height) for i in images}) > 1:
        ev.message(S.ColorCombine, "imgmerge", *message_slots(imgs))
        return None
    name = COLOR_SPACES.get(len(images), NO_SPACE) if space is None else _space_name(space)
    if name is None:
        ev.message(S.ColorCombine, "arg", imgs if space is None else space, "channel")
        return None
    image_type = "Byte" if all(i.image_type == "Byte" for i in images) else "Real32"
    try:
        return Image(np.stack([_grey(i) for i in images], axis=2), image_type, name)
    except ValueError:
        ev.message(S.ColorCombine, "arg", space, "colour space for these channels")
        return None


# ---------------------------------------------------------------------------- sizes

@builtin("ImageAspectRatio", argc=1, messages=_MESSAGES,
         usage="ImageAspectRatio[image] is its height divided by its width.",
         examples=(("ImageAspectRatio[Image[RandomReal[1, {3, 6}]]]", "1/2"),))
def image_aspect_ratio(ev, img):
    image = _image(ev, S.ImageAspectRatio, img)
    if image is None:
        return None
    return ev.evaluate(Expr(S.Times, Integer(image.height),
                            Expr(S.Power, Integer(image.width), Integer(-1))))


def _median_size(images) -> tuple[int, int]:
    """WL's default: the median width, and the height that gives the median aspect ratio."""
    width = int(round(float(np.median([i.width for i in images]))))
    ratio = float(np.median([i.height / i.width for i in images]))
    return width, max(1, int(round(width * ratio)))


def _conform_size(ev, spec, images):
    """(width, height) from a ConformImages size spec, an image, or None (none given)."""
    if type(spec) is Image:
        return spec.width, spec.height
    if type(spec) is Integer and spec.value > 0:
        ratio = float(np.median([i.height / i.width for i in images]))
        return spec.value, max(1, int(round(spec.value * ratio)))
    if is_list(spec) and len(spec.args) == 2 and all(
            type(a) is Integer and a.value > 0 for a in spec.args):
        return spec.args[0].value, spec.args[1].value
    return None


@builtin("ConformImages", argc=(1, None), messages=_MESSAGES,
         usage="ConformImages[{image1, …}] gives the images the same size (the median width, "
               "the median aspect ratio), type and colour space; ConformImages[images, size] "
               "(w, {w, h}, an image or an image type) and ConformImages[images, size, "
               "fitting] (\"Stretch\" by default, \"Fit\", \"Fill\", \"Pad\").",
         examples=(("Union[ImageDimensions /@ ConformImages[{Image[RandomReal[1, {4, 8}]], "
                    "Image[RandomReal[1, {6, 6}]]}, {5, 5}]]", "{{5, 5}}"),))
def conform_images(ev, imgs, *rest):
    # the Image encoder's fitting (Stretch, Fit, Fill) and placing on a canvas
    from wlnet.net.coders.image import Conforming, _conformed, _placed
    images = _images(ev, S.ConformImages, imgs)
    if images is None:
        return None
    positional, _ = _options(rest)
    size, image_type, fitting = None, None, "Stretch"
    specs = list(positional[:1])
    if specs and is_list(specs[0]) and not _conform_size(ev, specs[0], images):
        specs = list(specs[0].args)                            # {size, type}
    for spec in specs:
        if type(spec) is String and spec.value in IMAGE_TYPES:
            image_type = spec.value
        elif (found := _conform_size(ev, spec, images)) is not None:
            size = found
            if type(spec) is Image:
                image_type = spec.image_type
        else:
            ev.message(S.ConformImages, "arg", spec, "image size or type")
            return None
    if len(positional) > 1:
        method = positional[1]
        if not (type(method) is String and method.value in ("Stretch", "Fit", "Fill", "Pad")):
            ev.message(S.ConformImages, "arg", method, "fitting")
            return None
        fitting = method.value
    width, height = size or _median_size(images)
    alpha = any(i.has_alpha for i in images)
    space = "RGB" if any(i.color_space != "Grayscale" for i in images) else "Grayscale"
    if image_type is None:
        image_type = "Byte" if all(i.image_type == "Byte" for i in images) else "Real32"
    how = Conforming(method=fitting) if fitting != "Pad" else Conforming()
    out = []
    for image in images:
        image = convert(image, space)
        if alpha:
            image = with_alpha(image)
        if fitting == "Pad":                  # no resampling: padded or cropped, centred
            values = _placed(np.transpose(image.reals(), (2, 0, 1)), width, height, how,
                             space)
        else:
            values = _conformed(image, "Automatic", width, height, how, image.channels)
        out.append(Image(np.transpose(values, (1, 2, 0)), image_type, space))
    return Expr(S.List, *out)


def _points(ev, e) -> np.ndarray | None:
    arr = numeric_array(ev, e)
    if arr is None or arr.ndim != 2 or arr.shape[1] != 2:
        return None
    return arr.astype(float)


def _roi_points(ev, roi) -> np.ndarray | None:
    """The points that bound a region of interest: a list of points, Rectangle[{x1, y1},
    {x2, y2}] (Rectangle[{x, y}]: the unit square there) or Point[…]; None otherwise."""
    if type(roi) is Expr and roi.head is S.Rectangle and len(roi.args) in (1, 2):
        corners = [_points(ev, Expr(S.List, corner)) for corner in roi.args]
        if any(c is None for c in corners):
            return None
        return np.vstack(corners if len(corners) == 2 else [corners[0], corners[0] + 1])
    if type(roi) is Expr and roi.head is S.Point and len(roi.args) == 1:
        inner = roi.args[0]
        return _points(ev, inner) if is_list(inner) and inner.args and is_list(inner.args[0]) \
            else _points(ev, Expr(S.List, inner))
    return _points(ev, roi)


def _trimmed(image, points, r):
    x0, y0 = points.min(axis=0) - r
    x1, y1 = points.max(axis=0) + r
    left = int(np.clip(np.floor(x0), 0, image.width - 1))
    right = int(np.clip(np.ceil(x1), left + 1, image.width))
    bottom = int(np.clip(np.floor(y0), 0, image.height - 1))
    top = int(np.clip(np.ceil(y1), bottom + 1, image.height))
    rows = slice(image.height - top, image.height - bottom)        # rows count from the top
    return with_data(image, image.reals()[rows, left:right])


@builtin("ImageTrim", argc=(2, 3), messages=_MESSAGES,
         usage="ImageTrim[image, {{x1, y1}, {x2, y2}}] is the part of the image in that "
               "rectangle (image coordinates: x from the left, y from the bottom), "
               "ImageTrim[image, Rectangle[…]] the part in a rectangle; "
               "ImageTrim[image, {p1, p2, …}, r] the bounding box of the points with a margin "
               "of r pixels; ImageTrim[image, {roi1, roi2, …}] the list of the parts.",
         examples=(("ImageDimensions[ImageTrim[Image[RandomReal[1, {10, 20}]], "
                    "{{2, 3}, {8, 7}}]]", "{6, 4}"),
                   ("ImageDimensions /@ ImageTrim[Image[RandomReal[1, {10, 20}]], "
                    "{Rectangle[{0, 0}, {4, 5}], Rectangle[{1, 1}]}]", "{{4, 5}, {1, 1}}")))
@keeps_display_options
def image_trim(ev, img, roi, margin=None):
    image = _image(ev, S.ImageTrim, img)
    if image is None:
        return None
    r = _radius(ev, S.ImageTrim, margin, 0.0)
    points = _roi_points(ev, roi)
    if points is not None and r is not None:
        return _trimmed(image, points, r)
    # {roi1, roi2, …}: one part per region
    regions = [_roi_points(ev, x) for x in roi.args] if is_list(roi) and roi.args else [None]
    if r is None or any(p is None for p in regions):
        ev.message(S.ImageTrim, "arg", roi, "region")
        return None
    return Expr(S.List, *(_trimmed(image, p, r) for p in regions))


# ---------------------------------------------------------------------------- filters

def _kernel(ev, head, e) -> np.ndarray | None:
    """A kernel: a numeric vector, matrix or rank-3 array, or an image's grey levels."""
    if type(e) is Image:                    # a template image: its grey levels
        return _grey(e).astype(float)
    arr = numeric_array(ev, e)
    if arr is None or arr.ndim not in (1, 2, 3) or arr.size == 0:
        ev.message(head, "kernel", e)
        return None
    return arr.astype(float)


def _window_sums(plane, k, **pad):
    """(Σx, Σx², Σxw) over each window of the kernel's shape, by correlations (the
    squares padded with the square of a padding value)."""
    from scipy import ndimage
    ones = np.ones_like(k)
    squares_pad = dict(pad, cval=pad.get("cval", 0.0) ** 2) if "cval" in pad else pad
    return (ndimage.correlate(plane, ones, **pad),
            ndimage.correlate(plane * plane, ones, **squares_pad),
            ndimage.correlate(plane, k, **pad))


def _ratio(numerator, denominator):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(denominator > 0, numerator / np.where(denominator > 0, denominator, 1),
                        0.0)


def _distance_correlation(measure: str, plane, k, **pad):
    """ImageCorrelate[data, ker, f] for a named distance f between the kernel and each
    window, whole-array: the sums over windows for the Euclidean, cosine and correlation
    distances, one operation per kernel offset for Manhattan and Chessboard."""
    n = k.size
    if measure in ("ManhattanDistance", "ChessboardDistance"):
        from wlnet.builtins.block_filters import _PAD_MODES
        before = [s // 2 for s in k.shape]
        widths = [(b, s - 1 - b) for b, s in zip(before, k.shape)]
        padded = np.pad(plane, widths, constant_values=pad.get("cval", 0.0)) \
            if pad.get("mode") == "constant" else np.pad(plane, widths,
                                                         mode=_PAD_MODES[pad["mode"]])
        out = np.zeros_like(plane)
        for offset in np.ndindex(*k.shape):
            window = padded[tuple(slice(o, o + m) for o, m in zip(offset, plane.shape))]
            gap = np.abs(window - k[offset])
            out = out + gap if measure == "ManhattanDistance" else np.maximum(out, gap)
        return out
    sx, sxx, sxw = _window_sums(plane, k, **pad)
    sw, sww = float(k.sum()), float((k * k).sum())
    squared = np.maximum(sxx - 2 * sxw + sww, 0.0)
    if measure == "SquaredEuclideanDistance":
        return squared
    if measure == "EuclideanDistance":
        return np.sqrt(squared)
    if measure == "CosineDistance":
        return 1 - _ratio(sxw, np.sqrt(np.maximum(sxx, 0.0) * sww))
    covariance = sxw - sx * sw / n
    spread_x, spread_w = np.maximum(sxx - sx * sx / n, 0.0), max(sww - sw * sw / n, 0.0)
    if measure == "CorrelationDistance":
        return 1 - _ratio(covariance, np.sqrt(spread_x * spread_w))
    # NormalizedSquaredEuclideanDistance: ½ |(x - x̄) - (w - w̄)|² / (|x - x̄|² + |w - w̄|²)
    return 0.5 * _ratio(spread_x + spread_w - 2 * covariance, spread_x + spread_w)


_CORRELATION_MEASURES = ("Dot", "EuclideanDistance", "SquaredEuclideanDistance",
                         "NormalizedSquaredEuclideanDistance", "CosineDistance",
                         "CorrelationDistance", "ManhattanDistance", "ChessboardDistance")


class _KernelRank(Exception):
    """A kernel of a higher rank than the data it filters."""


def _kernel_for(kernel: np.ndarray, rank: int) -> np.ndarray | None:
    """The kernel as an array of the data's rank: a vector along the last axis (a row), a
    matrix within each slice of 3D data; None if its rank is higher."""
    if kernel.ndim == rank:
        return kernel
    if kernel.ndim > rank:
        return kernel.ravel() if rank == 1 and kernel.size == max(kernel.shape) else None
    return kernel.reshape((1,) * (rank - kernel.ndim) + kernel.shape)


def _correlation(name: str, flip: bool, verb: str, example):
    def apply(ev, data, ker, *rest):
        from scipy import ndimage
        head = Symbol(name)
        kernel = _kernel(ev, head, ker)
        if kernel is None:
            return None
        positional = [a for a in rest if not (type(a) is Expr and a.head is S.Rule)]
        measure = "Dot"
        if positional:                       # ImageCorrelate[data, ker, f]
            f = positional[0]
            if flip or len(positional) > 1 or not (type(f) is Symbol
                                                   and f.name in _CORRELATION_MEASURES):
                ev.message(head, "measure", f)
                return None
            measure = f.name
        if flip:
            kernel = np.flip(kernel)
        options = [a for a in rest if a not in positional]

        def each(plane, **pad):
            k = _kernel_for(kernel, plane.ndim)
            if k is None:
                raise _KernelRank
            return _distance_correlation(measure, plane, k, **pad) if measure != "Dot" \
                else ndimage.correlate(plane, k, **pad)

        def reach(rank):                    # Padding -> None: the pixels it covers whole
            k = _kernel_for(kernel, rank)
            if k is None:
                raise _KernelRank
            return [(n // 2, n - 1 - n // 2) for n in k.shape]
        try:
            # ImageConvolve gives a real image: the convolution leaves 0 .. 1
            return _data_or_image(ev, head, real_image(data) if flip else data, ker, each,
                                  options, reach)
        except _KernelRank:
            ev.message(head, "kernel", ker)
            return None
    builtin(name, argc=(2, None), messages={
        **_MESSAGES, "measure": "`1` is not a correlation measure (Dot, EuclideanDistance, "
                                "SquaredEuclideanDistance, NormalizedSquaredEuclideanDistance, "
                                "CosineDistance, CorrelationDistance, ManhattanDistance or "
                                "ChessboardDistance)."},
            usage=f"{name}[image, kernel] {verb} the kernel (a numeric matrix, a rank-3 "
                  "array for a 3D image, or an image's grey levels), channel by channel, the "
                  "image's edge pixels repeated beyond it (Padding -> \"Fixed\"; or "
                  "\"Periodic\", \"Reflected\", \"Reversed\", a value or a colour; None: only "
                  "the pixels the kernel covers whole, a smaller result); it also takes "
                  "numeric data." + (
                      "  ImageConvolve gives a real image." if flip else "") + (
                      "  ImageCorrelate[image, kernel, f] measures each window against the "
                      "kernel with the distance f (EuclideanDistance, "
                      "NormalizedSquaredEuclideanDistance, CosineDistance, …) instead of Dot, "
                      "as template matching does." if not flip else ""),
            examples=(example,))(keeps_display_options(apply))


_correlation("ImageConvolve", True, "is the convolution of the image with",
             ("ImageConvolve[{0, 0, 1, 0, 0}, {1, 2, 3}]", "{0., 1., 2., 3., 0.}"))
_correlation("ImageCorrelate", False, "is the correlation of the image with",
             ("ImageCorrelate[{0, 0, 1, 0, 0}, {1, 2, 3}]", "{0., 3., 2., 1., 0.}"))


def _gradient_scale(ev, head, r) -> float | None:
    """σ of GradientFilter's and GradientOrientationFilter's radius r (r/2) or {r, σ}."""
    if is_list(r) and len(r.args) == 2:
        sigma = _radius(ev, head, r.args[1], 1.0)
        return None if sigma is None else max(sigma, 1e-6)
    radius = _radius(ev, head, r, 1.0)
    return None if radius is None else max(radius / 2, 1e-6)


def _structure(values: np.ndarray, sigma: float, pads: list) -> tuple:
    """(the (h, w) entries a, b, c of Σ_channels ∇f ∇fᵀ = [[a, b], [b, c]], each channel's
    gradient (∂/∂row, ∂/∂column) by derivatives of a Gaussian of spread σ)."""
    from scipy import ndimage
    a = b = c = 0.0
    for k in range(values.shape[2]):
        gr = ndimage.gaussian_filter(values[:, :, k], sigma, order=(1, 0), **pads[k])
        gc = ndimage.gaussian_filter(values[:, :, k], sigma, order=(0, 1), **pads[k])
        a, b, c = a + gr * gr, b + gr * gc, c + gc * gc
    return a, b, c


def _largest_eigen(a, b, c) -> tuple:
    """(the largest eigenvalue of [[a, b], [b, c]], its eigenvector's (row, column))."""
    half = (a - c) / 2
    root = np.sqrt(half * half + b * b)
    largest = (a + c) / 2 + root
    # an eigenvector: (b, λ - a), or (λ - c, b) where that one vanishes
    vr, vc = np.where(np.abs(b) + np.abs(largest - a) > 0, b, largest - c), \
        np.where(np.abs(b) + np.abs(largest - a) > 0, largest - a, b)
    return largest, vr, vc


def _colour_of(image: Image) -> np.ndarray:
    values = image.reals()
    return values[:, :, :values.shape[2] - int(image.has_alpha)]


@builtin("GradientFilter", argc=(2, None), messages=_MESSAGES,
         usage="GradientFilter[data, r] is the magnitude of the gradient, by derivatives of a "
               "Gaussian of radius r (standard deviation r/2; {r, σ} gives σ); for a colour "
               "image the square root of the largest eigenvalue of the channels' summed "
               "gradient products, as a one-channel real image.",
         examples=(("Max[GradientFilter[{0, 0, 0, 1, 1, 1}, 1]] > 0", "True"),))
@keeps_display_options
def gradient_filter(ev, data, r, *rest):
    from scipy import ndimage
    sigma = _gradient_scale(ev, S.GradientFilter, r)
    if sigma is None:
        return None
    if type(data) is Image:
        pads = filter_padding(ev, S.GradientFilter, rest, data)
        if pads is None:
            return None
        largest, _, _ = _largest_eigen(*_structure(_colour_of(data), sigma, pads))
        return Image(np.sqrt(np.maximum(largest, 0.0)).astype(np.float32), "Real32")
    return _data_or_image(ev, S.GradientFilter, data, r, lambda p, **pad:
                          ndimage.gaussian_gradient_magnitude(p, sigma, **pad), rest)


@builtin("GradientOrientationFilter", argc=(2, None), messages=_MESSAGES,
         usage="GradientOrientationFilter[data, r] is the local orientation of the gradient: "
               "the angle θ in (-π/2, π/2] with {Cos[θ], Sin[θ]} parallel to it in the "
               "array's coordinates (row, column), derivatives of a Gaussian of radius r "
               "(standard deviation r/2; {r, σ} gives σ); -π/2 where there is no gradient; a "
               "colour image's by the eigenvector of its channels' largest summed gradient "
               "product.  Vectors give 0 (or -π/2), matrices and images (a one-channel real "
               "image) the angles.",
         examples=(("GradientOrientationFilter[Table[N[j], {i, 9}, {j, 9}], 1][[5, 5]] == Pi/2",
                    "True"),
                   ("GradientOrientationFilter[Table[N[i], {i, 9}, {j, 9}], 1][[5, 5]]",
                    "0.")))
@keeps_display_options
def gradient_orientation_filter(ev, data, r, *rest):
    head = Symbol("GradientOrientationFilter")
    sigma = _gradient_scale(ev, head, r)
    if sigma is None:
        return None
    if type(data) is Image:
        values = _colour_of(data)
    else:
        arr = numeric_array(ev, data)
        if arr is None or arr.ndim not in (1, 2):
            ev.message(head, "imginv", *message_slots(data))
            return None
        values = arr.astype(float)[None, :, None] if arr.ndim == 1 else \
            arr.astype(float)[:, :, None]
    pads = filter_padding(ev, head, rest, data if type(data) is Image else
                          Image(values, "Real64"))
    if pads is None:
        return None
    a, b, c = _structure(values, sigma, pads)
    largest, vr, vc = _largest_eigen(a, b, c)
    theta = np.arctan2(vc, vr)
    theta = np.where(theta > np.pi / 2, theta - np.pi, theta)
    theta = np.where(theta <= -np.pi / 2, theta + np.pi, theta)
    undefined = largest <= 1e-12 * max(float(largest.max()), 1e-300)
    theta = np.where(undefined, -np.pi / 2, theta)
    if type(data) is Image:
        return Image(theta.astype(np.float32), "Real32")
    if arr.ndim == 1:                    # in 1D the orientation is 0 wherever it exists
        return list_from_array(np.where(undefined[0], -np.pi / 2, 0.0))
    return list_from_array(theta)


@builtin("LaplacianGaussianFilter", argc=(2, None), messages=_MESSAGES,
         usage="LaplacianGaussianFilter[data, r] is the Laplacian of the data smoothed by a "
               "Gaussian of radius r (standard deviation r/2; {r, σ} gives σ); an image "
               "gives a real image (the Laplacian has negative values).",
         examples=(("Length[LaplacianGaussianFilter[{0, 0, 1, 0, 0}, 1]]", "5"),
                   ('ImageType[LaplacianGaussianFilter[Image[{{0, 255, 0}}, "Byte"], 1]]',
                    '"Real32"')))
@keeps_display_options
def laplacian_gaussian_filter(ev, data, r, *rest):
    from scipy import ndimage
    sigma = _gradient_scale(ev, S.LaplacianGaussianFilter, r)
    if sigma is None:
        return None
    if type(data) is Image and data.image_type not in ("Real32", "Real64"):
        data = Image(data.reals().astype(np.float32), "Real32", data.color_space, data.options)
    return _data_or_image(ev, S.LaplacianGaussianFilter, data, r, lambda p, **pad:
                          ndimage.gaussian_laplace(p, sigma, **pad), rest)


def _smoothing_kernel(method: str, radius: int) -> np.ndarray:
    """The 1D smoothing of an edge detector's gradient over ``radius`` pixels, summing to
    1: "Canny" the Gaussian of deviation r/2 (GaussianFilter's), "Sobel" the binomial
    coefficients of 2r + 1 taps (Sobel's mask generalised), "ShenCastan" the symmetric
    exponential exp(-|x| / (r/2)) (its infinite filter cut at r)."""
    from math import comb
    from wlnet.builtins.image_processing import gaussian_kernel
    if radius <= 0:
        return np.ones(1)
    x = np.arange(-radius, radius + 1, dtype=np.float64)
    if method == "Sobel":
        kernel = np.array([comb(2 * radius, k) for k in range(2 * radius + 1)], float)
    elif method == "ShenCastan":
        kernel = np.exp(-np.abs(x) / (radius / 2))
    else:
        return gaussian_kernel(radius, radius / 2)
    return kernel / kernel.sum()


def _gradient(volume: np.ndarray, method: str, radii: tuple, pad: dict) -> list:
    """The derivatives along each axis (rows, columns; a 3D image's rows, slices, columns)
    of the values smoothed by the method's kernel of those radii (per axis): the smoothing
    along every axis, then central differences."""
    from scipy import ndimage
    smooth = volume
    for axis, radius in enumerate(radii):
        kernel = _smoothing_kernel(method, radius)
        if kernel.size > 1:
            smooth = ndimage.convolve1d(smooth, kernel, axis=axis, **pad)
    difference = np.array([0.5, 0.0, -0.5])
    return [ndimage.convolve1d(smooth, difference, axis=axis, **pad)
            for axis in range(volume.ndim)]


# a gradient component at least this part of the gradient's length steps to the neighbour
# along its axis: in 2D, the gradient's angle rounded to the nearest multiple of 45°
_STEP_SHARE = np.sin(np.pi / 8)


def _canny(gradients: list, low: float, high: float) -> np.ndarray:
    """Canny's edges from the gradient (one array per axis, of any dimension): thinning to
    the local maxima along the gradient (the neighbours ahead and behind in its direction
    rounded to the nearest of the grid's), then hysteresis (weak edges kept where they
    touch strong ones); the thresholds are fractions of the largest gradient."""
    from scipy import ndimage
    g = np.stack(gradients)
    magnitude = np.sqrt((g * g).sum(axis=0))
    peak = magnitude.max()
    if peak <= 0:
        return np.zeros_like(magnitude)
    steps = (np.sign(g) * (np.abs(g) >= _STEP_SHARE * magnitude)).astype(np.int64)
    magnitude = magnitude / peak
    padded = np.pad(magnitude, 1)
    here = np.indices(magnitude.shape) + 1
    ahead = padded[tuple(here + steps)]
    behind = padded[tuple(here - steps)]
    thin = np.where((magnitude >= ahead) & (magnitude >= behind), magnitude, 0.0)
    strong = thin >= high
    weak = thin >= low
    labels, _ = ndimage.label(weak, structure=np.ones((3,) * magnitude.ndim))
    connected = np.unique(labels[strong])
    return np.isin(labels, connected[connected > 0]).astype(float)


EDGE_METHODS = ("Canny", "ShenCastan", "Sobel")


@builtin("EdgeDetect", argc=(1, None), messages=_MESSAGES,
         usage="EdgeDetect[image] is a binary image of its edges (gradients thinned to their "
               "ridges, then hysteresis); EdgeDetect[image, r] at the scale of radius r "
               "(default 2; {rrow, rcol} per direction), EdgeDetect[image, r, t] uses the "
               "threshold t of the normalised gradient ({t1, t2}: hysteresis thresholds).  "
               "Method -> \"Canny\" (Gaussian derivatives, the default), \"ShenCastan\" "
               "(exponential) or \"Sobel\" (binomial); Padding (\"Fixed\").  A 3D image "
               "gives a binary 3D image of its edge surfaces.",
         examples=(("Total[Flatten[ImageData[EdgeDetect[Image[Join[ConstantArray[0, {5, 10}], "
                    "ConstantArray[1, {5, 10}]]]]]]] > 0", "True"),))
@keeps_display_options
def edge_detect(ev, img, *rest):
    positional, rules = _options(rest)
    image = img if type(img) is Image3D else _image(ev, S.EdgeDetect, img)
    if image is None or len(positional) > 2:
        return None
    r = positional[0] if positional else None
    t = positional[1] if len(positional) > 1 else None
    radii = _edge_radii(ev, r, 3 if type(image) is Image3D else 2)
    if radii is None:
        ev.message(S.EdgeDetect, "arg", r, "radius")
        return None
    if t is None:
        low, high = 0.1, 0.2
    elif is_list(t) and len(t.args) == 2:
        low, high = (float_value(ev.evaluate(Expr(S.N, a))) for a in t.args)
    else:
        high = float_value(ev.evaluate(Expr(S.N, t)))
        low = high / 2 if high is not None else None
    if low is None or high is None:
        ev.message(S.EdgeDetect, "arg", t, "threshold")
        return None
    method = rules.get("Method", Symbol("Automatic"))
    method = method.args[0] if is_list(method) and method.args else method   # {m, subopts}
    name = "Canny" if method == Symbol("Automatic") else getattr(method, "value", None)
    if name not in EDGE_METHODS:
        ev.message(S.EdgeDetect, "arg", method, "method")
        return None
    pads = filter_padding(ev, S.EdgeDetect, [a for a in rest if a not in positional
                                             and a.args[0] == Symbol("Padding")], image)
    if pads is None:
        return None
    if type(image) is Image3D:
        from wlnet.core.image3d import convert3d
        grey = convert3d(image, "Grayscale").reals()[..., 0] if image.color_space != \
            "Grayscale" else image.reals()[..., 0]
        edges = _canny(_gradient(grey, name, radii, pads[0]), low, high)
        return Image3D(edges.astype(np.uint8) * 255, "Byte")   # a binary 3D image
    edges = _canny(_gradient(_grey(image), name, radii, pads[0]), low, high)
    return Image(edges, "Bit")          # a binary image, as WL's


def _edge_radii(ev, r, axes: int = 2) -> tuple | None:
    """EdgeDetect's radius per axis (rows, columns; a 3D image's rows, slices, columns):
    r (2 by default) or one per axis."""
    items = [Integer(2)] * axes if r is None else list(r.args) if is_list(r) else [r] * axes
    values = [float_value(ev.evaluate(Expr(S.N, a))) for a in items]
    if len(values) != axes or None in values or min(values) < 0:
        return None
    return tuple(int(round(v)) for v in values)


# ---------------------------------------------------------------------------- values

@builtin("ImageClip", argc=(1, 3), messages=_MESSAGES,
         usage="ImageClip[image] clips its values to 0..1; ImageClip[image, {min, max}] to "
               "min..max; ImageClip[image, {min, max}, {vmin, vmax}] sets the values below "
               "and above to vmin and vmax.",
         examples=(("ImageData[ImageClip[Image[{{-1., 0.5, 2.}}]]]", "{{0., 0.5, 1.}}"),))
@keeps_display_options
def image_clip(ev, img, bounds=None, values=None):
    image = _image(ev, S.ImageClip, img)
    if image is None:
        return None
    lo, hi = 0.0, 1.0
    if bounds is not None:
        parts = [float_value(ev.evaluate(Expr(S.N, a))) for a in bounds.args] \
            if is_list(bounds) and len(bounds.args) == 2 else [None]
        if None in parts:
            ev.message(S.ImageClip, "arg", bounds, "range")
            return None
        lo, hi = parts
    data = image.reals()
    if values is None:
        return with_data(image, np.clip(data, lo, hi))
    fills = [float_value(ev.evaluate(Expr(S.N, a))) for a in values.args] \
        if is_list(values) and len(values.args) == 2 else [None]
    if None in fills:
        ev.message(S.ImageClip, "arg", values, "replacement values")
        return None
    return with_data(image, np.where(data < lo, fills[0], np.where(data > hi, fills[1], data)))


@builtin("ImageDifference", argc=2, messages=_MESSAGES,
         usage="ImageDifference[image1, image2] is the absolute difference of their pixel "
               "values.",
         examples=(("ImageData[ImageDifference[Image[{{0.25, 1.}}], Image[{{0.75, 0.5}}]]]",
                    "{{0.5, 0.5}}"),))
@keeps_display_options
def image_difference(ev, a, b):
    first, second = _image(ev, S.ImageDifference, a), _image(ev, S.ImageDifference, b)
    if first is None or second is None:
        return None
    if (first.width, first.height) != (second.width, second.height):
        ev.message(S.ImageDifference, "imgmerge", *message_slots(Expr(S.List, a, b)))
        return None
    other = second.reals()
    if other.shape[2] != first.channels:
        other = convert(second, first.color_space).reals()[:, :, :first.channels]
    kind = larger_type(first.image_type, second.image_type)   # the larger type, as WL's
    return Image(np.abs(first.reals() - other), kind, first.color_space)


def _pixels_at(image: Image, points: np.ndarray) -> np.ndarray:
    """The values (n, channels) of the pixels at image positions {x, y} (x from the left,
    y from the bottom), all at once."""
    cols = np.clip(np.ceil(points[:, 0]) - 1, 0, image.width - 1).astype(int)
    rows = image.height - 1 - np.clip(np.ceil(points[:, 1]) - 1, 0, image.height - 1).astype(int)
    return image.reals()[rows, cols]


def _value_expr(values: np.ndarray):
    return Real(float(values[0])) if values.size == 1 else list_from_array(values)


def _positions(ev, e) -> tuple[np.ndarray, bool] | None:
    """(an (n, 2) array of positions, whether one position was given)."""
    arr = numeric_array(ev, e)
    if arr is None:
        return None
    if arr.ndim == 1 and arr.shape == (2,):
        return arr[None, :].astype(float), True
    if arr.ndim == 2 and arr.shape[1] == 2:
        return arr.astype(float), False
    return None


@builtin("PixelValue", argc=(2, 3), messages=_MESSAGES,
         usage="PixelValue[image, {x, y}] is the value of the pixel at that position (x from "
               "the left, y from the bottom; pixel {1, 1} is the bottom-left one); a list of "
               "positions gives a list.",
         examples=(("PixelValue[Image[{{0.25, 0.5}, {0.75, 1.}}], {2, 1}]", "1."),))
def pixel_value(ev, img, pos, *rest):
    image = _image(ev, S.PixelValue, img)
    if image is None:
        return None
    found = _positions(ev, pos)
    if found is None:
        ev.message(S.PixelValue, "arg", pos, "position")
        return None
    points, single = found
    values = [_value_expr(v) for v in _pixels_at(image, points).astype(np.float32).astype(float)]
    return values[0] if single else Expr(S.List, *values)


@builtin("ImageValue", argc=(2, None), messages=_MESSAGES,
         usage="ImageValue[image, {x, y}] is the image's value at a point of its coordinate "
               "system (0 <= x <= width, 0 <= y <= height), interpolated linearly between "
               "pixel centres.",
         examples=(("ImageValue[Image[{{0., 1.}}], {1., 0.5}]", "0.5"),))
def image_value(ev, img, pos, *rest):
    from scipy import ndimage
    image = _image(ev, S.ImageValue, img)
    if image is None:
        return None
    found = _positions(ev, pos)
    if found is None:
        ev.message(S.ImageValue, "arg", pos, "position")
        return None
    points, single = found
    rows = image.height - points[:, 1] - 0.5          # pixel centres at half-integers
    cols = points[:, 0] - 0.5
    data = image.reals().astype(np.float32).astype(float)
    values = np.stack([ndimage.map_coordinates(data[:, :, k], [rows, cols], order=1,
                                               mode="nearest")
                       for k in range(image.channels)], axis=1)
    out = [_value_expr(v) for v in values]
    return out[0] if single else Expr(S.List, *out)


_MEASUREMENTS = {
    "Mean": lambda v: v.mean(axis=0), "Median": lambda v: np.median(v, axis=0),
    "Max": lambda v: v.max(axis=0), "Min": lambda v: v.min(axis=0),
    "Total": lambda v: v.sum(axis=0),
    "StandardDeviation": lambda v: v.std(axis=0, ddof=1) if len(v) > 1 else 0 * v[0],
    "Variance": lambda v: v.var(axis=0, ddof=1) if len(v) > 1 else 0 * v[0],
    "Skew": lambda v: _central(v, 3) / np.where(_central(v, 2) > 0, _central(v, 2), 1) ** 1.5,
    "Kurtosis": lambda v: _central(v, 4) / np.where(_central(v, 2) > 0, _central(v, 2), 1) ** 2,
    "MinMax": lambda v: np.stack([v.min(axis=0), v.max(axis=0)], axis=-1),
    "Entropy": lambda v: np.array([_entropy(v[:, k]) for k in range(v.shape[1])]),
    "MeanIntensity": lambda v: np.asarray(v.mean()),
    "MinMaxIntensity": lambda v: np.array([v.mean(axis=1).min(), v.mean(axis=1).max()]),
    "MinIntensity": lambda v: np.asarray(v.mean(axis=1).min()),
    "MaxIntensity": lambda v: np.asarray(v.mean(axis=1).max()),
    "MedianIntensity": lambda v: np.asarray(np.median(v.mean(axis=1))),
    "TotalIntensity": lambda v: np.asarray(v.mean(axis=1).sum()),
    "StandardDeviationIntensity": lambda v: np.asarray(
        v.mean(axis=1).std(ddof=1) if len(v) > 1 else 0.0),
}


def _entropy(values: np.ndarray) -> float:
    """-Σ p Log[p] over the distinct values (base E, as the page says)."""
    _, counts = np.unique(values, return_counts=True)
    p = counts / counts.sum()
    return float(-(p * np.log(p)).sum())


_TYPE_RANGES = {"Bit": (0, 1), "Byte": (0, 255), "Bit16": (0, 65535), "Real32": (0.0, 1.0),
                "Real64": (0.0, 1.0)}
_SAMPLE_DEPTHS = {"Bit": 1, "Byte": 8, "Bit16": 16, "Real32": 32, "Real64": 64}


def _intensity_centroid(image: Image) -> Expr:
    """The intensity-weighted centroid in standard image coordinates."""
    values = image.reals()
    intensity = values[:, :, :values.shape[2] - int(image.has_alpha)].mean(axis=2)
    total = float(intensity.sum())
    if total == 0:
        return Expr(S.List, Real(image.width / 2), Real(image.height / 2))
    rows, cols = np.mgrid[0:image.height, 0:image.width]
    x = float((intensity * (cols + 0.5)).sum() / total)
    y = float((intensity * (image.height - rows - 0.5)).sum() / total)
    return Expr(S.List, Real(x), Real(y))


def _central(v: np.ndarray, k: int) -> np.ndarray:
    """The k-th central moment of each channel (the divisor n, as Skewness's and
    Kurtosis's)."""
    return ((v - v.mean(axis=0)) ** k).mean(axis=0)


# the measurements that describe the image rather than its values
_DESCRIPTIONS = {
    "Dimensions": lambda image: Expr(S.List, Integer(image.width), Integer(image.height)),
    "Channels": lambda image: Integer(image.channels),
    "ColorSpace": lambda image: String(image.color_space),
    "Type": lambda image: String(image.image_type),
    "Transparency": lambda image: Symbol("True" if image.has_alpha else "False"),
    "Interleaving": lambda image: Symbol("True"),
    "ImageDimensions": lambda image: Expr(S.List, Integer(image.width), Integer(image.height)),
    "AspectRatio": lambda image: Real(image.height / image.width),
    "DataType": lambda image: String(image.image_type),
    "DataRange": lambda image: Expr(S.List, *[Integer(v) if isinstance(v, int) else Real(v)
                                              for v in _TYPE_RANGES[image.image_type]]),
    "SampleDepth": lambda image: Integer(_SAMPLE_DEPTHS[image.image_type]),
    "IntensityCentroid": _intensity_centroid,
}


@builtin("ImageMeasurements", argc=(2, 3), messages=_MESSAGES,
         usage="ImageMeasurements[image, prop] is a statistic of its pixel values: \"Mean\", "
               "\"Median\", \"Max\", \"Min\", \"Total\", \"StandardDeviation\", \"Variance\", "
               "\"Skew\", \"Kurtosis\", \"MinMax\", \"Entropy\" (base E; one per channel), "
               "\"MeanIntensity\", \"MinIntensity\", \"MaxIntensity\", \"MinMaxIntensity\", "
               "\"MedianIntensity\", \"TotalIntensity\", \"StandardDeviationIntensity\" (of "
               "the mean of the channels), \"IntensityCentroid\", or a description: "
               "\"Dimensions\", \"ImageDimensions\", \"AspectRatio\", \"Channels\", "
               "\"ColorSpace\", \"Type\", \"DataType\", \"DataRange\", \"SampleDepth\", "
               "\"Transparency\", \"Interleaving\"; a list of properties gives a list; "
               "\"Properties\" lists them; a third argument \"Association\", \"RuleList\" "
               "or \"List\" shapes the result; a list of images gives one result each.",
         examples=(("ImageMeasurements[Image[{{0., 1.}}], \"Mean\"]", "0.5"),))
def image_measurements(ev, img, prop, form=None):
    if is_list(img) and img.args and all(type(i) is Image for i in img.args):
        parts = [image_measurements(ev, i, prop, form) for i in img.args]
        return None if any(p is None for p in parts) else Expr(S.List, *parts)
    image = _image(ev, S.ImageMeasurements, img)
    if image is None:
        return None
    if form is not None and form != S.Automatic and getattr(form, "value", None) not in \
            ("List", "Association", "RuleList"):
        ev.message(S.ImageMeasurements, "arg", form, "output format")
        return None
    if prop == String("Properties"):
        return Expr(S.List, *[String(p) for p in (*_MEASUREMENTS, *_DESCRIPTIONS)])
    props = list(prop.args) if is_list(prop) else [prop]
    pixels = image.reals().astype(np.float32).astype(float).reshape(-1, image.channels)
    out = []
    for p in props:
        name = p.value if type(p) is String else None
        if name in _DESCRIPTIONS:
            out.append(_DESCRIPTIONS[name](image))
        elif name in _MEASUREMENTS:
            result = np.atleast_1d(_MEASUREMENTS[name](pixels))
            if result.ndim == 2 and result.shape[0] == 1:      # one channel: its pair
                result = result[0]
            out.append(_value_expr(result))
        else:
            ev.message(S.ImageMeasurements, "prop", p)
            return None
    kind = getattr(form, "value", None)
    if kind in ("Association", "RuleList"):
        rules = [Expr(S.Rule, p, v) for p, v in zip(props, out)]
        return Expr(S.Association if kind == "Association" else S.List, *rules)
    if kind == "List":
        return Expr(S.List, *out)
    return Expr(S.List, *out) if is_list(prop) else out[0]


@builtin("DominantColors", argc=(1, 2), messages=_MESSAGES,
         usage="DominantColors[image] is the list of its dominant colours (k-means clusters "
               "of its pixels, the most frequent first); DominantColors[image, n] at most n.",
         examples=(("Length[DominantColors[Image[Join[ConstantArray[{1, 0, 0}, {4, 8}], "
                    "ConstantArray[{0, 0, 1}, {4, 8}]]], 2]]", "2"),))
def dominant_colors(ev, img, n=None):
    from scipy.cluster.vq import kmeans2
    from wlnet.graphics.style import rgb_expr
    image = _image(ev, S.DominantColors, img)
    if image is None:
        return None
    if n is not None and not (type(n) is Integer and n.value > 0):
        ev.message(S.DominantColors, "arg", n, "number of colours")
        return None
    rgb = convert(image, "RGB").reals()[:, :, :3].reshape(-1, 3)
    if len(rgb) > 20000:                                    # a sample is enough to cluster
        rgb = rgb[np.random.default_rng(0).choice(len(rgb), 20000, replace=False)]
    k = min(n.value if n is not None else 5, len(np.unique(rgb, axis=0)))
    centres, labels = kmeans2(rgb, k, seed=0, minit="++")
    counts = np.bincount(labels, minlength=k)
    order = [i for i in np.argsort(-counts, kind="stable") if counts[i] > 0]
    return Expr(S.List, *[rgb_expr(np.clip(centres[i], 0.0, 1.0)) for i in order])


# ---------------------------------------------------------------------------- histograms

_HISTOGRAM_COLOURS = {"Grayscale": ("GrayLevel[0.4]",),
                      "RGB": ("RGBColor[1, 0, 0]", "RGBColor[0, 0.6, 0]", "RGBColor[0, 0, 1]")}


@builtin("ImageHistogram", argc=(1, None), messages=_MESSAGES,
         usage="ImageHistogram[image] plots how many pixels have each value, one filled "
               "curve per channel (grey, or red, green and blue) over values 0 to 1 in 128 "
               "bins (2 for a binary image); ImageHistogram[image, bspec] in n bins "
               "(Automatic: the default, All: every value present, \"Byte\": 256); "
               "ImageHistogram[image, bspec, range] over {min, max} (All: the values' own "
               "range, {All, max}, {min, All}; Automatic: 0 to 1); "
               "ImageHistogram[{image1, image2, …}] the curves of all of them together; "
               "Method -> \"IncludeOutOfRange\" (the default: values beyond the range count "
               "in the end bins) or \"ExcludeOutOfRange\"; Appearance -> \"Transparent\" "
               "(overlaid, the default), \"Stacked\" (each channel's counts on top of the "
               "previous ones) or \"Separated\" (a plot per curve, in a column); plot "
               "options are passed on.",
         examples=(("Head[ImageHistogram[Image[{{0.1, 0.5}}]]]", "Graphics"),
                   ("Head[ImageHistogram[{Image[{{0.1}}], Image[{{0.5}}]}, 8, {0, 0.5}]]",
                    "Graphics")))
def image_histogram(ev, img, *rest):
    from wlnet.syntax.parser import parse
    images = list(img.args) if is_list(img) and img.args else [img]
    if any(type(i) is not Image for i in images):
        ev.message(S.ImageHistogram, "imginv", *message_slots(img))
        return None
    positional = [r for r in rest if not (type(r) is Expr and r.head in (S.Rule,
                                                                         S.RuleDelayed))]
    rules = {getattr(r.args[0], "name", None): r.args[1] for r in rest if r not in positional}
    options = [r for r in rest if r not in positional
               and r.args[0] not in (Symbol("Appearance"), Symbol("Method"))]
    appearance = rules.get("Appearance", String("Transparent"))
    if not (type(appearance) is String and appearance.value in
            ("Transparent", "Stacked", "Separated", "RGB")) and appearance != S.Automatic:
        ev.message(S.ImageHistogram, "arg", appearance, "appearance")
        return None
    method = rules.get("Method", String("IncludeOutOfRange"))
    if method not in (String("IncludeOutOfRange"), String("ExcludeOutOfRange"), S.Automatic):
        ev.message(S.ImageHistogram, "arg", method, "method")
        return None
    if len(positional) > 2:
        return None
    channels = [image.reals()[:, :, k] for image in images
                for k in range(image.channels - (1 if image.has_alpha else 0))]
    span = _histogram_range(ev, positional[1] if len(positional) == 2 else S.Automatic,
                            np.concatenate([c.ravel() for c in channels]))
    if span is None:
        ev.message(S.ImageHistogram, "arg", positional[1], "range")
        return None
    edges = _histogram_edges(positional[0] if positional else S.Automatic, span,
                             all(i.image_type == "Bit" for i in images), channels)
    if edges is None:
        ev.message(S.ImageHistogram, "arg", positional[0], "number of bins")
        return None
    centres = (edges[:-1] + edges[1:]) / 2
    counts, styles = [], []
    for image in images:
        names = _HISTOGRAM_COLOURS.get(image.color_space, ())
        for k in range(image.channels - (1 if image.has_alpha else 0)):
            inside = image.reals()[:, :, k].ravel()
            if method == String("ExcludeOutOfRange"):
                inside = inside[(inside >= span[0]) & (inside <= span[1])]
            else:                           # the values beyond count at the ends
                inside = np.clip(inside, span[0], span[1])
            counts.append(np.histogram(inside, bins=edges)[0].astype(np.float64))
            styles.append(parse(f"Directive[{names[k]}, Opacity[0.6]]") if k < len(names)
                          else Symbol("Automatic"))
    if getattr(appearance, "value", None) == "Stacked":
        counts = list(np.cumsum(counts, axis=0))
    plot_range = Expr(S.Rule, Symbol("PlotRange"), Expr(S.List, list_from_array(
        np.array(span)), Symbol("All")))

    def plot(curves, curve_styles):
        return ev.evaluate(Expr(Symbol("ListLinePlot"), Expr(S.List, *[
            list_from_array(np.column_stack([centres, c])) for c in curves]), *options,
            Expr(S.Rule, Symbol("PlotStyle"), Expr(S.List, *curve_styles)),
            Expr(S.Rule, Symbol("Filling"), Symbol("Axis")), plot_range))
    if getattr(appearance, "value", None) == "Separated" and len(counts) > 1:
        return Expr(Symbol("GraphicsColumn"), Expr(S.List, *[
            plot([c], [st]) for c, st in zip(counts, styles)]))
    return plot(counts, styles)


def _histogram_range(ev, spec, values: np.ndarray) -> tuple | None:
    """The (min, max) a histogram spans: Automatic 0 to 1, All the values' own range,
    {min, max} with either end All; None if invalid (or empty)."""
    if spec == S.Automatic:
        return 0.0, 1.0
    low, high = float(values.min()), float(values.max())
    ends = [S.All, S.All] if spec == S.All else list(spec.args) if is_list(spec) \
        and len(spec.args) == 2 else None
    if ends is None:
        return None
    bounds = [(low, high)[k] if e == S.All else float_value(ev.evaluate(Expr(S.N, e)))
              for k, e in enumerate(ends)]
    if None in bounds:
        return None
    if bounds[0] == bounds[1] and spec == S.All:            # one value: a bin around it
        bounds = [bounds[0] - 0.5, bounds[1] + 0.5]
    return (bounds[0], bounds[1]) if bounds[0] < bounds[1] else None


def _histogram_edges(spec, span: tuple, binary: bool, channels) -> np.ndarray | None:
    """The bin edges over the span: n bins, Automatic (128; 2 for binary images), "Byte"
    (256), All (a bin per value present); None if invalid."""
    if spec == S.All:
        levels = np.unique(np.concatenate([c.ravel() for c in channels]))
        levels = levels[(levels >= span[0]) & (levels <= span[1])]
        if levels.size == 0:
            return np.linspace(span[0], span[1], 2)
        middles = (levels[:-1] + levels[1:]) / 2      # each value the centre of its bin
        first = levels[0] - (middles[0] - levels[0] if middles.size else 0.5)
        last = levels[-1] + (levels[-1] - middles[-1] if middles.size else 0.5)
        return np.concatenate([[first], middles, [last]])
    n = (2 if binary else 128) if spec == S.Automatic else 256 if spec == String("Byte") \
        else spec.value if type(spec) is Integer and spec.value > 0 else None
    return None if n is None else np.linspace(span[0], span[1], n + 1)
