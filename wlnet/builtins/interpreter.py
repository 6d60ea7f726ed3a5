"""Interpreter[type][input]: strings read as values of a basic type.

Types: "Integer" ("42", " -7 ", "1,000"), "Number" (integers and decimals, "1.5e3",
"3/4"), "Boolean" (true/false, yes/no, 1/0), "String" (the text itself), "Expression" (the
text read as WL input).  Input of the type itself is taken as it is (Interpreter["Integer"][4]
is 4); a list of inputs gives a list.  What cannot be read gives
Failure["InterpretationFailure", <|…|>] (the entity, date, color, image… types of WL are
not available).
"""

from __future__ import annotations

import re
from fractions import Fraction

from wlnet.core.expr import FALSE, TRUE, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.registry import builtin, builtin_subvalue

INTERPRETER = Symbol("Interpreter")
_INTEGER = re.compile(r"^[+-]?(\d+|\d{1,3}(,\d{3})+)$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")
_RATIO = re.compile(r"^([+-]?\d+)\s*/\s*(\d+)$")
_TRUE_WORDS = ("true", "yes", "1", "t", "y")
_FALSE_WORDS = ("false", "no", "0", "f", "n")

_MESSAGES = {"type": "`1` is not an interpreter type wlnet knows (\"Integer\", \"Number\", "
                     "\"Boolean\", \"String\", \"Expression\")."}


def _integer(ev, text: str):
    if _INTEGER.match(text):
        return Integer(int(text.replace(",", "")))
    return None


def _number(ev, text: str):
    found = _integer(ev, text)
    if found is not None:
        return found
    if _DECIMAL.match(text):
        return Real(float(text))
    ratio = _RATIO.match(text)
    if ratio and int(ratio.group(2)) != 0:
        value = Fraction(int(ratio.group(1)), int(ratio.group(2)))
        return Integer(value.numerator) if value.denominator == 1 else \
            Rational(value.numerator, value.denominator)
    return None


def _boolean(ev, text: str):
    word = text.lower()
    return TRUE if word in _TRUE_WORDS else FALSE if word in _FALSE_WORDS else None


def _expression(ev, text: str):
    from wlnet.syntax.parser import parse
    try:
        return ev.evaluate(parse(text))
    except Exception:                       # noqa: BLE001 - any syntax error is a failure
        return None


_READERS = {
    "Integer": (_integer, lambda e: type(e) is Integer, "an integer"),
    "Number": (_number, lambda e: type(e) in (Integer, Real, Rational), "a number"),
    "Boolean": (_boolean, lambda e: e is TRUE or e is FALSE, "True or False"),
    "String": (lambda ev, text: String(text), lambda e: False, "a string"),
    "Expression": (_expression, lambda e: False, "an expression"),
}


@builtin("Interpreter", argc=(1, None), messages=_MESSAGES,
         usage="Interpreter[\"type\"][\"text\"] reads the text as a value of the type "
               "(\"Integer\", \"Number\", \"Boolean\", \"String\", \"Expression\"), giving a "
               "Failure when it cannot; a list of texts gives a list.",
         examples=(('Interpreter["Integer"]["42"]', "42"),
                   ('Interpreter["Number"][{"2.5", "3/4"}]', "{2.5, 3/4}"),
                   ('FailureQ[Interpreter["Integer"]["abc"]]', "True")))
def interpreter(ev, kind, *rest):
    if not (type(kind) is String and kind.value in _READERS):
        ev.message(INTERPRETER, "type", kind)
    return None


@builtin_subvalue("Interpreter")
def _interpret(ev, head, *args):
    kind = head.args[0] if head.args else None
    if not (type(kind) is String and kind.value in _READERS) or len(args) != 1:
        return None
    return _read(ev, kind.value, args[0])


def _read(ev, kind: str, e):
    if type(e) is Expr and e.head is S.List:
        return Expr.from_args(S.List, [_read(ev, kind, a) for a in e.args])
    reader, accepts, wanted = _READERS[kind]
    if accepts(e):
        return e
    value = reader(ev, e.value.strip()) if type(e) is String else None
    return value if value is not None else _failure(kind, e, wanted)


def _failure(kind: str, e, wanted: str) -> Expr:
    fields = [("MessageTemplate", String(f"Enter {wanted}.")),
              ("MessageParameters", Expr(S.Association)),
              ("Input", e), ("Type", String(kind))]
    return Expr(Symbol("Failure"), String("InterpretationFailure"),
                Expr.from_args(S.Association, [Expr(S.Rule, String(k), v) for k, v in fields]))
