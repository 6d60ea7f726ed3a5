"""Matrices and vectors: ``Det``, ``Inverse``, ``LinearSolve``, ``MatrixRank``,
``Eigenvalues``, ``Eigenvectors``, ``SingularValueDecomposition``, ``SingularValueList``,
``KroneckerProduct``, and the distances ``EuclideanDistance``, ``SquaredEuclideanDistance``,
``ManhattanDistance``, ``ChessboardDistance``, ``CosineDistance``.

A matrix of exact numbers (integers, rationals) is worked exactly, with fractions (Det[{{1, 2},
{3, 4}}] is -2, its Inverse has rationals), as WL does; a matrix with machine reals goes to
numpy's LAPACK routines and gives machine numbers; anything symbolic stays unevaluated (a
2×2 or 3×3 determinant is expanded).  Eigenvalues come largest in absolute value first, as
in WL.  The distances are their defining formulas (EuclideanDistance is Norm[u - v]), so
exact, machine and symbolic vectors behave as those formulas do.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np

from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S, Symbol, from_python
from wlnet.core.packed import packed_array, to_packed
from wlnet.core.registry import builtin

LIST = S.List
_MESSAGES = {
    "matsq": "Argument `1` at position 1 is not a non-empty square matrix.",
    "matrix": "Argument `1` at position `2` is not a non-empty rectangular matrix.",
    "sing": "Matrix `1` is singular.",
    "lslc": "Coefficient matrix and target vector or matrix do not have the same dimensions.",
    "nosol": "Linear equation encountered that has no solution.",
    "vector": "Expecting vectors of equal length instead of `1` and `2`.",
    "eivn": "`1` is not an integer count (n, -n or UpTo[n]) of at most the size of `2`.",
}


# ---------------------------------------------------------------------------- reading

def _rows(m) -> list | None:
    """A rectangular matrix as a list of lists of expressions (None when not one)."""
    arr = packed_array(m)
    if arr is not None:
        return None if arr.ndim != 2 or arr.size == 0 else \
            [[from_python(x) for x in row] for row in arr.tolist()]
    if not (type(m) is Expr and m.head is LIST and m.args):
        return None
    rows = [list(r.args) for r in m.args if type(r) is Expr and r.head is LIST]
    if len(rows) != len(m.args) or not rows[0] or any(len(r) != len(rows[0]) for r in rows):
        return None
    return rows


def exact_fraction(e) -> Fraction | None:
    """An Integer or Rational as a Fraction (None for anything else)."""
    if type(e) is Integer:
        return Fraction(e.value)
    if type(e) is Rational:
        return Fraction(e.numerator, e.denominator)
    return None


def _kind(rows) -> str:
    """"exact" (integers and rationals), "machine" (numbers, some machine reals) or
    "symbolic"."""
    flat = [x for r in rows for x in r]
    if all(exact_fraction(x) is not None for x in flat):
        return "exact"
    if all(type(x) in (Integer, Rational, Real) for x in flat):
        return "machine"
    if all(type(x) in (Integer, Rational, Real, Complex) for x in flat):
        return "complex"
    return "symbolic"


def _numeric(rows, dtype=np.float64) -> np.ndarray:
    def value(x):
        if type(x) is Complex:
            return complex(float(_num(x.re)), float(_num(x.im)))
        return _num(x)
    return np.array([[value(x) for x in r] for r in rows], dtype=dtype)


def _num(x):
    f = exact_fraction(x)
    return float(f) if f is not None else float(x.value)


def _expr(x):
    """A number (Fraction, numpy scalar, complex) or an array of them as an expression
    (an expression stays as it is)."""
    if isinstance(x, (Expr, Integer, Rational, Complex, Symbol)):
        return x
    if isinstance(x, np.ndarray):
        return Expr.from_args(LIST, (_expr(v) for v in x))
    if isinstance(x, (complex, np.complexfloating)):
        if abs(x.imag) <= 1e-13 * max(1.0, abs(x.real)):
            return Real(float(x.real))
        return Complex(Real(float(x.real)), Real(float(x.imag)))
    if isinstance(x, Fraction):
        return from_python(x)
    return Real(float(x))


def _matrix_expr(m) -> Expr:
    return Expr.from_args(LIST, (Expr.from_args(LIST, (_expr(x) for x in row)) for row in m))


# ---------------------------------------------------------------------------- exact work

def _gauss_jordan(a: list, b: list):
    """Solve a x = b exactly (a: n×n Fractions, b: n×k Fractions); None when singular."""
    n = len(a)
    m = [row[:] + rhs[:] for row, rhs in zip(a, b)]
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return None
        m[col], m[pivot] = m[pivot], m[col]
        p = m[col][col]
        m[col] = [x / p for x in m[col]]
        for r in range(n):
            if r != col and m[r][col] != 0:
                f = m[r][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    return [row[n:] for row in m]


def _exact_det(a: list) -> Fraction:
    m = [row[:] for row in a]
    n, det = len(m), Fraction(1)
    for col in range(n):
        pivot = next((r for r in range(col, n) if m[r][col] != 0), None)
        if pivot is None:
            return Fraction(0)
        if pivot != col:
            m[col], m[pivot] = m[pivot], m[col]
            det = -det
        det *= m[col][col]
        for r in range(col + 1, n):
            f = m[r][col] / m[col][col]
            m[r] = [x - f * y for x, y in zip(m[r], m[col])]
    return det


def _exact_rank(a: list) -> int:
    m = [row[:] for row in a]
    rank, rows, cols = 0, len(m), len(m[0])
    for col in range(cols):
        pivot = next((r for r in range(rank, rows) if m[r][col] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(rows):
            if r != rank and m[r][col] != 0:
                f = m[r][col] / m[rank][col]
                m[r] = [x - f * y for x, y in zip(m[r], m[rank])]
        rank += 1
    return rank


def _symbolic_det(ev, rows):
    """Cofactor expansion along the first row (small matrices only)."""
    if len(rows) == 1:
        return rows[0][0]
    terms = []
    for j, a in enumerate(rows[0]):
        minor = [r[:j] + r[j + 1:] for r in rows[1:]]
        sign = Integer(-1 if j % 2 else 1)
        terms.append(Expr(S.Times, sign, a, _symbolic_det(ev, minor)))
    return Expr.from_args(S.Plus, terms)


# ---------------------------------------------------------------------------- builtins

def _square(ev, sym, m):
    rows = _rows(m)
    if rows is None or len(rows) != len(rows[0]):
        ev.message(sym, "matsq", m)
        return None
    return rows


@builtin("ConjugateTranspose", argc=(1, 2),
         usage="ConjugateTranspose[m] is the transpose of m with each entry conjugated (the "
               "Hermitian adjoint); ConjugateTranspose[m, perm] transposes as Transpose[m, "
               "perm] does.",
         examples=(("ConjugateTranspose[{{1, I}, {2, 3 - I}}]", "{{1, 2}, {-I, 3 + I}}"),))
def conjugate_transpose(ev, m, *perm):
    transposed = ev.evaluate(Expr(S.Transpose, m, *perm))
    if type(transposed) is Expr and transposed.head is S.Transpose:
        return None                               # not an array: Transpose said why
    return ev.evaluate(Expr(Symbol("Conjugate"), transposed))


@builtin("Det", argc=1, messages=_MESSAGES,
         usage="Det[m] is the determinant of the square matrix m.",
         examples=(("Det[{{1, 2}, {3, 4}}]", "-2"), ("Det[{{a, b}, {c, d}}]", "-(b c) + a d")))
def det(ev, m):
    rows = _square(ev, S.Det, m)
    if rows is None:
        return None
    kind = _kind(rows)
    if kind == "exact":
        return from_python(_exact_det([[exact_fraction(x) for x in r] for r in rows]))
    if kind in ("machine", "complex"):
        return _expr(np.linalg.det(_numeric(rows, complex if kind == "complex" else np.float64)))
    return ev.evaluate(_symbolic_det(ev, rows)) if len(rows) <= 3 else None


@builtin("Inverse", argc=1, messages=_MESSAGES,
         usage="Inverse[m] is the inverse of the square matrix m (Inverse::sing when it has none).",
         examples=(("Inverse[{{1, 2}, {3, 4}}]", "{{-2, 1}, {3/2, -1/2}}"),))
def inverse(ev, m):
    rows = _square(ev, S.Inverse, m)
    if rows is None:
        return None
    kind = _kind(rows)
    n = len(rows)
    if kind == "exact":
        identity = [[Fraction(int(i == j)) for j in range(n)] for i in range(n)]
        inv = _gauss_jordan([[exact_fraction(x) for x in r] for r in rows], identity)
        if inv is None:
            ev.message(S.Inverse, "sing", m)
            return None
        return _matrix_expr(inv)
    if kind in ("machine", "complex"):
        a = _numeric(rows, complex if kind == "complex" else np.float64)
        if np.linalg.matrix_rank(a) < n:
            ev.message(S.Inverse, "sing", m)
            return None
        return _matrix_expr(np.linalg.inv(a))
    return None


def _right_sides(ev, sym, b, rows):
    """(the right-hand sides of m . x == b as rows, whether b is a vector) for LinearSolve
    and LeastSquares; None after sym::lslc when b does not fit m's rows."""
    vector = type(b) is Expr and b.head is LIST and not any(
        type(x) is Expr and x.head is LIST for x in b.args)
    targets = [[x] for x in b.args] if vector else _rows(b)
    if targets is None or len(targets) != len(rows):
        ev.message(sym, "lslc")
        return None
    return targets, vector


