"""Shared helpers for the tests of the evaluator line's builtin modules: run a module's
declared examples (each example in a fresh session, its expected output compared as an
expression after evaluation)."""

from __future__ import annotations

import importlib


from tests.core._support import Run, input_form, parse
from wlnet.core.registry import BUILTINS


def examples_of(module_name: str) -> list[tuple[str, str, str]]:
    """(builtin name, input, expected) for every example declared in the module."""
    module = importlib.import_module(f"wlnet.builtins.{module_name}")
    out = []
    for name, spec in BUILTINS.items():
        if spec.func is not None and spec.func.__module__ == module.__name__:
            out.extend((name, i, o) for i, o in spec.examples)
    return out


def check_example(name: str, text: str, expected: str) -> None:
    r = Run(text)
    want = Run(expected).value if expected not in ("Null",) else parse("Null")
    assert r.value == want, f"{name}: {text} gave {input_form(r.value)}, want {expected}"
    assert not r.messages or name in ("Message", "Check"), r.messages


def usage_is_declared(module_name: str) -> list[str]:
    module = importlib.import_module(f"wlnet.builtins.{module_name}")
    return [name for name, spec in BUILTINS.items()
            if spec.func is not None and spec.func.__module__ == module.__name__
            and not spec.usage]
