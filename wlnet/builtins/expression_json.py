"""The "ExpressionJSON" format: any expression as JSON, read back losslessly (WL's
ExpressionJSON format page).

    "string"               "'string'"          (the quotes inside the JSON string)
    True, False, Null      true, false, null   (and the symbols of "NullSymbols")
    symbol                 "symbol"            (System` names short, others in full)
    machine integer        a JSON number       (larger ones as "digits")
    machine real           a JSON number       (arbitrary-precision ones as "1.5`20.")
    f[e1, e2, …]           ["f", e1, e2, …]    (Rational, Complex and associations too)

io.py's Export/Import call ``expression_json_bytes`` and ``expression_from_json_text``.
"""

from __future__ import annotations

import json
import math
import re

from wlnet.core.expr import (
    FALSE, NULL, TRUE, Complex, Expr, Integer, Rational, Real, S, String, Symbol,
    make_rational,
)

_MACHINE_INTEGER = 2 ** 63
_DIGITS = re.compile(r"-?\d+")
_NUMBER = re.compile(r"-?(\d+\.?\d*|\.\d+)(`\d*\.?\d*|``\d*\.?\d*)?(\*\^-?\d+)?")


class ExpressionJSONError(Exception):
    """A text that is no ExpressionJSON (the reason is its message)."""


def to_expression_json(e, null_symbols=frozenset()):
    """The JSON value (lists, strings, numbers, booleans, None) of an expression."""
    kind = type(e)
    if kind is String:
        return "'" + e.value + "'"
    if kind is Integer:
        return e.value if -_MACHINE_INTEGER <= e.value < _MACHINE_INTEGER else str(e.value)
    if kind is Real:
        if e.precision is None and math.isfinite(e.value):
            return e.value
        return _input_form(e)
    if kind is Symbol:
        if e is TRUE or e is FALSE:
            return e is TRUE
        if e is NULL or e in null_symbols:
            return None
        return _symbol_name(e)
    if kind is Rational:
        return ["Rational", e.value.numerator, e.value.denominator]
    if kind is Complex:
        return ["Complex", to_expression_json(e.re, null_symbols),
                to_expression_json(e.im, null_symbols)]
    if kind is Expr:
        return [to_expression_json(e.head, null_symbols)] + \
            [to_expression_json(a, null_symbols) for a in e.args]
    # an atom of wlnet's own (an image, a net…): the expression it reads back as
    from wlnet.syntax.parser import parse
    return to_expression_json(parse(_input_form(e)), null_symbols)


def from_expression_json(value):
    """The expression of a JSON value written as ExpressionJSON."""
    if isinstance(value, list):
        if not value:
            raise ExpressionJSONError("an empty array stands for no expression")
        head, *args = (from_expression_json(v) for v in value)
        if head is S.Rational and len(args) == 2 and all(type(a) is Integer for a in args) \
                and args[1].value != 0:
            return make_rational(args[0].value, args[1].value)
        if head is S.Complex and len(args) == 2 and \
                all(type(a) in (Integer, Real, Rational) for a in args):
            return Complex(*args)
        return Expr(head, *args)
    if isinstance(value, dict):          # not written by Export: read as an association
        return Expr(S.Association, *[Expr(S.Rule, String(k), from_expression_json(v))
                                     for k, v in value.items()])
    if value is None:
        return NULL
    if isinstance(value, bool):
        return TRUE if value else FALSE
    if isinstance(value, int):
        return Integer(value)
    if isinstance(value, float):
        return Real(value)
    return _from_string(value)


def _from_string(text: str):
    if len(text) >= 2 and text[0] == text[-1] == "'":
        return String(text[1:-1])
    if _DIGITS.fullmatch(text):
        return Integer(int(text))
    if _NUMBER.fullmatch(text):
        from wlnet.syntax.parser import WLSyntaxError, parse
        try:
            return parse(text)
        except WLSyntaxError:
            raise ExpressionJSONError(f"{text!r} is not a number") from None
    from wlnet.core.contexts import resolve
    if not text or not re.fullmatch(r"[$\w`]+", text) or text[0].isdigit():
        raise ExpressionJSONError(f"{text!r} is neither a 'string' nor a symbol")
    return resolve(text)


def expression_from_json_text(text: str):
    try:
        value = json.loads(text)
    except (ValueError, RecursionError) as err:
        raise ExpressionJSONError(f"not valid JSON ({err})") from None
    return from_expression_json(value)


def _symbol_name(sym: Symbol) -> str:
    from wlnet.core.contexts import split_name
    context, short = split_name(sym.name)
    return short if context in ("System`", "Global`") else context + short


def _input_form(e) -> str:
    from wlnet.syntax.printer import input_form
    return input_form(e)
