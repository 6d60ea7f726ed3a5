"""NetEncoder and NetDecoder "Image": images to {channels, height, width} arrays and back.

    NetEncoder[{"Image", {w, h}, ColorSpace -> "Grayscale", "MeanImage" -> m, …}]

An image of any size, colour space and type (or ``File[path]``) is converted to the
encoder's colour space (alpha dropped; "Grayscale", "RGB", "CMYK", "HSB", "XYZ", "LAB",
"LCH" or "LUV", in WL's channel ranges: see wlnet.core.color_spaces), resized to w x h, and its values (0..1) have the
mean subtracted and are divided by the square root of the variance: ``"MeanImage"`` and
``"VarianceImage"`` are None, a number, a list with one number per channel, or an Image
(conformed to the encoder's size and colour space).  ``"ColorChannels"`` (the number of
channels) alone names "Grayscale" (1) or "RGB" (3), or leaves the colour space Automatic
with 2 or 4 channels: grey or RGB with an alpha channel, as WL reads an image of that many
channels (an image without alpha gets an opaque one; an image of exactly that many channels
is taken as it is).

How the image is brought to w x h (Method): "Stretch" (the default) resamples it to exactly
that size; "Fit" scales it (keeping its aspect ratio) to fit inside and pads the rest with
Padding (Black, White, a grey level g, GrayLevel[g] or RGBColor[r, g, b], or one of the
Padding option's methods: "Fixed" repeats the edge pixels, "Periodic" the image cyclically,
"Reflected" mirrors it in its edge (the edge not repeated), "Reversed" mirrors it with the edge
repeated); "Fill" scales it
to cover w x h and crops what lies outside.  Alignment (Center, Left, Right, Top, Bottom,
or {horizontal, vertical} of those or of numbers from -1 to 1) places the image for "Fit"
and "Fill".  Resampling: Automatic ("Linear", bilinear) or any method of the Resampling option
("Nearest", "Cubic" (the cubic spline), "Lanczos", {"Lanczos", r}, {"Keys", a}, "Gaussian"
and the others of wlnet.core.resampling), the image's own pixels mirrored beyond its edges.

The array is {c, h, w}; Interleaving -> True puts the channels last ({h, w, c});
"DataTransposed" -> True swaps the width before the height ({c, w, h} or {w, h, c}).

The "Image" decoder does the reverse: an array of the same layout (with the mean added
back; as WL's, it does not scale by the variance) becomes a "Real32" image in the decoder's
colour space.  The default "RGB" decoder takes any channel count (learnt from the net): 3 is
RGB, another count is read as the image it implies (1 grey, 2 grey with alpha, 4 RGB with
alpha, more: its first three channels) and converted to RGB.
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.core.color_spaces import CHANNELS as SPACE_CHANNELS, convert_values
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.net.coders.base import Coder, CoderError, unknown_parameter
from wlnet.net.errors import NetSpecError
from wlnet.net.types import RealT, TensorT, dim_from_expr, dim_to_expr, fresh_size

__all__ = ["ImageEncoder", "ImageDecoder", "image_encoder_from_spec", "image_decoder_from_spec",
           "image_encoder_from_form", "image_decoder_from_form", "matching_image_coder"]

CHANNELS = SPACE_CHANNELS                  # the colour spaces and their channel counts
DEFAULT_SIZE = (128, 128)                  # NetEncoder["Image"]


def _image_of(x):
    """The Image an encoder input stands for (an Image, or File[path] read), else None."""
    from wlnet.core.image import Image, ImageFileError, read_image
    if type(x) is Image:
        return x
    if type(x) is Expr and type(x.head) is Symbol and x.head.name == "File" \
            and len(x.args) == 1 and type(x.args[0]) is String:
        try:
            with open(x.args[0].value, "rb") as fh:
                return read_image(fh.read())
        except (OSError, ImageFileError) as err:
            raise CoderError(f"the file cannot be read as an image ({err})")
    return None


AUTOMATIC_RESAMPLING = "Linear"           # Resampling -> Automatic: bilinear
METHODS = ("Stretch", "Fit", "Fill")
# where Left/Center/Right and Top/Center/Bottom put the image (fraction of the free room)
_PLACES = {"Left": (0.0, None), "Right": (1.0, None), "Top": (None, 0.0),
           "Bottom": (None, 1.0), "Center": (0.5, 0.5)}


@attrs.frozen(slots=True)
class Conforming:
    """How an image is brought to the encoder's size (see the module docstring)."""
    method: str = "Stretch"
    resampling: object = None                # the Resampling setting; None: Automatic
    alignment: tuple = (0.5, 0.5)            # (from the left, from the top), 0..1
    padding: tuple | str = (0.0,)            # one value, one per RGB channel, or a method

    @property
    def resampling_method(self) -> tuple:
        """(name, parameters) of the Resampling setting, as wlnet.core.resampling takes it."""
        from wlnet.builtins.images import resampling_method
        spec = Symbol("Automatic") if self.resampling is None else self.resampling
        return resampling_method(spec, AUTOMATIC_RESAMPLING)

    def resized(self, image, width: int, height: int):
        from wlnet.core.image import resize
        name, parameters = self.resampling_method
        return resize(image, width, height, name, parameters=parameters)


