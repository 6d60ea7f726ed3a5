"""Wrappers around plotted data or functions: ``Style[f, red]``, ``Tooltip[data, label]``,
``Labeled[f, label]``, ``Callout[data, label]`` (and ``data -> labels``),
``Legended[f, label]`` and the interactive ones (``Annotation``, ``Mouseover``,
``PopupWindow``, ``StatusArea``).

In the Wolfram Language such a wrapper may stand around a whole data set or function (it
styles, labels or legends that curve) or around one point of a data set.  The plotting
functions take the wrappers off first, keep what they ask for here, draw the plain data, and
then apply it: the styles join the curve's directive, labels are written at the curve's end
(or beside the point), legends become the curve's legend entry.  Interactive wrappers have
nothing to draw in a static picture, so only their content is kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from wlnet.core.expr import Expr, Real, S, String, Symbol
from wlnet.graphics.options import plain_text
from wlnet.graphics.values import is_list, number

# head -> how it is read: its content is the first argument in every case
_STYLE, _LABEL, _LEGEND, _CONTENT_ONLY = "style", "label", "legend", "content"
_WRAPPERS = {"Style": _STYLE, "Labeled": _LABEL, "Callout": _LABEL, "Legended": _LEGEND,
             "Tooltip": _CONTENT_ONLY, "Annotation": _CONTENT_ONLY,
             "Mouseover": _CONTENT_ONLY, "PopupWindow": _CONTENT_ONLY,
             "StatusArea": _CONTENT_ONLY}


@dataclass
class Marks:
    """What the wrappers around one curve or point ask for."""

    styles: list = field(default_factory=list)      # directives, outermost last
    label: Expr | None = None
    legend: Expr | None = None

    def __bool__(self) -> bool:
        return bool(self.styles) or self.label is not None or self.legend is not None


def _wrapper_kind(e) -> str | None:
    if type(e) is Expr and e.args and type(e.head) is Symbol:
        return _WRAPPERS.get(e.head.name)
    return None


def unwrap(e) -> tuple[object, Marks]:
    """``e`` without the wrappers around it, and what they ask for (the styles outermost
    first, so that the innermost is applied last and wins, as in nested Style; the
    outermost label and legend)."""
    marks = Marks()
    while (kind := _wrapper_kind(e)) is not None:
        args = e.args
        if kind == _STYLE:
            marks.styles.extend(_style_directives(args[1:]))
        elif kind == _LABEL and len(args) >= 2 and marks.label is None:
            marks.label = args[1]
        elif kind == _LEGEND and len(args) >= 2 and marks.legend is None:
            marks.legend = args[1]
        e = args[0]
    return e, marks


def _style_directives(specs) -> list:
    """Style's graphics directives (its options and font settings do not style a curve)."""
    return [s for s in specs if not (type(s) is Expr and s.head in (S.Rule, S.RuleDelayed))
            and type(s) is not String and number(s) is None]


def unwrap_each(e) -> tuple[object, list[Marks]]:
    """A list with each element unwrapped, and the elements' marks."""
    if not is_list(e):
        return e, []
    parts = [unwrap(a) for a in e.args]
    return Expr.from_args(S.List, (p for p, _ in parts)), [m for _, m in parts]


def styled(style: Expr, marks: Marks | None) -> Expr:
    """A curve's ``Directive[…]`` with the wrappers' styles after its own."""
    if not marks or not marks.styles:
        return style
    return Expr(Symbol("Directive"), *style.args, *marks.styles)


def label_text(label, xs: np.ndarray, ys: np.ndarray) -> Expr | None:
    """``Text[label, {x, y}, {-1, 0}]`` beside the last finite point of a curve (where WL
    writes a Labeled curve's label); None when the curve has no such point."""
    good = np.flatnonzero(np.isfinite(xs) & np.isfinite(ys))
    if label is None or good.size == 0:
        return None
    i = good[-1]
    return Expr(Symbol("Text"), label, Expr(S.List, Real(float(xs[i])), Real(float(ys[i]))),
                Expr(S.List, Real(-1.2), Real(0.0)))


