"""More descriptive statistics and matrix helpers scripts use: GeometricMean,
HarmonicMean, RootMeanSquare, MeanDeviation, MedianDeviation, Skewness, Kurtosis,
TrimmedMean, WinsorizedMean, Commonest, Threshold; Cross, Diagonal, UpperTriangularize, LowerTriangularize, MatrixPower.

The statistics are written as the Wolfram Language defines them, as WL expressions the
evaluator computes (so exact data give exact results, machine data machine ones, and packed
arrays take the vectorised paths of Total, Mean and the Listable arithmetic); a matrix is
taken column by column, as Mean takes it.
"""

from __future__ import annotations

from collections import Counter

from wlnet.builtins._listutil import is_list, mklist
from wlnet.core.expr import Expr, Integer, Rational, S, String, make_rational
from wlnet.core.image import Image
from wlnet.core.registry import builtin, split_options

_MESSAGES = {"rectn": "Rectangular array of real numbers or a list of them expected at "
                      "position 1 in `1`."}


def _call(head, *args):
    return Expr(head, *args)


def _data(ev, sym, data):
    """The columns of a matrix (each a list), [data] for a vector, None (after a message)
    for anything else."""
    if not is_list(data) or len(data.args) == 0:
        ev.message(sym, "rectn", Expr(sym, data))
        return None
    rows = data.args
    if all(is_list(r) for r in rows):
        width = len(rows[0].args)
        if width == 0 or any(len(r.args) != width for r in rows):
            ev.message(sym, "rectn", Expr(sym, data))
            return None
        return [mklist([r.args[j] for r in rows]) for j in range(width)], True
    return [data], False


def _statistic(name, formula, usage, examples, minimum=1):
    """Declare ``name[data]``: ``formula(x, n)`` builds the WL expression of the statistic
    of one vector x of length n; a matrix gives the list of its columns' statistics."""
    def apply(ev, data):
        found = _data(ev, S[name], data)
        if found is None:
            return None
        columns, matrix = found
        if len(columns[0].args) < minimum:
            return None
        values = [ev.evaluate(formula(x, Integer(len(x.args)))) for x in columns]
        return mklist(values) if matrix else values[0]

    builtin(name, argc=1, attributes=("Protected",), usage=usage, examples=examples,
            messages=_MESSAGES)(apply)


def _deviations(x, centre):
    return _call(S.Subtract, x, _call(centre, x))


def _central_moment(x, k):
    return _call(S.Mean, _call(S.Power, _deviations(x, S.Mean), Integer(k)))


_statistic("GeometricMean",
           lambda x, n: _call(S.Power, _call(S.Apply, S.Times, x), _call(S.Power, n, Integer(-1))),
           "GeometricMean[list] is the n-th root of the product of the n elements.",
           (("GeometricMean[{1, 2, 4}]", "2"),))
_statistic("HarmonicMean",
           lambda x, n: _call(S.Times, n, _call(S.Power, _call(S.Total, _call(S.Power, x,
                                                                              Integer(-1))),
                                                Integer(-1))),
           "HarmonicMean[list] is the number of elements over the sum of their reciprocals.",
           (("HarmonicMean[{1, 2, 4}]", "12/7"),))
_statistic("RootMeanSquare",
           lambda x, n: _call(S.Sqrt, _call(S.Mean, _call(S.Power, x, Integer(2)))),
           "RootMeanSquare[list] is Sqrt[Mean[list^2]].",
           (("RootMeanSquare[{3., 4.}]", "3.5355339059327378"),))
_statistic("MeanDeviation",
           lambda x, n: _call(S.Mean, _call(S.Abs, _deviations(x, S.Mean))),
           "MeanDeviation[list] is the mean absolute deviation from the mean.",
           (("MeanDeviation[{1, 2, 3, 4}]", "1"),))
_statistic("MedianDeviation",
           lambda x, n: _call(S.Median, _call(S.Abs, _deviations(x, S.Median))),
           "MedianDeviation[list] is the median absolute deviation from the median.",
           (("MedianDeviation[{1, 2, 3, 4, 10}]", "1"),))
