"""The Image atom's WL face: construction, data, dimensions, resizing, cropping, colour.

    Image[data], Image[data, "Bit"|"Byte"|"Bit16"|"Real32"|"Real64"], Image[image, type]
    ImageData[image], ImageData[image, "Bit"|"Byte"|"Bit16"|"Real32"|"Real64"|Automatic]
    ImageDimensions, ImageChannels, ImageType, ImageColorSpace
    ImageResize[image, w | {w} | {w, h}], ImageCrop[image, w | {w, h}]
    ColorConvert[image, "Grayscale"|"RGB"|"CMYK"|"HSB"|"XYZ"|"LAB"|"LCH"|"LUV"], ColorNegate,
    ImageAdjust, ImageAssemble

The pixels and their operations live in wlnet.core.image (on Pillow); this module reads the
arguments and reports what is wrong with them as WL messages.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.color_spaces import CHANNELS as SPACE_CHANNELS
from wlnet.core.color_spaces import convert_values
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol
from wlnet.core.image import (IMAGE_TYPES, INTEGER_TOPS, NO_SPACE, TYPES_OF_NUMERIC_ARRAYS,
                              UNIT_SPACES, Image, convert, pixels_given_as, resize, with_alpha,
                              keeps_display_options, with_data, message_slots)
from wlnet.core.image3d import Image3D
from wlnet.core.registry import builtin, builtin_upvalue
from wlnet.graphics.options import NAMED_IMAGE_SIZES
from wlnet.graphics.style import colour_of
from wlnet.graphics.values import number

IMGINV = "Expecting an image or graphics instead of `1`."


def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2


def _rule_name(rule) -> str | None:
    """The option name of ``name -> value`` (a symbol or a string)."""
    key = rule.args[0]
    return key.name if type(key) is Symbol else getattr(key, "value", None)


def _split_rules(args) -> tuple[list, dict]:
    positional = [a for a in args if not _is_rule(a)]
    rules = {_rule_name(a): a.args[1] for a in args if _is_rule(a)}
    return positional, rules


def image_call(ev, head, img, rest, most: int = 1):
    """(positional arguments, {option name: value}) of ``head[img, rest…]`` when ``img`` is
    an Image and at most ``most`` positional arguments follow it; None otherwise (after
    head::imginv when ``img`` is not an image; more arguments leave the call as it is)."""
    positional = [a for a in rest if not (type(a) is Expr and a.head in (S.Rule,
                                                                         S.RuleDelayed))]
    if len(positional) > most:
        return None
    if type(img) is not Image:
        ev.message(head, "imginv", *message_slots(img))
        return None
    options = {a.args[0].name: a.args[1] for a in rest if a not in positional
               and type(a.args[0]) is Symbol}
    return positional, options


def _positive_int(e) -> int | None:
    if type(e) is Integer and e.value > 0:
        return e.value
    return None


def _dimension(spec, original: int):
    """One dimension of ImageResize's size: ("exact", n), ("max", n) for {n} or UpTo[n],
    ("auto", None) for Automatic; None if invalid.  Scaled[s] is s times the original, All
    the original, Tiny/Small/Medium/Large the named sizes."""
    if type(spec) is Symbol:
        if spec.name == "Automatic":
            return "auto", None
        if spec.name == "All":
            return "exact", original
        if spec.name in NAMED_IMAGE_SIZES:
            return "exact", NAMED_IMAGE_SIZES[spec.name]
        return None
    if type(spec) is Expr and spec.head is S.Scaled and len(spec.args) == 1:
        factor = number(spec.args[0])
        return ("exact", max(1, round(original * factor))) if factor and factor > 0 else None
    bounded = type(spec) is Expr and len(spec.args) == 1 and (
        spec.head is S.List or spec.head is Symbol("UpTo"))
    value = _positive_int(spec.args[0] if bounded else spec)
    if value is None:
        return None
    return ("max" if bounded else "exact"), value


def _size_spec(image: Image, spec) -> tuple[int, int] | None:
    """ImageResize's size → (w, h); None if invalid.  w is {w, Automatic}; {s} is
    {{s}, {s}} (the larger side at most s, the aspect ratio kept); Scaled[s] scales both
    sides, Scaled[{sx, sy}] each side; in {w, h} each side is a number, {n}, Scaled[s],
    All, Automatic or a named size."""
    if type(spec) is Expr and spec.head is S.Scaled and len(spec.args) == 1:
        # each side scaled and rounded on its own (34 px by 1.4 is 48, where the aspect
        # ratio of the other side's rounded size would give 47)
        factors = spec.args[0]
        if type(factors) is Expr and factors.head is S.List:
            spec = Expr(S.List, *[Expr(S.Scaled, a) for a in factors.args])
        else:
            spec = Expr(S.List, spec, spec)
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 1:
        inner = spec.args[0]
        bound = inner if type(inner) is Expr and inner.head is S.List else spec
        spec = Expr(S.List, bound, bound)
    if not (type(spec) is Expr and spec.head is S.List and len(spec.args) == 2):
        spec = Expr(S.List, spec, Symbol("Automatic"))
    if len(spec.args) != 2:
        return None
    sides = [_dimension(spec.args[0], image.width), _dimension(spec.args[1], image.height)]
    if None in sides:
        return None
    (wkind, w), (hkind, h) = sides
    originals = (image.width, image.height)

    def from_height(height):
        return max(1, round(image.width * height / image.height))

    def from_width(width):
        return max(1, round(image.height * width / image.width))
    if wkind == hkind == "max":                    # the largest size within the bounds
        scale = min(w / image.width, h / image.height)
        return tuple(max(1, round(o * scale)) for o in originals)
    if wkind == "max":                             # at most w: the aspect ratio's if less
        w, wkind = (min(w, from_height(h)) if hkind == "exact" else w), "exact"
    if hkind == "max":
        h, hkind = (min(h, from_width(w)) if wkind == "exact" else h), "exact"
    if wkind == "auto" and hkind == "auto":
        return originals
    if wkind == "auto":
        return from_height(h), h
    if hkind == "auto":
        return w, from_width(w)
    return w, h


# ---------------------------------------------------------------------------- Image

@builtin("Image", argc=(1, None),
         usage="Image[data] is a raster image from a height x width array of grey levels, "
               "or of {r, g, b} (or {grey, alpha}, {r, g, b, alpha}) lists, reals from 0 to "
               "1; Image[data, type] stores pixels of a type: \"Bit\" (values from 1/2 up "
               "are 1), \"Byte\" (integers 0 to 255 in data), \"Bit16\" (integers 0 to "
               "65535), \"Real32\" or \"Real64\" (reals); Image[image, type] converts an "
               "image to another type.",
         messages={"imgarray": "`1` is not a rectangular array of grey levels or colour "
                               "channel lists.",
                   "imgtype": "`1` is not a valid image type (\"Bit\", \"Byte\", \"Bit16\", "
                              "\"Real32\" or \"Real64\")."})
def image(ev, data, *rest):
    from wlnet.core.numeric_array import NumericArray, to_numpy_data
    positional, rules = _split_rules(rest)
    unknown = [r.args[0] for r in rest
               if _is_rule(r) and _rule_name(r) not in IMAGE_OPTION_NAMES]
    if unknown:
        ev.message(S.Image, "optx", unknown[0], Expr(S.Image, data, *rest))
        return None
    image_type = None
    if positional:
        t = positional[0]
        if len(positional) > 1 or type(t) is not String or t.value not in IMAGE_TYPES + ("Real",):
            ev.message(S.Image, "imgtype", t)
            return None
        image_type = "Real64" if t.value == "Real" else t.value
    display = _display_options(rest)
    if type(data) is Image:
        if image_type in (None, data.image_type) and not display:
            return data
        return Image(data.data, image_type or data.image_type, data.color_space,
                     display or data.options)
    if hasattr(data, "to_image"):             # a Graphics value (MatrixPlot): rasterize it
        return data.to_image()
    if type(data) is Expr and data.head == Symbol("SparseArray"):    # its values, as a list
        data = ev.evaluate(Expr(Symbol("Normal"), data))
    # the data are values of the type named, else of the type a NumericArray stores
    data_type = image_type
    if type(data) is NumericArray and data.type_name in TYPES_OF_NUMERIC_ARRAYS:
        arr = data.array
        data_type = data_type or TYPES_OF_NUMERIC_ARRAYS[data.type_name]
    else:
        arr = to_numpy_data(data)
    if rules.get("Interleaving") == Symbol("False") and arr is not None and arr.ndim == 3:
        # the channels first ({c, h, w}, as ImageData[img, Interleaving -> False] and nets
        # give them): the same pixels, channels last
        arr = np.moveaxis(arr, 0, -1)
    space = rules.get("ColorSpace")
    space = space.value if type(space) is String and space.value in SPACE_CHANNELS else None
    channels = arr.shape[2] if arr is not None and arr.ndim == 3 else 1
    # the data are in the colour space named when it has its channels (and alpha), else
    # they are grey or RGB, converted to it
    given = space if space is not None and channels - SPACE_CHANNELS[space] in (0, 1) \
        else None
    ok = arr is not None and arr.ndim in (2, 3) and arr.size > 0     # any number of channels
    if not ok:
        ev.message(S.Image, "imgarray", data)
        return None
    arr = pixels_given_as(arr, data_type or "Real32")
    image = Image(arr, image_type or data_type, given)
    if space is not None and space != image.color_space:
        image = convert(image, space)
    return Image(image.data, image.image_type, image.color_space, display) if display \
        else image


# options an image keeps for showing itself (its pixels are the same with or without them)
DISPLAY_OPTIONS = ("ImageSize", "Magnification")
# the options WL's Image takes (Options[Image]); those that are not ColorSpace,
# Interleaving or display options above are accepted and change nothing here.  Any other
# is Image::optx, the image unevaluated, as a WL function does with an unknown option.
IMAGE_OPTION_NAMES = frozenset((
    "AlignmentPoint", "AspectRatio", "Axes", "AxesLabel", "AxesStyle", "Background",
    "BaselinePosition", "BaseStyle", "ColorFunction", "ColorFunctionScaling", "ColorSpace",
    "ContentSelectable", "DefaultBaseStyle", "Epilog", "Frame", "FrameLabel", "FrameStyle",
    "FrameTicks", "FrameTicksStyle", "ImageMargins", "ImagePadding", "ImageResolution",
    "ImageSize", "ImageSizeRaw", "Interleaving", "LabelStyle", "Magnification",
    "MetaInformation", "PlotLabel", "PlotRange", "PlotRangePadding", "Prolog",
    "RotateLabel", "Ticks", "TicksStyle"))


def _display_options(rest) -> tuple:
    """The display option rules among Image's arguments (ImageSize -> 100)."""
    return tuple(r for r in rest if _is_rule(r) and type(r.args[0]) is Symbol
                 and r.args[0].name in DISPLAY_OPTIONS)


