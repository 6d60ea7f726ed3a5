"""Form wrappers and conversions between expressions and text.

``MatrixForm``, ``TableForm``, ``InputForm``, ``FullForm``, ``OutputForm`` and ``Short``
are inert wrappers, as in the Wolfram Language: their argument evaluates, the wrapper stays,
and the printer (``wlnet.syntax.printer``) shows the content in that form.  ``ToString``
and ``TextString`` turn an expression into the text a form prints; ``ToExpression`` parses
text and evaluates it.
"""

from __future__ import annotations

from wlnet.core.registry import builtin, declare, read_options
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Real, S, String, Symbol
from wlnet.builtins._listutil import float_value, is_list
from wlnet.builtins.tex_form import tex
from wlnet.syntax.linear_boxes import has_linear_syntax, linear_syntax_text
from wlnet.syntax.printer import (SKELETON, full_form, input_form, output_form,
                                  register_output_format, register_string_display, text_form)

_FAILED = S["$Failed"]

declare("MatrixForm", attributes=("Protected",),
        usage="MatrixForm[m] prints a matrix (a list of lists) as an aligned table, and a "
              "vector as a column; the wrapper stays, its argument evaluates.")
declare("TableForm", attributes=("Protected",),
        usage="TableForm[list] prints the rows and columns of a list as an aligned table.")
declare("InputForm", attributes=("Protected",),
        usage="InputForm[expr] prints expr in the linear input syntax, which parses back to "
              "expr.")
declare("FullForm", attributes=("Protected",),
        usage="FullForm[expr] prints expr with every head written out, as head[args…].")
declare("OutputForm", attributes=("Protected",),
        usage="OutputForm[expr] prints expr as results are shown: strings without quotes, "
              "reals to 6 digits.")
# Two-dimensional notation typed in a notebook, read as input (wlnet.notebook.boxes): inert
# heads, as in the Wolfram Language.
# (Subscript and Superscript are in wlnet.builtins.display: values may be given them)
declare("Overscript", attributes=("Protected",),
        usage="Overscript[x, y] is x with y above it (inert).")
declare("Underscript", attributes=("Protected",),
        usage="Underscript[x, y] is x with y below it (inert).")
declare("Underoverscript", attributes=("Protected",),
        usage="Underoverscript[x, y, z] is x with y below and z above it (inert).")
declare("Short", attributes=("Protected",),
        usage="Short[expr] prints expr on about one line, eliding parts as <<n>>; "
              "Short[expr, n] on about n lines.")
declare("Shallow", attributes=("Protected",),
        usage="Shallow[expr] prints expr down to depth 4 with at most 10 elements at each "
              "level, the rest shown as <<n>>; Shallow[expr, {depth, length}].")
declare("Skeleton", attributes=("Protected",),
        usage="Skeleton[n] stands for n elements left out of a printed expression (by Short "
              "or Shallow) and prints as <<n>>.")
declare("Defer", attributes=("HoldAll", "Protected"),
        usage="Defer[expr] prints as expr unevaluated; it evaluates when it is given back "
              "as input.")
declare("StandardForm", attributes=("Protected",),
        usage="StandardForm[expr] prints expr in the standard output form.")
declare("TraditionalForm", attributes=("Protected",),
        usage="TraditionalForm[expr] prints expr in traditional mathematical notation; in "
              "wlnet's text output, as StandardForm.")

# Text conversions of the forms ToString and ToExpression accept; any other form head
# formats as form[expr] (ToString[e, f] is the text of f[e]).
_TEXT_OF_FORM = {
    "InputForm": input_form,
    "FullForm": full_form,
    "OutputForm": text_form,
    "StandardForm": text_form,
    "TextForm": text_form,
    "TraditionalForm": text_form,
    "TeXForm": tex,
}
_INPUT_FORMS = ("InputForm", "StandardForm", "OutputForm", "TextForm", "TraditionalForm")


def _strip_options(args: tuple) -> tuple:
    """Drop trailing ``name -> value`` options (CharacterEncoding, PageWidth…): they do
    not change the linear text wlnet produces."""
    end = len(args)
    while end > 0 and type(args[end - 1]) is Expr and args[end - 1].head in (S.Rule, S.RuleDelayed):
        end -= 1
    return args[:end]


def _text_in_form(e, form) -> str:
    if type(form) is Symbol and form.name in _TEXT_OF_FORM:
        return _TEXT_OF_FORM[form.name](e)
    return text_form(Expr(form, e))


