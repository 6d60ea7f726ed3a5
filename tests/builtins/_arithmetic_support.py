"""Running the arithmetic, numbers and logic tables end to end.

Each table row is ``(input, expected)`` or ``(input, expected, messages)``:

* ``expected`` is ``MATHICS`` ("whatever Mathics3 answers": the differential oracle) or the
  Wolfram Language's answer written by hand in FullForm (``"Power[2, Rational[-1, 2]]"``),
  used where Mathics3 lacks the function or differs from Wolfram (the row says why).
* ``messages`` lists the ``Sym::tag`` our session must issue (default: none at all).

Inputs are parsed by wlnet's parser when it exists, else by Mathics3's, and evaluated by
``wlnet.core.session.Session``.  Results are compared as expressions; machine reals may
differ in the last couple of binary digits (Mathics3 computes some functions with mpmath).
"""

from __future__ import annotations

import importlib.util
import math

import pytest

from tests.oracle_mathics import mathics_available, mathics_evaluate, mathics_parse
from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, Symbol

MATHICS = None

needs_mathics = pytest.mark.skipif(not mathics_available(), reason="mathics3 not installed")


def _wlnet_parse():
    if importlib.util.find_spec("wlnet.syntax.parser") is None:
        return None
    try:
        from wlnet.syntax.parser import parse
    except ImportError:
        return None
    return parse


def parse(text: str):
    own = _wlnet_parse()
    if own is not None:
        return own(text)
    if not mathics_available():
        pytest.skip("no parser: neither wlnet.syntax.parser nor mathics3 is available")
    return mathics_parse(text)


def atomize(e):
    """Turn the normal expressions ``Rational[p, q]`` and ``Complex[a, b]`` of a parsed
    FullForm into the atoms evaluation produces, so hand-written answers compare."""
    if type(e) is not Expr:
        return e
    args = [atomize(a) for a in e.args]
    if e.head is Symbol("Rational") and len(args) == 2 and all(type(a) is Integer for a in args):
        return Rational(args[0].value, args[1].value)
    if e.head is Symbol("Complex") and len(args) == 2:
        return Complex(*args)
    return Expr.from_args(atomize(e.head), args)


def close(a, b) -> bool:
    """Expression equality with machine reals compared to about 12 significant digits."""
    if type(a) is Real and type(b) is Real:
        return math.isclose(a.value, b.value, rel_tol=1e-12, abs_tol=1e-300) \
            or a.value == b.value
    if type(a) is Complex and type(b) is Complex:
        return close(a.re, b.re) and close(a.im, b.im)
    if type(a) is Expr and type(b) is Expr:
        return (len(a.args) == len(b.args) and close(a.head, b.head)
                and all(close(x, y) for x, y in zip(a.args, b.args)))
    return a == b


class Runner:
    """One session for a whole table (the rows make no definitions)."""

    def __init__(self):
        from wlnet.core.session import Session
        self.session = Session(echo=False)

    def run(self, text: str):
        return self.session.evaluate(parse(text))

    @property
    def messages(self) -> list[str]:
        return self.session.messages

    def message_tags(self) -> list[str]:
        return [m.split(": ", 1)[0] for m in self.messages]


def check_row(runner: Runner, row) -> None:
    text, expected = row[0], row[1]
    messages = list(row[2]) if len(row) > 2 else []
    result = runner.run(text)
    got_messages = runner.message_tags()
    if expected is MATHICS:
        if not mathics_available():
            pytest.skip("mathics3 not installed")
        want, _ = mathics_evaluate(text)
    else:
        want = atomize(parse(expected))
    from wlnet.syntax.printer import full_form
    assert close(result, want), f"{text}: got {full_form(result)}, want {full_form(want)}"
    assert got_messages == messages, f"{text}: messages {runner.messages}"


def row_id(row) -> str:
    return row[0]


def declared_examples(module_names) -> list[tuple[str, str, str]]:
    """(builtin name, input, expected) of every example declared in the given modules."""
    from wlnet.builtins import load_all
    from wlnet.core.registry import BUILTINS
    load_all()
    modules = {f"wlnet.builtins.{m}" for m in module_names}
    return [(name, i, o) for name, spec in sorted(BUILTINS.items())
            if spec.func is not None and spec.func.__module__ in modules
            for i, o in spec.examples]


def close_printed(a, b, rel=1e-5) -> bool:
    """Like ``close``, for expected values written with the 6 digits WL prints."""
    if type(a) is Real and type(b) is Real:
        return math.isclose(a.value, b.value, rel_tol=rel, abs_tol=1e-12)
    if type(a) is Complex and type(b) is Complex:
        return close_printed(a.re, b.re, rel) and close_printed(a.im, b.im, rel)
    if type(a) is Expr and type(b) is Expr:
        return (len(a.args) == len(b.args) and close_printed(a.head, b.head, rel)
                and all(close_printed(x, y, rel) for x, y in zip(a.args, b.args)))
    return a == b