@builtin("LinearSolve", argc=2, messages=_MESSAGES,
         usage="LinearSolve[m, b] is the x with m . x == b (m square; b a vector or matrix).",
         examples=(("LinearSolve[{{1, 1}, {1, -1}}, {3, 1}]", "{2, 1}"),))
def linear_solve(ev, m, b):
    rows = _square(ev, S.LinearSolve, m)
    if rows is None:
        return None
    found = _right_sides(ev, S.LinearSolve, b, rows)
    if found is None:
        return None
    targets, vector = found
    kind = _kind(rows + targets)
    if kind == "exact":
        x = _gauss_jordan([[exact_fraction(v) for v in r] for r in rows],
                          [[exact_fraction(v) for v in r] for r in targets])
        if x is None:
            ev.message(S.LinearSolve, "nosol")
            return None
        result = [row[0] for row in x] if vector else x
    elif kind in ("machine", "complex"):
        dtype = complex if kind == "complex" else np.float64
        a, t = _numeric(rows, dtype), _numeric(targets, dtype)
        if np.linalg.matrix_rank(a) < len(rows):
            ev.message(S.LinearSolve, "nosol")
            return None
        x = np.linalg.solve(a, t)
        result = x[:, 0] if vector else x
    else:
        return _symbolic_solve(ev, rows, targets, vector)
    if vector:
        return Expr.from_args(LIST, (_expr(v) for v in result))
    return _matrix_expr(result)


