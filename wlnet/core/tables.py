"""CSV and TSV tables: reading a table file into rows of values, and writing rows back
(the Import and Export of "CSV"/"TSV", wlnet.builtins.io).

Fields are read as the Wolfram Language reads them: ``12`` an Integer, ``-3.5``, ``.5``,
``1e5`` and ``2.E-3`` Reals, anything else (``NaN`` and quoted numbers included) a String,
an empty field "" (or the "EmptyField" value given).  A rectangular table of numbers of one
kind is a packed array (numpy converts the fields; a compiled regular expression checks each
has the Wolfram Language's number syntax).
"""

from __future__ import annotations

import csv
import io
import re

import numpy as np

from wlnet.core.expr import Expr, Integer, Real, S, String
from wlnet.core.packed import pack

__all__ = ["read_table", "write_table", "TableError"]

_INTEGER = re.compile(r"[+-]?\d+")
_REAL = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?")


class TableError(Exception):
    """Why a table cannot be read or written (one sentence)."""


def _field(text: str, numeric: bool, empty):
    """One field as an expression."""
    if text == "":
        return empty
    if numeric:
        t = text.strip()
        if _INTEGER.fullmatch(t):
            return Integer(int(t))
        if _REAL.fullmatch(t):
            return Real(float(t))
    return String(text)


def _packed(rows: list):
    """The rows as one packed array when they are rectangular and all integers or all
    reals (None otherwise)."""
    width = len(rows[0]) if rows else 0
    if not rows or width == 0 or any(len(r) != width for r in rows):
        return None
    flat = [f.strip() for r in rows for f in r]
    try:
        ints = np.array(flat, dtype=np.int64)
        if all(_INTEGER.fullmatch(f) for f in flat):  # not "1_000" or "+ 1"
            return pack(ints.reshape(len(rows), width))
        return None
    except (ValueError, OverflowError):
        pass
    if not all(_REAL.fullmatch(f) and not _INTEGER.fullmatch(f) for f in flat):
        return None
    return pack(np.array(flat, dtype=np.float64).reshape(len(rows), width))


def read_table(text: str, separator: str = ",", header_lines: int = 0, numeric: bool = True,
               empty=None) -> tuple[list, Expr]:
    """(the header lines' rows as lists of strings, the data rows as a List of Lists)."""
    empty = String("") if empty is None else empty
    lines = csv.reader(io.StringIO(text), delimiter=separator)
    try:
        rows = [row for row in lines]
    except csv.Error as err:
        raise TableError(f"not a valid table ({err})") from None
    while rows and rows[-1] == []:              # a final newline, blank lines at the end
        rows.pop()
    header, body = rows[:header_lines], rows[header_lines:]
    packed = _packed(body) if numeric else None
    if packed is not None:
        return header, packed
    return header, Expr.from_args(S.List, (Expr.from_args(S.List, (_field(f, numeric, empty)
                                                                   for f in row))
                                           for row in body))


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
