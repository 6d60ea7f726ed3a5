"""The data-building cells of the seed page's two applications, run verbatim
(reference/GatedRecurrentLayer.md): 10,000 addition rules and 9,840 labelled x/y strings."""

from __future__ import annotations


from tests.core._support import Run, parse
from wlnet.core.expr import TRUE, Integer, S, String

ADDITION = '''
enc = NetEncoder[{"Characters", {DigitCharacter, "+"}}];
makeRule[a_, b_] := IntegerString[a] <> "+" <> IntegerString[b] -> a + b;
trainingData = Flatten@Table[makeRule[i, j], {i, 0, 99}, {j, 0, 99}];
RandomSample[trainingData, 4]//InputForm
'''

XY = '''
alphabet = {"x", "y", " "};
inputs = Flatten@Table[StringJoin /@ Tuples[alphabet, n], {n, 1, 8}];
cmpXY[str_] := Switch[Sign[StringCount[str, "x"] - StringCount[str, "y"]], -1, Less, 0, Equal, 1, Greater];
outputs = cmpXY /@ inputs;
trainingData = Thread[inputs -> outputs];
RandomSample[trainingData, 4]//InputForm
'''


def test_addition_rules():
    r = Run(ADDITION)
    s = r.session
    assert s.evaluate("Length[trainingData]") == Integer(10000)
    assert s.evaluate("trainingData[[1]]") == parse('"0+0" -> 0')
    assert s.evaluate("trainingData[[1842]]") == parse('"18+41" -> 59')
    assert s.evaluate('MemberQ[trainingData, "31+66" -> 97]') is TRUE
    sample = r.value.args[0] if r.value.head is S.InputForm else r.value
    assert len(sample.args) == 4 and all(x.head is S.Rule for x in sample.args)


def test_xy_strings():
    r = Run(XY)
    s = r.session
    assert s.evaluate("Length[trainingData]") == Integer(9840)
    assert s.evaluate("Counts[outputs][Equal] + Counts[outputs][Less] + "
                      "Counts[outputs][Greater]") == Integer(9840)
    assert s.evaluate('cmpXY[" xy   "]') is S.Equal
    assert s.evaluate('cmpXY["xxxxxyyy"]') is S.Greater
    assert s.evaluate("Last[inputs]") == String("        ")
