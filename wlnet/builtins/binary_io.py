"""Binary files, as programs write their own model formats and read other engines' files:
``BinaryRead``, ``BinaryReadList``, ``BinaryWrite``, ``StreamPosition``,
``SetStreamPosition``, ``FileByteCount``, ``$ByteOrdering``; and ``CreateUUID`` (a unique
name for a temporary file).

A source is a file name or an InputStream of OpenRead (streams.py); reading from a stream
starts at its position and moves it on, and the position of a stream read in binary is
counted in bytes.  A destination is a file name or an OutputStream: each BinaryWrite appends
its bytes (a file name is emptied by the first write to it, as WL opens it then, and stays
open until Close["file"]).  Types are
"Byte", "Character8", "Integer8" … "Integer64", "UnsignedInteger8" … "UnsignedInteger64",
"Real32", "Real64", "Complex64", "Complex128" and "TerminatedString"; ByteOrdering -> -1
(little-endian, $ByteOrdering here) or 1, or the stream's own.
"""

from __future__ import annotations

import os
import sys
import uuid

import numpy as np

from wlnet.builtins import streams
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.packed import list_from_array
from wlnet.core.registry import builtin, declare, split_options

FAILED = S["$Failed"]
END_OF_FILE = Symbol("EndOfFile")
NATIVE_ORDER = -1 if sys.byteorder == "little" else 1

declare("$ByteOrdering", value=Integer(NATIVE_ORDER),
        usage="$ByteOrdering is the machine's native byte order: -1 little-endian, 1 "
              "big-endian.")

# type name -> numpy dtype code without its byte order
_NUMERIC = {"Byte": "u1", "Character8": "u1",
            **{f"Integer{b}": f"i{b // 8}" for b in (8, 16, 32, 64)},
            **{f"UnsignedInteger{b}": f"u{b // 8}" for b in (8, 16, 32, 64)},
            "Real32": "f4", "Real64": "f8", "Complex64": "c8", "Complex128": "c16"}

_MESSAGES = {
    "format": "`1` is not a valid binary type: use \"Byte\", \"Character8\", \"Integer8\" … "
              "\"Integer64\", \"UnsignedInteger8\" … \"UnsignedInteger64\", \"Real32\", "
              "\"Real64\", \"Complex64\", \"Complex128\" or \"TerminatedString\".",
    "noopen": "Cannot open `1`.",
    "strmi": "`1` is not a file name, an open InputStream or OutputStream.",
    "nocoerce": "`1` cannot be written as `2`.",
    "intnm": "Non-negative machine-sized integer expected at position `2` in `1`.",
    "optx": "Unknown option `1` in `2`.",
    "byteord": "ByteOrdering -> `1` should be -1 or 1.",
}
_OPTIONS = {"ByteOrdering": Symbol("Automatic")}


def _dtype(name: str, order: int) -> np.dtype:
    return np.dtype(("<" if order < 0 else ">") + _NUMERIC[name])


def _byte_order(ev, head, options: dict, stream) -> int | None:
    given = options["ByteOrdering"]
    if type(given) is Integer and given.value in (-1, 1):
        return given.value
    if given is not Symbol("Automatic"):
        ev.message(head, "byteord", given)
        return None
    if type(stream) is Expr and len(stream.args) == 2 and type(stream.args[1]) is Integer:
        return streams.byte_orders.get(stream.args[1].value, NATIVE_ORDER)
    return NATIVE_ORDER


def _types(spec) -> list[str] | None:
    """The type names of a type or a list of them (a record), None when one is unknown."""
    names = spec.args if type(spec) is Expr and spec.head is S.List else (spec,)
    if not names or not all(type(n) is String and (n.value in _NUMERIC or
                                                    n.value == "TerminatedString")
                            for n in names):
        return None
    return [n.value for n in names]


# ---------------------------------------------------------------------------- reading

