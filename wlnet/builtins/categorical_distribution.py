"""CategoricalDistribution: a distribution over a finite list of unordered classes (strings,
symbols, any expressions), uniform or with weights that are normalized to probabilities.
``PDF`` gives a class's probability (0 off the classes), ``RandomVariate`` draws classes;
it is not numeric, so ``Mean``, ``CDF`` and the other statistics of order or
arithmetic stay unevaluated, with a message that says why.

The forms read here: ``CategoricalDistribution[{c1, c2, …}]``,
``CategoricalDistribution[{c1, …}, {w1, …}]``, ``CategoricalDistribution[{c1 -> w1, …}]``
(a ci may be a list of classes, one per variable), and the multivariate
``CategoricalDistribution[{{a1, …}, {b1, …}, …}]`` (uniform on the product domain) and
``CategoricalDistribution[domain, weights]`` with an array of weights of the domain's
dimensions; a variate of a multivariate one is the list {ai, bj, …}.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.random import _with_shape
from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_upvalue

_NAME = "CategoricalDistribution"
_MESSAGES = {
    "weights": "The weights `1` are not nonnegative numbers with a positive sum, one for "
               "each of the `2` elements of the domain.",
    "iprop": "`1` is not a property of a CategoricalDistribution.",
    "unord": "The classes of `1` are unordered categories: `2` is not defined for them.",
}


def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def _is_rule(e) -> bool:
    return type(e) is Expr and e.head in (S.Rule, S.RuleDelayed) and len(e.args) == 2


def classes_and_weights(dist):
    """(classes, weights) of a univariate categorical distribution, as expressions (the
    weights not yet normalized); None for any other form."""
    if type(dist) is not Expr or dist.head != Symbol(_NAME) or not dist.args:
        return None
    first = dist.args[0]
    if not _is_list(first) or not first.args:
        return None
    multivariate = all(_is_list(c) and c.args for c in first.args)
    if len(dist.args) == 1:
        if all(_is_rule(r) for r in first.args):
            return [r.args[0] for r in first.args], [r.args[1] for r in first.args]
        if multivariate:                 # a domain {{a1, …}, {b1, …}, …}: uniform on it
            elements = _domain_elements(first)
            return elements, [Integer(1)] * len(elements)
        if any(_is_list(c) for c in first.args):
            return None
        return list(first.args), [Integer(1)] * len(first.args)
    if len(dist.args) != 2 or not _is_list(dist.args[1]):
        return None
    if multivariate:                     # weights: an array with the domain's dimensions
        sizes = [len(c.args) for c in first.args]
        weights = _array_entries(dist.args[1], sizes)
        return (_domain_elements(first), weights) if weights is not None else None
    if len(dist.args[1].args) == len(first.args):
        return list(first.args), list(dist.args[1].args)
    return None


def _domain_elements(domain):
    """The elements {a_i, b_j, …} of a product domain, the last variable varying fastest
    (the order of the weights array's entries)."""
    elements = [()]
    for classes in domain.args:
        elements = [e + (c,) for e in elements for c in classes.args]
    return [Expr(S.List, *e) for e in elements]


def _array_entries(array, sizes):
    """The entries of a nested list of exactly the dimensions ``sizes``, flattened; None
    when its dimensions differ."""
    if not sizes:
        return None if _is_list(array) else [array]
    if not _is_list(array) or len(array.args) != sizes[0]:
        return None
    entries = []
    for part in array.args:
        inner = _array_entries(part, sizes[1:])
        if inner is None:
            return None
        entries.extend(inner)
    return entries


def probabilities(ev, dist):
    """{class: probability} (exact where the weights are; a class listed twice adds up), or
    None when ``dist`` is not a univariate categorical distribution."""
    parsed = classes_and_weights(dist)
    if parsed is None:
        return None
    classes, weights = parsed
    if _machine_weights(ev, weights) is False:
        return None
    total = ev.evaluate(Expr(S.Plus, *weights))
    result = {}
    for c, w in zip(classes, weights):
        p = ev.evaluate(Expr(S.Times, w, Expr(S.Power, total, Integer(-1))))
        result[c] = ev.evaluate(Expr(S.Plus, result[c], p)) if c in result else p
    return result


@builtin(_NAME, attributes=("Protected", "ReadProtected"), messages=_MESSAGES,
         usage="CategoricalDistribution[{c1, c2, …}] is the uniform distribution over the "
               "classes ci; CategoricalDistribution[{c1, …}, {w1, …}] and "
               "CategoricalDistribution[{c1 -> w1, …}] weigh class ci by wi (weights are "
               "normalized to probabilities).",
         examples=(('PDF[CategoricalDistribution[{"a", "b", "c"}, {1, 2, 3}], "b"]', "1/3"),))
def categorical_distribution(ev, *args):
    """Inert data; weights that cannot be ones (negative, none positive, not one for each
    element of the domain) are a message."""
    if len(args) != 2 or not (_is_list(args[0]) and args[0].args and _is_list(args[1])):
        return None
    parsed = classes_and_weights(Expr(Symbol(_NAME), *args))
    if parsed is None or _machine_weights(ev, parsed[1]) is False:
        multivariate = all(_is_list(c) and c.args for c in args[0].args)
        count = int(np.prod([len(c.args) for c in args[0].args])) if multivariate \
            else len(args[0].args)
        ev.message(Symbol(_NAME), "weights", args[1], Integer(count))
    return None


def _machine_weights(ev, weights):
    """The weights as a float array; None when some are symbolic; False when they are
    numbers that cannot be weights."""
    values = [ev.evaluate(Expr(S.N, w)) for w in weights]
    if not all(type(v) in (Real, Integer) for v in values):
        return None
    array = np.array([float(v.value) for v in values])
    if (array < 0).any() or not array.sum() > 0:
        return False
    return array


@builtin_upvalue("PDF", _NAME)
def categorical_pdf(ev, dist, point=None, *rest):
    """PDF[dist, c] is c's probability; PDF[dist] the pure function of it."""
    table = probabilities(ev, dist)
    if table is None or rest:
        return None
    if point is None:
        slot = Symbol("x$")
        cases = [Expr(S.List, p, Expr(S.SameQ, slot, c)) for c, p in table.items()]
        return Expr(S.Function, slot, Expr(S.Piecewise, Expr(S.List, *cases), Integer(0)))
    if _is_list(point) and point not in table:
        return Expr(S.List, *[table.get(x, Integer(0)) for x in point.args])
    return table.get(point, Integer(0))


def _unordered(outer: str):
    """Mean, Variance, … of a categorical distribution: its classes have no order and no
    arithmetic, so the call stays, with a message that says so (not the message for data
    that Mean of a list would give)."""
    def statistic(ev, dist, *rest):
        if probabilities(ev, dist) is None:
            return None
        ev.message(Symbol(_NAME), "unord", dist, Symbol(outer))
        return None          # outer's own rule stays silent: see _listutil.spoken_for
    return statistic


for _outer in ("Mean", "Variance", "StandardDeviation", "Median", "Quantile", "CDF",
               "Skewness", "Kurtosis"):
    builtin_upvalue(_outer, _NAME)(_unordered(_outer))


@builtin_upvalue("RandomVariate", _NAME)
def categorical_random_variate(ev, dist, *rest):
    """RandomVariate[dist] one class, RandomVariate[dist, n | {d1, …}] an array of them."""
    table = probabilities(ev, dist)
    if table is None or len(rest) > 1:
        return None
    weights = _machine_weights(ev, list(table.values()))
    if weights is None or weights is False:
        return None                   # RandomVariate's own definition says why
    classes = list(table)
    p = weights / weights.sum()

    def draw(count):
        return [classes[i] for i in ev.rng.choice(len(classes), size=count, p=p)]
    return _with_shape(ev, "RandomVariate", (dist, *rest), draw)


# ---------------------------------------------------------------------------- Information

_PROPERTIES = ("Categories", "Dimension", "DomainElements", "DomainSize", "Entropy",
               "NEntropy", "Probabilities", "ProbabilityArray", "TopProbabilities",
               "Properties")


def _variables(table) -> list[list] | None:
    """The classes of each variable, in order of appearance (a univariate distribution has
    one variable whose classes are the table's keys)."""
    elements = list(table)
    if not all(_is_list(e) for e in elements) or len({len(e.args) for e in elements}) != 1:
        return [elements]
    return [list(dict.fromkeys(e.args[i] for e in elements))
            for i in range(len(elements[0].args))]


def _probability_array(variables, table):
    """The probabilities as an array over the product of the variables' classes."""
    def nested(prefix, rest):
        if not rest:
            key = prefix[0] if len(variables) == 1 else Expr(S.List, *prefix)
            return table.get(key, Integer(0))
        return Expr(S.List, *[nested(prefix + [c], rest[1:]) for c in rest[0]])
    return nested([], variables)


def _property(ev, table, name: str):
    variables = _variables(table)
    if name == "Categories":
        return Expr(S.List, *variables[0]) if len(variables) == 1 else \
            Expr(S.List, *[Expr(S.List, *v) for v in variables])
    if name == "Dimension":
        return Integer(len(variables))
    if name == "DomainElements":
        return Expr(S.List, *table)
    if name == "DomainSize":
        return Integer(len(table))
    if name in ("Entropy", "NEntropy"):
        # -Σ p Log[p] over the elements of positive probability
        terms = [Expr(S.Times, Integer(-1), p, Expr(S.Log, p)) for p in table.values()
                 if p != Integer(0)]
        value = Expr(S.Plus, *terms)
        return ev.evaluate(Expr(S.N, value) if name == "NEntropy" else value)
    if name == "Probabilities":
        return Expr(S.Association, *[Expr(S.Rule, c, p) for c, p in table.items()])
    if name == "ProbabilityArray":
        return _probability_array(variables, table)
    if name == "TopProbabilities":
        weights = _machine_weights(ev, list(table.values()))
        order = range(len(table)) if weights is None or weights is False else \
            np.argsort(-weights, kind="stable")
        items = list(table.items())
        return Expr(S.List, *[Expr(S.Rule, *items[i]) for i in order])
    if name == "Properties":
        return Expr(S.List, *map(String, _PROPERTIES))
    return None


@builtin_upvalue("Information", _NAME)
def categorical_information(ev, dist, prop=None, *rest):
    """Information[dist, "prop"] (or a list of properties); Information[dist] all of them."""
    table = probabilities(ev, dist)
    if table is None or rest:
        return None
    if prop is None:
        return Expr(S.Association, *[Expr(S.Rule, String(n), _property(ev, table, n))
                                     for n in _PROPERTIES if n != "Properties"])
    names = prop.args if _is_list(prop) else (prop,)
    bad = [n for n in names if not (type(n) is String and n.value in _PROPERTIES)]
    if bad:
        ev.message(Symbol(_NAME), "iprop", bad[0])
        return Symbol("$Failed")
    answers = [_property(ev, table, n.value) for n in names]
    return Expr(S.List, *answers) if _is_list(prop) else answers[0]
