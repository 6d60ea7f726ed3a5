"""``MeanAround`` and ``VectorAround``: the mean of measurements with its uncertainty, as
programs report an ensemble of predictions (``MeanAround[net /@ refs]``).

``MeanAround[{x1, x2, …}]`` of numbers or quantities is ``Around[Mean[xs],
StandardDeviation[xs]/Sqrt[n]]`` (the standard error of the mean); of ``Around`` objects it
is their weighted mean, the weights ``1/δi²``, with uncertainty ``1/Sqrt[Σ 1/δi²]``; of
vectors it is ``VectorAround[Mean[vs], Covariance[vs]/n]``.  ``MeanAround[{x}]`` is ``x``
with no uncertainty.

``VectorAround[v, Δ]`` is a vector of approximate numbers with covariance matrix ``Δ``;
``VectorAround[v, {δ1, δ2, …}]`` (uncorrelated), ``VectorAround[{x1, x2}, {{δ1, δ2}, ρ}]``
(a correlation factor) and ``VectorAround[v, {δ, R}]`` (a correlation matrix) become that
form, and ``VectorAround[vectors]`` is the mean of the vectors with their covariance.  Its
properties are "Vector", "Covariance", "Correlation" and "Distribution"
(``MultinormalDistribution[v, Δ]``); ``Around[VectorAround[…]]`` is the list of the
entries' ``Around``s, their correlations dropped.
"""

from __future__ import annotations

from wlnet.builtins._listutil import is_list, mklist, number_value
from wlnet.builtins.around import AROUND, around_parts
from wlnet.core.expr import Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue

MEAN_AROUND = Symbol("MeanAround")
VECTOR_AROUND = Symbol("VectorAround")
QUANTITY = Symbol("Quantity")

_MEAN_MESSAGES = {
    "arg": "`1` is not a non-empty list of numbers, quantities or Around objects, nor a "
           "list of vectors of one length.",
    "asym": "`1` has an asymmetric uncertainty; MeanAround weights values by one "
            "uncertainty each.",
}
_VECTOR_MESSAGES = {
    "arg": "`1` is not a vector with uncertainties: give VectorAround[v, {δ1, δ2, …}], "
           "VectorAround[v, Δ] with a symmetric covariance matrix Δ of v's length, "
           "VectorAround[{x1, x2}, {{δ1, δ2}, ρ}], VectorAround[v, {δ, R}] or "
           "VectorAround[{v1, v2, …}].",
    "prop": "`1` is not a property of VectorAround (\"Vector\", \"Covariance\", "
            "\"Correlation\", \"Distribution\").",
}


def _call(name, *args) -> Expr:
    return Expr(Symbol(name), *args)


# ---------------------------------------------------------------------------- shapes

def _numbers(e) -> list | None:
    """The Python numbers (int, Fraction, float) of a list of real number atoms."""
    if not is_list(e):
        return None
    values = [number_value(a) for a in e.args]
    return None if any(v is None for v in values) else values


def _matrix(e, n: int | None = None) -> list | None:
    """The rows of a rectangular list of lists of numbers (n × n when ``n`` is given)."""
    if not is_list(e) or not e.args:
        return None
    rows = [_numbers(r) for r in e.args]
    if any(r is None for r in rows) or len({len(r) for r in rows}) != 1:
        return None
    if n is not None and (len(rows) != n or len(rows[0]) != n):
        return None
    return rows


def _vectors(items) -> bool:
    """Whether the items are lists all of one non-zero length (vectors to average)."""
    lengths = {len(a.args) if is_list(a) else -1 for a in items}
    return len(lengths) == 1 and min(lengths) > 0


def _numeric_tree(e) -> bool:
    """Whether ``e`` is a real number or a list (of lists…) of them: a specification
    with nothing symbolic left in it."""
    if number_value(e) is not None:
        return True
    return is_list(e) and bool(e.args) and all(_numeric_tree(a) for a in e.args)


def _number_expr(x) -> Expr:
    if isinstance(x, float):
        return Real(x)
    if isinstance(x, int):
        return Integer(x)
    return Rational(x.numerator, x.denominator) if x.denominator != 1 else Integer(x.numerator)


