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
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, String
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
                       "or \"Householder\".",
                tolv="Value of option Tolerance -> `1` should be Automatic or a non-negative "
                     "real number.",
                modp="Value of option Modulus -> `1` should be 0 or a prime.",
                modm="Modulus -> `1` needs a matrix of integers and rationals, not `2`.",
                mtd="Value of option Method -> `1` is not among `2`.",
                pivb="Value of option Pivoting -> `1` should be True or False.",
                pivs="Pivoting needs a matrix of numbers, not `1`.",
                tgst="Value of option TargetStructure -> `1` should be Automatic, \"Dense\" "
                     "or \"Sparse\".",
                qrfull="The second argument `1` of QRDecomposition should be Full.")



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


# The options of the elimination-based functions and the Method names they accept: every
# method reaches the same unique answer (the reduced form, the null space), so the choice
# is the algorithm's; SymPy's elimination serves them all.
_ELIMINATION_OPTIONS = {"Method": S.Automatic, "Modulus": Integer(0),
                        "Tolerance": S.Automatic, "ZeroTest": S.Automatic}
_ELIMINATION_METHODS = ("CofactorExpansion", "DivisionFreeRowReduction",
                        "OneStepRowReduction")
_PSEUDO_INVERSE_OPTIONS = {"Method": S.Automatic, "Tolerance": S.Automatic}
_QR_OPTIONS = {"Pivoting": FALSE, "TargetStructure": S.Automatic}
_BAD = object()     # an option value refused (after its message)


def _given_options(ev, head, m, rest, known, positional=0):
    """(positional arguments, {option: evaluated value}) of ``head[m, *rest]``; None after
    an optx / nonopt message."""
    split = read_options(ev, Expr(head, m, *rest), rest, known, positional=positional)
    if split is None:
        return None
    return split[0], {name: ev.evaluate(value) for name, value in split[1].items()}


def _tolerance(ev, head, value):
    """Tolerance -> value as a float (None for Automatic), or _BAD after a message."""
    if value is S.Automatic:
        return None
    number = float_value(value)
    if number is None or number < 0:
        ev.message(head, "tolv", value)
        return _BAD
    return number


def _modulus(ev, head, value):
    """Modulus -> value as an int (0: none), or _BAD after a message."""
    import sympy
    if type(value) is Integer and (value.value == 0 or sympy.isprime(value.value)):
        return value.value
    ev.message(head, "modp", value)
    return _BAD


def _method_known(ev, head, value, names) -> bool:
    if value is S.Automatic or (type(value) is String and value.value in names):
        return True
    ev.message(head, "mtd", value, Expr(LIST, S.Automatic, *map(String, names)))
    return False


def _zero_test(ev, t, test):
    """SymPy's ``iszerofunc`` for ZeroTest -> test: True when ``test[entry]`` is True."""
    return lambda x: ev.evaluate(Expr(test, t.back(x))) is TRUE


def _elimination_settings(ev, head, m, rest):
    """The checked options of NullSpace / RowReduce: {"Modulus": int, "Tolerance": float
    or None, "ZeroTest": expr or None}; None after a message."""
    given = _given_options(ev, head, m, rest, _ELIMINATION_OPTIONS)
    if given is None:
        return None
    options = given[1]
    if not _method_known(ev, head, options["Method"], _ELIMINATION_METHODS):
        return None
    modulus = _modulus(ev, head, options["Modulus"])
    tolerance = _tolerance(ev, head, options["Tolerance"])
    if modulus is _BAD or tolerance is _BAD:
        return None
    test = options["ZeroTest"]
    return {"Modulus": modulus, "Tolerance": tolerance,
            "ZeroTest": None if test is S.Automatic else test}


def _modular(ev, head, m, rows, kind, modulus):
    """``m`` as a SymPy DomainMatrix over the integers modulo the prime ``modulus``; None
    after a message when an entry is not an integer or a rational."""
    from sympy import GF
    from sympy.polys.matrices import DomainMatrix
    if kind != "exact":
        ev.message(head, "modm", Integer(modulus), m)
        return None
    matrix, _ = _sympy_matrix(rows)
    try:
        return DomainMatrix.from_Matrix(matrix).convert_to(GF(modulus))
    except Exception:       # a denominator divisible by the modulus
        ev.message(head, "modm", Integer(modulus), m)
        return None


def _elimination_input(ev, head, m, rest):
    """(settings, rows, kind) of a NullSpace / RowReduce call; None after a message."""
    settings = _elimination_settings(ev, head, m, rest)
    found = settings and _matrix(ev, head, m)
    return (settings, *found) if found else None


def _modular_result(ev, head, m, rows, kind, modulus, operation):
    """``operation`` of ``m`` over the integers modulo ``modulus``, as residues; None after
    a message."""
    matrix = _modular(ev, head, m, rows, kind, modulus)
    return None if matrix is None else _residues(operation(matrix), modulus)


