"""Raster images: the ``Image`` atom, its pixel operations, and file reading/writing on Pillow.

An ``Image`` holds an immutable array of shape (height, width, channels), row 0 at the top,
as the Wolfram Language keeps it:

    channels 1  "Grayscale"          channels 2  "Grayscale" with an alpha channel
    channels 3  "RGB"                channels 4  "RGB" with an alpha channel

(the colour space an array's channel count implies), or in another of WL's colour spaces
("CMYK", "HSB", "XYZ", "LAB", "LCH", "LUV": see ``color_spaces``), given when made, with
one more channel for alpha; an array of any other number of channels (a multispectral
image, a net's feature maps) has no colour space ("Automatic", as WL says): it is drawn
from its first three channels as RGB;

and one of WL's five pixel types: ``"Bit"`` (booleans, 0 or 1; what ``Binarize`` gives),
``"Byte"`` (uint8, 0..255; what most files give), ``"Bit16"`` (uint16, 0..65535; what 16-bit
files give), ``"Real32"`` (float32, nominally 0..1; what ``Image[{{0.2, …}}]`` gives) and
``"Real64"`` (float64).  Integer types stand for the reals 0..1 (a Byte value over 255, a
Bit16 value over 65535).  It is
an atom; it prints as ``-Image-`` and its InputForm is
``Image[NumericArray[…], "Byte", ColorSpace -> "RGB", Interleaving -> True]``.

``pixels`` is what front ends draw: 8-bit RGB, alpha composited over white.

``read_image(bytes)`` decodes any file Pillow reads (PNG, JPEG, …) into a Byte Image (Bit16
for 16-bit grey; an alpha channel opaque everywhere is dropped), raising
``ImageFileError`` for a damaged or unknown file; ``image_file_bytes(image, "PNG"|"JPEG")``
encodes.  ``encode_png``/``decode_png`` are the 8-bit RGB shorthands older callers use.
"""

from __future__ import annotations

import io

import numpy as np

from wlnet.core.color_spaces import CHANNELS as SPACE_CHANNELS, GREY_WEIGHTS, convert_values
from wlnet.core.expr import Atom, Expr, String, Symbol

