"""Running WL text through a fresh wlnet session, for the evaluator's tests."""

from __future__ import annotations

import pytest

from wlnet.core.session import Session


def parse(text: str):
    parser = pytest.importorskip("wlnet.syntax.parser")
    return parser.parse(text)


def input_form(e) -> str:
    printer = pytest.importorskip("wlnet.syntax.printer")
    return printer.input_form(e)


class Run:
    """Evaluate a script in a new session: ``.value``, ``.messages``, ``.output``."""

    def __init__(self, text: str, session: Session | None = None):
        pytest.importorskip("wlnet.syntax.parser")
        self.session = session or Session(echo=False)
        self.value = self.session.evaluate(text)
        self.messages = list(self.session.messages)
        self.output = list(self.session.output)

    @property
    def tags(self) -> list[str]:
        """``Sym::tag`` of each message."""
        return [m.split(": ", 1)[0] for m in self.messages]


def run(text: str) -> Run:
    return Run(text)


def check(text: str, expected: str) -> Run:
    """``text`` evaluates to the expression ``expected`` denotes (compared as expressions,
    ``expected`` itself not evaluated)."""
    r = Run(text)
    want = parse(expected)
    assert r.value == want, f"{text!r}: got {input_form(r.value)}, want {expected}"
    return r
