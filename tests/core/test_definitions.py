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


# ---------------------------------------------------------------------------- own symbols

def _own_symbols(session, name):
    return set(session.evaluator.definitions.get(Symbol(name)).own_symbols)


def test_a_value_grown_at_an_end_keeps_its_symbols_without_a_walk():
    s = Session(echo=False)
    s.evaluate("l = Table[{i, x}, {i, 40}]; AppendTo[l, {y}]; PrependTo[l, z]")
    assert {Symbol("x"), Symbol("y"), Symbol("z"), Symbol("List")} <= _own_symbols(s, "l")
    s.evaluate("y = 2; z = 3")
    assert s.evaluate("{First[l], Last[l]}") == s.evaluate("{3, {2}}")


def test_a_part_assignment_adds_the_part_symbols():
    s = Session(echo=False)
    s.evaluate("m = Table[{i, i}, {i, 40}]; m[[3, 1]] = u")
    assert Symbol("u") in _own_symbols(s, "m")
    s.evaluate("u = 8")
    assert s.evaluate("m[[3]]") == s.evaluate("{8, 3}")
    # the value read through another symbol's value: the symbols are found by a walk
    s.evaluate("p = q; q = {1, 2}; r = {p}; r[[1, 1]] = 5")
    assert s.evaluate("r") == s.evaluate("{{5, 2}}")


@pytest.mark.parametrize("clear", ["clear", "clear_all"])
def test_clearing_a_record_drops_its_format_rules(clear):
    s = Session()
    s.evaluate("Format[fq[x_]] := {x}")
    table = s.evaluator.definitions
    assert len(table.records[Symbol("fq")].formats) == 1
    getattr(table, clear)(Symbol("fq"))
    assert table.records[Symbol("fq")].formats == []
