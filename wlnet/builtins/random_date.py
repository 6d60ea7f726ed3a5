"""RandomDate: pseudorandom dates, as programs make synthetic dated data (date strings in
many formats for a sequence-to-sequence net, random timestamps for a time series).

``RandomDate[]`` is a date in the current calendar year, ``RandomDate[{d1, d2}]`` one
uniformly between two dates, ``RandomDate[date]`` one within the calendar period a date of
granularity "Year", "Month", "Day"… stands for (its DateBounds), ``RandomDate[q]`` one
between now and the duration q (a Quantity of time) from now (``{q1, q2}``: between now
+ q1 and now + q2); ``RandomDate[range, n]`` n of them, ``{n1, n2, …}`` an array.  The
dates are instants unless DateGranularity asks for days, months…  The draws come from the
session's generator, so SeedRandom repeats them.
"""

from __future__ import annotations

import datetime as _dt

import numpy as np

from wlnet.builtins._listutil import float_value, is_list
from wlnet.builtins.dates import (_EPOCH_1900, _GRANULARITY, _absolute, _add_months,
                                  _advanced, _date_object, moment_of)
from wlnet.core.expr import Expr, Integer, S, String, Symbol
from wlnet.core.registry import builtin, read_options

_HEAD = Symbol("RandomDate")
_MESSAGES = {
    "range": "`1` is not a date range: a date, {date1, date2}, a time Quantity or "
             "{quantity1, quantity2}.",
    "count": "`1` is not a number of dates: a nonnegative integer or a list of them.",
    "gran": "`1` is not a date granularity (\"Year\", \"Month\", \"Day\", \"Hour\", "
            "\"Minute\", \"Instant\").",
}
_LENGTHS = {name: length for length, name in _GRANULARITY.items()}
_LENGTHS["Second"] = 6


def _period_end(start: _dt.datetime, length: int) -> _dt.datetime:
    """The start of the calendar period after the one of ``length`` date elements that
    begins at ``start``."""
    if length == 1:
        return _add_months(start, 12)
    if length == 2:
        return _add_months(start, 1)
    seconds = {3: 86400, 4: 3600, 5: 60}.get(length, 1)
    return start + _dt.timedelta(seconds=seconds)


def _duration(ev, q) -> _dt.datetime | None:
    """Now advanced by the time Quantity q, or None when q is not one."""
    if not (type(q) is Expr and q.head == Symbol("Quantity") and len(q.args) == 2
            and type(q.args[1]) is String):
        return None
    n = float_value(ev.evaluate(Expr(S.N, q.args[0])))
    return None if n is None else _advanced(_dt.datetime.now(), n, q.args[1].value)


def _bounds(ev, spec) -> tuple[float, float] | None:
    """(first, last) AbsoluteTime seconds of a RandomDate range, or None."""
    if spec is None:
        year = _dt.datetime.now().year
        spec = Expr(S.List, Integer(year))
    moment = moment_of(ev, spec) if not (is_list(spec) and len(spec.args) == 2 and not all(
        type(a) is Integer for a in spec.args)) else None
    if moment is not None:                       # one date: its calendar period
        start, length = moment
        return _absolute(start), _absolute(_period_end(start, length))
    if is_list(spec) and len(spec.args) == 2:
        ends = [_duration(ev, a) for a in spec.args]
        if None in ends:
            ends = [moment_of(ev, a) for a in spec.args]
            ends = None if None in ends else [e[0] for e in ends]
        if ends is None:
            return None
        lo, hi = sorted(_absolute(e) for e in ends)
        return lo, hi
    end = _duration(ev, spec)
    if end is not None:
        lo, hi = sorted((_absolute(_dt.datetime.now()), _absolute(end)))
        return lo, hi
    return None


def _shape(n) -> tuple | None:
    items = n.args if is_list(n) else (n,)
    if not all(type(a) is Integer and a.value >= 0 for a in items):
        return None
    return tuple(a.value for a in items)


def _array(values: list, shape: tuple):
    if len(shape) == 1:
        return Expr(S.List, *values)
    step = len(values) // shape[0] if shape[0] else 0
    return Expr(S.List, *[_array(values[i * step:(i + 1) * step], shape[1:])
                          for i in range(shape[0])])


@builtin("RandomDate", argc=(0, None), messages=_MESSAGES,
         usage="RandomDate[] is a pseudorandom date in the current year; RandomDate[{d1, d2}] "
               "one between d1 and d2, RandomDate[date] one within the period of date (a "
               "year, a month, a day…), RandomDate[q] one between now and the time Quantity q "
               "from now; RandomDate[range, n] gives n of them.  DateGranularity -> \"Day\" "
               "(etc.) gives dates of that granularity.",
         examples=(("SeedRandom[1]; DateValue[RandomDate[DateObject[{2020, 8}, \"Month\"], "
                    "DateGranularity -> \"Day\"], {\"Year\", \"Month\"}]", "{2020, 8}"),))
def random_date(ev, *args):
    split = read_options(ev, Expr(_HEAD, *args), args,
                         {"DateGranularity": S.Automatic, "CalendarType": S.Automatic,
                          "DateFormat": S.Automatic, "TimeSystem": S.Automatic,
                          "TimeZone": S.Automatic}, positional=2)
    if split is None:
        return None
    positional, options = split
    bounds = _bounds(ev, positional[0] if positional else None)
    if bounds is None:
        ev.message(_HEAD, "range", positional[0])
        return None
    granularity = options["DateGranularity"]
    length = 6 if granularity is S.Automatic else \
        _LENGTHS.get(granularity.value) if type(granularity) is String else None
    if length is None:
        ev.message(_HEAD, "gran", granularity)
        return None
    shape = _shape(positional[1]) if len(positional) == 2 else ()
    if shape is None:
        ev.message(_HEAD, "count", positional[1])
        return None
    count = int(np.prod(shape)) if shape else 1
    seconds = ev.rng.uniform(bounds[0], bounds[1], count)
    dates = [_date_object(_truncated(_EPOCH_1900 + _dt.timedelta(seconds=float(s)), length),
                          length) for s in seconds]
    return dates[0] if not shape else _array(dates, shape)


def _truncated(moment: _dt.datetime, length: int) -> _dt.datetime:
    """The moment cut to its first ``length`` date elements (a day: midnight)."""
    if length >= 6:
        return moment
    fields = [moment.year, moment.month, moment.day, moment.hour, moment.minute]
    kept = fields[:length] + [1, 1, 0, 0][length - 1:] if length < 5 else fields
    return _dt.datetime(*kept[:5])
