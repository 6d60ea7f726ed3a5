"""What notebooks use to show things while a computation runs, read as a text session
would: ``Monitor``, ``PrintTemporary``, ``Dynamic``, ``ProgressIndicator``, the display
wrappers ``Labeled``, ``Framed``, ``Panel``, ``Tooltip``, ``Pane``, ``Magnify``, ``OpenerView``,
``Overlay``, the inert notations ``Subscript``, ``Superscript``, ``PlusMinus``, and time:
``Pause``, ``SessionTime``, ``DateString``.

``Monitor[expr, mon]`` is the value of expr (there is no panel to show mon in);
``PrintTemporary`` prints as Print does (a terminal keeps what it printed); the wrappers
stay as they are, as in WL, so that code building them runs.
"""

from __future__ import annotations

import time

from wlnet.core.expr import NULL, TRUE, Expr, Integer, Real, S, String
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
        ("Callout", "Callout[expr, label] is expr with a label pointing at it (in plots, "
                    "beside the curve or point)."),
        ("Mouseover", "Mouseover[expr, over] shows expr, or over while the mouse is on it "
                      "(a text session shows expr)."),
        ("PopupWindow", "PopupWindow[expr, contents] shows expr; clicked in a notebook it "
                        "opens contents in a window."),
        ("StatusArea", "StatusArea[expr, text] shows expr, and text in a notebook's status "
                       "area while the mouse is on it."),
        ("Hyperlink", "Hyperlink[label, uri] is label linking to uri."),
        ("Button", "Button[label, action] is a button that evaluates action when clicked "
                   "in a notebook."),
        ("EventHandler", "EventHandler[expr, {event :> action, …}] shows expr and runs the "
                         "actions on its events in a notebook."),
        ("OpenerView", "OpenerView[{title, content}] shows an opener with title, and content "
                       "below it while open; OpenerView[{title, content}, True] starts open."),
):
    # a button's action (and a popup's contents) wait for a click: held, as in WL
    held = ("HoldRest",) if _name in ("Button", "PopupWindow") else ()
    declare(_name, attributes=("Protected", *held), usage=_usage)

for _name, _usage in (
        ("Subscript", "Subscript[x, i] is x with the subscript i (shown below it), an inert "
                      "name such as x_1."),
        ("Superscript", "Superscript[x, y] is x with the superscript y (shown above it), "
                        "without the meaning of a power."),
        ("PlusMinus", "PlusMinus[a, b] or a \\[PlusMinus] b is a ± b, with no built-in "
                      "meaning (Around is a number with an uncertainty)."),
        ("MinusPlus", "MinusPlus[a, b] is a ∓ b, with no built-in meaning."),
):
    # not Protected, as in WL: Subscript[x, 1] = 5; N leaves a subscript alone (x_1)
    declare(_name, usage=_usage, settable=True,
            attributes=("NHoldRest",) if _name == "Subscript" else ())

declare("Interpretation", attributes=("HoldAll", "Protected"),
        usage="Interpretation[e, expr] shows as e and stands for expr when read back as "
              "input in a notebook; in evaluation it stays as it is.")
declare("Invisible", attributes=("Protected",),
        usage="Invisible[expr] takes the room expr would but shows nothing.")


def _interpretation_text(e) -> str | None:
    """Interpretation[e, expr] shows as e."""
    if len(e.args) < 2:
        return None
    from wlnet.syntax.printer import output_form
    return output_form(e.args[0])


def _invisible_text(e) -> str | None:
    """Invisible[expr]: spaces as wide as expr's text."""
    if len(e.args) != 1:
        return None
    from wlnet.syntax.printer import output_form
    return " " * len(output_form(e.args[0]))


def _single_lines(*parts):
    """The output texts of parts, None when one takes several lines."""
    from wlnet.syntax.printer import output_form
    texts = [output_form(p) for p in parts]
    return None if any("\n" in t for t in texts) else texts


def _subscript_text(e) -> str | None:
    """x with its subscripts on the line below, as WL's OutputForm shows them."""
    texts = _single_lines(*e.args) if len(e.args) >= 2 else None
    if texts is None:
        return None
    base, sub = texts[0], ",".join(texts[1:])
    return base + " " * len(sub) + "\n" + " " * len(base) + sub


def _superscript_text(e) -> str | None:
    texts = _single_lines(*e.args) if len(e.args) == 2 else None
    if texts is None:
        return None
    base, sup = texts
    return " " * len(base) + sup + "\n" + base