def legend_entries(styles: list, labels: list | None, marks: list) -> tuple | None:
    """(styles, labels) of a plot's legend: PlotLegends' labels, each Legended curve's own
    label in its place; without PlotLegends only the Legended curves are listed.  None
    when there is no label at all."""
    own = {i: plain_text(m.legend) for i, m in enumerate(marks[:len(styles)])
           if m.legend is not None}
    if not own:
        return (styles, labels) if labels else None
    if labels:
        chosen = list(range(len(styles)))
        texts = [own.get(i, labels[i] if i < len(labels) else "") for i in chosen]
    else:
        chosen = sorted(own)
        texts = [own[i] for i in chosen]
    return [styles[i] for i in chosen], texts


@dataclass
class MarkedData:
    """Plot data without its wrappers: ``plain`` as the plot reads it, the marks of each
    data set, and of each point of each set (empty Marks where there is none)."""

    plain: object
    set_marks: list
    point_marks: list


def marked_data(data, is_single_set) -> MarkedData:
    """Take the wrappers off ListPlot-like data: around the whole (they mark every set),
    around each set of a list of sets, around each point.  ``is_single_set(plain)`` tells
    whether unwrapped data is one data set (its elements are then points)."""
    data, whole = unwrap(_labels_of_rules(data))
    elements, element_marks = unwrap_each(data)
    if not is_list(data) or is_single_set(elements):
        return MarkedData(elements, [whole], [element_marks])
    sets, set_marks, point_marks = [], [], []
    for element, marks in zip(elements.args, element_marks):
        points, marks_of_points = unwrap_each(element)
        sets.append(points)
        set_marks.append(Marks([*whole.styles, *marks.styles],
                               whole.label if marks.label is None else marks.label,
                               whole.legend if marks.legend is None else marks.legend))
        point_marks.append(marks_of_points)
    return MarkedData(Expr.from_args(S.List, sets), set_marks, point_marks)


def _labels_of_rules(data):
    """Labels given by rules, as Callouts: ``data -> {label1, …}`` labels the elements
    of data (the points of one set, or the sets), ``data -> label`` the whole, and an
    element ``point -> label`` that point."""
    if type(data) is Expr and data.head is S.Rule and len(data.args) == 2:
        data, labels = data.args
        if not (is_list(data) and is_list(labels) and len(labels.args) == len(data.args)):
            return Expr(Symbol("Callout"), data, labels)
        return Expr.from_args(S.List, (Expr(Symbol("Callout"), d, label)
                                       for d, label in zip(data.args, labels.args)))
    if is_list(data) and any(type(a) is Expr and a.head is S.Rule for a in data.args):
        return Expr.from_args(S.List, (_labels_of_rules(a) for a in data.args))
    return data


def point_overlays(style: Expr, marks: list, xs, ys, size: Expr) -> list:
    """A styled point drawn again over its set in the wrapper's style, and a label beside
    each labelled point."""
    out = []
    for i, m in enumerate(marks[:len(xs)]):
        if not m or not (np.isfinite(xs[i]) and np.isfinite(ys[i])):
            continue
        at = Expr(S.List, Real(float(xs[i])), Real(float(ys[i])))
        if m.styles:
            out.append(Expr(S.List, size, styled(style, m), Expr(S.Point, at)))
        if m.label is not None:
            # above and to the right of the point, clear of its dot
            out.append(Expr(S.List, style, Expr(Symbol("Text"), m.label, at,
                                                Expr(S.List, Real(-1.3), Real(-1.3)))))
    return out


def rewrapped(e, change):
    """``change`` applied to what the wrappers around ``e`` hold, the wrappers kept
    (ListPolarPlot turns each wrapped data set into points and keeps its Style)."""
    if _wrapper_kind(e) is not None:
        return Expr(e.head, rewrapped(e.args[0], change), *e.args[1:])
    return change(e)
