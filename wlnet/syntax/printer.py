"""Printing expressions as text: FullForm, InputForm, OutputForm and the form wrappers.

* ``full_form(e)``: Wolfram's FullForm, every node as head[args…] (List[1, 2],
  Rational[1, 3]); machine reals end in a backtick (1.` and 1.`*^6), arbitrary-precision
  reals carry their precision mark (1.5`20.; a zero its accuracy, 0.``20.).
* ``input_form(e)``: the linear syntax with operators and precedence-aware parentheses.
  Invariant: ``parse(input_form(e)) == e`` structurally, for every expression the parser can
  produce (tested by a hypothesis round trip).  Exact numbers that only evaluation makes
  (``Rational``, ``Complex``) print as Wolfram prints them (``1/3``, ``1 + 2*I``), which
  re-parse to the same value once evaluated.
* ``output_form(e)``: what the REPL and Print show: InputForm's operators, but strings
  without quotes (except inside an association, as the front end shows
  ``<|"a" -> 1|>``), ``Times`` as a space, fractions grouped as Wolfram groups them
  (``(2 x)/3``), machine reals at 6 significant digits, and the form wrappers rendered
  (``MatrixForm``/``TableForm`` as aligned tables, ``Short``, ``InputForm``, ``FullForm``,
  ``HoldForm``).
* ``message_form(e)``: how an expression appears inside a message: InputForm, shortened to
  about one line with ``<<n>>`` skeletons as ``Short`` does, but reals as OutputForm shows
  them (``3.4`` for 3.4000000000000004; Wolfram's messages show StandardForm).

Reals, following the Wolfram Language: plain notation while the decimal exponent is in
-5..5 (``100000.``, ``0.00001``), otherwise with a power of ten: ``mantissa*^exponent`` in
InputForm and FullForm (``1.*^6``, ``1.*^-6``), ``mantissa*10^exponent`` in OutputForm
(``1.*10^6``: WL's OutputForm sets the exponent as a superscript of 10).
InputForm and FullForm use the shortest digits that read back to the same float;
OutputForm rounds to 6 significant digits and drops trailing zeros (``0.0991775``, ``1.``).
Arbitrary-precision reals show as many significant digits as their precision: all of them,
trailing zeros included, in OutputForm (``N[1/4, 20]`` is ``0.25000000000000000000``); in
InputForm and FullForm without the trailing zeros and with the mark (``0.25`20.``).

Deviations from Wolfram's InputForm, all made for the exact round trip: a product keeps its
factors in order (``a*b/c`` where Wolfram writes ``(a*b)/c``; ``a*b^(-2)`` where Wolfram
writes ``a/b^2``), because the grouped forms parse to differently nested expressions; an
``Inequality`` whose operators are all the same prints as a call, since ``a < b < c`` reads
as ``Less[a, b, c]``.
Shapes that only evaluation produces print the Wolfram way and re-parse to the same value
rather than the same tree: a leading rational coefficient (``(2*x)/3``), a product starting
with a reciprocal (``x/(a*b)``), a term with a negative coefficient in a sum (``a - 2*b``
for ``Plus[a, Times[-2, b]]``; the parser makes ``Times[-1, 2, b]`` of it).

Other parts of wlnet can add output formats for their own heads with
``register_output_format(head_name, func)``; ``func(expr)`` returns the text or None.  A
text of several lines is a summary (a net: inside another expression its short form
stands in) unless registered ``block=True`` (a Column, a Grid: set in place as a 2-D
block); ``precedence=`` says how tightly an operator-like text binds (``x ± δ`` as a sum),
and ``transparent=True`` heads (Style, Item) print as their first argument in place.  Atom
types of other layers (``NumericArray``) print as the expression their ``to_expr_form()``
method gives, unless an output format is registered for their head.  In messages, such an
object whose output is a stand-in (``-Image-``, ``-Graphics-``) shows as that stand-in, an
atom whose output is a one-line summary (``Audio[<1 channel, 2 s, 44100 Hz>]``) as that.

The user's format values (``Format[f[x_]] := rhs``, wlnet.builtins.format_values) reach the
printer through ``register_format_values``: every subexpression is offered to them in
OutputForm, messages and the StandardForm/TraditionalForm wrappers, never in InputForm or
FullForm.
"""

from __future__ import annotations

import math
from typing import Callable

from wlnet.core import expr as _expr
from wlnet.core.contexts import printed_name
from wlnet.core.expr import (Complex, Expr, Integer, Rational, Real, S, String, Symbol)

__all__ = [
    "register_format_values",
    "with_format_value",
    "full_form", "input_form", "output_form", "text_form", "message_form", "short_form",
    "matrix_form", "table_form", "register_output_format", "form_label", "with_label",
    "SKELETON", "beside", "is_summary", "P_PLUS", "P_TIMES",
]

# ---------------------------------------------------------------------------- precedences
# The Wolfram Language's Precedence[] scale (wl-syntax.md §3): larger binds tighter.

P_COMPOUND = 10
P_SET = 40
P_FUNCTION = 90
P_ASSIGN_OP = 100
P_REPLACE = 110
P_RULE = 120
P_TWO_WAY_RULE = 125
P_CONDITION = 130
P_STRINGEXPR = 135
P_OPTIONAL = 140
P_PATTERN = 150
P_ALTERNATIVES = 160
P_REPEATED = 170
P_OR = 215
P_AND = 215          # Wolfram's value; printed nested And/Or always get parentheses
P_NOT = 230
P_EQUAL = 290
P_SPAN = 305
P_PLUS = 310
P_TIMES = 400
P_DIVIDE = 470
P_MINUS = 480
P_DOT = 490
P_NON_COMMUTATIVE_MULTIPLY = 510
P_POWER = 590
P_STRINGJOIN = 600
P_FACTORIAL = 610
P_MAP = 620
P_COMPOSITION = 625
P_INCREMENT = 660
P_APPLY = 670        # f[x], e[[i]], f', x =.
P_PATTERNTEST = 680
P_MESSAGENAME = 750
P_ATOM = 1000

# Infix operators printed between their arguments: head -> (operator, precedence, grouping).
# "flat" takes 2+ arguments, each tighter than the operator; "left"/"right" take exactly
# two, the side named may have the same precedence.
_INFIX: dict[str, tuple[str, int, str]] = {
    "Set": (" = ", P_SET, "right"),
    "SetDelayed": (" := ", P_SET, "right"),
    "UpSet": (" ^= ", P_SET, "right"),
    "UpSetDelayed": (" ^:= ", P_SET, "right"),
    "AddTo": (" += ", P_ASSIGN_OP, "right"),
    "ApplyTo": (" //= ", P_ASSIGN_OP, "right"),
    "SubtractFrom": (" -= ", P_ASSIGN_OP, "right"),
    "TimesBy": (" *= ", P_ASSIGN_OP, "right"),
    "DivideBy": (" /= ", P_ASSIGN_OP, "right"),
    "ReplaceAll": (" /. ", P_REPLACE, "left"),
    "ReplaceRepeated": (" //. ", P_REPLACE, "left"),
    "Rule": (" -> ", P_RULE, "right"),
    "RuleDelayed": (" :> ", P_RULE, "right"),
    "TwoWayRule": (" <-> ", P_TWO_WAY_RULE, "right"),
    "Condition": (" /; ", P_CONDITION, "left"),
    "StringExpression": (" ~~ ", P_STRINGEXPR, "flat"),
    "Alternatives": (" | ", P_ALTERNATIVES, "flat"),
    "Or": (" || ", P_OR, "flat"),
    "And": (" && ", P_AND, "flat"),
    "SameQ": (" === ", P_EQUAL, "flat"),
    "UnsameQ": (" =!= ", P_EQUAL, "flat"),
    "Equal": (" == ", P_EQUAL, "flat"),
    "Unequal": (" != ", P_EQUAL, "flat"),
    "Less": (" < ", P_EQUAL, "flat"),
    "LessEqual": (" <= ", P_EQUAL, "flat"),
    "Greater": (" > ", P_EQUAL, "flat"),
    "GreaterEqual": (" >= ", P_EQUAL, "flat"),
    "Dot": (" . ", P_DOT, "flat"),
    "NonCommutativeMultiply": (" ** ", P_NON_COMMUTATIVE_MULTIPLY, "flat"),
    "StringJoin": (" <> ", P_STRINGJOIN, "flat"),
    "Map": (" /@ ", P_MAP, "right"),
    "MapAll": (" //@ ", P_MAP, "right"),
    "Apply": (" @@ ", P_MAP, "right"),
    "MapApply": (" @@@ ", P_MAP, "right"),
    "Composition": (" @* ", P_COMPOSITION, "flat"),
    "RightComposition": (" /* ", P_COMPOSITION, "flat"),
    "PatternTest": ("?", P_PATTERNTEST, "none"),
}

