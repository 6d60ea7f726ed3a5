"""Sessions are independent and evaluate at the same time (issue 19): each evaluation takes
a worker thread of its own, so one session's long computation does not hold up another's."""

from __future__ import annotations

import threading

from wlnet.core.expr import Integer, S
from wlnet.core.session import Session

_GUARD_SECONDS = 120            # only a guard against a hang, never a measured time


def test_a_second_session_is_not_held_up_by_a_running_one():
    busy, quick = Session(echo=False), Session(echo=False)
    results = {}
    started = threading.Thread(target=lambda: results.update(
        busy=busy.evaluate("k = 0; While[True, k++]")))
    started.start()
    try:
        # the busy session is evaluating (it holds its run lock) before the quick one starts
        while busy.evaluator.run_lock.acquire(blocking=False):
            busy.evaluator.run_lock.release()
            assert started.is_alive()
        answer = {}
        other = threading.Thread(target=lambda: answer.update(
            value=quick.evaluate("x = 6; x * 7")))
        other.start()
        other.join(_GUARD_SECONDS)
        assert answer.get("value") == Integer(42)
        assert started.is_alive()               # the first one is still running
    finally:
        busy.evaluator.abort_requested = True
        started.join(_GUARD_SECONDS)
    assert results["busy"] is S["$Aborted"]
    assert busy.evaluate("k > 0") is S["True"]  # each session kept its own state
    assert quick.evaluate("{x, k}") == quick.evaluate("{6, k}")


def test_sessions_in_many_threads_give_their_own_answers():
    sessions = [Session(echo=False) for _ in range(4)]
    answers = [None] * len(sessions)

    def work(i):
        s = sessions[i]
        s.evaluate(f"f[n_] := n + {i}; acc = 0; Do[acc += f[j], {{j, 2000}}]")
        answers[i] = s.evaluate("acc")

    threads = [threading.Thread(target=work, args=(i,)) for i in range(len(sessions))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(_GUARD_SECONDS)
    assert answers == [Integer(2001000 + 2000 * i) for i in range(len(sessions))]
