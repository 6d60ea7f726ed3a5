"""TimeSeries: values at times, as forecasting programs hold their data before cutting it
into training windows.

``TimeSeries[{{t1, v1}, …}]``, ``TimeSeries[<|t1 -> v1, …|>]`` and ``TimeSeries[{v1, …},
tspec]`` (tspec Automatic, ``{tmin}``, ``{tmin, tmax}``, ``{tmin, tmax, dt}`` or ``{{t1,
…}}``; times are numbers or dates, a step a number, a unit such as "Day", ``{n, "unit"}``
or a Quantity) evaluate to the inert form ``TimeSeries[{v1, …}, {{t1, …}}]``, times sorted,
dates kept as DateObjects.  ``ts["prop"]`` gives the properties the reference page lists
("Path", "Values", "Times" (dates as AbsoluteTime), "Dates", "DatePath", "FirstTime",
"LastValue", …), ``ts[t]`` the value at t interpolated linearly between the time stamps,
``Normal[ts]`` the path.  Arithmetic and elementary functions act on the values (series
combined must share their times); Mean, Total, Min, Max… summarise the values;
MovingAverage (stamped at each window's right end), Differences, Accumulate, Rescale and
Standardize give series; TimeSeriesWindow and TimeSeriesMap too.  ListPlot, ListLinePlot
and DateListPlot draw a series as its path.
"""

from __future__ import annotations

import datetime as _dt
import math
from collections import OrderedDict
from fractions import Fraction

import numpy as np

from wlnet.builtins._listutil import float_value, is_assoc, is_list, is_rule, mklist
from wlnet.builtins.dates import (_EPOCH_1900, _GRANULARITY, _absolute,
                                  _add_months, _date_object, moment_of)
from wlnet.builtins.numbers import exact_fraction
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol, from_python
from wlnet.core.packed import list_from_array, packed_array
from wlnet.core.registry import builtin, builtin_subvalue, builtin_upvalue

TIME_SERIES = Symbol("TimeSeries")
DATE_OBJECT = Symbol("DateObject")
MISSING = Symbol("Missing")
_UNIT_SECONDS = {"Second": 1, "Minute": 60, "Hour": 3600, "Day": 86400, "Week": 604800}
_MESSAGES = {
    "tsdata": "`1` is not a list of values or of time-value pairs.",
    "tspec": "`1` is not a valid time specification for `2` values.",
    "tsdims": "The values of a time series must all have the same dimensions.",
    "prop": "`1` is not a property of a TimeSeries; ts[\"Properties\"] lists them.",
}
PROPERTIES = ("Path", "PathLength", "Values", "ValueDimensions", "Times", "Dates", "DatePath",
              "FirstTime", "FirstDate", "LastTime", "LastDate", "FirstValue", "LastValue",
              "Properties")


class Series:
    """A series read from its inert form: times as floats (AbsoluteTime seconds for
    dates), the values' List, the date-list length of its dates (0: plain numbers), and
    the time stamps as written (exact numbers stay exact: {0, 1/3, 2/3}), or None."""

    __slots__ = ("times", "values", "date_length", "stamps")

    def __init__(self, times: np.ndarray, values: Expr, date_length: int, stamps=None):
        self.times, self.values, self.date_length = times, values, date_length
        self.stamps = stamps if not date_length else None

    def number_stamps(self) -> Expr:
        """The times of a series of plain numbers as a List, exact where written so."""
        return self.stamps if self.stamps is not None else _times_list(self.times)

    def time_exprs(self) -> list:
        if not self.date_length:
            return [_number(t) for t in self.times]
        return [_date_object(_EPOCH_1900 + _dt.timedelta(seconds=float(t)), self.date_length)
                for t in self.times]

    def with_values(self, values: Expr, times: np.ndarray | None = None) -> Expr:
        if times is None:
            return series_expr(self.times, values, self.date_length, self.stamps)
        return series_expr(times, values, self.date_length)


def _number(t: float):
    return Integer(int(t)) if float(t).is_integer() and abs(t) < 2 ** 53 else Real(float(t))


def series_expr(times, values: Expr, date_length: int, exact: Expr | None = None) -> Expr:
    """The inert form; ``exact``: the stamps as a List of exact numbers, when they are."""
    times = np.asarray(times, dtype=np.float64)
    if exact is not None and not date_length:
        stamps = exact
    elif date_length:
        stamps = mklist(Series(times, values, date_length).time_exprs())
    else:
        stamps = _times_list(times)                           # packed numbers
    return Expr(TIME_SERIES, values, mklist([stamps]))


# The time stamps last read, by the identity of their (immutable) list: a program asks a
# series for its properties again and again (and the series is evaluated again each time
# its variable is), and reading 20,000 DateObjects each time is slow.  An entry holds its
# list, so the list's id cannot be reused while the entry lives.
_READ: OrderedDict = OrderedDict()


def _stamps_of(stamps: Expr):
    """(times, date length, written canonically?) of a list of time stamps, None when one
    is not a time or they do not increase; cached by the list's identity."""
    hit = _READ.get(id(stamps))
    if hit is not None and hit[0] is stamps:
        return hit[1]
    found = _read_stamps(stamps)
    _READ[id(stamps)] = (stamps, found)
    while len(_READ) > 8:
        _READ.popitem(last=False)
    return found


