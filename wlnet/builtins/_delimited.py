"""CSV and TSV files for Import: a list of rows, each field a number (an integer or a real,
as the Wolfram Language reads them) or a string.

A file of numbers only, the way training data is stored, is read by numpy's parser (C code)
into one array and becomes a packed array: no Python work per number.  A header line of
names above such a block is read the same way below it.  Anything else (quoted fields,
ragged rows, text among the numbers, integers and reals in one file) is read by Python's
csv module field by field.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String
from wlnet.core.packed import pack

_INTEGER = re.compile(r"\s*[+-]?\d+\s*\Z")
_REAL = re.compile(r"\s*[+-]?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][+-]?\d+)?\s*\Z")
# characters that rule a numeric block out before numpy reads it: quotes, and the letters
# of nan and inf, which numpy would read as numbers and WL as strings
_NOT_NUMERIC = ('"', "n", "N", "i", "I")
_REAL_MARK = re.compile(r"[.eE]")


def read_delimited(text: str, delimiter: str) -> Expr:
    """The rows of ``text`` (fields separated by ``delimiter``) as WL's Import gives them."""
    block = _numeric_block(text, delimiter)
    if block is not None:
        return block
    head, _, rest = text.partition("\n")
    if rest.strip():
        below = _numeric_block(rest, delimiter)
        if below is not None:                 # names above a block of numbers
            return Expr.from_args(S.List, (_row(next(csv.reader([head], delimiter=delimiter))),
                                           *below.args))
    return Expr.from_args(S.List, (_row(fields) for fields in
                                   csv.reader(io.StringIO(text), delimiter=delimiter)))


def _numeric_block(text: str, delimiter: str):
    """The packed array of ``text`` when every field is a number of one kind (all
    integers, or all reals) in rows of one length; None otherwise."""
    text = text.strip()
    if not text or any(c in text for c in _NOT_NUMERIC):
        return None                           # (other text makes numpy's parser refuse)
    reals = _REAL_MARK.search(text) is not None
    try:
        arr = np.loadtxt(io.StringIO(text), delimiter=delimiter, comments=None, ndmin=2,
                         dtype=np.float64 if reals else np.int64)
    except (ValueError, OverflowError):
        return None
    # a number has at most one point: as many points as fields means every field has one
    if reals and text.count(".") != arr.size and _has_integer_field(text, delimiter):
        return None                           # integers among the reals: element by element
    return pack(arr)


def _has_integer_field(text: str, delimiter: str) -> bool:
    """Whether a field of ``text`` (numbers only) is written as an integer: a field with
    digits but no point or exponent.  Decided on the bytes with numpy, not field by field."""
    data = np.frombuffer(text.encode("utf-8"), dtype=np.uint8)
    ends = np.flatnonzero((data == ord(delimiter)) | (data == ord("\n")))
    starts = np.concatenate(([0], ends + 1))
    starts = starts[starts < len(data)]       # (a separator at the very end starts nothing)
    digit = (data >= ord("0")) & (data <= ord("9"))
    mark = (data == ord(".")) | (data == ord("e")) | (data == ord("E"))
    has_digit = np.maximum.reduceat(digit, starts)
    has_mark = np.maximum.reduceat(mark, starts)
    return bool(np.any(has_digit & ~has_mark))


def _row(fields: list[str]) -> Expr:
    return Expr.from_args(S.List, (_field(f) for f in fields))


def _field(text: str):
    if _INTEGER.match(text):
        return Integer(int(text))
    if _REAL.match(text):
        return Real(float(text))
    return String(text)