def _residues(matrix, modulus):
    """A DomainMatrix over GF(p) as rows of residues 0 … p-1 (Integers)."""
    return Expr(LIST, *[Expr(LIST, *[Integer(int(x) % modulus) for x in row])
                        for row in matrix.to_Matrix().tolist()])


@builtin("PseudoInverse", argc=(1, None), messages=MESSAGES,
         options=_PSEUDO_INVERSE_OPTIONS,
         usage="PseudoInverse[m] is the Moore-Penrose pseudoinverse of a rectangular matrix; "
               "with Tolerance -> t the singular values of an approximate matrix below t "
               "times the largest are dropped.",
         examples=(("PseudoInverse[{{1, 2}, {2, 4}}]", "{{1/25, 2/25}, {2/25, 4/25}}"),))
def pseudo_inverse(ev, m, *rest):
    given = _given_options(ev, S.PseudoInverse, m, rest, _PSEUDO_INVERSE_OPTIONS)
    if given is None or not _method_known(ev, S.PseudoInverse, given[1]["Method"], ("SVD",)):
        return None
    tolerance = _tolerance(ev, S.PseudoInverse, given[1]["Tolerance"])
    if tolerance is _BAD:
        return None

    def numeric(a):
        if tolerance is None:
            return np.linalg.pinv(a)
        return np.linalg.pinv(a, rcond=tolerance)
    return _exact_or_numeric(ev, S.PseudoInverse, m, numeric, lambda a: a.pinv())


@builtin("NullSpace", argc=(1, None), messages=MESSAGES, options=_ELIMINATION_OPTIONS,
         usage="NullSpace[m] is a basis of the vectors x with m.x == 0 (an empty list when "
               "there are none besides 0); Modulus -> p works over the integers modulo the "
               "prime p, Tolerance -> t drops the singular values of an approximate matrix "
               "below t times the largest, ZeroTest -> f decides which entries are zero.",
         examples=(("NullSpace[{{1, 2}, {2, 4}}]", "{{-2, 1}}"),
                   ("NullSpace[{{1, 0}, {0, 1}}]", "{}"),
                   ("NullSpace[{{1, 2}, {2, 4}}, Modulus -> 5]", "{{3, 1}}")))
def null_space(ev, m, *rest):
    from scipy.linalg import null_space as scipy_null_space
    given = _elimination_input(ev, S.NullSpace, m, rest)
    if given is None:
        return None
    settings, rows, kind = given
    if settings["Modulus"]:
        return _modular_result(ev, S.NullSpace, m, rows, kind, settings["Modulus"],
                               lambda matrix: matrix.nullspace())
    test, tolerance = settings["ZeroTest"], settings["Tolerance"]
    if test is not None:
        converted = _sympy_matrix(rows)
        if converted is None:
            return None
        matrix, t = converted
        basis = matrix.nullspace(iszerofunc=_zero_test(ev, t, test))
        try:
            return ev.evaluate(t.back([list(v) for v in reversed(basis)]))
        except Untranslatable:
            return None
    return _exact_or_numeric(ev, S.NullSpace, m,
                             lambda a: list(scipy_null_space(a, rcond=tolerance).T),
                             lambda a: [list(v) for v in reversed(a.nullspace())])


@builtin("RowReduce", argc=(1, None), messages=MESSAGES, options=_ELIMINATION_OPTIONS,
         usage="RowReduce[m] is the reduced row echelon form of m; Modulus -> p reduces "
               "over the integers modulo the prime p, Tolerance -> t treats approximate "
               "entries below t as zero, ZeroTest -> f decides which entries are zero.",
         examples=(("RowReduce[{{1, 2, 3}, {4, 5, 6}}]", "{{1, 0, -1}, {0, 1, 2}}"),
                   ("RowReduce[{{1, 2}, {3, 4}}, Modulus -> 2]", "{{1, 0}, {0, 0}}")))
def row_reduce(ev, m, *rest):
    given = _elimination_input(ev, S.RowReduce, m, rest)
    if given is None:
        return None
    settings, rows, kind = given
    if settings["Modulus"]:
        return _modular_result(ev, S.RowReduce, m, rows, kind, settings["Modulus"],
                               lambda matrix: matrix.rref()[0])
    converted = _sympy_matrix(rows)
    if converted is None:
        return None
    matrix, t = converted
    approximate = kind in ("machine", "complex")
    if settings["ZeroTest"] is not None:
        is_zero = _zero_test(ev, t, settings["ZeroTest"])
    elif approximate:
        tolerance = 1e-10 if settings["Tolerance"] is None else settings["Tolerance"]
        is_zero = lambda x: abs(complex(x)) <= tolerance    # noqa: E731
    else:
        is_zero = None
    reduced, _ = matrix.rref(iszerofunc=is_zero) if is_zero else matrix.rref()
    back = _back_matrix(ev, t, reduced)
    return ev.evaluate(Expr(S.N, back)) if approximate and back is not None else back