def _sign_pair_text(sign: str):
    def text(e) -> str | None:
        texts = _single_lines(*e.args) if 1 <= len(e.args) <= 2 else None
        if texts is None:
            return None
        return sign + texts[0] if len(texts) == 1 else f"{texts[0]} {sign} {texts[1]}"
    return text


def _framed_text(e) -> str | None:
    """Framed[expr]: its text in a box of box-drawing lines."""
    if not e.args:
        return None
    from wlnet.syntax.printer import output_form
    lines = output_form(e.args[0]).split("\n")
    width = max(len(line) for line in lines)
    return "\n".join(["┌" + "─" * (width + 2) + "┐"]
                     + ["│ " + line.ljust(width) + " │" for line in lines]
                     + ["└" + "─" * (width + 2) + "┘"])


def _register_display():
    from wlnet.syntax.printer import P_PLUS, register_output_format
    register_output_format("Interpretation", _interpretation_text, block=True)
    register_output_format("Invisible", _invisible_text)
    register_output_format("Subscript", _subscript_text, block=True)
    register_output_format("Superscript", _superscript_text, block=True)
    register_output_format("PlusMinus", _sign_pair_text("±"), precedence=P_PLUS)
    register_output_format("MinusPlus", _sign_pair_text("∓"), precedence=P_PLUS)
    register_output_format("Framed", _framed_text, block=True)
    register_output_format("OpenerView", _opener_text, block=True)
    register_output_format("Panel", lambda e: _framed_text(e) if e.args else None, block=True)
    # wrappers a text session shows as what they wrap (their label for a link or button)
    for name in ("Pane", "Magnify", "Tooltip", "Mouseover", "PopupWindow", "StatusArea",
                 "EventHandler", "Hyperlink", "Button"):
        register_output_format(name, _shown_content, transparent=True)
    register_output_format("Text", _text_outside_graphics, block=True)


def _opener_text(e) -> str | None:
    """OpenerView[{title, content}, open]: the title after the opener's triangle (▸ closed,
    ▾ open); an open one has its content below, indented, as a notebook lays it out."""
    from wlnet.syntax.printer import output_form
    if not e.args or not (type(e.args[0]) is Expr and e.args[0].head is S.List
                          and len(e.args[0].args) == 2):
        return None
    title, content = e.args[0].args
    is_open = len(e.args) > 1 and e.args[1] == TRUE
    lines = [("\u25be " if is_open else "\u25b8 ") + output_form(title)]
    if is_open:
        lines += [("  " + line).rstrip() for line in output_form(content).split("\n")]
    return "\n".join(lines)


def _text_outside_graphics(e) -> str | None:
    """Text[expr] outside a graphic shows as expr (TableForm[Text /@ lines] is the lines);
    a Text placed at coordinates keeps its form, as it means a graphics primitive."""
    from wlnet.syntax.printer import output_form
    positional = [a for a in e.args if not (type(a) is Expr and a.head in (S.Rule,
                                                                           S.RuleDelayed))]
    return output_form(e.args[0]) if len(positional) == 1 and e.args[0] is positional[0] \
        else None


def _shown_content(e) -> str | None:
    from wlnet.syntax.printer import output_form
    return output_form(e.args[0]) if e.args else None


_register_display()

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


@builtin("NotebookDelete", argc=(0, 1),
         usage="NotebookDelete[obj] deletes a cell from a notebook; in a session without a "
               "notebook (what PrintTemporary printed stays printed) it does nothing.",
         examples=(("NotebookDelete[PrintTemporary[\"working\"]]", "Null"),))
def notebook_delete(ev, *args):
    return NULL


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


