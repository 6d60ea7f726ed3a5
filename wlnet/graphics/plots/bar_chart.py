"""BarChart: a bar per value, groups of bars for a list of lists.

Data: ``{y1, y2, …}``; ``{{y11, y12, …}, {y21, …}, …}`` (groups, of any lengths); an
Association (its keys label the bars).  A value may be wrapped: ``Style[y, colour]`` colours
its bar, ``Labeled[y, label]`` writes the label above it, ``Tooltip[y, …]`` is drawn as y.

Options, as the Wolfram Language's: ``ChartLayout`` ("Grouped", "Stacked", "Percentile",
"Overlapped"), ``BarOrigin`` (Bottom, Left: horizontal bars, Top, Right), ``ChartLabels``
(a label per group, ``{group labels, labels within a group}``, ``Placed[labels, Above]``),
``ChartLegends`` (a legend entry per series, or per bar of a flat list, which then gets a
colour each), ``ChartStyle`` (a colour, or a list cycled by series), ``LabelingFunction``
(Above, Top, Center, After: each bar's value written there).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from wlnet.core.expr import FALSE, TRUE, Expr, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.options import plain_text
from wlnet.graphics.plots.charts import (CHART_MESSAGES, HISTOGRAM_FACE, chart_colour,
                                         chart_edge, chart_legend, gradient_style)
from wlnet.graphics.plots.common import GOLDEN, graphics_result, read_call, rule
from wlnet.graphics.plots.wrappers import unwrap
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS
from wlnet.graphics.values import is_list, listed, number

MESSAGES = {**CHART_MESSAGES,
            "layout": "`1` is not a chart layout: \"Grouped\", \"Stacked\", \"Percentile\" or "
                      "\"Overlapped\".",
            "origin": "`1` is not a bar origin: Bottom, Left, Top or Right."}
LAYOUTS = ("Grouped", "Stacked", "Percentile", "Overlapped")
_ORIGINS = ("Bottom", "Left", "Top", "Right")
_BAR = 0.8                      # a bar's width; groups and bars are spaced as WL spaces them
_GROUP_GAP = 0.3


@dataclass
class _Bar:
    value: float
    group: int
    series: int
    style: list                 # directives of Style[y, …]
    label: object = None        # Labeled[y, label]


def read_bar_data(data) -> tuple[list, list | None] | None:
    """(groups of bars, the Association's keys or None); None when the data is not bars."""
    keys = None
    data = listed(data)
    if type(data) is Expr and data.head is S.Association:
        keys = [r.args[0] for r in data.args]
        data = Expr.from_args(S.List, (r.args[1] for r in data.args))
    if not is_list(data) or not data.args:
        return None
    nested = any(is_list(unwrap(a)[0]) for a in data.args)
    rows = [unwrap(a)[0] for a in data.args] if nested else [data]
    groups = []
    unit = _first_unit(rows)
    for g, row in enumerate(rows):
        if not is_list(row):
            return None
        bars = []
        for k, item in enumerate(row.args):
            value, marks = unwrap(item)
            y = number(value) if unit is None else _magnitude(value, unit)
            if y is None and not (type(value) is Symbol and value.name in ("None", "Missing")
                                  or type(value) is Expr and value.head is Symbol("Missing")):
                return None
            bars.append(_Bar(np.nan if y is None else y, g if nested else k,
                             k if nested else 0, marks.styles, marks.label))
        groups.append(bars)
    if not nested:                               # a flat list: each value its own group
        groups = [[b] for b in groups[0]]
    return groups, keys


def _is_quantity(e) -> bool:
    return type(e) is Expr and e.head is Symbol("Quantity") and len(e.args) == 2


def _first_unit(rows):
    """The unit of the first Quantity among the values (all are drawn in it), or None."""
    for row in rows:
        for item in (row.args if is_list(row) else ()):
            value = unwrap(item)[0]
            if _is_quantity(value):
                return value.args[1]
    return None


def _magnitude(value, unit) -> float | None:
    """A value's magnitude in ``unit``: a Quantity converted to it, a plain number as it
    is; None when it cannot be (another kind of unit)."""
    from wlnet.builtins.quantities import magnitude_in
    if not _is_quantity(value):
        return number(value)
    if value.args[1] == unit:
        return number(value.args[0])
    return magnitude_in(value, unit.value) if type(unit) is String else None


def bar_spans(groups: list, layout: str) -> list:
    """(bar, position along the axis of groups, start, end) of every bar: start..end along
    the value axis; a group's bars side by side, stacked, or on top of each other."""
    out, x = [], 0.0
    for bars in groups:
        n = len(bars) if layout == "Grouped" else 1
        start = x + 0.1
        total = sum(abs(b.value) for b in bars if np.isfinite(b.value)) or 1.0
        up = down = 0.0
        for k, b in enumerate(bars):
            if not np.isfinite(b.value):
                continue
            left = start + (k if layout == "Grouped" else 0) * _BAR
            value = b.value / total if layout == "Percentile" else b.value
            if layout in ("Stacked", "Percentile"):
                base = up if value >= 0 else down
                lo, hi = sorted((base, base + value))
                up, down = (hi, down) if value >= 0 else (up, lo)
            else:
                lo, hi = min(0.0, value), max(0.0, value)
            out.append((b, left, left + _BAR, lo, hi))
        x = start + n * _BAR + 0.1 + (_GROUP_GAP if n > 1 else 0.0)
    return out, x


def _placed(a0, a1, v0, v1, origin: str):
    """A bar's rectangle from its span along the group axis (a) and the value axis (v)."""
    if origin == "Left":
        return (v0, a0), (v1, a1)
    if origin == "Right":
        return (-v1, a0), (-v0, a1)
    if origin == "Top":
        return (a0, -v1), (a1, -v0)
    return (a0, v0), (a1, v1)


def _rectangle(corners) -> Expr:
    (x0, y0), (x1, y1) = corners
    return Expr(S.Rectangle, from_python([float(x0), float(y0)]),
                from_python([float(x1), float(y1)]))


def option_string(call, name: str, default: str, allowed) -> str | None:
    spec = call.get(name)
    if spec is None:
        return default
    text = spec.value if type(spec) is String else spec.name if type(spec) is Symbol else None
    return text if text in allowed else None


def label_lists(call, keys, ev=None) -> tuple[list | None, list | None, str | None]:
    """(labels of the groups, labels within a group, where: None = as ticks (Placed
    Below or Axis too), or "Above"…); Placed[labels, pos, f] writes f[label] (with ``ev``;
    Rotate[#, angle] &: turned tick labels)."""
    spec = call.get("ChartLabels")
    where = None
    if type(spec) is Expr and spec.head is Symbol("Placed") and len(spec.args) >= 2:
        where = spec.args[1].name if type(spec.args[1]) is Symbol else None
        where = None if where in ("Axis", "Below") else where
        if len(spec.args) >= 3 and ev is not None:
            groups, within, where = label_lists(
                type(call)((), {"ChartLabels": Expr(spec.head, *spec.args[:2])}), keys)
            apply = lambda labels: labels and [     # noqa: E731
                ev.evaluate(Expr(S.N, Expr(spec.args[2], String(t)))) for t in labels]
            return apply(groups), apply(within), where
        spec = spec.args[0]
    if spec is None or type(spec) is Symbol and spec.name in ("Automatic", "None"):
        return ([plain_text(k) for k in keys] if keys and spec is None or
                keys and spec is S.Automatic else None), None, where
    if not is_list(spec):
        return None, None, where
    if len(spec.args) == 2 and all(is_list(a) or a is Symbol("None") for a in spec.args) \
            and any(is_list(a) for a in spec.args):
        groups, within = spec.args
        return ([plain_text(a) for a in groups.args] if is_list(groups) else None,
                [plain_text(a) for a in within.args] if is_list(within) else None, where)
    return [plain_text(a) for a in spec.args], None, where


def _value_text(y: float) -> str:
    return plain_text(from_python(int(y) if float(y).is_integer() else y))


def _text_at(text, corners, where: str, origin: str, negative: bool = False) -> Expr:
    """A label at a bar: Above (beyond its end; After too), Top (inside, at the end),
    Center, Bottom (outside, at its base).  A Text's offset names the side of the text put
    at the point, so a label beyond the end has the offset pointing back at the bar."""
    (x0, y0), (x1, y1) = corners
    if negative:        # mirrored: its end is where a positive bar's base is
        origin = {"Bottom": "Top", "Top": "Bottom", "Left": "Right", "Right": "Left"}[origin]
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    base, end, outward = {"Bottom": ((cx, y0), (cx, y1), (0.0, 1.0)),
                          "Top": ((cx, y1), (cx, y0), (0.0, -1.0)),
                          "Left": ((x0, cy), (x1, cy), (1.0, 0.0)),
                          "Right": ((x1, cy), (x0, cy), (-1.0, 0.0))}[origin]
    backward = (-outward[0], -outward[1])
    pos, offset = {"Above": (end, backward), "After": (end, backward), "Top": (end, outward),
                   "Bottom": (base, outward)}.get(where, ((cx, cy), (0.0, 0.0)))
    return Expr(S.Text, String(text) if isinstance(text, str) else text,
                from_python([float(pos[0]), float(pos[1])]), from_python(list(offset)))


def read_bar_call(ev, head, data, rest, layouts):
    """(the call, the groups of bars, their keys, the ChartLayout among ``layouts``) of a
    bar chart's call, or None after a message."""
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    read = read_bar_data(data)
    if read is None:
        ev.message(head, "ldata", data)
        return None
    layout = option_string(call, "ChartLayout", "Grouped", layouts)
    if layout is None:
        ev.message(head, "layout", call.get("ChartLayout"))
        return None
    return call, *read, layout


@builtin("BarChart", argc=(1, None), messages=MESSAGES,
         usage="BarChart[{y1, y2, …}] draws a bar of height yi for each value; a list of "
               "lists draws groups of bars side by side (ChartLayout -> \"Stacked\" stacks "
               "them, \"Percentile\" to the same height, \"Overlapped\" one over another); "
               "BarOrigin -> Left draws them across.",
         examples=(("Head[BarChart[{1, 3, 2}]]", "Graphics"),))
def bar_chart(ev, data, *rest):
    head = Symbol("BarChart")
    read = read_bar_call(ev, head, data, rest, LAYOUTS)
    if read is None:
        return None
    call, groups, keys, layout = read
    origin = option_string(call, "BarOrigin", "Bottom", _ORIGINS)
    if origin is None:
        ev.message(head, "origin", call.get("BarOrigin"))
        return None
    legends = call.get("ChartLegends")
    has_legend = legends is not None and not (type(legends) is Symbol and legends.name in
                                              ("None", "Automatic"))
    flat = all(len(g) == 1 for g in groups) and all(g[0].series == 0 for g in groups)
    style_list = is_list(call.get("ChartStyle")) or gradient_style(call) is not None
    per_bar = flat and (has_legend or style_list)
    spans, extent = bar_spans(groups, layout)
    series_count = max((b.series for g in groups for b in g), default=0) + 1
    colours = {}
    shapes, texts = [], []
    group_labels, within_labels, where = label_lists(call, keys, ev)
    labelling = call.get("LabelingFunction")
    value_where = labelling.name if type(labelling) is Symbol and labelling.name in (
        "Above", "Top", "Center", "After", "Bottom") else None
    for bar, a0, a1, v0, v1 in spans:
        index = bar.group if per_bar else bar.series     # a colour a bar, or a series
        if index not in colours:
            several = per_bar or series_count > 1
            colours[index] = chart_colour(call, index, DEFAULT_PLOT_COLOURS[index % 8]
                                          if several else HISTOGRAM_FACE,
                                          len(groups) if per_bar else series_count)
        corners = _placed(a0, a1, v0, v1, origin)
        shapes.append(Expr(S.List, colours[index], *chart_edge(call, colours[index]), *bar.style,
                           _rectangle(corners)))
        negative = bar.value < 0
        if bar.label is not None:          # as WL writes a Labeled bar's label: below it
            texts.append(_text_at(bar.label, corners, "Bottom", origin, negative))
        if value_where is not None:
            texts.append(_text_at(_value_text(bar.value), corners, value_where, origin,
                                  negative))
        if within_labels and bar.series < len(within_labels) and not flat:
            inside = "Bottom" if layout == "Grouped" else "Center"     # stacked: on it
            texts.append(_text_at(within_labels[bar.series], corners, inside, origin,
                                  negative))
        if where is not None and group_labels and bar.group < len(group_labels):
            texts.append(_text_at(group_labels[bar.group], corners, where, origin, negative))
    defaults = _axes_defaults(spans, extent, origin,
                              None if where is not None else group_labels)
    count = len(groups) if per_bar else series_count
    legend = chart_legend(call, [colours.get(i, chart_colour(call, i, DEFAULT_PLOT_COLOURS[i % 8]))
                                 for i in range(count)]) if has_legend else None
    return graphics_result(call, shapes + texts, defaults, legend)


def _axes_defaults(spans, extent: float, origin: str, tick_labels) -> list:
    """Axes, plot range and the group labels as ticks under (or beside) each group."""
    horizontal = origin in ("Left", "Right")
    along = from_python([0.0, float(extent)])
    ranges = [S.All, along] if horizontal else [along, S.All]
    axes = [TRUE, FALSE] if horizontal else [FALSE, TRUE]
    defaults = [rule("AspectRatio", Real(GOLDEN)), rule("PlotRange", Expr(S.List, *ranges))]
    if tick_labels:
        centres = {}
        for bar, a0, a1, _, _ in spans:
            lo, hi = centres.get(bar.group, (a0, a1))
            centres[bar.group] = (min(lo, a0), max(hi, a1))
        ticks = Expr.from_args(S.List, (from_python([(lo + hi) / 2, tick_labels[g]])
                                        for g, (lo, hi) in sorted(centres.items())
                                        if g < len(tick_labels)))
        tick_spec = [S.Automatic, ticks] if horizontal else [ticks, S.Automatic]
        defaults.insert(0, rule("Ticks", Expr(S.List, *tick_spec)))
        axes = [TRUE, TRUE]
    defaults.insert(1, rule("Axes", Expr(S.List, *axes)))
    return defaults