def _symbolic_solve(ev, rows, targets, vector: bool):
    """LinearSolve of a matrix with symbols (LinearSolve[{{a, 1}, {1, b}}, {1, 0}] is
    {b/(-1 + a b), -(1/(-1 + a b))}): SymPy's LU solution, each entry one simplified
    fraction; None when a symbol-free determinant is zero (::nosol) or SymPy cannot read
    an entry."""
    from wlnet.builtins._sympy_bridge import Translation, Untranslatable
    t = Translation()
    sp = t.sp
    try:
        a = sp.Matrix([[t.to(x) for x in r] for r in rows])
        b = sp.Matrix([[t.to(x) for x in r] for r in targets])
    except (Untranslatable, TypeError, ValueError):
        return None
    if sp.simplify(a.det()) == 0:
        ev.message(S.LinearSolve, "nosol")
        return None
    x = a.LUsolve(b).applyfunc(lambda v: sp.factor(sp.cancel(v)))
    try:
        if vector:
            return ev.evaluate(t.back([x[i, 0] for i in range(x.rows)]))
        return ev.evaluate(t.back(x.tolist()))
    except Untranslatable:
        return None


@builtin("MatrixRank", argc=1, messages=_MESSAGES,
         usage="MatrixRank[m] is the number of linearly independent rows of the matrix m.",
         examples=(("MatrixRank[{{1, 2}, {2, 4}}]", "1"),))
