"""DateListPlot: values over dates.

Data are ``{{date1, v1}, {date2, v2}, …}`` (a date is a ``DateObject``, a date list
``{y, m, d, …}`` or a date string) or ``<|date1 -> v1, …|>``, a list of such sets, or plain values ``{v1, v2, …}``
with a start date ``DateListPlot[values, {y, m, d}]`` (one value a day).  The dates become
absolute times (seconds from 1900, as ``AbsoluteTime``) on the x axis, labelled as dates:
years, months, days or hours, whichever the span needs.  Joined and framed by default, as
in the Wolfram Language.
"""

from __future__ import annotations

import datetime as _dt

from wlnet.builtins.dates import _absolute, moment_of
from wlnet.builtins.time_series import plot_path
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.registry import builtin
from wlnet.graphics.plots.common import read_call, rule
from wlnet.graphics.plots.lists import LIST_MESSAGES, list_plot
from wlnet.graphics.values import is_list, number

MAX_TICKS = 7
_DAY = 86400.0


def is_date(e) -> bool:
    if type(e) is String or type(e) is Expr and e.head is Symbol("DateObject"):
        return True
    return is_list(e) and 3 <= len(e.args) <= 6 and all(number(a) is not None for a in e.args)


def date_seconds(ev, e) -> float | None:
    try:
        found = moment_of(ev, e)
    except (ValueError, OverflowError):
        return None
    return _absolute(found[0]) if found is not None else None


def _dated_set(ev, e):
    """``{{date, v}, …}`` as ``{{seconds, v}, …}``; None if ``e`` is not a dated set."""
    if not (is_list(e) and e.args and all(is_list(p) and len(p.args) == 2
                                          and is_date(p.args[0]) for p in e.args)):
        return None
    pairs = []
    for p in e.args:
        t = date_seconds(ev, p.args[0])
        if t is None:
            return None
        pairs.append(Expr(S.List, Real(t), p.args[1]))
    return Expr.from_args(S.List, pairs)


def _timed_data(ev, data, datespec):
    """The data with dates as seconds, or None when it has dates it cannot read."""
    if type(data) is Expr and data.head is S.Association:          # <|date -> value, …|>
        data = Expr.from_args(S.List, (Expr(S.List, *r.args) for r in data.args))
    if datespec is not None and is_list(data) and not any(is_list(a) for a in data.args):
        start = date_seconds(ev, datespec)
        if start is None:
            return None
        return Expr.from_args(S.List, (Expr(S.List, Real(start + k * _DAY), v)
                                       for k, v in enumerate(data.args)))
    single = _dated_set(ev, data)
    if single is not None:
        return single
    if is_list(data) and data.args:
        many = [_dated_set(ev, a) for a in data.args]
        if all(m is not None for m in many):
            return Expr.from_args(S.List, many)
    return data if is_list(data) and data.args and not any(
        is_list(a) and a.args and is_date(a.args[0]) for a in data.args) else None


def _add_months(moment: _dt.datetime, months: int) -> _dt.datetime:
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1, day=1)


def date_ticks(lo: float, hi: float) -> list[tuple[float, str]]:
    """Ticks at round dates between two absolute times: years, months, days or hours."""
    epoch = _dt.datetime(1900, 1, 1)
    start, span = epoch + _dt.timedelta(seconds=lo), hi - lo
    if span >= 3 * 365 * _DAY:
        step = max(1, int(span / (365.25 * _DAY) / MAX_TICKS) + 1)
        first = _dt.datetime(start.year + 1 if start > _dt.datetime(start.year, 1, 1)
                             else start.year, 1, 1)
        advance, form = (lambda m: _add_months(m, 12 * step)), "%Y"
    elif span >= 90 * _DAY:
        step = max(1, int(span / (30.44 * _DAY) / MAX_TICKS) + 1)
        first = _add_months(start, 1) if start.day > 1 or start.hour else start
        advance, form = (lambda m: _add_months(m, step)), "%b %Y"
    elif span >= 3 * _DAY:
        step = max(1, int(span / _DAY / MAX_TICKS) + 1)
        first = _dt.datetime(start.year, start.month, start.day)
        advance, form = (lambda m: m + _dt.timedelta(days=step)), "%b %d"
    else:
        step = max(1, int(span / 3600 / MAX_TICKS) + 1)
        first = _dt.datetime(start.year, start.month, start.day, start.hour)
        advance, form = (lambda m: m + _dt.timedelta(hours=step)), "%H:%M"
    ticks, moment = [], first
    while _absolute(moment) <= hi and len(ticks) < 4 * MAX_TICKS:
        if _absolute(moment) >= lo:
            ticks.append((_absolute(moment), moment.strftime(form)))
        moment = advance(moment)
    return ticks


def _date_label(ev, seconds: float, form):
    """A tick's label as DateString writes the date in DateTicksFormat's form."""
    label = ev.evaluate(Expr(Symbol("DateString"), Real(seconds), form))
    return label if type(label) is String else String(str(seconds))


def _x_extent(data) -> tuple[float, float] | None:
    xs = [number(p.args[0]) for s in (data.args if is_list(data.args[0].args[0]) else [data])
          for p in s.args if is_list(p) and len(p.args) == 2]
    xs = [x for x in xs if x is not None]
    return (min(xs), max(xs)) if xs else None


@builtin("DateListPlot", argc=(1, None), messages={**LIST_MESSAGES,
         "ldata": "`1` is not a list of {date, value} pairs or of values."},
         usage="DateListPlot[{{date1, v1}, {date2, v2}, …}] plots values against dates "
               "(DateObject, {y, m, d, …} or date strings), labelling the axis with dates; "
               "DateListPlot[{v1, v2, …}, {y, m, d}] one value a day from that date.",
         examples=(("Head[DateListPlot[{{{2024, 1, 1}, 1}, {{2024, 3, 1}, 2}}]]",
                    "Graphics"),))
def date_list_plot(ev, data, *rest):
    head = Symbol("DateListPlot")
    call = read_call(ev, head, (data, *rest))
    if call is None:
        return None
    if len(call.positional) > 2:                     # values, datespec, then options only
        ev.message(head, "nonopt", call.positional[2], Integer(2), Expr(head, data, *rest))
        return None
    datespec = call.positional[1] if len(call.positional) > 1 else None
    data = plot_path(data, dated=True)               # a TimeSeries: its dates and values
    timed = _timed_data(ev, data, datespec)
    if timed is None or not timed.args:              # {} dated from a start is still {}
        ev.message(head, "ldata", data)
        return None
    defaults = [rule("Frame", TRUE), rule("Axes", FALSE)]
    extent = _x_extent(timed) if timed is not data else None
    form = call.options.pop("DateTicksFormat", None)
    if extent is not None:
        ticks = Expr.from_args(S.List, (from_python([t, label]) if form is None else
                                        Expr(S.List, Real(t), _date_label(ev, t, form))
                                        for t, label in date_ticks(*extent)))
        defaults.insert(0, rule("Ticks", Expr(S.List, ticks, S.Automatic)))
    if "Joined" not in call.options:
        call.options["Joined"] = TRUE
    return list_plot(ev, head, timed, (), True, extra_defaults=defaults, call=call)