def _read_stamps(stamps: Expr):
    numbers = packed_array(stamps)
    if numbers is not None:
        if numbers.ndim != 1 or numbers.dtype.kind not in "if":
            return None
        times = numbers.astype(np.float64)         # plain numbers: nothing to read one by one
        return (times, 0, True) if not np.any(np.diff(times) <= 0) else None
    if not stamps.args:
        return None
    read = [_time_of(t) for t in stamps.args]
    if any(r is None for r in read):
        return None
    lengths = {length for _, length in read}
    if len(lengths) != 1:
        return None
    times = np.array([t for t, _ in read])
    if np.any(np.diff(times) <= 0):
        return None
    canonical = all(float_value(t) is not None or type(t) is Expr and t.head is DATE_OBJECT
                    for t in stamps.args)
    return times, lengths.pop(), canonical


def read_series(e) -> Series | None:
    """The series of an evaluated ``TimeSeries[values, {{t1, …}}]``; None otherwise."""
    if not (type(e) is Expr and e.head is TIME_SERIES and len(e.args) == 2):
        return None
    values, spec = e.args
    if not (is_list(values) and is_list(spec) and len(spec.args) == 1 and is_list(spec.args[0])):
        return None
    found = _stamps_of(spec.args[0])
    if found is None or len(found[0]) != len(values.args):
        return None
    return Series(found[0], values, found[1], spec.args[0])


def _time_of(e) -> tuple[float, int] | None:
    """(seconds or number, date-list length or 0) of a time stamp: a number, a DateObject,
    a date string or a date list {y, m, d, …}."""
    number = float_value(e)
    if number is not None:
        return (number, 0) if math.isfinite(number) else None
    if type(e) is Expr and e.head is DATE_OBJECT or type(e) is String or \
            is_list(e) and 3 <= len(e.args) <= 6 and all(float_value(a) is not None for a in e.args):
        try:
            found = moment_of(None, e)
        except (ValueError, OverflowError):
            return None
        if found is not None:
            return _absolute(found[0]), max(found[1], 1)
    return None


# ---------------------------------------------------------------------------- construction

def _is_inert(values, spec) -> bool:
    """Whether ``TimeSeries[values, spec]`` is the form the constructor gives: times in
    increasing order, each a number or a DateObject."""
    if not (is_list(values) and is_list(spec) and len(spec.args) == 1 and is_list(spec.args[0])):
        return False
    found = _stamps_of(spec.args[0])
    return found is not None and found[2] and len(found[0]) == len(values.args)


def _dimensions(e) -> tuple:
    arr = packed_array(e)
    if arr is not None:
        return arr.shape
    dims = []
    while is_list(e):
        dims.append(len(e.args))
        if not e.args:
            break
        e = e.args[0]
    return tuple(dims)


def _same_dimensions(values: Expr) -> bool:
    arr = packed_array(values)
    if arr is not None:
        return True
    first = _dimensions(values.args[0])
    return all(_dimensions(v) == first for v in values.args[1:])


def _is_pair(e) -> bool:
    """``{t, v}`` with t a number or a date (a DateObject, a date string, a date list)."""
    return is_list(e) and len(e.args) == 2 and _time_of(e.args[0]) is not None


def _from_pairs(ev, pairs: list) -> Expr | None:
    stamped = sorted(((_time_of(p.args[0]), p.args[1]) for p in pairs), key=lambda x: x[0][0])
    lengths = {length for (_, length), _ in stamped}
    if len(lengths) != 1:
        return None
    times = [t for (t, _), _ in stamped]
    if len(set(times)) != len(times):
        return None
    written = sorted((p.args[0] for p in pairs), key=lambda t: _time_of(t)[0])
    exact = mklist(written) if all(exact_fraction(t) is not None for t in written) else None
    return series_expr(times, mklist([v for _, v in stamped]), lengths.pop(), exact)


def _exact_stamps(parts, n: int) -> Expr | None:
    """The stamps of {tmin}, {tmin, tmax}, {tmin, tmax, dt}, {Automatic, tmax, dt} as exact
    numbers, when the numbers given are exact (WL keeps 0, 1/2, 1 exact)."""
    given = [None if p is S.Automatic else exact_fraction(p) for p in parts]
    if any(g is None and p is not S.Automatic for g, p in zip(given, parts)):
        return None
    start = given[0]
    stop = given[1] if len(given) > 1 else None
    if len(given) == 3:
        step = given[2]
        if step is None:
            return None
    elif start is not None and stop is not None:
        step = (stop - start) / (n - 1) if n > 1 else Fraction(1)
    else:
        step = Fraction(1)
    if start is None:
        if stop is None:
            return None
        start = stop - (n - 1) * step
    return mklist([from_python(start + k * step) for k in range(n)])


