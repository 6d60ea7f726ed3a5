"""Dates and times as scripts use them to stamp logs, name files and measure runs:
``Now``, ``Today``, ``DateObject``, ``DateList``, ``AbsoluteTime``, ``UnixTime``,
``FromUnixTime``, ``DayName``, ``DatePlus``, ``DateDifference``, ``DateRange``,
``DateValue``, ``DayCount``, ``LeapYearQ``, ``FromDateString``, ``TimeObject``; a date plus
a time Quantity, a date minus a date (and ``DateString`` of a given date, in display.py).

A date is WL's ``DateObject[{y, m, d, h, min, s}, granularity, "Gregorian", zone]`` (the
list as long as the granularity: "Day" dates have three elements), on Python's datetime
in the session's local time zone.  ``AbsoluteTime`` counts seconds from 1 January 1900, as
WL does; ``UnixTime`` from 1970.  ``DateDifference`` and ``DatePlus`` take days or
``{n, "unit"}`` and give ``Quantity[n, "Days"]`` as WL does.
"""

from __future__ import annotations

import calendar
import datetime as _dt
import math
import operator
import time

from wlnet.builtins._listutil import float_value
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_upvalue, declare

DATE_OBJECT = Symbol("DateObject")
QUANTITY = Symbol("Quantity")
_EPOCH_1900 = _dt.datetime(1900, 1, 1)
_GRANULARITY = {3: "Day", 2: "Month", 1: "Year", 4: "Hour", 5: "Minute", 6: "Instant"}
_UNITS = {"Second": 1, "Seconds": 1, "Minute": 60, "Minutes": 60, "Hour": 3600,
          "Hours": 3600, "Day": 86400, "Days": 86400, "Week": 604800, "Weeks": 604800}
_MESSAGES = {"date": "`1` is not a valid date specification.",
             "unit": "`1` is not a known time unit."}

declare("DateObject", attributes=("Protected", "ReadProtected"),
        usage="DateObject[{y, m, d, h, min, s}] is a date (shorter lists for coarser dates); "
              "DateObject[] is now.")


def _zone() -> float:
    offset = _dt.datetime.now().astimezone().utcoffset()
    return offset.total_seconds() / 3600 if offset else 0.0


def _date_object(moment: _dt.datetime, length: int = 6) -> Expr:
    parts = [moment.year, moment.month, moment.day, moment.hour, moment.minute]
    values = [Integer(v) for v in parts[:min(length, 5)]]
    if length >= 6:
        values.append(Real(moment.second + moment.microsecond / 1e6))
    return Expr(DATE_OBJECT, Expr(S.List, *values), String(_GRANULARITY[length]),
                String("Gregorian"), Real(_zone()))


def _from_list(values: list) -> _dt.datetime | None:
    numbers = [float_value(v) for v in values]
    if not 1 <= len(numbers) <= 6 or None in numbers or \
            not all(math.isfinite(n) and abs(n) < 1e9 for n in numbers):
        return None
    fields = [int(n) for n in numbers[:5]] + [0] * (5 - min(len(numbers), 5))
    year, month, day, hour, minute = fields
    month, day = month or 1, day or 1
    seconds = numbers[5] if len(numbers) == 6 else 0.0
    try:
        base = _dt.datetime(year, 1, 1)
        # months and days beyond their range carry over, as WL's date lists do
        moment = _add_months(base, month - 1) + _dt.timedelta(days=day - 1, hours=hour,
                                                              minutes=minute, seconds=seconds)
    except (ValueError, OverflowError):
        return None
    return moment


def _add_months(moment: _dt.datetime, months: int) -> _dt.datetime:
    index = moment.month - 1 + months
    year, month = moment.year + index // 12, index % 12 + 1
    day = min(moment.day, calendar.monthrange(year, month)[1])
    return moment.replace(year=year, month=month, day=day)


