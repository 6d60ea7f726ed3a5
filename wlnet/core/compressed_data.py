"""The Wolfram Language's compressed expression strings: ``"1:eJx…"`` as Compress writes
them and as notebooks hold data in boxes (``RasterBox[CompressedData["1:eJx…"], …]``).

The string is ``1:`` then Base64 of zlib-compressed bytes.  Two payloads are read:

* the Wolfram Language's binary one, which starts ``!boR`` and holds one expression as
  tokens, each a byte naming its kind; counts and lengths are 32-bit little-endian:

      f  function: part count, the head, then the parts
      s  symbol, S string: byte count, the UTF-8 bytes
      b n  packed array of 8-bit and 32-bit integers  } rank, the dimensions, then
      l e  packed array of 32-bit and 64-bit reals     } the elements flat, little-endian

  (the kinds notebooks were seen to hold: images, plot points, meshes, net weights);
  ``RawArray[type, array]`` (NumericArray's older name) becomes a NumericArray;
* wlnet's own, the FullForm text of the expression (what wlnet's Compress writes).

``decode`` raises ``CompressedDataError`` (``reason`` says what is wrong) for anything else.
"""

from __future__ import annotations

import base64
import binascii
import struct
import zlib

import numpy as np

from wlnet.core.expr import Expr, String, Symbol
from wlnet.core.numeric_array import NA_TYPES, NumericArray
from wlnet.core.packed import pack

__all__ = ["decode", "payload", "CompressedDataError"]

_BINARY_HEADER = b"!boR"
_ARRAY_TYPES = {ord("b"): np.dtype("<i1"), ord("n"): np.dtype("<i4"),
                ord("l"): np.dtype("<f4"), ord("e"): np.dtype("<f8")}


class CompressedDataError(ValueError):
    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def payload(text: str) -> bytes:
    """The uncompressed bytes of a ``1:…`` string (line breaks inside are ignored, as a
    notebook wraps the string over lines)."""
    text = "".join(text.split())
    if not text.startswith("1:"):
        raise CompressedDataError("it does not start with 1:")
    body = text[2:]
    try:
        return zlib.decompress(base64.b64decode(body, validate=True))
    except (binascii.Error, ValueError, zlib.error):
        raise CompressedDataError("its Base64 or zlib data is damaged") from None


def decode(text: str):
    """The expression (unevaluated) of a compressed string."""
    data = payload(text)
    if data.startswith(_BINARY_HEADER):
        reader = _Reader(data, len(_BINARY_HEADER))
        expr = _finished(reader.expr())
        if reader.pos != len(data):
            raise CompressedDataError(f"{len(data) - reader.pos} bytes follow the expression")
        return expr
    from wlnet.syntax.parser import parse
    try:
        return parse(data.decode("utf-8"))
    except Exception:               # noqa: BLE001 - not text, or not an expression
        raise CompressedDataError("its contents are not an expression") from None


class _Reader:
    """Tokens of the binary payload.  Arrays stay numpy arrays until ``_finished``, so
    that ``RawArray[type, array]`` can take their bytes with their own element type."""

    __slots__ = ("data", "pos")

    def __init__(self, data: bytes, pos: int):
        self.data = data
        self.pos = pos

    def take(self, n: int) -> bytes:
        end = self.pos + n
        if n < 0 or end > len(self.data):
            raise CompressedDataError("the data ends inside an expression")
        chunk = self.data[self.pos:end]
        self.pos = end
        return chunk

    def count(self) -> int:
        (n,) = struct.unpack("<i", self.take(4))
        if n < 0:
            raise CompressedDataError("a negative length")
        return n

    def text(self) -> str:
        try:
            return self.take(self.count()).decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            raise CompressedDataError("a string is not UTF-8") from None

    def expr(self):
        token = self.take(1)[0]
        if token == ord("f"):
            n = self.count()
            head = self.expr()
            return _Call(head, [self.expr() for _ in range(n)])
        if token == ord("s"):
            from wlnet.core.contexts import resolve
            return resolve(self.text())
        if token == ord("S"):
            return String(self.text())
        dtype = _ARRAY_TYPES.get(token)
        if dtype is not None:
            return self.array(dtype)
        raise CompressedDataError(f"it holds a kind of data wlnet does not read "
                                  f"(token {chr(token)!r} at byte {self.pos - 1})")

    def array(self, dtype: np.dtype) -> np.ndarray:
        rank = self.count()
        if not 1 <= rank <= 64:
            raise CompressedDataError("an array of impossible rank")
        dims = struct.unpack(f"<{rank}i", self.take(4 * rank))
        if min(dims) < 0:
            raise CompressedDataError("an array with a negative dimension")
        size = int(np.prod(dims, dtype=np.int64))
        flat = np.frombuffer(self.take(size * dtype.itemsize), dtype=dtype)
        return flat.reshape(dims)


class _Call:
    """A function token read, before its parts are made expressions."""

    __slots__ = ("head", "args")

    def __init__(self, head, args):
        self.head = head
        self.args = args


def _finished(e):
    """Expressions from what the reader made: packed lists for arrays, NumericArrays for
    RawArray[type, array]."""
    if isinstance(e, np.ndarray):
        packed = pack(e)
        if packed is None:                    # an empty array, or NaNs among reals
            from wlnet.core.packed import list_from_array
            return list_from_array(e)
        return packed
    if type(e) is _Call:
        raw = _raw_array(e)
        if raw is not None:
            return raw
        return Expr(_finished(e.head), *[_finished(a) for a in e.args])
    return e


def _raw_array(call: _Call) -> NumericArray | None:
    if not (call.head == Symbol("RawArray") and len(call.args) == 2
            and type(call.args[0]) is String and isinstance(call.args[1], np.ndarray)):
        return None
    type_name, arr = call.args[0].value, call.args[1]
    dtype = NA_TYPES.get(type_name)
    if dtype is None:
        return None
    if np.dtype(dtype).itemsize == arr.dtype.itemsize:
        arr = arr.view(np.dtype(dtype).newbyteorder("<"))   # the bytes, in the array's type
    return NumericArray(arr.astype(dtype), type_name)
