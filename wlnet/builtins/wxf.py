"""WXF, the Wolfram Language's binary expression format (Wolfram's published WXF format
description): ``Export["file.wxf", expr]``, ``Import["file.wxf"]``, ``BinarySerialize`` and
``BinaryDeserialize``.  Programs keep data sets, validation batches and trained nets in .wxf
files.

A body is the header ``8:`` and one expression, token by token: a function (``f``, its
argument count, its head, its arguments), a symbol (``s``) or string (``S``) with its UTF-8
length and bytes, an integer in the fewest of 1, 2, 4 or 8 little-endian bytes (``C j i L``),
a bigger one as digits (``I``), a machine real (``r``, 8 bytes), an arbitrary-precision one as
its InputForm digits (``R``), an association (``A``, its rule count, each rule ``-`` or ``:``
then key and value), a packed array (``0xC1``) or a NumericArray (``0xC2``): element type,
rank, dimensions, then the raw little-endian data.  Counts and lengths are varints (7 bits a
byte, least significant first).  ``8C:`` bodies are zlib-compressed.  Symbols of System` are
written by their short name, others with their context (Global`x).
"""

from __future__ import annotations

import struct
import zlib

import numpy as np

from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.numeric_array import NumericArray
from wlnet.core.packed import list_from_array, packed_array
from wlnet.core.registry import builtin

HEADER, COMPRESSED = b"8:", b"8C:"
# array element types: WXF code <-> numpy dtype (little-endian) and NumericArray type
_ARRAY_TYPES = {0x00: ("<i1", "Integer8"), 0x01: ("<i2", "Integer16"), 0x02: ("<i4", "Integer32"),
                0x03: ("<i8", "Integer64"), 0x10: ("<u1", "UnsignedInteger8"),
                0x11: ("<u2", "UnsignedInteger16"), 0x12: ("<u4", "UnsignedInteger32"),
                0x13: ("<u8", "UnsignedInteger64"), 0x22: ("<f4", "Real32"),
                0x23: ("<f8", "Real64"), 0x33: ("<c8", None), 0x34: ("<c16", None)}
_CODE_OF_TYPE = {name: code for code, (_, name) in _ARRAY_TYPES.items() if name}
_INTEGER_TOKENS = ((b"C", "<b", 2 ** 7), (b"j", "<h", 2 ** 15), (b"i", "<i", 2 ** 31),
                   (b"L", "<q", 2 ** 63))


class WXFError(ValueError):
    """Bytes that are not a WXF expression (the reason, for Import::fmterr)."""


# ---------------------------------------------------------------------------- writing

def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        byte, n = n & 0x7F, n >> 7
        out.append(byte | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _text(token: bytes, text: str) -> bytes:
    data = text.encode("utf-8")
    return token + _varint(len(data)) + data


def _symbol_name(sym: Symbol) -> str:
    from wlnet.core.registry import BUILTINS
    name = sym.name
    if "`" in name:
        return name[len("System`"):] if name.startswith("System`") else name
    return name if name in BUILTINS else "Global`" + name


def _array(code: int, arr: np.ndarray) -> bytes:
    dtype = np.dtype(_ARRAY_TYPES[code][0])
    head = bytes([code]) + _varint(arr.ndim) + b"".join(_varint(d) for d in arr.shape)
    return head + np.ascontiguousarray(arr, dtype=dtype).tobytes()


def _function(head, args) -> bytes:
    return b"f" + _varint(len(args)) + _token(head) + b"".join(_token(a) for a in args)


def _token(e) -> bytes:
    t = type(e)
    if t is Integer:
        v = e.value
        for token, fmt, bound in _INTEGER_TOKENS:
            if -bound <= v < bound:
                return token + struct.pack(fmt, v)
        return _text(b"I", str(v))
    if t is Real:
        if e.precision is None:
            return b"r" + struct.pack("<d", e.value)
        from wlnet.syntax.printer import input_form
        return _text(b"R", input_form(e))
    if t is String:
        return _text(b"S", e.value)
    if t is Symbol:
        return _text(b"s", _symbol_name(e))
    if t is Rational:
        return _function(S.Rational, (Integer(e.numerator), Integer(e.denominator)))
    if t is Complex:
        return _function(S.Complex, (e.re, e.im))
    if isinstance(e, NumericArray):
        return b"\xc2" + _array(_CODE_OF_TYPE[e.type_name], e.array)
    if t is Expr:
        if e.head is S.Association and all(type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)
                                           and len(r.args) == 2 for r in e.args):
            return b"A" + _varint(len(e.args)) + b"".join(
                (b"-" if r.head is S.Rule else b":") + _token(r.args[0]) + _token(r.args[1])
                for r in e.args)
        arr = packed_array(e) if e.head is S.List else None
        if arr is not None and arr.size and arr.dtype.kind in "ifc":
            code = {"i": 0x03, "f": 0x23, "c": 0x34}[arr.dtype.kind]
            return b"\xc1" + _array(code, arr)
        return _function(e.head, e.args)
    form = getattr(e, "to_expr_form", None)             # Image, Audio, Graph…: their form
    if form is not None:
        return _token(form())
    raise WXFError(f"{type(e).__name__} has no WXF form")


def wxf_bytes(e, compress: bool = False) -> bytes:
    body = _token(e)
    return COMPRESSED + zlib.compress(body) if compress else HEADER + body


