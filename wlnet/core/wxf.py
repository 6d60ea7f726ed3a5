"""WXF, the Wolfram Language's binary expression format (BinarySerialize, .wxf files).

The format, as its public description gives it: a header ``8:`` (``8C:`` when the rest is
zlib-compressed), then one expression written as tokens, each a byte naming its kind:

    f  function: varint part count, the head, then the parts
    s  symbol, S string, B binary string (ByteArray): varint byte count, the bytes (UTF-8)
    C j i L  integers of 8, 16, 32, 64 bits, little-endian
    I  integer beyond 64 bits, R arbitrary-precision real: varint length, decimal text
    r  machine real (IEEE double, little-endian)
    A  association: varint rule count, then each rule as ``-`` (Rule) or ``:`` (RuleDelayed),
       its key and its value
    0xC1 packed array, 0xC2 numeric array: element type byte, varint rank, varint
       dimensions, the elements flat, little-endian

Varints are LEB128 (seven bits a byte, low bits first).  Symbols of System` are written by
their short name, others with their context (``Global`x``).

Everything wlnet holds as an atom of its own (images, audio, nets, graphs…) is written as
the expression its InputForm reads back as, which evaluates to it again.
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

from wlnet.core.expr import (
    Complex, Expr, Integer, Rational, Real, S, String, Symbol, make_rational,
)
from wlnet.core.numeric_array import NumericArray
from wlnet.core.packed import pack, packed_array

__all__ = ["to_wxf", "from_wxf", "WXFError"]


class WXFError(ValueError):
    """The bytes are not WXF (``reason`` says where they stop making sense)."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


# element types of packed and numeric arrays: WXF byte <-> numpy dtype (little-endian)
_ARRAY_TYPES = {
    0x00: np.dtype("<i1"), 0x01: np.dtype("<i2"), 0x02: np.dtype("<i4"), 0x03: np.dtype("<i8"),
    0x10: np.dtype("<u1"), 0x11: np.dtype("<u2"), 0x12: np.dtype("<u4"), 0x13: np.dtype("<u8"),
    0x22: np.dtype("<f4"), 0x23: np.dtype("<f8"),
    0x33: np.dtype("<c8"), 0x34: np.dtype("<c16"),
}
_TYPE_BYTE = {dtype.newbyteorder("="): code for code, dtype in _ARRAY_TYPES.items()}
_PACKED, _NUMERIC = 0xC1, 0xC2
_INT_FORMATS = ((b"C", "<b", -2 ** 7, 2 ** 7), (b"j", "<h", -2 ** 15, 2 ** 15),
                (b"i", "<i", -2 ** 31, 2 ** 31), (b"L", "<q", -2 ** 63, 2 ** 63))
_SYSTEM = "System`"
_REAL_ATOMS = (Integer, Real, Rational)


# ---------------------------------------------------------------------------- writing

def to_wxf(expr, compress: bool = False) -> bytes:
    """The WXF bytes of ``expr`` (``8C:`` and zlib with ``compress``)."""
    out = bytearray()
    _write(expr, out)
    if compress:
        return b"8C:" + zlib.compress(bytes(out))
    return b"8:" + bytes(out)


def _varint(n: int, out: bytearray) -> None:
    while True:
        byte = n & 0x7F
        n >>= 7
        if n:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return


def _text(tag: bytes, data: bytes, out: bytearray) -> None:
    out += tag
    _varint(len(data), out)
    out += data


def _write(e, out: bytearray) -> None:
    kind = type(e)
    if kind is Integer:
        _write_integer(e.value, out)
    elif kind is Real:
        if e.precision is None:
            out += b"r" + struct.pack("<d", e.value)
        else:
            _text(b"R", _input_form(e).encode("ascii"), out)
    elif kind is String:
        _text(b"S", e.value.encode("utf-8", "surrogatepass"), out)
    elif kind is Symbol:
        _text(b"s", _symbol_name(e).encode("utf-8"), out)
    elif kind is Rational:
        _write_call(S.Rational, (Integer(e.value.numerator), Integer(e.value.denominator)), out)
    elif kind is Complex:
        _write_call(S.Complex, (e.re, e.im), out)
    elif kind is NumericArray:
        if not _write_array(_NUMERIC, e.array, out):
            _write_call(S.NumericArray, (_listed(e.array), String(e.type_name)), out)
    elif kind is Expr:
        _write_expr(e, out)
    else:                       # an atom of wlnet's own: the expression it reads back as
        from wlnet.syntax.parser import parse
        _write(parse(_input_form(e)), out)