@builtin(argc=(1, None),
         usage="ToString[expr] gives the text of expr as it prints (OutputForm); "
               "ToString[expr, form] the text in InputForm, FullForm or another form.",
         examples=(("ToString[{1, 2}]", "{1, 2}"), ("ToString[x^2 + 1/3]", "1/3 + x^2"),
                   ('ToString["a", InputForm]', '"a"'),
                   ("ToString[{a, 1.5}, FullForm]", "List[a, 1.5`]")))
def ToString(ev, e, *rest):
    rest = _strip_options(rest)
    if len(rest) > 1:
        ev.message(S.ToString, "argb", S.ToString, len(rest) + 1, 1, 2)
        return None
    if type(e) is String and not rest:
        return e
    return String(_text_in_form(e, rest[0]) if rest else text_form(e))


_TEXT_STRING_OPTIONS = {"AssociationFormat": S.Automatic, "BooleanStrings": S.Automatic,
                        "DateFormat": S.Automatic, "ElidedForms": S.Automatic,
                        "ListFormat": S.Automatic, "MissingString": String(""),
                        "TimeFormat": S.Automatic, "TimeZone": S.Automatic}
# The options given as a list of so many strings, and their Automatic value.
_STRING_LIST_OPTIONS = {"ListFormat": ("{", ", ", "}"), "BooleanStrings": ("True", "False"),
                        "AssociationFormat": ("<|", ", ", "|>", " -> ")}

for _name, _what in (
        ("AssociationFormat", "{left, separator, right, arrow}: how TextString writes an "
                              "association"),
        ("ElidedForms", "None, All, a head or a list of heads: which expressions TextString "
                        "writes as <<head>> (Automatic: graphics, images and other objects "
                        "without a text form)"),
        ("MissingString", "the string TextString writes for a Missing object"),
        ("ListFormat", "{open, separator, close}: how TextString writes a list"),
        ("BooleanStrings", "{t, f}: the strings TextString writes for True and False"),
        ("DateFormat", "the DateString form TextString writes a DateObject in"),
        ("TimeFormat", "the DateString form TextString writes a TimeObject in")):
    declare(_name, attributes=("Protected",), usage=f"{_name} is an option of TextString: "
                                                    f"{_what}.")


@builtin(argc=(1, None), options=_TEXT_STRING_OPTIONS,
         messages={"fmtval": "Value of option `1` -> `2` should be Automatic or a list of "
                             "`3` strings.",
                   "elided": "Value of option ElidedForms -> `1` should be Automatic, None, "
                             "All, a symbol or a list of symbols.",
                   "mstr": "Value of option MissingString -> `1` should be a string."},
         usage="TextString[expr] gives a readable text of expr: strings as they are, "
               "other expressions as they print; ListFormat -> {open, sep, close} writes "
               "lists (at every depth) with those strings, AssociationFormat -> {open, sep, "
               "close, arrow} associations, BooleanStrings -> {t, f} True and False; "
               "Missing objects are MissingString (\"\"), dates DateString in DateFormat "
               "(TimeFormat for times, shifted to TimeZone), and objects without a text "
               "form <<head>> (ElidedForms).",
         examples=(('TextString["abc"]', "abc"), ("TextString[{1, 2.5}]", "{1, 2.5}"),
                   ('TextString[{1, {2, 3}}, ListFormat -> {"(", " ", ")"}]', "(1 (2 3))"),
                   ('TextString[<|"a" -> 1|>, AssociationFormat -> {"[", "; ", "]", " = "}]',
                    "[a = 1]"),
                   ("TextString[{1, Graphics[Circle[]]}]", "{1, <<Graphics>>}")))
def TextString(ev, e, *rest):
    split = read_options(ev, Expr(S.TextString, e, *rest), rest, _TEXT_STRING_OPTIONS)
    if split is None:
        return None
    how = _text_string_settings(ev, {k: ev.evaluate(v) for k, v in split[1].items()})
    if how is None:
        return None
    if type(e) is String:
        return e
    return String(_TextWriter(ev, how).text(e))