_statistic("Skewness",
           lambda x, n: _call(S.Times, _central_moment(x, 3),
                              _call(S.Power, _central_moment(x, 2), Rational(-3, 2))),
           "Skewness[list] is the third central moment over the second to the power 3/2.",
           (("Skewness[{1., 2., 3., 10.}]", "1.0182337649086284"),), minimum=2)
_statistic("Kurtosis",
           lambda x, n: _call(S.Times, _central_moment(x, 4),
                              _call(S.Power, _central_moment(x, 2), Integer(-2))),
           "Kurtosis[list] is the fourth central moment over the square of the second.",
           (("Kurtosis[{1, 2, 3, 10}]", "1394/625"),), minimum=2)


def _fractions(ev, spec):
    """(f1, f2) of TrimmedMean's and WinsorizedMean's f or {f1, f2}, each in [0, 1/2)."""
    from wlnet.builtins.numbers import is_numeric, to_py
    items = spec.args if is_list(spec) and len(spec.args) == 2 else (spec, spec)
    values = []
    for item in items:
        if not is_numeric(item):
            return None
        v = to_py(ev.evaluate(Expr(S.N, item)))
        if not isinstance(v, (int, float)) or not 0 <= v < 0.5:
            return None
        values.append(float(v))
    return values


def _trimmed(name: str, keep_ends: bool, usage: str, example):
    """TrimmedMean (the ends dropped) and WinsorizedMean (the ends set to the nearest kept
    value): Floor[f1 n] elements from the low end, Floor[f2 n] from the high end."""
    def apply(ev, data, spec=None):
        fractions = _fractions(ev, spec if spec is not None else make_rational(1, 20))
        if fractions is None:
            ev.message(S[name], "frac", spec)
            return None
        found = _data(ev, S[name], data)
        if found is None:
            return None
        columns, matrix = found
        values = []
        for x in columns:
            ordered = ev.evaluate(_call(S.Sort, x))
            n = len(ordered.args)
            low, high = int(fractions[0] * n), int(fractions[1] * n)
            if low + high >= n:
                ev.message(S[name], "frac", spec)
                return None
            kept = list(ordered.args[low:n - high])
            if keep_ends:
                kept = [kept[0]] * low + kept + [kept[-1]] * high
            values.append(ev.evaluate(_call(S.Mean, mklist(kept))))
        return mklist(values) if matrix else values[0]

    builtin(name, argc=(1, 2), attributes=("Protected",), usage=usage, examples=(example,),
            messages=dict(_MESSAGES, frac="`1` should be a fraction f or {f1, f2} with "
                                          "0 <= f < 1/2 that leaves some elements."))(apply)


_trimmed("TrimmedMean", False,
         "TrimmedMean[list, f] is the mean of list without its Floor[f n] smallest and "
         "largest elements; {f1, f2} for the two ends; f is 1/20 by default.",
         ("TrimmedMean[{1, 2, 3, 100}, 1/4]", "5/2"))
_trimmed("WinsorizedMean", True,
         "WinsorizedMean[list, f] is the mean of list with its Floor[f n] smallest and "
         "largest elements replaced by the nearest remaining ones; f is 1/20 by default.",
         ("WinsorizedMean[{1, 2, 3, 100}, 1/4]", "5/2"))


@builtin("Threshold", argc=2, attributes=("Protected",),
         usage="Threshold[data, d] sets the elements of data smaller than d in absolute value "
               "to 0; Threshold[data, {\"Soft\", d}] also moves the others d toward 0.",
         examples=(("Threshold[{0.1, -0.5, 2}, 0.2]", "{0, -0.5, 2}"),
                   ("Threshold[{0.1, -0.5, 2.}, {\"Soft\", 0.2}]", "{0, -0.3, 1.8}")))