def _write_integer(value: int, out: bytearray) -> None:
    for tag, fmt, low, high in _INT_FORMATS:
        if low <= value < high:
            out += tag + struct.pack(fmt, value)
            return
    _text(b"I", str(value).encode("ascii"), out)


def _write_expr(e: Expr, out: bytearray) -> None:
    head = e.head
    arr = packed_array(e)
    if arr is not None and _write_array(_PACKED, _narrowest(arr), out):
        return
    if head is S.Association:
        out += b"A"
        _varint(len(e.args), out)
        for rule in e.args:
            out += b"-" if rule.head is S.Rule else b":"
            _write(rule.args[0], out)
            _write(rule.args[1], out)
        return
    if head is S.ByteArray and len(e.args) == 1:
        data = packed_array(e.args[0])
        if data is not None and data.ndim == 1:
            _text(b"B", data.astype(np.uint8).tobytes(), out)
            return
    if head is S.NumericArray and len(e.args) == 2 and type(e.args[1]) is String:
        # NumericArray[list, "type"] read back from an atom's InputForm
        from wlnet.core.numeric_array import NA_TYPES
        name = e.args[1].value
        values = packed_array(e.args[0])
        if name in NA_TYPES and values is not None and \
                _write_array(_NUMERIC, values.astype(NA_TYPES[name]), out):
            return
    _write_call(head, e.args, out)


def _write_call(head, args, out: bytearray) -> None:
    out += b"f"
    _varint(len(args), out)
    _write(head, out)
    for a in args:
        _write(a, out)


def _write_array(token: int, arr: np.ndarray, out: bytearray) -> bool:
    code = _TYPE_BYTE.get(arr.dtype.newbyteorder("="))
    if code is None or arr.ndim == 0 or 0 in arr.shape:
        return False
    out.append(token)
    out.append(code)
    _varint(arr.ndim, out)
    for d in arr.shape:
        _varint(d, out)
    out += np.ascontiguousarray(arr, dtype=_ARRAY_TYPES[code]).tobytes()
    return True


def _narrowest(arr: np.ndarray) -> np.ndarray:
    """A packed array of integers in the narrowest signed type that holds them (as WL
    writes them); reals and complex numbers as they are."""
    if arr.dtype.kind != "i":
        return arr
    low, high = int(arr.min()), int(arr.max())
    for dtype in (np.int8, np.int16, np.int32):
        info = np.iinfo(dtype)
        if info.min <= low and high <= info.max:
            return arr.astype(dtype)
    return arr


def _symbol_name(sym: Symbol) -> str:
    from wlnet.core.contexts import split_name
    context, short = split_name(sym.name)
    return short if context == _SYSTEM else context + short


def _input_form(e) -> str:
    from wlnet.syntax.printer import input_form
    return input_form(e)


def _listed(arr: np.ndarray):
    from wlnet.core.packed import list_from_array
    return list_from_array(arr)


# ---------------------------------------------------------------------------- reading

def from_wxf(data: bytes):
    """The expression of WXF bytes (unevaluated); WXFError when they are not WXF."""
    data = bytes(data)
    if data.startswith(b"8C:"):
        try:
            body = zlib.decompress(data[3:])
        except zlib.error:
            raise WXFError("the compressed data is damaged") from None
    elif data.startswith(b"8:"):
        body = data[2:]
    else:
        raise WXFError("it does not start with the WXF header 8:")
    reader = _Reader(body)
    expr = reader.expr()
    if reader.pos != len(body):
        raise WXFError(f"{len(body) - reader.pos} bytes follow the expression")
    return expr