def matrix_rank(ev, m):
    rows = _rows(m)
    if rows is None:
        ev.message(S.MatrixRank, "matrix", m, Integer(1))
        return None
    kind = _kind(rows)
    if kind == "exact":
        return Integer(_exact_rank([[exact_fraction(x) for x in r] for r in rows]))
    if kind in ("machine", "complex"):
        return Integer(int(np.linalg.matrix_rank(_numeric(rows, complex))))
    return None


def _machine_square(m) -> np.ndarray | None:
    """The float array of a square matrix of machine reals (integers among them), packed
    or not; None for anything else (exact, complex, symbolic matrices take the general
    path)."""
    packed = to_packed(m, coerce=True)
    arr = None if packed is None else packed_array(packed)
    if arr is None or arr.dtype.kind != "f" or arr.ndim != 2 or arr.shape[0] != arr.shape[1] \
            or not arr.size:
        return None
    return arr


def _eigen(ev, sym, m):
    """(values, vectors) of a numeric square matrix, largest |value| first; None when the
    matrix is not numeric."""
    machine = _machine_square(m)
    if machine is not None:            # no element-by-element reading of a machine matrix
        return _eigen_of(machine, "machine")
    rows = _square(ev, sym, m)
    if rows is None:
        return None
    kind = _kind(rows)
    if kind == "symbolic":
        return None
    if kind == "exact":
        found = _exact_eigen(ev, rows)
        if found is None and sym is not S.Eigenvalues:
            found = _root_eigen(ev, rows)          # cubic factors: vectors in Root objects
        if found is not None:
            return found
        if sym is S.Eigenvalues:         # cubic factors and beyond: Root objects
            found = _exact_eigenvalues(ev, rows)
            if found is not None:
                return found, None
    return _eigen_of(_numeric(rows, complex if kind == "complex" else np.float64), kind)


def _eigen_of(a: np.ndarray, kind: str):
    """(values, vectors) of a numeric array, largest |value| first; an exact matrix's only
    when its eigenvalues are integers."""
    values, vectors = np.linalg.eig(a)
    order = sorted(range(len(values)), key=lambda i: (-abs(values[i]), -values[i].real))
    values, vectors = values[order], vectors[:, order].T
    if kind == "exact":
        exact = np.round(values.real)
        if np.allclose(values, exact, atol=1e-9):          # integer eigenvalues stay exact
            return [Integer(int(v)) for v in exact], vectors
        return None
    return [_expr(v) for v in values], vectors


def _eigenvalue_order(sp, value):
    """WL's order of eigenvalues: largest |value| first, a tie with the smaller real part
    (then the larger imaginary part) first."""
    z = complex(sp.N(value, 20))
    return (-round(abs(z), 12), round(z.real, 12), -round(z.imag, 12))


def _exact_eigenvalues(ev, rows):
    """The eigenvalues of a matrix of rationals as the roots of its characteristic
    polynomial in WL's form (Root objects for a cubic factor without a simple radical
    form: Eigenvalues uses Cubics -> False), with multiplicity; None when they cannot be
    written exactly."""
    from wlnet.builtins._sympy_bridge import Translation, Untranslatable
    from wlnet.builtins.algebra import exact_roots
    t = Translation()
    sp = t.sp
    matrix = sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in map(exact_fraction, r)]
                        for r in rows])
    roots = exact_roots(sp, matrix.charpoly())
    if roots is None:
        return None
    tidy = lambda x: x if isinstance(x, sp.CRootOf) else _wl_grouped(sp, sp.radsimp(x))  # noqa: E731
    roots = sorted((tidy(r) for r in roots), key=lambda r: _eigenvalue_order(sp, r))
    try:
        return [ev.evaluate(t.back(r)) for r in roots]
    except Untranslatable:
        return None


