"""Three-dimensional raster images: the ``Image3D`` atom and its resampling.

An ``Image3D`` holds an immutable array of shape (height, depth, width, channels), as the
Wolfram Language keeps it: ``ImageData`` gives the height slices (from the top), each of
depth rows of width voxels, and ``ImageDimensions`` is {width, depth, height}.  Channels,
colour spaces and the pixel types (but "Bit") are those of ``Image`` (wlnet.core.image):
1 grey, 2 grey and alpha, 3 RGB, 4 RGB and alpha, or another colour space named when made.
It prints as ``-Image3D-``; its InputForm is
``Image3D[NumericArray[…], "Byte", ColorSpace -> "RGB", Interleaving -> True]``.

``read_image3d(bytes)`` reads a file of several frames of one size (a multi-page TIFF, an
animated GIF…, anything Pillow reads) as the height slices of a Byte Image3D.
"""

from __future__ import annotations

import numpy as np

from wlnet.core.color_spaces import CHANNELS as SPACE_CHANNELS, convert_values
from wlnet.core.expr import Atom, Expr, String, Symbol
from wlnet.core.image import (COLOR_SPACES, NUMERIC_ARRAY_TYPES, UNIT_SPACES, pixel_reals,
                              stored_pixels)

__all__ = ["Image3D", "resize3d", "convert3d", "drop_alpha3d", "slice_image", "read_image3d"]

MAX_VOXELS = 2**28                     # refuse absurd sizes (a 128^3 RGB volume is 2^22.6)


class Image3D(Atom):
    """A 3D raster image (see the module docstring)."""

    __slots__ = ("_data", "_type", "_space")
    head = Symbol("Image3D")

    def __init__(self, data, image_type: str | None = None, color_space: str | None = None):
        """``data``: (height, depth, width) grey levels or (height, depth, width, c); uint8
        data is "Byte", anything else "Real32" unless ``image_type`` says which."""
        arr = np.asarray(data)
        if arr.ndim == 3:
            arr = arr[..., None]
        if color_space is None and arr.ndim == 4:
            color_space = COLOR_SPACES.get(arr.shape[3])
        if arr.ndim != 4 or color_space not in SPACE_CHANNELS or 0 in arr.shape \
                or arr.shape[3] - SPACE_CHANNELS[color_space] not in (0, 1) \
                or arr.size > MAX_VOXELS:
            raise ValueError("an Image3D needs a height x depth x width (x channels) array")
        if image_type == "Bit" or image_type is None and arr.dtype == np.bool_:
            image_type = "Byte"                  # (3D images keep no "Bit" type here)
        self._data, self._type = stored_pixels(arr, image_type)
        self._space = color_space

    @property
    def data(self) -> np.ndarray:
        """The stored (height, depth, width, c) array (uint8 or float32), read-only."""
        return self._data

    @property
    def image_type(self) -> str:
        return self._type

    @property
    def channels(self) -> int:
        return self._data.shape[3]

    @property
    def color_space(self) -> str:
        return self._space

    @property
    def has_alpha(self) -> bool:
        return self.channels > SPACE_CHANNELS[self._space]

    @property
    def dimensions(self) -> tuple[int, int, int]:
        """{width, depth, height}, as ImageDimensions gives them."""
        height, depth, width = self._data.shape[:3]
        return width, depth, height

    def reals(self) -> np.ndarray:
        """The voxel values as float64, integer types scaled to 0..1."""
        return pixel_reals(self._data, self._type)

    def bytes(self) -> np.ndarray:
        return stored_pixels(self._data, "Byte")[0] if self._type != "Byte" else self._data

    def integers(self, image_type: str) -> np.ndarray:
        """The voxel values as integers of "Bit", "Byte" or "Bit16", int64."""
        return stored_pixels(self._data, image_type)[0].astype(np.int64)

    def __eq__(self, other) -> bool:
        return (type(other) is Image3D and other._type == self._type
                and other._space == self._space and other._data.shape == self._data.shape
                and np.array_equal(other._data, self._data))

    def __hash__(self) -> int:
        return hash(("Image3D", self._type, self._space, self._data.shape,
                     self._data.tobytes()))

    def __repr__(self) -> str:
        w, d, h = self.dimensions
        return f"Image3D(<{w}x{d}x{h}, {self.color_space}, {self._type}>)"

    def to_expr_form(self) -> Expr:
        from wlnet.core.expr import S
        from wlnet.core.numeric_array import NumericArray
        data = self._data if self.channels > 1 else self._data[..., 0]
        array = NumericArray(data, NUMERIC_ARRAY_TYPES[self._type])
        return Expr(self.head, array, String(self._type),
                    Expr(S.Rule, Symbol("ColorSpace"), String(self.color_space)),
                    Expr(S.Rule, Symbol("Interleaving"), Symbol("True")))


