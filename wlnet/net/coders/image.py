"""NetEncoder and NetDecoder "Image": images to {channels, height, width} arrays and back.

    NetEncoder[{"Image", {w, h}, ColorSpace -> "Grayscale", "MeanImage" -> m, …}]

An image of any size, colour space and type (or ``File[path]``) is converted to the
encoder's colour space (alpha dropped), resized to w x h, and its values (0..1) have the
mean subtracted and are divided by the square root of the variance: ``"MeanImage"`` and
``"VarianceImage"`` are None, a number, a list with one number per channel, or an Image
(conformed to the encoder's size and colour space).  ``"ColorChannels"`` (the number of
channels, 1 or 3) is another way to name the colour space.

The "Image" decoder does the reverse: a {c, h, w} array (with mean and variance added back)
becomes a "Real32" image of c channels.
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.net.coders.base import Coder, CoderError
from wlnet.net.errors import NetSpecError
from wlnet.net.types import RealT, TensorT, dim_from_expr, dim_to_expr, fresh_size

__all__ = ["ImageEncoder", "ImageDecoder", "image_encoder_from_spec", "image_decoder_from_spec",
           "image_encoder_from_form", "image_decoder_from_form"]

CHANNELS = {"Grayscale": 1, "RGB": 3}
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


def _conformed(image, color_space: str, width: int, height: int) -> np.ndarray:
    """The image's values as a {c, h, w} float64 array in the given colour space and size."""
    from wlnet.core.image import convert, drop_alpha, resize
    image = resize(convert(drop_alpha(image), color_space), width, height)
    return np.transpose(image.reals(), (2, 0, 1))


def _statistic(spec, color_space: str, shape) -> np.ndarray | float:
    """A "MeanImage"/"VarianceImage" value as something that broadcasts to ``shape``."""
    from wlnet.core.image import Image
    if spec is None:
        return 0.0
    if type(spec) is Image:
        return _conformed(spec, color_space, shape[2], shape[1])
    if type(spec) is Expr and spec.head is S.List:
        return np.array([float(a.value) for a in spec.args])[:, None, None]
    return float(spec.value)


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
    size: tuple = DEFAULT_SIZE               # (width, height)
    color_space: str = "RGB"
    mean: object = None                      # None | Integer/Real | List | Image
    variance: object = None

    @property
    def channels(self) -> int:
        return CHANNELS[self.color_space]

    @property
    def type(self):
        width, height = self.size
        return TensorT((self.channels, height, width), RealT)

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
        values = _conformed(image, self.color_space, width, height)
        values = values - _statistic(self.mean, self.color_space, values.shape)
        if self.variance is not None:
            values = values / np.sqrt(_statistic(self.variance, self.color_space, values.shape))
        return values

    def params_expr(self):
        width, height = self.size
        return [("ImageSize", Expr(S.List, Integer(width), Integer(height))),
                ("ColorSpace", String(self.color_space)),
                ("ColorChannels", Integer(self.channels)),
                ("MeanImage", _statistic_expr(self.mean)),
                ("VarianceImage", _statistic_expr(self.variance))]

    def properties(self):
        return ["ImageSize", "ColorSpace", "ColorChannels", "MeanImage", "VarianceImage"]


@attrs.frozen(slots=True)
class ImageDecoder(Coder):
    kind = "Decoder"
    name = "Image"
    color_space: str = "RGB"
    mean: object = None
    variance: object = None
    height: object = attrs.field(factory=fresh_size)
    width: object = attrs.field(factory=fresh_size)
    rank = 3                                  # one decision is a rank-3 array

    @property
    def channels(self) -> int:
        return CHANNELS[self.color_space]

    @property
    def type(self):
        return TensorT((self.channels, self.height, self.width), RealT)

    def decode(self, arr, prop="Decision"):
        from wlnet.core.image import Image
        arr = np.asarray(arr, dtype=np.float64)
        if arr.ndim != 3 or arr.shape[0] != self.channels:
            raise CoderError(f"input should be an array of dimensions {{{self.channels}, "
                             "height, width}")
        if self.variance is not None:
            arr = arr * np.sqrt(_statistic(self.variance, self.color_space, arr.shape))
        arr = arr + _statistic(self.mean, self.color_space, arr.shape)
        return Image(np.transpose(arr, (1, 2, 0)).astype(np.float32), "Real32")

    def params_expr(self):
        return [("ColorSpace", String(self.color_space)),
                ("ColorChannels", Integer(self.channels)),
                ("MeanImage", _statistic_expr(self.mean)),
                ("VarianceImage", _statistic_expr(self.variance)),
                ("$Height", dim_to_expr(self.height)), ("$Width", dim_to_expr(self.width))]

    def resolve(self, u):
        return attrs.evolve(self, height=u.dim(self.height), width=u.dim(self.width))

    def map_vars(self, f):
        return attrs.evolve(self, height=f(self.height), width=f(self.width))

    def properties(self):
        return ["Decision"]


