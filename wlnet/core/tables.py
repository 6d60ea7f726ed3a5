"""CSV and TSV tables: reading a table file into rows of values, and writing rows back
(the Import and Export of "CSV"/"TSV", wlnet.builtins.io).

Fields are read as the Wolfram Language reads them: ``12`` an Integer, ``-3.5``, ``.5``,
``1e5`` and ``2.E-3`` Reals, anything else (``NaN`` and quoted numbers included) a String,
an empty field "" (or the "EmptyField" value given).  A table of numbers of one kind is a
packed array read by numpy's parser, its integer/real kind decided on the bytes.
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String
from wlnet.core.packed import pack

__all__ = ["read_table", "write_table", "read_field", "TableError"]

_INTEGER = re.compile(r"\s*[+-]?\d+\s*\Z")
_REAL = re.compile(r"\s*[+-]?(?:\d+\.\d*|\.\d+|\d+(?=[eE]))(?:[eE][+-]?\d+)?\s*\Z")
# characters that rule a numeric block out before numpy reads it: quotes, and the letters
# of nan and inf, which numpy would read as numbers and WL as strings
_NOT_NUMERIC = ('"', "n", "N", "i", "I")
_REAL_MARK = re.compile(r"[.eE]")


class TableError(Exception):
    """Why a table cannot be read or written (one sentence)."""


def _field(text: str, numeric: bool, empty):
    """One field as an expression."""
    if text == "":
        return empty
    if numeric:
        if _INTEGER.match(text):
            return Integer(int(text))
        if _REAL.match(text):
            return Real(float(text))
    return String(text)


def read_field(text: str):
    """One field of text as a table reads it: an integer, a real, or the string."""
    return _field(text.strip(), True, String(""))


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


def read_table(text: str, separator: str = ",", header_lines: int = 0, numeric: bool = True,
               empty=None) -> tuple[list, Expr]:
    """(the header lines' rows as lists of strings, the data rows as a List of Lists).

    A body of numbers only, the way training data is stored, is read by numpy's parser (C
    code) into one packed array, with no Python work per number; so is a block of numbers
    under one line of names.  Anything else (quoted fields, ragged rows, text among the
    numbers, integers and reals in one file, empty fields) is read field by field."""
    header: list = []
    body = text
    for _ in range(header_lines):
        line, _, body = body.partition("\n")
        header.extend(csv.reader([line], delimiter=separator))
    if numeric and empty is None:
        block = _numeric_block(body, separator)
        if block is not None:
            return header, block
        head, _, rest = body.partition("\n")
        below = _numeric_block(rest, separator) if rest.strip() else None
        if below is not None:                  # names above a block of numbers
            names = next(csv.reader([head], delimiter=separator), [])
            return header, Expr.from_args(S.List, (_row(names, numeric, String("")),
                                                   *below.args))
    empty = String("") if empty is None else empty
    try:
        rows = list(csv.reader(io.StringIO(body), delimiter=separator))
    except csv.Error as err:
        raise TableError(f"not a valid table ({err})") from None
    while rows and rows[-1] == []:              # a final newline, blank lines at the end
        rows.pop()
    return header, Expr.from_args(S.List, (_row(r, numeric, empty) for r in rows))


def _row(fields: list, numeric: bool, empty) -> Expr:
    return Expr.from_args(S.List, (_field(f, numeric, empty) for f in fields))


def _text(e) -> str:
    """A value as a field: strings as they are, numbers as decimal text."""
    if type(e) is String:
        return e.value
    if type(e) is Integer:
        return str(e.value)
    if type(e) is Real:
        return repr(float(e.value))
    from wlnet.syntax.printer import input_form
    return input_form(e)


def _rows_of(expr) -> list:
    """A list of lists, a list (one value per row), a list of associations (a header of
    their keys) or an association's rules, as rows of fields."""
    from wlnet.core.packed import packed_array
    arr = packed_array(expr)
    if arr is not None and arr.ndim <= 2:
        grid = arr.reshape(-1, 1) if arr.ndim == 1 else arr
        return [[repr(float(x)) if grid.dtype.kind == "f" else str(x) for x in row]
                for row in grid.tolist()]
    if not (type(expr) is Expr and expr.head is S.List):
        raise TableError("a table is a list of rows")
    rows = list(expr.args)
    if rows and all(type(r) is Expr and r.head is S.Association for r in rows):
        keys = [rule.args[0] for rule in rows[0].args]
        values = [[_lookup(r, k) for k in keys] for r in rows]
        return [[_text(k) for k in keys]] + [[_text(v) for v in row] for row in values]
    return [[_text(v) for v in r.args] if type(r) is Expr and r.head is S.List else [_text(r)]
            for r in rows]


def _lookup(assoc, key):
    for rule in assoc.args:
        if rule.args[0] == key:
            return rule.args[1]
    return String("")


def write_table(expr, separator: str = ",") -> str:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=separator, lineterminator="\n")
    writer.writerows(_rows_of(expr))
    return out.getvalue()
