"""The shipped notebook examples/gru_notebook.nb: its conversion to text, and the run."""

import re
from pathlib import Path

import pytest

from wlnet.cli import main
from wlnet.notebook import cell_texts, input_texts, read_notebook
from wlnet.syntax.parser import parse, parse_script

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "gru_notebook.nb"

# What the notebook's Input and Code cells say, as one would type them.
EXPECTED_CELLS = [
    ["SeedRandom[1234];"],
    ['alphabet = {"x", "y"};',
     "inputs = Flatten@Table[StringJoin /@ Tuples[alphabet, n], {n, 1, 6}];",
     'cmp[s_] := Sign[StringCount[s, "x"] - StringCount[s, "y"]] /. '
     "{-1 -> Less, 0 -> Equal, 1 -> Greater};",
     "data = Thread[inputs -> (cmp /@ inputs)];",
     "Length[data] == 2^7 - 2"],
    ["net = NetChain[{UnitVectorLayer[], GatedRecurrentLayer[8], SequenceLastLayer[], "
     'LinearLayer[3], SoftmaxLayer[]}, "Input" -> NetEncoder[{"Characters", alphabet}], '
     '"Output" -> NetDecoder[{"Class", {Less, Equal, Greater}}]];'],
    ["trained = NetTrain[net, data, BatchSize -> 16, MaxTrainingRounds -> 30, "
     "LearningRate -> 0.01];"],
    ['trained[{"xxy", "xyy", "xyxy"}]'],
    ["correct = Count[MapThread[SameQ, {trained[inputs], cmp /@ inputs}], True];",
     "N[correct/Length[data]]"],
    ['Print["accuracy: ", NetMeasurements[trained, data, "Accuracy"]]'],
]


def test_the_example_is_written_as_mathematica_writes_notebooks():
    text = EXAMPLE.read_text()
    assert text.startswith("(* Content-type: application/vnd.wolfram.mathematica *)")
    nb = read_notebook(EXAMPLE)
    options = {r.args[0].name: r.args[1] for r in nb.args[1:]}
    assert {"WindowSize", "FrontEndVersion", "StyleDefinitions"} <= set(options)
    for needle in ("CellGroupData", "\\[IndentingNewLine]", "\\[Rule]", "\\[Equal]",
                   "SuperscriptBox", "FractionBox", "StyleBox", 'CellLabel->"In[1]:="'):
        assert needle in text, needle


def test_the_example_cells_convert_to_the_expected_statements():
    texts = input_texts(EXAMPLE)
    assert len(texts) == len(EXPECTED_CELLS)
    for text, expected in zip(texts, EXPECTED_CELLS):
        assert parse_script(text) == [parse(s) for s in expected], text


def test_the_example_keeps_its_outputs_and_prose_out_of_the_script():
    assert cell_texts(EXAMPLE, ("Output",)) == ["True", "{Greater, Less, Equal}", "1.`"]
    assert len(cell_texts(EXAMPLE, ("Text",))) == 2


def _net_train_available() -> bool:
    from wlnet.builtins import load_all
    from wlnet.core.registry import BUILTINS
    load_all()
    return "NetTrain" in BUILTINS and "NetMeasurements" in BUILTINS


@pytest.mark.skipif(not _net_train_available(),
                    reason="NetTrain/NetMeasurements (the train line) are not available yet")
def test_wlnet_run_trains_and_evaluates_the_example(capsys):
    assert main(["run", str(EXAMPLE)]) == 0
    captured = capsys.readouterr()
    lines = [ln for ln in captured.out.splitlines() if ln.strip()]
    assert lines[0] == "True"
    predictions = next(ln for ln in lines if ln.startswith("{"))
    assert re.fullmatch(r"\{(Less|Equal|Greater)(, (Less|Equal|Greater)){2}\}", predictions)
    accuracy = float(next(ln for ln in lines if ln.startswith("accuracy: ")).split()[-1])
    assert accuracy >= 0.9, captured.out
    assert "::" not in captured.err, captured.err