def _add_calendar(moment: _dt.datetime, n: float, months_per_unit: int) -> _dt.datetime:
    """moment plus n months (or years: 12 months a unit): whole units as the calendar
    counts them, then the fraction of the next one (Jan 1 + 1.5 months is Feb 15 at noon,
    half of February 2020's 29 days), as DateDifference counts them back."""
    whole = math.floor(n)
    start = _add_months(moment, whole * months_per_unit)
    fraction = n - whole
    if not fraction:
        return start
    end = _add_months(moment, (whole + 1) * months_per_unit)
    return start + (end - start) * fraction


def moment_of(ev, e) -> tuple[_dt.datetime, int] | None:
    """(datetime, number of date-list elements) of a date: a DateObject, a date list, an
    absolute time in seconds (from 1900) or a date string Python can read."""
    if type(e) is Expr and e.head is DATE_OBJECT and e.args and \
            type(e.args[0]) is Expr and e.args[0].head is S.List:
        moment = _from_list(list(e.args[0].args))
        return None if moment is None else (moment, len(e.args[0].args))
    if type(e) is Expr and e.head is S.List:
        moment = _from_list(list(e.args))
        return None if moment is None else (moment, len(e.args))
    seconds = float_value(e)
    if seconds is not None:
        if not math.isfinite(seconds):
            return None
        return _EPOCH_1900 + _dt.timedelta(seconds=seconds), 6
    if type(e) is String:
        text = " ".join(e.value.split())
        for form, length in _DATE_STRING_FORMS:
            try:
                return _dt.datetime.strptime(text, form), length
            except ValueError:
                continue
    return None


# The date strings read (strptime forms), each with how many date-list elements it gives
# (its granularity: "2024-03-15 10:00" is to the minute, "March 2024" a month).
_DATE_STRING_FORMS = (
    ("%Y-%m-%dT%H:%M:%S", 6), ("%Y-%m-%d %H:%M:%S", 6), ("%Y-%m-%dT%H:%M:%S.%f", 6),
    ("%Y-%m-%d %H:%M:%S.%f", 6), ("%Y-%m-%dT%H:%M", 5), ("%Y-%m-%d %H:%M", 5),
    ("%Y-%m-%d", 3), ("%Y/%m/%d", 3), ("%Y/%m/%d %H:%M:%S", 6), ("%Y/%m/%d %H:%M", 5),
    ("%m/%d/%Y", 3), ("%m/%d/%Y %H:%M:%S", 6), ("%m/%d/%Y %H:%M", 5),
    ("%d %B %Y", 3), ("%d %b %Y", 3), ("%B %d, %Y", 3), ("%b %d, %Y", 3), ("%B %d %Y", 3),
    ("%b %d %Y", 3), ("%a %d %b %Y %H:%M:%S", 6), ("%A, %B %d, %Y", 3),
    ("%d %B %Y %H:%M:%S", 6), ("%d %B %Y %H:%M", 5), ("%B %d, %Y %H:%M:%S", 6),
    ("%B %d, %Y %H:%M", 5), ("%Y-%m", 2), ("%B %Y", 2), ("%b %Y", 2),
)


def _moment_or_message(ev, head, e):
    try:
        found = moment_of(ev, e)
    except (ValueError, OverflowError):          # beyond the calendar's years
        found = None
    if found is None:
        ev.message(head, "date", e)
    return found


# Now and Today are symbols whose values are computed when evaluated: their own values are
# the unevaluated DateObject calls, evaluated each time the symbol is.
declare("Now", value=Expr(DATE_OBJECT), delayed=True,
        usage="Now is the current date and time as a DateObject.")
declare("Today", value=Expr(DATE_OBJECT, Expr(DATE_OBJECT), String("Day")), delayed=True,
        usage="Today is the current date as a DateObject of granularity \"Day\".")
for _name, _days in (("Tomorrow", 1), ("Yesterday", -1)):
    declare(_name, value=Expr(S.DatePlus, Symbol("Today"), Integer(_days)), delayed=True,
            usage=f"{_name} is the date {'after' if _days > 0 else 'before'} today, a "
                  "DateObject of granularity \"Day\".")
_LENGTH_OF = {name: n for n, name in _GRANULARITY.items()}