def _exact_eigen(ev, rows):
    """(values, vectors) of a matrix of rationals, exactly, when its characteristic
    polynomial splits into factors of degree at most 2 (square roots, as WL writes them:
    1/2 (5 + Sqrt[33])); else None.  Order as WL's: largest |value| first, a tie with the
    smaller real part (then the larger imaginary part) first; the vectors of a repeated
    value in reverse order of the null space basis (IdentityMatrix[2] gives
    {{0, 1}, {1, 0}}), and zero vectors where a value has fewer vectors than its
    multiplicity."""
    from wlnet.builtins._sympy_bridge import Translation, Untranslatable
    t = Translation()
    sp = t.sp
    matrix = sp.Matrix([[sp.Rational(x.numerator, x.denominator) for x in map(exact_fraction, r)]
                        for r in rows])
    _, factors = matrix.charpoly().factor_list()
    if any(f.degree() > 2 for f, _ in factors):
        return None
    tidy = lambda x: _wl_grouped(sp, sp.radsimp(sp.simplify(x)))     # noqa: E731
    pairs = []
    for value, multiplicity, basis in matrix.eigenvects():
        vectors = [[tidy(x) for x in v] for v in reversed(basis)]
        vectors += [[sp.Integer(0)] * len(rows)] * (multiplicity - len(basis))
        pairs += [(tidy(value), v) for v in vectors]

    pairs.sort(key=lambda pair: _eigenvalue_order(sp, pair[0]))
    try:
        values = [ev.evaluate(t.back(v)) for v, _ in pairs]
        vectors = [ev.evaluate(t.back(list(v))) for _, v in pairs]
    except Untranslatable:
        return None
    return values, vectors


def _root_eigen(ev, rows):
    """(values, vectors) of a matrix of rationals whose characteristic polynomial has an
    irreducible factor of degree 3 or more: for each factor f, a column of the adjugate of
    m - x I that is not zero modulo f is an eigenvector for every root x of f (m - x I has
    rank n - 1 there); it is scaled to end in 1 (inverting modulo f), as WL scales exact
    eigenvectors, and each root put in (Root objects where there is no radical form).
    None when a factor is repeated with several independent vectors (the adjugate vanishes)
    or SymPy cannot write a value."""
    from wlnet.builtins._sympy_bridge import Translation, Untranslatable
    from wlnet.builtins.algebra import exact_roots
    t = Translation()
    sp = t.sp
    x = sp.Dummy("x")
    matrix = sp.Matrix([[sp.Rational(q.numerator, q.denominator)
                         for q in map(exact_fraction, r)] for r in rows])
    adjugate = (matrix - x * sp.eye(len(rows))).adjugate()
    pairs = []
    for factor, multiplicity in matrix.charpoly(x).factor_list()[1]:
        f = factor.as_expr(x)          # a PurePoly names its own variable
        vector = _null_vector_modulo(sp, adjugate, f, x)
        if vector is None or multiplicity > 1:
            return None
        for root in exact_roots(sp, sp.Poly(f, x)):
            values = [sp.expand(v.subs(x, root)) if not isinstance(root, sp.CRootOf)
                      else v.subs(x, root) for v in vector]
            pairs.append((root, values))
    pairs.sort(key=lambda pair: _eigenvalue_order(sp, pair[0]))
    try:
        return ([ev.evaluate(t.back(v)) for v, _ in pairs],
                [ev.evaluate(t.back(list(v))) for _, v in pairs])
    except Untranslatable:
        return None


def _null_vector_modulo(sp, adjugate, f, x):
    """A column of the adjugate reduced modulo f, scaled so that its last nonzero entry is
    1 (modulo f); None when every column vanishes modulo f."""
    for j in range(adjugate.cols):
        column = [sp.rem(sp.expand(adjugate[i, j]), f, x) for i in range(adjugate.rows)]
        nonzero = [c for c in column if c != 0]
        if not nonzero:
            continue
        inverse = sp.invert(nonzero[-1], f, x)
        return [sp.rem(sp.expand(c * inverse), f, x) for c in column]
    return None


