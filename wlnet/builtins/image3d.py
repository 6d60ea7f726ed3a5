"""The Image3D atom's WL face (the voxels live in wlnet.core.image3d).

    Image3D[data], Image3D[data, "Byte"|"Bit16"|"Real32"|"Real64"], Image3D[{image1, image2, …}],
    Image3D[image3d, type], Image3DSlices[image3d], Image3DSlices[image3d, k]

ImageDimensions, ImageChannels, ImageType, ImageColorSpace and ImageData (in
wlnet.builtins.images) take 3D images too.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.color_spaces import CHANNELS as SPACE_CHANNELS
from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.image import Image, pixels_given_as, message_slots
from wlnet.core.image3d import Image3D, convert3d, slice_image
from wlnet.core.registry import builtin
from wlnet.builtins.images import _split_rules

_TYPES = {"Byte": "Byte", "Bit16": "Bit16", "Real32": "Real32", "Real": "Real64",
          "Real64": "Real64"}


def _voxels(data) -> np.ndarray | None:
    """The array a 3D image is made of: a rank-3 (grey) or rank-4 array, a NumericArray, or
    the list of its height slices as Images (of one size)."""
    from wlnet.core.numeric_array import NumericArray, to_numpy_data
    if type(data) is Expr and data.head is S.List and data.args \
            and all(type(a) is Image for a in data.args):
        shapes = {a.data.shape for a in data.args}
        types = {a.image_type for a in data.args}
        if len(shapes) != 1:
            return None
        stack = np.stack([a.data if types == {"Byte"} else a.reals() for a in data.args])
        return stack
    if type(data) is NumericArray and data.type_name == "UnsignedInteger8":
        return data.array
    arr = to_numpy_data(data)
    if arr is None or arr.ndim not in (3, 4) or arr.size == 0 or arr.dtype.kind not in "biuf":
        return None
    return arr if arr.dtype == np.uint8 else arr.astype(np.float32)


@builtin("Image3D", argc=(1, None),
         usage="Image3D[data] is a 3D image from a height x depth x width array of grey "
               "levels or of channel lists (reals from 0 to 1); Image3D[{image1, image2, …}] "
               "stacks 2D images as its height slices; Image3D[data, \"Byte\"] stores bytes "
               "(integers 0 to 255 in data), \"Bit16\" integers 0 to 65535, \"Real32\" or "
               "\"Real64\" reals.",
         examples=(("ImageDimensions[Image3D[RandomReal[1, {4, 3, 2}]]]", "{2, 3, 4}"),),
         messages={"imgarray": "`1` is not a rank-3 array of grey levels, a rank-4 array of "
                               "channel lists, or a list of images of one size.",
                   "imgtype": "`1` is not a valid image type (\"Byte\", \"Bit16\", \"Real32\" or "
                              "\"Real64\")."})
def image3d(ev, data, *rest):
    positional, rules = _split_rules(rest)
    image_type = None
    if positional:
        t = positional[0]
        if len(positional) > 1 or type(t) is not String or t.value not in _TYPES:
            ev.message(S.Image3D, "imgtype", t)
            return None
        image_type = _TYPES[t.value]
    if type(data) is Image3D:
        return data if image_type in (None, data.image_type) else \
            Image3D(data.reals(), image_type, data.color_space)
    arr = _voxels(data)
    space = rules.get("ColorSpace")
    space = space.value if type(space) is String and space.value in SPACE_CHANNELS else None
    channels = arr.shape[3] if arr is not None and arr.ndim == 4 else 1
    given = space if space is not None and channels - SPACE_CHANNELS[space] in (0, 1) else None
    if arr is None or not (1 <= channels <= 4 or given is not None):
        ev.message(S.Image3D, "imgarray", data)
        return None
    if image_type is not None:
        arr = pixels_given_as(arr, image_type)
    try:
        image = Image3D(arr, image_type, given)
    except ValueError:
        ev.message(S.Image3D, "imgarray", data)
        return None
    return convert3d(image, space) if space is not None and space != image.color_space \
        else image


@builtin("Image3DSlices", argc=(1, 2),
         usage="Image3DSlices[image3d] is the list of its height slices as images; "
               "Image3DSlices[image3d, k] is the k-th.",
         examples=(("Length[Image3DSlices[Image3D[RandomReal[1, {4, 3, 2}]]]]", "4"),),
         messages={"imginv": "Expecting a 3D image instead of `1`.",
                   "index": "`1` is not the index of a slice of the image."})
def image3d_slices(ev, img, k=None):
    if type(img) is not Image3D:
        ev.message(S.Image3DSlices, "imginv", *message_slots(img))
        return None
    height = img.data.shape[0]
    if k is None:
        return Expr.from_args(S.List, (slice_image(img, i) for i in range(height)))
    if type(k) is not Integer or not 1 <= abs(k.value) <= height:
        ev.message(S.Image3DSlices, "index", k)
        return None
    return slice_image(img, k.value - 1 if k.value > 0 else height + k.value)


def _image3d_text(e):
    return "-Image3D-" if type(e) is Image3D else None


try:
    from wlnet.syntax.printer import register_output_format
    register_output_format("Image3D", _image3d_text)
except ImportError:                           # printer not available: default printing
    pass