def _same_picture(a, b) -> bool:
    """Whether two images (2D or 3D) have the same pixels, type and colour space (display
    options aside)."""
    return type(a) is type(b) and a.image_type == b.image_type \
        and a.color_space == b.color_space and a.data.shape == b.data.shape \
        and np.array_equal(a.data, b.data)


def _images_equal(ev, *args):
    """img1 == img2 == …: True when each is the same picture as the next, else False;
    None (as it is) when an argument is not an image."""
    if not all(type(a) in (Image, Image3D) for a in args):
        return None
    return TRUE if all(_same_picture(a, b) for a, b in zip(args, args[1:])) else FALSE


def _images_unequal(ev, *args):
    """img1 != img2 != …: True when no two of them are the same picture."""
    if not all(type(a) in (Image, Image3D) for a in args):
        return None
    return FALSE if any(_same_picture(a, b) for i, a in enumerate(args)
                          for b in args[i + 1:]) else TRUE


for _head in ("Image", "Image3D"):
    builtin_upvalue("Equal", _head)(_images_equal)
    builtin_upvalue("Unequal", _head)(_images_unequal)


@builtin_upvalue("Options", "Image")
def _image_options(ev, img, *rest):
    """Options[image] are its colour space, its display options and Interleaving, as its
    InputForm shows them; Options[image, name] one of them (ImageSize: Automatic when not
    given)."""
    if type(img) is not Image or len(rest) > 1:
        return None
    form = img.to_expr_form()
    rules = [a for a in form.args if _is_rule(a)]
    if not rest:
        return Expr(S.List, *rules)
    names = rest[0].args if type(rest[0]) is Expr and rest[0].head is S.List else rest[:1]
    chosen = []
    for name in names:
        found = [r for r in rules if r.args[0] == name]
        if not found and name == Symbol("ImageSize"):
            found = [Expr(S.Rule, name, Symbol("Automatic"))]
        chosen.extend(found)
    return Expr(S.List, *chosen)