def _source(ev, head, source) -> tuple[bytes, int, int | None] | None:
    """(the file's bytes, where reading starts, stream number or None for a file name)."""
    if type(source) is String and source.value:
        path, number = os.path.expanduser(source.value), None
    elif type(source) is Expr and source.head is streams.INPUT_STREAM and \
            len(source.args) == 2 and type(source.args[0]) is String and \
            type(source.args[1]) is Integer and source.args[1].value in streams._positions:
        path, number = source.args[0].value, source.args[1].value
    else:
        ev.message(head, "strmi", source)
        return None
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError:
        ev.message(head, "noopen", source)
        return None
    return data, (0 if number is None else streams._positions[number]), number


def _read_one(data: bytes, at: int, name: str, order: int):
    """(the value of type ``name`` at byte ``at``, the next position), or None at the end."""
    if name == "TerminatedString":
        end = data.find(b"\0", at)
        if at >= len(data):
            return None
        stop = len(data) if end < 0 else end
        return String(data[at:stop].decode("latin-1")), min(len(data), stop + 1)
    dtype = _dtype(name, order)
    if at + dtype.itemsize > len(data):
        return None
    value = np.frombuffer(data, dtype=dtype, count=1, offset=at)[0]
    if name == "Character8":
        out = String(chr(int(value)))
    elif dtype.kind in "iu":
        out = Integer(int(value))
    elif dtype.kind == "f":
        out = Real(float(value))
    else:
        out = Expr(S.Complex, Real(float(value.real)), Real(float(value.imag)))
    return out, at + dtype.itemsize


def _read_many(data: bytes, at: int, names: list[str], order: int, count):
    """(values, next position): ``count`` items (all when None) of the type, or of the
    record of types."""
    if len(names) == 1 and names[0] not in ("TerminatedString", "Character8") and \
            not _NUMERIC[names[0]].startswith("c"):
        dtype = _dtype(names[0], order)
        available = (len(data) - at) // dtype.itemsize
        n = available if count is None else min(count, available)
        values = np.frombuffer(data, dtype=dtype, count=n, offset=at)
        wide = np.int64 if dtype.kind in "iu" else np.float64
        if dtype.kind == "u" and dtype.itemsize == 8:
            wide = object
        return list_from_array(values.astype(wide)), at + n * dtype.itemsize
    out = []
    while count is None or len(out) < count:
        record = []
        for name in names:
            got = _read_one(data, at, name, order)
            if got is None:
                break
            value, at = got
            record.append(value)
        if len(record) < len(names):
            break
        out.append(record[0] if len(names) == 1 else Expr(S.List, *record))
    return Expr(S.List, *out), at


def _count(ev, head, call, n):
    if n is None or n is S.All:
        return None
    if type(n) is Integer and n.value >= 0:
        return n.value
    ev.message(head, "intnm", call, Integer(3))
    return False


@builtin(argc=(1, None), messages=_MESSAGES,
         usage="BinaryReadList[source] is every byte of a file or stream; "
               "BinaryReadList[source, type] the values of that type (a list of types: "
               "records of them); BinaryReadList[source, type, n] the first n.  Option "
               "ByteOrdering.",
         examples=(('f = FileNameJoin[{$TemporaryDirectory, CreateUUID[] <> ".bin"}]; '
                    'BinaryWrite[f, {1, 2, 300}, "Integer16"]; Close[f]; '
                    'BinaryReadList[f, "Integer16"]', "{1, 2, 300}"),))
def BinaryReadList(ev, source, *rest):
    split = split_options(rest, _OPTIONS)
    if split is None:
        ev.message(S.BinaryReadList, "optx", rest[-1], S.BinaryReadList)
        return None
    positional, options = split
    if len(positional) > 2:
        return None
    names = _types(positional[0] if positional else String("Byte"))
    if names is None:
        ev.message(S.BinaryReadList, "format", positional[0])
        return None
    call = Expr(S.BinaryReadList, source, *rest)
    count = _count(ev, S.BinaryReadList, call, positional[1] if len(positional) > 1 else None)
    order = _byte_order(ev, S.BinaryReadList, options, source)
    if count is False or order is None:
        return None
    got = _source(ev, S.BinaryReadList, source)
    if got is None:
        return FAILED
    data, at, number = got
    values, at = _read_many(data, at, names, order, count)
    if number is not None:
        streams._positions[number] = at
    return values


