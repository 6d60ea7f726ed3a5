"""More matrix and vector functions: ``MatrixExp``, ``PseudoInverse``, ``NullSpace``,
``RowReduce``, ``QRDecomposition``, ``CholeskyDecomposition``, ``Orthogonalize``,
``Projection``, ``ArrayFlatten``, ``Fourier``, ``InverseFourier`` (``Cross``, ``Diagonal``,
``MatrixPower`` and the triangularizations are in statistics_extra.py).

As in wlnet.builtins.linear_algebra: a matrix with machine reals goes to numpy/SciPy
(LAPACK) and gives machine numbers; a matrix of exact or symbolic entries is worked exactly,
here by SymPy's matrices through the bridge (wlnet.builtins._sympy_bridge).
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value, is_list
from wlnet.builtins._sympy_bridge import Translation, Untranslatable
from wlnet.builtins.linear_algebra import _MESSAGES, _kind, _matrix_expr, _numeric, _rows
from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.packed import list_from_array, packed_array, to_packed
from wlnet.core.registry import builtin, declare, read_options

LIST = S.List
MESSAGES = dict(_MESSAGES, posdef="The matrix `1` is not Hermitian positive definite.",
                fftl="`1` is not a non-empty list of numbers.",
                fpopt="Value of option FourierParameters -> `1` should be a list of two "
                      "numbers {a, b} (b not 0).",
                fpos="`1` is not a list of positions in an array of dimensions `2`.",
                method="Value of option Method -> `1` should be Automatic, "
                       "\"GramSchmidt\", \"ModifiedGramSchmidt\", \"Reorthogonalization\" "
                       "or \"Householder\".")



def _sympy_matrix(rows):
    """(SymPy Matrix, translation) of exact or symbolic rows; None when untranslatable."""
    t = Translation()
    try:
        return t.sp.Matrix([[t.to(x) for x in row] for row in rows]), t
    except Untranslatable:
        return None


def _back_matrix(ev, t, m):
    try:
        return ev.evaluate(t.back(m.tolist()))
    except Untranslatable:
        return None


def _matrix(ev, head, m, square: bool = False):
    """(rows, "machine" | "exact" | "symbolic" | "complex") or None with a message."""
    rows = _rows(m)
    if rows is None or (square and len(rows) != len(rows[0])):
        ev.message(head, "matsq" if square else "matrix", m, Integer(1))
        return None
    return rows, _kind(rows)


def _exact_or_numeric(ev, head, m, numeric, exact, square=False):
    """``numeric(array)`` for machine matrices (results back as machine numbers), else
    ``exact(sympy_matrix)`` (a matrix, a list of them, or a scalar)."""
    found = _matrix(ev, head, m, square)
    if found is None:
        return None
    rows, kind = found
    if kind in ("machine", "complex"):
        try:
            result = numeric(_numeric(rows, complex if kind == "complex" else np.float64))
        except np.linalg.LinAlgError:
            return None
        return _numbers_back(result)
    converted = _sympy_matrix(rows)
    if converted is None:
        return None
    matrix, t = converted
    try:
        result = exact(matrix)
    except (ValueError, NotImplementedError, ZeroDivisionError) as err:
        if "positive" in str(err).lower() or "hermitian" in str(err).lower():
            ev.message(head, "posdef", m)
        return None
    try:
        if isinstance(result, (list, tuple)):
            return ev.evaluate(Expr(LIST, *[t.back(r.tolist() if hasattr(r, "tolist") else r)
                                            for r in result]))
        return ev.evaluate(t.back(result.tolist() if hasattr(result, "tolist") else result))
    except Untranslatable:
        return None


def _numbers_back(result):
    if isinstance(result, (list, tuple)):
        return Expr(LIST, *[_numbers_back(r) for r in result])
    arr = np.asarray(result)
    if arr.ndim == 2:
        return _matrix_expr(arr)
    return list_from_array(arr)


@builtin("MatrixExp", argc=(1, 2), messages=MESSAGES,
         usage="MatrixExp[m] is the matrix exponential of the square matrix m (its power "
               "series).",
         examples=(("MatrixExp[{{0, 0}, {0, 0}}]", "{{1, 0}, {0, 1}}"),
                   ("MatrixExp[{{1., 0.}, {0., 2.}}]", "{{E, 0.}, {0., E^2}} // N")))
def matrix_exp(ev, m, v=None):
    from scipy.linalg import expm
    result = _exact_or_numeric(ev, S.MatrixExp, m, expm, lambda a: a.exp(), square=True)
    if v is None or result is None:
        return result
    return ev.evaluate(Expr(S.Dot, result, v))


@builtin("PseudoInverse", argc=(1, None), messages=MESSAGES,
         usage="PseudoInverse[m] is the Moore-Penrose pseudoinverse of a rectangular matrix.",
         examples=(("PseudoInverse[{{1, 2}, {2, 4}}]", "{{1/25, 2/25}, {2/25, 4/25}}"),))
def pseudo_inverse(ev, m, *opts):
    return _exact_or_numeric(ev, S.PseudoInverse, m, np.linalg.pinv, lambda a: a.pinv())


@builtin("NullSpace", argc=(1, None), messages=MESSAGES,
         usage="NullSpace[m] is a basis of the vectors x with m.x == 0 (an empty list when "
               "there are none besides 0).",
         examples=(("NullSpace[{{1, 2}, {2, 4}}]", "{{-2, 1}}"),
                   ("NullSpace[{{1, 0}, {0, 1}}]", "{}")))
def null_space(ev, m, *opts):
    from scipy.linalg import null_space as scipy_null_space
    return _exact_or_numeric(ev, S.NullSpace, m,
                             lambda a: list(scipy_null_space(a).T),
                             lambda a: [list(v) for v in reversed(a.nullspace())])


@builtin("RowReduce", argc=(1, None), messages=MESSAGES,
         usage="RowReduce[m] is the reduced row echelon form of m.",
         examples=(("RowReduce[{{1, 2, 3}, {4, 5, 6}}]", "{{1, 0, -1}, {0, 1, 2}}"),))
def row_reduce(ev, m, *opts):
    found = _matrix(ev, S.RowReduce, m)
    if found is None:
        return None
    rows, kind = found
    converted = _sympy_matrix(rows)
    if converted is None:
        return None
    matrix, t = converted
    if kind in ("machine", "complex"):
        reduced, _ = matrix.rref(iszerofunc=lambda x: abs(complex(x)) < 1e-10)
        return ev.evaluate(Expr(S.N, _back_matrix(ev, t, reduced)))
    reduced, _ = matrix.rref()
    return _back_matrix(ev, t, reduced)


@builtin("QRDecomposition", argc=(1, None), messages=MESSAGES,
         usage="QRDecomposition[m] is {q, r}: q has orthonormal rows, r is upper triangular, "
               "and ConjugateTranspose[q].r == m.",
         examples=(("QRDecomposition[{{3, 0}, {4, 5}}]",
                    "{{{3/5, 4/5}, {-4/5, 3/5}}, {{5, 4}, {0, 3}}}"),))
def qr_decomposition(ev, m, *opts):
    def numeric(a):
        q, r = np.linalg.qr(a)
        return [q.conj().T, r]

    def exact(a):
        q, r = a.QRdecomposition()
        return [q.H, r]
    return _exact_or_numeric(ev, S.QRDecomposition, m, numeric, exact)


@builtin("CholeskyDecomposition", argc=1, messages=MESSAGES,
         usage="CholeskyDecomposition[m] is the upper triangular u with "
               "ConjugateTranspose[u].u == m, for m Hermitian positive definite.",
         examples=(("CholeskyDecomposition[{{4, 2}, {2, 2}}]", "{{2, 1}, {0, 1}}"),))
def cholesky_decomposition(ev, m):
    def numeric(a):
        try:
            return np.linalg.cholesky(a).conj().T
        except np.linalg.LinAlgError:
            ev.message(S.CholeskyDecomposition, "posdef", m)
            raise
    return _exact_or_numeric(ev, S.CholeskyDecomposition, m, numeric,
                             lambda a: a.cholesky().H, square=True)


@builtin("Orthogonalize", argc=(1, None), messages=MESSAGES,
         options={"Method": S.Automatic, "Tolerance": S.Automatic},
         usage="Orthogonalize[{v1, v2, …}] is an orthonormal basis of the vectors' span "
               "found by the Gram-Schmidt process (dependent vectors give zero vectors); "
               "Orthogonalize[vectors, f] orthonormal under the inner product f.",
         examples=(("Orthogonalize[{{3, 4}, {1, 0}}]", "{{3/5, 4/5}, {4/5, -3/5}}"),))
def orthogonalize(ev, vectors, *rest):
    split = read_options(ev, Expr(S.Orthogonalize, vectors, *rest), rest,
                         {"Method": S.Automatic, "Tolerance": S.Automatic}, positional=1)
    if split is None:
        return None
    method = ev.evaluate(split[1]["Method"])
    if method is not S.Automatic and not (type(method) is String and method.value in (
            "GramSchmidt", "ModifiedGramSchmidt", "Reorthogonalization", "Householder")):
        ev.message(S.Orthogonalize, "method", method)
        return None
    found = _matrix(ev, S.Orthogonalize, vectors)
    if found is None:
        return None
    rows, kind = found
    inner = ev.evaluate(split[0][0]) if split[0] else None

    def product(a, b):
        return Expr(S.Dot, a, b) if inner is None else Expr(inner, a, b)

    basis = []
    for v in rows:
        w = Expr(LIST, *v)
        for u in basis:
            w = Expr(S.Plus, w, Expr(S.Times, Integer(-1), product(w, u), u))
        w = ev.evaluate(Expr(S.Simplify, w) if kind not in ("machine", "complex") else w)
        norm = ev.evaluate(Expr(S.Norm, w) if inner is None else
                           Expr(S.Sqrt, product(w, w)))
        zero = norm == Integer(0) or (kind in ("machine", "complex") and
                                      abs(float(getattr(norm, "value", 1.0))) < 1e-10)
        if zero:                          # a dependent vector: a zero vector in its place
            basis.append(ev.evaluate(Expr(S.Times, Integer(0), w)))
            continue
        unit = ev.evaluate(Expr(S.Times, Expr(S.Power, norm, Integer(-1)), w))
        basis.append(unit if kind in ("machine", "complex")
                     else ev.evaluate(Expr(S.Simplify, unit)))
    return Expr(LIST, *basis)


@builtin("Projection", argc=(2, 3),
         usage="Projection[u, v] is the projection of the vector u onto v: "
               "(u.v / v.v) v.",
         examples=(("Projection[{5, 6, 7}, {1, 0, 0}]", "{5, 0, 0}"),))
def projection(ev, u, v, f=None):
    dot = (lambda a, b: Expr(S.Dot, a, b)) if f is None else (lambda a, b: Expr(f, a, b))
    return ev.evaluate(Expr(S.Times, dot(u, v), Expr(S.Power, dot(v, v), Integer(-1)), v))


def _block_shape(block):
    rows = _rows(block)
    return (len(rows), len(rows[0])) if rows is not None else None


@builtin("ArrayFlatten", argc=(1, 2), messages={
             "blocks": "`1` is not a matrix of matrices whose rows and columns fit together."},
         usage="ArrayFlatten[{{m11, m12, …}, {m21, …}, …}] is the matrix made of the blocks "
               "mij (a number block stands for a constant block of the right size).",
         examples=(("ArrayFlatten[{{{{1}}, {{2, 3}}}, {{{4}}, {{5, 6}}}}]",
                    "{{1, 2, 3}, {4, 5, 6}}"),
                   ("ArrayFlatten[{{{{1, 2}}, 0}, {0, {{3}}}}]", "{{1, 2, 0}, {0, 0, 3}}")))
def array_flatten(ev, blocks, rank=None):
    if not (is_list(blocks) and blocks.args and all(is_list(r) for r in blocks.args)):
        return None
    grid = [list(r.args) for r in blocks.args]
    if any(len(r) != len(grid[0]) for r in grid):
        ev.message(S.ArrayFlatten, "blocks", blocks)
        return None
    heights = [next((s[0] for s in map(_block_shape, r) if s), None) for r in grid]
    widths = [next((s[1] for s in (_block_shape(r[j]) for r in grid) if s), None)
              for j in range(len(grid[0]))]
    if None in heights or None in widths:
        ev.message(S.ArrayFlatten, "blocks", blocks)
        return None
    out = []
    for r, h in zip(grid, heights):
        block_rows = []
        for block, w in zip(r, widths):
            rows = _rows(block)
            if rows is None:
                rows = [[block] * w for _ in range(h)]
            if len(rows) != h or len(rows[0]) != w:
                ev.message(S.ArrayFlatten, "blocks", blocks)
                return None
            block_rows.append(rows)
        for i in range(h):
            out.append(Expr(LIST, *[x for rows in block_rows for x in rows[i]]))
    return Expr(LIST, *out)


_FOURIER_OPTIONS = {"FourierParameters": Expr(S.List, Integer(0), Integer(1))}
declare("FourierParameters", attributes=("Protected",),
        usage="FourierParameters -> {a, b} is the convention of Fourier and InverseFourier: "
              "1/n^((1 - a)/2) Sum u_r E^(2 Pi I b (r - 1)(s - 1)/n); the default {0, 1}.")


def _fft(ev, head, data, rest, inverse: bool):
    """Fourier[list, positions, FourierParameters -> {a, b}] (InverseFourier alike): the
    transform 1/n^((1 - a)/2) Sum u_r E^(2 Pi I b (r - 1)(s - 1)/n) over every dimension
    (the inverse: 1/n^((1 + a)/2), the opposite sign), at the positions when given."""
    split = read_options(ev, Expr(head, data, *rest), rest, _FOURIER_OPTIONS, positional=1)
    if split is None:
        return None
    numeric = to_packed(ev.evaluate(Expr(S.N, data)), coerce=True)
    arr = packed_array(numeric) if numeric is not None else None
    if arr is None or arr.size == 0 or arr.dtype.kind not in "iufc":
        ev.message(head, "fftl", data)
        return None
    parameters = _fourier_parameters(ev.evaluate(split[1]["FourierParameters"]))
    if parameters is None:
        ev.message(head, "fpopt", split[1]["FourierParameters"])
        return None
    a, b = parameters
    if inverse:
        a, b = -a, -b
    result = _dft(arr.astype(complex), b) / arr.size ** ((1 - a) / 2)
    if split[0]:
        return _at_positions(ev, head, result, split[0][0])
    return list_from_array(result)


def _fourier_parameters(value):
    """(a, b) of FourierParameters -> {a, b}, None when it is not two numbers, b != 0."""
    if not (is_list(value) and len(value.args) == 2):
        return None
    a, b = (float_value(x) for x in value.args)
    return None if a is None or b is None or b == 0 else (a, b)


def _dft(arr, b: float):
    """Sum u_r E^(2 Pi I b (r - 1)(s - 1)/n) along every axis: numpy's FFT when b is 1 or
    -1, else the transform's matrix on each axis (b = 2, 1/2…: no FFT applies)."""
    axes = tuple(range(arr.ndim))
    if b == 1:
        return np.fft.ifftn(arr, axes=axes) * arr.size
    if b == -1:
        return np.fft.fftn(arr, axes=axes)
    for axis, n in enumerate(arr.shape):
        k = np.arange(n)
        matrix = np.exp(2j * np.pi * b * np.outer(k, k) / n)
        arr = np.moveaxis(np.tensordot(matrix, arr, axes=([1], [axis])), 0, axis)
    return arr