def _matrix_expr(rows) -> Expr:
    return mklist([mklist([_number_expr(x) for x in row]) for row in rows])


def _is_measurement(e) -> bool:
    """A number, a quantity or an Around: what MeanAround averages."""
    if number_value(e) is not None or around_parts(e) is not None:
        return True
    return type(e) is Expr and e.head is QUANTITY and len(e.args) == 2 \
        and number_value(e.args[0]) is not None


# ---------------------------------------------------------------------------- MeanAround

@builtin("MeanAround", argc=1, messages=_MEAN_MESSAGES,
         usage="MeanAround[{x1, x2, …}] is the mean of the xi (numbers, quantities or "
               "Around objects, these weighted by 1/δi²) with its uncertainty; "
               "MeanAround[{v1, v2, …}] of vectors is a VectorAround of their mean and its "
               "covariance.",
         examples=(("MeanAround[{1, 3}]", "Around[2., 1.]"),
                   ("MeanAround[{Around[1., 0.5], Around[3., 0.5], Around[2., 0.5], "
                    "Around[6., 0.5]}]", "Around[3., 0.25]")))
def mean_around(ev, data):
    items = data.args if is_list(data) else ()
    if items and _vectors(items):
        return _mean_of_vectors(ev, data)
    if not items or not all(_is_measurement(a) for a in items):
        ev.message(MEAN_AROUND, "arg", data)
        return None
    if any(around_parts(a) is not None for a in items):
        return _weighted_mean(ev, items)
    if len(items) == 1:                     # the singular case: no spread to measure
        return Expr(AROUND, items[0], ev.evaluate(Expr(S.Times, Integer(0), items[0])))
    n = Integer(len(items))
    # numerically, as Around takes an exact numeric value and uncertainty
    return ev.evaluate(Expr(AROUND, Expr(S.N, _call("Mean", data)),
                            Expr(S.N, Expr(S.Times, _call("StandardDeviation", data),
                                           Expr(S.Power, n, Rational(-1, 2))))))


def _mean_of_vectors(ev, data):
    n = len(data.args)
    if n == 1:
        v = data.args[0]
        return ev.evaluate(Expr(VECTOR_AROUND, v, _matrix_expr(
            [[0] * len(v.args) for _ in v.args])))
    return ev.evaluate(Expr(VECTOR_AROUND, _call("Mean", data),
                            Expr(S.Times, _call("Covariance", data),
                                 Rational(1, n))))


def _weighted_mean(ev, items):
    """Σ xi/δi² / Σ 1/δi², uncertainty 1/Sqrt[Σ 1/δi²]; a plain number counts as exact
    (δ = 0), so exact values, when there are any, outweigh every uncertain one."""
    pairs = []
    for a in items:
        parts = around_parts(a)
        if parts is None:
            value = number_value(a)
            if value is None:                  # a quantity among Arounds
                ev.message(MEAN_AROUND, "arg", mklist(items))
                return None
            pairs.append((float(value), 0.0))
        elif parts[1] != parts[2]:
            ev.message(MEAN_AROUND, "asym", a)
            return None
        else:
            pairs.append((parts[0], parts[1]))
    exact = [x for x, d in pairs if d == 0.0]
    if exact:
        return Expr(AROUND, Real(sum(exact) / len(exact)), Real(0.0))
    weights = [1.0 / (d * d) for _, d in pairs]
    total = sum(weights)
    value = sum(w * x for w, (x, _) in zip(weights, pairs)) / total
    return Expr(AROUND, Real(value), Real(total ** -0.5))


# ---------------------------------------------------------------------------- VectorAround

def _covariance(spec, n: int) -> list | None:
    """The covariance matrix (rows of Python numbers) a VectorAround's second argument
    describes for a vector of length ``n``; None when it describes none."""
    deltas = _numbers(spec)
    if deltas is not None and len(deltas) == n:                  # {δ1, δ2, …}
        if min(deltas) < 0:
            return None
        return [[deltas[i] ** 2 if i == j else 0 for j in range(n)] for i in range(n)]
    if not (is_list(spec) and len(spec.args) == 2):
        return None
    deltas = _numbers(spec.args[0])
    if deltas is None or len(deltas) != n or min(deltas) < 0:
        return None
    rho = number_value(spec.args[1])
    if rho is not None and n == 2:                               # {{δ1, δ2}, ρ}
        if abs(rho) > 1:
            return None
        correlation = [[1, rho], [rho, 1]]
    else:                                                        # {δ, R}
        correlation = _matrix(spec.args[1], n)
        if correlation is None or any(correlation[k][k] != 1 for k in range(n)):
            return None
    return [[correlation[i][j] * deltas[i] * deltas[j] for j in range(n)] for i in range(n)]


