"""The usage examples declared with the arithmetic, numbers and logic builtins are true:
each input, evaluated, equals its expected output evaluated (machine reals to the 6 digits
the examples are written with), without messages.  Every builtin has a usage text."""

import pytest

from tests.builtins._arithmetic_support import Runner, close_printed, declared_examples
from wlnet.core.registry import BUILTINS

MODULES = ("arithmetic", "numbers", "logic")
EXAMPLES = declared_examples(MODULES)


@pytest.fixture(scope="module")
def runner():
    return Runner()


def test_every_builtin_has_usage_and_an_example():
    names = {name for name, _, _ in EXAMPLES}
    for name, spec in BUILTINS.items():
        if spec.func is not None and spec.func.__module__.rsplit(".", 1)[-1] in MODULES:
            assert spec.usage, f"{name} has no usage text"
            assert name in names, f"{name} has no example"


@pytest.mark.parametrize("name, text, expected", EXAMPLES,
                         ids=[f"{n}: {i}" for n, i, _ in EXAMPLES])
def test_example(runner, name, text, expected):
    got = runner.run(text)
    messages = list(runner.messages)
    want = runner.run(expected)
    assert close_printed(got, want), f"{name}: {text} gave {got!r}, want {want!r}"
    assert messages == []
