"""GeneralUtilities`Scope (wlnet/builtins/general_utilities.py)."""

from __future__ import annotations

import pytest

from tests.builtins._support import check, check_example, declared_examples


@pytest.mark.parametrize("name,text,expected", declared_examples("general_utilities"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    # assigned symbols are local, the rest stay global
    ("GeneralUtilities`Scope[a = 5; a + 1]", "6"),
    ("GeneralUtilities`Scope[a = 5; a + 1]; a", "a"),
    ("x = 1; GeneralUtilities`Scope[x = 5; {p, {q}} = {x, {2}}; p + q]", "7"),
    ("x = 1; GeneralUtilities`Scope[x = 5; {p, {q}} = {x, {2}}]; {x, p, q}", "{1, p, q}"),
    # a helper written with it (the StyleGAN converter's style): temporaries do not leak
    ("sq[n_] := GeneralUtilities`Scope[t = n^2; g := t + 1; g]; {sq[3], t, g}", "{10, t, g}"),
    # symbols only read, or defined by pattern (f[x_] := …), are not made local
    ("k = 3; GeneralUtilities`Scope[h[y_] := y + k; h[1]]", "4"),
    ("k = 3; GeneralUtilities`Scope[h[y_] := y + k; h[1]]; h[2]", "5"),
])
def test_scope(text, expected):
    check(text, expected)
