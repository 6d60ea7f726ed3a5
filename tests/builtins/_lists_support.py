"""Running WL text for the list, association and functional tests.

End to end through ``wlnet.core.session.Session``.  The text is parsed by wlnet's own
parser when it exists; until then by Mathics3's parser (the tests skip when neither is
there), so the builtins are tested through the real evaluator from the first day.
"""

from __future__ import annotations

import importlib.util

import pytest

from tests.oracle_mathics import mathics_available, mathics_parse


def _wlnet_parser():
    try:
        if importlib.util.find_spec("wlnet.syntax.parser") is None:
            return None
        from wlnet.syntax.parser import parse
    except ImportError:
        return None
    return parse


def parse(text: str):
    """The expression ``text`` denotes (wlnet's parser, else Mathics3's)."""
    own = _wlnet_parser()
    if own is not None:
        return own(text)
    if not mathics_available():
        pytest.skip("no parser: neither wlnet.syntax.parser nor mathics3 is available")
    return mathics_parse(text)


def parse_script(text: str):
    """The statements of a script, one per ``;``-free line or the whole text."""
    own = _wlnet_parser()
    if own is not None:
        from wlnet.syntax.parser import parse_script as own_script
        return own_script(text)
    if not mathics_available():
        pytest.skip("no parser available")
    from tests.oracle_mathics import mathics_parse_script
    return mathics_parse_script(text)


def new_session():
    from wlnet.core.session import Session
    return Session(echo=False)


class Runner:
    """One session; ``run(text)`` evaluates a script and returns the last result;
    ``messages`` lists the messages that script issued."""

    def __init__(self):
        self.session = new_session()
        self.messages: list[str] = []

    def run(self, text: str):
        if _wlnet_parser() is not None:
            result = self.session.evaluate(text)
            self.messages = list(self.session.messages)
            return result
        result, self.messages = None, []
        for stmt in parse_script(text):
            result = self.session.evaluate(stmt)
            self.messages.extend(self.session.messages)
        return result