# ---------------------------------------------------------------------------- properties

def _image_or_message(ev, head, img):
    if type(img) is Image:
        return img
    ev.message(head, "imginv", *message_slots(img))
    return None


def _any_image_or_message(ev, head, img):
    """A 2D or 3D image (what the property functions take)."""
    if type(img) in (Image, Image3D):
        return img
    ev.message(head, "imginv", *message_slots(img))
    return None


def _expect_image(name: str, usage: str, examples=()):
    """A builtin of one image argument (2D or 3D) giving a property of it."""
    def register(func):
        def run(ev, img):
            if type(img) not in (Image, Image3D):
                if not hasattr(img, "to_image"):
                    ev.message(Symbol(name), "imginv", *message_slots(img))
                return None
            return func(img)
        return builtin(name, argc=1, usage=usage, examples=examples,
                       messages={"imginv": IMGINV})(run)
    return register


@_expect_image("ImageDimensions", "ImageDimensions[image] is {width, height}; of a 3D image "
               "{width, depth, height}.",
               (("ImageDimensions[Image[{{0, 1, 0}, {1, 0, 1}}]]", "{3, 2}"),))
def image_dimensions(img):
    if type(img) is Image3D:
        return Expr.from_args(S.List, (Integer(n) for n in img.dimensions))
    return Expr(S.List, Integer(img.width), Integer(img.height))


@_expect_image("ImageChannels", "ImageChannels[image] is the number of its channels "
               "(alpha included).", (("ImageChannels[Image[{{0, 1}}]]", "1"),))
def image_channels(img):
    return Integer(img.channels)


@_expect_image("ImageType", "ImageType[image] is the type of its pixel values: \"Bit\", "
               "\"Byte\" or \"Real32\".", (("ImageType[Image[{{0, 1}}]]", '"Real32"'),))
def image_type_(img):
    return String(img.image_type)


@_expect_image("ImageColorSpace", "ImageColorSpace[image] is the image's colour space "
               "(\"Grayscale\", \"RGB\", \"CMYK\", \"HSB\", \"XYZ\", \"LAB\", \"LCH\", \"LUV\"; "
               "Automatic for an image of 5 or more channels).",
               (("ImageColorSpace[Image[{{0, 1}}]]", '"Grayscale"'),))
def image_color_space(img):
    return Symbol(NO_SPACE) if img.color_space == NO_SPACE else String(img.color_space)


@builtin("ImageData", argc=(1, None),
         usage="ImageData[image] is the array of pixel values: reals (Byte images scaled to 0 "
               "to 1; a Bit image's are integers 0 and 1), a value per pixel for one channel, "
               "else a list per pixel; "
               "ImageData[image, \"Byte\"] gives integers 0 to 255, \"Bit16\" 0 to 65535; "
               "Interleaving -> False "
               "gives one array per channel (channels first).",
         examples=(("ImageData[Image[{{0, 1}}]]", "{{0., 1.}}"),
                   ('Dimensions[ImageData[Image[RandomReal[1, {2, 3, 3}]], Interleaving -> False]]',
                    "{3, 2, 3}")),
         options={"Interleaving": Symbol("True")},
         messages={"imginv": IMGINV,
                   "type": "`1` is not a valid type (\"Bit\", \"Byte\", \"Bit16\", \"Real32\", "
                           "\"Real64\" or Automatic)."})
def image_data(ev, img, *rest):
    from wlnet.core.expr import from_python
    from wlnet.core.numeric_array import reals_expr
    positional, rules = _split_rules(rest)
    if _any_image_or_message(ev, S.ImageData, img) is None or len(positional) > 1:
        return None
    kind = positional[0] if positional else None
    name = kind.value if type(kind) is String else (
        img.image_type if kind == Symbol("Automatic") else None if kind is None else "?")
    if name is None and img.image_type == "Bit":
        name = "Bit"                         # a Bit image's data are integers 0 and 1
    if name not in (None, "Real") + IMAGE_TYPES:
        ev.message(S.ImageData, "type", kind)
        return None
    interleaved = rules.get("Interleaving", Symbol("True")) != Symbol("False")
    if rules.get("DataReversed") == Symbol("True"):           # rows from the bottom up
        img = Image(img.data[::-1].copy(), img.image_type, img.color_space)
    if img.channels == 1:                   # (the channels are the last axis, 2D or 3D)
        shaped = lambda a: a[..., 0]
    else:                                   # a list per pixel, or one array per channel
        shaped = (lambda a: a) if interleaved else (lambda a: np.moveaxis(a, -1, 0))
    if name in ("Bit", "Byte", "Bit16"):                      # integers of that type
        return from_python(shaped(img.integers(name)).tolist())
    return reals_expr(np.ascontiguousarray(shaped(img.reals())))


# ---------------------------------------------------------------------------- operations

RESAMPLING_MESSAGE = ("`1` is not a resampling method: a name such as \"Nearest\", "
                      "\"Linear\", \"Cubic\", \"Gaussian\", \"Lanczos\", or a name with "
                      "its parameters such as {\"Spline\", n} or {\"Lanczos\", r}.")


