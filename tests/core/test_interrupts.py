"""Matches that would run for ages stop at an abort (what Ctrl-C asks for), issue 19.

The pattern matcher checks for an abort at each choice it makes; regular expressions run on
the ``regex`` module, inline for a moment and then in a helper thread that does not hold the
interpreter lock, so that the evaluation thread sees the abort; the string backtracking
engine checks too, and never explores a state twice.
"""

from __future__ import annotations

import _thread
import signal
import threading

import pytest

from wlnet.core import string_patterns
from wlnet.core.expr import Integer, S
from wlnet.core.session import Session

# Each of these has exponentially many ways to fail (the inputs of issue 19).
ENDLESS = [
    'StringMatchQ[StringRepeat["a", 60] <> "!", (("a" | "aa")..) ~~ "b"]',
    'StringCases[StringRepeat["a", 40] <> "!", RegularExpression["(a|aa)+b"]]',
    'MatchQ[Range[40], {___, a__, ___, b__, ___, c__, ___, d__ /; False, ___}]',
    'Cases[{Range[40]}, {___, a__, ___, b__, ___, c__, ___, d__ /; False, ___}]',
    'MatchQ[Table[a, {40}], {(x_ | x_) .., b}]',
    'Plus @@ Array[a, 16] /. (x__ + y__ + z__ /; False) -> 0',
    # the string backtracking engine (a condition forces it): n^3 ways, each tested
    'StringMatchQ[StringRepeat["a", 300], a__ ~~ b__ ~~ c__ ~~ d__ /; False]',
]


def fresh_session() -> Session:
    """A session that has evaluated once (the first input loads the builtins, and an
    abort asked for before an evaluation starts is not one for it)."""
    s = Session(echo=False)
    s.evaluate('StringMatchQ["a", "a" | "b"]; MatchQ[{1}, {__}]')
    return s


def evaluate_with_abort(session: Session, text: str, after: float = 0.3):
    """Evaluate ``text`` with an abort asked for after ``after`` seconds (what the REPL, the
    CLI and Session.evaluate do on Ctrl-C)."""
    timer = threading.Timer(after, lambda: setattr(session.evaluator, "abort_requested", True))
    timer.start()
    try:
        return session.evaluate(text)
    finally:
        timer.cancel()


@pytest.mark.parametrize("text", ENDLESS)
def test_an_endless_match_stops_at_an_abort(text):
    s = fresh_session()
    assert evaluate_with_abort(s, text) is S["$Aborted"]
    assert s.messages == []
    assert s.evaluate("1 + 2") == Integer(3)


def test_ctrl_c_stops_a_regular_expression():
    """A real KeyboardInterrupt in the waiting thread: the regex match must not hold the
    interpreter lock, or the interrupt could not even be delivered."""
    s = fresh_session()
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    try:
        value = s.evaluate(ENDLESS[0])
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert value is S["$Aborted"]
    assert s.evaluate('StringMatchQ["aab", ("a" | "aa").. ~~ "b"]') is S["True"]


def test_a_regex_past_its_budget_is_refused_with_a_message(monkeypatch):
    monkeypatch.setattr(string_patterns, "_BUDGET_SECONDS", 0.3)
    s = Session(echo=False)
    assert s.evaluate(ENDLESS[0]) is S["$Aborted"]
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0] for m in s.messages] == \
        ["General::rxlimit"]


@pytest.mark.parametrize("text, expected", [
    # the regex module needs no backtracking for these (re explores them exponentially)
    ('StringCases[StringRepeat["a", 5000], RegularExpression["(a*)*b"]]', "{}"),
    ('StringMatchQ["aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", ((("a"...)...)...) ~~ "b"]', "False"),
    # nested repetitions before a repeated name: the backtracking engine (the regex
    # module misses this match)
    ('StringMatchQ["a", x : ("a"...) ~~ ((__?(True &))...)... ~~ x : ("a"...)]', "True"),
    ('StringMatchQ["a", x : (("a"...)..) ~~ (Shortest[__]...)... ~~ x : (("a"...)..)]',
     "True"),
    # the backtracking engine, polynomial where a naive search is exponential
    ('StringMatchQ[StringRepeat["a", 60] <> "!", ("a" | "aa" /; True) .. ~~ "b"]', "False"),
    ('StringMatchQ[StringRepeat["a", 40] <> "!", (x : ("a" | "aa") /; True) .. ~~ "b"]',
     "False"),
    ('StringMatchQ[StringRepeat["a", 30] <> "!", ((x_ /; True)...)... ~~ "b"]', "False"),
])
def test_once_exponential_matches_are_answered(text, expected):
    s = Session(echo=False)
    assert s.evaluate(text) == s.evaluate(expected)
    assert s.messages == []


# ---------------------------------------------------------------------------- forced aborts

def test_a_builtin_that_never_checks_is_stopped_all_the_same():
    """Depth walks a tree of 2^40 leaves (40 shared levels) in a Python loop with no abort
    check: an abort not taken up is forced into the evaluation thread."""
    s = fresh_session()
    s.evaluate("t = Nest[{#, #} &, x, 40];")
    assert evaluate_with_abort(s, "Depth[t] + LeafCount[t]") is S["$Aborted"]
    assert s.evaluate("Depth[Nest[{#, #} &, x, 5]]") == Integer(6)


# ---------------------------------------------------------------------------- growth

def test_replace_all_keeps_shared_parts_shared():
    s = fresh_session()
    # 2^40 leaves: built in moments, and walked along one path
    assert s.evaluate("r = Nest[# /. x -> {x, x} &, x, 40]; {Length[r], Nest[First, r, 40], "
                      "Nest[Last, r, 39]}") == s.evaluate("{2, x, {x, x}}")
    assert s.evaluate("Nest[# /. x -> {x, x} &, x, 2]") == s.evaluate("{{x, x}, {x, x}}")
    # with a condition (it may have effects) every occurrence is matched anew
    assert s.evaluate("n = 0; {a, a, a} /. a /; (n++; True) -> b; n") == Integer(3)


def test_replace_repeated_stops_when_evaluation_reaches_the_recursion_limit():
    s = fresh_session()
    value = s.evaluate("$RecursionLimit = 64; Depth[{a} //. a -> {a}]")
    assert type(value) is Integer and 64 <= value.value <= 70
    assert any(m.startswith("$RecursionLimit::reclim2") for m in s.messages)