# ---------------------------------------------------------------------------- reading

class _Reader:
    def __init__(self, data: bytes):
        self.data, self.at = data, 0

    def take(self, n: int) -> bytes:
        if self.at + n > len(self.data):
            raise WXFError("the data end inside an expression")
        chunk = self.data[self.at:self.at + n]
        self.at += n
        return chunk

    def varint(self) -> int:
        n = shift = 0
        while True:
            byte = self.take(1)[0]
            n |= (byte & 0x7F) << shift
            shift += 7
            if not byte & 0x80:
                return n

    def text(self) -> str:
        return self.take(self.varint()).decode("utf-8")

    def array(self):
        code = self.take(1)[0]
        if code not in _ARRAY_TYPES:
            raise WXFError(f"unknown array type {code}")
        dtype, name = _ARRAY_TYPES[code]
        dims = tuple(self.varint() for _ in range(self.varint()))
        count = int(np.prod(dims)) if dims else 1
        arr = np.frombuffer(self.take(count * np.dtype(dtype).itemsize), dtype=dtype).reshape(dims)
        return arr, name

    def expr(self):
        token = self.take(1)
        for tok, fmt, _ in _INTEGER_TOKENS:
            if token == tok:
                return Integer(struct.unpack(fmt, self.take(struct.calcsize(fmt)))[0])
        if token == b"r":
            return Real(struct.unpack("<d", self.take(8))[0])
        if token == b"S":
            return String(self.text())
        if token == b"s":
            name = self.text()
            for context in ("System`", "Global`"):
                if name.startswith(context) and "`" not in name[len(context):]:
                    name = name[len(context):]
            return Symbol(name)
        if token == b"I":
            return Integer(int(self.text()))
        if token == b"R":
            from wlnet.syntax.parser import parse
            return parse(self.text())
        if token == b"B":
            from wlnet.builtins.text_extra import _byte_array
            return _byte_array(self.take(self.varint()))
        if token == b"f":
            n = self.varint()
            head = self.expr()
            return Expr.from_args(head, [self.expr() for _ in range(n)])
        if token == b"A":
            rules = []
            for _ in range(self.varint()):
                kind = self.take(1)
                if kind not in (b"-", b":"):
                    raise WXFError("an association's entry is not a rule")
                key = self.expr()
                rules.append(Expr(S.Rule if kind == b"-" else S.RuleDelayed, key, self.expr()))
            return Expr.from_args(S.Association, rules)
        if token == b"\xc1":
            arr, _ = self.array()
            return list_from_array(arr.astype(np.result_type(arr.dtype, np.int64))
                                   if arr.dtype.kind in "iu" else arr.astype(
                                       np.complex128 if arr.dtype.kind == "c" else np.float64))
        if token == b"\xc2":
            arr, name = self.array()
            if name is None:
                raise WXFError("complex NumericArrays are not read")
            return NumericArray(arr.copy(), name)
        raise WXFError(f"unknown token {token!r}")


def read_wxf(data: bytes):
    """The expression of WXF bytes (unevaluated); WXFError when they are not one."""
    if data.startswith(COMPRESSED):
        try:
            data = HEADER + zlib.decompress(data[len(COMPRESSED):])
        except zlib.error:
            raise WXFError("the compressed body cannot be read") from None
    if not data.startswith(HEADER):
        raise WXFError("no WXF header 8:")
    reader = _Reader(data)
    reader.at = len(HEADER)
    e = reader.expr()
    if reader.at != len(data):
        raise WXFError("bytes after the expression")
    return e


# ---------------------------------------------------------------------------- builtins

@builtin("BinarySerialize", argc=(1, 2),
         usage="BinarySerialize[expr] is a ByteArray of expr in WXF, the Wolfram Language's "
               "binary format; BinarySerialize[expr, PerformanceGoal -> \"Size\"] compresses "
               "it.",
         examples=(("Normal[BinarySerialize[1]]", "{56, 58, 67, 1}"),
                   ("BinaryDeserialize[BinarySerialize[{1, x, \"a\"}]]", '{1, x, "a"}')),
         messages={"nowxf": "`1` has no WXF form."})
def binary_serialize(ev, e, option=None):
    from wlnet.builtins.text_extra import _byte_array
    compress = (type(option) is Expr and option.head is S.Rule and len(option.args) == 2
                and option.args[1] == String("Size"))
    try:
        return _byte_array(wxf_bytes(e, compress))
    except WXFError:
        ev.message(Symbol("BinarySerialize"), "nowxf", e)
        return None


@builtin("BinaryDeserialize", argc=(1, 2),
         usage="BinaryDeserialize[bytes] is the expression a WXF ByteArray holds, evaluated.",
         examples=(("BinaryDeserialize[ByteArray[{56, 58, 67, 7}]]", "7"),),
         messages={"notwxf": "The bytes are not a WXF expression: `1`."})
def binary_deserialize(ev, data, head=None):
    from wlnet.builtins.text_extra import _bytes_of
    raw = _bytes_of(data)
    if raw is None:
        return None
    try:
        e = read_wxf(raw)
    except WXFError as err:
        ev.message(Symbol("BinaryDeserialize"), "notwxf", String(str(err)))
        return S["$Failed"]
    return ev.evaluate(e if head is None else Expr(head, e))