@builtin("ImageResize", argc=(2, None),
         usage="ImageResize[image, w] resizes to width w keeping the aspect ratio; "
               "ImageResize[image, {w, h}] to w x h pixels; Resampling -> Automatic "
               "(\"Lanczos\") | \"Nearest\" | \"Linear\" | \"Cubic\" (a spline) | "
               "{\"Spline\", n} | \"Gaussian\" | {\"Lanczos\", r} | ... (the Resampling "
               "methods); "
               "Padding -> \"Reversed\" (the default) | \"Reflected\" | \"Periodic\" | "
               "\"Fixed\" | a value or colour, what the resampling reads beyond the edges.",
         options={"Resampling": Symbol("Automatic"), "Padding": String("Reversed")},
         messages={"imginv": IMGINV, "size": "`1` is not a valid size specification.",
                   "resampling": RESAMPLING_MESSAGE,
                   "padding": "`1` is not a padding method (\"Reversed\", \"Reflected\", "
                              "\"Periodic\", \"Fixed\"), a value or a colour."})
@keeps_display_options
def image_resize(ev, img, spec, *rest):
    if _any_image_or_message(ev, S.ImageResize, img) is None:
        return None
    size = _size_spec(img, spec) if type(img) is Image else _size_spec3d(img, spec)
    if size is None:
        ev.message(S.ImageResize, "size", spec)
        return None
    _, rules = _split_rules(rest)
    method = resampling_method(rules.get("Resampling", Symbol("Automatic")))
    if method is None:
        ev.message(S.ImageResize, "resampling", rules["Resampling"])
        return None
    padding = resize_padding(img, rules.get("Padding", String("Reversed")))
    if padding is None:
        ev.message(S.ImageResize, "padding", rules["Padding"])
        return None
    if type(img) is Image3D:
        return _resized3d(img, size, method, padding)
    return resize(img, *size, method[0], padding, method[1])


def _size_spec3d(image: Image3D, spec) -> tuple[int, int, int] | None:
    """ImageResize's size of a 3D image → (width, depth, height); None if invalid: w is
    {w, Automatic, Automatic}, {s} fits the largest side to s, Scaled[s] scales all, and in
    {w, d, h} each is a number, {n}, Scaled[s], All, Automatic (the ratio of the others)
    or a named size."""
    originals = image.dimensions
    if type(spec) is Expr and spec.head is S.Scaled:
        spec = Expr(S.List, *[spec] * 3)
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 1:
        bound = _positive_int(spec.args[0])
        if bound is None:
            return None
        scale = bound / max(originals)
        return tuple(max(1, round(o * scale)) for o in originals)
    if not (type(spec) is Expr and spec.head is S.List):
        spec = Expr(S.List, spec, Symbol("Automatic"), Symbol("Automatic"))
    if len(spec.args) != 3:
        return None
    sides = [_dimension(d, o) for d, o in zip(spec.args, originals)]
    if None in sides:
        return None
    fixed = [(n, o) for (kind, n), o in zip(sides, originals) if kind != "auto"]
    ratio = fixed[0][0] / fixed[0][1] if fixed else 1.0
    return tuple(max(1, round(o * ratio)) if kind == "auto" else
                 (min(n, max(1, round(o * ratio))) if kind == "max" else n)
                 for (kind, n), o in zip(sides, originals))


def _resized3d(img: Image3D, size, method, padding) -> Image3D:
    """A 3D image resampled to (width, depth, height) as 2D images are (separably, the
    padding read beyond the edges)."""
    from wlnet.core.resampling import resample_axes
    width, depth, height = size
    values = resample_axes(img.reals(), (height, depth, width), method[0], padding, method[1])
    return Image3D(values, img.image_type, img.color_space)


def resampling_method(spec, automatic: str = "Lanczos") -> tuple[str, tuple] | None:
    """(name, its parameters) of a Resampling setting: "name" or {"name", p1, ...} naming a
    method of wlnet.core.resampling; Automatic is ``automatic`` (ImageResize's "Lanczos");
    None if it is none."""
    from wlnet.core.resampling import method_of
    if spec == Symbol("Automatic"):
        return automatic, ()
    if type(spec) is Expr and spec.head is S.List and spec.args:
        name, parameters = spec.args[0], [number(p) for p in spec.args[1:]]
    else:
        name, parameters = spec, []
    if type(name) is not String or None in parameters:
        return None
    parameters = tuple(float(p) for p in parameters)
    return (name.value, parameters) if method_of(name.value, *parameters) else None


def resize_padding(img, spec):
    """A Padding setting as resampling takes it: a method name, or the value of each
    channel (a number, or a colour in the image's colour space; alpha opaque); None if it
    is neither."""
    from wlnet.core.resampling import PADDINGS
    if type(spec) is String:
        return spec.value if spec.value in PADDINGS else None
    level = number(spec)
    if level is not None:
        values = np.full(img.channels, float(level))
    else:
        rgb = colour_of(spec)
        if rgb is None:
            return None
        space = img.color_space if img.color_space != NO_SPACE else "RGB"
        values = convert_values(np.asarray(rgb[:3], dtype=np.float64), "RGB", space)
        values = np.resize(np.atleast_1d(values), img.channels)
    if img.has_alpha:
        values[-1] = 1.0
    return values


@builtin("ImageCrop", argc=(1, None),
         usage="ImageCrop[image] removes its borders of one colour; ImageCrop[image, {w, h}] "
               "is its central w x h part (padded where it is larger; each side d, "
               "UpTo[d], {dmin, dmax}, Automatic or Full); ImageCrop[image, w] keeps the "
               "aspect ratio; ImageCrop[image, size, side] crops on that side (Left, Right, "
               "Top, Bottom, {side1, side2} or fractions {ax, ay} from -1 to 1); Padding -> "
               "0 (the default: black) | a value or colour | \"Fixed\" | \"Reflected\" | "
               "\"Reversed\" | \"Periodic\", what fills the pixels added.",
         options={"Padding": Integer(0)},
         messages={"imginv": IMGINV, "size": "`1` is not a valid size specification.",
                   "spec": "`1` is not a valid cropping specification.",
                   "padding": "`1` is not a padding method (\"Fixed\", \"Reflected\", "
                              "\"Reversed\", \"Periodic\"), a value or a colour.",
                   "argb": "ImageCrop takes an image, a size and a side (`1` arguments "
                           "given)."})