def _wl_grouped(sp, x):
    """x with its rational coefficient taken out of a sum, the sign left inside, as WL
    writes roots: 1/6 (-3 - Sqrt[33]), not -(1/6) (3 + Sqrt[33])."""
    grouped = sp.factor_terms(x)
    c, rest = grouped.as_coeff_Mul()
    if c < 0 and rest.is_Add:
        return sp.Mul(-c, sp.expand(-rest), evaluate=False)
    return grouped


def _count(k, n: int):
    """A slice of n eigen-things for the count k (first k), -k (last k) or UpTo[k]; None
    when k is none of these or asks for more than there are."""
    if k is None:
        return slice(None)
    if type(k) is Expr and k.head == Symbol("UpTo") and len(k.args) == 1 \
            and type(k.args[0]) is Integer and k.args[0].value >= 0:
        return slice(0, min(k.args[0].value, n))
    if type(k) is not Integer or abs(k.value) > n:
        return None
    return slice(0, k.value) if k.value >= 0 else slice(n + k.value, n)


def _eigen_counted(ev, head, m, k):
    """(values, vectors) of m, only those the count k asks for (k is None: all); None
    after a message when k is not a count."""
    found = _eigen(ev, head, m)
    if found is None:
        return None
    part = _count(k, len(found[0]))
    if part is None:
        ev.message(head, "eivn", k, m)
        return None
    values, vectors = found         # vectors None: Eigenvalues found values only
    return values[part], None if vectors is None else vectors[part]


@builtin("Eigenvalues", argc=(1, 2), messages=_MESSAGES,
         usage="Eigenvalues[m] is the list of eigenvalues of the square matrix m, largest in "
               "absolute value first (numbers; an exact matrix with integer eigenvalues gives "
               "them exactly); Eigenvalues[m, k] the first k, Eigenvalues[m, -k] the last k "
               "(the smallest), Eigenvalues[m, UpTo[k]] as many as there are up to k.",
         examples=(("Eigenvalues[{{2, 0}, {0, 3}}]", "{3, 2}"),
                   ("Eigenvalues[{{2, 0, 0}, {0, 3, 0}, {0, 0, 1}}, -1]", "{1}")))
def eigenvalues(ev, m, k=None):
    found = _eigen_counted(ev, S.Eigenvalues, m, k)
    return None if found is None else Expr.from_args(LIST, found[0])


@builtin("Eigenvectors", argc=(1, 2), messages=_MESSAGES,
         usage="Eigenvectors[m] is the list of eigenvectors of the numeric square matrix m "
               "(unit length), in the order of Eigenvalues[m]; Eigenvectors[m, k] (or -k, "
               "UpTo[k]) those of the first (last) k eigenvalues.",
         examples=(("Length[Eigenvectors[{{2., 0.}, {0., 3.}}]]", "2"),))
def eigenvectors(ev, m, k=None):
    found = _eigen_counted(ev, S.Eigenvectors, m, k)
    return None if found is None else Expr.from_args(LIST, (_expr(v) for v in found[1]))


@builtin("Eigensystem", argc=(1, 2), messages=_MESSAGES,
         usage="Eigensystem[m] is {eigenvalues, eigenvectors} of the square matrix m, in the "
               "order of Eigenvalues[m]; Eigensystem[m, k] (or -k, UpTo[k]) of the first "
               "(last) k.",
         examples=(("First[Eigensystem[{{2., 0.}, {0., 3.}}]]", "{3., 2.}"),))
def eigensystem(ev, m, k=None):
    found = _eigen_counted(ev, S.Eigensystem, m, k)
    if found is None:
        return None
    return Expr(LIST, Expr.from_args(LIST, found[0]),
                Expr.from_args(LIST, (_expr(v) for v in found[1])))