# Padding methods (WL's Padding option) as numpy.pad's modes
PADDING_METHODS = {"Fixed": "edge", "Periodic": "wrap", "Reflected": "reflect",
                   "Reversed": "symmetric"}


def _placed(values: np.ndarray, width: int, height: int, how: Conforming,
            color_space: str) -> np.ndarray:
    """{c, h', w'} values put on a {c, height, width} canvas of the padding colour (or
    cropped to it), at the alignment; with a padding method, the room around the image is
    filled from the image itself."""
    c, h, w = values.shape
    if isinstance(how.padding, str):
        return _padded_by_method(values, width, height, how)
    padding = np.asarray(how.padding, dtype=np.float64)      # a grey level or RGB
    padding = convert_values(padding, "Grayscale" if padding.size == 1 else "RGB",
                             color_space)
    if c > padding.size:                                     # the alpha channel: opaque
        padding = np.append(padding, 1.0)
    canvas = np.empty((c, height, width))
    canvas[...] = padding[:, None, None]
    fx, fy = how.alignment
    left, top = int((width - w) * fx), int((height - h) * fy)    # negative: cropped
    src_x, src_y = max(-left, 0), max(-top, 0)
    dst_x, dst_y = max(left, 0), max(top, 0)
    cw, ch = min(w - src_x, width - dst_x), min(h - src_y, height - dst_y)
    canvas[:, dst_y:dst_y + ch, dst_x:dst_x + cw] = values[:, src_y:src_y + ch, src_x:src_x + cw]
    return canvas


def _padded_by_method(values: np.ndarray, width: int, height: int,
                      how: Conforming) -> np.ndarray:
    """values cropped to at most height x width at the alignment, then padded to exactly that
    by one of PADDING_METHODS."""
    _, h, w = values.shape
    fx, fy = how.alignment
    left, top = int((width - w) * fx), int((height - h) * fy)    # negative: cropped
    values = values[:, max(-top, 0):max(-top, 0) + min(h, height),
                    max(-left, 0):max(-left, 0) + min(w, width)]
    _, h, w = values.shape
    left, top = max(left, 0), max(top, 0)
    return np.pad(values, ((0, 0), (top, height - h - top), (left, width - w - left)),
                  PADDING_METHODS[how.padding])


# ColorSpace Automatic: the colour space that 2 or 4 channels imply, before its alpha channel
AUTOMATIC = "Automatic"
IMPLIED_SPACES = {2: "Grayscale", 4: "RGB"}


def _in_space(image, color_space: str, channels: int):
    """The image in the coder's colour space; with Automatic, with `channels` channels: its
    own if it has that many, else grey or RGB with its alpha channel (opaque if it had
    none)."""
    from wlnet.core.image import convert, drop_alpha, with_alpha
    if color_space != AUTOMATIC:
        return convert(drop_alpha(image), color_space)
    if image.channels == channels:
        return image
    return with_alpha(convert(image, IMPLIED_SPACES[channels]))


