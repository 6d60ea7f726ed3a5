"""Manipulate, Animate, ListAnimate: static snapshots at the initial values, with one
message per session."""

import pytest

from tests.builtins._support import check_example, declared_examples
from wlnet.core.session import Session
from wlnet.syntax.printer import input_form


@pytest.mark.parametrize("name,text,expected", declared_examples("manipulate"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("code,expected", [
    ("Manipulate[a + b, {a, 1, 5}, {b, 10, 20, 1}]", "11"),
    ("Manipulate[a, {{a, 3}, 1, 5}]", "3"),
    ('Manipulate[a, {{a, 3, "size"}, 1, 5}]', "3"),
    ("Manipulate[f[c], {c, {x, y, z}}]", "f[x]"),
    ('Manipulate[c, {c, {1 -> "one", 2 -> "two"}}]', "1"),
    ("Manipulate[a, {a, 0, 1}, ContinuousAction -> False]", "0"),
    ("Animate[{t, 2 t}, {t, 1, 5}]", "{1, 2}"),
    ("ListAnimate[{p, q}]", "p"),
])
def test_snapshots_at_the_initial_values(code, expected):
    s = Session(echo=False)
    assert input_form(s.evaluate(code)) == expected
    assert len(s.messages) == 1 and "not interactive" in s.messages[0]


def test_the_body_is_held_and_the_message_said_once():
    s = Session(echo=False)
    s.evaluate("a = 100")
    g = s.evaluate("Manipulate[Plot[Sin[a x], {x, 0, 1}], {a, 1, 2}]")
    assert g.head.name == "Graphics" and s.messages[0].startswith("Manipulate::static")
    assert s.evaluate("a").value == 100                       # the control was local
    s.evaluate("Animate[a, {a, 0, 1}]")
    assert not s.messages                                      # said once per session
    s.evaluate("Manipulate[a, b]")
    assert s.messages[-1].startswith("Manipulate::vsform")
