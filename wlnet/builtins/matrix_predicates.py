"""Tests of a matrix's kind: SquareMatrixQ, SymmetricMatrixQ, AntisymmetricMatrixQ,
HermitianMatrixQ, DiagonalMatrixQ, UpperTriangularMatrixQ, LowerTriangularMatrixQ,
OrthogonalMatrixQ, UnitaryMatrixQ and the definiteness tests PositiveDefiniteMatrixQ,
PositiveSemidefiniteMatrixQ, NegativeDefiniteMatrixQ, NegativeSemidefiniteMatrixQ.

Each gives True or False for any expression (False for what is not a matrix).  Exact and
symbolic entries are compared as expressions; a matrix with approximate numbers is
compared within a tolerance: the option Tolerance (Automatic: a few hundred machine
epsilons of the matrix's largest entry, which absorbs the roundoff of a computed matrix
such as D^-1/2 . A . D^-1/2).  Definiteness is that of the Hermitian part (m + m*)/2, as
WL defines it for any square matrix: its eigenvalues, computed numerically.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import int_value, is_list
from wlnet.core.expr import FALSE, TRUE, Expr, S
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin, split_options

_OPTIONS = {"Tolerance": S.Automatic}


def _rows(e):
    """The rows of a matrix as tuples of entries, or None when e is not a matrix."""
    if not is_list(e) or not e.args:
        return None
    rows = []
    for r in e.args:
        if not is_list(r) or any(is_list(x) for x in r.args):
            return None
        rows.append(tuple(r.args))
    return rows if len({len(r) for r in rows}) == 1 and rows[0] else None


def _numbers(ev, e):
    """The matrix as a complex/float numpy array when every entry is a number (exact
    entries included), else None."""
    p = to_packed(e, coerce=True)
    arr = packed_array(p) if p is not None else None
    if arr is None:
        p = to_packed(ev.evaluate(Expr(S.N, e)), coerce=True)
        arr = packed_array(p) if p is not None else None
    return arr if arr is not None and arr.ndim == 2 else None


def _inexact(e) -> bool:
    arr = packed_array(to_packed(e, coerce=True) or e)
    return arr is not None and arr.dtype.kind in "fc"


def _tolerance(e, opts, arr) -> float:
    tol = opts["Tolerance"]
    if tol is not S.Automatic:
        from wlnet.builtins._listutil import float_value
        value = float_value(tol)
        return value if value is not None else 0.0
    if not _inexact(e):
        return 0.0
    scale = float(np.max(np.abs(arr))) if arr.size else 0.0
    return 256 * np.finfo(float).eps * max(scale, 1.0)


def _parsed(ev, name, args):
    split = split_options(args, _OPTIONS)
    if split is None:
        return None
    positional, opts = split
    return positional, opts


def _compare(ev, e, opts, relation) -> Expr:
    """``relation(a)`` is the matrix a should equal (a numpy function on arrays); symbolic
    entries: the same through WL (Transpose, ConjugateTranspose, Minus)."""
    rows = _rows(e)
    if rows is None or len(rows) != len(rows[0]):
        return FALSE
    arr = _numbers(ev, e)
    if arr is not None:
        tol = _tolerance(e, opts, arr)
        return TRUE if np.all(np.abs(arr - relation[0](arr)) <= tol) else FALSE
    other = ev.evaluate(Expr(relation[1], e) if relation[1] is not S.Minus else
                        Expr(S.Minus, Expr(S.Transpose, e)))
    return TRUE if ev.evaluate(Expr(S.SameQ, ev.evaluate(Expr(S.Expand, e)),
                                    ev.evaluate(Expr(S.Expand, other)))) is TRUE else FALSE


def _matrix_test(name, usage, examples):
    def register(fn):
        return builtin(name, argc=(1, None), usage=usage, examples=examples,
                       options=_OPTIONS)(fn)
    return register


@_matrix_test("SquareMatrixQ", "SquareMatrixQ[m] is True for a matrix with as many rows as "
              "columns.", (("SquareMatrixQ[{{1, 2}, {3, 4}}]", "True"),
                           ("SquareMatrixQ[{{1, 2, 3}}]", "False")))
def square_matrix_q(ev, e, *rest):
    rows = _rows(e)
    return TRUE if rows is not None and len(rows) == len(rows[0]) else FALSE


@_matrix_test("SymmetricMatrixQ", "SymmetricMatrixQ[m] is True when m equals its transpose "
              "(approximate entries within Tolerance).",
              (("SymmetricMatrixQ[{{1, a}, {a, 2}}]", "True"),
               ("SymmetricMatrixQ[{{1, 2}, {3, 4}}]", "False")))
def symmetric_matrix_q(ev, e, *rest):
    parsed = _parsed(ev, "SymmetricMatrixQ", rest)
    return FALSE if parsed is None else _compare(ev, e, parsed[1], (np.transpose, S.Transpose))


@_matrix_test("AntisymmetricMatrixQ", "AntisymmetricMatrixQ[m] is True when m equals minus "
              "its transpose.", (("AntisymmetricMatrixQ[{{0, 1}, {-1, 0}}]", "True"),))
def antisymmetric_matrix_q(ev, e, *rest):
    parsed = _parsed(ev, "AntisymmetricMatrixQ", rest)
    return FALSE if parsed is None else _compare(ev, e, parsed[1],
                                                 (lambda a: -a.T, S.Minus))


@_matrix_test("HermitianMatrixQ", "HermitianMatrixQ[m] is True when m equals its conjugate "
              "transpose.", (("HermitianMatrixQ[{{1, I}, {-I, 2}}]", "True"),))
def hermitian_matrix_q(ev, e, *rest):
    parsed = _parsed(ev, "HermitianMatrixQ", rest)
    return FALSE if parsed is None else _compare(ev, e, parsed[1],
                                                 (lambda a: a.conj().T, S.ConjugateTranspose))


def _zero_outside(ev, e, keep, opts) -> Expr:
    """Whether every entry (i, j) with not keep(j - i) is zero."""
    rows = _rows(e)
    if rows is None:
        return FALSE
    arr = _numbers(ev, e)
    if arr is not None:
        tol = _tolerance(e, opts, arr)
        i, j = np.indices(arr.shape)
        return TRUE if np.all(np.abs(arr[~keep(j - i)]) <= tol) else FALSE
    for i, row in enumerate(rows):
        for j, x in enumerate(row):
            if not keep(j - i) and ev.evaluate(Expr(S.PossibleZeroQ, x)) is not TRUE:
                return FALSE
    return TRUE


def _offset(positional) -> int | None:
    if not positional:
        return 0
    return int_value(positional[0])


def _banded(name, keep_of):
    def test(ev, e, *rest):
        parsed = _parsed(ev, name, rest)
        if parsed is None:
            return FALSE
        k = _offset(parsed[0])
        if k is None:
            return None
        return _zero_outside(ev, e, keep_of(k), parsed[1])
    return test


builtin("DiagonalMatrixQ", argc=(1, None), options=_OPTIONS,
        usage="DiagonalMatrixQ[m] is True when every entry off the diagonal is zero; "
              "DiagonalMatrixQ[m, k] off the k-th diagonal.",
        examples=(("DiagonalMatrixQ[{{1, 0}, {0, 2}}]", "True"),
                  ("DiagonalMatrixQ[{{0, 1}, {0, 0}}, 1]", "True")))(
    _banded("DiagonalMatrixQ", lambda k: (lambda d: d == k)))
builtin("UpperTriangularMatrixQ", argc=(1, None), options=_OPTIONS,
        usage="UpperTriangularMatrixQ[m] is True when every entry below the diagonal is "
              "zero; UpperTriangularMatrixQ[m, k] below the k-th diagonal.",
        examples=(("UpperTriangularMatrixQ[{{1, 2}, {0, 3}}]", "True"),))(
    _banded("UpperTriangularMatrixQ", lambda k: (lambda d: d >= k)))
builtin("LowerTriangularMatrixQ", argc=(1, None), options=_OPTIONS,
        usage="LowerTriangularMatrixQ[m] is True when every entry above the diagonal is "
              "zero; LowerTriangularMatrixQ[m, k] above the k-th diagonal.",
        examples=(("LowerTriangularMatrixQ[{{1, 0}, {2, 3}}]", "True"),))(
    _banded("LowerTriangularMatrixQ", lambda k: (lambda d: d <= k)))


def _orthonormal(ev, e, opts, conjugate: bool) -> Expr:
    """Rows (or, for more rows than columns, columns) orthonormal."""
    arr = _numbers(ev, e)
    if arr is None or (not conjugate and arr.dtype.kind == "c"):
        return FALSE
    a = arr if arr.shape[0] <= arr.shape[1] else arr.T
    gram = a @ (a.conj().T if conjugate else a.T)
    tol = _tolerance(e, opts, arr) if opts["Tolerance"] is not S.Automatic \
        else (256 * np.finfo(float).eps * a.shape[1] if _inexact(e) else 1e-12)
    return TRUE if np.all(np.abs(gram - np.eye(len(a))) <= tol) else FALSE


@_matrix_test("OrthogonalMatrixQ", "OrthogonalMatrixQ[m] is True for a real matrix whose rows "
              "(or columns, when it has more rows) are orthonormal.",
              (("OrthogonalMatrixQ[{{0, 1}, {-1, 0}}]", "True"),))
def orthogonal_matrix_q(ev, e, *rest):
    parsed = _parsed(ev, "OrthogonalMatrixQ", rest)
    return FALSE if parsed is None else _orthonormal(ev, e, parsed[1], False)


@_matrix_test("UnitaryMatrixQ", "UnitaryMatrixQ[m] is True when m times its conjugate "
              "transpose is the identity.",
              (("UnitaryMatrixQ[{{0, I}, {I, 0}}]", "True"),))
def unitary_matrix_q(ev, e, *rest):
    parsed = _parsed(ev, "UnitaryMatrixQ", rest)
    return FALSE if parsed is None else _orthonormal(ev, e, parsed[1], True)


def _definite(sign: int, strict: bool):
    def test(ev, e, *rest):
        rows = _rows(e)
        arr = _numbers(ev, e) if rows is not None and len(rows) == len(rows[0]) else None
        if arr is None:
            return FALSE
        hermitian = (arr + arr.conj().T) / 2
        eig = np.linalg.eigvalsh(hermitian) * sign
        tol = 256 * np.finfo(float).eps * max(float(np.max(np.abs(eig))), 1.0)
        ok = np.all(eig > tol) if strict else np.all(eig >= -tol)
        return TRUE if ok else FALSE
    return test


for _name, _sign, _strict, _ex in (
        ("PositiveDefiniteMatrixQ", 1, True, "{{2, 1}, {1, 2}}"),
        ("PositiveSemidefiniteMatrixQ", 1, False, "{{1, 1}, {1, 1}}"),
        ("NegativeDefiniteMatrixQ", -1, True, "{{-2, 1}, {1, -2}}"),
        ("NegativeSemidefiniteMatrixQ", -1, False, "{{-1, -1}, {-1, -1}}")):
    builtin(_name, argc=1,
            usage=f"{_name}[m] tests the definiteness of m (of its Hermitian part (m + m*)/2: "
                  "the signs of its eigenvalues).",
            examples=((f"{_name}[{_ex}]", "True"),))(_definite(_sign, _strict))