def _conformed(image, color_space: str, width: int, height: int,
               how: Conforming = Conforming(), channels: int = 0) -> np.ndarray:
    """The image's values as a {c, h, w} float64 array in the given colour space (Automatic:
    with `channels` channels, see `_in_space`) and size."""
    image = _in_space(image, color_space, channels)
    if how.method == "Stretch":
        return np.transpose(how.resized(image, width, height).reals(), (2, 0, 1))
    scale = (min if how.method == "Fit" else max)(width / image.width, height / image.height)
    w = max(1, round(image.width * scale))
    h = max(1, round(image.height * scale))
    values = np.transpose(how.resized(image, w, h).reals(), (2, 0, 1))
    return _placed(values, width, height, how, image.color_space)


def to_layout(values: np.ndarray, interleaving: bool, transposed: bool) -> np.ndarray:
    """{c, h, w} values in the coder's layout: {c, w, h} when transposed, channels last
    with interleaving."""
    if transposed:
        values = np.swapaxes(values, -1, -2)
    return np.moveaxis(values, -3, -1) if interleaving else values


def from_layout(values: np.ndarray, interleaving: bool, transposed: bool,
                spatial: int = 2) -> np.ndarray:
    """An image array in the coder's layout back to {channels, spatial sizes…}."""
    if interleaving:
        values = np.moveaxis(values, -1, -1 - spatial)
    return np.swapaxes(values, -1, -2) if transposed else values


def layout_dims(channels, sizes: tuple, interleaving: bool, transposed: bool = False) -> tuple:
    """The array dimensions of an image of ``channels`` and spatial ``sizes`` ((height,
    width), or (height, depth, width) for a 3D image): the channels first, or last with
    ``interleaving``; ``transposed`` ("DataTransposed") swaps the last two spatial sizes."""
    if transposed:
        sizes = (*sizes[:-2], sizes[-1], sizes[-2])
    return (*sizes, channels) if interleaving else (channels, *sizes)


def _statistic(spec, color_space: str, shape) -> np.ndarray | float:
    """A "MeanImage"/"VarianceImage" value as something that broadcasts to ``shape``."""
    from wlnet.core.image import Image
    if spec is None:
        return 0.0
    if type(spec) is Image:
        return _conformed(spec, color_space, shape[2], shape[1], channels=shape[0])
    if type(spec) is Expr and spec.head is S.List:
        return np.array([float(a.value) for a in spec.args])[:, None, None]
    return float(spec.value)


def _real_statistic(spec):
    """Exact fractions in a statistic as reals ("VarianceImage" -> 1/255), a list's too."""
    if type(spec) is Rational:
        return Real(spec.numerator / spec.denominator)
    if type(spec) is Expr and spec.head is S.List and any(type(a) is Rational for a in spec.args):
        return Expr.from_args(S.List, [_real_statistic(a) for a in spec.args])
    return spec


def _statistic_ok(spec, channels: int) -> bool:
    from wlnet.core.image import Image
    if spec is None or type(spec) is Image or type(spec) in (Integer, Real):
        return True
    return (type(spec) is Expr and spec.head is S.List and len(spec.args) == channels
            and all(type(a) in (Integer, Real) for a in spec.args))


def _statistic_expr(spec):
    return Symbol("None") if spec is None else spec


