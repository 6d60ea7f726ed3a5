"""DateHistogram and TimelinePlot: dates counted in calendar bins, and events on a timeline.

DateHistogram[{date1, date2, …}, bspec, hspec] counts the dates (DateObject, {y, m, d, …},
date strings, absolute times) in bins of a calendar unit: "Year", "Quarter", "Month",
"Week" (from Monday), "Day", "Hour", "Minute", "Second", {n, unit}; Automatic picks the
unit that gives about ten to thirty bins.  A number of bins, {dx} seconds and the other
bin specifications of Histogram apply to the absolute times.  Heights are Histogram's
("Count", "Probability", "PDF", …); several data sets share the bins.

TimelinePlot[{date1, date2, …}] marks each date on a time axis;
``<|label -> date, …|>`` or ``Labeled[date, label]`` label them, ``Interval[{d1, d2}]``
draws a bar over the span; several sets each get their own row, the first on top.
"""

from __future__ import annotations

import datetime as _dt
import math

import numpy as np

from wlnet.builtins.dates import _absolute
from wlnet.core.expr import FALSE, TRUE, Expr, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.options import plain_text
from wlnet.graphics.plots.bins import bin_counts, histogram_edges, histogram_heights
from wlnet.graphics.plots.charts import (CHART_MESSAGES, HISTOGRAM_FACE, chart_colour,
                                         chart_edge, chart_legend, read_bins)
from wlnet.graphics.plots.common import GOLDEN, dataset_style, graphics_result, read_call, rule
from wlnet.graphics.plots.dated import date_seconds, date_ticks, is_date
from wlnet.graphics.style import DEFAULT_PLOT_COLOURS
from wlnet.graphics.values import is_list, number

_EPOCH = _dt.datetime(1900, 1, 1)
_UNITS = ("Year", "Quarter", "Month", "Week", "Day", "Hour", "Minute", "Second")
_FIXED = {"Week": 7 * 86400.0, "Day": 86400.0, "Hour": 3600.0, "Minute": 60.0, "Second": 1.0}
_MESSAGES = {**CHART_MESSAGES,
             "hspec": "`1` is not a valid height specification: \"Count\", \"Probability\", "
                      "\"PDF\", \"CDF\", \"Intensity\" or another of Histogram's.",
             "ldate": "`1` is not a list of dates or a list of such lists."}


# ---------------------------------------------------------------------------- calendar bins

def _moment(seconds: float) -> _dt.datetime:
    return _EPOCH + _dt.timedelta(seconds=float(seconds))


