"""The symbol table (wlnet/core/definitions.py) and deferred builtins (registry.defer):
a deferred builtin is installed in every session on the first look-up of its name."""

import pytest

from wlnet.core import registry
from wlnet.core.expr import Expr, Integer, Symbol
from wlnet.core.session import Session

PROBE = "DeferredProbeFunction"
OPTION = "DeferredProbeOption"


@pytest.fixture
def deferred_group():
    """A deferred group of two names; yields the list of loader calls."""
    calls = []

    def loader():
        calls.append(1)
        if PROBE in registry.BUILTINS:
            return
        registry.builtin(PROBE, argc=1, usage="DeferredProbeFunction[n] gives n + 1.",
                         options={Symbol(OPTION): Integer(0)})(
            lambda ev, n: Integer(n.value + 1) if type(n) is Integer else None)
        registry.declare(OPTION, usage="an option of DeferredProbeFunction")

    registry.defer([PROBE, OPTION], loader)
    yield calls
    for name in (PROBE, OPTION):
        registry.BUILTINS.pop(name, None)
        registry.DEFERRED.pop(name, None)


def test_evaluating_a_deferred_head_loads_it(deferred_group):
    s = Session(echo=False)
    assert deferred_group == []
    assert s.evaluate(Expr(Symbol(PROBE), Integer(4))) == Integer(5)
    assert deferred_group and not s.messages


def test_a_session_made_before_the_load_installs_it_too(deferred_group):
    early, loading = Session(echo=False), Session(echo=False)
    loading.evaluate(f"{PROBE}[1]")
    assert early.evaluate(f"{PROBE}[1]") == Integer(2)
    assert early.evaluate(f"Attributes[{PROBE}]") == early.evaluate("{Protected}")


def test_look_ups_other_than_evaluation_load_it(deferred_group):
    s = Session(echo=False)
    assert s.evaluate('Names["DeferredProbe*"]') == s.evaluate(f'{{"{PROBE}", "{OPTION}"}}')
    assert deferred_group == []                       # Names needs only the table
    assert s.evaluate(f"Options[{PROBE}]") == s.evaluate(f"{{{OPTION} -> 0}}")
    assert deferred_group
    s.evaluate(f"{OPTION} = 3")
    assert s.messages == [f"Set::wrsym: Symbol {OPTION} is Protected."]


def test_ordinary_symbols_do_not_load_anything(deferred_group):
    s = Session(echo=False)
    assert s.evaluate("f[x_] := x + 1; f[2]") == Integer(3)
    assert s.evaluate("Attributes[g]") == s.evaluate("{}")
    assert deferred_group == []