@attrs.frozen(slots=True)
class ImageEncoder(Coder):
    kind = "Encoder"
    name = "Image"
    allows_bypass = True                 # WL's AllowBypass
    size: tuple = DEFAULT_SIZE               # (width, height)
    color_space: str = "RGB"
    mean: object = None                      # None | Integer/Real | List | Image
    variance: object = None
    interleaving: bool = False
    transposed: bool = False                 # "DataTransposed"
    conforming: Conforming = Conforming()
    color_channels: int = 0                  # with color_space Automatic (2 or 4)

    @property
    def channels(self) -> int:
        return CHANNELS.get(self.color_space, self.color_channels)

    @property
    def type(self):
        width, height = self.size
        return TensorT(layout_dims(self.channels, (height, width), self.interleaving,
                                   self.transposed), RealT)

    def takes(self, x) -> bool:
        """Whether ``x`` is one input of this encoder (not a batch of them)."""
        from wlnet.core.image import Image
        return type(x) is Image or (type(x) is Expr and type(x.head) is Symbol
                                    and x.head.name == "File")

    def encode_array(self, x):
        image = _image_of(x)
        if image is None:
            raise CoderError("input is not an image")
        width, height = self.size
        values = _conformed(image, self.color_space, width, height, self.conforming,
                            self.channels)
        values = values - _statistic(self.mean, self.color_space, values.shape)
        if self.variance is not None:
            values = values / np.sqrt(_statistic(self.variance, self.color_space, values.shape))
        return to_layout(values, self.interleaving, self.transposed)

    def params_expr(self):
        width, height = self.size
        how = self.conforming
        return [("ImageSize", Expr(S.List, Integer(width), Integer(height))),
                ("ColorSpace", _space_expr(self.color_space)),
                ("ColorChannels", Integer(self.channels)),
                ("MeanImage", _statistic_expr(self.mean)),
                ("VarianceImage", _statistic_expr(self.variance)),
                ("Interleaving", _bool_expr(self.interleaving)),
                ("DataTransposed", _bool_expr(self.transposed)),
                ("Method", String(how.method)),
                ("Resampling", Symbol("Automatic") if how.resampling is None
                 else how.resampling),
                ("Alignment", _alignment_expr(how.alignment)),
                ("Padding", _padding_expr(how.padding))]

    def properties(self):
        return ["ImageSize", "ColorSpace", "ColorChannels", "MeanImage", "VarianceImage",
                "Interleaving", "DataTransposed", "Method", "Resampling", "Alignment",
                "Padding"]