# Inequality[a, Less, b, …] prints back as a chain with these operators.
_COMPARISON_OPS = {name: op for name, (op, prec, _) in _INFIX.items()
                   if prec == P_EQUAL and name not in ("SameQ", "UnsameQ")}

_POSTFIX = {"Factorial": ("!", P_FACTORIAL), "Factorial2": ("!!", P_FACTORIAL),
            "Increment": ("++", P_INCREMENT), "Decrement": ("--", P_INCREMENT),
            "Unset": (" =.", P_APPLY)}
# x =. takes a tight operand but binds as loosely as = around it (a /; b =. is
# Unset[Condition[a, b]]), so its result is parenthesised as an assignment is.
_POSTFIX_RESULT_PREC = {"Unset": P_SET}
_PREFIX = {"Not": ("!", P_NOT), "PreIncrement": ("++", P_INCREMENT),
           "PreDecrement": ("--", P_INCREMENT)}
_BLANKS = {"Blank": "_", "BlankSequence": "__", "BlankNullSequence": "___"}
_FORM_WRAPPERS = ("MatrixForm", "TableForm", "InputForm", "FullForm", "OutputForm",
                  "StandardForm", "TraditionalForm", "Short", "HoldForm")

SKELETON = "Skeleton"      # Skeleton[n] stands for n elided elements and prints as <<n>>

LINE_WIDTH = 78            # one line of text, as Wolfram's PageWidth in a terminal

# ---------------------------------------------------------------------------- numbers


def _int_text(n: int) -> str:
    """Decimal digits of an integer of any size (str() refuses more than 4300 digits and
    is quadratic: 3^(10^7) would take hours; decimal_text takes seconds)."""
    from wlnet.core.bigint import decimal_text
    return decimal_text(n)


def _digits_and_exponent(x: float, significant: int | None) -> tuple[str, int]:
    """For finite x > 0: (digits, e) with x ≈ d.ddd × 10^e, no trailing zeros in digits.
    ``significant`` None means the shortest digits that read back to x."""
    if significant is None:
        mantissa, _, exp = repr(x).partition("e")
        whole, _, frac = mantissa.partition(".")
        digits = whole + frac
        exponent = len(whole) - 1 + (int(exp) if exp else 0)
        stripped = digits.lstrip("0")
        exponent -= len(digits) - len(stripped)
        digits = stripped
    else:
        mantissa, _, exp = f"{x:.{significant - 1}e}".partition("e")
        if f"{x:.{significant}e}"[significant + 1] == "5":     # maybe an exact tie
            mantissa, exp = _half_up(x, significant)
        digits = mantissa.replace(".", "")
        exponent = int(exp)
    return digits.rstrip("0") or "0", exponent


def _half_up(x: float, significant: int) -> tuple[str, str]:
    """x (> 0) to ``significant`` digits from its exact binary value, an exact tie rounded
    up as WL shows reals (2.^-10 is 0.000976563; Python's formatting goes to even)."""
    from decimal import ROUND_HALF_UP, Decimal
    d = Decimal(x)
    exponent = d.adjusted()
    q = d.scaleb(-exponent).quantize(Decimal(1).scaleb(1 - significant), rounding=ROUND_HALF_UP)
    if q >= 10:                                     # 9.999995 rounded up to 10.00000
        q, exponent = q.scaleb(-1), exponent + 1
    return f"{q:.{significant - 1}f}", str(exponent)


def _real_parts(x: float, significant: int | None) -> tuple[str, str]:
    """(mantissa, exponent) texts of a finite real: exponent is "" in plain notation,
    which WL uses while the decimal exponent is within -5..5."""
    sign = "-" if math.copysign(1.0, x) < 0 and x != 0 else ""
    x = abs(x)
    if x == 0:
        return sign + "0.", ""
    digits, exponent = _digits_and_exponent(x, significant)
    if -5 <= exponent <= 5:
        point = exponent + 1                         # digits before the decimal point
        if point <= 0:
            text = "0." + "0" * -point + digits
        elif point >= len(digits):
            text = digits + "0" * (point - len(digits)) + "."
        else:
            text = digits[:point] + "." + digits[point:]
        return sign + text, ""
    return sign + digits[0] + "." + digits[1:], str(exponent)


def _nonfinite_text(x: float) -> str:
    if math.isnan(x):
        return "Indeterminate"
    return "-Infinity" if x < 0 else "Infinity"


def _mark_number(x: float) -> str:
    """A precision or accuracy as a number mark shows it: ``20.``, ``19.69897000433602``."""
    return _real_parts(float(x), None)[0]


def _bignum_text(e: Real, form: str) -> str:
    """An arbitrary-precision real: its significant digits (trailing zeros included: they
    are significant), then in InputForm and FullForm the precision mark (``1.50`20.``).
    A zero has only an accuracy: ``0.*^-20`` (OutputForm), ``0``20.``."""
    big = e.value
    if big.is_zero:
        if form == "output":
            return "0." + _OUTPUT_SCALE + str(-max(int(round(big.acc)), 0)) \
                if big.acc >= 0.5 else "0."
        return "0.``" + _mark_number(big.acc)
    count = max(int(round(e.precision)), 1)
    digits, exponent = big.digits(count)
    if form != "output":                  # InputForm: the digits that matter (1.5`20.)
        digits = digits.rstrip("0") or "0"
    sign = "-" if big.v[0] else ""
    if -5 <= exponent <= 5 and exponent < count:
        point = exponent + 1
        if point <= 0:
            mantissa = "0." + "0" * -point + digits
        else:
            mantissa = digits[:point].ljust(point, "0") + "." + digits[point:]
        scale = ""
    else:
        mantissa = digits[0] + "." + digits[1:]
        scale = (_OUTPUT_SCALE if form == "output" else "*^") + str(exponent)
    mark = "" if form == "output" else "`" + _mark_number(e.precision)
    return sign + mantissa + mark + scale


# OutputForm writes a real's power of ten as WL's OutputForm does, 1.5*10^10 (WL sets the
# exponent as a superscript; linear text writes it with ^, as x^2); InputForm and FullForm
# keep the number syntax 1.5*^10
_OUTPUT_SCALE = "*10^"


def _real_text(e: Real, form: str) -> str:
    """A real as FullForm ("full"), InputForm ("input") or OutputForm ("output") shows it."""
    if e.precision is not None:
        return _bignum_text(e, form)
    x = e.value
    if not math.isfinite(x):
        if form == "full":
            return "Indeterminate" if math.isnan(x) else \
                f"DirectedInfinity[{-1 if x < 0 else 1}]"
        return _nonfinite_text(x)
    mantissa, exponent = _real_parts(x, 6 if form == "output" else None)
    if form == "output":
        return mantissa + (_OUTPUT_SCALE + exponent if exponent else "")
    mark = "`" if form == "full" else ""
    return mantissa + mark + ("*^" + exponent if exponent else "")


def _is_negative_number(e) -> bool:
    t = type(e)
    if t is Integer or t is Real:
        return e.value < 0
    if t is Rational:
        return e.numerator < 0
    return False


def _is_negative_imaginary(e) -> bool:
    """A complex number -b I (b > 0) with an exact zero real part."""
    return type(e) is Complex and _is_exact_zero(e.re) and _is_negative_number(e.im)