@builtin(argc=(1, None), messages=_MESSAGES,
         usage="BinaryRead[stream, type] reads one value of the type (a list of types: one "
               "of each) and moves the stream on; EndOfFile at the end.",
         examples=())
def BinaryRead(ev, source, *rest):
    split = split_options(rest, _OPTIONS)
    if split is None:
        ev.message(S.BinaryRead, "optx", rest[-1], S.BinaryRead)
        return None
    positional, options = split
    if len(positional) > 1:
        return None
    spec = positional[0] if positional else String("Byte")
    names = _types(spec)
    if names is None:
        ev.message(S.BinaryRead, "format", spec)
        return None
    order = _byte_order(ev, S.BinaryRead, options, source)
    got = None if order is None else _source(ev, S.BinaryRead, source)
    if got is None:
        return None if order is None else FAILED
    data, at, number = got
    values = []
    for name in names:
        one = _read_one(data, at, name, order)
        if one is None:
            values.append(END_OF_FILE)
            continue
        value, at = one
        values.append(value)
    if number is not None:
        streams._positions[number] = at
    is_record = type(spec) is Expr and spec.head is S.List
    return Expr(S.List, *values) if is_record else values[0]


# ---------------------------------------------------------------------------- writing

def _destination(ev, target) -> str | None:
    """The path to append to; a file named for the first time since it was closed is
    opened (emptied) first."""
    if type(target) is String and target.value:
        path = os.path.abspath(os.path.expanduser(target.value))
        if path not in streams.named_files:
            try:
                open(path, "wb").close()
            except OSError:
                ev.message(S.BinaryWrite, "noopen", target)
                return None
            streams.named_files.add(path)
        return path
    if type(target) is Expr and target.head is streams.OUTPUT_STREAM and target.args and \
            type(target.args[0]) is String:
        return target.args[0].value
    ev.message(S.BinaryWrite, "strmi", target)
    return None


def _leaves(e) -> list:
    if type(e) is Expr and e.head is S.List:
        return [x for a in e.args for x in _leaves(a)]
    return [e]


def _encoded(ev, data, name: str | None, order: int) -> bytes | None:
    """The bytes of ``data`` as type ``name`` (None: bytes of numbers, characters of
    strings); None (after a message) when a value does not fit the type."""
    from wlnet.core.numeric_array import to_numpy_data
    if type(data) is String:
        if name in (None, "Character8", "Byte"):
            return data.value.encode("latin-1", errors="replace")
        if name == "TerminatedString":
            return data.value.encode("latin-1", errors="replace") + b"\0"
    if name is None:
        name = "Byte"
    if name == "TerminatedString":
        parts = [_encoded(ev, x, name, order) for x in _leaves(data)]
        return None if any(p is None for p in parts) else b"".join(parts)
    values = to_numpy_data(data)
    if values is None and name == "Character8":
        leaves = _leaves(data)
        if all(type(x) is String for x in leaves):
            return "".join(x.value for x in leaves).encode("latin-1", errors="replace")
    if values is None:
        leaves = _leaves(data)
        try:
            values = np.array([complex(x.args[0].value, x.args[1].value)
                               if type(x) is Expr and x.head is S.Complex else x.value
                               for x in leaves])
        except (AttributeError, TypeError, IndexError):
            ev.message(S.BinaryWrite, "nocoerce", data, String(name))
            return None
    dtype = _dtype(name, order)
    values = np.asarray(values).reshape(-1)
    if dtype.kind in "iu":
        if values.dtype.kind not in "iu" or (values.size and (
                values.min() < np.iinfo(dtype).min or values.max() > np.iinfo(dtype).max)):
            ev.message(S.BinaryWrite, "nocoerce", data, String(name))
            return None
    elif values.dtype.kind not in "iufc" or (dtype.kind == "f" and values.dtype.kind == "c"):
        ev.message(S.BinaryWrite, "nocoerce", data, String(name))
        return None
    return values.astype(dtype).tobytes()