@attrs.frozen(slots=True)
class SpatialImageDecoder(Coder):
    """What the "Image" and "Image3D" decoders share: an array of ``channels`` and spatial
    ``sizes`` (in the array's order, named by SPATIAL: "$Height", "$Width"… in the stored
    form) becomes an image of the decoder's colour space, the statistics added back."""
    kind = "Decoder"
    name = "Image"
    SPATIAL = ("Height", "Width")
    transposed = False                        # "DataTransposed" ("Image" only)
    color_space: str = "RGB"
    mean: object = None
    variance: object = None
    sizes: tuple = attrs.field(default=attrs.Factory(
        lambda self: tuple(fresh_size() for _ in self.SPATIAL), takes_self=True))
    interleaving: bool = False
    color_channels: int = 0                   # with color_space Automatic (2 or 4)
    # The default "RGB" decoder (no ColorChannels given) takes any number of channels, a
    # size the net's output fixes: WL reads an array of other than 3 channels as the image
    # its count implies (grey, grey with alpha, RGB with alpha, plain channels) and
    # converts that to RGB.  None: the colour space fixes the count.
    free_channels: object = None

    @property
    def channels(self):
        if self.free_channels is not None:
            return self.free_channels
        return CHANNELS.get(self.color_space, self.color_channels)

    @property
    def type(self):
        return TensorT(layout_dims(self.channels, self.sizes, self.interleaving,
                                   self.transposed), RealT)

    def decode(self, arr, prop="Decision"):
        arr = np.asarray(arr, dtype=np.float64)
        channels = self.channels
        if arr.ndim != 1 + len(self.sizes) or isinstance(channels, int) and \
                arr.shape[-1 if self.interleaving else 0] != channels:
            raise CoderError(self._shape_error(arr))
        arr = np.array(from_layout(arr, self.interleaving, self.transposed, len(self.sizes)))
        if self.free_channels is not None and arr.shape[0] != 3:
            arr = self._as_rgb(arr)
        # the mean is added back to the colour channels; like WL's decoder, this one does
        # not scale by "VarianceImage" (the encoder divides by it)
        colour = CHANNELS.get(self.color_space, arr.shape[0])
        arr[:colour] += self.statistic(self.mean, self.color_space, (colour, *arr.shape[1:]))
        return self.picture(np.moveaxis(arr, 0, -1).astype(np.float32),
                            None if self.color_space == AUTOMATIC else self.color_space)

    def _shape_error(self, arr) -> str:
        """What a decoded array should have been, with its channel count."""
        channels = self.channels if isinstance(self.channels, int) else "channels"
        want = layout_dims(channels, tuple(n.lower() for n in self.SPATIAL),
                           self.interleaving, self.transposed)
        got = f"one of dimensions {{{', '.join(map(str, arr.shape))}}}" if arr.ndim else "a number"
        space = "" if self.color_space == AUTOMATIC else f" for an image in {self.color_space}"
        return f"it should be an array of dimensions {{{', '.join(map(str, want))}}}{space}, not {got}"

    def _as_rgb(self, arr: np.ndarray) -> np.ndarray:
        """{c, spatial…} values of an image of c channels (its colour space the one c
        implies) as the values of that image converted to RGB (alpha kept)."""
        if arr.shape[0] > 4:             # no colour space: its first three channels, as drawn
            return arr[:3].copy()
        picture = self.picture(np.moveaxis(arr, 0, -1).astype(np.float32), None)
        return np.moveaxis(self.converted(picture, "RGB").reals(), -1, 0).copy()

    @staticmethod
    def statistic(spec, color_space: str, shape):
        """A "MeanImage"/"VarianceImage" value as something that broadcasts to ``shape``."""
        return _statistic(spec, color_space, shape)

    def picture(self, values: np.ndarray, space):
        from wlnet.core.image import Image
        return Image(values, "Real32", space)

    @staticmethod
    def converted(picture, color_space: str):
        from wlnet.core.image import convert
        return convert(picture, color_space)

    def layout_params(self) -> list:
        return [("Interleaving", _bool_expr(self.interleaving))]

    def params_expr(self):
        channels = self.channels
        free = [] if self.free_channels is None else [("$Channels", dim_to_expr(channels))]
        return [("ColorSpace", _space_expr(self.color_space)),
                ("ColorChannels", Integer(channels) if isinstance(channels, int)
                 else Symbol(AUTOMATIC)),
                ("MeanImage", _statistic_expr(self.mean)),
                ("VarianceImage", _statistic_expr(self.variance)),
                *self.layout_params(),
                *(("$" + n, dim_to_expr(d)) for n, d in zip(self.SPATIAL, self.sizes)),
                *free]

    def resolve(self, u):
        free = None if self.free_channels is None else u.dim(self.free_channels)
        return attrs.evolve(self, sizes=tuple(u.dim(d) for d in self.sizes), free_channels=free)

    def map_vars(self, f):
        free = None if self.free_channels is None else f(self.free_channels)
        return attrs.evolve(self, sizes=tuple(f(d) for d in self.sizes), free_channels=free)

    def properties(self):
        return ["Decision"]

    @classmethod
    def from_form(cls, params: dict, **layout) -> "SpatialImageDecoder":
        """The decoder of a stored parameter association (its sizes "$Height"…, new
        size variables for those not stored)."""
        stored = (params.get("$" + n) for n in cls.SPATIAL)
        free = params.get("$Channels")
        return cls(**_stored_colour(params), mean=_stored_statistic(params, "MeanImage"),
                   variance=_stored_statistic(params, "VarianceImage"),
                   sizes=tuple(fresh_size() if e is None else dim_from_expr(e) for e in stored),
                   free_channels=None if free is None else dim_from_expr(free), **layout)


@attrs.frozen(slots=True)
class ImageDecoder(SpatialImageDecoder):
    rank = 3                                  # one decision is a rank-3 array
    transposed: bool = False

    def layout_params(self) -> list:
        return [*SpatialImageDecoder.layout_params(self),
                ("DataTransposed", _bool_expr(self.transposed))]


# ---------------------------------------------------------------------------- reading specs

def matching_image_coder(c, kind: str):
    """NetDecoder[an "Image" encoder] (and the reverse): the same colour space, statistics,
    size and layout, so that a decoded output reads as the input was encoded."""
    shared = dict(color_space=c.color_space, color_channels=c.color_channels, mean=c.mean,
                  variance=c.variance, interleaving=c.interleaving, transposed=c.transposed)
    if kind == "Decoder":
        return ImageDecoder(**shared, sizes=tuple(reversed(c.size)))
    if all(isinstance(n, int) for n in c.sizes):
        shared["size"] = tuple(reversed(c.sizes))         # (width, height)
    return ImageEncoder(**{**shared, **learnt_colour(c)})