def _with_values(image: Image3D, values: np.ndarray, color_space: str | None = None) -> Image3D:
    space = color_space or image.color_space
    image_type = image.image_type if space in UNIT_SPACES else "Real32"
    return Image3D(values, image_type, space)


# scipy.ndimage spline orders of the Resampling names
ORDERS = {"Nearest": 0, "Linear": 1, "Bilinear": 1, "Cubic": 3, "Bicubic": 3, "Lanczos": 3}


def resize3d(image: Image3D, size: tuple, method: str = "Linear") -> Image3D:
    """``image`` resampled to ``size`` = (width, depth, height), voxel centres mapped onto
    voxel centres (values outside the edge repeat the edge)."""
    from scipy.ndimage import map_coordinates
    width, depth, height = size
    if (width, depth, height) == image.dimensions:
        return image
    values = image.reals()
    old = values.shape[:3]
    new = (height, depth, width)
    axes = [(np.arange(n) + 0.5) * (o / n) - 0.5 for o, n in zip(old, new)]
    grid = np.meshgrid(*axes, indexing="ij")
    order = ORDERS.get(method, 1)
    planes = [map_coordinates(values[..., k], grid, order=order, mode="nearest")
              for k in range(values.shape[3])]
    return _with_values(image, np.stack(planes, axis=3))


def convert3d(image: Image3D, color_space: str) -> Image3D:
    """``image`` in another colour space (alpha kept)."""
    if color_space == image.color_space:
        return image
    values = image.reals()
    colour, alpha = (values[..., :-1], values[..., -1:]) if image.has_alpha else (values, None)
    colour = convert_values(colour, image.color_space, color_space)
    if alpha is not None:
        colour = np.concatenate([colour, alpha], axis=3)
    return _with_values(image, colour, color_space)


def drop_alpha3d(image: Image3D) -> Image3D:
    """``image`` without its alpha channel, composited over white."""
    if not image.has_alpha:
        return image
    if image.color_space not in ("Grayscale", "RGB"):
        return convert3d(drop_alpha3d(convert3d(image, "RGB")), image.color_space)
    values = image.reals()
    alpha = np.clip(values[..., -1:], 0.0, 1.0)
    return _with_values(image, values[..., :-1] * alpha + (1.0 - alpha))


def slice_image(image: Image3D, k: int):
    """The k-th height slice (0-based) as an ``Image``."""
    from wlnet.core.image import Image
    return Image(image.data[k], image.image_type, image.color_space)


def read_image3d(data: bytes) -> Image3D:
    """The frames of an image file, stacked as height slices (see the module docstring);
    ImageFileError for a file Pillow cannot read or frames of different sizes."""
    import io
    from PIL import Image as PILImage, ImageSequence, UnidentifiedImageError
    from wlnet.core.image import MAX_PIXELS, ImageFileError, _pil_array
    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with PILImage.open(io.BytesIO(data)) as pil:
            frames = [_pil_array(frame.copy()) for frame in ImageSequence.Iterator(pil)]
    except UnidentifiedImageError:
        raise ImageFileError("not an image file in a format that can be read")
    except (OSError, ValueError, SyntaxError, EOFError) as err:
        raise ImageFileError(f"the file is damaged ({err})")
    if len({f.shape for f in frames}) != 1:
        raise ImageFileError("its frames are not all of one size")
    return Image3D(np.stack(frames))
