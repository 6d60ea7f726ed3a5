"""Functions whose answers live in Wolfram's online resources: each says which resource it
needs, by name, and gives $Failed (wlnet works offline and has no copy of them)."""

import pytest

from tests.builtins._support import check, run
from wlnet.builtins.online_resources import _RESOURCES


@pytest.mark.parametrize("name", sorted(_RESOURCES))
def test_each_names_its_resource_and_fails(name):
    check(f'{name}["something", 1]', "$Failed", [f"{name}::offline"])


def test_the_message_says_what_is_needed_and_the_session_goes_on():
    runner = run('net = NetModel["LeNet Trained on MNIST Data"]; {net, 1 + 1}')
    assert runner.value == run("{$Failed, 2}").value
    text = " ".join(runner.messages)
    assert "NetModel::offline" in text and "Wolfram Neural Net Repository" in text


def test_with_no_arguments_too():
    check("NetModel[]", "$Failed", ["NetModel::offline"])