def learnt_colour(decoder) -> dict:
    """The colour of the encoder matching a decoder whose channel count was learnt from a
    net (see SpatialImageDecoder.free_channels): arrays of that many channels, as
    "ColorChannels" alone names them (1 grey, 2 and 4 with alpha); {} for 3 (RGB), a count
    not known yet or one no colour space has, or a per-channel mean for RGB."""
    n = decoder.free_channels
    if not isinstance(n, int) or n == 3 or n > 4 or type(decoder.mean) is Expr:
        return {}
    if n == 1:
        return dict(color_space="Grayscale")
    return dict(color_space=AUTOMATIC, color_channels=n)


def _option_name(key) -> str | None:
    if type(key) is String:
        return key.value
    if type(key) is Symbol:
        return key.name
    return None


ENCODER_OPTIONS = ("ColorSpace", "MeanImage", "VarianceImage", "ColorChannels", "Interleaving",
                   "DataTransposed", "Method", "Resampling", "Alignment", "Padding",
                   "ImageSize", "Parallelize")
DECODER_OPTIONS = ("ColorSpace", "MeanImage", "VarianceImage", "ColorChannels", "Interleaving",
                   "DataTransposed")


def _space_expr(color_space: str):
    return Symbol(AUTOMATIC) if color_space == AUTOMATIC else String(color_space)


def _bool_expr(value: bool):
    return Symbol("True" if value else "False")


def _alignment_expr(alignment: tuple):
    for name, place in _PLACES.items():
        if place == alignment:
            return Symbol(name)
    return Expr(S.List, Real(alignment[0] * 2 - 1), Real(1 - alignment[1] * 2))


def _padding_expr(padding: tuple | str):
    if isinstance(padding, str):
        return String(padding)
    if padding == (0.0,):
        return Symbol("Black")
    if padding == (1.0,):
        return Symbol("White")
    if len(padding) == 1:
        return Real(padding[0])
    return Expr.from_args(S.List, (Real(v) for v in padding))


def _flag(value, spec, error: str) -> bool:
    if type(value) is Symbol and value.name in ("True", "False"):
        return value.name == "True"
    raise NetSpecError(error, spec)


def _number(e) -> float | None:
    return float(e.value) if type(e) in (Integer, Real) else None


def _alignment(value, spec) -> tuple:
    """Center, Left, Right, Top, Bottom, or {horizontal, vertical} (named places or numbers
    from -1 to 1, -1 the left and the bottom)."""
    if type(value) is Symbol and value.name in _PLACES:
        x, y = _PLACES[value.name]
        return (0.5 if x is None else x, 0.5 if y is None else y)
    if type(value) is Expr and value.head is S.List and len(value.args) == 2:
        parts = []
        for axis, a in enumerate(value.args):
            if type(a) is Symbol and a.name in _PLACES and _PLACES[a.name][axis] is not None \
                    or type(a) is Symbol and a.name == "Center":
                parts.append(_PLACES[a.name][axis])
                continue
            n = _number(a)
            if n is None or not -1 <= n <= 1:
                raise NetSpecError("invenc", spec)
            parts.append((n + 1) / 2 if axis == 0 else (1 - n) / 2)
        return tuple(parts)
    raise NetSpecError("invenc", spec)


def _padding(value, spec) -> tuple | str:
    """Black, White, a grey level, GrayLevel[g], RGBColor[r, g, b] (or a list of three), or
    a padding method ("Fixed", "Periodic", "Reflected", "Reversed")."""
    if type(value) is String and value.value in PADDING_METHODS:
        return value.value
    if type(value) is Symbol and value.name in ("Black", "White"):
        return (0.0 if value.name == "Black" else 1.0,)
    n = _number(value)
    if n is not None:
        return (n,)
    if type(value) is Expr and type(value.head) is Symbol:
        levels = [_number(a) for a in value.args]
        if None not in levels and (value.head.name == "GrayLevel" and len(levels) == 1
                                   or value.head.name in ("RGBColor", "List")
                                   and len(levels) == 3):
            return tuple(levels)
    raise NetSpecError("invenc", spec)