@keeps_display_options
def image_crop(ev, img, *rest):
    if _image_or_message(ev, S.ImageCrop, img) is None:
        return None
    positional, rules = _split_rules(rest)
    if len(positional) > 2:
        ev.message(S.ImageCrop, "argb", Integer(len(positional) + 1))
        return None
    spec, side = (positional + [None, None])[:2]
    padding = resize_padding(img, rules.get("Padding", Integer(0)))
    if padding is None:
        ev.message(S.ImageCrop, "padding", rules["Padding"])
        return None
    if spec is None:
        return _without_uniform_borders(img)
    size = crop_size(img, spec)
    if size is None:
        ev.message(S.ImageCrop, "size", spec)
        return None
    fractions = (0.0, 0.0) if side is None else _crop_fractions(side)
    if fractions is None:
        ev.message(S.ImageCrop, "spec", side)
        return None
    return crop_image(img, *size, *fractions, padding=padding)


def _crop_side(spec, original: int):
    """One side of ImageCrop's size: a number of pixels, or "auto"; None if invalid."""
    if type(spec) is Symbol and spec.name in ("Automatic", "Full"):
        return "auto" if spec.name == "Automatic" else original
    if type(spec) is Expr and spec.head is Symbol("UpTo") and len(spec.args) == 1:
        bound = _positive_int(spec.args[0])
        return None if bound is None else min(bound, original)
    if type(spec) is Expr and spec.head is S.List and len(spec.args) == 2:
        low, high = _positive_int(spec.args[0]), _positive_int(spec.args[1])
        return None if None in (low, high) else min(max(original, low), high)
    return _positive_int(spec)


def crop_size(img: Image, spec) -> tuple[int, int] | None:
    if not (type(spec) is Expr and spec.head is S.List and len(spec.args) == 2):
        spec = Expr(S.List, spec, Symbol("Automatic"))            # w: the aspect ratio kept
    width, height = _crop_side(spec.args[0], img.width), _crop_side(spec.args[1], img.height)
    if None in (width, height):
        return None
    if width == "auto" and height == "auto":
        return img.width, img.height
    if width == "auto":
        return max(1, round(img.width * height / img.height)), height
    if height == "auto":
        return width, max(1, round(img.height * width / img.width))
    return width, height


_SIDE_FRACTIONS = {"Left": (-1.0, None), "Right": (1.0, None), "Bottom": (None, -1.0),
                   "Top": (None, 1.0), "Center": (0.0, 0.0)}


def _crop_fractions(spec) -> tuple[float, float] | None:
    """(horizontal, vertical) shares of the cropping: -1 all on the left (bottom), 1 all
    on the right (top), 0 even."""
    items = list(spec.args) if type(spec) is Expr and spec.head is S.List else [spec]
    if len(items) == 2 and all(number(i) is not None for i in items):
        return tuple(min(max(number(i), -1.0), 1.0) for i in items)
    horizontal = vertical = 0.0
    for item in items:
        if type(item) is not Symbol or item.name not in _SIDE_FRACTIONS or len(items) > 2:
            return None
        h, v = _SIDE_FRACTIONS[item.name]
        horizontal = h if h is not None else horizontal
        vertical = v if v is not None else vertical
    return horizontal, vertical


# WL's padding methods as numpy's: "Reflected" mirrors about the edge pixel, "Reversed"
# repeats it first
_PAD_MODES = {"Reflected": "reflect", "Reversed": "symmetric", "Periodic": "wrap",
              "Fixed": "edge"}


def crop_image(img: Image, width: int, height: int, horizontal=0.0, vertical=0.0,
               padding=None) -> Image:
    """The width x height window of ``img``, the cropping (or, where larger, the padding)
    shared between the sides as the fractions say. ``padding``: None (black, alpha
    opaque), the value of each channel, or a method name (``_PAD_MODES``)."""
    def placed(inner: int, outer: int, fraction: float):
        """(source start, count, pixels added before, after): the fraction -1 crops (or
        pads) all on the start side, 1 all on the end side."""
        start = int(np.floor((inner - outer) * (1.0 - fraction) / 2.0))
        source, target = max(start, 0), max(-start, 0)
        count = max(0, min(inner - source, outer - target))
        return source, count, target, outer - target - count
    sx, cw, left, right = placed(img.width, width, horizontal)
    sy, ch, top, bottom = placed(img.height, height, -vertical)   # rows run from the top
    window = img.data[sy:sy + ch, sx:sx + cw]
    widths = ((top, bottom), (left, right), (0, 0))
    if isinstance(padding, str) and window.size:
        return Image(np.pad(window, widths, mode=_PAD_MODES[padding]), img.image_type,
                     img.color_space)
    if padding is None or isinstance(padding, str):
        padding = np.zeros(img.channels)
        if img.has_alpha:
            padding[-1] = 1.0
    out = np.empty((height, width, img.channels))
    out[...] = padding
    out[top:top + ch, left:left + cw] = img.reals()[sy:sy + ch, sx:sx + cw]
    return Image(out, img.image_type, img.color_space)


BORDER_TOLERANCE = 0.02


def _without_uniform_borders(img: Image) -> Image:
    """``img`` without the rows and columns at its edges that are all one colour (within
    a small tolerance), as ImageCrop[image] trims them."""
    values = img.reals()

    def uniform(strip) -> bool:
        return float(np.ptp(strip.reshape(-1, strip.shape[-1]), axis=0).max()) <= BORDER_TOLERANCE
    top, bottom, left, right = 0, img.height, 0, img.width
    while bottom - top > 1 and uniform(values[top, left:right]):
        top += 1
    while bottom - top > 1 and uniform(values[bottom - 1, left:right]):
        bottom -= 1
    while right - left > 1 and uniform(values[top:bottom, left]):
        left += 1
    while right - left > 1 and uniform(values[top:bottom, right - 1]):
        right -= 1
    if (top, bottom, left, right) == (0, img.height, 0, img.width):
        return img
    return Image(img.data[top:bottom, left:right].copy(), img.image_type, img.color_space)


