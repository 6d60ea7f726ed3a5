"""The recording of evaluation chains (wlnet/core/tracing.py): the tracer's hooks in the
evaluator's step, and that evaluation is untouched outside a trace."""

from __future__ import annotations

from wlnet.core.session import Session
from wlnet.core.tracing import Chain, Tracer, tracing, untraced
from wlnet.syntax.parser import parse
from wlnet.syntax.printer import input_form


def _forms(chain):
    return [(_forms(e) if type(e) is Chain else input_form(e[0])) for e in chain]


def test_chains_nest_where_the_evaluation_asked_for_them():
    s = Session(echo=False)
    ev = s.evaluator
    tracer = Tracer()
    with tracing(ev, tracer):
        value = ev.evaluate(parse("f[1 + 2, 3 4]"))
    assert input_form(value) == "f[3, 12]"
    assert _forms(tracer.root) == [[["1 + 2", "3"], ["3*4", "12"], "f[3, 12]"]]


def test_tags_name_the_symbol_whose_rule_made_the_form():
    s = Session(echo=False)
    s.evaluate("h[n_] := n + 1; x = 2;")
    ev = s.evaluator
    tracer = Tracer()
    with tracing(ev, tracer):
        ev.evaluate(parse("h[x]"))
    chain = tracer.root[0]
    entries = [e for e in chain if type(e) is not Chain]
    assert [(input_form(f), t.name if t is not None else None) for f, t in entries] == [
        ("h[2]", None), ("2 + 1", "h"), ("3", "Plus")]
    assert [(input_form(f), t.name if t is not None else None) for f, t in chain[0]] == [
        ("x", None), ("2", "x")]


def test_listeners_hear_forms_as_they_come_with_their_depth():
    s = Session(echo=False)
    ev = s.evaluator
    heard = []
    tracer = Tracer(keep=False, listener=lambda f, tag, depth: heard.append(
        (input_form(f), depth)))
    with tracing(ev, tracer):
        ev.evaluate(parse("2 3 + 4"))
    assert heard == [("2*3", 2), ("6", 2), ("6 + 4", 1), ("10", 1)]
    assert tracer.root == []


def test_evaluation_is_plain_outside_a_trace_and_untraced_inside_one():
    s = Session(echo=False)
    ev = s.evaluator
    tracer = Tracer()
    with tracing(ev, tracer):
        assert "evaluate" in ev.__dict__
        with untraced(ev):
            assert ev._tracer is None and "evaluate" not in ev.__dict__
            ev.evaluate(parse("1 + 1"))
        assert ev._tracer is tracer
    assert ev._tracer is None and "evaluate" not in ev.__dict__
    assert tracer.root == []