def _conforming(spec, opts: dict) -> Conforming:
    method = opts.get("Method", String("Stretch"))
    if not (type(method) is String and method.value in METHODS):
        raise NetSpecError("invenc", spec)
    from wlnet.builtins.images import resampling_method
    resampling = opts.get("Resampling", Symbol("Automatic"))
    if resampling_method(resampling) is None:
        raise NetSpecError("invenc", spec)
    if resampling == Symbol("Automatic"):
        resampling = None
    return Conforming(method.value, resampling,
                      _alignment(opts.get("Alignment", Symbol("Center")), spec),
                      _padding(opts.get("Padding", Symbol("Black")), spec))


def _layout(spec, opts: dict, error: str) -> tuple:
    """(interleaving, transposed)."""
    return (_flag(opts.get("Interleaving", Symbol("False")), spec, error),
            _flag(opts.get("DataTransposed", Symbol("False")), spec, error))


def _image_options(spec, rules, known=ENCODER_OPTIONS, kind: str = "encoder") -> dict:
    """The parameter rules as a dict; a name not ``known`` names itself in the message."""
    out = {}
    for r in rules:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)):
            raise NetSpecError("invenc", spec)
        name = _option_name(r.args[0])
        if name not in known:
            raise unknown_parameter(kind, spec.args[0].value if type(spec) is Expr else spec.value,
                                    r.args[0] if name is None else name, known)
        out[name] = r.args[1]
    return out


def _colour_and_statistics(spec, opts: dict, error: str) -> dict:
    """The coder's color_space, color_channels, mean and variance from the options;
    NetSpecError(error) if invalid.  "ColorChannels" alone: 1 is "Grayscale", 3 "RGB", 2
    and 4 an Automatic colour space (grey or RGB with alpha)."""
    space = opts.get("ColorSpace")
    given = opts.get("ColorChannels")
    if given is not None and not (type(given) is Integer and given.value > 0):
        raise NetSpecError(error, spec)
    channels = given.value if given is not None else 0
    if space is None or space == Symbol(AUTOMATIC):
        color_space = {1: "Grayscale", 3: "RGB", 0: "RGB"}.get(channels, AUTOMATIC)
        if color_space == AUTOMATIC and channels not in IMPLIED_SPACES:
            raise NetSpecError(error, spec)
    elif type(space) is String and space.value in CHANNELS:
        color_space = space.value
        if given is not None and channels != CHANNELS[color_space]:
            raise NetSpecError(error, spec)
    else:
        raise NetSpecError(error, spec)
    channels = CHANNELS.get(color_space, channels)
    stats = []
    for key in ("MeanImage", "VarianceImage"):
        value = opts.get(key)
        value = None if value == Symbol("None") else _real_statistic(value)
        if not _statistic_ok(value, channels):
            raise NetSpecError(error, spec)
        stats.append(value)
    return dict(color_space=color_space, mean=stats[0], variance=stats[1],
                color_channels=channels if color_space == AUTOMATIC else 0)


def _size(e, spec) -> tuple[int, int]:
    if type(e) is Integer and e.value > 0:
        return e.value, e.value
    if type(e) is Expr and e.head is S.List and len(e.args) == 2 and all(
            type(a) is Integer and a.value > 0 for a in e.args):
        return e.args[0].value, e.args[1].value
    raise NetSpecError("invenc", spec)