@builtin(argc=(2, None), messages=_MESSAGES,
         usage="BinaryWrite[dest, data, type] writes the numbers (or characters) of data as "
               "that type to a file or OutputStream, after what was written before; "
               "BinaryWrite[dest, data] writes bytes.  Option ByteOrdering.",
         examples=())
def BinaryWrite(ev, target, data, *rest):
    split = split_options(rest, _OPTIONS)
    if split is None:
        ev.message(S.BinaryWrite, "optx", rest[-1], S.BinaryWrite)
        return None
    positional, options = split
    if len(positional) > 1:
        return None
    name = None
    if positional:
        names = _types(positional[0])
        if names is None or len(names) != 1:
            ev.message(S.BinaryWrite, "format", positional[0])
            return None
        name = names[0]
    order = _byte_order(ev, S.BinaryWrite, options, target)
    if order is None:
        return None
    payload = _encoded(ev, data, name, order)
    if payload is None:
        return FAILED
    path = _destination(ev, target)
    if path is None:
        return FAILED
    try:
        with open(path, "ab") as fh:
            fh.write(payload)
    except OSError:
        ev.message(S.BinaryWrite, "noopen", target)
        return FAILED
    return target


# ---------------------------------------------------------------------------- positions

def _input_number(stream) -> int | None:
    if type(stream) is Expr and stream.head is streams.INPUT_STREAM and len(stream.args) == 2 \
            and type(stream.args[1]) is Integer and stream.args[1].value in streams._positions:
        return stream.args[1].value
    return None


@builtin(argc=1, messages=_MESSAGES,
         usage="StreamPosition[stream] is how far an input stream has been read (in bytes "
               "once read in binary); an output stream's position is its file's size.",
         examples=())
def StreamPosition(ev, stream):
    number = _input_number(stream)
    if number is not None:
        return Integer(streams._positions[number])
    if type(stream) is Expr and stream.head is streams.OUTPUT_STREAM and stream.args and \
            type(stream.args[0]) is String:
        try:
            return Integer(os.path.getsize(stream.args[0].value))
        except OSError:
            return Integer(0)
    ev.message(S.StreamPosition, "strmi", stream)
    return None


@builtin(argc=2, messages=_MESSAGES,
         usage="SetStreamPosition[stream, n] makes an input stream read on from byte n "
               "(Infinity: the end); gives n.",
         examples=())
def SetStreamPosition(ev, stream, n):
    number = _input_number(stream)
    if number is None:
        if type(stream) is Expr and stream.head is streams.OUTPUT_STREAM:
            return n                  # writes always go to the end of the file
        ev.message(S.SetStreamPosition, "strmi", stream)
        return None
    if n is S.Infinity or (type(n) is Expr and n.head is S.DirectedInfinity):
        n = Integer(os.path.getsize(stream.args[0].value))
    if type(n) is not Integer or n.value < 0:
        ev.message(S.SetStreamPosition, "intnm", Expr(S.SetStreamPosition, stream, n),
                   Integer(2))
        return None
    streams._positions[number] = n.value
    return n


@builtin(argc=1, messages={"nffil": "File `1` not found."},
         usage="FileByteCount[\"file\"] is the number of bytes in a file.",
         examples=())
def FileByteCount(ev, file):
    if type(file) is not String:
        return None
    path = os.path.expanduser(file.value)
    if not os.path.isfile(path):
        ev.message(S.FileByteCount, "nffil", file)
        return FAILED
    return Integer(os.path.getsize(path))


@builtin(argc=(0, 1),
         usage="CreateUUID[] is a new random universally unique identifier string; "
               "CreateUUID[\"prefix\"] puts the prefix before it.",
         examples=(("StringLength[CreateUUID[]]", "36"),
                   ('StringStartsQ[CreateUUID["run-"], "run-"]', "True")))
def CreateUUID(ev, prefix=None):
    if prefix is not None and type(prefix) is not String:
        return None
    return String((prefix.value if prefix is not None else "") + str(uuid.uuid4()))
