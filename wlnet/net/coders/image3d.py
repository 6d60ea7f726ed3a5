"""NetEncoder and NetDecoder "Image3D": 3D images to {channels, height, depth, width} arrays
and back.

    NetEncoder[{"Image3D", {width, depth, height}, ColorSpace -> "Grayscale", …}]

An ``Image3D`` (or ``File[path]`` of a file of several frames, a multi-page TIFF…: its
frames the height slices) of any size, colour space and type is converted to the encoder's colour space
(alpha dropped, or with ColorSpace Automatic and "ColorChannels" 2 or 4 kept), resized to
width x depth x height (``NetEncoder["Image3D"]``: 128 x 128 x 128; one number n: n x n x n),
and its values (0..1) have "MeanImage" subtracted and are divided by the square root of
"VarianceImage" (None, a number, one number per channel, or an Image3D conformed to the
encoder's size).  Method "Stretch" (the default) resamples to exactly that size; "Fit"
scales the image, keeping its proportions, to fit inside and pads the rest with Padding
(Black, White, a grey level, or "Fixed", "Periodic", "Reflected", "Reversed"); "Fill" scales
it to cover the size and crops what lies outside; both centre it (Alignment Center).
Resampling: Automatic (linear) or any method ImageResize takes ("Nearest", "Cubic",
"Lanczos", {"Gaussian", r, σ}…), the same resampling as the "Image" encoder's.  The array is
{c, height, depth, width}; Interleaving -> True puts the channels last.

The decoder does the reverse: such an array (statistics added back) becomes a "Real32"
Image3D of c channels in the decoder's colour space.  Its only property is the bypass
(None).  The parameters, the colour-space and statistics checks and the padding forms are
those of the "Image" coders (wlnet.net.coders.image).
"""

from __future__ import annotations

import attrs
import numpy as np

from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.net.coders.base import Coder, CoderError
from wlnet.net.coders.image import (
    AUTOMATIC, CHANNELS, IMPLIED_SPACES, PADDING_METHODS, Conforming, SpatialImageDecoder,
    _bool_expr, _colour_and_statistics, _conforming, _flag, _image_options, _padding_expr,
    _space_expr, _statistic_expr, _stored_colour, _stored_statistic, decoder_channels,
    layout_dims, learnt_colour,
)
from wlnet.net.errors import NetSpecError
from wlnet.net.types import RealT, TensorT

__all__ = ["Image3DEncoder", "Image3DDecoder", "image3d_encoder_from_spec",
           "image3d_decoder_from_spec", "image3d_encoder_from_form", "image3d_decoder_from_form",
           "matching_image3d_coder"]

DEFAULT_SIZE = (128, 128, 128)                 # (width, depth, height)
ENCODER_OPTIONS = ("ColorSpace", "MeanImage", "VarianceImage", "ColorChannels", "Interleaving",
                   "Method", "Resampling", "Alignment", "Padding")
DECODER_OPTIONS = ("ColorSpace", "MeanImage", "VarianceImage", "ColorChannels", "Interleaving")


def _image3d_of(x):
    """The Image3D an encoder input stands for: an Image3D, or File[path] read (its frames
    as the height slices); CoderError otherwise."""
    from wlnet.core.image import ImageFileError
    from wlnet.core.image3d import Image3D, read_image3d
    if type(x) is Image3D:
        return x
    if type(x) is Expr and type(x.head) is Symbol and x.head.name == "File" \
            and len(x.args) == 1 and type(x.args[0]) is String:
        try:
            with open(x.args[0].value, "rb") as fh:
                return read_image3d(fh.read())
        except (OSError, ImageFileError) as err:
            raise CoderError(f"the file cannot be read as a 3D image ({err})")
    raise CoderError("input is not a 3D image")


def _in_space(image, color_space: str, channels: int):
    """The 3D image in the coder's colour space (as the "Image" encoder's ``_in_space``)."""
    from wlnet.core.image3d import Image3D, convert3d, drop_alpha3d
    if color_space != AUTOMATIC:
        return convert3d(drop_alpha3d(image), color_space)
    if image.channels == channels:
        return image
    image = convert3d(drop_alpha3d(image), IMPLIED_SPACES[channels])
    values = image.reals()
    return Image3D(np.concatenate([values, np.ones(values.shape[:3] + (1,))], axis=3),
                   image.image_type, image.color_space)