def image_encoder_from_spec(spec, rest: list) -> ImageEncoder:
    """``NetEncoder[{"Image", size, opts…}]`` or ``{"Image", size, colourspace, opts…}``
    (``rest``: what follows "Image")."""
    positional = [a for a in rest if not (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed))]
    if len(positional) > 2 or positional != list(rest[:len(positional)]):
        raise NetSpecError("invenc", spec)
    opts = _image_options(spec, rest[len(positional):])
    if positional and "ImageSize" in opts:
        raise NetSpecError("invenc", spec)
    # "ImageSize" -> size is the size given as a parameter (as the encoder stores it)
    size = _size(positional[0] if positional else opts.pop("ImageSize"), spec) \
        if positional or "ImageSize" in opts else DEFAULT_SIZE
    # "Parallelize" (older versions' switch for encoding images in parallel) changes
    # nothing: a batch is encoded as one array operation
    if opts.pop("Parallelize", Symbol("True")) not in (Symbol("True"), Symbol("False"),
                                                       Symbol("Automatic")):
        raise NetSpecError("invenc", spec)
    if len(positional) == 2:            # {"Image", {28, 28}, "Grayscale"}
        if "ColorSpace" in opts:
            raise NetSpecError("invenc", spec)
        opts["ColorSpace"] = positional[1]
    interleaving, transposed = _layout(spec, opts, "invenc")
    return ImageEncoder(size, **_colour_and_statistics(spec, opts, "invenc"),
                        interleaving=interleaving, transposed=transposed,
                        conforming=_conforming(spec, opts))


def image_decoder_from_spec(spec, rest: list) -> ImageDecoder:
    """``NetDecoder["Image"]`` / ``NetDecoder[{"Image", opts…}]`` /
    ``NetDecoder[{"Image", colourspace, opts…}]`` (colourspace Automatic: as not given)."""
    space = None
    if rest and type(rest[0]) is String:            # {"Image", "Grayscale", …}
        space, rest = rest[0], rest[1:]
    elif rest and rest[0] == Symbol(AUTOMATIC):      # {"Image", Automatic, ColorSpace -> …}:
        rest = rest[1:]                              # the colour space left to the options
    try:
        opts = _image_options(spec, rest, DECODER_OPTIONS, "decoder")
    except NetSpecError as err:
        raise err if err.tag == "coderparam" else NetSpecError("invdec", spec)
    if space is not None:
        if "ColorSpace" in opts:
            raise NetSpecError("invdec", spec)
        opts["ColorSpace"] = space
    interleaving, transposed = _layout(spec, opts, "invdec")
    return ImageDecoder(**_colour_and_statistics(spec, opts, "invdec"),
                        interleaving=interleaving, transposed=transposed,
                        free_channels=decoder_channels(opts))


def decoder_channels(opts: dict):
    """The free channel count of an image decoder given ``opts``: a size to learn when its
    colour space is "RGB" and its ColorChannels is not given, else None (see
    SpatialImageDecoder.free_channels)."""
    space = opts.get("ColorSpace", Symbol(AUTOMATIC))
    rgb = space in (Symbol(AUTOMATIC), String("RGB"))
    return fresh_size() if rgb and "ColorChannels" not in opts else None


def _stored_statistic(params: dict, key: str):
    value = params.get(key)
    return None if value is None or value == Symbol("None") else value


def _stored_layout(params: dict) -> tuple:
    return tuple(params.get(key) == Symbol("True") for key in ("Interleaving", "DataTransposed"))


def _stored_colour(params: dict) -> dict:
    space = params["ColorSpace"]
    if type(space) is String:
        return dict(color_space=space.value)
    channels = params.get("ColorChannels")                # Automatic
    return dict(color_space=AUTOMATIC, color_channels=channels.value)


def image_encoder_from_form(params: dict) -> ImageEncoder:
    size = params["ImageSize"]
    spec = Expr(S.List, String("Image"))
    interleaving, transposed = _stored_layout(params)
    return ImageEncoder((size.args[0].value, size.args[1].value), **_stored_colour(params),
                        mean=_stored_statistic(params, "MeanImage"),
                        variance=_stored_statistic(params, "VarianceImage"),
                        interleaving=interleaving, transposed=transposed,
                        conforming=_conforming(spec, {k: v for k, v in params.items()
                                                      if k in ("Method", "Resampling",
                                                               "Alignment", "Padding")}))


def image_decoder_from_form(params: dict) -> ImageDecoder:
    interleaving, transposed = _stored_layout(params)
    return ImageDecoder.from_form(params, interleaving=interleaving, transposed=transposed)
