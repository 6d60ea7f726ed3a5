"""Choosing a backend: WLNET_BACKEND, and the message for one that does not exist."""

from wlnet.core.session import Session
from wlnet.net.backends import backend


def test_default_backend_is_numba(monkeypatch):
    monkeypatch.delenv("WLNET_BACKEND", raising=False)
    assert backend().NAME == "numba"


def test_unknown_backend_is_a_message_not_a_traceback(monkeypatch):
    monkeypatch.setenv("WLNET_BACKEND", "bogus")
    s = Session()
    r = s.evaluate('NetInitialize[LinearLayer[2, "Input" -> 3]][{1, 2, 3}]')
    assert r.name == "$Failed"
    assert s.messages and s.messages[0].startswith("LinearLayer::nobackend")
    assert '"bogus"' in s.messages[0] and '"numba"' in s.messages[0]
    s.evaluate('NetTrain[LinearLayer[1, "Input" -> 1], {{1} -> {2}}, MaxTrainingRounds -> 2]')
    assert s.messages[0].startswith("NetTrain::nobackend")
    monkeypatch.setenv("WLNET_BACKEND", "numba")
    assert s.evaluate('NetInitialize[LinearLayer[2, "Input" -> 3]][{1, 2, 3}]').head.name == "List"
