"""The Python API: Session.evaluate, messages, output, history; evaluate()."""

from __future__ import annotations

import _thread
import threading

import pytest

from wlnet.core.expr import Expr, Integer, S, String
from wlnet.core.session import Session, evaluate

pytest.importorskip("wlnet.syntax.parser")


def test_definitions_persist_across_calls():
    s = Session(echo=False)
    s.evaluate("f[x_] := x^2")
    assert s.evaluate("f[4]") == Integer(16)


def test_script_returns_last_result():
    s = Session(echo=False)
    assert s.evaluate("a = 1\nb = 2\na + b") == Integer(3)


def test_messages_belong_to_the_last_call():
    s = Session(echo=False)
    s.evaluate("Length[1, 2]")
    assert s.messages == ["Length::argx: Length called with 2 arguments; 1 argument is expected."]
    s.evaluate("1 + 1")
    assert s.messages == []


def test_output_and_sinks():
    seen_messages, seen_output = [], []
    s = Session(message_sink=seen_messages.append, print_sink=seen_output.append)
    s.evaluate('Print["hi"]; Message[f::x]')
    assert s.output == ["hi"] and seen_output == ["hi"]
    assert seen_messages == s.messages and s.messages[0].startswith("f::x:")


def test_default_sinks_write_to_stdout_and_stderr(capsys):
    Session().evaluate('Print["to stdout"]; Length[1, 2]')
    out, err = capsys.readouterr()
    assert "to stdout" in out
    assert "Length::argx" in err


def test_expression_input():
    s = Session(echo=False)
    assert s.evaluate(Expr(S.Plus, Integer(1), Integer(2))) == Integer(3)
    assert s.evaluate(5) == Integer(5)


def test_fresh_session_function():
    assert evaluate("Range[3]") == Expr(S.List, Integer(1), Integer(2), Integer(3))
    assert evaluate("StringJoin[\"a\", \"b\"]") == String("ab")


def test_syntax_error_does_not_raise():
    s = Session(echo=False)
    assert s.evaluate("f[") is S["$Failed"]
    assert s.messages and s.messages[0].startswith("Syntax::sntx")
    assert s.evaluate("1 + 1") == Integer(2)


def test_keyboard_interrupt_aborts_and_session_goes_on():
    import signal
    s = Session(echo=False)
    # A process started in the background by a non-interactive shell (CI) inherits SIGINT
    # ignored, and then interrupt_main does nothing: give SIGINT Python's handler here.
    previous = signal.signal(signal.SIGINT, signal.default_int_handler)
    timer = threading.Timer(0.3, _thread.interrupt_main)
    timer.start()
    try:
        value = s.evaluate("While[True, 1]")
    finally:
        timer.cancel()
        signal.signal(signal.SIGINT, previous)
    assert value is S["$Aborted"]
    assert s.evaluate("1 + 2") == Integer(3)


def test_an_exception_in_the_waiting_thread_aborts_the_evaluation():
    """A timeout's exception (not a KeyboardInterrupt) raised while a session waits for its
    evaluation aborts it, so that the one evaluation worker is free for later sessions."""
    import ctypes
    s = Session(echo=False)
    main = threading.get_ident()

    class Timeout(Exception):
        pass

    def raise_in_main():
        ctypes.pythonapi.PyThreadState_SetAsyncExc(ctypes.c_ulong(main), ctypes.py_object(Timeout))

    timer = threading.Timer(0.3, raise_in_main)
    timer.start()
    try:
        s.evaluate("While[True, 1]")
    except Timeout:
        pass
    finally:
        timer.cancel()
    assert Session(echo=False).evaluate("1 + 2") == Integer(3)      # the worker is free


def test_a_session_spaces_out_garbage_collection_unless_the_host_chose_its_own():
    import gc
    from wlnet.core import session as session_module
    saved = gc.get_threshold()
    try:
        gc.set_threshold(*session_module._PYTHON_DEFAULT_GC)
        session_module.Session(echo=False)
        assert gc.get_threshold() == session_module._SESSION_GC
        gc.set_threshold(1234, 5, 6)
        session_module.Session(echo=False)
        assert gc.get_threshold() == (1234, 5, 6)
    finally:
        gc.set_threshold(*saved)


def test_a_line_ending_in_a_semicolon_shows_nothing_but_sets_out():
    # as in a notebook: Plot[…]; then Show[%] uses the plot
    s = Session(echo=False)
    assert s.evaluate("1 + 1;") == S.Null
    assert s.evaluate("%") == Integer(2)
    assert s.evaluate("a = 3; b = a + 4;") == S.Null
    assert s.evaluate("{%, %%}") == Expr(S.List, Integer(7), Integer(2))
    assert s.evaluate("b") == Integer(7)          # each part ran once
    s.evaluate("n = 0; n++;")
    assert s.evaluate("n") == Integer(1)
