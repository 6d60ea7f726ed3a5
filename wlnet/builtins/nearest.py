"""``Nearest``: the elements of a list of numbers or vectors nearest to a point (how scripts
look up the closest embeddings and do k-nearest-neighbour classification).

    Nearest[{e1, e2, …}, x]          the ei nearest to x (all those at the least distance)
    Nearest[{e1, …}, x, n]           the n nearest, nearest first
    Nearest[{e1, …}, x, {n, r}]      at most n, within distance r
    Nearest[{e1, …}, {x1, x2, …}]    the results for each of the points xi
    Nearest[{e1 -> v1, …}, x]        the vi of the nearest ei (also {e1, …} -> {v1, …})
    Nearest[<|k1 -> e1, …|>, x]      the keys ki of the nearest ei
    Nearest[data] [x], Nearest[data][x, n]    a NearestFunction applied later

    Nearest[{e1, …} -> "Index", x]   the positions of the nearest ("Distance", "Element", or
                                     a list of these, give those properties)

Distances are Euclidean (``DistanceFunction -> EuclideanDistance``; EditDistance between
strings); ManhattanDistance,
ChessboardDistance, SquaredEuclideanDistance and CosineDistance are computed with numpy, any
other function through the evaluator.  Ties keep the list's order.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._listutil import float_value
from wlnet.core.expr import Expr, Integer, Real, S, Symbol
from wlnet.core.registry import builtin, builtin_subvalue, declare

LIST = S.List
NEAREST_FUNCTION = Symbol("NearestFunction")
_MESSAGES = {
    "nearuf": "The data `1` should be a list of numbers or of vectors of one length (or "
              "rules from them to values).",
    "nearest": "The point `1` does not match the data's elements.",
    "optx": "Unknown option `1` in `2`.",
}
_METRICS = {
    "EuclideanDistance": lambda d, x: np.sqrt(((d - x) ** 2).sum(axis=1)),
    "SquaredEuclideanDistance": lambda d, x: ((d - x) ** 2).sum(axis=1),
    "ManhattanDistance": lambda d, x: np.abs(d - x).sum(axis=1),
    "ChessboardDistance": lambda d, x: np.abs(d - x).max(axis=1),
    "CosineDistance": lambda d, x: 1 - (d @ x) / (np.linalg.norm(d, axis=1) * np.linalg.norm(x)),
}

declare("NearestFunction", attributes=("Protected",),
        usage="NearestFunction[…] is what Nearest[data] gives: applied to x (and n), it gives "
              "the elements of data nearest to x.")
declare("DistanceFunction", attributes=("Protected",),
        usage="DistanceFunction is an option of Nearest: the distance between two elements.")


def _point(e):
    """A number or a vector of numbers as a 1-d float array (None when neither)."""
    v = float_value(e)
    if v is not None:
        return np.array([v])
    if type(e) is Expr and e.head is LIST and e.args:
        values = [float_value(x) for x in e.args]
        return None if None in values else np.array(values)
    return None


_PROPERTIES = ("Element", "Index", "Distance")


def _property_names(spec):
    """["Index"] of data -> "Index", ["Index", "Distance"] of data -> {"Index",
    "Distance"}; None when spec is not a property specification."""
    from wlnet.core.expr import String
    if type(spec) is String and spec.value in _PROPERTIES:
        return [spec.value]
    if type(spec) is Expr and spec.head is LIST and spec.args and all(
            type(p) is String and p.value in _PROPERTIES for p in spec.args):
        return [p.value for p in spec.args]
    return None


def _split(data):
    """(elements, values they stand for) of Nearest's data forms; None when not one.  For
    data -> "Index" (or "Element", "Distance", a list of them) the values are the
    property names, as a tuple: _nearest_one computes them."""
    if type(data) is Expr and data.head is S.Association:
        # <|k1 -> v1, …|> searches the values and gives their keys (the Nearest page:
        # equivalent to {v1 -> k1, …}): words looked up by their embedding vectors
        return [r.args[1] for r in data.args], [r.args[0] for r in data.args]
    if type(data) is Expr and data.head is S.Rule and len(data.args) == 2:
        keys, values = data.args
        names = _property_names(values)
        if names is not None and type(keys) is Expr and keys.head is LIST:
            return list(keys.args), (tuple(names) if values.head is LIST else names[0])
        if type(keys) is Expr and keys.head is LIST and type(values) is Expr \
                and values.head is LIST and len(keys.args) == len(values.args):
            return list(keys.args), list(values.args)
        return None
    if type(data) is Expr and data.head is LIST:
        items = list(data.args)
        if items and all(type(x) is Expr and x.head in (S.Rule, S.RuleDelayed) for x in items):
            return [x.args[0] for x in items], [x.args[1] for x in items]
        return items, items
    return None


def _distances(ev, elements, matrix, x, metric):
    from wlnet.core.expr import String
    name = getattr(metric, "name", None)
    if name == "EuclideanDistance" and type(x) is String and \
            all(type(e) is String for e in elements):
        metric = Symbol("EditDistance")            # WL's default between strings
    point = _point(x)
    if name in _METRICS and matrix is not None and point is not None \
            and point.shape[0] == matrix.shape[1]:
        with np.errstate(all="ignore"):
            return _METRICS[name](matrix, point)
    values = [float_value(ev.evaluate(Expr(metric, e, x))) for e in elements]
    return None if None in values else np.array(values)


def _is_list_of_points(elements, x) -> bool:
    """Whether x is a list of query points rather than one: a list against data of numbers,
    or a list of vectors as long as the data's vectors."""
    if type(x) is not Expr or x.head is not LIST or not x.args:
        return False
    first = elements[0]
    if float_value(first) is not None:
        return True
    width = len(first.args) if type(first) is Expr and first.head is LIST else None
    return width is not None and all(
        type(p) is Expr and p.head is LIST and len(p.args) == width for p in x.args)