def _pivot_order(columns, norm2) -> list[int] | None:
    """Column pivoting's order: at each step the column whose part orthogonal to the
    columns already taken is the longest (``norm2`` its squared length as a comparable
    number); None when the lengths cannot be compared."""
    remaining = list(range(len(columns)))
    residual = [list(c) for c in columns]
    order, basis = [], []
    while remaining:
        lengths = [norm2(residual[j]) for j in remaining]
        if any(x is None for x in lengths):
            return None
        pick = remaining[max(range(len(remaining)), key=lambda i: (lengths[i], -i))]
        order.append(pick)
        remaining.remove(pick)
        chosen = residual[pick]
        if norm2(chosen) == 0:
            continue
        basis.append(chosen)
        for j in remaining:
            scale = _dot(chosen, residual[j]) / _dot(chosen, chosen)
            residual[j] = [a - scale * b for a, b in zip(residual[j], chosen)]
    return order


def _dot(u, v):
    return sum(a.conjugate() * b for a, b in zip(u, v))


def _permutation_matrix(order):
    """The permutation matrix p with m.p taking the columns of m in ``order``."""
    column_of = {row: column for column, row in enumerate(order)}
    return Expr(LIST, *[Expr(LIST, *[Integer(int(column_of[row] == j))
                                     for j in range(len(order))]) for row in range(len(order))])


def _qr_settings(ev, m, rest):
    """(full, pivoting, structure) of QRDecomposition[m, rest…]; None after a message."""
    given = _given_options(ev, S.QRDecomposition, m, rest, _QR_OPTIONS, positional=1)
    if given is None:
        return None
    positional, options = given
    if positional and positional[0] is not S.Full:
        ev.message(S.QRDecomposition, "qrfull", positional[0])
        return None
    pivoting, structure = options["Pivoting"], options["TargetStructure"]
    if pivoting not in (TRUE, FALSE):
        ev.message(S.QRDecomposition, "pivb", pivoting)
        return None
    if not (structure is S.Automatic or (type(structure) is String
                                         and structure.value in ("Dense", "Sparse"))):
        ev.message(S.QRDecomposition, "tgst", structure)
        return None
    return bool(positional), pivoting is TRUE, structure


def _full_q(q, rows: int):
    """The orthonormal rows ``q`` (SymPy) completed to a square unitary matrix by the
    unit vectors' parts orthogonal to them."""
    import sympy
    basis = [q.row(i) for i in range(q.rows)]
    for k in range(rows):
        v = sympy.Matrix.zeros(1, rows)
        v[k] = 1
        for b in basis:
            v = v - (v * b.H)[0] * b
        v = sympy.simplify(v)
        length2 = sympy.simplify((v * v.H)[0])
        if length2 != 0:
            basis.append(v / sympy.sqrt(length2))
        if len(basis) == rows:
            break
    return sympy.Matrix.vstack(*basis)


@builtin("QRDecomposition", argc=(1, None), messages=MESSAGES, options=_QR_OPTIONS,
         usage="QRDecomposition[m] is {q, r}: q has orthonormal rows, r is upper triangular, "
               "and ConjugateTranspose[q].r == m; QRDecomposition[m, Full] with q square; "
               "Pivoting -> True gives {q, r, p} with m.p == ConjugateTranspose[q].r for a "
               "permutation matrix p; TargetStructure -> \"Sparse\" gives SparseArrays.",
         examples=(("QRDecomposition[{{3, 0}, {4, 5}}]",
                    "{{{3/5, 4/5}, {-4/5, 3/5}}, {{5, 4}, {0, 3}}}"),
                   ("QRDecomposition[{{1, 0}, {0, 2}}, Pivoting -> True]",
                    "{{{0, 1}, {1, 0}}, {{2, 0}, {0, 1}}, {{0, 1}, {1, 0}}}")))
def qr_decomposition(ev, m, *rest):
    settings = _qr_settings(ev, m, rest)
    found = settings and _matrix(ev, S.QRDecomposition, m)
    if not found:
        return None
    full, pivoting, structure = settings
    rows, kind = found
    order = list(range(len(rows[0])))
    if pivoting:
        order = _qr_pivot_order(rows, kind)
        if order is None:
            ev.message(S.QRDecomposition, "pivs", m)
            return None
        rows = [[row[j] for j in order] for row in rows]
    permuted = Expr(LIST, *[Expr(LIST, *row) for row in rows])

    def numeric(a):
        q, r = np.linalg.qr(a, mode="complete" if full else "reduced")
        return [q.conj().T, r]

    def exact(a):
        q, r = a.QRdecomposition()
        if not full:
            return [q.H, r]
        q_full = _full_q(q.H, a.rows)
        return [q_full, q_full * a]
    result = _exact_or_numeric(ev, S.QRDecomposition, permuted, numeric, exact)
    if result is None:
        return None
    if pivoting:
        result = Expr(LIST, *result.args, _permutation_matrix(order))
    if type(structure) is String and structure.value == "Sparse":
        result = Expr(LIST, *[Expr(S.SparseArray, part) for part in result.args])
    return ev.evaluate(result)