def _negate_number(e):
    t = type(e)
    if t is Integer:
        return Integer(-e.value)
    if t is Real:
        return Real(-e.value, e.precision)
    if t is Rational:
        return Rational(-e.numerator, e.denominator)
    raise TypeError(e)


def _is_exact_zero(e) -> bool:
    return type(e) is Integer and e.value == 0


# ---------------------------------------------------------------------------- strings

_STRING_ESCAPES = {'"': '\\"', "\\": "\\\\", "\n": "\\n", "\t": "\\t", "\r": "\\r",
                   "\b": "\\b", "\f": "\\f"}


def _char_name(ch: str) -> str | None:
    """The WL name of a character (``α`` → ``Alpha``), from the parser's table."""
    try:
        from wlnet.syntax.named_characters import name_of
    except ImportError:                 # no table: every such character prints as \:xxxx
        return None
    return name_of(ch)


def _escape_char(ch: str) -> str:
    esc = _STRING_ESCAPES.get(ch)
    if esc is not None:
        return esc
    code = ord(ch)
    if 32 <= code < 127:
        return ch
    name = _char_name(ch)
    if name is not None:
        return f"\\[{name}]"
    if code <= 0xFFFF:
        return f"\\:{code:04x}"
    return f"\\|{code:06x}"


def _escape_text(s: str, quotes: bool) -> str:
    """Characters of a string or symbol name in the ASCII input syntax."""
    if s.isascii() and s.isprintable() and (not quotes or ('"' not in s and "\\" not in s)):
        return s
    return "".join(_escape_char(ch) for ch in s) if quotes else \
        "".join(ch if ch.isascii() else _escape_char(ch) for ch in s)


def _quote(s: str) -> str:
    return '"' + _escape_text(s, True) + '"'


def _symbol_text(sym: Symbol, escape: bool) -> str:
    name = printed_name(sym)
    return _escape_text(name, False) if escape and not name.isascii() else name


# ---------------------------------------------------------------------------- FullForm

def _atom_full_form(e) -> str:
    t = type(e)
    if t is Integer:
        return _int_text(e.value)
    if t is Symbol:
        return _symbol_text(e, True)
    if t is String:
        return _quote(e.value)
    if t is Real:
        return _real_text(e, "full")
    if t is Rational:
        return f"Rational[{_int_text(e.numerator)}, {_int_text(e.denominator)}]"
    if t is Complex:
        return f"Complex[{_atom_full_form(e.re)}, {_atom_full_form(e.im)}]"
    as_expr = _expr_form(e)
    return full_form(as_expr) if as_expr is not None else repr(e)


def _expr_form(e):
    """The expression an atom of another layer stands for (``NumericArray[{…}, "Real32"]``),
    from its ``to_expr_form()`` method; None when it has none."""
    to_expr = getattr(e, "to_expr_form", None)
    if to_expr is None:
        return None
    try:
        return to_expr()
    except Exception:
        return None


def full_form(e) -> str:
    """Wolfram's FullForm.  Iterative, so that any depth of nesting prints."""
    out: list[str] = []
    stack: list = [e]
    while stack:
        item = stack.pop()
        if type(item) is str:
            out.append(item)
        elif type(item) is Expr:
            stack.append("]")
            args = item.args
            for i in range(len(args) - 1, -1, -1):
                stack.append(args[i])
                if i:
                    stack.append(", ")
            stack.append("[")
            stack.append(item.head)
        else:
            out.append(_atom_full_form(item))
    return "".join(out)


_expr.STR_FORM[0] = full_form       # str(expr) is its FullForm (core cannot import us)


# ---------------------------------------------------------------------------- 2-D text blocks
# OutputForm is linear, except where a MatrixForm/TableForm inside it is a multi-line block.
# Text pieces are plain strings; a piece with newlines is a block whose middle line is its
# baseline, and concatenation lines blocks up along their baselines.

def _cat(*parts: str) -> str:
    for p in parts:
        if "\n" in p:
            return _block_cat(parts)
    return "".join(parts)


def _join(sep: str, parts) -> str:
    parts = list(parts)
    for p in parts:
        if "\n" in p:
            pieces = []
            for i, q in enumerate(parts):
                if i:
                    pieces.append(sep)
                pieces.append(q)
            return _block_cat(pieces)
    return sep.join(parts)


def is_summary(e) -> bool:
    """Whether ``e`` prints as a registered summary (a net, a Dataset), whose lines are
    read from the top, rather than as a 2-D layout (MatrixForm, Column) set on its middle
    line."""
    name = _head_name(e)
    return name in _OUTPUT_FORMATTERS and name not in _BLOCK_FORMATS \
        and name not in _TRANSPARENT_FORMATS


def beside(parts) -> str:
    """Texts side by side on one line; a text of several lines (a MatrixForm, a Column) is
    a 2-D block lined up with the others on its middle line, as Print[e1, e2, …] and Row
    show them."""
    return _cat(*parts)