@builtin("DateObject", argc=(0, None), messages=_MESSAGES,
         usage="DateObject[] is now; DateObject[{y, m, d, …}] a date; DateObject[\"text\"] the "
               "date a date string gives.",
         examples=(("First[DateObject[{2024, 2, 30}]]", "{2024, 3, 1}"),))
def date_object(ev, spec=None, *rest):
    if spec is None:
        return _date_object(_dt.datetime.now())
    if type(spec) is Expr and spec.head is S.List and len(rest) >= 1 and \
            not (type(rest[0]) is String and rest[0].value in _LENGTH_OF
                 and _LENGTH_OF[rest[0].value] != len(spec.args)):
        normal = _normal_list(spec)
        return None if normal is None or normal == spec else \
            Expr(DATE_OBJECT, normal, *rest)
    found = _moment_or_message(ev, S.DateObject, spec)
    if found is None:
        return None
    moment, length = found
    if rest and type(rest[0]) is String and rest[0].value in _LENGTH_OF:
        length = _LENGTH_OF[rest[0].value]           # DateObject[date, "Day"]: its day
    return _date_object(moment, length)


def _normal_list(spec):
    """A date list with its carries done (Feb 30 is Mar 1), at its own length."""
    moment = _from_list(list(spec.args))
    if moment is None:
        return None
    return _date_object(moment, len(spec.args)).args[0]


@builtin("DateList", argc=(0, 1), messages=_MESSAGES,
         usage="DateList[] is {y, m, d, h, min, s} now; DateList[date] of a date, an absolute "
               "time or a date string.",
         examples=(("DateList[0]", "{1900, 1, 1, 0, 0, 0.}"),
                   ("DateList[{2024, 13, 1}]", "{2025, 1, 1, 0, 0, 0.}")))
def date_list(ev, spec=None):
    found = (_dt.datetime.now(), 6) if spec is None else _moment_or_message(ev, S.DateList,
                                                                            spec)
    if found is None:
        return None
    return _date_object(found[0]).args[0]


def _absolute(moment: _dt.datetime) -> float:
    return (moment - _EPOCH_1900).total_seconds()


@builtin("AbsoluteTime", argc=(0, 1), messages=_MESSAGES,
         usage="AbsoluteTime[] is the number of seconds since 1 January 1900 (local time); "
               "AbsoluteTime[date] that of a date.",
         examples=(("AbsoluteTime[{1900, 1, 2}]", "86400"),))
def absolute_time(ev, spec=None):
    if spec is None:
        return Real(_absolute(_dt.datetime.now()))
    found = _moment_or_message(ev, S.AbsoluteTime, spec)
    if found is None:
        return None
    seconds = _absolute(found[0])
    return Integer(int(seconds)) if seconds == int(seconds) else Real(seconds)


@builtin("UnixTime", argc=(0, 1), messages=_MESSAGES,
         usage="UnixTime[] is the number of whole seconds since 1 January 1970 UTC; "
               "UnixTime[date] that of a date (local time).",
         examples=(("UnixTime[] > 1700000000", "True"),))
def unix_time(ev, spec=None):
    if spec is None:
        return Integer(int(time.time()))
    found = _moment_or_message(ev, S.UnixTime, spec)
    if found is None:
        return None
    return Integer(int(found[0].astimezone().timestamp()))


@builtin("FromUnixTime", argc=1, messages=_MESSAGES,
         usage="FromUnixTime[t] is the DateObject of t seconds after 1 January 1970 UTC.",
         examples=(("Length[First[FromUnixTime[0]]]", "6"),))
def from_unix_time(ev, t):
    seconds = float_value(t)
    if seconds is None:
        return None
    try:
        return _date_object(_dt.datetime.fromtimestamp(seconds))
    except (ValueError, OverflowError, OSError):     # beyond the platform's time range
        ev.message(S.FromUnixTime, "date", t)
        return None