def _nearest(ev, data, x, count=None, metric=Symbol("EuclideanDistance")):
    split = _split(data)
    if split is None or not split[0]:
        ev.message(S.Nearest, "nearuf", data)
        return None
    elements, values = split
    points = [_point(e) for e in elements]
    matrix = None
    if all(p is not None for p in points) and len({p.shape for p in points}) == 1:
        matrix = np.stack(points)
    if _is_list_of_points(elements, x):
        results = [_nearest_one(ev, elements, values, matrix, p, count, metric)
                   for p in x.args]
        return None if None in results else Expr.from_args(LIST, results)
    return _nearest_one(ev, elements, values, matrix, x, count, metric)


def _nearest_one(ev, elements, values, matrix, x, count, metric):
    d = _distances(ev, elements, matrix, x, metric)
    if d is None:
        ev.message(S.Nearest, "nearest", x)
        return None
    order = np.argsort(d, kind="stable")
    limit, radius = None, None
    if count is None:
        chosen = [i for i in order if d[i] <= d[order[0]]]
    else:
        if type(count) is Integer and count.value >= 0:
            limit = count.value
        elif type(count) is Expr and count.head is LIST and len(count.args) == 2:
            limit = count.args[0].value if type(count.args[0]) is Integer else None
            radius = float_value(count.args[1])
            if count.args[0] is S.All:
                limit = len(order)
        if limit is None:
            return None
        chosen = [i for i in order if radius is None or d[i] <= radius][:limit]
    if isinstance(values, (tuple, str)):           # data -> "Index" and the like
        return Expr.from_args(LIST, (_property(elements, d, i, values) for i in chosen))
    return Expr.from_args(LIST, (values[i] for i in chosen))


def _property(elements, d, i, names):
    """The property (or list of properties) of the i-th element at distance d[i]."""
    if isinstance(names, tuple):
        return Expr.from_args(LIST, (_property(elements, d, i, n) for n in names))
    if names == "Index":
        return Integer(i + 1)
    if names == "Distance":
        value = float(d[i])
        return Integer(int(value)) if value.is_integer() and not _real_distances(elements) \
            else Real(value)
    return elements[i]


def _real_distances(elements) -> bool:
    """Whether distances between the elements are machine reals (exact for integers and
    strings)."""
    return any(type(e) is Real or (type(e) is Expr and _has_machine_reals(e))
               for e in elements)


def _is_rule(a) -> bool:
    return type(a) is Expr and a.head in (S.Rule, S.RuleDelayed)


def _options(args):
    """(positional arguments, the distance function); None for an unknown option.  The
    first argument is data even when it is a rule ({e…} -> {v…})."""
    positional = [args[0]] + [a for a in args[1:] if not _is_rule(a)]
    metric = Symbol("EuclideanDistance")
    for a in args[1:]:
        if _is_rule(a):
            if getattr(a.args[0], "name", None) != "DistanceFunction":
                return None
            metric = a.args[1]
    return positional, metric