def threshold(ev, data, spec):
    kind, delta = "Hard", spec
    if is_list(spec) and len(spec.args) == 2 and type(spec.args[0]) is String:
        kind, delta = spec.args[0].value, spec.args[1]
    if kind not in ("Hard", "Soft"):
        return None
    if type(data) is Image:                     # the pixels' values, channel by channel
        from wlnet.builtins.image_pixel_functions import thresholded
        return thresholded(ev, data, kind, delta)
    x = S["x"]
    body = _call(S.If, _call(S.Less, _call(S.Abs, x), delta), Integer(0),
                 x if kind == "Hard" else _call(S.Times, _call(S.Sign, x),
                                               _call(S.Subtract, _call(S.Abs, x), delta)))
    rule = Expr(S.RuleDelayed, Expr(S.PatternTest, Expr(S.Pattern, x, Expr(S.Blank)),
                                    S.NumericQ), body)
    return _call(S.Replace, data, mklist([rule]), mklist([Integer(0), S.Infinity]))


@builtin("Commonest", argc=(1, 2), attributes=("Protected",),
         usage="Commonest[list] is the list of the elements that occur most often (in the "
               "order they first appear); Commonest[list, n] the n commonest.",
         examples=(("Commonest[{b, a, b, a, c}]", "{b, a}"),
                   ("Commonest[{1, 2, 2, 3, 3, 3}, 2]", "{3, 2}")))
def commonest(ev, data, n=None):
    if not is_list(data) or (n is not None and not (type(n) is Integer and n.value >= 0)):
        return None
    counts = Counter(data.args)
    first = {}
    for i, e in enumerate(data.args):
        first.setdefault(e, i)
    ranked = sorted(counts, key=lambda e: (-counts[e], first[e]))
    if n is None:
        top = counts[ranked[0]] if ranked else 0
        return mklist([e for e in ranked if counts[e] == top])
    return mklist(ranked[:n.value])


@builtin("Entropy", argc=(1, 3), attributes=("Protected",),
         usage="Entropy[list] is the information entropy -Σ p Log[p] of the values in list (p "
               "the fraction of each distinct value); Entropy[k, list] with Log[k, p]; a string "
               "counts its characters; SameTest -> f decides which values are the same.",
         examples=(("Entropy[{a, b, a, b}]", "Log[2]"), ("Entropy[2, {0, 1, 1, 0}]", "1"),
                   ('Entropy[2, "abab"]', "1")))
def entropy(ev, *args):
    split = split_options(args, {"SameTest": S.Automatic})
    if split is None or not 1 <= len(split[0]) <= 2:
        return None
    positional, opts = split
    base, data = positional if len(positional) == 2 else (None, positional[0])
    if type(data) is String:
        data = mklist([String(c) for c in data.value])
    if not is_list(data) or not data.args:
        return None
    test = opts["SameTest"]
    tally = ev.evaluate(Expr(S.Tally, data) if test is S.Automatic else Expr(S.Tally, data, test))
    n = len(data.args)
    terms = []
    for pair in tally.args:
        p = make_rational(pair.args[1].value, n)
        log = Expr(S.Log, p) if base is None else Expr(S.Log, base, p)
        terms.append(Expr(S.Times, Integer(-1), p, log))
    return ev.evaluate(Expr.from_args(S.Plus, terms))


# ---------------------------------------------------------------------------- matrices

def _matrix(m):
    if is_list(m) and m.args and all(is_list(r) for r in m.args):
        return [list(r.args) for r in m.args]
    return None


@builtin("Cross", argc=(1, 2), attributes=("Protected",),
         messages={"vec3": "`1` and `2` are not vectors of length 3 (or one of length 2) "
                           "whose cross product can be formed."},
         usage="Cross[a, b] is the vector cross product of two 3-vectors; Cross[{x, y}] is "
               "the perpendicular {-y, x}.",
         examples=(("Cross[{1, 0, 0}, {0, 1, 0}]", "{0, 0, 1}"), ("Cross[{1, 2}]", "{-2, 1}")))
def cross(ev, a, b=None):
    if b is None:
        if is_list(a) and len(a.args) == 2:
            x, y = a.args
            return ev.evaluate(mklist([_call(S.Times, Integer(-1), y), x]))
        return None
    if not (is_list(a) and is_list(b) and len(a.args) == 3 == len(b.args)):
        ev.message(S.Cross, "vec3", a, b)
        return None
    (a1, a2, a3), (b1, b2, b3) = a.args, b.args

    def minor(p, q, r, s):
        return _call(S.Subtract, _call(S.Times, p, q), _call(S.Times, r, s))
    return ev.evaluate(mklist([minor(a2, b3, a3, b2), minor(a3, b1, a1, b3),
                               minor(a1, b2, a2, b1)]))