@builtin("ColorConvert", argc=2,
         usage="ColorConvert[image, space] converts the image's (or a 3D image's) colour "
               "space to \"Grayscale\", "
               "\"RGB\", \"CMYK\", \"HSB\", \"XYZ\", \"LAB\", \"LCH\" or \"LUV\" (alpha "
               "kept; values in WL's ranges: hues as fractions of a turn, L*a*b* and L*u*v* "
               "divided by 100, XYZ relative to the D50 white); ColorConvert[colour, space] writes a "
               "colour directive (RGBColor, Hue, GrayLevel, CMYKColor, XYZColor, LABColor, "
               "LCHColor, LUVColor, or a list of them) in the space's directive.",
         messages={"imginv": IMGINV,
                   "ccvinv": "`1` is not a colour space wlnet converts to (\"Grayscale\", "
                             "\"RGB\", \"CMYK\", \"HSB\", \"XYZ\", \"LAB\", \"LCH\", "
                             "\"LUV\")."})
@keeps_display_options
def color_convert(ev, img, space):
    from wlnet.core.image3d import Image3D, convert3d
    if type(img) not in (Image, Image3D):
        return _convert_colours(ev, img, space)
    if not (type(space) is String and space.value in SPACE_CHANNELS):
        ev.message(S.ColorConvert, "ccvinv", space)
        return None
    return convert3d(img, space.value) if type(img) is Image3D else convert(img, space.value)


# colour directives and the colour space of their components (Hue is HSB)
COLOUR_HEADS = {"RGBColor": "RGB", "GrayLevel": "Grayscale", "Hue": "HSB",
                "CMYKColor": "CMYK", "XYZColor": "XYZ", "LABColor": "LAB",
                "LCHColor": "LCH", "LUVColor": "LUV"}
SPACE_HEADS = {space: head for head, space in COLOUR_HEADS.items()}


def _convert_colours(ev, colours, space):
    """ColorConvert of a colour directive (or a list of them): the same colour written in
    the directive of ``space`` (a space name, Hue for "HSB", or a directive's head), its
    opacity kept; None when ``colours`` is no colour (the call stays unevaluated)."""
    if type(colours) is Expr and colours.head is S.List:
        converted = [_convert_colours(ev, c, space) for c in colours.args]
        return None if any(c is None for c in converted) else Expr(S.List, *converted)
    parsed = _colour_components(colours)
    if parsed is None:
        return None
    if type(space) is Symbol and space.name in COLOUR_HEADS:
        target = COLOUR_HEADS[space.name]      # ColorConvert[c, Hue]: the directive's space
    elif type(space) is String and space.value in SPACE_CHANNELS:
        target = space.value
    else:
        ev.message(S.ColorConvert, "ccvinv", space)
        return None
    source, values, alpha = parsed
    out = convert_values(np.array(values), source, target)
    return Expr(Symbol(SPACE_HEADS[target]), *(Real(float(v)) for v in [*out, *alpha]))


def _colour_components(e):
    """(space, component values, [alpha] or []) of a colour directive, None if ``e`` is
    none. Hue[h] and Hue[h, s] take full saturation and brightness, as WL's Hue does."""
    if type(e) is not Expr or type(e.head) is not Symbol or e.head.name not in COLOUR_HEADS:
        return None
    space = COLOUR_HEADS[e.head.name]
    args = e.args
    if len(args) == 1 and type(args[0]) is Expr and args[0].head is S.List:
        args = args[0].args                    # RGBColor[{r, g, b}]
    values = [number(a) for a in args]
    if not values or any(v is None for v in values):
        return None
    size = SPACE_CHANNELS[space]
    if space == "HSB" and len(values) < 3:
        values = (values + [1.0, 1.0])[:3]
    if len(values) not in (size, size + 1):
        return None
    return space, values[:size], values[size:]


@builtin("ColorNegate", argc=1,
         usage="ColorNegate[image] negates the colour channels (1 - v; alpha kept; a 3D "
               "image too); "
               "ColorNegate[colour] the colour's complement (ColorNegate[Red] is cyan).",
         messages={"imginv": IMGINV})
@keeps_display_options
def color_negate(ev, img):
    if type(img) not in (Image, Image3D) and colour_of(img) is not None:
        return _negated_colour(ev, img)
    if type(img) is not Image3D and _image_or_message(ev, S.ColorNegate, img) is None:
        return None
    values = img.reals().copy()
    colour = slice(0, img.channels - 1) if img.has_alpha else slice(None)
    values[..., colour] = 1.0 - values[..., colour]
    if type(img) is Image3D:
        return Image3D(values, img.image_type, img.color_space)
    return with_data(img, values)


def _negated_colour(ev, colour) -> Expr:
    """An RGBColor or GrayLevel of numbers with each component v as 1 - v (alpha kept);
    any other colour as the RGBColor of its complement."""
    from wlnet.graphics.style import rgb_expr
    head = getattr(colour.head, "name", None) if type(colour) is Expr else None
    size = {"RGBColor": 3, "GrayLevel": 1}.get(head)
    if size is not None and size <= len(colour.args) <= size + 1 \
            and all(number(a) is not None for a in colour.args):
        parts = [ev.evaluate(Expr(S.Subtract, Integer(1), a)) if k < size else a
                 for k, a in enumerate(colour.args)]
        return Expr(colour.head, *parts)
    rgb = colour_of(colour)
    return rgb_expr([1.0 - c for c in rgb[:3]] + list(rgb[3:]))


@builtin("ImageAdjust", argc=(1, 4),
         usage="ImageAdjust[image] rescales the pixel values so that they span 0 to 1; "
               "ImageAdjust[image, c] changes the contrast by c, {c, b} also the brightness "
               "by b, {c, b, γ} also raises the values to the power γ (each value x becomes "
               "(b + 1)(c + 1) x^γ - c/2, clipped to 0..1; {0, 0, 1} changes nothing); "
               "ImageAdjust[image, corr, {inmin, inmax}] first maps inmin..inmax to 0..1, "
               "and a fourth argument {outmin, outmax} maps 0..1 to it at the end "
               "(Automatic: the image's own least or greatest value).  Each of c, b, γ and "
               "the range ends may be a list of one value per channel.  A colour image "
               "comes back in RGB; 3D images are adjusted alike.",
         messages={"imginv": IMGINV,
                   "corr": "`1` is not a valid correction specification (c, {c, b} or "
                           "{c, b, γ}, each a number or a list of one per channel).",
                   "range": "`1` is not a valid range specification."})
