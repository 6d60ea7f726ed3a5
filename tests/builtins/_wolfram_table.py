"""Shared machinery of the builtin test tables whose rows are (input, expected, reason…):
an expected of None means "what Mathics3 answers"; otherwise it is the Wolfram answer
written by hand (Mathics3 lacks or differs, the reason says why)."""

from __future__ import annotations

import re

import pytest

from tests.oracle_mathics import mathics_available, mathics_evaluate


def builtins_missing_from(case_texts, modules, exempt=()) -> list[str]:
    """The builtins defined in ``modules`` that no table input calls."""
    from wlnet.builtins import load_all
    from wlnet.core import registry
    load_all()
    text = " ".join(case_texts)
    names = [n for n, spec in registry.BUILTINS.items()
             if spec.func is not None and spec.func.__module__ in set(modules)]
    return [n for n in names if n not in exempt
            and not re.search(r"(?<![A-Za-z$])" + re.escape(n) + r"\[", text)]


def expected_value(case, evaluate_literal):
    """The row's expected expression: Mathics3's answer (skipping when Mathics3 is absent)
    or the hand-written answer, evaluated by ``evaluate_literal`` into canonical form."""
    if case[1] is None:
        if not mathics_available():
            pytest.skip("mathics3 not installed")
        expected, _ = mathics_evaluate(case[0])
        return expected
    return evaluate_literal(case[1])