def _text_string_settings(ev, options: dict) -> dict | None:
    """TextString's options checked: the string lists as tuples, ElidedForms as
    (elide everything unrecognised, the extra heads, elide at all); None after a message."""
    how = dict(options)
    for name, default in _STRING_LIST_OPTIONS.items():
        value = options[name]
        if value is S.Automatic:
            how[name] = default
        elif type(value) is Expr and value.head is S.List and len(value.args) == len(
                default) and all(type(x) is String for x in value.args):
            how[name] = tuple(x.value for x in value.args)
        else:
            ev.message(S.TextString, "fmtval", Symbol(name), value, Integer(len(default)))
            return None
    if type(options["MissingString"]) is not String:
        ev.message(S.TextString, "mstr", options["MissingString"])
        return None
    elided = options["ElidedForms"]
    heads = elided.args if type(elided) is Expr and elided.head is S.List else (elided,)
    if elided in (S.All, S["None"], S.Automatic):
        how["ElidedForms"] = (elided is S.All, frozenset(), elided is not S["None"])
    elif all(type(h) is Symbol for h in heads):
        how["ElidedForms"] = (False, frozenset(heads), True)
    else:
        ev.message(S.TextString, "elided", elided)
        return None
    return how


# What TextString writes itself (the rest is elided under ElidedForms -> All).
_TEXT_STRING_KNOWN = frozenset(("List", "Association", "Missing", "DateObject", "TimeObject",
                                "Row", "Column", "TableForm"))


class _TextWriter:
    """TextString's text of an expression with its checked settings."""

    def __init__(self, ev, how: dict):
        self.ev = ev
        self.how = how

    def text(self, e) -> str:
        if type(e) is String:
            return e.value
        if e is TRUE or e is FALSE:
            return self.how["BooleanStrings"][0 if e is TRUE else 1]
        if type(e) is not Expr:
            return text_form(e)
        head = e.head.name if type(e.head) is Symbol else None
        if self._elided(e, head):
            return f"<<{head}>>"
        if head == "List":
            open_, sep, close = self.how["ListFormat"]
            return open_ + sep.join(self.text(x) for x in e.args) + close
        if head == "Association":
            return self._association(e)
        if head == "Missing":
            return self.how["MissingString"].value
        if head == "DateObject":
            return self._date(e)
        if head == "TimeObject":
            return self._time(e)
        if not self.how["ElidedForms"][2] and _stand_in(e) is not None:
            return input_form(e)                 # ElidedForms -> None: written out
        return text_form(e)

    def _elided(self, e, head) -> bool:
        everything, heads, at_all = self.how["ElidedForms"]
        if not at_all or head is None:
            return False
        if e.head in heads or everything and head not in _TEXT_STRING_KNOWN:
            return True
        return _stand_in(e) is not None          # -Graphics-: no text form of its own

    def _association(self, e) -> str:
        open_, sep, close, arrow = self.how["AssociationFormat"]
        return open_ + sep.join(self.text(r.args[0]) + arrow + self.text(r.args[1])
                                for r in e.args) + close

    def _date(self, d) -> str:
        shift = self._zone_shift(d)
        if shift:
            d = self.ev.evaluate(Expr(Symbol("DatePlus"), d,
                                      Expr(S.List, Real(shift), String("Hour"))))
        form = self.how["DateFormat"]
        call = Expr(Symbol("DateString"), d) if form is S.Automatic else \
            Expr(Symbol("DateString"), d, form)
        value = self.ev.evaluate(call)
        return value.value if type(value) is String else text_form(d)

    def _zone_shift(self, d) -> float:
        """Hours from the date's time zone to the TimeZone option's (0 if either is not
        a number)."""
        target = float_value(self.how["TimeZone"])
        zones = [r.args[1] for r in d.args[1:] if type(r) is Expr and r.head is S.Rule
                 and r.args[0] is S.TimeZone]
        own = float_value(zones[0] if zones else d.args[3] if len(d.args) > 3 else None)
        return 0.0 if target is None or own is None else target - own

    def _time(self, t) -> str:
        form = self.how["TimeFormat"]
        values = t.args[0] if t.args and is_list(t.args[0]) else None
        if form is S.Automatic or values is None:
            return text_form(t)
        day = Expr(S.DateObject, Expr(S.List, Integer(1900), Integer(1), Integer(1),
                                      *values.args))
        value = self.ev.evaluate(Expr(Symbol("DateString"), day, form))
        return value.value if type(value) is String else text_form(t)


def _stand_in(e) -> str | None:
    text = output_form(e)
    if len(text) > 2 and text[0] == text[-1] == "-" and text[1:-1].isalnum():
        return text
    return None


_SYNTAX_MESSAGES = {
    "sntx": "Invalid syntax in or before `1`.",
    "sntxi": "Incomplete expression; more input is needed in `1`.",
    "notstrbox": "`1` is not a string or a box.",
    "esntx": "Could not parse `1` as Wolfram Language input.",
}