@keeps_display_options
def image_adjust(ev, img, correction=None, inrange=None, outrange=None):
    if _any_image_or_message(ev, S.ImageAdjust, img) is None:
        return None
    img = _in_rgb_for_adjusting(img)
    values = img.reals().copy()
    colour = values[..., :img.channels - 1] if img.has_alpha else values
    channels = colour.shape[-1]
    corr = _correction(correction if correction is not None else Integer(0), channels)
    if corr is None:
        ev.message(S.ImageAdjust, "corr", correction)
        return None
    automatic = Expr(S.List, Symbol("Automatic"), Symbol("Automatic"))
    ranges = [_value_range(spec, colour, channels) for spec in (
        inrange if inrange is not None else automatic if correction is None else None,
        outrange)]
    for spec, got in zip((inrange, outrange), ranges):
        if spec is not None and got is None:
            ev.message(S.ImageAdjust, "range", spec)
            return None
    (inlow, inhigh), (outlow, outhigh) = ranges[0] or (0.0, 1.0), ranges[1] or (0.0, 1.0)
    if img.image_type == "Real32":
        # the ends as the pixels hold them: a pixel of 0.2 at an end of 0.2 maps to 0
        inlow, inhigh = (np.float32(e).astype(np.float64) for e in (inlow, inhigh))
    width = inhigh - inlow
    x = np.clip(np.divide(colour - inlow, width, out=np.zeros_like(colour),
                          where=width != 0), 0.0, 1.0)
    contrast, brightness, gamma = corr
    x = np.clip((brightness + 1.0) * (contrast + 1.0) * x ** gamma - contrast / 2.0, 0.0, 1.0)
    colour[...] = outlow + x * (outhigh - outlow)
    return type(img)(values, img.image_type, img.color_space)


def _in_rgb_for_adjusting(img):
    """A colour image of a colour space other than RGB, in RGB (ImageAdjust's result)."""
    from wlnet.core.image3d import convert3d
    if img.color_space in ("Grayscale", "RGB", NO_SPACE):
        return img
    return convert(img, "RGB") if type(img) is Image else convert3d(img, "RGB")


def _channel_values(spec, channels: int) -> np.ndarray | float | None:
    """A number, or a list of one number per channel (an array); None if neither."""
    if type(spec) is Expr and spec.head is S.List:
        values = [number(a) for a in spec.args]
        return np.asarray(values) if len(values) == channels and None not in values else None
    return number(spec)


def _correction(spec, channels: int) -> tuple | None:
    """(contrast, brightness, gamma) of c, {c, b} or {c, b, γ}, each a number or an array of
    one per channel."""
    parts = list(spec.args) if type(spec) is Expr and spec.head is S.List else [spec]
    values = [_channel_values(p, channels) for p in parts]
    if not 1 <= len(values) <= 3 or any(v is None for v in values):
        return None
    return tuple(values + [0.0, 1.0][len(values) - 1:])


def _value_range(spec, values: np.ndarray, channels: int) -> tuple | None:
    """{min, max} (Automatic: the least or greatest of all the values; each end a number or
    one per channel); None if invalid or not given."""
    if spec == Symbol("Automatic"):
        spec = Expr(S.List, spec, spec)
    if spec is None or not (type(spec) is Expr and spec.head is S.List and len(spec.args) == 2):
        return None
    ends = [(float(values.min()) if k == 0 else float(values.max()))
            if a == Symbol("Automatic") else _channel_values(a, channels)
            for k, a in enumerate(spec.args)]
    return None if any(e is None for e in ends) else tuple(ends)


@builtin("ImageAssemble", argc=(1, None),
         usage="ImageAssemble[{{im11, im12, …}, {im21, …}, …}] joins images in a grid (the "
               "images of a row have one height, those of a column one width; Missing[] "
               "leaves a cell of the background); options Spacings, PaddingSize, Background; "
               "ImageAssemble[grid, fitting] resizes images of other sizes to their cells "
               "(\"Fit\", \"Fill\", \"Stretch\"; None: centred in cells as large as "
               "the largest of their row and column).",
         options={"Background": Symbol("Automatic"), "PaddingSize": Integer(0),
                  "Spacings": Integer(0)},
         messages={"imginv": IMGINV,
                   "imgdim": "The images of `1` do not fit together: the images of a row "
                             "must have one height and those of a column one width.",
                   "fitting": "`1` is not a fitting of the images to their cells (\"Fit\", "
                              "\"Fill\" or \"Stretch\").",
                   "optvg": "`2` is not a valid value for the option `1`."})
def image_assemble(ev, grid, *rest):
    rows = _image_grid(grid)
    if rows is None:
        ev.message(S.ImageAssemble, "imginv", *message_slots(grid))
        return None
    positional, rules = _split_rules(rest)
    fitting = positional[0].value if positional and type(positional[0]) is String else None
    if positional and positional != [Symbol("None")] and fitting not in _FITTINGS:
        ev.message(S.ImageAssemble, "fitting", positional[0])
        return None
    if fitting is not None:
        rows = _fitted(rows, fitting)
    settings = _assembly_settings(ev, rules)
    if settings is None:
        return None
    spacings, padding, background = settings
    rows = [row for row in rows if any(im is not None for im in row)]        # skip empty
    columns = [j for j in range(max(len(row) for row in rows))
               if any(j < len(row) and row[j] is not None for row in rows)]
    images = [im for row in rows for im in row if im is not None]
    space = _common_space({im.color_space for im in images})
    kinds = {im.image_type for im in images}       # one integer type stays (Bit, Byte…)
    image_type = kinds.pop() if space in UNIT_SPACES and len(kinds) == 1 \
        and kinds <= {"Bit", "Byte", "Bit16"} else "Real32"
    transparent = background is None
    alpha = transparent or any(im.has_alpha for im in images)
    cells = [[None if j >= len(row) or row[j] is None else _conform(row[j], space, alpha)
              for j in columns] for row in rows]
    # fitting None: each cell as high as its row's highest image, as wide as its column's
    # widest, the images centred in their cells as they are
    size = max if positional == [Symbol("None")] else _one_size
    heights = [size({c.shape[0] for c in row if c is not None}) for row in cells]
    widths = [size({row[k].shape[1] for row in cells if row[k] is not None})
              for k in range(len(columns))]
    if None in heights or None in widths:
        ev.message(S.ImageAssemble, "imgdim", grid)
        return None
    fill = _background_values(background, space, alpha)
    (left, right), (bottom, top) = padding
    across, down = spacings
    canvas = np.empty((top + sum(heights) + down * (len(heights) - 1) + bottom,
                       left + sum(widths) + across * (len(widths) - 1) + right, fill.size))
    canvas[...] = fill
    y = top
    for row, height in zip(cells, heights):
        x = left
        for cell, width in zip(row, widths):
            if cell is not None:
                top_gap, left_gap = (height - cell.shape[0]) // 2, (width - cell.shape[1]) // 2
                canvas[y + top_gap:y + top_gap + cell.shape[0],
                       x + left_gap:x + left_gap + cell.shape[1]] = cell
            x += width + across
        y += height + down
    return Image(canvas, image_type, space)