def _floor(moment: _dt.datetime, unit: str, n: int) -> _dt.datetime:
    """The start of the calendar bin of ``n`` units holding ``moment``."""
    if unit in ("Year", "Quarter", "Month"):
        months = {"Year": 12, "Quarter": 3, "Month": 1}[unit] * n
        index = moment.year * 12 + moment.month - 1
        index -= index % months
        return _dt.datetime(index // 12, index % 12 + 1, 1)
    day = _dt.datetime(moment.year, moment.month, moment.day)
    if unit == "Week":
        return day - _dt.timedelta(days=day.weekday())
    step = _FIXED[unit] * n
    since = (moment - day).total_seconds() if unit != "Day" else 0.0
    return day + _dt.timedelta(seconds=math.floor(since / step) * step)


def _advance(moment: _dt.datetime, unit: str, n: int) -> _dt.datetime:
    if unit in ("Year", "Quarter", "Month"):
        months = {"Year": 12, "Quarter": 3, "Month": 1}[unit] * n
        index = moment.year * 12 + moment.month - 1 + months
        return moment.replace(year=index // 12, month=index % 12 + 1, day=1)
    return moment + _dt.timedelta(seconds=_FIXED[unit] * n)


def calendar_edges(seconds: np.ndarray, unit: str, n: int = 1) -> np.ndarray:
    """Edges of bins of ``n`` calendar units covering the times, the last holding the
    latest one."""
    edge, last = _floor(_moment(seconds.min()), unit, n), _moment(seconds.max())
    edges = [edge]
    while edge <= last:
        edge = _advance(edge, unit, n)
        edges.append(edge)
    return np.array([_absolute(e) for e in edges])


def _automatic_unit(seconds: np.ndarray) -> str:
    span = float(seconds.max() - seconds.min())
    for unit, size in (("Year", 365.25 * 86400), ("Month", 30.44 * 86400),
                       ("Week", 7 * 86400.0), ("Day", 86400.0), ("Hour", 3600.0),
                       ("Minute", 60.0)):
        if span / size >= 8:
            return unit
    return "Second"


def _calendar_spec(spec) -> tuple[str, int] | None:
    """(unit, n) of "Month" or {n, "Month"}; None for other bin specifications."""
    if type(spec) is String and spec.value in _UNITS:
        return spec.value, 1
    if is_list(spec) and len(spec.args) == 2 and type(spec.args[1]) is String \
            and spec.args[1].value in _UNITS:
        n = number(spec.args[0])
        if n is not None and n >= 1 and n == int(n):
            return spec.args[1].value, int(n)
    return None


def date_edges(seconds: np.ndarray, spec) -> np.ndarray | None:
    if spec is None or spec is S.Automatic:
        return calendar_edges(seconds, _automatic_unit(seconds))
    calendar = _calendar_spec(spec)
    if calendar is not None:
        return calendar_edges(seconds, *calendar)
    return histogram_edges(seconds, spec)


def _date_sets(ev, data) -> list | None:
    """The absolute times of one list of dates, or of each of a list of such lists."""
    def times(e):
        if not (is_list(e) and e.args):
            return None
        found = [date_seconds(ev, d) if is_date(d) or number(d) is not None else None
                 for d in e.args]
        return np.array(found, dtype=float) if all(t is not None for t in found) else None

    one = times(data)
    if one is not None:
        return [one]
    if is_list(data) and data.args:
        many = [times(d) for d in data.args]
        if all(m is not None for m in many):
            return many
    return None


def _date_ticks_rule(lo: float, hi: float) -> Expr:
    ticks = Expr.from_args(S.List, (from_python([t, label]) for t, label in date_ticks(lo, hi)))
    return rule("Ticks", Expr(S.List, ticks, S.Automatic))


@builtin("DateHistogram", argc=(1, None), messages=_MESSAGES,
         usage="DateHistogram[{date1, date2, …}] counts the dates in calendar bins (years, "
               "months, weeks, days, … as the span needs); DateHistogram[dates, \"Month\"] "
               "or {n, \"Week\"} chooses them; DateHistogram[dates, bspec, hspec] draws "
               "Histogram's heights.",
         examples=(("Head[DateHistogram[{{2024, 1, 5}, {2024, 1, 9}, {2024, 3, 1}}]]",
                    "Graphics"),))
def date_histogram(ev, data, *rest):
    head = Symbol("DateHistogram")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    sets = _date_sets(ev, data)
    if sets is None:
        ev.message(head, "ldate", data)
        return None
    bins = read_bins(ev, head, call, np.concatenate(sets), date_edges)
    if bins is None:
        return None
    spec, edges, hspec = bins
    groups, colours, tallest = [], [], 0.0
    for k, times in enumerate(sets):
        heights = histogram_heights(bin_counts(times, edges, spec), edges, hspec)
        tallest = max(tallest, float(heights.max(initial=0)))
        colour = chart_colour(call, k, HISTOGRAM_FACE if len(sets) == 1
                              else DEFAULT_PLOT_COLOURS[k % 8])
        if len(sets) > 1:
            colour = Expr(S.Directive, colour, Expr(S.Opacity, Real(0.5)))
        colours.append(colour)
        bars = [Expr(S.Rectangle, from_python([float(edges[i]), 0.0]),
                     from_python([float(edges[i + 1]), float(h)]))
                for i, h in enumerate(heights) if h > 0]
        groups.append(Expr(S.List, colour, *chart_edge(call, colour), *bars))
    defaults = [_date_ticks_rule(float(edges[0]), float(edges[-1])),
                rule("AspectRatio", Real(GOLDEN)), rule("Axes", TRUE),
                rule("PlotRange", from_python([[float(edges[0]), float(edges[-1])],
                                               [0.0, tallest or 1.0]]))]
    return graphics_result(call, groups, defaults, chart_legend(call, colours))


# ---------------------------------------------------------------------------- timeline

def _event(ev, e):
    """(start, end or None, label or None) of one event; None when it is not one."""
    label = None
    if type(e) is Expr and e.head.name == "Labeled" and len(e.args) >= 2:
        e, label = e.args[0], plain_text(e.args[1])
    if type(e) is Expr and e.head is S.Interval and len(e.args) == 1 and is_list(e.args[0]) \
            and len(e.args[0].args) == 2:
        ends = [date_seconds(ev, d) for d in e.args[0].args]
        return None if None in ends else (min(ends), max(ends), label)
    if is_date(e) or number(e) is not None:
        t = date_seconds(ev, e)
        return None if t is None else (t, None, label)
    return None


def _events(ev, e) -> list | None:
    if type(e) is Expr and e.head is S.Association:
        return _labelled_events(ev, e)
    if not is_list(e) or not e.args:
        return None
    if is_date(e):                       # a single date list {y, m, d}
        found = _event(ev, e)
        return None if found is None else [found]
    found = [_event(ev, x) for x in e.args]
    return found if all(f is not None for f in found) else None


def _labelled_events(ev, assoc) -> list | None:
    found = []
    for r in assoc.args:
        event = _event(ev, r.args[1])
        if event is None:
            return None
        found.append((event[0], event[1], plain_text(r.args[0])))
    return found


def _timeline_rows(ev, data) -> list | None:
    one = _events(ev, data)
    if one is not None:
        return [one]
    if is_list(data) and data.args:
        many = [_events(ev, d) for d in data.args]
        if all(m is not None for m in many):
            return many
    return None


def _row(events, level: float, style) -> list:
    """One row: a dot per instant, a bar per span, labels above in three staggered tiers
    so that neighbours do not overwrite each other."""
    shapes, texts = [], []
    dots = [[t, level] for t, end, _ in events if end is None]
    for t, end, _ in events:
        if end is not None:
            shapes.append(Expr(S.Rectangle, from_python([t, level - 0.12]),
                               from_python([end, level + 0.12])))
    order = sorted(range(len(events)), key=lambda i: events[i][0])
    for rank, i in enumerate(order):
        t, end, label = events[i]
        if label is not None:
            x = t if end is None else (t + end) / 2
            texts.append(Expr(S.Text, String(label),
                              from_python([x, level + 0.25 + 0.15 * (rank % 3)])))
    parts = [style, *shapes]
    if dots:
        parts += [Expr(S.PointSize, Real(0.02)), Expr(S.Point, from_python(dots))]
    return [Expr(S.List, *parts), Expr(S.List, Expr(S.GrayLevel, Real(0.2)), *texts)]


@builtin("TimelinePlot", argc=(1, None), messages=_MESSAGES,
         usage="TimelinePlot[{date1, date2, …}] marks the dates on a time axis; "
               "<|label -> date, …|> labels them, Interval[{d1, d2}] draws a span; "
               "TimelinePlot[{set1, set2, …}] a row per set.",
         examples=(("Head[TimelinePlot[{{2020, 1, 1}, {2021, 6, 1}}]]", "Graphics"),))
def timeline_plot(ev, data, *rest):
    head = Symbol("TimelinePlot")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    rows = _timeline_rows(ev, data)
    if rows is None:
        ev.message(head, "ldate", data)
        return None
    ends = [v for row in rows for t, end, _ in row for v in (t, end) if v is not None]
    lo, hi = min(ends), max(ends)
    pad = (hi - lo) * 0.05 if hi > lo else 86400.0
    groups = []
    for k, row in enumerate(rows):
        groups += _row(row, float(len(rows) - k), dataset_style(call, k, None))
    top = len(rows) + 0.8
    defaults = [_date_ticks_rule(lo - pad, hi + pad),
                rule("AspectRatio", Real(0.15 + 0.1 * len(rows))),
                rule("Axes", Expr(S.List, TRUE, FALSE)),
                rule("AxesOrigin", from_python([lo - pad, 0.5])),
                rule("PlotRange", from_python([[lo - pad, hi + pad], [0.5, top]])),
                rule("PlotRangePadding", Symbol("None"))]
    return graphics_result(call, groups, defaults)