def _placed(values: np.ndarray, shape: tuple, padding) -> np.ndarray:
    """{c, …} values centred on a {c, *shape} canvas: cropped where larger, padded with a
    value (one, or one per channel) or by a padding method where smaller."""
    crop = tuple(slice(max(0, (n - m) // 2), max(0, (n - m) // 2) + min(n, m))
                 for n, m in zip(values.shape[1:], shape))
    values = values[(slice(None),) + crop]
    pads = [(0, 0)] + [((m - n) // 2, m - n - (m - n) // 2)
                       for n, m in zip(values.shape[1:], shape)]
    if isinstance(padding, str):
        return np.pad(values, pads, PADDING_METHODS[padding])
    out = np.empty((values.shape[0],) + tuple(shape))
    fill = np.resize(np.asarray(padding, dtype=np.float64), values.shape[0])
    out[...] = fill.reshape((-1,) + (1,) * len(shape))
    inner = tuple(slice(before, before + n) for (before, _), n in zip(pads[1:], values.shape[1:]))
    out[(slice(None),) + inner] = values
    return out


def _conformed(image, color_space: str, size: tuple, how: Conforming = Conforming(),
               channels: int = 0) -> np.ndarray:
    """The image's values as a {c, height, depth, width} float64 array in the colour space
    and size (width, depth, height)."""
    values = _in_space(image, color_space, channels).reals()     # {height, depth, width, c}
    if how.method == "Stretch":
        return np.moveaxis(_resampled(values, size, how), 3, 0)
    pick = min if how.method == "Fit" else max
    dims = (values.shape[2], values.shape[1], values.shape[0])     # (width, depth, height)
    scale = pick(n / m for n, m in zip(size, dims))
    scaled = tuple(max(1, round(m * scale)) for m in dims)
    values = np.moveaxis(_resampled(values, scaled, how), 3, 0)
    width, depth, height = size
    return _placed(values, (height, depth, width), how.padding)


def _resampled(values: np.ndarray, size: tuple, how: Conforming) -> np.ndarray:
    """{height, depth, width, c} values resampled to ``size`` (width, depth, height) by the
    encoder's Resampling (Automatic: linear), with wlnet.core.resampling as the "Image"
    encoder resizes: every method it knows, along the three axes in turn."""
    from wlnet.core.resampling import resample_axes
    name, parameters = how.resampling_method
    width, depth, height = size
    if values.shape[:3] == (height, depth, width):
        return np.asarray(values, dtype=np.float64)
    return resample_axes(values, (height, depth, width), name, parameters=parameters)


def _statistic(spec, color_space: str, shape) -> np.ndarray | float:
    """A "MeanImage"/"VarianceImage" value as something that broadcasts to ``shape``
    ({c, height, depth, width})."""
    from wlnet.core.image3d import Image3D
    if spec is None:
        return 0.0
    if type(spec) is Image3D:
        c, height, depth, width = shape
        return _conformed(spec, color_space, (width, depth, height), channels=c)
    if type(spec) is Expr and spec.head is S.List:
        return np.array([float(a.value) for a in spec.args])[:, None, None, None]
    return float(spec.value)


@attrs.frozen(slots=True)
class Image3DEncoder(Coder):
    kind = "Encoder"
    name = "Image3D"
    allows_bypass = True                 # WL's AllowBypass
    size: tuple = DEFAULT_SIZE               # (width, depth, height)
    color_space: str = "RGB"
    mean: object = None                      # None | Integer/Real | List | Image3D
    variance: object = None
    interleaving: bool = False
    conforming: Conforming = Conforming()
    color_channels: int = 0                  # with color_space Automatic (2 or 4)

    @property
    def channels(self) -> int:
        return CHANNELS.get(self.color_space, self.color_channels)

    @property
    def type(self):
        return TensorT(layout_dims(self.channels, tuple(reversed(self.size)),
                                   self.interleaving), RealT)

    def takes(self, x) -> bool:
        from wlnet.core.image3d import Image3D
        return type(x) is Image3D or (type(x) is Expr and type(x.head) is Symbol
                                      and x.head.name == "File")

    def encode_array(self, x):
        x = _image3d_of(x)
        values = _conformed(x, self.color_space, self.size, self.conforming, self.channels)
        values = values - _statistic(self.mean, self.color_space, values.shape)
        if self.variance is not None:
            values = values / np.sqrt(_statistic(self.variance, self.color_space, values.shape))
        return np.moveaxis(values, 0, -1) if self.interleaving else values

    def params_expr(self):
        how = self.conforming
        return [("ImageSize", Expr.from_args(S.List, (Integer(n) for n in self.size))),
                ("ColorSpace", _space_expr(self.color_space)),
                ("ColorChannels", Integer(self.channels)),
                ("MeanImage", _statistic_expr(self.mean)),
                ("VarianceImage", _statistic_expr(self.variance)),
                ("Interleaving", _bool_expr(self.interleaving)),
                ("Method", String(how.method)),
                ("Resampling", Symbol("Automatic") if how.resampling is None
                 else how.resampling),
                ("Alignment", Symbol("Center")),
                ("Padding", _padding_expr(how.padding))]

    def properties(self):
        return ["ImageSize", "ColorSpace", "ColorChannels", "MeanImage", "VarianceImage",
                "Interleaving", "Method", "Resampling", "Alignment", "Padding"]


@attrs.frozen(slots=True)
class Image3DDecoder(SpatialImageDecoder):
    """The "Image" decoder's work over three spatial sizes (height, depth, width)."""
    name = "Image3D"
    SPATIAL = ("Height", "Depth", "Width")
    rank = 4                                  # one decision is a rank-4 array

    @staticmethod
    def statistic(spec, color_space: str, shape):
        return _statistic(spec, color_space, shape)

    def picture(self, values: np.ndarray, space):
        from wlnet.core.image3d import Image3D
        return Image3D(values, "Real32", space)

    @staticmethod
    def converted(picture, color_space: str):
        from wlnet.core.image3d import convert3d
        return convert3d(picture, color_space)


def matching_image3d_coder(c, kind: str) -> Coder:
    """NetDecoder[an "Image3D" encoder] (the same colour space, statistics, size, layout)
    and the reverse."""
    shared = dict(color_space=c.color_space, color_channels=c.color_channels, mean=c.mean,
                  variance=c.variance, interleaving=c.interleaving)
    if kind == "Decoder":
        return Image3DDecoder(**shared, sizes=tuple(reversed(c.size)))
    if all(isinstance(n, int) for n in c.sizes):
        shared["size"] = tuple(reversed(c.sizes))         # (width, depth, height)
    return Image3DEncoder(**{**shared, **learnt_colour(c)})


# ---------------------------------------------------------------------------- reading specs

def _size3d(e, spec) -> tuple:
    """n (a cube) or {width, depth, height}."""
    if type(e) is Expr and e.head is S.List and len(e.args) == 3 and all(
            type(a) is Integer and a.value > 0 for a in e.args):
        return tuple(a.value for a in e.args)
    if type(e) is Integer and e.value > 0:
        return (e.value,) * 3
    raise NetSpecError("invenc", spec)


def _accept_3d(opts: dict, spec, error: str) -> dict:
    """The "Image" coders' colour and statistics checks, a 3D image standing for an image."""
    from wlnet.core.image3d import Image3D
    stand_in = Symbol("None")
    images = {k: v for k, v in opts.items()
              if k in ("MeanImage", "VarianceImage") and type(v) is Image3D}
    made = _colour_and_statistics(spec, {**opts, **{k: stand_in for k in images}}, error)
    for key, field in (("MeanImage", "mean"), ("VarianceImage", "variance")):
        if key in images:
            made[field] = images[key]
    return made


def image3d_encoder_from_spec(spec, rest: list) -> Image3DEncoder:
    """``NetEncoder[{"Image3D", size, opts…}]`` / ``{"Image3D", size, colourspace, opts…}``."""
    positional = [a for a in rest if not (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed))]
    if len(positional) > 2 or positional != list(rest[:len(positional)]):
        raise NetSpecError("invenc", spec)
    size = _size3d(positional[0], spec) if positional else DEFAULT_SIZE
    opts = _image_options(spec, rest[len(positional):], ENCODER_OPTIONS)
    if len(positional) == 2:
        if "ColorSpace" in opts:
            raise NetSpecError("invenc", spec)
        opts["ColorSpace"] = positional[1]
    if opts.get("Alignment", Symbol("Center")) != Symbol("Center"):
        raise NetSpecError("invenc", spec)
    how = _conforming(spec, opts)
    return Image3DEncoder(size, **_accept_3d(opts, spec, "invenc"),
                          interleaving=_flag(opts.get("Interleaving", Symbol("False")), spec,
                                             "invenc"),
                          conforming=how)


def image3d_decoder_from_spec(spec, rest: list) -> Image3DDecoder:
    """``NetDecoder["Image3D"]`` / ``NetDecoder[{"Image3D", colourspace?, opts…}]``."""
    space = None
    if rest and type(rest[0]) is String:
        space, rest = rest[0], rest[1:]
    try:
        opts = _image_options(spec, rest, DECODER_OPTIONS, "decoder")
    except NetSpecError as err:
        raise err if err.tag == "coderparam" else NetSpecError("invdec", spec)
    if space is not None:
        if "ColorSpace" in opts:
            raise NetSpecError("invdec", spec)
        opts["ColorSpace"] = space
    return Image3DDecoder(**_accept_3d(opts, spec, "invdec"),
                          interleaving=_flag(opts.get("Interleaving", Symbol("False")), spec,
                                             "invdec"),
                          free_channels=decoder_channels(opts))


def image3d_encoder_from_form(params: dict) -> Image3DEncoder:
    spec = Expr(S.List, String("Image3D"))
    return Image3DEncoder(tuple(a.value for a in params["ImageSize"].args),
                          **_stored_colour(params),
                          mean=_stored_statistic(params, "MeanImage"),
                          variance=_stored_statistic(params, "VarianceImage"),
                          interleaving=params.get("Interleaving") == Symbol("True"),
                          conforming=_conforming(spec, {k: v for k, v in params.items()
                                                        if k in ("Method", "Resampling",
                                                                 "Padding")}))


def image3d_decoder_from_form(params: dict) -> Image3DDecoder:
    return Image3DDecoder.from_form(params,
                                    interleaving=params.get("Interleaving") == Symbol("True"))