# ---------------------------------------------------------------------------- reading specs

def _option_name(key) -> str | None:
    if type(key) is String:
        return key.value
    if type(key) is Symbol:
        return key.name
    return None


def _image_options(spec, rules) -> dict:
    known = ("ColorSpace", "MeanImage", "VarianceImage", "ColorChannels")
    out = {}
    for r in rules:
        if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)):
            raise NetSpecError("invenc", spec)
        name = _option_name(r.args[0])
        if name not in known:
            raise NetSpecError("invenc", spec)
        out[name] = r.args[1]
    return out


def _colour_and_statistics(spec, opts: dict, error: str) -> tuple:
    """(colour space, mean, variance) from the options; NetSpecError(error) if invalid."""
    space = opts.get("ColorSpace")
    channels = opts.get("ColorChannels")
    if space is None:
        color_space = "Grayscale" if type(channels) is Integer and channels.value == 1 else "RGB"
    elif type(space) is String and space.value in CHANNELS:
        color_space = space.value
    else:
        raise NetSpecError(error, spec)
    if channels is not None and not (type(channels) is Integer
                                     and channels.value == CHANNELS[color_space]):
        raise NetSpecError(error, spec)
    stats = []
    for key in ("MeanImage", "VarianceImage"):
        value = opts.get(key)
        value = None if value == Symbol("None") else value
        if not _statistic_ok(value, CHANNELS[color_space]):
            raise NetSpecError(error, spec)
        stats.append(value)
    return color_space, *stats


def _size(e, spec) -> tuple[int, int]:
    if type(e) is Integer and e.value > 0:
        return e.value, e.value
    if type(e) is Expr and e.head is S.List and len(e.args) == 2 and all(
            type(a) is Integer and a.value > 0 for a in e.args):
        return e.args[0].value, e.args[1].value
    raise NetSpecError("invenc", spec)


def image_encoder_from_spec(spec, rest: list) -> ImageEncoder:
    """``NetEncoder[{"Image", size, opts…}]`` (``rest``: what follows "Image")."""
    positional = [a for a in rest if not (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed))]
    if len(positional) > 1 or (positional and rest[0] is not positional[0]):
        raise NetSpecError("invenc", spec)
    size = _size(positional[0], spec) if positional else DEFAULT_SIZE
    opts = _image_options(spec, rest[len(positional):])
    return ImageEncoder(size, *_colour_and_statistics(spec, opts, "invenc"))


def image_decoder_from_spec(spec, rest: list) -> ImageDecoder:
    """``NetDecoder["Image"]`` / ``NetDecoder[{"Image", opts…}]``."""
    try:
        opts = _image_options(spec, rest)
    except NetSpecError:
        raise NetSpecError("invdec", spec)
    return ImageDecoder(*_colour_and_statistics(spec, opts, "invdec"))


def _stored_statistic(params: dict, key: str):
    value = params.get(key)
    return None if value is None or value == Symbol("None") else value


def image_encoder_from_form(params: dict) -> ImageEncoder:
    size = params["ImageSize"]
    return ImageEncoder((size.args[0].value, size.args[1].value), params["ColorSpace"].value,
                        _stored_statistic(params, "MeanImage"),
                        _stored_statistic(params, "VarianceImage"))


def image_decoder_from_form(params: dict) -> ImageDecoder:
    height, width = params.get("$Height"), params.get("$Width")
    return ImageDecoder(params["ColorSpace"].value, _stored_statistic(params, "MeanImage"),
                        _stored_statistic(params, "VarianceImage"),
                        dim_from_expr(height) if height is not None else fresh_size(),
                        dim_from_expr(width) if width is not None else fresh_size())