# DateString's named elements: WL's name -> strftime piece or a function of the datetime
_ELEMENTS = {
    "Year": "%Y", "YearShort": "%y", "Month": "%m", "MonthName": "%B", "MonthNameShort": "%b",
    "Day": "%d", "DayName": "%A", "DayNameShort": "%a", "Hour": "%H", "Hour24": "%H",
    "Hour12": "%I", "AMPM": "%p", "Minute": "%M", "Second": "%S",
    "MonthShort": lambda m: str(m.month), "DayShort": lambda m: str(m.day),
    "HourShort": lambda m: str(m.hour), "Hour24Short": lambda m: str(m.hour),
    "Hour12Short": lambda m: str(m.hour % 12 or 12), "MinuteShort": lambda m: str(m.minute),
    "SecondShort": lambda m: str(m.second),
    "Millisecond": lambda m: f"{m.microsecond // 1000:03d}",
    "MillisecondShort": lambda m: str(m.microsecond // 1000),
    "Week": lambda m: f"{m.isocalendar()[1]:02d}",
    "WeekShort": lambda m: str(m.isocalendar()[1]),
    "ISOYear": lambda m: str(m.isocalendar()[0]),
    "ISOWeekDay": lambda m: str(m.isoweekday()),
    "DayOfYear": lambda m: f"{m.timetuple().tm_yday:03d}",
    "Quarter": lambda m: str((m.month - 1) // 3 + 1),
    "QuarterNameShort": lambda m: f"Q{(m.month - 1) // 3 + 1}",
    "QuarterName": lambda m: ("First", "Second", "Third", "Fourth")[(m.month - 1) // 3]
    + " Quarter",
}
_FORMATS = {
    # the named forms as $DateStringFormat's page shows them (Thursday 4 April 2019 …)
    "DateTime": ["DayName", " ", "DayShort", " ", "MonthName", " ", "Year", " ",
                 "Hour", ":", "Minute", ":", "Second"],
    "DateTimeShort": ["DayNameShort", " ", "DayShort", " ", "MonthNameShort", " ", "Year",
                      " ", "Hour", ":", "Minute", ":", "Second"],
    "Date": ["DayName", " ", "DayShort", " ", "MonthName", " ", "Year"],
    "Time": ["Hour", ":", "Minute", ":", "Second"],
    "ISODate": ["Year", "-", "Month", "-", "Day"],
    "ISODateTime": ["Year", "-", "Month", "-", "Day", "T", "Hour", ":", "Minute", ":", "Second"],
    "ISOWeekDate": ["ISOYear", "-W", "Week", "-", "ISOWeekDay"],
    "ISOOrdinalDate": ["Year", "-", "DayOfYear"],
    "DateShort": ["DayNameShort", " ", "DayShort", " ", "MonthNameShort", " ", "Year"],
}


# DateString of a DateObject without a form: as much of the date as its granularity holds
_GRANULARITY_FORMAT = {1: String("Year"), 2: Expr(S.List, String("MonthName"), String(" "),
                                                    String("Year")),
                       3: String("DateShort")}


def _is_date_object(e) -> bool:
    return type(e) is Expr and getattr(e.head, "name", None) == "DateObject"


def _piece(name: str, moment) -> str:
    element = _ELEMENTS.get(name)
    if element is None:
        return name                  # a separator: itself
    return element(moment) if callable(element) else moment.strftime(element)


def _date_parts(spec):
    """DateString's format argument as its list of elements and separators; None if bad."""
    if type(spec) is String and spec.value in _FORMATS:
        return _FORMATS[spec.value]
    if type(spec) is String and spec.value in _ELEMENTS:
        return [spec.value]
    if type(spec) is Expr and spec.head is S.List and all(type(x) is String for x in spec.args):
        return [x.value for x in spec.args]
    return None


@builtin("DateString", argc=(0, 2),
         messages={"str": "`1` is not a known date format or date element.",
                   "date": "`1` is not a valid date specification."},
         usage="DateString[] is the current date and time as text (\"Sun 6 Dec 2026 "
               "10:04:05\"); DateString[\"ISODate\" | \"ISODateTime\" | \"Time\" | \"Date\" | …] "
               "or DateString[{\"Year\", \"-\", \"Month\", …}] in that form; DateString[date] "
               "and DateString[date, form] of a date (DateObject, date list, absolute time).",
         examples=(("StringLength[DateString[\"ISODate\"]]", "10"),
                   ("DateString[{2026, 12, 6}, \"ISODate\"]", "\"2026-12-06\"")))
def date_string(ev, spec=None, extra=None):
    from wlnet.builtins.dates import moment_of
    moment = None
    date_arg = spec
    if spec is not None and (extra is not None or _date_parts(spec) is None):
        found = moment_of(ev, spec)         # DateString[date] or DateString[date, form]
        if found is None:
            ev.message(S.DateString, "date" if extra is not None or type(spec) is not String
                       else "str", spec)
            return None
        moment, spec = found[0], extra
        if spec is None and _is_date_object(date_arg):
            spec = _GRANULARITY_FORMAT.get(found[1])      # a day's date: no time of day
    if moment is None:
        import datetime
        moment = datetime.datetime.now()
    parts = _FORMATS["DateTimeShort"] if spec is None else _date_parts(spec)
    if parts is None:
        ev.message(S.DateString, "str", spec)
        return None
    return String("".join(_piece(p, moment) for p in parts))