def _step_of(e, length: int) -> tuple[float, str | None] | None:
    """A step: (seconds or number, None) or (count, "Month"|"Year") for calendar steps."""
    if type(e) is String:
        e = mklist([Integer(1), e])
    if type(e) is Expr and e.head in (S.List, Symbol("Quantity")) and len(e.args) == 2:
        n, unit = float_value(e.args[0]), e.args[1]
        name = unit.value if type(unit) is String else getattr(unit, "name", "")
        name = name[:-1] if name.endswith("s") else name
        if n is None or not math.isfinite(n):
            return None
        if name in ("Month", "Year", "Quarter"):
            return n * {"Month": 1, "Quarter": 3, "Year": 12}[name], "Month"
        return (n * _UNIT_SECONDS[name], None) if name in _UNIT_SECONDS else None
    n = float_value(e)
    if n is None or not math.isfinite(n) or n <= 0:
        return None
    return (n * 86400.0, None) if length else (n, None)


def _granularity_step(length: int):
    """The step of a series from a date: one unit of the date's granularity."""
    name = _GRANULARITY.get(length, "Day")
    if name in ("Month", "Year"):
        return (1 if name == "Month" else 12), "Month"
    return {"Hour": 3600.0, "Minute": 60.0, "Instant": 1.0}.get(name, 86400.0), None


def _stamps(start: float, length: int, step, n: int) -> list[float]:
    amount, calendar = step
    if calendar is None:
        return [start + k * amount for k in range(n)]
    origin = _EPOCH_1900 + _dt.timedelta(seconds=start)
    return [_absolute(_add_months(origin, int(round(k * amount)))) for k in range(n)]


def _from_tspec(ev, values: Expr, tspec) -> Expr | None:
    n = len(values.args)
    if tspec is S.Automatic:
        return series_expr(np.arange(n, dtype=np.float64), values, 0)
    if not (is_list(tspec) and tspec.args):
        return None
    parts = tspec.args
    if len(parts) == 1 and is_list(parts[0]):                       # {{t1, t2, …}}
        stamps = [_time_of(t) for t in parts[0].args]
        if len(stamps) != n or any(s is None for s in stamps):
            return None
        return _from_pairs(ev, [mklist([t, v]) for t, v in zip(parts[0].args, values.args)])
    if len(parts) > 3:
        return None
    start = _time_of(parts[0]) if parts[0] is not S.Automatic else None
    stop = _time_of(parts[1]) if len(parts) > 1 and parts[1] is not S.Automatic else None
    if start is None and stop is None:
        return None
    length = (start or stop)[1]
    if len(parts) == 3:
        step = _step_of(parts[2], length)
    elif start is not None and stop is not None:
        step = ((stop[0] - start[0]) / (n - 1), None) if n > 1 else (1.0, None)
    else:
        step = _granularity_step(length) if length else (1.0, None)
    if step is None:
        return None
    if start is None:                       # {Automatic, tmax, dt}: counted back from tmax
        amount, calendar = step
        if calendar is not None:
            return None
        start = (stop[0] - (n - 1) * amount, length)
    times = _stamps(start[0], length, step, n)
    if np.any(np.diff(times) <= 0):
        return None
    return series_expr(times, values, length, None if length else _exact_stamps(parts, n))


@builtin("TimeSeries", argc=(1, None), messages=_MESSAGES,
         usage="TimeSeries[{{t1, v1}, {t2, v2}, …}] is a time series of values at times; "
               "TimeSeries[{v1, v2, …}, tspec] the values at the times tspec gives "
               "(Automatic: 0, 1, …; {tmin}; {tmin, tmax}; {tmin, tmax, dt}; {{t1, t2, …}}). "
               "Times may be dates.",
         examples=(('TimeSeries[{5, 7, 9}, {10, 20}]["Times"]', "{10, 15, 20}"),
                   ('TimeSeries[{{0, 1}, {2, 5}}][1]', "3"),
                   ('Normal[TimeSeries[{1, 2}]]', "{{0, 1}, {1, 2}}")))
def time_series(ev, data, *rest):
    rest = tuple(r for r in rest if not is_rule(r))            # options: kept by WL, unused here
    if len(rest) > 1:
        return None
    if rest and _is_inert(data, rest[0]):
        return None
    if is_assoc(data):
        data = mklist([mklist(r.args) for r in data.args if is_rule(r)])
    if not is_list(data) or not data.args:
        ev.message(TIME_SERIES, "tsdata", data)
        return None
    if not rest and all(_is_pair(p) for p in data.args):
        result = _from_pairs(ev, list(data.args))
    else:
        if not _same_dimensions(data):
            ev.message(TIME_SERIES, "tsdims")
            return None
        result = _from_tspec(ev, data, rest[0] if rest else S.Automatic)
        if result is None:
            ev.message(TIME_SERIES, "tspec", rest[0] if rest else S.Automatic,
                       Integer(len(data.args)))
            return None
    if result is None:
        ev.message(TIME_SERIES, "tsdata", data)
    return result


# ---------------------------------------------------------------------------- properties

def _take(values: Expr, start: int, stop: int | None = None) -> Expr:
    arr = packed_array(values)
    if arr is not None:
        return list_from_array(arr[start:stop])
    return mklist(values.args[start:stop])