def _qr_pivot_order(rows, kind):
    """The pivoting order of the columns of ``rows``: exact arithmetic for integers and
    rationals, machine numbers otherwise; None for a symbolic matrix."""
    if kind == "symbolic":
        return None
    if kind == "exact":
        from fractions import Fraction
        from wlnet.builtins.linear_algebra import exact_fraction
        columns = [[exact_fraction(row[j]) for row in rows] for j in range(len(rows[0]))]
        return _pivot_order(columns, lambda v: sum(x * x for x in v) if all(
            isinstance(x, Fraction) for x in v) else None)
    a = _numeric(rows, complex if kind == "complex" else np.float64)
    tiny = 1e-12 * max(1.0, float(np.abs(a).max()))

    def norm2(v):
        length = float(sum(abs(x) ** 2 for x in v))
        return 0 if length <= tiny * tiny else length
    return _pivot_order([list(col) for col in a.T], norm2)


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
             "blocks": "`1` is not a matrix of matrices whose rows and columns fit together.",
             "rank": "The rank `1` should be a positive integer."},
         usage="ArrayFlatten[{{m11, m12, …}, {m21, …}, …}] is the matrix made of the blocks "
               "mij (a number block stands for a constant block of the right size); "
               "ArrayFlatten[a, r] flattens an array of depth r whose elements are arrays "
               "of rank r (r = 1: the vectors joined).",
         examples=(("ArrayFlatten[{{{{1}}, {{2, 3}}}, {{{4}}, {{5, 6}}}}]",
                    "{{1, 2, 3}, {4, 5, 6}}"),
                   ("ArrayFlatten[{{{{1, 2}}, 0}, {0, {{3}}}}]", "{{1, 2, 0}, {0, 0, 3}}")))
def array_flatten(ev, blocks, rank=None):
    if rank is not None and not (type(rank) is Integer and rank.value >= 1):
        ev.message(S.ArrayFlatten, "rank", rank)
        return None
    if rank is not None and rank.value != 2:
        return _flatten_blocks(ev, blocks, rank.value)
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


def _flatten_blocks(ev, blocks, rank: int):
    """ArrayFlatten[blocks, rank]: the array of depth ``rank`` of rank-``rank`` blocks (an
    element that is not a list: a constant block sized by its neighbours) as one array."""
    from wlnet.builtins.lists.structure import dimensions_of
    dims = dimensions_of(blocks, rank)
    if len(dims) < rank or 0 in dims:
        ev.message(S.ArrayFlatten, "blocks", blocks)
        return None
    grid = np.empty(dims, dtype=object)
    for index in np.ndindex(*dims):
        block = blocks
        for i in index:
            block = block.args[i]
        shape = dimensions_of(block, rank) if is_list(block) else None
        if shape is not None and len(shape) < rank:
            ev.message(S.ArrayFlatten, "blocks", blocks)
            return None
        grid[index] = (block, shape)
    # each axis's extent at each block index, from the blocks that are arrays
    extents = [[None] * dims[axis] for axis in range(rank)]
    for index in np.ndindex(*dims):
        shape = grid[index][1]
        for axis in range(rank if shape else 0):
            known = extents[axis][index[axis]]
            if known is not None and known != shape[axis]:
                ev.message(S.ArrayFlatten, "blocks", blocks)
                return None
            extents[axis][index[axis]] = shape[axis]
    if any(None in e for e in extents):
        ev.message(S.ArrayFlatten, "blocks", blocks)
        return None

    def array_of(index):
        block, shape = grid[index]
        out = np.empty([extents[axis][index[axis]] for axis in range(rank)], dtype=object)
        for at in np.ndindex(*out.shape):
            element = block
            for i in at if shape else ():
                element = element.args[i]
            out[at] = element
        return out

    def nested(index_prefix):
        if len(index_prefix) == rank:
            return array_of(tuple(index_prefix))
        return [nested(index_prefix + [i]) for i in range(dims[len(index_prefix)])]
    whole = np.block(nested([]))
    return _object_array_expr(whole)


def _object_array_expr(arr):
    if arr.ndim == 0:
        return arr.item()
    return Expr(LIST, *[_object_array_expr(sub) if arr.ndim > 1 else sub for sub in arr])


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
