"""The tables of tests/builtins/lists run their rows in one session per test module (the
rows make no definitions)."""

import pytest

from tests.builtins._support import Runner


@pytest.fixture(scope="module")
def runner():
    return Runner()
