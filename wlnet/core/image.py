"""Raster images: the ``Image`` atom and a small PNG encoder/decoder (zlib + struct only).

An ``Image`` holds an immutable ``uint8`` array of shape (height, width, 3): RGB, row 0 at
the top.  It is an atom, as in the Wolfram Language; it prints as ``-Image-`` and its
InputForm is ``Image[NumericArray[…, "UnsignedInteger8"], "Byte"]``.

``encode_png(rgb)`` writes an 8-bit RGB PNG; ``decode_png(data)`` reads PNGs of every colour
type (grey, grey+alpha, RGB, RGBA, palette) and bit depth, not interlaced, giving 8-bit RGB
(16-bit samples are rounded down, alpha is composited over white).  Anything else raises
``PNGError``.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

from wlnet.core.expr import Atom, Expr, String, Symbol

__all__ = ["Image", "PNGError", "encode_png", "decode_png", "image_from_data"]

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MAX_PIXELS = 2**26                     # refuse to decode absurd declared sizes


class Image(Atom):
    """An RGB raster image (see the module docstring)."""

    __slots__ = ("_pixels",)
    head = Symbol("Image")

    def __init__(self, pixels):
        arr = np.array(pixels, dtype=np.uint8, copy=True, order="C")
        if arr.ndim == 2:
            arr = np.repeat(arr[:, :, None], 3, axis=2)
        if arr.ndim != 3 or arr.shape[2] != 3:
            raise ValueError("an Image needs a height x width x 3 array")
        arr.setflags(write=False)
        self._pixels = arr

    @property
    def pixels(self) -> np.ndarray:
        return self._pixels

    @property
    def width(self) -> int:
        return self._pixels.shape[1]

    @property
    def height(self) -> int:
        return self._pixels.shape[0]

    def __eq__(self, other) -> bool:
        return (type(other) is Image and other._pixels.shape == self._pixels.shape
                and np.array_equal(other._pixels, self._pixels))

    def __hash__(self) -> int:
        return hash(("Image", self._pixels.shape, self._pixels.tobytes()))

    def __repr__(self) -> str:
        return f"Image(<{self.width}x{self.height}>)"

    def to_expr_form(self) -> Expr:
        from wlnet.core.numeric_array import NumericArray
        return Expr(self.head, NumericArray(self._pixels, "UnsignedInteger8"), String("Byte"))


def image_from_data(data: np.ndarray) -> Image:
    """Pixel data as WL gives it: reals in 0..1 (grey if 2-D), or bytes."""
    arr = np.asarray(data)
    if arr.dtype.kind == "f":
        arr = np.round(np.clip(arr, 0.0, 1.0) * 255.0)
    return Image(arr.astype(np.uint8))


# ---------------------------------------------------------------------------- PNG writing

class PNGError(ValueError):
    pass


def _chunk(kind: bytes, body: bytes) -> bytes:
    return (struct.pack(">I", len(body)) + kind + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF))


def encode_png(rgb: np.ndarray) -> bytes:
    """An 8-bit RGB PNG of ``rgb`` (height x width x 3 uint8)."""
    rgb = np.ascontiguousarray(rgb, dtype=np.uint8)
    height, width = rgb.shape[:2]
    # Filter type 0 (None) on every row: a zero byte in front of each scanline.
    raw = np.concatenate([np.zeros((height, 1), np.uint8), rgb.reshape(height, width * 3)],
                         axis=1)
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (PNG_SIGNATURE + _chunk(b"IHDR", header)
            + _chunk(b"IDAT", zlib.compress(raw.tobytes(), 6)) + _chunk(b"IEND", b""))


# ---------------------------------------------------------------------------- PNG reading

_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}


def _chunks(data: bytes):
    pos = len(PNG_SIGNATURE)
    while pos + 8 <= len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if len(body) != length or pos + 12 + length > len(data):
            raise PNGError("truncated chunk")
        crc = struct.unpack(">I", data[pos + 8 + length:pos + 12 + length])[0]
        if zlib.crc32(kind + body) & 0xFFFFFFFF != crc:
            raise PNGError("bad chunk checksum")
        yield kind, body
        if kind == b"IEND":
            return
        pos += 12 + length
    raise PNGError("missing IEND")


def _unfilter(raw: bytes, height: int, stride: int, bpp: int) -> np.ndarray:
    out = np.zeros((height, stride), dtype=np.uint8)
    prior = np.zeros(stride, dtype=np.int32)
    for y in range(height):
        start = y * (stride + 1)
        ftype = raw[start]
        line = np.frombuffer(raw, np.uint8, stride, start + 1).astype(np.int32)
        if ftype == 0:
            cur = line
        elif ftype == 2:
            cur = (line + prior) & 0xFF
        elif ftype in (1, 3, 4):
            cur = _unfilter_sequential(line, prior, bpp, ftype)
        else:
            raise PNGError(f"bad filter type {ftype}")
        out[y] = cur
        prior = cur
    return out


def _unfilter_sequential(line, prior, bpp: int, ftype: int):
    """Sub, Average and Paeth depend on the reconstructed byte to the left: one pass."""
    cur = line.copy()
    for x in range(len(cur)):
        left = cur[x - bpp] if x >= bpp else 0
        up = prior[x]
        if ftype == 1:
            pred = left
        elif ftype == 3:
            pred = (left + up) >> 1
        else:
            upleft = prior[x - bpp] if x >= bpp else 0
            p = left + up - upleft
            pa, pb, pc = abs(p - left), abs(p - up), abs(p - upleft)
            pred = left if pa <= pb and pa <= pc else (up if pb <= pc else upleft)
        cur[x] = (cur[x] + pred) & 0xFF
    return cur


def decode_png(data: bytes) -> np.ndarray:
    """The RGB pixels (height x width x 3 uint8) of a PNG file's bytes."""
    if not data.startswith(PNG_SIGNATURE):
        raise PNGError("not a PNG file")
    header = palette = None
    idat = []
    for kind, body in _chunks(data):
        if kind == b"IHDR":
            if len(body) != 13:
                raise PNGError("bad header")
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"PLTE":
            palette = np.frombuffer(body, np.uint8).reshape(-1, 3)
        elif kind == b"IDAT":
            idat.append(body)
    if header is None:
        raise PNGError("missing header")
    width, height, depth, ctype, _, _, interlace = header
    if ctype not in _CHANNELS or depth not in _DEPTHS[ctype] or interlace != 0:
        raise PNGError("unsupported PNG kind (interlaced, or an invalid bit depth)")
    if width == 0 or height == 0 or width * height > MAX_PIXELS:
        raise PNGError("unsupported image size")
    channels = _CHANNELS[ctype]
    stride = (width * channels * depth + 7) // 8
    try:
        raw = zlib.decompressobj().decompress(b"".join(idat), height * (stride + 1))
    except zlib.error:
        raise PNGError("damaged image data")
    if len(raw) != height * (stride + 1):
        raise PNGError("truncated image data")
    rows = _unfilter(raw, height, stride, max(1, channels * depth // 8))
    pixels = _samples(rows, width * channels, depth, scale=ctype != 3)
    return _to_rgb(pixels.reshape(height, width, channels), ctype, palette)


_DEPTHS = {0: (1, 2, 4, 8, 16), 2: (8, 16), 3: (1, 2, 4, 8), 4: (8, 16), 6: (8, 16)}


def _samples(rows: np.ndarray, count: int, depth: int, scale: bool) -> np.ndarray:
    """The first ``count`` samples of each row as 8-bit values: 16-bit samples keep their
    high byte; 1/2/4-bit ones are unpacked (grey levels scaled to 0..255, palette indices
    kept)."""
    if depth == 8:
        return rows[:, :count]
    if depth == 16:
        return rows[:, 0:2 * count:2]
    bits = np.unpackbits(rows, axis=1)
    bits = bits[:, :bits.shape[1] // depth * depth].reshape(rows.shape[0], -1, depth)
    weights = (1 << np.arange(depth - 1, -1, -1)).astype(np.uint16)
    values = (bits * weights).sum(axis=2)[:, :count]
    if scale:
        values = values * 255 // ((1 << depth) - 1)
    return values.astype(np.uint8)


def _to_rgb(pixels: np.ndarray, ctype: int, palette) -> np.ndarray:
    if ctype == 3:
        if palette is None or pixels.max(initial=0) >= len(palette):
            raise PNGError("bad palette")
        return palette[pixels[:, :, 0]]
    if ctype in (0, 4):
        grey = np.repeat(pixels[:, :, :1], 3, axis=2)
        return _over_white(grey, pixels[:, :, 1]) if ctype == 4 else grey
    if ctype == 6:
        return _over_white(pixels[:, :, :3], pixels[:, :, 3])
    return pixels


def _over_white(rgb: np.ndarray, alpha: np.ndarray) -> np.ndarray:
    a = alpha.astype(np.float64)[:, :, None] / 255.0
    return np.round(rgb * a + 255.0 * (1.0 - a)).astype(np.uint8)