__all__ = ["Image", "ImageFileError", "PNGError", "encode_png", "decode_png",
           "image_from_data", "read_image", "image_file_bytes", "resize", "convert", "with_alpha",
           "GREY_WEIGHTS"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PIXELS = 2**26                     # refuse to decode absurd declared sizes
IMAGE_TYPES = ("Bit", "Byte", "Bit16", "Real32", "Real64")
# the largest value of an integer pixel type: its stored value over this is the real 0..1
INTEGER_TOPS = {"Byte": 255, "Bit16": 65535}
_STORED_DTYPES = {"Byte": np.uint8, "Bit16": np.uint16, "Real32": np.float32,
                  "Real64": np.float64}
# the NumericArray type an image's InputForm holds its pixels in
NUMERIC_ARRAY_TYPES = {"Bit": "UnsignedInteger8", "Byte": "UnsignedInteger8",
                       "Bit16": "UnsignedInteger16", "Real32": "Real32", "Real64": "Real64"}
COLOR_SPACES = {1: "Grayscale", 2: "Grayscale", 3: "RGB", 4: "RGB"}   # implied by channels
NO_SPACE = "Automatic"                 # the colour space of 5 or more channels: none
# spaces whose values lie in 0..1 (a Byte image converted to another one becomes Real32)
UNIT_SPACES = ("Grayscale", "RGB", "CMYK", "HSB")


class ImageFileError(ValueError):
    """A file that is not an image Pillow can read (damaged, truncated, other format)."""


PNGError = ImageFileError              # the name older callers catch


def type_of_pixels(arr: np.ndarray) -> str:
    """The pixel type that data of this numpy type stand for when none is named: boolean
    data "Bit", uint8 "Byte", uint16 "Bit16", anything else "Real32"."""
    return {np.dtype(np.bool_): "Bit", np.dtype(np.uint8): "Byte",
            np.dtype(np.uint16): "Bit16"}.get(arr.dtype, "Real32")


def pixel_reals(arr: np.ndarray, image_type: str) -> np.ndarray:
    """Stored pixels of ``image_type`` as float64 reals (integer types scaled to 0..1)."""
    top = INTEGER_TOPS.get(image_type)
    return arr / float(top) if top else arr.astype(np.float64)


def pixels_given_as(arr: np.ndarray, image_type: str) -> np.ndarray:
    """Data given as the values of ``image_type`` (Image[data, type]: "Byte" integers
    0..255, "Bit16" integers 0..65535, "Bit" 0 and 1 (from 1/2 up is 1), reals for
    "Real32"/"Real64") in the numpy type that stands for it."""
    if image_type in INTEGER_TOPS:
        if arr.dtype == _STORED_DTYPES[image_type]:
            return arr
        return np.clip(np.round(np.nan_to_num(arr.astype(np.float64))), 0,
                       INTEGER_TOPS[image_type]).astype(_STORED_DTYPES[image_type])
    if image_type == "Bit":
        return np.nan_to_num(arr.astype(np.float64)) >= 0.5
    return arr.astype(_STORED_DTYPES[image_type])


def larger_type(first: str, second: str) -> str:
    """The larger of two pixel types ("Bit" < "Byte" < "Bit16" < "Real32" < "Real64"):
    what an operation on two images gives, as WL's ImageAdd and ImageDifference do."""
    return max(first, second, key=IMAGE_TYPES.index)


# the pixel type of an image made of a NumericArray of this type
TYPES_OF_NUMERIC_ARRAYS = {"UnsignedInteger8": "Byte", "UnsignedInteger16": "Bit16",
                           "Real64": "Real64"}


def stored_pixels(arr: np.ndarray, image_type: str | None) -> tuple[np.ndarray, str]:
    """(the read-only C-ordered array an image keeps, its type) for pixel data: of the
    type its numpy type stands for (``type_of_pixels``) unless ``image_type`` says which.
    The values are converted to that type as reals 0..1: to "Bit", a value from 1/2 up is
    1; to an integer type, clipped and rounded.  Image and Image3D keep their pixels so."""
    source = type_of_pixels(arr)
    image_type = image_type or source
    if image_type not in IMAGE_TYPES:
        raise ValueError(f"unknown image type {image_type}")
    if source == image_type:
        dtype = np.bool_ if image_type == "Bit" else _STORED_DTYPES.get(image_type)
        arr = np.array(arr, dtype=dtype, order="C")
    else:
        values = pixel_reals(arr, source)
        if image_type == "Bit":
            arr = np.array(np.nan_to_num(values) >= 0.5, order="C")
        elif image_type in INTEGER_TOPS:
            top = INTEGER_TOPS[image_type]
            arr = np.array(np.round(np.clip(np.nan_to_num(values), 0.0, 1.0) * top),
                           dtype=_STORED_DTYPES[image_type], order="C")
        else:
            arr = np.array(values, dtype=_STORED_DTYPES[image_type], order="C")
    arr.setflags(write=False)
    return arr, image_type


class Image(Atom):
    """A raster image (see the module docstring)."""

    __slots__ = ("_data", "_type", "_space", "_options")
    head = Symbol("Image")

    def __init__(self, data, image_type: str | None = None, color_space: str | None = None,
                 options: tuple = ()):
        """``data``: (h, w) or (h, w, c): c in 1..4, the colour space's channels (and one
        for alpha), or any other count (no colour space: "Automatic"); the pixel type is
        the one the data's numpy type stands for unless ``image_type`` says which (see
        ``stored_pixels``).  ``options``: display options (``ImageSize -> 100`` rules),
        kept with the image and shown by its InputForm; they change no pixel."""
        arr = np.asarray(data)
        if arr.ndim == 2:
            arr = arr[:, :, None]
        if color_space is None and arr.ndim == 3:
            color_space = COLOR_SPACES.get(arr.shape[2], NO_SPACE)
        if arr.ndim != 3 or 0 in arr.shape or not (
                color_space == NO_SPACE and arr.shape[2] > 4 or color_space in SPACE_CHANNELS
                and arr.shape[2] - SPACE_CHANNELS[color_space] in (0, 1)):
            raise ValueError("an Image needs a height x width (x channels) array")
        self._data, self._type = stored_pixels(arr, image_type)
        self._space = color_space
        self._options = tuple(options)

    # ------------------------------------------------------------------ what it is
    @property
    def options(self) -> tuple:
        """The display options (rules) the image carries, as given to Image[…]."""
        return self._options

    def display_width(self) -> int | None:
        """The width ImageSize -> w (or {w, …}) asks the image to be shown at, or None."""
        for rule in self._options:
            if rule.args[0] == Symbol("ImageSize"):
                size = rule.args[1]
                size = size.args[0] if getattr(size, "head", None) == Symbol("List") \
                    and size.args else size
                value = getattr(size, "value", None)
                if isinstance(value, (int, float)) and not isinstance(value, bool) \
                        and 0 < value <= 8192:
                    return int(round(value))
        return None

    @property
    def data(self) -> np.ndarray:
        """The stored (h, w, c) array (bool, uint8 or float32), read-only."""
        return self._data

    @property
    def image_type(self) -> str:
        return self._type

    @property
    def channels(self) -> int:
        return self._data.shape[2]

    @property
    def color_space(self) -> str:
        return self._space

    @property
    def has_alpha(self) -> bool:
        return self._space != NO_SPACE and self.channels > SPACE_CHANNELS[self._space]

    @property
    def width(self) -> int:
        return self._data.shape[1]

    @property
    def height(self) -> int:
        return self._data.shape[0]

    def reals(self) -> np.ndarray:
        """The pixel values as float64, integer types scaled to 0..1 (ImageData's default)."""
        return pixel_reals(self._data, self._type)

    def bytes(self) -> np.ndarray:
        """The pixel values as uint8 (reals clipped to 0..1 and scaled)."""
        return stored_pixels(self._data, "Byte")[0] if self._type != "Byte" else self._data

    def integers(self, image_type: str) -> np.ndarray:
        """The pixel values as integers of "Bit", "Byte" or "Bit16" (ImageData[image, type]),
        int64."""
        return stored_pixels(self._data, image_type)[0].astype(np.int64)

    @property
    def pixels(self) -> np.ndarray:
        """8-bit RGB (h, w, 3) for drawing: grey repeated, alpha composited over white;
        an image of no colour space shows its first three channels."""
        values = self.reals()
        if self._space == NO_SPACE:
            values = values[:, :, :3]
        elif self._space not in ("Grayscale", "RGB"):
            values = convert(self, "RGB").reals()
        if self.has_alpha:
            alpha = np.clip(values[:, :, -1:], 0.0, 1.0)
            values = values[:, :, :-1] * alpha + (1.0 - alpha)
        if values.shape[2] == 1:
            values = np.repeat(values, 3, axis=2)
        return np.round(np.clip(values, 0.0, 1.0) * 255.0).astype(np.uint8)

    # ------------------------------------------------------------------ atom protocol
    def __eq__(self, other) -> bool:
        return (type(other) is Image and other._type == self._type
                and other._space == self._space and other._data.shape == self._data.shape
                and other._options == self._options and np.array_equal(other._data, self._data))

    def __hash__(self) -> int:
        return hash(("Image", self._type, self._space, self._options, self._data.shape,
                     self._data.tobytes()))

    def __repr__(self) -> str:
        return f"Image(<{self.width}x{self.height}, {self.color_space}, {self._type}>)"

    def to_expr_form(self) -> Expr:
        from wlnet.core.expr import S
        from wlnet.core.numeric_array import NumericArray
        data = self._data if self.channels > 1 else self._data[:, :, 0]
        array = NumericArray(data if self._type != "Bit" else data.astype(np.uint8),
                             NUMERIC_ARRAY_TYPES[self._type])
        return Expr(self.head, array, String(self._type),
                    Expr(S.Rule, Symbol("ColorSpace"), Symbol(NO_SPACE) if self._space == NO_SPACE
                         else String(self.color_space)),
                    *self._options,
                    Expr(S.Rule, Symbol("Interleaving"), Symbol("True")))


# objects whose text would be their whole contents: named briefly in messages
OBJECT_WORDS = {"Image": "an image", "Image3D": "a 3D image", "Audio": "an audio object"}
_MESSAGE_NODES = 20_000                # a larger slot is left as it is (the printer shortens it)


class _StandIn:
    """What prints in place of an object inside a message slot (no expression form: the
    printer shows its repr)."""
    __slots__ = ("text",)

    def __init__(self, text: str):
        self.text = text

    def __repr__(self) -> str:
        return self.text


def message_slots(*slots) -> tuple:
    """Message slots with the images (3D images, audio objects) in them named briefly: such
    an object itself in words ("an image"), inside an expression as -Image- (as the text
    front end shows one); the whole pixel contents would fill the message otherwise."""
    return tuple(_message_slot(x) for x in slots)


def _message_slot(x):
    name = type(x).__name__
    if name in OBJECT_WORDS:
        return OBJECT_WORDS[name]
    budget = [_MESSAGE_NODES]
    replaced = _objects_replaced(x, budget)
    if replaced is x or budget[0] < 0:
        return x
    from wlnet.syntax.printer import message_form
    return message_form(replaced)


def _objects_replaced(e, budget: list):
    """``e`` with its objects of OBJECT_WORDS as stand-ins (``e`` itself if it has none);
    packed arrays are not entered, and no more than the budget of nodes."""
    from wlnet.core.packed import PackedArgs
    name = type(e).__name__
    if name in OBJECT_WORDS:
        return _StandIn(f"-{name}-")
    if type(e) is not Expr or isinstance(e.args, PackedArgs):
        return e
    budget[0] -= len(e.args) + 1
    if budget[0] < 0:
        return e
    head = _objects_replaced(e.head, budget)
    args = [_objects_replaced(a, budget) for a in e.args]
    if head is e.head and all(a is b for a, b in zip(args, e.args)):
        return e
    return Expr.from_args(head, args)


def image_from_data(data: np.ndarray, image_type: str | None = None) -> Image:
    """Pixel data as WL gives it: reals (nominally 0..1) or bytes; grey if 2-D."""
    return Image(np.asarray(data), image_type)


def with_options(image: Image, options: tuple) -> Image:
    """``image`` carrying the display options ``options`` (the same pixels)."""
    return Image(image.data, image.image_type, image.color_space, options)


def keeps_display_options(func):
    """Decorate an image operation (a builtin ``func(ev, *args)``) so that the image it
    gives carries the display options (ImageSize -> …) of the first image it was given,
    as WL's image operations do, unless it set options of its own."""
    import functools

    @functools.wraps(func)
    def operation(ev, *args):
        result = func(ev, *args)
        if type(result) is not Image or result.options:
            return result
        source = next((a for a in args if type(a) is Image), None)
        return with_options(result, source.options) if source is not None \
            and source.options else result
    return operation


def with_data(image: Image, values: np.ndarray) -> Image:
    """A new image of ``image``'s type and colour space from real values (0..1 for Byte
    images)."""
    return Image(values, image.image_type, image.color_space)


# ---------------------------------------------------------------------------- operations

def resize(image: Image, width: int, height: int, method: str = "Lanczos",
           padding="Reversed", parameters: tuple = ()) -> Image:
    """``image`` resampled to width x height by ``method`` (a Resampling name of
    wlnet.core.resampling and its parameters; WL's ImageResize uses "Lanczos"), the taps
    outside read from ``padding`` (a method name or one value per channel); the type is
    kept."""
    from wlnet.core.resampling import resample
    if (width, height) == (image.width, image.height):
        return image
    return with_data(image, resample(image.reals(), height, width, method, padding, parameters))


def convert(image: Image, color_space: str) -> Image:
    """``image`` in another colour space (one of ``color_spaces.CHANNELS``; alpha kept).
    A Byte image stays Byte in a space of values 0..1, else becomes Real32."""
    if color_space == image.color_space:
        return image
    if image.color_space == NO_SPACE:              # its first three channels, as drawn
        image = Image(image.reals()[:, :, :3], image.image_type, "RGB")
        return convert(image, color_space)
    values = image.reals()
    colour, alpha = (values[:, :, :-1], values[:, :, -1:]) if image.has_alpha else (values, None)
    colour = convert_values(colour, image.color_space, color_space)
    if alpha is not None:
        colour = np.concatenate([colour, alpha], axis=2)
    image_type = image.image_type if color_space in UNIT_SPACES else "Real32"
    return Image(colour, image_type, color_space)


def with_alpha(image: Image) -> Image:
    """``image`` with an alpha channel: its own, or an opaque one added."""
    if image.has_alpha:
        return image
    values = image.reals()
    return Image(np.concatenate([values, np.ones(values.shape[:2] + (1,))], axis=2),
                 image.image_type, image.color_space)


def drop_alpha(image: Image) -> Image:
    """``image`` without its alpha channel, composited over white (as WL's RemoveAlphaChannel
    with a white background)."""
    if not image.has_alpha:
        return image
    if image.color_space not in ("Grayscale", "RGB"):           # white is 1s in RGB only
        return convert(drop_alpha(convert(image, "RGB")), image.color_space)
    values = image.reals()
    alpha = np.clip(values[:, :, -1:], 0.0, 1.0)
    return with_data(image, values[:, :, :-1] * alpha + (1.0 - alpha))


# ---------------------------------------------------------------------------- files

_MODES = {1: "L", 2: "LA", 3: "RGB", 4: "RGBA"}


def read_image(data: bytes) -> Image:
    """An Image of the file's pixels (grey, grey+alpha, RGB or RGBA, as stored): Byte,
    Bit16 for a 16-bit grey file, Bit for a 1-bit one."""
    from PIL import Image as PILImage, UnidentifiedImageError
    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    if data.startswith(PNG_SIGNATURE) and data[-8:-4] != b"IEND":
        raise ImageFileError("the file is truncated (it has no end chunk)")   # Pillow lets it by
    try:
        with PILImage.open(io.BytesIO(data)) as pil:
            pil.load()
            return Image(_without_opaque_alpha(_pil_array(pil)))
    except UnidentifiedImageError:
        raise ImageFileError("not an image file in a format that can be read")
    except (OSError, ValueError, SyntaxError, EOFError) as err:   # Pillow's damaged-file errors
        raise ImageFileError(f"the file is damaged ({err})")
    except PILImage.DecompressionBombError:
        raise ImageFileError("the image is too large")


def read_image_frames(data: bytes) -> list:
    """The Images of every frame of an image file (an animated GIF's frames; one for a
    still image), each as read_image gives it."""
    from PIL import Image as PILImage, ImageSequence, UnidentifiedImageError
    PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
    try:
        with PILImage.open(io.BytesIO(data)) as pil:
            return [Image(_without_opaque_alpha(_pil_array(frame.copy())))
                    for frame in ImageSequence.Iterator(pil)]
    except UnidentifiedImageError:
        raise ImageFileError("not an image file in a format that can be read")
    except (OSError, ValueError, SyntaxError, EOFError) as err:
        raise ImageFileError(f"the file is damaged ({err})")
    except PILImage.DecompressionBombError:
        raise ImageFileError("the image is too large")


def gif_file_bytes(images: list, durations: list | None = None, loop: int | None = 0) -> bytes:
    """A GIF file of the images: one still image, or an animation of several (each shown
    ``durations`` seconds, 0.1 by default; ``loop``: the GIF's count of plays after the
    first, 0 for ever, None played once).  Colours are reduced to a palette of 256 per
    frame (Pillow's median cut); alpha becomes transparency where it is below one half."""
    frames = [_gif_frame(im) for im in images]
    buf = io.BytesIO()
    extra = {}
    if len(frames) > 1:
        extra = {"save_all": True, "append_images": frames[1:],
                 "duration": [max(10, int(round(1000 * d)))
                              for d in (durations or [0.1] * len(frames))]}
        if loop is not None:
            extra["loop"] = loop
    frames[0].save(buf, format="GIF", **extra)
    return buf.getvalue()


def _gif_frame(image: Image):
    """A Pillow palette image of ``image`` (RGB, 255 colours and one transparent)."""
    from PIL import Image as PILImage
    if image.color_space not in ("Grayscale", "RGB"):
        image = convert(image, "RGB")
    values = image.bytes()
    alpha = values[:, :, -1] if image.has_alpha else None
    colour = values[:, :, :-1] if image.has_alpha else values
    rgb = np.repeat(colour, 3, axis=2) if colour.shape[2] == 1 else colour[:, :, :3]
    pil = PILImage.fromarray(np.ascontiguousarray(rgb), "RGB")
    if alpha is None:
        return pil.quantize(256, PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE)
    frame = pil.quantize(255, PILImage.Quantize.MEDIANCUT, dither=PILImage.Dither.NONE)
    indices = np.asarray(frame).copy()
    indices[alpha < 128] = 255                     # the transparent palette entry
    out = PILImage.fromarray(indices, "P")
    out.putpalette(frame.getpalette()[:765] + [0, 0, 0])
    out.info["transparency"] = 255
    return out


def _pil_array(pil) -> np.ndarray:
    mode = pil.mode
    if mode in ("I;16", "I;16B", "I;16L", "I"):          # 16-bit grey: a Bit16 image
        return np.asarray(pil, dtype=np.int64).clip(0, 65535).astype(np.uint16)
    if mode == "P":
        pil = pil.convert("RGBA" if "transparency" in pil.info else "RGB")
    elif mode == "1":                                   # a 1-bit file: a "Bit" image
        return np.asarray(pil, dtype=bool)
    elif mode == "PA":
        pil = pil.convert("RGBA")
    elif mode not in _MODES.values():
        pil = pil.convert("RGBA" if "A" in mode else "RGB")
    return np.asarray(pil, dtype=np.uint8)


def _without_opaque_alpha(data: np.ndarray) -> np.ndarray:
    """An alpha channel that is opaque everywhere (what matplotlib writes) carries nothing:
    dropped, so that a picture reads back as the image it was drawn from."""
    if data.ndim == 3 and data.shape[2] in (2, 4) and (data[:, :, -1] == 255).all():
        return data[:, :, :-1]
    return data


def image_file_bytes(image: Image, fmt: str, resolution: float | None = None) -> bytes:
    """The image as a "PNG" or "JPEG" file (JPEG has no alpha: composited over white; a
    grey Bit16 image is a 16-bit PNG, a grey Bit image a 1-bit one, all else 8 bits;
    colour spaces other than grey and RGB are written as RGB; an image of no colour space
    as its first three channels); ``resolution``, dots per inch, is written in the file."""
    from PIL import Image as PILImage
    if image.color_space not in ("Grayscale", "RGB"):
        image = convert(image, "RGB")
    if fmt == "JPEG":
        image = drop_alpha(image)
    if fmt == "PNG" and image.image_type == "Bit16" and image.channels == 1:
        pil = PILImage.fromarray(image.data[:, :, 0])          # a 16-bit grey PNG
    elif fmt == "PNG" and image.image_type == "Bit" and image.channels == 1:
        pil = PILImage.fromarray(image.data[:, :, 0]).convert("1")    # a 1-bit PNG
    else:
        data = image.bytes()
        pil = PILImage.fromarray(data[:, :, 0] if image.channels == 1 else data,
                                 mode=_MODES[image.channels])
    buf = io.BytesIO()
    extra = {"dpi": (resolution, resolution)} if resolution else {}
    if fmt == "JPEG":
        pil.save(buf, format="JPEG", quality=92, **extra)
    else:
        pil.save(buf, format="PNG", **extra)
    return buf.getvalue()


def encode_png(rgb: np.ndarray) -> bytes:
    """An 8-bit PNG of ``rgb`` (height x width x 3 uint8)."""
    return image_file_bytes(Image(np.asarray(rgb, dtype=np.uint8)), "PNG")


def decode_png(data: bytes) -> np.ndarray:
    """8-bit RGB pixels of a PNG file (alpha over white); ImageFileError if it is not one."""
    if not data.startswith(PNG_SIGNATURE):
        raise ImageFileError("not a PNG file")
    return read_image(data).pixels
