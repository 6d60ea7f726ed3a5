"""TrigToExp and ExpToTrig (wlnet/builtins/trig_exp.py), with the evaluations they rely on:
Cosh[I x] is Cos[x], Sinh[-x] is -Sinh[x] (wlnet/builtins/arithmetic.py,
elementary_extra.py)."""

from __future__ import annotations

import pytest

from tests.builtins._support import check, check_example, declared_examples

CASES = [
    ("TrigToExp[Sin[x]]", "I/2 E^(-I x) - I/2 E^(I x)"),
    ("TrigToExp[Cos[x]]", "E^(-I x)/2 + E^(I x)/2"),
    ("TrigToExp[Tan[x]]", "(I (E^(-I x) - E^(I x)))/(E^(-I x) + E^(I x))"),
    ("TrigToExp[Cosh[x]]", "E^-x/2 + E^x/2"),
    ("TrigToExp[Sinh[x]]", "-E^-x/2 + E^x/2"),
    ("TrigToExp[ArcTanh[x]]", "-Log[1 - x]/2 + Log[1 + x]/2"),
    ("TrigToExp[ArcSinh[x]]", "Log[x + Sqrt[1 + x^2]]"),
    ("TrigToExp[{Sin[x], a}]", "{I/2 E^(-I x) - I/2 E^(I x), a}"),
    # rewritten inside and out
    ("FreeQ[TrigToExp[Sin[Cos[x]]], Sin | Cos]", "True"),
    ("ExpToTrig[E^(I x)]", "Cos[x] + I Sin[x]"),
    ("ExpToTrig[E^x]", "Cosh[x] + Sinh[x]"),
    ("ExpToTrig[(E^x + E^-x)/2]", "Cosh[x]"),
    ("ExpToTrig[E^(I x) + E^(-I x)]", "2 Cos[x]"),
    ("ExpToTrig[TrigToExp[Sin[x]]]", "Sin[x]"),
    ("ExpToTrig[TrigToExp[Cosh[2 x]]]", "Cosh[2 x]"),
    # the circular and hyperbolic functions of I y and of -y
    ("{Cos[I x], Sin[I x], Tan[I x], Cosh[I x], Sinh[I x], Tanh[I x]}",
     "{Cosh[x], I Sinh[x], I Tanh[x], Cos[x], I Sin[x], I Tan[x]}"),
    ("{Sin[-2 I x], Sinh[I], Cosh[2 I]}", "{-I Sinh[2 x], I Sin[1], Cos[2]}"),
    ("{Sinh[-x], Cosh[-x], Sech[-x], Csch[-x], Coth[-x], Cot[-x], Sec[-x], Csc[-x]}",
     "{-Sinh[x], Cosh[x], Sech[x], -Csch[x], -Coth[x], -Cot[x], Sec[x], -Csc[x]}"),
    ("{ArcSin[-x], ArcSinh[-x], ArcTanh[-x]}", "{-ArcSin[x], -ArcSinh[x], -ArcTanh[x]}"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_trig_and_exp(text, expected):
    check(text, expected, evaluate_expected=True)


@pytest.mark.parametrize("name,text,expected", declared_examples("trig_exp"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
