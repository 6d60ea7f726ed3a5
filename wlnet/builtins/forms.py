"""Form wrappers and conversions between expressions and text.

``MatrixForm``, ``TableForm``, ``InputForm``, ``FullForm``, ``OutputForm`` and ``Short``
are inert wrappers, as in the Wolfram Language: their argument evaluates, the wrapper stays,
and the printer (``wlnet.syntax.printer``) shows the content in that form.  ``ToString``
and ``TextString`` turn an expression into the text a form prints; ``ToExpression`` parses
text and evaluates it.
"""

from __future__ import annotations

from wlnet.core.registry import builtin, declare, read_options
from wlnet.core.expr import FALSE, TRUE, Expr, Integer, S, String, Symbol
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


_TEXT_STRING_OPTIONS = {"ListFormat": S.Automatic, "BooleanStrings": S.Automatic}


@builtin(argc=(1, None), options=_TEXT_STRING_OPTIONS,
         messages={"fmtval": "Value of option `1` -> `2` should be Automatic or a list of "
                             "`3` strings."},
         usage="TextString[expr] gives a readable text of expr: strings as they are, "
               "other expressions as they print; ListFormat -> {open, sep, close} writes "
               "lists (at every depth) with those strings, BooleanStrings -> {t, f} writes "
               "True and False as t and f.",
         examples=(('TextString["abc"]', "abc"), ("TextString[{1, 2.5}]", "{1, 2.5}"),
                   ('TextString[{1, {2, 3}}, ListFormat -> {"(", " ", ")"}]', "(1 (2 3))")))
def TextString(ev, e, *rest):
    split = read_options(ev, Expr(S.TextString, e, *rest), rest, _TEXT_STRING_OPTIONS)
    if split is None:
        return None
    formats = {}
    for name, size in (("ListFormat", 3), ("BooleanStrings", 2)):
        value = ev.evaluate(split[1][name])
        if value is S.Automatic:
            continue
        if not (type(value) is Expr and value.head is S.List and len(value.args) == size
                and all(type(x) is String for x in value.args)):
            ev.message(S.TextString, "fmtval", Symbol(name), value, Integer(size))
            return None
        formats[name] = [x.value for x in value.args]
    if type(e) is String:
        return e
    return String(_formatted_text(e, formats) if formats else text_form(e))


def _formatted_text(e, formats: dict) -> str:
    """TextString's text of ``e`` with ListFormat and BooleanStrings applied inside lists
    (anything else as it prints)."""
    if type(e) is Symbol and "BooleanStrings" in formats and e in (TRUE, FALSE):
        return formats["BooleanStrings"][0 if e is TRUE else 1]
    if type(e) is String:
        return e.value
    if type(e) is Expr and e.head is S.List:
        open_, sep, close = formats.get("ListFormat", ("{", ", ", "}"))
        return open_ + sep.join(_formatted_text(x, formats) for x in e.args) + close
    return text_form(e)


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