@builtin("Nearest", argc=(1, None), messages=_MESSAGES,
         usage="Nearest[data, x] gives the elements of data nearest to x; Nearest[data, x, n] "
               "the n nearest; data may be a list of numbers or vectors, rules e -> v or an "
               "association (giving the v's); Nearest[data] is a NearestFunction.",
         examples=(("Nearest[{1, 5, 9, 12}, 7]", "{5, 9}"),
                   ("Nearest[{{0, 0}, {1, 1}, {5, 5}}, {0.9, 0.8}, 2]", "{{1, 1}, {0, 0}}"),
                   ('Nearest[{1 -> "a", 10 -> "b"}, 3]', '{"a"}')))
def nearest(ev, *args):
    parsed = _options(args)
    if parsed is None:
        ev.message(S.Nearest, "optx", next(a.args[0] for a in args[1:] if _is_rule(a)),
                   Expr(S.Nearest, *args))
        return None
    positional, metric = parsed
    if len(positional) == 1:
        if _split(positional[0]) is None:
            ev.message(S.Nearest, "nearuf", positional[0])
            return None
        return Expr(NEAREST_FUNCTION, positional[0], metric)
    if len(positional) not in (2, 3):
        return None
    return _nearest(ev, positional[0], positional[1],
                    positional[2] if len(positional) == 3 else None, metric)


@builtin_subvalue("NearestFunction")
def _apply_nearest_function(ev, f, *args):
    if len(f.args) != 2 or not 1 <= len(args) <= 2:
        return None
    return _nearest(ev, f.args[0], args[0], args[1] if len(args) == 2 else None, f.args[1])


def _has_machine_reals(e) -> bool:
    from wlnet.core.packed import packed_array
    arr = packed_array(e)
    if arr is not None:
        return arr.dtype.kind == "f"
    return any(type(x) is Real or (type(x) is Expr and _has_machine_reals(x)) for x in e.args)


def _points(e):
    """A list of numbers or of vectors of one length as a 2-d float array, or None."""
    if not (type(e) is Expr and e.head is LIST and e.args):
        return None
    rows = [_point(x) for x in e.args]
    if any(r is None for r in rows) or len({len(r) for r in rows}) != 1:
        return None
    return np.stack(rows)


@builtin("DistanceMatrix", argc=(1, None), messages=_MESSAGES,
         options={"DistanceFunction": Symbol("EuclideanDistance")},
         usage="DistanceMatrix[{u1, u2, …}] is the matrix of the distances between every two "
               "ui; DistanceMatrix[us, vs] those between each ui and each vj "
               "(DistanceFunction -> f as in Nearest).",
         examples=(("DistanceMatrix[{{0, 0}, {3, 4}}]", "{{0, 5}, {5, 0}}"),
                   ("DistanceMatrix[{1, 2}, {4}, DistanceFunction -> ManhattanDistance]",
                    "{{3}, {2}}")))
def distance_matrix(ev, u, *rest):
    from wlnet.core.packed import pack
    others = [a for a in rest if not (type(a) is Expr and a.head in (S.Rule, S.RuleDelayed))]
    options = [a for a in rest if a not in others]
    if len(others) > 1:
        return None
    metric = Symbol("EuclideanDistance")
    for opt in options:
        if opt.args[0] is S.DistanceFunction:
            metric = opt.args[1]
        else:
            ev.message(S.DistanceMatrix, "optx", opt, Expr(S.DistanceMatrix, u, *rest))
            return None
    v = others[0] if others else u
    a, b = _points(u), _points(v)
    if a is None or b is None or a.shape[1] != b.shape[1]:
        ev.message(S.DistanceMatrix, "nearuf", u if a is None else v)
        return None
    fast = _METRICS.get(metric.name) if type(metric) is Symbol else None
    if fast is not None and (_has_machine_reals(u) or _has_machine_reals(v)):
        # machine reals give machine reals, by numpy; exact data stay exact (below)
        return pack(np.stack([fast(b, row) for row in a]))
    return ev.evaluate(Expr.from_args(LIST, (
        Expr.from_args(LIST, (Expr(metric, x, y) for y in v.args)) for x in u.args)))
