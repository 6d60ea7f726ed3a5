"""Classical structured matrices: HilbertMatrix, ToeplitzMatrix, HankelMatrix.

    HilbertMatrix[n], HilbertMatrix[{m, n}]
        the matrix with entries 1/(i + j - 1), exact unless WorkingPrecision says otherwise
    ToeplitzMatrix[n]              entries |i - j| + 1 (successive integers down the first
                                   column and across the first row)
    ToeplitzMatrix[{c1, …, cn}]    the symmetric Toeplitz matrix with first column c
    ToeplitzMatrix[c, r]           first column c, first row r: t_ij = c[i-j+1] for i >= j,
                                   r[j-i+1] above the diagonal (c1 wins over r1)
    HankelMatrix[n]                entries i + j - 1, zero below the antidiagonal
    HankelMatrix[{c1, …, cn}]      first column c, zero below the antidiagonal
    HankelMatrix[c, r]             first column c, last row r: h_ij = c[i+j-1] while
                                   i + j - 1 <= m, r[i+j-m] after (cm wins over r1)

The Wolfram Language can return these as structured arrays (TargetStructure); wlnet has
none, so Automatic and "Dense" give the dense matrix and other settings are refused.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.registry import builtin, read_options

_MAX_ENTRIES = 10_000_000

_MESSAGES = {
    "size": "`1` is not a positive integer or a list of two positive integers.",
    "vec": "`1` is not a non-empty list.",
    "tgst": "Value of option TargetStructure -> `1` should be Automatic or \"Dense\" "
            "(structured arrays are not made).",
    "wprec": "Value of option WorkingPrecision -> `1` should be Infinity, MachinePrecision "
             "or a positive number.",
}


def _mklist(items) -> Expr:
    return Expr(S.List, *items)


def _dimensions(spec) -> tuple[int, int] | None:
    """(rows, columns) of n or {m, n}; None when not positive integers or too large."""
    if type(spec) is Integer:
        dims = (spec.value, spec.value)
    elif is_list(spec) and len(spec.args) == 2 and all(type(a) is Integer for a in spec.args):
        dims = (spec.args[0].value, spec.args[1].value)
    else:
        return None
    if min(dims) < 1 or dims[0] * dims[1] > _MAX_ENTRIES:
        return None
    return dims


def _entries(arg) -> list | None:
    """The elements of a non-empty list argument, None otherwise."""
    return list(arg.args) if is_list(arg) and arg.args else None


def _options(ev, head: Symbol, call_args: tuple, rest: tuple, known: dict):
    """{option: value} of the trailing options, None after a message (optx, tgst)."""
    split = read_options(ev, Expr(head, *call_args), rest, known)
    if split is None:
        return None
    options = {name: ev.evaluate(value) for name, value in split[1].items()}
    structure = options["TargetStructure"]
    if not (structure is S.Automatic or type(structure) is String
            and structure.value == "Dense"):
        ev.message(head, "tgst", structure)
        return None
    return options


def _split_args(args: tuple, most: int) -> tuple[tuple, tuple]:
    """(positional arguments, options) of args, with at most ``most`` positional ones."""
    positional = []
    for a in args:
        if len(positional) == most or (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed)):
            break
        positional.append(a)
    return tuple(positional), args[len(positional):]


# ---------------------------------------------------------------------------- Hilbert

_HILBERT_OPTIONS = {"TargetStructure": S.Automatic, "WorkingPrecision": S.Infinity}
_INFINITY = Expr(S.DirectedInfinity, Integer(1))      # Infinity as it evaluates


def _exact_precision(p) -> bool:
    return p is S.Infinity or p == _INFINITY


def _precision_ok(p) -> bool:
    return (_exact_precision(p) or p is Symbol("MachinePrecision")
            or type(p) in (Integer, Rational, Real) and p.value > 0)


@builtin("HilbertMatrix", argc=(1, None), messages=_MESSAGES, options=_HILBERT_OPTIONS,
         attributes=("Protected",),
         usage="HilbertMatrix[n] is the n×n Hilbert matrix, entries 1/(i + j - 1); "
               "HilbertMatrix[{m, n}] the m×n one.  WorkingPrecision -> p gives numbers of "
               "precision p instead of exact fractions.",
         examples=(("HilbertMatrix[2]", "{{1, 1/2}, {1/2, 1/3}}"),
                   ("HilbertMatrix[{1, 3}]", "{{1, 1/2, 1/3}}")))
def hilbert_matrix(ev, spec, *rest):
    head = S.HilbertMatrix
    options = _options(ev, head, (spec,) + rest, rest, _HILBERT_OPTIONS)
    if options is None:
        return None
    dims = _dimensions(spec)
    if dims is None:
        ev.message(head, "size", spec)
        return None
    precision = options["WorkingPrecision"]
    if not _precision_ok(precision):
        ev.message(head, "wprec", precision)
        return None
    rows, cols = dims
    matrix = _mklist(_mklist(Rational(1, i + j + 1) if i + j else Integer(1)
                             for j in range(cols)) for i in range(rows))
    if _exact_precision(precision):
        return matrix
    return ev.evaluate(Expr(S.N, matrix, precision))


# ---------------------------------------------------------------------------- Toeplitz

_STRUCTURE_OPTIONS = {"TargetStructure": S.Automatic}


def _column_and_row(ev, head: Symbol, args: tuple):
    """(first vector, second vector or None) of ``head[args…]``, where an integer
    n stands for {1, …, n}; None after a message."""
    positional, rest = _split_args(args, 2)
    if not positional:
        return None
    options = _options(ev, head, args, rest, _STRUCTURE_OPTIONS)
    if options is None:
        return None
    vectors = []
    for k, arg in enumerate(positional):
        if k == 0 and len(positional) == 1 and type(arg) is Integer:
            if not 1 <= arg.value <= 3000:
                ev.message(head, "size", arg)
                return None
            vectors.append([Integer(i) for i in range(1, arg.value + 1)])
            continue
        entries = _entries(arg)
        if entries is None or len(entries) > 3000:
            ev.message(head, "vec", arg)
            return None
        vectors.append(entries)
    return vectors[0], (vectors[1] if len(vectors) == 2 else None)


@builtin("ToeplitzMatrix", argc=(1, None), messages=_MESSAGES, options=_STRUCTURE_OPTIONS,
         attributes=("Protected",),
         usage="ToeplitzMatrix[n] is the n×n Toeplitz matrix of successive integers; "
               "ToeplitzMatrix[{c1, …, cn}] the symmetric one with first column c; "
               "ToeplitzMatrix[c, r] the one with first column c and first row r.",
         examples=(("ToeplitzMatrix[3]", "{{1, 2, 3}, {2, 1, 2}, {3, 2, 1}}"),
                   ("ToeplitzMatrix[{a, b}, {a, c, d}]", "{{a, c, d}, {b, a, c}}")))
def toeplitz_matrix(ev, *args):
    found = _column_and_row(ev, S.ToeplitzMatrix, args)
    if found is None:
        return None
    column, row = found
    row = column if row is None else row
    return _mklist(_mklist(column[i - j] if i >= j else row[j - i] for j in range(len(row)))
                   for i in range(len(column)))


@builtin("HankelMatrix", argc=(1, None), messages=_MESSAGES, options=_STRUCTURE_OPTIONS,
         attributes=("Protected",),
         usage="HankelMatrix[n] is the n×n Hankel matrix of successive integers (zero below "
               "the antidiagonal); HankelMatrix[{c1, …, cn}] the one with first column c; "
               "HankelMatrix[c, r] the one with first column c and last row r.",
         examples=(("HankelMatrix[3]", "{{1, 2, 3}, {2, 3, 0}, {3, 0, 0}}"),
                   ("HankelMatrix[{a, b}, {b, c, d}]", "{{a, b, c}, {b, c, d}}")))
def hankel_matrix(ev, *args):
    found = _column_and_row(ev, S.HankelMatrix, args)
    if found is None:
        return None
    column, row = found
    m = len(column)
    if row is None:
        row = [Integer(0)] * m
        row[0] = column[-1]
    # an antidiagonal k = i + j (0-based) holds c[k] while k < m, then r[k - m + 1]
    return _mklist(_mklist(column[i + j] if i + j < m else row[i + j - m + 1]
                           for j in range(len(row))) for i in range(m))