def _path(series: Series, stamps: list) -> Expr:
    return mklist([mklist([t, v]) for t, v in zip(stamps, series.values.args)])


def _value_dimensions(series: Series):
    dims = _dimensions(series.values.args[0])
    return Integer(1) if not dims else Integer(dims[0]) if len(dims) == 1 else \
        mklist([Integer(d) for d in dims])


def _property(ev, series: Series, name: str):
    values = series.values.args

    def times():
        return series.number_stamps() if not series.date_length else \
            _times_list(series.times)

    def dates():
        return series.time_exprs() if series.date_length else [_date_of(t) for t in series.times]

    table = {
        "Path": lambda: _path(series, times().args),
        "PathLength": lambda: Integer(len(values)),
        "Values": lambda: series.values,
        "ValueDimensions": lambda: _value_dimensions(series),
        "Times": times,
        "Dates": lambda: mklist(dates()),
        "DatePath": lambda: _path(series, dates()),
        "FirstTime": lambda: times().args[0] if not series.date_length
        else _number(series.times[0]),
        "LastTime": lambda: times().args[-1] if not series.date_length
        else _number(series.times[-1]),
        "FirstDate": lambda: _first_last_date(series, 0),
        "LastDate": lambda: _first_last_date(series, -1),
        "FirstValue": lambda: values[0], "LastValue": lambda: values[-1],
        "Properties": lambda: mklist([String(p) for p in PROPERTIES]),
    }
    if name not in table:
        ev.message(TIME_SERIES, "prop", String(name))
        return None
    return table[name]()


def _times_list(times: np.ndarray) -> Expr:
    """The times as a List: packed integers when they are whole, else packed reals."""
    if np.all(times == np.round(times)) and np.all(np.abs(times) < 2 ** 53):
        return list_from_array(times.astype(np.int64))
    return list_from_array(times)


def _first_last_date(series: Series, k: int) -> Expr:
    one = Series(series.times[[k]], series.values, series.date_length)
    return one.time_exprs()[0] if series.date_length else _date_of(series.times[k])


def _date_of(seconds: float) -> Expr:
    """A number as a date: the instant that many seconds after 1900, as AbsoluteTime reads."""
    return _date_object(_EPOCH_1900 + _dt.timedelta(seconds=float(seconds)), 6)


def _value_at(ev, series: Series, t):
    """The value at time t, linear between the neighbouring stamps (the TimeSeries
    default); Missing["NotAvailable"] outside the series' times."""
    found = _time_of(t)
    if found is None:
        return None
    x = found[0]
    times = series.times
    if x < times[0] or x > times[-1]:
        return Expr(MISSING, String("NotAvailable"))
    k = int(np.searchsorted(times, x, side="right")) - 1
    if times[k] == x:
        return series.values.args[k]
    # the weight exact when the times are (t given as 1 between 0 and 2 gives 1/2)
    at = t if float_value(t) is not None else _number(x)
    lo, hi = _number(times[k]), _number(times[k + 1])
    w = Expr(S.Times, Expr(S.Plus, at, _minus(lo)), Expr(S.Power, Expr(S.Plus, hi, _minus(lo)),
                                                         Integer(-1)))
    a, b = series.values.args[k], series.values.args[k + 1]
    return ev.evaluate(Expr(S.Plus, a, Expr(S.Times, w, Expr(S.Plus, b, _minus(a)))))


def _minus(e) -> Expr:
    return Expr(S.Times, Integer(-1), e)


@builtin_subvalue("TimeSeries")
def _series_call(ev, head, *args):
    series = read_series(head)
    if series is None or len(args) != 1:
        return None
    arg = args[0]
    if type(arg) is String and _time_of(arg) is None:
        return _property(ev, series, arg.value)
    if is_list(arg) and arg.args and _time_of(arg) is None:       # ts[{t1, t2, …}]
        out = [_value_at(ev, series, t) for t in arg.args]
        return None if any(o is None for o in out) else mklist(out)
    return _value_at(ev, series, arg)


@builtin_upvalue("Normal", "TimeSeries")
def _normal(ev, ts, *rest):
    series = None if rest else read_series(ts)     # Normal[ts, h]: Normal's own rule
    if series is None:
        return None
    # a series of dates gives its dates ({DateObject[…], v}, as "DatePath"); else times
    return _path(series, series.time_exprs() if series.date_length
                 else [_number(t) for t in series.times])


@builtin("RegularlySampledQ", argc=1,
         usage="RegularlySampledQ[ts] is True when the times of the time series ts are "
               "equally spaced (calendar steps of a date series count as equal).",
         examples=(("RegularlySampledQ[TimeSeries[{{0, 1}, {1, 2}, {3, 3}}]]", "False"),))