_FITTINGS = ("Fit", "Fill", "Stretch")


def _fitted(rows, fitting: str):
    """The images resized to their cell: as high as the highest of their row, as wide as
    the widest of their column ("Stretch" to exactly that, "Fit" inside it and padded,
    the aspect ratio kept), or, for "Fill", as the lowest and narrowest, each image
    covering its cell and cropped (the documentation's "fitting to the smallest")."""
    size = min if fitting == "Fill" else max
    heights = [size((im.height for im in row if im is not None), default=1) for row in rows]
    widths = [size((row[j].width for row in rows if j < len(row) and row[j] is not None),
                   default=1) for j in range(max(len(row) for row in rows))]

    def fit(im, w, h):
        if fitting == "Stretch":
            return resize(im, w, h)
        scale = (min if fitting == "Fit" else max)(w / im.width, h / im.height)
        scaled = resize(im, max(1, round(im.width * scale)), max(1, round(im.height * scale)))
        return crop_image(scaled, w, h)
    return [[None if im is None else fit(im, widths[j], heights[i])
             for j, im in enumerate(row)] for i, row in enumerate(rows)]


def _one_size(sizes: set):
    return sizes.pop() if len(sizes) == 1 else None


def _assembly_settings(ev, rules: dict):
    """(spacings (across, down), padding ((left, right), (bottom, top)), background: RGB(A)
    values, or None for Transparent) from ImageAssemble's options; None after a message."""
    def bad(name, value):
        ev.message(S.ImageAssemble, "optvg", Symbol(name), value)

    spacings = _pixel_counts(rules.get("Spacings", Integer(0)), 2)
    if spacings is None:
        return bad("Spacings", rules["Spacings"])
    padding = _padding_sizes(rules.get("PaddingSize", Integer(0)))
    if padding is None:
        return bad("PaddingSize", rules["PaddingSize"])
    value = rules.get("Background", Symbol("Automatic"))
    if value == Symbol("Transparent"):
        return spacings, padding, None
    if value == Symbol("Automatic"):
        return spacings, padding, (0.0,)
    level = _unit_number(value)
    colour = (level,) if level is not None else colour_of(value)
    if colour is None:
        return bad("Background", value)
    return spacings, padding, colour


def _unit_number(e):
    return float(e.value) if type(e) in (Integer, Real) and 0 <= e.value <= 1 else None


def _pixel_counts(e, n: int):
    """n non-negative pixel counts from a count or a list of n."""
    values = list(e.args) if type(e) is Expr and e.head is S.List else [e] * n
    if len(values) != n or not all(type(v) is Integer and v.value >= 0 for v in values):
        return None
    return tuple(v.value for v in values)


def _padding_sizes(e):
    """((left, right), (bottom, top)) from p, {px, py} or {{left, right}, {bottom, top}}."""
    if type(e) is Expr and e.head is S.List and len(e.args) == 2 and all(
            type(a) is Expr and a.head is S.List for a in e.args):
        sides = [_pixel_counts(a, 2) for a in e.args]
        return None if None in sides else tuple(sides)
    counts = _pixel_counts(e, 2)
    return None if counts is None else ((counts[0],) * 2, (counts[1],) * 2)


def _background_values(colour, space: str, alpha: bool) -> np.ndarray:
    """The background as values of the assembled image's space (and alpha channel):
    `colour` a grey level or RGB(A) tuple, None for Transparent."""
    opacity = 0.0 if colour is None else (colour[3] if len(colour) == 4 else 1.0)
    colour = (0.0,) if colour is None else colour[:3]
    values = convert_values(np.asarray(colour, dtype=np.float64),
                            "Grayscale" if len(colour) == 1 else "RGB", space)
    return np.append(values, opacity) if alpha else values


def _common_space(spaces: set) -> str:
    """The colour space images of these spaces are assembled in: theirs if they share one,
    the colour one if grey images join images of one colour space, else RGB."""
    colours = spaces - {"Grayscale"}
    if not colours:
        return "Grayscale"
    return colours.pop() if len(colours) == 1 else "RGB"


def _image_grid(grid) -> list | None:
    """The rows of a grid of images (None for a Missing[…] cell); None if it is not one."""
    if not (type(grid) is Expr and grid.head is S.List and grid.args):
        return None
    rows = grid.args if all(type(r) is Expr and r.head is S.List for r in grid.args) \
        else (grid,)                           # a flat list: one row
    cells = [[_cell(im) for im in r.args] for r in rows]
    if not all(row and all(c is not False for c in row) for row in cells) \
            or all(c is None for row in cells for c in row):
        return None
    return cells


def _cell(e):
    if type(e) is Image:
        return e
    missing = type(e) is Expr and type(e.head) is Symbol and e.head.name == "Missing"
    return None if missing else False


def _conform(img: Image, space: str, alpha: bool) -> np.ndarray:
    return convert(with_alpha(img) if alpha else img, space).reals()


def _image_text(e):
    return "-Image-" if type(e) is Image else None


try:
    from wlnet.syntax.printer import register_output_format
    register_output_format("Image", _image_text)
except ImportError:                           # printer not available: default printing
    pass
