"""FeatureSpacePlot: examples (vectors, strings, images…) placed in the plane by a
dimension reduction to two dimensions, then drawn as ListPlot draws points.

``FeatureSpacePlot[{e1, e2, …}]`` one set; ``FeatureSpacePlot[<|c1 -> {…}, c2 -> {…}|>]``
a colour per class with the class names as the legend; ``{e1 -> label1, …}`` (labels and
tooltips are for an interactive front end: a static picture ignores them).  ``Method``:
Automatic (t-SNE for 10 to 1000 examples, PCA otherwise), "TSNE" or "PCA";
``RandomSeeding`` (1234 by default) makes the picture repeatable.  Framed, square, other
options as ListPlot.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins.clustering import (DEFAULT_SEED, feature_matrix, pca_project,
                                       tsne)
from wlnet.builtins.random import seeded_generator
from wlnet.core.expr import TRUE, Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.common import rule
from wlnet.graphics.plots.lists import LIST_MESSAGES, list_plot
from wlnet.graphics.values import is_list, option_name

_MESSAGES = {
    **LIST_MESSAGES,
    "data": "`1` is not a list of examples of one kind, a list of example -> label rules or "
            "an association of classes to examples.",
    "mthd": "`1` is not a method wlnet has for FeatureSpacePlot (\"TSNE\", \"PCA\").",
    "seed": "`1` is not a valid setting of RandomSeeding.",
}
_OWN = ("Method", "RandomSeeding", "FeatureExtractor", "LabelingFunction", "LabelingSize",
        "PerformanceGoal")


def _groups(data):
    """(examples of each group, group names or None)."""
    if type(data) is Expr and data.head is S.Association and data.args:
        if not all(is_list(r.args[1]) and r.args[1].args for r in data.args):
            return None
        return [list(r.args[1].args) for r in data.args], [r.args[0] for r in data.args]
    if not (is_list(data) and len(data.args) >= 2):
        return None
    items = [a.args[0] if type(a) is Expr and a.head in (S.Rule, S.RuleDelayed) else a
             for a in data.args]
    return [items], None


def _reduced(ev, head, x: np.ndarray, method, seeding):
    rng = seeded_generator(ev, seeding)
    if rng is None:
        ev.message(head, "seed", seeding)
        return None
    name = method.value if type(method) is String else \
        method.name if type(method) is Symbol else None
    if name == "Automatic":
        name = "TSNE" if 10 <= len(x) <= 1000 else "PCA"
    if name == "TSNE":
        return tsne(x, 2, rng)
    if name == "PCA":
        return pca_project(x, 2)
    ev.message(head, "mthd", method)
    return None


@builtin("FeatureSpacePlot", argc=(1, None), messages=_MESSAGES,
         usage="FeatureSpacePlot[{e1, e2, …}] places the examples in the plane by a "
               "dimension reduction (t-SNE or PCA) and plots them as points; "
               "FeatureSpacePlot[<|class1 -> {…}, …|>] a colour per class.",
         examples=(("Head[FeatureSpacePlot[{{1, 2, 3}, {2, 3, 4}, {9, 9, 9}}]]", "Graphics"),))
def feature_space_plot(ev, data, *rest):
    head = Symbol("FeatureSpacePlot")
    own = {option_name(r): r.args[1] for r in rest
           if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and option_name(r) in _OWN}
    passed = tuple(r for r in rest if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)
                                           and option_name(r) in _OWN))
    groups = _groups(data)
    x = feature_matrix(ev, [e for g in groups[0] for e in g]) if groups is not None else None
    if x is None:
        ev.message(head, "data", data)
        return None
    points = _reduced(ev, head, x, own.get("Method", Symbol("Automatic")),
                      own.get("RandomSeeding", DEFAULT_SEED))
    if points is None:
        return None
    sets, start = [], 0
    for g in groups[0]:
        sets.append(from_python(np.asarray(points[start:start + len(g)], dtype=float)))
        start += len(g)
    names = groups[1]
    if names is not None and not any(option_name(r) == "PlotLegends" for r in passed
                                     if type(r) is Expr and r.head is S.Rule):
        passed = (*passed, rule("PlotLegends", Expr.from_args(S.List, names)))
    defaults = [rule("Frame", TRUE), rule("Axes", Symbol("False")), rule("AspectRatio", Integer(1)),
                rule("PlotRangePadding", Expr(Symbol("Scaled"), Real(0.08)))]
    return list_plot(ev, head, Expr.from_args(S.List, sets), passed, False,
                     extra_defaults=defaults)
