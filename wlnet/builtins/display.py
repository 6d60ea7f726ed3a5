"""What notebooks use to show things while a computation runs, read as a text session
would: ``Monitor``, ``PrintTemporary``, ``Dynamic``, ``ProgressIndicator``, the display
wrappers ``Labeled``, ``Framed``, ``Panel``, ``Tooltip``, ``Pane``, ``Magnify``,
``Overlay``, and time: ``Pause``, ``SessionTime``, ``DateString``.

``Monitor[expr, mon]`` is the value of expr (there is no panel to show mon in);
``PrintTemporary`` prints as Print does (a terminal keeps what it printed); the wrappers
stay as they are, as in WL, so that code building them runs.
"""

from __future__ import annotations

import time

from wlnet.core.expr import NULL, Expr, Integer, Real, S, String
from wlnet.core.registry import builtin, declare

_SESSION_START = time.time()

for _name, _usage in (
        ("Labeled", "Labeled[expr, label] is expr shown with a label."),
        ("Framed", "Framed[expr] is expr shown in a frame."),
        ("Panel", "Panel[expr] is expr shown in a panel."),
        ("Tooltip", "Tooltip[expr, label] is expr with a tooltip label."),
        ("Pane", "Pane[expr] is expr shown in a pane of a given size."),
        ("Magnify", "Magnify[expr, r] is expr shown magnified by r."),
        ("Overlay", "Overlay[{e1, e2, …}] is the ei shown on top of each other."),
        ("ProgressIndicator", "ProgressIndicator[x] is a progress bar at x (from 0 to 1)."),
):
    declare(_name, attributes=("Protected",), usage=_usage)

declare("Dynamic", attributes=("HoldFirst", "Protected"),
        usage="Dynamic[expr] is expr shown as its value updates (a text session shows it as "
              "it is).")


@builtin("Monitor", argc=2, attributes=("HoldAll", "Protected"),
         usage="Monitor[expr, mon] evaluates expr, showing mon as it goes (in a notebook), and "
               "gives the value of expr.",
         examples=(("Monitor[Total[Range[10]], i]", "55"),))
def monitor(ev, body, shown):
    return ev.evaluate(body)


@builtin("PrintTemporary", usage="PrintTemporary[e1, e2, …] prints as Print does (a notebook "
                                 "removes it when the evaluation ends).",
         examples=(("PrintTemporary[\"working\"]", "Null"),))
def print_temporary(ev, *args):
    from wlnet.builtins.session_io import print_
    return print_(ev, *args)


@builtin("Pause", argc=1, messages={"numnm": "Non-negative machine-sized number expected at "
                                              "position 1 in `1`."},
         usage="Pause[n] waits n seconds.",
         examples=(("Pause[0.01]", "Null"),))
def pause(ev, n):
    seconds = float(n.value) if type(n) in (Integer, Real) else None
    if seconds is None or seconds < 0:
        ev.message(S.Pause, "numnm", Expr(S.Pause, n))
        return None
    end = time.monotonic() + seconds
    while True:                      # in short waits, so that an abort is taken promptly
        left = end - time.monotonic()
        if left <= 0:
            return NULL
        time.sleep(min(left, 0.05))
        if ev.abort_requested:
            ev.check_abort()


@builtin("SessionTime", argc=0, usage="SessionTime[] is the number of seconds since wlnet "
                                      "started.",
         examples=(("SessionTime[] > 0", "True"),))
def session_time(ev):
    return Real(time.time() - _SESSION_START)


# DateString's named elements: WL's name -> strftime piece (or a function of the time)
_ELEMENTS = {
    "Year": "%Y", "YearShort": "%y", "Month": "%m", "MonthName": "%B", "MonthNameShort": "%b",
    "Day": "%d", "DayName": "%A", "DayNameShort": "%a", "Hour": "%H", "Hour24": "%H",
    "Hour12": "%I", "AMPM": "%p", "Minute": "%M", "Second": "%S",
    "MonthShort": lambda t: str(t.tm_mon), "DayShort": lambda t: str(t.tm_mday),
    "HourShort": lambda t: str(t.tm_hour), "MinuteShort": lambda t: str(t.tm_min),
    "SecondShort": lambda t: str(t.tm_sec),
}
_FORMATS = {
    "DateTime": ["DayNameShort", " ", "DayShort", " ", "MonthNameShort", " ", "Year", " ",
                 "Hour", ":", "Minute", ":", "Second"],
    "Date": ["DayName", ", ", "MonthName", " ", "DayShort", ", ", "Year"],
    "Time": ["Hour", ":", "Minute", ":", "Second"],
    "ISODate": ["Year", "-", "Month", "-", "Day"],
    "ISODateTime": ["Year", "-", "Month", "-", "Day", "T", "Hour", ":", "Minute", ":", "Second"],
    "DateShort": ["DayNameShort", " ", "DayShort", " ", "MonthNameShort", " ", "Year"],
}


def _piece(name: str, t) -> str:
    element = _ELEMENTS.get(name)
    if element is None:
        return name                  # a separator: itself
    return element(t) if callable(element) else time.strftime(element, t)


@builtin("DateString", argc=(0, 2),
         messages={"str": "`1` is not a known date format or date element."},
         usage="DateString[] is the current date and time as text (\"Sun 6 Dec 2026 "
               "10:04:05\"); DateString[\"ISODate\" | \"ISODateTime\" | \"Time\" | \"Date\" | …] "
               "or DateString[{\"Year\", \"-\", \"Month\", …}] in that form.",
         examples=(("StringLength[DateString[\"ISODate\"]]", "10"),))
def date_string(ev, spec=None, extra=None):
    t = time.localtime()
    if extra is not None:
        return None
    if spec is None:
        parts = _FORMATS["DateTime"]
    elif type(spec) is String and spec.value in _FORMATS:
        parts = _FORMATS[spec.value]
    elif type(spec) is String and spec.value in _ELEMENTS:
        parts = [spec.value]
    elif type(spec) is Expr and spec.head is S.List and all(type(x) is String for x in spec.args):
        parts = [x.value for x in spec.args]
    else:
        ev.message(S.DateString, "str", spec)
        return None
    return String("".join(_piece(p, t) for p in parts))