@builtin("LeastSquares", argc=2, messages=_MESSAGES,
         usage="LeastSquares[m, b] is the x that minimises Norm[m . x - b] (the one of least "
               "norm when several do); exact for an exact m of full column rank.",
         examples=(("LeastSquares[{{1, 0}, {0, 1}, {1, 1}}, {1, 1, 3}]", "{4/3, 4/3}"),))
def least_squares(ev, m, b):
    rows = _rows(m)
    if rows is None:
        ev.message(S.LeastSquares, "matrix", m, Integer(1))
        return None
    found = _right_sides(ev, S.LeastSquares, b, rows)
    if found is None:
        return None
    targets, vector = found
    kind = _kind(rows + targets)
    if kind == "symbolic":
        return None
    result = None
    if kind == "exact":                 # the normal equations mᵀm x = mᵀb, solved exactly
        a = [[exact_fraction(v) for v in r] for r in rows]
        t = [[exact_fraction(v) for v in r] for r in targets]
        columns = list(zip(*a))
        normal = [[sum(x * y for x, y in zip(ci, cj)) for cj in columns] for ci in columns]
        rhs = [[sum(x * r[k] for x, r in zip(ci, t)) for k in range(len(t[0]))]
               for ci in columns]
        result = _gauss_jordan(normal, rhs)
    if result is None:                  # inexact, or rank-deficient: the least-norm solution
        dtype = complex if kind == "complex" else np.float64
        result = np.linalg.lstsq(_numeric(rows, dtype), _numeric(targets, dtype), rcond=None)[0]
    if vector:
        return Expr.from_args(LIST, (_expr(row[0]) for row in result))
    return _matrix_expr(result)


@builtin("TensorProduct", argc=(0, None), attributes=("Flat", "OneIdentity", "Protected"),
         usage="TensorProduct[t1, t2, …] is the tensor product of the arrays: Outer[Times, "
               "t1, t2, …] (a scalar multiplies).",
         examples=(("TensorProduct[{a, b}, {c, d}]", "{{a c, a d}, {b c, b d}}"),))
def tensor_product(ev, *tensors):
    if not tensors:
        return Integer(1)
    if len(tensors) == 1:
        return tensors[0]
    if not all(type(t) is Expr and t.head is LIST for t in tensors):
        if any(type(t) is Symbol for t in tensors):
            return None                      # symbolic tensors stay as they are
        return ev.evaluate(Expr(S.Times, *tensors))
    return ev.evaluate(Expr(S.Outer, S.Times, *tensors))


def _numeric_matrix(ev, sym, m):
    rows = _rows(m)
    if rows is None:
        ev.message(sym, "matrix", m, Integer(1))
        return None
    if _kind(rows) == "symbolic":
        return None
    return _numeric(rows, complex if _kind(rows) == "complex" else np.float64)


@builtin("SingularValueDecomposition", argc=1, messages=_MESSAGES,
         usage="SingularValueDecomposition[m] is {u, w, v} with m == u . w . "
               "ConjugateTranspose[v], w the diagonal matrix of singular values (largest "
               "first) and u, v unitary.",
         examples=(("Dimensions /@ SingularValueDecomposition[{{1., 2.}, {3., 4.}, {5., 6.}}]",
                    "{{3, 3}, {3, 2}, {2, 2}}"),))
def singular_value_decomposition(ev, m):
    a = _numeric_matrix(ev, S.SingularValueDecomposition, m)
    if a is None:
        return None
    u, s, vh = np.linalg.svd(a)
    w = np.zeros(a.shape)
    w[:len(s), :len(s)] = np.diag(s)
    return Expr(LIST, _matrix_expr(u), _matrix_expr(w), _matrix_expr(vh.conj().T))


@builtin("SingularValueList", argc=1, messages=_MESSAGES,
         usage="SingularValueList[m] is the list of the nonzero singular values of m, largest "
               "first.",
         examples=(("SingularValueList[{{3., 0.}, {0., 4.}}]", "{4., 3.}"),))
