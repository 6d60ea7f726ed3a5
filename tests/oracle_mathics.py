"""Mathics3 as an oracle for tests: parse and evaluate WL text, get wlnet expressions back.

Usage (any test module; the helpers skip nothing by themselves)::

    import pytest
    from tests.oracle_mathics import mathics_available, mathics_parse, mathics_evaluate
    needs_mathics = pytest.mark.skipif(not mathics_available(), reason="mathics3 not installed")

    @needs_mathics
    def test_range():
        value, messages = mathics_evaluate("Range[3]")      # (Expr, ["Sym::tag: text", ...])
        assert value == parse("{1, 2, 3}")

* ``mathics_parse(text)`` -> Expr: Mathics3's parse of one expression (no evaluation).
* ``mathics_parse_script(text)`` -> [Expr, ...]: a script, where a newline at top level ends
  a complete statement (Mathics3's MathicsMultiLineFeeder).
* ``mathics_evaluate(text, fresh=False)`` -> (Expr, messages): evaluates in ONE cached session
  shared by the whole test process (definitions persist between calls); ``fresh=True`` resets
  it first (costs ~0.8 s, so only when a test needs a clean slate).
* Syntax errors raise ``MathicsSyntaxError`` (``.incomplete`` is True when more input could
  complete the text).  A Mathics3 value with no wlnet counterpart raises ``OracleConversionError``.
* Conversion: Integer -> Integer, MachineReal -> Real(float), PrecisionReal -> Real(its
  decimal digits, precision=decimal digits), Rational, Complex, String, Symbol (System`/Global` contexts
  dropped by wlnet's Symbol), normal expressions recursively.
* Mathics3 is imported lazily (the first call pays its ~2 s start-up, once per process) with
  MATHICS_CHARACTER_ENCODING=ASCII set before the import.  Where Mathics3 deviates from the
  Wolfram Language, see /work/shared/reference/wl-syntax.md section 6; follow Wolfram.
"""

from __future__ import annotations

import importlib.util
import os
from functools import lru_cache

from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, String, Symbol

__all__ = [
    "mathics_available", "mathics_parse", "mathics_parse_script", "mathics_evaluate",
    "mathics_session", "MathicsSyntaxError", "OracleConversionError", "from_mathics",
]


class MathicsSyntaxError(Exception):
    """Mathics3 rejected the text.  ``incomplete`` is True when the text could be completed."""

    def __init__(self, message: str, incomplete: bool):
        super().__init__(message)
        self.incomplete = incomplete


class OracleConversionError(Exception):
    """A Mathics3 value that has no wlnet counterpart."""


@lru_cache(maxsize=None)
def mathics_available() -> bool:
    return importlib.util.find_spec("mathics") is not None


@lru_cache(maxsize=None)
def _mathics():
    """Import Mathics3 once; return the modules and functions the helpers need."""
    os.environ["MATHICS_CHARACTER_ENCODING"] = "ASCII"   # before the first mathics import
    from mathics.core.load_builtin import import_and_load_builtins
    import_and_load_builtins()          # MathicsSession() raises ValueError without it
    from mathics.core import atoms, number
    from mathics.core.expression import Expression
    from mathics.core.parser.feed import MathicsMultiLineFeeder, MathicsSingleLineFeeder
    from mathics.core.parser.util import parse as parse_with_feeder
    from mathics.core.symbols import Symbol as MSymbol
    from mathics.session import MathicsSession
    import mathics_scanner.errors as scanner_errors
    return {
        "atoms": atoms, "number": number, "Expression": Expression, "MSymbol": MSymbol,
        "MultiLineFeeder": MathicsMultiLineFeeder, "SingleLineFeeder": MathicsSingleLineFeeder,
        "parse_with_feeder": parse_with_feeder, "Session": MathicsSession,
        "errors": scanner_errors,
    }


_session = None


def mathics_session():
    """The one cached MathicsSession of this process (created on first use)."""
    global _session
    if _session is None:
        _session = _mathics()["Session"]()
    return _session


# ---------------------------------------------------------------------------- conversion

def from_mathics(m):
    """Convert a Mathics3 expression tree to a wlnet expression."""
    mods = _mathics()
    atoms = mods["atoms"]
    if isinstance(m, mods["Expression"]):
        return Expr.from_args(from_mathics(m.head), (from_mathics(e) for e in m.elements))
    if isinstance(m, mods["MSymbol"]):
        return Symbol(m.get_name())
    if isinstance(m, atoms.Integer):
        return Integer(m.value)
    if isinstance(m, atoms.MachineReal):
        return Real(m.value)
    if isinstance(m, atoms.PrecisionReal):
        digits = mods["number"].dps(m.get_precision())
        return Real(str(m.value), precision=float(digits))   # its decimal digits
    if isinstance(m, atoms.Rational):
        value = m.value                 # a sympy Rational
        return Rational(int(value.p), int(value.q))
    if isinstance(m, atoms.Complex):
        return Complex(from_mathics(m.real), from_mathics(m.imag))
    if isinstance(m, atoms.String):
        return String(m.value)
    raise OracleConversionError(f"no wlnet counterpart for {m!r}")


def _syntax_error(exc) -> MathicsSyntaxError:
    incomplete = isinstance(exc, _mathics()["errors"].IncompleteSyntaxError)
    return MathicsSyntaxError(f"{type(exc).__name__}: {exc}", incomplete)


def _translation_errors():
    errors = _mathics()["errors"]
    return (errors.SyntaxError,)


# ---------------------------------------------------------------------------- API

def mathics_parse(text: str):
    """Mathics3's parse of one expression (lines are joined, as in a notebook cell)."""
    session = mathics_session()
    try:
        tree = session.parse(text)
    except _translation_errors() as exc:
        raise _syntax_error(exc) from None
    except IndexError as exc:          # the scanner crashes on e.g. \[Alpha]1 (wl-syntax.md §6)
        raise MathicsSyntaxError(f"scanner crash: {exc!r}", False) from None
    if tree is None:
        raise MathicsSyntaxError("empty input", True)
    return from_mathics(tree)


def mathics_parse_script(text: str) -> list:
    """Mathics3's parse of a script: one expression per top-level statement."""
    mods = _mathics()
    session = mathics_session()
    feeder = mods["MultiLineFeeder"](text, "<oracle>")
    result = []
    while not feeder.empty():
        try:
            tree = mods["parse_with_feeder"](session.definitions, feeder)
        except _translation_errors() as exc:
            raise _syntax_error(exc) from None
        if tree is not None:
            result.append(from_mathics(tree))
    return result


def mathics_evaluate(text: str, fresh: bool = False):
    """Evaluate ``text`` in the shared session: (result, ["Sym::tag: text", ...])."""
    session = mathics_session()
    if fresh:
        session.reset()
    try:
        value = session.evaluate(text)
    except _translation_errors() as exc:
        raise _syntax_error(exc) from None
    messages = [_message_text(m) for m in session.evaluation.out
                if getattr(m, "is_message", False)]
    return from_mathics(value), messages


def _message_text(message) -> str:
    symbol = str(message.symbol)
    for ctx in ("System`", "Global`"):
        if symbol.startswith(ctx):
            symbol = symbol[len(ctx):]
    return f"{symbol}::{message.tag}: {message.text}"
