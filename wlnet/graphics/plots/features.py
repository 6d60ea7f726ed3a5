"""FeatureSpacePlot: examples (vectors, strings, images…) placed in the plane by a
dimension reduction to two dimensions, then drawn as ListPlot draws points.

``FeatureSpacePlot[{e1, e2, …}]``; markers given as ``{e1 -> m1, …}``, ``{e1, …} -> {m1,
…}`` or ``<|m1 -> e1, …|>`` and wrappers such as ``Tooltip[e, label]`` are for an
interactive front end: a static picture draws a point for each example (images are
drawn as thumbnails of themselves).  ``Method``:
Automatic (t-SNE for 10 to 1000 examples, PCA otherwise), or any of DimensionReduce's
("TSNE", "PCA", "LatentSemanticAnalysis", "MultidimensionalScaling", "Isomap", "LLE",
"Autoencoder"…);
``RandomSeeding`` (1234 by default) makes the picture repeatable.  Framed, square, other
options as ListPlot.
"""

from __future__ import annotations

import numpy as np

from wlnet.builtins._blas_threads import on_one_blas_thread
from wlnet.builtins._reduction_methods import NONLINEAR, Autoencoder
from wlnet.builtins.clustering import (DEFAULT_SEED, LINEAR_REDUCTIONS, REDUCTION_METHODS,
                                       feature_matrix, pca, pca_project, tsne)
from wlnet.builtins.random import seeded_generator
from wlnet.core.expr import TRUE, Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.common import rule
from wlnet.graphics.plots.lists import LIST_MESSAGES, list_plot
from wlnet.graphics.values import is_list, option_name

_MESSAGES = {
    **LIST_MESSAGES,
    "data": "`1` is not a list of at least two examples of one kind (or of example -> "
            "marker rules).",
    "mthd": "`1` is not a dimension reduction method wlnet has for FeatureSpacePlot "
            "(Automatic, " + ", ".join(f'"{m}"' for m in REDUCTION_METHODS) + ").",
    "seed": "`1` is not a valid setting of RandomSeeding.",
}
_OWN = ("Method", "RandomSeeding", "FeatureExtractor", "LabelingFunction", "LabelingSize",
        "PerformanceGoal", "FeatureNames", "FeatureTypes")


_WRAPPERS = ("Tooltip", "Labeled", "Callout", "Annotation", "Style", "Legended",
             "Hyperlink", "Button", "PopupWindow", "StatusArea", "EventHandler", "Placed")


def _unwrapped(e):
    """An example without the wrappers that only label it (Tooltip[e, label], …)."""
    while type(e) is Expr and type(e.head) is Symbol and e.head.name in _WRAPPERS and e.args:
        e = e.args[0]
    return e


def examples_of(data) -> list | None:
    """The examples of FeatureSpacePlot's data forms: {e1, …}; {e1 -> m1, …};
    {e1, …} -> {m1, …}; <|m1 -> e1, …|> (the markers mi are for an interactive picture and
    are not drawn); wrappers around the examples or the whole list are taken off."""
    data = _unwrapped(data)
    if type(data) is Expr and data.head in (S.Rule, S.RuleDelayed):
        data = _unwrapped(data.args[0])
        items = list(data.args) if is_list(data) else None
    elif type(data) is Expr and data.head is S.Association:
        items = [r.args[1] for r in data.args]
    else:
        items = list(data.args) if is_list(data) else None
    if items is None or len(items) < 2:
        return None
    return [_unwrapped(e.args[0] if type(e) is Expr and e.head in (S.Rule, S.RuleDelayed)
                       else e) for e in items]


@on_one_blas_thread                       # many small matrix operations: see _blas_threads
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
    if name in LINEAR_REDUCTIONS:
        if name == "LatentSemanticAnalysis":            # principal directions, uncentred
            _, components = pca(x, 2, centred=False)
            return _two_columns(x @ components.T)
        return pca_project(x, 2)
    if name in NONLINEAR:
        return NONLINEAR[name](x, 2)
    if name == "Autoencoder":
        return Autoencoder(x, 2, rng).encode(x)
    ev.message(head, "mthd", method)
    return None


def _two_columns(y: np.ndarray) -> np.ndarray:
    """Two coordinates (a zero column when the data has only one direction)."""
    return y if y.shape[1] >= 2 else np.hstack([y, np.zeros((len(y), 2 - y.shape[1]))])


@builtin("FeatureSpacePlot", argc=(1, None), messages=_MESSAGES,
         usage="FeatureSpacePlot[{e1, e2, …}] places the examples in the plane by a "
               "dimension reduction (t-SNE or PCA) and plots them as points (markers and "
               "labels, {e1 -> m1, …}, are not drawn).",
         examples=(("Head[FeatureSpacePlot[{{1, 2, 3}, {2, 3, 4}, {9, 9, 9}}]]", "Graphics"),))
def feature_space_plot(ev, data, *rest):
    head = Symbol("FeatureSpacePlot")
    own = {option_name(r): r.args[1] for r in rest
           if type(r) is Expr and r.head in (S.Rule, S.RuleDelayed) and option_name(r) in _OWN}
    passed = tuple(r for r in rest if not (type(r) is Expr and r.head in (S.Rule, S.RuleDelayed)
                                           and option_name(r) in _OWN))
    examples = examples_of(data)
    x = feature_matrix(ev, examples) if examples is not None else None
    if x is None:
        ev.message(head, "data", data)
        return None
    points = _reduced(ev, head, x, own.get("Method", Symbol("Automatic")),
                      own.get("RandomSeeding", DEFAULT_SEED))
    if points is None:
        return None
    defaults = [rule("Frame", TRUE), rule("Axes", Symbol("False")),
                rule("AspectRatio", Integer(1)), rule("PlotRangePadding", Expr(Symbol("Scaled"), Real(0.08)))]
    g = list_plot(ev, head, from_python(np.asarray(points, dtype=float)), passed, False,
                  extra_defaults=defaults)
    return _with_thumbnails(g, examples, np.asarray(points, dtype=float))


def _with_thumbnails(g, examples, points: np.ndarray):
    """Images are shown as themselves: a thumbnail of each, a fifteenth of the plot's
    width, centred on its point (instead of the point)."""
    if g is None or g.head is not S.Graphics or \
            not all(type(e).__name__ == "Image" for e in examples):
        return g
    span = float(np.ptp(points[:, 0])) or float(np.ptp(points[:, 1])) or 1.0
    insets = [Expr(Symbol("Inset"), image, from_python([float(x), float(y)]),
                   Symbol("Center"), Real(span / 15))
              for image, (x, y) in zip(examples, points)]
    return Expr(S.Graphics, Expr.from_args(S.List, insets), *g.args[1:])