def singular_value_list(ev, m):
    a = _numeric_matrix(ev, S.SingularValueList, m)
    if a is None:
        return None
    s = np.linalg.svd(a, compute_uv=False)
    tolerance = max(a.shape) * np.finfo(float).eps * (s[0] if len(s) else 0)
    return Expr.from_args(LIST, (Real(float(x)) for x in s if x > tolerance))


@builtin("KroneckerProduct", argc=(2, None),
         usage="KroneckerProduct[a, b, …] is the Kronecker (tensor) product of the matrices "
               "or vectors.",
         examples=(("KroneckerProduct[{{1, 2}}, {{0, 1}, {1, 0}}]",
                    "{{0, 1, 0, 2}, {1, 0, 2, 0}}"),))
def kronecker_product(ev, *ms):
    result = ms[0]
    for m in ms[1:]:
        result = _kron(ev, result, m)
        if result is None:
            return None
    return result


def _kron(ev, a, b):
    vector_a = type(a) is Expr and a.head is LIST and a.args and not any(
        type(x) is Expr and x.head is LIST for x in a.args)
    vector_b = type(b) is Expr and b.head is LIST and b.args and not any(
        type(x) is Expr and x.head is LIST for x in b.args)
    if vector_a and vector_b:
        return ev.evaluate(Expr.from_args(LIST, (Expr(S.Times, x, y) for x in a.args
                                                 for y in b.args)))
    ra, rb = _rows(a), _rows(b)
    if ra is None or rb is None:
        return None
    return ev.evaluate(Expr.from_args(LIST, (
        Expr.from_args(LIST, (Expr(S.Times, x, y) for x in row_a for y in row_b))
        for row_a in ra for row_b in rb)))


# ---------------------------------------------------------------------------- distances

_NUMBERS = (Integer, Rational, Real, Complex)


def _distance(name: str, formula, usage: str, example):
    sym = S[name]

    def distance(ev, u, v):
        if type(u) in _NUMBERS and type(v) in _NUMBERS:      # numbers: as vectors of one
            u, v = Expr(LIST, u), Expr(LIST, v)
        if not (type(u) is Expr and u.head is LIST and type(v) is Expr and v.head is LIST) \
                or len(u.args) != len(v.args):
            if type(u) is Expr and u.head is LIST and type(v) is Expr and v.head is LIST:
                ev.message(sym, "vector", u, v)
            return None
        return ev.evaluate(formula(u, v))

    builtin(name, argc=2, messages=_MESSAGES, usage=usage, examples=(example,))(distance)


def _difference(u, v):
    return Expr(S.Subtract, u, v)


_distance("EuclideanDistance", lambda u, v: Expr(S.Norm, _difference(u, v)),
          "EuclideanDistance[u, v] is the Euclidean distance Norm[u - v].",
          ("EuclideanDistance[{0, 0}, {3, 4}]", "5"))
_distance("SquaredEuclideanDistance",
          lambda u, v: Expr(S.Total, Expr(S.Power, Expr(S.Abs, _difference(u, v)), Integer(2))),
          "SquaredEuclideanDistance[u, v] is Total[Abs[u - v]^2].",
          ("SquaredEuclideanDistance[{0, 0}, {3, 4}]", "25"))
_distance("ManhattanDistance", lambda u, v: Expr(S.Total, Expr(S.Abs, _difference(u, v))),
          "ManhattanDistance[u, v] is Total[Abs[u - v]].",
          ("ManhattanDistance[{0, 0}, {3, -4}]", "7"))
_distance("ChessboardDistance", lambda u, v: Expr(S.Max, Expr(S.Abs, _difference(u, v))),
          "ChessboardDistance[u, v] is Max[Abs[u - v]].",
          ("ChessboardDistance[{0, 0}, {3, -4}]", "4"))
_distance("CosineDistance",
          lambda u, v: Expr(S.Subtract, Integer(1),
                            Expr(S.Divide, Expr(S.Dot, u, v),
                                 Expr(S.Times, Expr(S.Norm, u), Expr(S.Norm, v)))),
          "CosineDistance[u, v] is 1 - u . v / (Norm[u] Norm[v]).",
          ("CosineDistance[{1, 0}, {0, 1}]", "1"))