def _block_cat(parts) -> str:
    blocks = [p.split("\n") for p in parts]
    baselines = [(len(b) - 1) // 2 for b in blocks]
    above = max(baselines)
    below = max(len(b) - 1 - base for b, base in zip(blocks, baselines))
    rows = [[] for _ in range(above + below + 1)]
    for block, base in zip(blocks, baselines):
        width = max(len(line) for line in block)
        top = above - base
        for r in range(len(rows)):
            i = r - top
            line = block[i] if 0 <= i < len(block) else ""
            rows[r].append(line.ljust(width))
    return "\n".join("".join(row).rstrip() for row in rows)


def _grid(cells: list[list[str]], column_gap: int = 3, row_gap: int = 1,
          heading_row: bool = False, heading_column: bool = False) -> str:
    """Rows of cell texts as an aligned table: columns left-aligned and separated by
    ``column_gap`` spaces, rows by ``row_gap`` blank lines (TableSpacing {1, 3}, as the
    Wolfram Language's text-mode MatrixForm and TableForm).  A heading row (column
    labels) is ruled off from the body with ``-``, a heading column (row labels) with
    ``|`` (``+`` where they cross), as TableForm draws its TableHeadings."""
    if not cells:
        return ""
    ncols = max(len(row) for row in cells)
    split = [[c.split("\n") for c in row] for row in cells]
    widths = [0] * ncols
    for row in split:
        for j, lines in enumerate(row):
            widths[j] = max(widths[j], max(len(line) for line in lines))
    gap = " " * column_gap
    # the separator between the heading column and the rest: " | " in a gap of 3
    bar = (" " * ((column_gap - 1) // 2) + "|").ljust(column_gap) if heading_column else gap

    def joined(texts: list[str]) -> str:
        first = texts[0].ljust(widths[0]) if texts else ""
        return (first + bar + gap.join(texts[1:]) if len(texts) > 1 and heading_column
                else gap.join(texts)).rstrip()

    out: list[str] = []
    for i, row in enumerate(split):
        if i:
            if i == 1 and heading_row:
                rule = ["-" * w for w in widths]
                line = joined(rule).replace(" ", "-")
                if heading_column:
                    cross = widths[0] + bar.index("|")
                    line = line[:cross] + "+" + line[cross + 1:]
                out.append(line)
            else:
                out.extend([joined([""] * ncols)] * row_gap)
        height = max((len(lines) for lines in row), default=1)
        for r in range(height):
            out.append(joined([(lines[r] if r < len(lines) else "").ljust(widths[j])
                               for j, lines in enumerate(row)]))
    return "\n".join(out)


# ---------------------------------------------------------------------------- the printer

def _head_name(e) -> str | None:
    if type(e) is Expr and type(e.head) is Symbol:
        return e.head.name
    return None


def _is_reciprocal(e) -> bool:
    """``Power[b, -1]``: the factor that ``a/b`` makes."""
    return (type(e) is Expr and e.head is S.Power and len(e.args) == 2
            and type(e.args[1]) is Integer and e.args[1].value == -1)


def _is_evaluated_denominator(e) -> bool:
    """``Power[b, -n]`` with a negative number exponent other than -1 (``Power[2, -1/2]`` of
    ``3/Sqrt[2]``, ``Power[y, -2]`` of ``x/y^2``): only evaluation makes these factors, and
    Wolfram prints them in the denominator."""
    return (type(e) is Expr and e.head is S.Power and len(e.args) == 2
            and _is_negative_number(e.args[1]) and e.args[1] != Integer(-1))


def _is_blank(e) -> bool:
    """``_``, ``__``, ``___``, optionally with a symbol head: one token in the input syntax."""
    return (_head_name(e) in _BLANKS and len(e.args) <= 1
            and all(type(a) is Symbol for a in e.args))


def _is_blank_token(e) -> bool:
    """A blank or ``x_``-style named blank: prints as a single token."""
    if _is_blank(e):
        return True
    return (_head_name(e) == "Pattern" and len(e.args) == 2
            and type(e.args[0]) is Symbol and _is_blank(e.args[1]))


_OUTPUT_FORMATTERS: dict[str, Callable] = {}


_SHORT_FORMATTERS: dict[str, Callable] = {}

# Heads whose text of several lines is a layout (a Column, a Grid, a framed cell) that keeps
# its 2-D block inside another expression, as a MatrixForm does, rather than a summary.
_BLOCK_FORMATS: set[str] = set()


# How tightly a registered text binds, for the heads whose text is an operator form
# (x ± δ binds as a sum, 3 m as a product); other texts are atoms.
_FORMAT_PRECEDENCES: dict[str, int] = {}


# Heads that print as their first argument, formatted where they stand (Style, Item).
_TRANSPARENT_FORMATS: set[str] = set()


def register_output_format(head_name: str, func: Callable | None,
                           short: Callable | None = None, block: bool = False,
                           precedence: int = P_ATOM, transparent: bool = False) -> None:
    """Let ``func(expr)`` give the OutputForm text of expressions with head ``head_name``
    (nets, graphics…); it returns None to fall back to the standard printing.  ``func``
    None removes the format.  A text of several lines stands whole only on its own;
    inside another expression ``short(expr)`` (default ``Head[<>]``) stands in for it,
    unless ``block``: then the text is a 2-D layout that is set in place, lined up on its
    middle line (``{Column[{1, 2}], 3}``).  ``precedence``: how tightly the text binds
    (``P_PLUS`` for ``x ± δ``), so that it is parenthesized inside a tighter operator
    (``(1.0 ± 0.1) x``).  ``transparent``: the expression prints as its first argument
    would in its place (``{Style[net, Red]}`` as ``{net's short form}``)."""
    _BLOCK_FORMATS.discard(head_name)
    _FORMAT_PRECEDENCES.pop(head_name, None)
    _TRANSPARENT_FORMATS.discard(head_name)
    if func is not None and transparent:
        _TRANSPARENT_FORMATS.add(head_name)
    if func is not None and precedence != P_ATOM:
        _FORMAT_PRECEDENCES[head_name] = precedence
    if func is None:
        _OUTPUT_FORMATTERS.pop(head_name, None)
        _SHORT_FORMATTERS.pop(head_name, None)
    else:
        _OUTPUT_FORMATTERS[head_name] = func
        if short is not None:
            _SHORT_FORMATTERS[head_name] = short
        if block:
            _BLOCK_FORMATS.add(head_name)


def _short_output(name: str, e) -> str:
    func = _SHORT_FORMATTERS.get(name)
    try:
        s = func(e) if func is not None else None
    except Exception:           # a broken formatter must not hide the result
        s = None
    return s if s is not None else f"{name}[<>]"


# How an unquoted string with the front end's linear syntax (\!\(\*StyleBox[…]\)) shows;
# set by the builtins (linear_boxes reads boxes with the parser, which the printer's
# package cannot import without a cycle).
_STRING_DISPLAY: Callable | None = None


def register_string_display(func: Callable | None) -> None:
    global _STRING_DISPLAY
    _STRING_DISPLAY = func


# The user's format values (Format[f[x_]] := rhs), set by the builtins: ``func(e, form)``
# gives what ``e`` is shown as in ``form`` ("OutputForm"), or None; the printer's package
# cannot evaluate a rhs itself.
_FORMAT_VALUES: Callable | None = None


# The expressions whose format value is being printed now (see _Printer.fmt).
_BEING_FORMATTED: list = []


def register_format_values(func: Callable | None) -> None:
    global _FORMAT_VALUES
    _FORMAT_VALUES = func


def _formatted(e, form: str | None):
    """What the user's format values make of ``e`` in ``form``, or None."""
    if _FORMAT_VALUES is None or form is None:
        return None
    try:
        return _FORMAT_VALUES(e, form)
    except RecursionError:
        raise
    except Exception:           # a broken format value must not hide the result
        return None


def with_format_value(e, form: str | None, render: Callable):
    """``render(shown)`` when the user's format values show ``e`` as ``shown`` in ``form``
    (TeXForm's writer asks too), else None.  Inside its own format (``Format[f[x_]] :=
    f[x] + 1``) an expression shows as it is, and so does the format itself
    (``Format[f[x_]] := f[x + 1]``): no endless rewriting."""
    if _FORMAT_VALUES is None or any(e == x for x in _BEING_FORMATTED):
        return None
    shown = _formatted(e, form)
    if shown is None:
        return None
    _BEING_FORMATTED.extend((e, shown))
    try:
        return render(shown)
    finally:
        del _BEING_FORMATTED[-2:]


def _stand_in(name: str, e) -> str | None:
    """The output of an object that the text front end shows as a stand-in (``-Image-``,
    ``-Graphics3D-``), or the short form of one with a registered short form (a net's
    ``NetChain[<3>]``, rather than its internal association), or None for other outputs."""
    s = _custom_output(name, e)
    if s is not None and len(s) > 2 and s[0] == s[-1] == "-" and s[1:-1].isalnum():
        return s
    if s is not None and name in _SHORT_FORMATTERS:
        return _short_output(name, e)
    return None


def _atom_summary(name: str, e) -> str | None:
    """An atom's one-line summary output ``Name[<…>]``, or None."""
    s = _custom_output(name, e)
    if s is not None and s.startswith(name + "[<") and s.endswith(">]") and "\n" not in s:
        return s
    return None


def _custom_output(name: str, e) -> str | None:
    func = _OUTPUT_FORMATTERS.get(name)
    if func is None:
        return None
    try:
        return func(e)
    except Exception:           # a broken formatter must not hide the result
        return None


class _Printer:
    """Linear printing with operators.  ``output`` selects OutputForm (strings unquoted,
    6-digit reals, Times as a space, form wrappers rendered) over InputForm."""

    def __init__(self, output: bool, quote_strings: bool | None = None,
                 quoted_associations: bool = True, short_reals: bool | None = None,
                 spaced_products: bool | None = None):
        self.output = output
        self.quote_strings = not output if quote_strings is None else quote_strings
        self.quoted_associations = quoted_associations
        # products as OutputForm sets them: Times as a space, fractions grouped ((2 x)/3),
        # negative powers as denominators; messages use it inside InputForm's syntax
        self.spaced_products = output if spaced_products is None else spaced_products
        self.times_sep = " " if self.spaced_products else "*"
        self.number_form = "output" if (output if short_reals is None else short_reals) \
            else "input"
        # objects whose output is a stand-in (-Image-, -Graphics-) show it in messages too,
        # rather than their pixels or primitives
        self.brief_objects = not output and bool(short_reals)
        # the form whose format values apply (None: InputForm and FullForm, which have none)
        self.format_form = "OutputForm" if output or short_reals else None

    # -- entry points
    def text(self, e, min_prec: int = 0) -> str:
        """``e`` as text, parenthesised when it binds looser than ``min_prec``."""
        s, prec = self.fmt(e)
        return _cat("(", s, ")") if prec < min_prec else s

    def fmt(self, e) -> tuple[str, int]:
        t = type(e)
        if _FORMAT_VALUES is not None and (t is Expr or t is Symbol):
            formatted = with_format_value(e, self.format_form, self.fmt)
            if formatted is not None:
                return formatted
        if t is Expr:
            head = e.head
            if type(head) is Symbol:
                name = head.name
                if self.output:
                    if name in _TRANSPARENT_FORMATS and e.args:
                        return self.fmt(e.args[0])
                    s = _custom_output(name, e)
                    if s is not None:
                        # a summary of several lines inside another expression (a list
                        # of nets) would tear its line apart: the short form stands in
                        if "\n" in s and name not in _BLOCK_FORMATS:
                            return _short_output(name, e), P_ATOM
                        return s, _FORMAT_PRECEDENCES.get(name, P_ATOM)
                elif self.brief_objects and name in _OUTPUT_FORMATTERS:
                    s = _stand_in(name, e)
                    if s is not None:
                        return s, P_ATOM
                handler = _HANDLERS.get(name)
                if handler is not None:
                    r = handler(self, e)
                    if r is not None:
                        return r
                infix = _INFIX.get(name)
                if infix is not None:
                    r = self.infix(e, *infix)
                    if r is not None:
                        return r
            if _head_name(head) == "Derivative":
                r = self.derivative(e)
                if r is not None:
                    return r
            return self.application(e)
        if t is Symbol:
            return _symbol_text(e, not self.output), P_ATOM
        if t is Integer:
            v = e.value
            return _int_text(v), (P_TIMES if v < 0 else P_ATOM)
        if t is Real:
            s = _real_text(e, self.number_form)
            if s.startswith("-"):
                return s, P_TIMES
            # 1.5*10^10 is a factor of a product (1.5*10^10 x) but not an atom: (1.5*10^10)^2
            return s, (P_TIMES + 1 if _OUTPUT_SCALE in s else P_ATOM)
        if t is String:
            if self.quote_strings:
                return _quote(e.value), P_ATOM
            if _STRING_DISPLAY is not None and "\\!" in e.value:
                return _STRING_DISPLAY(e.value), P_ATOM
            return e.value, P_ATOM
        if t is Rational:
            return self.rational(e)
        if t is Complex:
            return self.complex(e)
        return self.foreign_atom(e)

    def foreign_atom(self, e) -> tuple[str, int]:
        """An atom type of another layer (NumericArray): its registered output format,
        else its ``to_expr_form()`` expression, else its repr."""
        head = getattr(e, "head", None)
        if self.output and type(head) is Symbol:
            s = _custom_output(head.name, e)
            if s is not None:
                return s, P_ATOM
        if self.brief_objects and type(head) is Symbol:
            # an atom (an image, an audio object) shows its stand-in or its one-line
            # summary (Audio[<1 channel, 2 s, 44100 Hz>]), never its samples
            s = _stand_in(head.name, e) or _atom_summary(head.name, e)
            if s is not None:
                return s, P_ATOM
        as_expr = _expr_form(e)
        return self.fmt(as_expr) if as_expr is not None else (repr(e), P_ATOM)

    # -- general shapes
    def application(self, e) -> tuple[str, int]:
        head = self.text(e.head, P_APPLY)
        return _cat(head, "[", self.sequence(e.args), "]"), P_APPLY

    def sequence(self, args) -> str:
        return _join(", ", [self.text(a) for a in args])

    def infix(self, e, op: str, prec: int, grouping: str):
        args = e.args
        if grouping == "flat":
            if len(args) < 2:
                return None
            return _join(op, [self.text(a, prec + 1) for a in args]), prec
        if len(args) != 2:
            return None
        left_min = prec if grouping == "left" else prec + 1
        right_min = prec if grouping == "right" else prec + 1
        return _cat(self.text(args[0], left_min), op, self.text(args[1], right_min)), prec

    # -- numbers
    def rational(self, e) -> tuple[str, int]:
        return f"{_int_text(e.numerator)}/{_int_text(e.denominator)}", P_TIMES

    def complex(self, e) -> tuple[str, int]:
        """``a + b*I`` as Wolfram prints a complex number (re omitted when exactly 0)."""
        im = e.im
        negative = _is_negative_number(im)
        magnitude = _negate_number(im) if negative else im
        imaginary = S.I if magnitude == Integer(1) else Expr(S.Times, magnitude, S.I)
        if _is_exact_zero(e.re):
            if not negative:
                return self.fmt(imaginary)
            return _cat("-", self.text(imaginary, P_TIMES)), P_TIMES
        sign = " - " if negative else " + "
        return _cat(self.text(e.re, P_PLUS + 1), sign, self.text(imaginary, P_PLUS + 1)), P_PLUS

    # -- arithmetic
    def plus(self, e):
        args = e.args
        if len(args) < 2:
            return None
        parts = [self.text(args[0], P_PLUS + 1)]
        for term in args[1:]:
            negated = self.negated_term(term)
            if negated is None:
                text = self.text(term, P_PLUS + 1)
                if self.output and text.startswith("-") and _head_name(term) in _OUTPUT_FORMATTERS:
                    parts.extend((" - ", text[1:]))     # a registered text's sign: x - 3 m
                else:
                    parts.extend((" + ", text))
            elif _is_minus_product(term):           # a - (b*c) is Times[-1, Times[b, c]]
                parts.extend((" - ", self.text(negated, P_TIMES + 1)))
            else:
                parts.extend((" - ", self.text(negated, P_PLUS + 1)))
        return _cat(*parts), P_PLUS

    def negated_term(self, term):
        """``-term`` when the term prints with a leading minus (``a - b`` for ``a + -b``),
        else None."""
        if _is_negative_number(term):
            return _negate_number(term)
        if term == _MINUS_INFINITY:
            return S.Infinity
        if _head_name(term) == "Times" and len(term.args) >= 2:
            first, rest = term.args[0], term.args[1:]
            if type(first) is Integer and first.value == -1:
                # a - b*c parses to Plus[a, Times[-1, b, c]], and a - 2*b to
                # Plus[a, Times[-1, 2, b]]; but a - 2 is Plus[a, -2], not Times[-1, 2]
                if len(rest) == 1:
                    # a - -1 is Times[-1, -1] (1 - (-1) held); a - 2 would read as a + -2
                    if type(rest[0]) in (Integer, Real) and _is_negative_number(rest[0]):
                        return rest[0]
                    return None if _is_number_like(rest[0]) else rest[0]
                return Expr.from_args(S.Times, rest)
            if _is_negative_number(first):
                # Times[-2, b], as evaluation leaves it: Wolfram's a - 2*b
                return Expr.from_args(S.Times, (_negate_number(first),) + rest)
            if _is_negative_imaginary(first):
                # Times[-I, b] and Times[-3 I, b] in a sum: a - I*b, a - (3*I)*b
                return Expr.from_args(S.Times, (Complex(first.re, _negate_number(first.im)),)
                                      + rest)
        return None

    def times(self, e):
        args = e.args
        if len(args) < 2:
            return None
        first = args[0]
        if type(first) is Integer and first.value == -1 and not _is_number_like(args[1]):
            rest = args[1:]
            body = (self.text(rest[0], P_MINUS + 1) if len(rest) == 1
                    else self.times_body(Expr.from_args(S.Times, rest)))
            # Wolfram keeps a negated fraction apart from its sign: -(b/a), -((b c)/a);
            # and ---x would lex as -- -x
            if body.startswith("-") or len(rest) > 1 and any(map(_is_denominator, rest)):
                body = _cat("(", body, ")")
            return _cat("-", body), P_TIMES
        return self.times_body(e), P_TIMES

    def times_body(self, e) -> str:
        args = e.args
        if (self.spaced_products or type(args[0]) is Rational or _is_reciprocal(args[0])
                or any(map(_is_evaluated_denominator, args))):
            return self.fraction(args)
        parts = []
        for i, f in enumerate(args):
            if i == 0:
                parts.append(self.text(f, P_TIMES + 1) if not _is_negative_number(f)
                             else self.fmt(f)[0])
            elif _is_reciprocal(f):
                parts.extend(("/", self.text(f.args[0], P_DIVIDE + 1)))
            else:
                parts.extend((self.times_sep, self.text(f, P_TIMES + 1)))
        return _cat(*parts)

    def fraction(self, factors) -> str:
        """Wolfram's grouped product: a sign, the numerator factors, then ``/`` and the
        denominator (``-(2 x)/3``-style).  Used by OutputForm, and by InputForm for products
        only evaluation makes (which re-parse to the same value, not the same tree)."""
        sign = ""
        numerator: list = []
        denominator: list = []
        for i, f in enumerate(factors):
            if i == 0 and type(f) is Rational:
                p, q = f.numerator, f.denominator
                if p < 0:
                    sign, p = "-", -p
                if p != 1:
                    numerator.append(Integer(p))
                denominator.append(Integer(q))
            elif i == 0 and _is_negative_number(f):
                sign = "-"
                f = _negate_number(f)
                if not (type(f) is Integer and f.value == 1):
                    numerator.append(f)
            elif (_head_name(f) == "Power" and len(f.args) == 2
                  and _is_negative_number(f.args[1])
                  and (self.spaced_products or _is_reciprocal(f)
                       or _is_evaluated_denominator(f))):
                exponent = _negate_number(f.args[1])
                denominator.append(f.args[0] if exponent == Integer(1)
                                   else Expr(S.Power, f.args[0], exponent))
            else:
                numerator.append(f)
        num = self.product_text(numerator)
        if not denominator:
            return _cat(sign, num)
        if len(numerator) > 1:
            num = _cat("(", num, ")")
        den = (self.text(denominator[0], P_DIVIDE + 1) if len(denominator) == 1
               else _cat("(", self.product_text(denominator), ")"))
        return _cat(sign, num, "/", den)

    def product_text(self, factors) -> str:
        if not factors:
            return "1"
        return _join(self.times_sep, [self.text(f, P_TIMES + 1) for f in factors])

    def power(self, e):
        if len(e.args) != 2:
            return None
        base, exponent = e.args
        if type(exponent) is Rational and exponent.denominator == 2 and abs(exponent.numerator) == 1:
            root = _cat("Sqrt[", self.text(base), "]")
            return (root, P_APPLY) if exponent.numerator == 1 else (_cat("1/", root), P_TIMES)
        if self.spaced_products and _is_negative_number(exponent):
            return self.fraction([e]), P_TIMES
        return _cat(self.text(base, P_POWER + 1), "^", self.text(exponent, P_POWER)), P_POWER

    # -- structure
    def list_(self, e):
        return _cat("{", self.sequence(e.args), "}"), P_ATOM

    def association(self, e):
        # rules, and the <<n>> of rules that Short leaves out
        if not all(_head_name(a) in ("Rule", "RuleDelayed") and len(a.args) == 2
                   or _head_name(a) == SKELETON for a in e.args):
            return None
        # The Wolfram front end shows the strings of an association with their quotes
        # (<|"FinalState" -> {…}|> on the seed page), unlike strings elsewhere in output.
        printer = _OUTPUT_QUOTED if self.output and self.quoted_associations else self
        return _cat("<|", printer.sequence(e.args), "|>"), P_ATOM

    def compound(self, e):
        args = e.args
        if len(args) < 2:
            return None
        parts = [self.text(a, P_COMPOUND + 1) for a in args[:-1]]
        last = args[-1]
        if last is S.Null:
            return _cat(_join("; ", parts), ";"), P_COMPOUND
        return _join("; ", parts + [self.text(last, P_COMPOUND + 1)]), P_COMPOUND

    def part(self, e):
        if len(e.args) < 2:
            return None
        return _cat(self.text(e.args[0], P_APPLY), "[[", self.sequence(e.args[1:]), "]]"), P_APPLY

    def span(self, e):
        if not 2 <= len(e.args) <= 3:
            return None
        return _join(" ;; ", [self.text(a, P_SPAN + 1) for a in e.args]), P_SPAN

    def function(self, e):
        if len(e.args) != 1:
            return None
        return _cat(self.text(e.args[0], P_FUNCTION), " & "), P_FUNCTION

    def inequality(self, e):
        args = e.args
        if len(args) < 3 or len(args) % 2 == 0:
            return None
        ops = args[1::2]
        if not all(type(op) is Symbol and op.name in _COMPARISON_OPS for op in ops):
            return None
        if len(set(ops)) == 1:          # a < b < c reads as Less[a, b, c], not Inequality
            return None
        parts = [self.text(args[0], P_EQUAL + 1)]
        for op, operand in zip(ops, args[2::2]):
            parts.extend((_COMPARISON_OPS[op.name], self.text(operand, P_EQUAL + 1)))
        return _cat(*parts), P_EQUAL

    def tag_set(self, e):
        if len(e.args) != 3:
            return None
        op = " = " if e.head is S.TagSet else " := "
        tag, lhs, rhs = e.args
        return _cat(self.text(tag, P_SET + 1), " /: ", self.text(lhs, P_SET + 1), op,
                    self.text(rhs, P_SET)), P_SET

    def tag_unset(self, e):
        if len(e.args) != 2:
            return None
        tag, lhs = e.args
        return _cat(self.text(tag, P_SET + 1), " /: ", self.text(lhs, P_SET + 1), " =."), P_SET

    def message_name(self, e):
        args = e.args
        if not (2 <= len(args) <= 3 and type(args[0]) is Symbol
                and all(type(a) is String and _is_name(a.value) for a in args[1:])):
            return None
        return "::".join([self.text(args[0])] + [a.value for a in args[1:]]), P_MESSAGENAME

    # -- pure functions, slots, Out
    def slot(self, e):
        prefix = "#" if e.head is S.Slot else "##"
        if len(e.args) != 1:
            return None
        a = e.args[0]
        if type(a) is Integer and a.value >= 0:
            return prefix + str(a.value), P_ATOM
        if prefix == "#" and type(a) is String and _is_name(a.value) and a.value[0].isalpha():
            return "#" + a.value, P_ATOM        # (#$x would read as # times $x: Slot["$x"])
        return None

    def out(self, e):
        if not e.args:
            return "%", P_ATOM
        a = e.args[0]
        if len(e.args) == 1 and type(a) is Integer:
            if a.value > 0:
                return f"%{a.value}", P_ATOM
            if a.value <= -2:
                return "%" * -a.value, P_ATOM
        return None

    def derivative(self, e):
        """``Derivative[n][f]`` prints as ``f'``, ``f''``… (its head is ``Derivative[n]``)."""
        orders = e.head.args
        if (len(e.args) != 1 or len(orders) != 1 or type(orders[0]) is not Integer
                or not 1 <= orders[0].value <= 4):
            return None
        function = self.text(e.args[0], P_APPLY)
        if function.endswith("'"):              # f'' would read as Derivative[2][f]
            return None
        return _cat(function, "'" * orders[0].value), P_APPLY

    # -- patterns
    def blank(self, e):
        if not _is_blank(e):
            return None
        return _BLANKS[e.head.name] + (self.text(e.args[0]) if e.args else ""), P_ATOM

    def pattern(self, e):
        if len(e.args) != 2 or type(e.args[0]) is not Symbol:
            return None
        name = self.text(e.args[0])
        if _is_blank(e.args[1]):
            return name + self.blank(e.args[1])[0], P_ATOM
        return _cat(name, ":", self.text(e.args[1], P_PATTERN + 1)), P_PATTERN

    def optional(self, e):
        args = e.args
        if (len(args) == 2 and _head_name(args[0]) == "Pattern" and len(args[0].args) == 2
                and type(args[0].args[0]) is Symbol and not _is_blank_token(args[0])):
            # x:patt:default (the parser reads it back as Optional[Pattern[x, patt], default])
            name, patt = args[0].args
            return _cat(self.text(name), ":", self.text(patt, P_OPTIONAL + 1), ":",
                        self.text(args[1], P_OPTIONAL + 1)), P_OPTIONAL
        if not args or len(args) > 2 or not _is_blank_token(args[0]):
            return None
        token = self.text(args[0])
        if len(args) == 1:
            if token.endswith("_"):                 # x_. and _. only; x_h. would not lex
                return token + ".", P_ATOM
            return None
        return _cat(token, ":", self.text(args[1], P_OPTIONAL + 1)), P_OPTIONAL

    def repeated(self, e):
        if len(e.args) != 1:
            return None
        op = ".." if e.head is S.Repeated else "..."
        operand = e.args[0]
        text = self.text(operand, P_REPEATED + 1)
        # "1.." would lex as the real "1." then ".", and "x_.." as the optional "x_." then "."
        if text[-1:].isdigit() or text.endswith(("_", ".")):
            text = _cat("(", text, ")")
        return _cat(text, op), P_REPEATED

    # -- prefix and postfix operators
    def prefix(self, e):
        if len(e.args) != 1:
            return None
        op, prec = _PREFIX[e.head.name]
        return _cat(op, self.text(e.args[0], prec + 1)), prec

    def postfix(self, e):
        if len(e.args) != 1:
            return None
        name = e.head.name
        op, prec = _POSTFIX[name]
        return _cat(self.text(e.args[0], prec + 1), op), _POSTFIX_RESULT_PREC.get(name, prec)

    # -- form wrappers
    def form_wrapper(self, e):
        """OutputForm renders the wrapper; InputForm keeps it as a call, as Wolfram does."""
        if not self.output or not e.args:
            return None
        name = e.head.name
        inner = e.args[0]
        if name == "HoldForm" and len(e.args) == 1:
            return self.fmt(inner)
        if name in ("MatrixForm", "TableForm"):
            return _table_text(inner, self, _table_headings(e.args[1:])), P_ATOM
        if name == "InputForm":
            return input_form(inner), P_ATOM
        if name == "FullForm":
            return full_form(inner), P_ATOM
        if name == "TraditionalForm" and len(e.args) == 1 and _is_matrix(inner):
            return self.parenthesized_matrix(inner), P_ATOM
        if name in ("OutputForm", "StandardForm", "TraditionalForm") and len(e.args) == 1:
            return self.in_form(name, inner)
        if name == "Short" and len(e.args) <= 2:
            lines = e.args[1].value if len(e.args) == 2 and type(e.args[1]) in (Integer, Real) else 1
            if _head_name(inner) == "InputForm" and len(inner.args) == 1:  # shortened as input
                return short_form(inner.args[0], lines, _INPUT), P_ATOM
            return short_form(inner, lines, self), P_ATOM
        return None

    def in_form(self, form: str, inner) -> tuple[str, int]:
        """``inner`` printed where the format values of ``form`` apply (StandardForm[x])."""
        outer, self.format_form = self.format_form, form
        try:
            return self.fmt(inner)
        finally:
            self.format_form = outer

    def parenthesized_matrix(self, m) -> str:
        """A matrix as TraditionalForm shows it: aligned columns in tall parentheses."""
        cells = [[self.text(x) for x in row.args] for row in m.args]
        widths = [max(len(r[c]) for r in cells) for c in range(len(cells[0]))]
        rows = ["  ".join(x.ljust(w) for x, w in zip(r, widths)) for r in cells]
        if len(rows) == 1:
            return "(" + rows[0] + ")"
        sides = [("⎛", "⎞")] + [("⎜", "⎟")] * (len(rows) - 2) + [("⎝", "⎠")]
        return "\n".join(left + r + right for (left, right), r in zip(sides, rows))

    def directed_infinity(self, e):
        """``DirectedInfinity[1]`` is ``Infinity``, ``[-1]`` is ``-Infinity``, ``[]`` is
        ``ComplexInfinity``, as Wolfram prints them."""
        if not e.args:
            return "ComplexInfinity", P_ATOM
        if len(e.args) == 1 and type(e.args[0]) is Integer and e.args[0].value in (1, -1):
            return ("Infinity", P_ATOM) if e.args[0].value == 1 else ("-Infinity", P_TIMES)
        if self.output and len(e.args) == 1:
            # another direction shows as that multiple of Infinity (I Infinity), as in
            # Wolfram's output; InputForm keeps DirectedInfinity[I]
            return self.fmt(Expr(S.Times, e.args[0], S.Infinity))
        return None

    def skeleton(self, e):
        if len(e.args) == 1 and type(e.args[0]) is Integer:
            return f"<<{e.args[0].value}>>", P_ATOM
        return None


def _is_matrix(e) -> bool:
    """A non-empty list of equally long, non-empty lists."""
    if _head_name(e) != "List" or not e.args:
        return False
    rows = e.args
    return all(_head_name(r) == "List" for r in rows) and len(rows[0].args) > 0 and \
        all(len(r.args) == len(rows[0].args) for r in rows)


def _is_name(s: str) -> bool:
    return bool(s) and (s[0].isalpha() or s[0] == "$") and all(
        c.isalnum() or c == "$" for c in s)


def _is_denominator(e) -> bool:
    """A factor that prints under the fraction bar: a power with a negative exponent."""
    return (_head_name(e) == "Power" and len(e.args) == 2 and _is_negative_number(e.args[1]))


def _is_minus_product(e) -> bool:
    """``Times[-1, Times[…]]``: a negated product kept apart from the minus sign."""
    return (_head_name(e) == "Times" and len(e.args) == 2 and e.args[0] == Integer(-1)
            and _head_name(e.args[1]) == "Times")


def _is_number_like(e) -> bool:
    return type(e) in (Integer, Real, Rational, Complex)


_HANDLERS: dict[str, Callable] = {
    "Plus": _Printer.plus,
    "Times": _Printer.times,
    "Power": _Printer.power,
    "List": _Printer.list_,
    "Association": _Printer.association,
    "CompoundExpression": _Printer.compound,
    "Part": _Printer.part,
    "Span": _Printer.span,
    "Function": _Printer.function,
    "Inequality": _Printer.inequality,
    "TagSet": _Printer.tag_set,
    "TagSetDelayed": _Printer.tag_set,
    "TagUnset": _Printer.tag_unset,
    "MessageName": _Printer.message_name,
    "Slot": _Printer.slot,
    "SlotSequence": _Printer.slot,
    "Out": _Printer.out,
    "Blank": _Printer.blank,
    "BlankSequence": _Printer.blank,
    "BlankNullSequence": _Printer.blank,
    "Pattern": _Printer.pattern,
    "Optional": _Printer.optional,
    "Repeated": _Printer.repeated,
    "RepeatedNull": _Printer.repeated,
    SKELETON: _Printer.skeleton,
    "DirectedInfinity": _Printer.directed_infinity,
}
_HANDLERS.update({name: _Printer.prefix for name in _PREFIX})
_HANDLERS.update({name: _Printer.postfix for name in _POSTFIX})
_HANDLERS.update({name: _Printer.form_wrapper for name in _FORM_WRAPPERS})


_MINUS_INFINITY = Expr(S.DirectedInfinity, Integer(-1))
_INPUT = _Printer(output=False)
_OUTPUT = _Printer(output=True)
_OUTPUT_QUOTED = _Printer(output=True, quote_strings=True)
_TEXT = _Printer(output=True, quoted_associations=False)
# Message arguments: InputForm's syntax (quoted strings, operators), but reals as the front
# end shows them (3.4, not 3.4000000000000004; a bignum's digits without the ` mark) and
# products as OutputForm sets them (Sin[2 x], (2 x)/3, 1/x^2), as Wolfram's messages show
# expressions in StandardForm.
_MESSAGE = _Printer(output=False, short_reals=True, spaced_products=True)


def _with_depth_fallback(printer: _Printer, e) -> str:
    if printer.output and type(e) is Expr and type(e.head) is Symbol:
        s = _custom_output(e.head.name, e)          # a summary is shown whole on its own
        if s is not None:
            return s
    try:
        return printer.text(e)
    except RecursionError:          # nesting deeper than Python's stack: FullForm is iterative
        return full_form(e)


def input_form(e) -> str:
    """The linear input syntax; ``parse(input_form(e)) == e``."""
    return _with_depth_fallback(_INPUT, e)


def output_form(e) -> str:
    """What the REPL and Print show (strings unquoted, reals at 6 digits, forms rendered)."""
    return _with_depth_fallback(_OUTPUT, e)


def message_text(e) -> str:
    """An expression as a message shows it, unshortened: InputForm's syntax with reals as
    StandardForm shows them (see ``_MESSAGE``)."""
    return _with_depth_fallback(_MESSAGE, e)


def text_form(e) -> str:
    """OutputForm as plain text, as ``ToString`` gives it: like ``output_form`` but the
    strings of associations lose their quotes too (``ToString[<|"a" -> 1|>]`` is
    ``<|a -> 1|>``; the quotes are the front end's display of associations)."""
    return _with_depth_fallback(_TEXT, e)


def form_label(e) -> str | None:
    """The form a result is shown in when it is wrapped in one (``Out[n]//MatrixForm=``)."""
    name = _head_name(e)
    if name in _FORM_WRAPPERS and name != "HoldForm" and len(e.args) >= 1:
        return name
    return None


def with_label(label: str, text: str) -> str:
    """``label`` followed by ``text``, continuation lines indented under the first line,
    as the Wolfram Language lays out ``Out[2]//MatrixForm= …``."""
    pad = " " * len(label)
    lines = text.split("\n")
    return "\n".join([label + lines[0]] + [(pad + line).rstrip() for line in lines[1:]])


# ---------------------------------------------------------------------------- tables

def _is_list(e) -> bool:
    return type(e) is Expr and e.head is S.List


def _table_headings(options) -> tuple:
    """(row labels, column labels) of a TableHeadings -> {rows, columns} option: a list of
    labels, Automatic (1, 2, …) or None for each."""
    for r in options:
        if _head_name(r) in ("Rule", "RuleDelayed") and len(r.args) == 2 and \
                getattr(r.args[0], "name", None) == "TableHeadings":
            spec = r.args[1]
            if _is_list(spec):
                parts = list(spec.args[:2]) + [None] * (2 - len(spec.args[:2]))
                return tuple(parts)
            if getattr(spec, "name", None) == "Automatic":
                return spec, spec
    return None, None


def _labels(spec, count: int, printer: _Printer) -> list | None:
    if getattr(spec, "name", None) == "Automatic":
        return [str(i + 1) for i in range(count)]
    if _is_list(spec):
        texts = [printer.text(x) for x in spec.args[:count]]
        return texts + [""] * (count - len(texts))
    return None


def _table_text(m, printer: _Printer, headings=(None, None)) -> str:
    """MatrixForm/TableForm: a list of lists as rows and columns, a flat list as a column
    (with TableHeadings' row and column labels); anything else prints as itself."""
    if not _is_list(m) or not m.args:
        return printer.text(m)
    if all(_is_list(row) for row in m.args):
        if _is_deeper_array(m):
            # a table's levels alternate between columns and rows, as Wolfram's TableForm
            # lays them out: a 3-D array's vectors stand down their cells, a 4-D array's
            # matrices are small tables in them (TableSpacing {1, 3, 0, 1})
            cells = [[_inner_cell(x, printer) for x in row.args] for row in m.args]
        else:
            cells = [[printer.text(x) for x in row.args] for row in m.args]
    else:
        cells = [[printer.text(x)] for x in m.args]
    rows = _labels(headings[0], len(cells), printer)
    columns = _labels(headings[1], max(len(r) for r in cells), printer)
    if rows is not None:
        cells = [[label] + row for label, row in zip(rows, cells)]
    if columns is not None:
        cells = [([""] if rows is not None else []) + columns] + cells
    return _grid(cells, heading_row=columns is not None, heading_column=rows is not None)


def _is_deeper_array(m) -> bool:
    """Whether every element of the rows of ``m`` is a non-empty vector, or every one a
    matrix (m a 3-D or 4-D array)."""
    cells = [x for row in m.args for x in row.args]
    if not cells or not all(_is_list(x) and x.args for x in cells):
        return False
    vectors = all(not any(_is_list(y) for y in x.args) for x in cells)
    return vectors or all(_is_matrix(x) for x in cells)


def _inner_cell(x, printer: _Printer) -> str:
    """A vector as a column, a matrix as rows of entries one space apart."""
    if _is_matrix(x):
        return _grid([[printer.text(y) for y in row.args] for row in x.args],
                     column_gap=1, row_gap=0)
    return "\n".join(printer.text(y) for y in x.args)


def matrix_form(m) -> str:
    """The text of ``MatrixForm[m]``."""
    return _table_text(m, _OUTPUT)


def table_form(m) -> str:
    """The text of ``TableForm[m]``."""
    return _table_text(m, _OUTPUT)


# ---------------------------------------------------------------------------- Short

def _skeleton(n: int) -> Expr:
    return Expr(S[SKELETON], Integer(n))


def _exceeds_nodes(e, limit: int) -> bool:
    """Whether ``e`` has more than ``limit`` nodes: every node prints at least one
    character, so such an expression cannot fit in ``limit`` characters.  An object with
    a short form (a net) counts as one node: it may print as ``NetChain[<3>]``."""
    count = 0
    stack = [e]
    while stack:
        x = stack.pop()
        count += 1
        if count > limit:
            return True
        if type(x) is Expr and not (type(x.head) is Symbol and x.head.name in _SHORT_FORMATTERS):
            stack.append(x.head)
            stack.extend(x.args)
    return False


def _fits(e, budget: int, printer: _Printer) -> bool:
    return not _exceeds_nodes(e, budget) and len(printer.text(e)) <= budget


def _shorten(e, budget: int, printer: _Printer):
    """``e`` with runs of elements replaced by ``Skeleton[n]`` until it prints within
    ``budget`` characters, keeping elements from both ends as ``Short`` does.  An atom
    that prints as the expression it stands for (a NumericArray, an Image in InputForm) is
    shortened as that expression."""
    if type(e) is not Expr:
        as_expr = _expr_form(e)
        if as_expr is None or _fits(e, budget, printer):
            return e
        e = as_expr
    if _fits(e, budget, printer):
        return e
    if type(e.head) is Expr and not _fits(e.head, budget // 2, printer):
        # a compound head (f[big][x], $Failed[image][port]) is shortened as well
        e = Expr.from_args(_shorten(e.head, budget // 2, printer), e.args)
    if not e.args:
        return e
    head, args = e.head, e.args
    n = len(args)
    best = None
    for k in range(1, n):
        front, back = (k + 1) // 2, k // 2
        kept = args[:front] + (_skeleton(n - k),) + (args[n - back:] if back else ())
        candidate = Expr.from_args(head, kept)
        if not _fits(candidate, budget, printer):
            break
        best = candidate
    if best is None:      # not even one whole element fits: shorten the first one itself
        rest = () if n == 1 else (_skeleton(n - 1),)
        overhead = len(printer.text(Expr.from_args(head, (_skeleton(1),) + rest))) - len("<<1>>")
        share = budget - overhead
        if share < _MIN_SHARE:
            return Expr(head, _skeleton(n))
        best = Expr.from_args(head, (_shorten(args[0], share, printer),) + rest)
    return best


_MIN_SHARE = 8            # below this many characters an element is shown as <<1>>


def short_form(e, lines: float = 1, printer: _Printer | None = None) -> str:
    """The text of ``Short[e, lines]``: about ``lines`` lines of OutputForm (or of the
    given printer's form), with ``<<n>>`` for n elided elements."""
    printer = printer or _OUTPUT
    budget = max(int(LINE_WIDTH * lines), 10)
    try:
        return printer.text(_shorten(e, budget, printer))
    except RecursionError:
        return full_form(e)[:budget] + "…"


def message_form(e, width: int = LINE_WIDTH) -> str:
    """How an expression appears inside a message: InputForm shortened to about one line,
    with reals at 6 significant digits as StandardForm shows them; a ``HoldForm`` wrapper
    shows its content."""
    while _head_name(e) == "HoldForm" and len(e.args) == 1:
        e = e.args[0]
    try:
        return _MESSAGE.text(_shorten(e, width, _MESSAGE))
    except RecursionError:
        return full_form(e)[:width] + "…"