def _offset(k) -> int | None:
    return k.value if type(k) is Integer else None


@builtin("Diagonal", argc=(1, 2), attributes=("Protected",),
         usage="Diagonal[m] is the list of the elements m[[i, i]]; Diagonal[m, k] the k-th "
               "diagonal above (k > 0) or below (k < 0) it.",
         examples=(("Diagonal[{{1, 2}, {3, 4}}]", "{1, 4}"),
                   ("Diagonal[{{1, 2, 3}, {4, 5, 6}}, 1]", "{2, 6}")))
def diagonal(ev, m, k=Integer(0)):
    rows, shift = _matrix(m), _offset(k)
    if rows is None or shift is None:
        return None
    return mklist([row[i + shift] for i, row in enumerate(rows) if 0 <= i + shift < len(row)])


def _triangularize(keep):
    def apply(ev, m, k=Integer(0)):
        rows, shift = _matrix(m), _offset(k)
        if rows is None or shift is None:
            return None
        return mklist([mklist([x if keep(j - i, shift) else Integer(0)
                               for j, x in enumerate(row)]) for i, row in enumerate(rows)])
    return apply


builtin("UpperTriangularize", argc=(1, 2), attributes=("Protected",),
        usage="UpperTriangularize[m] is m with the elements below the diagonal made 0 "
              "(UpperTriangularize[m, k]: below the k-th diagonal).",
        examples=(("UpperTriangularize[{{1, 2}, {3, 4}}]", "{{1, 2}, {0, 4}}"),))(
    _triangularize(lambda above, k: above >= k))
builtin("LowerTriangularize", argc=(1, 2), attributes=("Protected",),
        usage="LowerTriangularize[m] is m with the elements above the diagonal made 0 "
              "(LowerTriangularize[m, k]: above the k-th diagonal).",
        examples=(("LowerTriangularize[{{1, 2}, {3, 4}}]", "{{1, 0}, {3, 4}}"),))(
    _triangularize(lambda above, k: above <= k))


@builtin("MatrixPower", argc=2, attributes=("Protected",),
         usage="MatrixPower[m, n] is the n-th matrix power of the square matrix m (a power "
               "of its inverse for n < 0).",
         examples=(("MatrixPower[{{1, 1}, {0, 1}}, 5]", "{{1, 5}, {0, 1}}"),))
def matrix_power(ev, m, n):
    rows = _matrix(m)
    if rows is None or type(n) is not Integer or any(len(r) != len(rows) for r in rows):
        return None
    k = n.value
    base = m if k >= 0 else ev.evaluate(_call(S.Inverse, m))
    if type(base) is Expr and base.head is S.Inverse:
        return None
    result = ev.evaluate(_call(S.IdentityMatrix, Integer(len(rows))))
    k = abs(k)
    while k:                                     # square and multiply
        if k & 1:
            result = ev.evaluate(_call(S.Dot, result, base))
        k >>= 1
        if k:
            base = ev.evaluate(_call(S.Dot, base, base))
    return result


def _moment(name, central: bool, usage, examples):
    """``name[data, r]``: the r-th moment of the data (about their mean when central); a
    matrix gives its columns' moments."""
    def apply(ev, data, r):
        found = _data(ev, S[name], data)
        if found is None:
            return None
        columns, matrix = found
        values = [ev.evaluate(_call(S.Mean, _call(S.Power, _deviations(x, S.Mean)
                                                   if central else x, r)))
                  for x in columns]
        return mklist(values) if matrix else values[0]

    builtin(name, argc=2, attributes=("Protected",), usage=usage, examples=examples,
            messages=_MESSAGES)(apply)


_moment("Moment", False, "Moment[list, r] is the r-th moment of the data, Mean[list^r].",
        (("Moment[{1, 2, 3, 4}, 2]", "15/2"),))
_moment("CentralMoment", True, "CentralMoment[list, r] is the r-th moment about the mean, "
        "Mean[(list - Mean[list])^r].",
        (("CentralMoment[{1, 2, 3, 4}, 2]", "5/4"),))