def regularly_sampled_q(ev, ts):
    series = read_series(ts)
    if series is None:
        return FALSE if type(ts) is not Expr or ts.head is not TIME_SERIES else None
    gaps = np.diff(series.times)
    if len(gaps) < 2 or np.allclose(gaps, gaps[0], rtol=1e-9, atol=0):
        return TRUE
    if series.date_length:             # months and years: equal steps of the calendar
        dates = [d.args[0] for d in series.time_exprs()]
        months = [int(float_value(d.args[0])) * 12 + int(float_value(d.args[1]))
                  for d in dates if is_list(d) and len(d.args) >= 2]
        if len(months) == len(dates) and len(set(np.diff(months))) == 1:
            return TRUE
    return FALSE


# ---------------------------------------------------------------------------- functions of values

def _values_threaded(outer: str):
    """``outer[…, ts, …]`` as the series of ``outer`` of the values: arithmetic and the
    elementary functions; every series in the call must have the same times."""
    def apply(ev, *args):
        found = [read_series(a) for a in args]
        series = [s for s in found if s is not None]
        if not series:
            return None
        first = series[0]
        if any(len(s.times) != len(first.times) or np.any(s.times != first.times)
               or s.date_length != first.date_length for s in series[1:]):
            return None                   # series on other times: left as they are
        call = Expr(Symbol(outer), *(s.values if s is not None else a for s, a in zip(found, args)))
        values = ev.evaluate(call)
        if not (is_list(values) and len(values.args) == len(first.times)):
            return None
        return first.with_values(values)
    return apply


for _outer in ("Plus", "Times", "Power", "Log", "Exp", "Sqrt", "Abs", "Sin", "Cos", "Tanh",
               "Round", "Floor", "Ceiling", "N", "Clip", "Sign", "Rescale", "Standardize",
               "Accumulate", "ExponentialMovingAverage"):
    builtin_upvalue(_outer, "TimeSeries")(_values_threaded(_outer))


def _of_values(outer: str):
    """``outer[ts, …]`` as ``outer`` of the series' values (Mean, Total, Max…)."""
    def apply(ev, ts, *rest):
        series = read_series(ts)
        if series is None:
            return None
        return ev.evaluate(Expr(Symbol(outer), series.values, *rest))
    return apply


for _outer in ("Mean", "Total", "Min", "Max", "MinMax", "Median", "Variance",
               "StandardDeviation", "RootMeanSquare", "Quantile"):
    builtin_upvalue(_outer, "TimeSeries")(_of_values(_outer))


def _tail_stamped(outer: str, dropped):
    """``outer[ts, …]`` whose values lose ``dropped(args)`` from the front: stamped with
    the times of the last ones (a moving window's right end, a difference's later time)."""
    def apply(ev, ts, *rest):
        series = read_series(ts)
        if series is None:
            return None
        values = ev.evaluate(Expr(Symbol(outer), series.values, *rest))
        if not is_list(values):
            return None
        n = len(series.times) - len(values.args)
        if n < 0 or not values.args or (dropped is not None and n != dropped(rest)):
            return None
        return series.with_values(values, series.times[n:])
    return apply


builtin_upvalue("MovingAverage", "TimeSeries")(_tail_stamped("MovingAverage", None))
builtin_upvalue("MovingMedian", "TimeSeries")(_tail_stamped("MovingMedian", None))
builtin_upvalue("Differences", "TimeSeries")(_tail_stamped("Differences", None))


@builtin("TimeSeriesMap", argc=2, messages=_MESSAGES,
         usage="TimeSeriesMap[f, ts] applies f to each value of the time series ts.",
         examples=(('TimeSeriesMap[#^2 &, TimeSeries[{1, 2, 3}]]["Values"]', "{1, 4, 9}"),))
def time_series_map(ev, f, ts):
    series = read_series(ts)
    if series is None:
        return None
    values = ev.evaluate(Expr(S.Map, f, series.values))
    return series.with_values(values) if is_list(values) else None


@builtin("TimeSeriesWindow", argc=2, messages=_MESSAGES,
         usage="TimeSeriesWindow[ts, {t1, t2}] is the part of the time series ts from time t1 "
               "to t2 (both included); the times may be dates.",
         examples=(('TimeSeriesWindow[TimeSeries[{1, 2, 3, 4}], {1, 2}]["Values"]', "{2, 3}"),))
def time_series_window(ev, ts, window):
    series = read_series(ts)
    if series is None or not (is_list(window) and len(window.args) == 2):
        return None
    bounds = [_time_of(b) for b in window.args]
    if any(b is None for b in bounds):
        return None
    keep = np.nonzero((series.times >= bounds[0][0]) & (series.times <= bounds[1][0]))[0]
    if not len(keep):
        return Expr(MISSING, String("NotAvailable"))
    start, stop = int(keep[0]), int(keep[-1]) + 1
    return series.with_values(_take(series.values, start, stop), series.times[start:stop])


_WINDOW_KEYS = ("Values", "Times", "BoundaryValues", "BoundaryTimes", "Dates")


def _window_size(spec, date_length: int):
    """A window's size: ("time", span) in the series' time units (a number is days on a
    date series), or ("events", n) for Quantity[n, "Events"]."""
    if type(spec) is Expr and spec.head is Symbol("Quantity") and len(spec.args) == 2:
        unit = spec.args[1]
        name = unit.value if type(unit) is String else ""
        n = float_value(spec.args[0])
        if n is None or n <= 0:
            return None
        if name in ("Events", "Event"):
            return ("events", int(n)) if float(n).is_integer() else None
        step = _step_of(spec, 1)
        return None if step is None or step[1] is not None else ("time", step[0])
    w = float_value(spec)
    if w is None or w < 0:
        return None
    return "time", w * 86400.0 if date_length else w