def _at_positions(ev, head, result, positions):
    """The components at ``positions``: a list of positions, each an index (a list of
    them for an array of more than one dimension), as Fourier[list, {p1, p2, …}]."""
    value = ev.evaluate(positions)
    indices = []
    for p in (value.args if is_list(value) else (None,)):
        ks = [p.value] if type(p) is Integer and result.ndim == 1 else (
            [x.value for x in p.args] if is_list(p) and all(type(x) is Integer
                                                            for x in p.args) else None)
        if ks is None or len(ks) != result.ndim or not all(
                1 <= k <= n or -n <= k <= -1 for k, n in zip(ks, result.shape)):
            ev.message(head, "fpos", positions, Expr(S.List, *map(Integer, result.shape)))
            return None
        indices.append(tuple(k - 1 if k > 0 else k for k in ks))
    return list_from_array(np.array([result[i] for i in indices]))


@builtin("Fourier", argc=(1, None), messages=MESSAGES, options=_FOURIER_OPTIONS,
         usage="Fourier[list] is the discrete Fourier transform of a list (or array) of "
               "numbers, WL's convention: (1/Sqrt[n]) Sum of u_r E^(2 Pi I (r-1)(s-1)/n).",
         examples=(("Chop[Fourier[{1, 1, 1, 1}]]", "{2., 0, 0, 0}"),))
def fourier(ev, data, *rest):
    return _fft(ev, S.Fourier, data, rest, inverse=False)


@builtin("InverseFourier", argc=(1, None), messages=MESSAGES, options=_FOURIER_OPTIONS,
         usage="InverseFourier[list] is the inverse discrete Fourier transform (Fourier's "
               "convention with the opposite sign).",
         examples=(("Chop[InverseFourier[Fourier[{1, 2, 3}]]]", "{1., 2., 3.}"),))
def inverse_fourier(ev, data, *rest):
    return _fft(ev, S.InverseFourier, data, rest, inverse=True)
