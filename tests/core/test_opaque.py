"""Atomic objects kept as expressions (wlnet/core/opaque.py): a net is an atom to
ReplaceAll, Replace at levels, Cases, Position, Count, FreeQ, Level, Depth, DeleteCases and
Map at levels, as in the Wolfram Language."""

from __future__ import annotations

import pytest

from tests.builtins._support import run

NET = 'net = NetChain[{LinearLayer[3], Ramp}, "Input" -> 2]; '


@pytest.mark.parametrize("text, expected", [
    ("({net, 3} /. 3 -> 5) === {net, 5}", "True"),
    ("({net, 3} //. 3 -> 4) === {net, 4}", "True"),
    ("({net} /. Rule -> List) === {net}", "True"),
    ("Replace[{net, 3}, 3 -> 4, All] === {net, 4}", "True"),
    ("Cases[{net, 1}, _Integer, Infinity]", "{1}"),
    ("Cases[net, _, Infinity]", "{}"),
    ("Position[{net}, 3]", "{}"),
    ("Count[{net, 2}, _Integer, Infinity]", "1"),
    ("FreeQ[{net}, 3]", "True"),
    ("Length[Level[{net}, -1]]", "1"),
    ("Depth[{net}]", "2"),
    ("DeleteCases[{net}, 3, Infinity] === {net}", "True"),
    ("Map[f, {net}, {2}] === {net}", "True"),
    ("MapAll[f, {net}] === f[{f[net]}]", "True"),
])
def test_a_net_is_an_atom_to_the_walkers(text, expected):
    r = run(NET + f"ToString[{text}]")
    assert r.messages == []
    assert r.value.value == expected


def test_an_expression_with_a_net_head_that_is_no_net_is_walked():
    r = run("ToString[Cases[Hold[NetChain[a]], a, Infinity]]")
    assert r.value.value == "{a}"