def _named_slots(f) -> bool:
    """Whether a pure function reads the window by name (#Values, #Times…)."""
    if not (type(f) is Expr and f.head is S.Function):
        return False
    stack = list(f.args)
    while stack:
        e = stack.pop()
        if type(e) is Expr:
            if e.head is S.Slot and e.args and type(e.args[0]) is String \
                    and e.args[0].value in _WINDOW_KEYS:
                return True
            stack.extend(e.args)
            stack.append(e.head)
    return False


def _windowed_series(ev, data):
    """(series, {t, v} pairs read or None, whether data was a plain list) of the data the
    window functions take: a TimeSeries, a list of {t, v} pairs, or a list of values at
    times 1, 2, …; None when it is none of them."""
    series = read_series(data)
    pairs = None
    if series is None and is_list(data) and data.args and all(_is_pair(p) for p in data.args):
        pairs = _from_pairs(ev, list(data.args))
        series = read_series(pairs) if pairs is not None else None
    plain = series is None
    if plain:
        if not (is_list(data) and data.args):
            return None
        series = Series(np.arange(1, len(data.args) + 1, dtype=np.float64), data, 0)
    return series, pairs, plain


@builtin("MovingMap", argc=3, messages={**_MESSAGES,
                                       "wspec": "`1` is not a valid window specification."},
         usage="MovingMap[f, data, w] applies f to the values in each window of size w "
               "(times t - w to t, for each time t whose window lies within the data); data is "
               "a list (times 1, 2, …), a list of {t, v} pairs or a TimeSeries. "
               "MovingMap[f, data, {w, Left|Center|Right}] aligns the windows; Quantity[n, "
               "\"Events\"] windows of n elements.  #Values, #Times, #Dates name a window's parts.",
         examples=(("MovingMap[f, {a, b, c, d, e}, 2]",
                    "{f[{a, b, c}], f[{b, c, d}], f[{c, d, e}]}"),
                   ("MovingMap[Mean, {1, 2, 4, 8}, Quantity[2, \"Events\"]]", "{3/2, 3, 6}")))
def moving_map(ev, f, data, wspec):
    found = _windowed_series(ev, data)
    if found is None:
        return None
    series, pairs, plain = found
    size, align = wspec, "Right"
    if is_list(wspec) and 1 <= len(wspec.args) <= 2:
        size = wspec.args[0]
        align = getattr(wspec.args[1], "name", None) if len(wspec.args) == 2 else "Right"
    window = _window_size(size, series.date_length)
    if window is None or align not in ("Left", "Right", "Center"):
        ev.message(Symbol("MovingMap"), "wspec", wspec)
        return None
    spans = _windows(series.times, window, align)
    by_name = _named_slots(f)
    stamps, values = [], []
    for k, (lo, hi) in spans:
        part = _take(series.values, lo, hi)
        if by_name:
            keys = {"Values": part, "Times": mklist([_number(t) for t in series.times[lo:hi]]),
                    "Dates": mklist(Series(series.times[lo:hi], part,
                                           series.date_length or 6).time_exprs())}
            arg = Expr.from_args(S.Association, (Expr(S.Rule, String(k_), v)
                                                 for k_, v in keys.items()))
        else:
            arg = part
        stamps.append(series.times[k])
        values.append(ev.evaluate(Expr(f, arg)))
    if plain:
        return mklist(values)
    if not values:
        return mklist([])
    result = series_expr(stamps, mklist(values), series.date_length)
    return result if pairs is None else _path(read_series(result), [_number(t) for t in stamps])


