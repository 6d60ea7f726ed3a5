"""Bad input never escapes as a Python exception.

Every registered builtin (of every line) is called with arguments of the wrong kinds and
counts, first from a fixed table, then with random expressions drawn by hypothesis.  The
session must answer with an expression and messages of the form ``Sym::tag: text``; no
message may be ``::pyerr`` (a Python exception caught by the evaluator: a builtin should
have checked its input); and the session must still work afterwards.

A watchdog asks for an abort after a moment, so a call that would run for long (a
fixed point that never converges…) ends as ``$Aborted``, which is an answer too.
"""

from __future__ import annotations

import os
import re
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from wlnet.builtins import load_all
from wlnet.core.registry import BUILTINS
from wlnet.core.expr import (Atom, Expr, Integer, Real, S, String, Symbol,
                             make_rational)
from wlnet.core.session import Session

load_all()

# Builtins that wait on purpose.
_SKIP = {"Pause"}
_NAMES = sorted(n for n in BUILTINS if n not in _SKIP)
_MESSAGE = re.compile(r"^[\w$`]+::[\w$]+: ", re.S)
_WATCHDOG_SECONDS = 1.0


@pytest.fixture(scope="module", autouse=True)
def _in_a_scratch_folder(tmp_path_factory):
    """The calls run in a folder of their own: builtins that write files (Put[{1, 2},
    "s"], OpenWrite["ab"], DumpSave…) write them there, not into the checkout."""
    here = os.getcwd()
    os.chdir(tmp_path_factory.mktemp("robustness"))
    yield
    os.chdir(here)


def _evaluate_guarded(session: Session, expr):
    timer = threading.Timer(_WATCHDOG_SECONDS,
                            lambda: setattr(session.evaluator, "abort_requested", True))
    timer.start()
    try:
        return session.evaluate(expr)
    finally:
        timer.cancel()


def _check_answer(session: Session, expr, value) -> None:
    assert isinstance(value, (Atom, Expr)), f"{expr!r} gave {value!r}"
    for m in session.messages:
        assert _MESSAGE.match(m), f"{expr!r}: malformed message {m!r}"
        assert "::pyerr" not in m, f"{expr!r}: {m}"


def _survives(session: Session) -> None:
    assert session.evaluate(Expr(S.Plus, Integer(1), Integer(1))) == Integer(2)


# ---------------------------------------------------------------------------- fixed sweep

_A, _X = S.a, S.x
_FIXED_ARGS = [
    (),
    (_X,),
    (Integer(-1),),
    (Expr(S.List, Integer(1), Integer(2)), String("s")),
    (Real(1.5), Expr(S.Rule, _A, Integer(1))),
    (Expr(S.List), Expr(S.List), Expr(S.List)),
    (String(""), Integer(0), _X, Integer(2)),
    (Expr(S.Association, Expr(S.Rule, String("k"), Integer(1))), Expr(S.Blank)),
]


@pytest.mark.timeout(600)
def test_every_builtin_with_wrong_arguments():
    session = Session(echo=False)
    for name in _NAMES:
        head = Symbol(name)
        for args in _FIXED_ARGS:
            expr = Expr.from_args(head, args)
            _check_answer(session, expr, _evaluate_guarded(session, expr))
    _survives(session)


# ---------------------------------------------------------------------------- random

_symbols = st.sampled_from([S.x, S.y, S.a, Symbol("True"), Symbol("False"), S.Null, S.All,
                            Symbol("None"),
                            S.Infinity, S.Automatic, S.List, S.Plus, Symbol("f")])
_atoms = st.one_of(
    st.integers(-4, 6).map(Integer),
    st.integers(-(10 ** 30), 10 ** 30).map(Integer),
    st.sampled_from([0.0, -1.5, 0.25, 1e300, -1e-300, float("inf"), float("nan")]).map(Real),
    st.tuples(st.integers(-5, 5), st.integers(2, 7)).map(lambda t: make_rational(*t)),
    st.text(alphabet="ab x1+", max_size=4).map(String),
    _symbols,
)


def _compounds(children):
    lists = st.lists(children, max_size=4)
    return st.one_of(
        lists.map(lambda xs: Expr.from_args(S.List, xs)),
        st.tuples(children, children).map(lambda t: Expr(S.Rule, *t)),
        st.lists(st.tuples(st.text(alphabet="abc", max_size=2).map(String), children),
                 max_size=3).map(lambda kv: Expr.from_args(
                     S.Association, [Expr(S.Rule, k, v) for k, v in kv])),
        st.tuples(st.sampled_from(_NAMES), lists).map(
            lambda t: Expr.from_args(Symbol(t[0]), t[1])),
        st.tuples(_symbols, lists).map(lambda t: Expr.from_args(t[0], t[1])),
        lists.map(lambda xs: Expr.from_args(S.Function, xs[:1] or [S.x])),
        st.sampled_from([Expr(S.Blank), Expr(S.Slot, Integer(1)),
                         Expr(S.Pattern, S.x, Expr(S.Blank))]),
    )


_expressions = st.recursive(_atoms, _compounds, max_leaves=8)


# WLNET_FUZZ_EXAMPLES=5000 for a longer hunt.
@settings(max_examples=int(os.environ.get("WLNET_FUZZ_EXAMPLES", "300")), deadline=None)
@given(name=st.sampled_from(_NAMES), args=st.lists(_expressions, max_size=4))
def test_random_arguments_to_any_builtin(name, args):
    session = _shared_session()
    expr = Expr.from_args(Symbol(name), args)
    _check_answer(session, expr, _evaluate_guarded(session, expr))
    _survives(session)


_session_box: list = []


def _shared_session() -> Session:
    """One session for all random examples (definitions made by one example may affect the
    next, which only widens the search); a new one after Quit."""
    if not _session_box or _session_box[0].quit_code is not None:
        _session_box[:] = [Session(echo=False)]
    return _session_box[0]