@builtin("DayName", argc=(0, 1), messages=_MESSAGES,
         usage="DayName[] is the day of the week today (Monday, Tuesday, …); DayName[date] of "
               "a date.",
         examples=(("DayName[{2026, 12, 6}]", "Sunday"),))
def day_name(ev, spec=None, caller=S.DayName):
    found = (_dt.datetime.now(), 3) if spec is None else _moment_or_message(ev, caller, spec)
    if found is None:
        return None
    return Symbol(calendar.day_name[found[0].weekday()])


def _step(ev, spec):
    """DatePlus's and DateDifference's amounts: n (days), {n, "unit"}, Quantity[n, unit]."""
    if type(spec) is Expr and spec.head in (S.List, QUANTITY) and len(spec.args) == 2:
        n, unit = float_value(spec.args[0]), spec.args[1]
        name = unit.value if type(unit) is String else getattr(unit, "name", None)
        return (n, name) if n is not None and math.isfinite(n) else None
    n = float_value(spec)
    return (n, "Days") if n is not None and math.isfinite(n) else None


@builtin("DatePlus", argc=(1, 2), messages=_MESSAGES,
         usage="DatePlus[date, n] is the date n days later; DatePlus[date, {n, \"unit\"}] "
               "(\"Week\", \"Month\", \"Year\", \"Hour\"…) n units later.",
         examples=(("DatePlus[{2026, 1, 31}, {1, \"Month\"}]", "{2026, 2, 28}"),
                   ("DatePlus[{2026, 12, 30}, 3]", "{2027, 1, 2}")))
def date_plus(ev, date, amount=Integer(1)):
    found = _moment_or_message(ev, S.DatePlus, date)
    step = _step(ev, amount)
    if found is None or step is None:
        return None
    moment, length = found
    n, unit = step
    unit = (unit or "Days").rstrip("s") + "s"
    if unit not in _UNITS and unit not in ("Months", "Years"):
        ev.message(S.DatePlus, "unit", amount)
        return None
    try:
        if unit in ("Months", "Years"):
            moment = _add_calendar(moment, n, 12 if unit == "Years" else 1)
        else:
            moment = moment + _dt.timedelta(seconds=n * _UNITS[unit])
    except (ValueError, OverflowError):           # beyond the calendar's years
        ev.message(S.DatePlus, "date", date)
        return None
    if moment.time() != _dt.time() and length < 6:   # a fraction of a day: keep the time
        length = 6
    if type(date) is Expr and date.head is S.List:           # a date list gives a date list
        return _date_object(moment, length).args[0]
    return _date_object(moment, length)


@builtin("DateDifference", argc=(2, 3), messages=_MESSAGES,
         usage="DateDifference[d1, d2] is the time from d1 to d2 as Quantity[n, \"Days\"]; "
               "DateDifference[d1, d2, \"unit\"] in that unit (months and years as the "
               "calendar counts them: whole ones, then a fraction of the next).",
         examples=(("DateDifference[{2026, 1, 1}, {2026, 3, 1}]", 'Quantity[59, "Days"]'),
                   ("DateDifference[{2026, 1, 1}, {2026, 1, 2}, \"Hour\"]",
                    'Quantity[24, "Hours"]')))
def date_difference(ev, d1, d2, unit=None):
    a, b = _moment_or_message(ev, S.DateDifference, d1), \
        _moment_or_message(ev, S.DateDifference, d2)
    if a is None or b is None:
        return None
    if type(unit) is Expr and unit.head is S.List:
        return _mixed_difference(ev, a[0], b[0], unit)
    name = unit.value if type(unit) is String else "Day"
    plural = name.rstrip("s") + "s"
    if plural == "Years":
        value = _years_between(a[0], b[0])
    elif plural in _CALENDAR_MONTHS:
        value = _months_between(a[0], b[0]) / _CALENDAR_MONTHS[plural]
    elif plural in _UNITS:
        value = (b[0] - a[0]).total_seconds() / _UNITS[plural]
    else:
        ev.message(S.DateDifference, "unit", unit)
        return None
    number = Integer(int(value)) if value == int(value) else Real(float(value))
    return Expr(QUANTITY, number, String(plural))