def _windows(times: np.ndarray, window, align: str) -> list:
    """(index of the window's time stamp, (first, stop)) of each window lying within the
    data's times."""
    kind, size = window
    n = len(times)
    out = []
    if kind == "events":
        lead = {"Right": size - 1, "Left": 0, "Center": (size - 1) // 2}[align]
        for start in range(0, n - size + 1):
            out.append((start + lead, (start, start + size)))
        return out
    offsets = {"Right": (-size, 0.0), "Left": (0.0, size), "Center": (-size / 2, size / 2)}[align]
    first, last = times[0], times[-1]
    for k, t in enumerate(times):
        lo_t, hi_t = t + offsets[0], t + offsets[1]
        if lo_t < first - 1e-9 or hi_t > last + 1e-9:
            continue                          # a window reaching past the data: dropped
        lo = int(np.searchsorted(times, lo_t - 1e-9, side="left"))
        hi = int(np.searchsorted(times, hi_t + 1e-9, side="right"))
        out.append((k, (lo, hi)))
    return out


def _resampled(ev, series: Series, times) -> Expr | None:
    values = [_value_at(ev, series, _number(t)) for t in times]
    if any(v is None or type(v) is Expr and v.head is MISSING for v in values):
        return None
    return series_expr(times, mklist(values), series.date_length)


@builtin("TimeSeriesResample", argc=(1, 2), messages=_MESSAGES,
         usage="TimeSeriesResample[ts, dt] gives the time series ts at times from its first "
               "time in steps of dt (a number, days on a date series, or a unit such as "
               "\"Day\"), its values interpolated linearly; TimeSeriesResample[ts, {tmin, tmax, "
               "dt}] or {{t1, t2, …}} at those times; TimeSeriesResample[ts] in steps of its "
               "smallest gap.",
         examples=(('TimeSeriesResample[TimeSeries[{{0, 0}, {4, 8}}], 1]["Values"]',
                    "{0, 2, 4, 6, 8}"),))
def time_series_resample(ev, ts, spec=None):
    series = read_series(ts)
    if series is None or len(series.times) < 2:
        return None
    first, last = series.times[0], series.times[-1]
    if spec is None:
        step = (float(np.diff(series.times).min()), None)
    elif is_list(spec) and len(spec.args) == 1 and is_list(spec.args[0]):
        read = [_time_of(t) for t in spec.args[0].args]
        if not read or any(r is None for r in read):
            return None
        return _resampled(ev, series, sorted(t for t, _ in read))
    elif is_list(spec) and len(spec.args) == 3:
        bounds = [_time_of(b) for b in spec.args[:2]]
        step = _step_of(spec.args[2], series.date_length)
        if None in bounds or step is None:
            return None
        first, last = bounds[0][0], bounds[1][0]
    else:
        step = _step_of(spec, series.date_length)
        if step is None:
            return None
    count = int(np.floor((last - first) / step[0] + 1e-9)) + 1 if step[1] is None else \
        _calendar_count(first, last, step, series.date_length)
    return _resampled(ev, series, _stamps(first, series.date_length, step, count))


@builtin("TimeSeriesRescale", argc=2, messages=_MESSAGES,
         usage="TimeSeriesRescale[ts, {tmin, tmax}] is the time series ts with its times "
               "mapped linearly onto tmin to tmax (its values unchanged).",
         examples=(('TimeSeriesRescale[TimeSeries[{1, 2, 3}], {0, 1}]["Times"]',
                    "{0, 1/2, 1}"),))
def time_series_rescale(ev, ts, span):
    series = read_series(ts)
    if series is None or series.date_length or not (is_list(span) and len(span.args) == 2):
        return None
    lo, hi = span.args
    if float_value(lo) is None or float_value(hi) is None:
        return None
    first, last = series.times[0], series.times[-1]
    if last == first:
        return None
    # exact stamps stay exact: tmin + (t - first) (tmax - tmin)/(last - first)
    stamps = series.number_stamps()
    scaled = ev.evaluate(Expr(S.Plus, lo, Expr(S.Times, Expr(S.Plus, stamps, Expr(
        S.Times, Integer(-1), stamps.args[0])), Expr(S.Plus, hi, Expr(S.Times, Integer(-1),
                                                                          lo)),
        Expr(S.Power, Expr(S.Plus, stamps.args[-1], Expr(S.Times, Integer(-1),
                                                           stamps.args[0])), Integer(-1)))))
    if not is_list(scaled):
        return None
    times = np.array([float_value(a) for a in scaled.args])
    return series_expr(times, series.values, 0, scaled)


@builtin("TimeSeriesThread", argc=2, messages=_MESSAGES,
         usage="TimeSeriesThread[f, {ts1, ts2, …}] is the time series of f[{v1, v2, …}] at "
               "each time of any of the series within the span they share, each series' "
               "value there interpolated linearly.",
         examples=(('TimeSeriesThread[Total, {TimeSeries[{1, 2, 3}], TimeSeries[{10, 20, '
                    '30}]}]["Values"]', "{11, 22, 33}"),))
def time_series_thread(ev, f, list_of_series):
    if not is_list(list_of_series) or not list_of_series.args:
        return None
    found = [read_series(ts if type(ts) is Expr and ts.head is TIME_SERIES
                         else ev.evaluate(Expr(TIME_SERIES, ts)))
             for ts in list_of_series.args]
    if any(s is None for s in found) or len({s.date_length for s in found}) != 1:
        return None
    lo = max(s.times[0] for s in found)
    hi = min(s.times[-1] for s in found)
    times = np.unique(np.concatenate([s.times for s in found]))
    times = times[(times >= lo - 1e-12) & (times <= hi + 1e-12)]
    if not len(times):
        return None
    columns = []
    for s in found:
        at = [_value_at(ev, s, _number(t)) for t in times]
        if any(v is None for v in at):
            return None
        columns.append(at)
    values = [ev.evaluate(Expr(f, mklist(list(row)))) for row in zip(*columns)]
    return series_expr(times, mklist(values), found[0].date_length)


def _calendar_count(first: float, last: float, step, length: int) -> int:
    k = 1
    while _stamps(first, length, step, k + 1)[-1] <= last + 1e-9:
        k += 1
    return k


@builtin("TimeSeriesShift", argc=2, messages=_MESSAGES,
         usage="TimeSeriesShift[ts, dt] shifts the times of the time series ts by dt (a number, "
               "days on a date series, or a unit such as {1, \"Week\"}).",
         examples=(('TimeSeriesShift[TimeSeries[{1, 2}], 10]["Times"]', "{10, 11}"),))
def time_series_shift(ev, ts, shift):
    series = read_series(ts)
    step = _step_of(shift, series.date_length) if series is not None else None
    if step is None and series is not None:
        n = float_value(shift)                       # a shift back: a negative number
        step = (n * (86400.0 if series.date_length else 1.0), None) if n is not None else None
    if step is None:
        return None
    times = _stamps(0.0, series.date_length, step, 2)[1] if step[1] is None else None
    shifted = series.times + times if times is not None else np.array(
        [_stamps(t, series.date_length, step, 2)[1] for t in series.times])
    return series.with_values(series.values, shifted)


@builtin("TimeSeriesAggregate", argc=(2, 3), messages={**_MESSAGES,
                                                      "wspec": "`1` is not a valid window width."},
         usage="TimeSeriesAggregate[ts, dt] is the mean of the values of ts in each window of "
               "width dt (left-closed, right-open, from the first time; empty ones dropped), "
               "stamped at the window's centre; TimeSeriesAggregate[ts, dt, f] applies f "
               "instead; {dt, Left|Center|Right} places the stamps.  ts may be a list of "
               "values, {t, v} pairs or a TimeSeries.",
         examples=(("TimeSeriesAggregate[{1, 2, 3, 4, 5, 6, 7}, 3, Total]", "{6, 15, 7}"),))
def time_series_aggregate(ev, data, width, f=S.Mean):
    found = _windowed_series(ev, data)
    if found is None:
        return None
    series, pairs, plain = found
    size, align = width, "Center"
    if is_list(width) and len(width.args) == 2:
        size, align = width.args[0], getattr(width.args[1], "name", None)
    step = _step_of(size, series.date_length)
    if step is None or align not in ("Left", "Center", "Right"):
        ev.message(Symbol("TimeSeriesAggregate"), "wspec", width)
        return None
    first, last = series.times[0], series.times[-1]
    edges = [first]
    while edges[-1] <= last:
        edges.append(_stamps(first, series.date_length, step, len(edges) + 1)[-1])
    slot = np.searchsorted(np.asarray(edges), series.times, side="right") - 1
    stamps, values = [], []
    for k in range(len(edges) - 1):
        rows = np.nonzero(slot == k)[0]
        if not len(rows):
            continue                                   # an empty window is dropped
        lo, hi = edges[k], edges[k + 1]
        stamps.append({"Left": lo, "Right": hi, "Center": (lo + hi) / 2}[align])
        values.append(ev.evaluate(Expr(f, _take(series.values, int(rows[0]), int(rows[-1]) + 1))))
    if plain:
        return mklist(values)
    result = series_expr(stamps, mklist(values), series.date_length)
    return result if pairs is None else _path(read_series(result), [_number(t) for t in stamps])


# The paths of other temporal forms, by head, for list plots: modules that import this
# one add theirs (random_processes: TemporalData), so this module need not import them.
PLOTTED_PATHS: dict = {}


def plot_path(e, dated: bool):
    """A series as the data a list plot draws (its path; with dates for DateListPlot), a
    TemporalData as its paths; any other expression as it is.  A list of data sets has each of its series replaced."""
    if type(e) is Expr and type(e.head) is Symbol and e.head.name in PLOTTED_PATHS:
        paths = PLOTTED_PATHS[e.head.name](e)       # several paths: one data set each
        return e if paths is None else paths
    series = read_series(e)
    if series is not None:
        stamps = series.time_exprs() if dated and series.date_length else \
            [_number(t) for t in series.times]
        return _path(series, stamps)
    if is_list(e) and packed_array(e) is None and any(
            type(a) is Expr and a.head is TIME_SERIES and read_series(a) is not None
            for a in e.args):                   # (a packed array holds numbers only)
        return mklist([plot_path(a, dated) for a in e.args])
    return e


# ---------------------------------------------------------------------------- display

def _time_text(series: Series, t: float) -> str:
    if series.date_length:
        moment = _EPOCH_1900 + _dt.timedelta(seconds=float(t))
        if series.date_length <= 2:                  # month or year dates: as coarse
            return f"{moment:%b %Y}" if series.date_length == 2 else f"{moment:%Y}"
        text = f"{moment.day:02d} {moment:%b %Y}"
        return text if series.date_length == 3 else f"{text} {moment:%H:%M:%S}"
    from wlnet.syntax.printer import output_form
    return output_form(_number(t))


def _summary(e) -> str | None:
    """``TimeSeries[Time: 01 Jan 2020 to 26 Oct 2020, Data points: 300]``, WL's summary."""
    series = read_series(e)
    if series is None:
        return None
    return (f"TimeSeries[Time: {_time_text(series, series.times[0])} to "
            f"{_time_text(series, series.times[-1])}, Data points: {len(series.times)}]")


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("TimeSeries", _summary)