def _canonical(v, spec):
    """(vector, covariance) of ``VectorAround[v, Δ]`` in its final form; None otherwise."""
    if not (type(v) is Expr and v.head is VECTOR_AROUND) or len(v.args) != 2:
        return None
    vector, cov = v.args
    values = _numbers(vector)
    rows = _matrix(cov, len(values)) if values else None
    return (vector, cov) if rows is not None else None


@builtin("VectorAround", argc=(1, 2), messages=_VECTOR_MESSAGES,
         usage="VectorAround[{x1, x2, …}, Δ] is a vector of approximate numbers with the "
               "covariance matrix Δ; the second argument may also be the uncertainties "
               "{δ1, δ2, …}, {{δ1, δ2}, ρ} or {δ, R}.  VectorAround[{v1, v2, …}] is the "
               "mean of the vectors with their covariance.",
         examples=(("VectorAround[{1., 2.}, {1, 3}]",
                    "VectorAround[{1., 2.}, {{1, 0}, {0, 9}}]"),
                   ("VectorAround[{{1, 2}, {3, 2}}]",
                    "VectorAround[{2, 2}, {{2, 0}, {0, 0}}]")))
def vector_around(ev, v, spec=None):
    here = Expr(VECTOR_AROUND, v) if spec is None else Expr(VECTOR_AROUND, v, spec)
    if spec is None:
        rows = _matrix(v)
        if rows is None or len(rows) < 2:
            ev.message(VECTOR_AROUND, "arg", here)
            return None
        return ev.evaluate(Expr(VECTOR_AROUND, _call("Mean", v), _call("Covariance", v)))
    values = _numbers(v)
    if values is None or not values:
        if is_list(v) and v.args:
            return None                       # symbolic or quantity entries: as they are
        ev.message(VECTOR_AROUND, "arg", here)
        return None
    matrix = _matrix(spec, len(values))
    if matrix is not None:                    # VectorAround[v, Δ]: its final form
        n = len(values)
        if any(matrix[i][j] != matrix[j][i] for i in range(n) for j in range(i)):
            ev.message(VECTOR_AROUND, "arg", here)
        return None
    cov = _covariance(spec, len(values))
    if cov is None:
        if _numeric_tree(spec):               # numbers that describe no covariance
            ev.message(VECTOR_AROUND, "arg", here)
        return None
    return Expr(VECTOR_AROUND, v, _matrix_expr(cov))


@builtin_subvalue("VectorAround")
def _property(ev, va, *args):
    parts = _canonical(va, None)
    if parts is None or len(args) != 1:
        return None
    vector, cov = parts
    name = args[0].value if type(args[0]) is String else None
    if name == "Vector":
        return vector
    if name == "Covariance":
        return cov
    if name == "Distribution":
        return Expr(Symbol("MultinormalDistribution"), vector, cov)
    if name == "Correlation":
        n = len(vector.args)
        return ev.evaluate(mklist([mklist([
            Expr(S.Times, cov.args[i].args[j],
                 Expr(S.Power, Expr(S.Times, cov.args[i].args[i], cov.args[j].args[j]),
                      Rational(-1, 2)))
            for j in range(n)]) for i in range(n)]))
    ev.message(VECTOR_AROUND, "prop", args[0])
    return None


@builtin_upvalue("Around", "VectorAround")
def _entries(ev, *args):
    parts = _canonical(args[0], None) if len(args) == 1 else None
    if parts is None:
        return None
    vector, cov = parts
    return ev.evaluate(mklist([
        Expr(AROUND, Expr(S.N, x), Expr(S.N, Expr(S.Power, cov.args[i].args[i],
                                                   Rational(1, 2))))
        for i, x in enumerate(vector.args)]))