class _Reader:
    __slots__ = ("data", "pos")

    def __init__(self, data: bytes):
        self.data = data
        self.pos = 0

    def take(self, n: int) -> bytes:
        end = self.pos + n
        if end > len(self.data):
            raise WXFError("the data ends inside an expression")
        chunk = self.data[self.pos:end]
        self.pos = end
        return chunk

    def varint(self) -> int:
        value = shift = 0
        while True:
            byte = self.take(1)[0]
            value |= (byte & 0x7F) << shift
            if not byte & 0x80:
                return value
            shift += 7

    def text(self) -> str:
        try:
            return self.take(self.varint()).decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            raise WXFError("a string is not UTF-8") from None

    def expr(self):
        token = self.take(1)[0]
        reader = _TOKENS.get(token)
        if reader is None:
            raise WXFError(f"unknown token 0x{token:02X} at byte {self.pos - 1}")
        return reader(self)

    def function(self):
        count = self.varint()
        head = self.expr()
        args = [self.expr() for _ in range(count)]
        # Rational[p, q] and Complex[a, b] of numbers are the atoms (as WL reads them)
        if count == 2 and head is S.Rational and all(type(a) is Integer for a in args) \
                and args[1].value != 0:
            return make_rational(args[0].value, args[1].value)
        if count == 2 and head is S.Complex and all(type(a) in _REAL_ATOMS for a in args):
            return Complex(*args)
        return Expr(head, *args)

    def association(self):
        rules = []
        for _ in range(self.varint()):
            kind = self.take(1)
            if kind not in (b"-", b":"):
                raise WXFError("an association holds something other than rules")
            key = self.expr()
            rules.append(Expr(S.Rule if kind == b"-" else S.RuleDelayed, key, self.expr()))
        return Expr(S.Association, *rules)

    def array(self, numeric: bool):
        code = self.take(1)[0]
        dtype = _ARRAY_TYPES.get(code)
        if dtype is None:
            raise WXFError(f"unknown array element type 0x{code:02X}")
        rank = self.varint()
        dims = tuple(self.varint() for _ in range(rank))
        count = int(np.prod(dims)) if dims else 1
        arr = np.frombuffer(self.take(count * dtype.itemsize), dtype).reshape(dims)
        arr = arr.astype(dtype.newbyteorder("="))
        if numeric:
            return NumericArray.wrap(arr)
        kind = arr.dtype.kind
        wide = {"i": np.int64, "u": np.int64, "f": np.float64, "c": np.complex128}[kind]
        packed = pack(arr.astype(wide), owned=True)
        if packed is None:
            raise WXFError("a packed array holds values that cannot be packed")
        return packed


def _symbol(reader: _Reader):
    from wlnet.core.contexts import resolve
    return resolve(reader.text())


def _big_real(reader: _Reader):
    from wlnet.syntax.parser import WLSyntaxError, parse
    text = reader.text()
    try:
        value = parse(text)
    except WLSyntaxError:
        raise WXFError(f"{text!r} is not a number") from None
    if type(value) not in (Real, Integer):
        raise WXFError(f"{text!r} is not a number")
    return value


def _big_integer(reader: _Reader):
    text = reader.text()
    try:
        return Integer(int(text))
    except ValueError:
        raise WXFError(f"{text!r} is not an integer") from None


def _fixed(fmt: str, make):
    size = struct.calcsize(fmt)
    return lambda reader: make(struct.unpack(fmt, reader.take(size))[0])


def _byte_string(reader: _Reader):
    data = reader.take(reader.varint())
    return Expr(S.ByteArray, pack(np.frombuffer(data, np.uint8).astype(np.int64), owned=True)
                if data else Expr(S.List))


_TOKENS = {
    ord("f"): _Reader.function,
    ord("s"): _symbol,
    ord("S"): lambda reader: String(reader.text()),
    ord("B"): _byte_string,
    ord("C"): _fixed("<b", Integer), ord("j"): _fixed("<h", Integer),
    ord("i"): _fixed("<i", Integer), ord("L"): _fixed("<q", Integer),
    ord("r"): _fixed("<d", Real),
    ord("I"): _big_integer,
    ord("R"): _big_real,
    ord("A"): _Reader.association,
    _PACKED: lambda reader: reader.array(numeric=False),
    _NUMERIC: lambda reader: reader.array(numeric=True),
}