def _parse_statements(ev, text: str):
    """The statements of ``text``, or None after a ToExpression::sntx message."""
    from wlnet.syntax.parser import WLSyntaxError, parse_script
    try:
        return parse_script(text)
    except WLSyntaxError as err:
        tag = "sntxi" if getattr(err, "incomplete", False) else "sntx"
        ev.message(S.ToExpression, tag, String(text))
        return None


@builtin(argc=(1, 3), attributes=("Listable", "Protected"), messages=_SYNTAX_MESSAGES,
         usage="ToExpression[\"text\"] parses text as Wolfram Language input and evaluates it; "
               "ToExpression[\"text\", InputForm, h] wraps h around the parsed expression "
               "before evaluating it (ToExpression[\"1 + 1\", InputForm, Hold] is Hold[1 + 1]).",
         examples=(('ToExpression["1 + 1"]', "2"),
                   ('ToExpression["1 + 1", InputForm, Hold]', "Hold[1 + 1]")))
def ToExpression(ev, text, form=None, head=None):
    if form is not None and not (type(form) is Symbol and form.name in _INPUT_FORMS):
        ev.message(S.ToExpression, "esntx", form)
        return _FAILED
    if type(text) is not String:
        return text if head is None else ev.evaluate(Expr(head, text))
    statements = _parse_statements(ev, text.value)
    if statements is None:
        return _FAILED
    if head is not None:
        body = statements[0] if len(statements) == 1 else \
            Expr.from_args(S.CompoundExpression, statements)
        return ev.evaluate(Expr(head, body))
    result = S.Null
    for stmt in statements:
        result = ev.evaluate(stmt)
    return result


# ---------------------------------------------------------------------------- Shallow, Defer

_SHALLOW_DEFAULTS = (4, 10)


def _shallow_limits(spec):
    """(depth, length) of Shallow's second argument: n (a depth) or {depth, length}."""
    if spec is None:
        return _SHALLOW_DEFAULTS
    items = spec.args if type(spec) is Expr and spec.head is S.List else (spec,)
    limits = [x.value if type(x) is Integer and x.value >= 0 else
              (None if x == S.Infinity else False) for x in items]
    if False in limits or not 1 <= len(limits) <= 2:
        return None
    return (limits + [_SHALLOW_DEFAULTS[1]])[:2]


def _shallow(e, depth, length):
    """``e`` with the subexpressions below ``depth`` levels and the elements past the first
    ``length`` of each replaced by Skeleton[n] (n: the elements they hide)."""
    if type(e) is not Expr:
        return e
    if depth == 0:
        return Expr(S[SKELETON], Integer(len(e.args)))
    below = None if depth is None else depth - 1
    if e.head is S.Association:
        # an association's values are its elements: its rules are not a level of their own
        args = [Expr(r.head, r.args[0], _shallow(r.args[1], below, length))
                if type(r) is Expr and len(r.args) == 2 else r for r in e.args[:length]]
    else:
        args = [_shallow(a, below, length) for a in e.args[:length]]
    if length is not None and len(e.args) > length:
        args.append(Expr(S[SKELETON], Integer(len(e.args) - length)))
    return Expr.from_args(e.head, args)


def _shallow_text(e):
    limits = _shallow_limits(e.args[1] if len(e.args) == 2 else None)
    if not 1 <= len(e.args) <= 2 or limits is None:
        return None
    # shown as the result itself would be (<|"key" -> …|> with its quotes, as for a
    # Shallow look at imported JSON)
    return output_form(_shallow(e.args[0], *limits))


def _defer_text(e):
    return output_form(e.args[0]) if len(e.args) == 1 else None


register_output_format("Shallow", _shallow_text)
register_output_format("Defer", _defer_text)


# a notebook string's typeset pieces (\!\(\*StyleBox[…]\)) shown as their text
register_string_display(
    lambda text: linear_syntax_text(text) if has_linear_syntax(text) else text)


@builtin("SyntaxQ", argc=(1, 2), attributes=("Protected",),
         usage="SyntaxQ[\"text\"] is True when text is complete, well-formed Wolfram Language "
               "input (one or more statements), else False.",
         examples=(('SyntaxQ["f[x] + 1"]', "True"), ('SyntaxQ["f[x"]', "False")))
def syntax_q(ev, text, form=None):
    from wlnet.syntax.parser import WLSyntaxError, parse_script
    if type(text) is not String:
        return FALSE
    try:
        parse_script(text.value)
    except WLSyntaxError:
        return FALSE
    return TRUE
