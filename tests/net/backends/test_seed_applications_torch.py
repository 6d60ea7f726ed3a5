"""The seed page's two applications (examples/gru_*.wl) trained on the torch backend
(WLNET_BACKEND=torch) reach the page's results: compare x/y in full (100 rounds, about a
minute of CPU time); addition (200 rounds, about ten) in full with WLNET_NIGHTLY=1, else
a few rounds whose losses must fall as on the numba backend (tests/net/train)."""

import re

import pytest

pytest.importorskip("torch")

from tests.conftest import NIGHTLY                                   # noqa: E402
from tests.net.train.test_seed_examples import run_reduced          # noqa: E402


@pytest.fixture
def on_torch(monkeypatch):
    monkeypatch.setenv("WLNET_BACKEND", "torch")


def test_compare_xy_reaches_the_pages_result(on_torch):
    printed, messages, losses = run_reduced("gru_compare_xy.wl", 100)
    assert not messages, messages
    assert len(losses) == 100 and losses[-1] < 0.1 * losses[0]
    decisions, accuracy = printed[-2:]
    assert decisions == "{Greater, Less, Equal}"          # the page's
    assert float(accuracy) >= 0.99                         # the page: 1.


def test_addition_learns(on_torch):
    rounds = 200 if NIGHTLY else 6
    printed, messages, losses = run_reduced("gru_addition.wl", rounds)
    assert not messages, messages
    assert len(losses) == rounds and losses[-1] < 0.8 * losses[0]
    if NIGHTLY:
        assert printed[-1] == "{7, 35, 20, 88}"             # the page's
    else:
        assert re.fullmatch(r"\{-?\d+, -?\d+, -?\d+, -?\d+\}", printed[-1])