_CALENDAR_MONTHS = {"Months": 1, "Years": 12}


def _mixed_difference(ev, a: _dt.datetime, b: _dt.datetime, units):
    """DateDifference[d1, d2, {"Year", "Month", …}]: whole years, then whole months of
    what is left, …, the last unit taking the rest (a fraction where it does not divide),
    as Quantity[MixedMagnitude[{…}], MixedUnit[{…}]]."""
    names = []
    for u in units.args:
        if type(u) is not String:
            ev.message(S.DateDifference, "unit", units)
            return None
        plural = u.value.rstrip("s") + "s"
        if plural not in _UNITS and plural not in _CALENDAR_MONTHS:
            ev.message(S.DateDifference, "unit", units)
            return None
        names.append(plural)
    if not names:
        return None
    sign, (a, b) = (1, (a, b)) if b >= a else (-1, (b, a))
    amounts = []
    for k, name in enumerate(names):
        last = k == len(names) - 1
        if name in _CALENDAR_MONTHS:
            value = _months_between(a, b) / _CALENDAR_MONTHS[name] if name == "Months" \
                else _years_between(a, b)
        else:
            value = (b - a).total_seconds() / _UNITS[name]
        whole = value if last else math.floor(value + 1e-9)
        amounts.append(whole)
        if not last:
            a = _add_months(a, whole * _CALENDAR_MONTHS[name]) if name in _CALENDAR_MONTHS \
                else a + _dt.timedelta(seconds=whole * _UNITS[name])
    numbers = [Integer(sign * int(round(v))) if abs(v - round(v)) < 1e-9
               else Real(sign * float(v)) for v in amounts]
    return Expr(QUANTITY, Expr(Symbol("MixedMagnitude"), Expr(S.List, *numbers)),
                Expr(Symbol("MixedUnit"), Expr(S.List, *map(String, names))))


def _months_between(a: _dt.datetime, b: _dt.datetime) -> float:
    """The months from a to b as the calendar counts them: whole months, then the rest as
    a fraction of the month it falls in (1 Jan to 15 Mar is 2 + 14/31); in years, whole
    years and a fraction of the year the rest falls in."""
    if b < a:
        return -_months_between(b, a)
    whole = (b.year - a.year) * 12 + b.month - a.month
    while whole > 0 and _add_months(a, whole) > b:
        whole -= 1
    start, end = _add_months(a, whole), _add_months(a, whole + 1)
    return whole + (b - start) / (end - start)


