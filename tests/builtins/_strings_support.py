"""Running WL text for the string and random tests.

End to end through ``wlnet.core.session.Session`` (with wlnet's own parser) once those
exist; until then a stub evaluator that knows only the registered builtins, fed by
Mathics3's parser, so the string builtins are tested from the first day.  The stub holds
``Condition``/``RuleDelayed``/``Pattern`` unevaluated (as their attributes would) and
implements ``SameQ``/``Equal``/``Less``/``Greater`` on atoms for the conditions of the
tests, nothing more.
"""

from __future__ import annotations

import importlib.util

import numpy as np
import pytest

from wlnet.builtins import load_all
from wlnet.core import registry
from wlnet.core.expr import FALSE, TRUE, Expr, S


def session_available() -> bool:
    try:
        return (importlib.util.find_spec("wlnet.core.session") is not None
                and importlib.util.find_spec("wlnet.syntax.parser") is not None)
    except ImportError:
        return False


class StubEv:
    """Just enough of the evaluator for the string/random builtins."""

    _HELD = (S.Condition, S.RuleDelayed, S.Pattern, S.Hold, S.Function)

    def __init__(self):
        load_all()
        self.messages: list[str] = []
        self.rng = np.random.default_rng()

    def message(self, sym, tag, *slots):
        self.messages.append(f"{sym.name}::{tag}")

    def apply(self, f, *args):
        if type(f) is Expr and f.head is S.Function and len(f.args) == 1:
            body = _fill_slots(f.args[0], args)
            return self.evaluate(body)
        return self.evaluate(Expr(f, *args))

    def evaluate(self, e):
        if type(e) is not Expr:
            return e
        head = self.evaluate(e.head)
        if head in self._HELD:
            return e
        args = tuple(self.evaluate(a) for a in e.args)
        if type(head) is Expr and head.head is S.Function:
            return self.apply(head, *args)
        if head in _COMPARISONS and len(args) == 2 and all(hasattr(a, "value") for a in args):
            return TRUE if _COMPARISONS[head](args[0].value, args[1].value) else FALSE
        if type(head) is Expr:
            handler = registry.SUBVALUE_HANDLERS.get(getattr(head.head, "name", None))
            r = handler(self, head, *args) if handler else None
            return Expr.from_args(head, args) if r is None else r
        spec = registry.BUILTINS.get(getattr(head, "name", None))
        if spec is None or spec.func is None:
            return Expr.from_args(head, args)
        lists = [a for a in args if type(a) is Expr and a.head is S.List]
        if "Listable" in spec.attributes and lists:
            n = len(lists[0].args)
            return Expr.from_args(S.List, (
                self.evaluate(Expr.from_args(head, [a.args[i] if type(a) is Expr
                                                    and a.head is S.List else a
                                                    for a in args]))
                for i in range(n)))
        if "Flat" in spec.attributes:
            args = tuple(x for a in args for x in
                         (a.args if type(a) is Expr and a.head is head else (a,)))
        r = spec.func(self, *args)
        return Expr.from_args(head, args) if r is None else r


_COMPARISONS = {S.SameQ: lambda a, b: a == b, S.Equal: lambda a, b: a == b,
                S.Greater: lambda a, b: a > b, S.Less: lambda a, b: a < b}


def _fill_slots(body, args):
    if type(body) is Expr:
        if body.head is S.Slot and len(body.args) == 1:
            return args[body.args[0].value - 1]
        return Expr.from_args(_fill_slots(body.head, args),
                              (_fill_slots(a, args) for a in body.args))
    return body


def parse_text(text: str):
    if session_available():
        from wlnet.syntax.parser import parse
        return parse(text)
    from tests.oracle_mathics import mathics_available, mathics_parse
    if not mathics_available():
        pytest.skip("neither wlnet's parser nor mathics3 is available")
    return mathics_parse(text)


class Runner:
    """``run(text) -> (value, messages)`` in one session (Session, or the stub)."""

    def __init__(self):
        if session_available():
            from wlnet.core.session import Session
            self.session = Session()
            self.stub = None
        else:
            self.session = None
            self.stub = StubEv()

    def run(self, text: str):
        if self.session is not None:
            value = self.session.evaluate(text)
            return value, list(self.session.messages)
        self.stub.messages = []
        value = self.stub.evaluate(parse_text(text))
        return value, list(self.stub.messages)