def _years_between(a: _dt.datetime, b: _dt.datetime) -> float:
    if b < a:
        return -_years_between(b, a)
    months = _months_between(a, b)
    whole = int(months // 12)
    start, end = _add_months(a, 12 * whole), _add_months(a, 12 * whole + 12)
    return whole + (b - start) / (end - start)


# ---------------------------------------------------------------------------- arithmetic

def _is_date(e) -> bool:
    return type(e) is Expr and e.head is DATE_OBJECT


def _negated_date(e):
    """d of -d (Times[-1, d]) for a DateObject d, else None."""
    if type(e) is Expr and e.head is S.Times and len(e.args) == 2 and \
            e.args[0] == Integer(-1) and _is_date(e.args[1]):
        return e.args[1]
    return None


@builtin_upvalue("Plus", "DateObject")
def _date_plus_quantity(ev, *terms):
    """date + Quantity[n, unit] is DatePlus[date, {n, unit}]; d1 - d2 is the time between."""
    dates = [t for t in terms if _is_date(t)]
    if len(dates) != 1 or len(terms) != 2:
        return None
    other = terms[1] if terms[0] is dates[0] else terms[0]
    if type(other) is Expr and other.head is QUANTITY and len(other.args) == 2:
        return date_plus(ev, dates[0], other)
    earlier = _negated_date(other)
    if earlier is not None:
        return date_difference(ev, earlier, dates[0])
    return None


# ---------------------------------------------------------------------------- ranges, parts

def _step_delta(ev, head, spec):
    """DateRange's step: (n, unit name) of n (days), {n, unit}, "unit" or Quantity."""
    if type(spec) is String:
        return 1, spec.value
    step = _step(ev, spec)
    if step is None or step[0] <= 0:
        ev.message(head, "unit", spec)
        return None
    return step


def _advanced(moment, n, unit: str):
    unit = unit.rstrip("s") + "s"
    if unit in ("Months", "Years", "Quarters"):
        months = {"Months": 1, "Quarters": 3, "Years": 12}[unit]
        return _add_months(moment, int(n * months))
    if unit not in _UNITS:
        return None
    return moment + _dt.timedelta(seconds=n * _UNITS[unit])


_MAX_RANGE = 1_000_000


@builtin("DateRange", argc=(2, 3), messages=_MESSAGES,
         usage="DateRange[d1, d2] is every day from d1 to d2; DateRange[d1, d2, step] every "
               "step (n days, {n, \"unit\"} or \"Week\", \"Month\", \"Year\", …).",
         examples=(("Length[DateRange[{2024, 1, 1}, {2024, 1, 31}]]", "31"),
                   ("First /@ DateRange[{2024, 1, 31}, {2024, 4, 30}, \"Month\"]",
                    "{{2024, 1, 31}, {2024, 2, 29}, {2024, 3, 31}, {2024, 4, 30}}")))
def date_range(ev, d1, d2, step=Integer(1)):
    a, b = _moment_or_message(ev, S.DateRange, d1), _moment_or_message(ev, S.DateRange, d2)
    delta = _step_delta(ev, S.DateRange, step)
    if a is None or b is None or delta is None:
        return None
    n, unit = delta
    length = max(a[1], b[1]) if unit.rstrip("s") in ("Day", "Week", "Month", "Year",
                                                       "Quarter") else 6
    length = min(length, 3) if unit.rstrip("s") in ("Day", "Week", "Month", "Year",
                                                     "Quarter") else 6
    out, k = [], 0
    while True:
        # from the start each time, so that months keep their day (Jan 31, Feb 29, Mar 31)
        moment = _advanced(a[0], n * k, unit)
        if moment is None:
            ev.message(S.DateRange, "unit", step)
            return None
        if moment > b[0] or k > _MAX_RANGE:
            break
        out.append(_date_object(moment, length))
        k += 1
    return Expr.from_args(S.List, out)


_DATE_VALUES = {
    "Year": lambda m: Integer(m.year), "Month": lambda m: Integer(m.month),
    "Day": lambda m: Integer(m.day), "Hour": lambda m: Integer(m.hour),
    "Minute": lambda m: Integer(m.minute),
    "Second": lambda m: Real(m.second + m.microsecond / 1e6),
    "DayName": lambda m: Symbol(calendar.day_name[m.weekday()]),
    "MonthName": lambda m: String(calendar.month_name[m.month]),
    "DayNameShort": lambda m: String(calendar.day_abbr[m.weekday()]),
    "MonthNameShort": lambda m: String(calendar.month_abbr[m.month]),
    "Quarter": lambda m: Integer((m.month - 1) // 3 + 1),
    "Week": lambda m: Integer(m.isocalendar()[1]),
    "ISOWeekDay": lambda m: Integer(m.isoweekday()),
    "DayOfYear": lambda m: Integer(m.timetuple().tm_yday),
    "DateList": lambda m: _date_object(m).args[0],
}


@builtin("DateValue", argc=(1, 2), messages=dict(_MESSAGES, elem="`1` is not a known date "
                                                  "element."),
         usage="DateValue[date, \"elem\"] is one element of a date: \"Year\", \"Month\", "
               "\"Day\", \"Hour\", \"Minute\", \"Second\", \"DayName\", \"MonthName\", "
               "\"Quarter\", \"Week\", \"DayOfYear\", …; a list of them gives a list.",
         examples=(("DateValue[{2024, 3, 5}, {\"Year\", \"Month\"}]", "{2024, 3}"),))
def date_value(ev, date, element=None):
    if element is None:
        date, element = Expr(DATE_OBJECT), date
    if type(date) is Expr and date.head is S.List and date.args and all(
            type(d) is Expr and d.head in (DATE_OBJECT, S.List) or type(d) is String
            for d in date.args):
        # a list of dates (not a date list {y, m, d}): the element of each
        each = [date_value(ev, d, element) for d in date.args]
        return None if any(v is None for v in each) else Expr.from_args(S.List, each)
    found = _moment_or_message(ev, S.DateValue, date)
    if found is None:
        return None
    names = element.args if type(element) is Expr and element.head is S.List else (element,)
    values = []
    for name in names:
        f = _DATE_VALUES.get(name.value) if type(name) is String else None
        if f is None:
            ev.message(S.DateValue, "elem", name)
            return None
        values.append(f(found[0]))
    return Expr.from_args(S.List, values) if element is not names[0] else values[0]


@builtin("DayCount", argc=2, messages=_MESSAGES,
         usage="DayCount[d1, d2] is the number of days from d1 to d2.",
         examples=(("DayCount[{2024, 1, 1}, {2024, 3, 1}]", "60"),))
def day_count(ev, d1, d2):
    a, b = _moment_or_message(ev, S.DayCount, d1), _moment_or_message(ev, S.DayCount, d2)
    if a is None or b is None:
        return None
    return Integer((b[0].date() - a[0].date()).days)


@builtin("LeapYearQ", argc=1,
         usage="LeapYearQ[y] is True when the year y (or the year of a date) is a leap year.",
         examples=(("LeapYearQ /@ {2024, 2000, 1900}", "{True, True, False}"),))
def leap_year_q(ev, e):
    if type(e) is Integer:
        return TRUE if calendar.isleap(e.value) else FALSE
    found = moment_of(ev, e)
    if found is None:
        return None
    return TRUE if calendar.isleap(found[0].year) else FALSE


@builtin("FromDateString", argc=(1, 2), messages=_MESSAGES,
         usage="FromDateString[\"s\"] is the DateObject a date string stands for "
               "(\"2024-03-05\", \"2024-03-05T14:07:09\", \"5 March 2024\", …).",
         examples=(("First[FromDateString[\"2024-03-05\"]]", "{2024, 3, 5}"),))
def from_date_string(ev, text, form=None):
    if type(text) is not String:
        return None
    return date_object(ev, text)


# ---------------------------------------------------------------------------- TimeObject

TIME_OBJECT = Symbol("TimeObject")
_TIME_GRANULARITY = {1: "Hour", 2: "Minute", 3: "Instant"}


def _time_object(hour: int, minute: int, second: float, length: int) -> Expr:
    parts = [Integer(hour), Integer(minute), Real(float(second))][:length]
    return Expr(TIME_OBJECT, Expr.from_args(S.List, parts),
                String(_TIME_GRANULARITY[length]), Real(_zone()))


@builtin("TimeObject", argc=(0, None), messages=_MESSAGES,
         usage="TimeObject[] is the time now; TimeObject[{h, m, s}] a time of day (shorter "
               "lists for coarser times); TimeObject[date] the time of a date.",
         examples=(("First[TimeObject[{14, 7, 9}]]", "{14, 7, 9.}"),))
def time_object(ev, spec=None, *rest):
    if spec is None:
        now = _dt.datetime.now()
        return _time_object(now.hour, now.minute, now.second + now.microsecond / 1e6, 3)
    if type(spec) is Expr and spec.head is S.List and 1 <= len(spec.args) <= 3:
        values = [float_value(v) for v in spec.args]
        if None in values or not all(math.isfinite(v) for v in values):
            ev.message(S.TimeObject, "date", spec)
            return None
        seconds = values[0] * 3600 + (values[1] * 60 if len(values) > 1 else 0) + \
            (values[2] if len(values) > 2 else 0)
        seconds %= 86400
        h, rem = divmod(seconds, 3600)
        m, sec = divmod(rem, 60)
        canonical = _time_object(int(h), int(m), sec, len(values))
        if rest and canonical.args[0] == spec:
            return None                               # already TimeObject[{…}, gran, zone]
        return canonical
    found = _moment_or_message(ev, S.TimeObject, spec)
    if found is None:
        return None
    moment = found[0]
    return _time_object(moment.hour, moment.minute,
                        moment.second + moment.microsecond / 1e6, 3)


def _time_text(t) -> str | None:
    """"14:07:09" (or "14:07", "14:00"), as a time shows in text."""
    if not (type(t) is Expr and t.args and type(t.args[0]) is Expr
            and t.args[0].head is S.List):
        return None
    values = [float_value(v) for v in t.args[0].args]
    if not values or None in values:
        return None
    h, m = int(values[0]), int(values[1]) if len(values) > 1 else 0
    if len(values) < 3:
        return f"{h:02d}:{m:02d}"
    return f"{h:02d}:{m:02d}:{int(values[2]):02d}"


@builtin_upvalue("Normal", "DateObject")
def _normal_date(ev, d, *rest):
    return d.args[0] if d.args else None


def _date_text(d) -> str | None:
    """"Day: Sun 6 Dec 2026", "Instant: Sun 6 Dec 2026 10:04:05", "Minute: Sun 6 Dec 2026
    10:04", "Month: March 2026" or "Year: 2026", as WL shows dates of each granularity."""
    found = moment_of(None, d)
    if found is None:
        return None
    moment, length = found
    if length == 1:
        return f"Year: {moment.year}"
    if length == 2:
        return f"Month: {moment:%B %Y}"
    day = f"{moment:%a} {moment.day} {moment:%b %Y}"
    if length <= 3:
        return f"Day: {day}"
    if length == 4:
        return f"Hour: {day} {moment:%H}h"
    if length == 5:
        return f"Minute: {day} {moment:%H:%M}"
    return f"Instant: {day} {moment:%H:%M:%S}"


from wlnet.syntax.printer import register_output_format  # noqa: E402

register_output_format("DateObject", _date_text)
register_output_format("TimeObject", _time_text)


# ---------------------------------------------------------------------------- comparisons

def _compared(op):
    """``d1 == d2``, ``d1 < d2``…: dates compare as the moments they name (a DateObject's
    granularity and written form aside), so Select[rows, #[[1]] >= start &] works."""
    def compare(ev, *args):
        moments = []
        for a in args:
            if not (type(a) is Expr and a.head is DATE_OBJECT):
                return None
            found = moment_of(ev, a)
            if found is None:
                return None
            moments.append(found[0])
        return TRUE if all(op(x, y) for x, y in zip(moments, moments[1:])) else FALSE
    return compare


for _name, _op in (("Equal", operator.eq), ("Unequal", operator.ne), ("Less", operator.lt),
                   ("Greater", operator.gt), ("LessEqual", operator.le),
                   ("GreaterEqual", operator.ge)):
    builtin_upvalue(_name, "DateObject")(_compared(_op))


def _latest(which):
    """Max (the latest) or Min (the earliest) of dates, lists of dates flattened."""
    def extreme(ev, *args):
        dates = []
        for a in args:
            items = a.args if type(a) is Expr and a.head is S.List else (a,)
            for d in items:
                if not (type(d) is Expr and d.head is DATE_OBJECT):
                    return None
                found = moment_of(ev, d)
                if found is None:
                    return None
                dates.append((found[0], d))
        return which(dates, key=lambda pair: pair[0])[1] if dates else None
    return extreme


builtin_upvalue("Max", "DateObject")(_latest(max))
builtin_upvalue("Min", "DateObject")(_latest(min))


@builtin("DayOfWeek", argc=(0, 1), messages=_MESSAGES,
         usage="DayOfWeek[date] is the day of the week of date (Monday, Tuesday, …), as "
               "DayName gives it; DayOfWeek[] of today.",
         examples=(("DayOfWeek[{2026, 12, 7}]", "Monday"),))
def day_of_week(ev, spec=None):
    return day_name(ev, spec, Symbol("DayOfWeek"))
