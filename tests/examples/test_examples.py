"""Every examples/*.wl file runs, and shows what the seed page (GatedRecurrentLayer) shows.

The files hold the page's inputs verbatim; `wlnet -print all FILE.wl` prints each result as
the page's Out[n].  This harness runs each file the same way (one Session, one statement at
a time, as the script runner does) and checks every result against the page:

* nets: the page's Out text, which the page shows truncated as `head ... tail`, must be the
  beginning and the end of ours (InputForm, with Association[…] spelled as on the page);
  the random parts (RawArray values, LengthVar ids, session ids) are left out;
* data: the same shapes (a 4×3 matrix, a batch of a 4×2 and a 3×2 matrix, an association
  with keys FinalState then Output…), and the same values where they do not depend on the
  random weights (`%[["FinalState"]] == %[["Output", -1]]` is True, `gru[data] ==
  gru2[data]` is True, a NetStateObject's first output row {0., 0.}, a batch's first row
  equal to the single call's);
* the two applications (examples/gru_addition.wl, gru_compare_xy.wl) run with a few
  training rounds (the harness rewrites MaxTrainingRounds; the files stay as on the page):
  the training loss falls and the final results have the page's form.

The expected fragments below are copied from the page (the specification), not from our
output.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from wlnet.core.expr import TRUE, Expr, Integer, Real, S, String, Symbol

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
REPO = EXAMPLES.parent

# Files of the seed page's 12 examples; the applications are the train line's.
PAGE_EXAMPLES = [
    "basic_create.wl", "basic_initialize_apply.wl", "scope_arguments.wl",
    "ports_string_encoder.wl", "ports_sequence_last.wl", "ports_initial_state.wl",
    "ports_final_state.wl", "options_dropout_spec.wl", "options_dropout_train.wl",
    "properties_state_object.wl", "gru_addition.wl", "gru_compare_xy.wl",
]
APPLICATIONS = ("gru_addition.wl", "gru_compare_xy.wl")


# ---------------------------------------------------------------------------- running

@dataclass
class Step:
    text: str            # the statement's source text
    line: int
    result: object
    messages: list


class Run(list):
    """The steps of one example file, found by the start of their source text;
    ``session`` is the Session they ran in."""

    session = None

    def at(self, start: str, occurrence: int = 0) -> Step:
        found = [s for s in self if s.text.startswith(start)]
        assert len(found) > occurrence, f"no statement starting with {start!r}"
        return found[occurrence]

    def messages(self) -> list:
        return [m for s in self for m in s.messages]


def statements(source: str):
    """(text, line, expr) of each top-level statement of a script."""
    from wlnet.syntax.parser import parse_script_positions
    parsed = parse_script_positions(source)
    offsets = _line_offsets(source)
    starts = [offsets[line - 1] + column - 1 for _, line, column in parsed]
    ends = starts[1:] + [len(source)]
    return [(source[a:b].strip(), line, expr)
            for (expr, line, _), a, b in zip(parsed, starts, ends)]


def _line_offsets(source: str) -> list[int]:
    offsets, total = [], 0
    for line in source.splitlines(keepends=True):
        offsets.append(total)
        total += len(line)
    return offsets + [total]


def run_example(name: str, rewrite=None) -> Run:
    """Run examples/<name> as `wlnet -print all` does, statement by statement.
    ``rewrite(source)`` may adjust the text first (fewer training rounds)."""
    from wlnet.core.session import Session
    source = (EXAMPLES / name).read_text(encoding="utf-8")
    if rewrite is not None:
        source = rewrite(source)
    session = Session(echo=False)
    run = Run()
    run.session = session
    for text, line, expr in statements(source):
        result = session.evaluate(expr)
        run.append(Step(text, line, result, list(session.messages)))
    return run


_RUNS: dict = {}


def example(name: str, rounds: int | None = None) -> Run:
    """The run of examples/<name> (once per test session; the applications with
    ``rounds`` training rounds)."""
    if not (EXAMPLES / name).exists():
        pytest.skip(f"examples/{name} is not written yet")
    key = (name, rounds)
    if key not in _RUNS:
        _RUNS[key] = run_example(name, None if rounds is None else fewer_rounds(rounds))
    return _RUNS[key]


# ---------------------------------------------------------------------------- the page's text

def page_text(expr) -> str:
    """Our InputForm spelled as the page prints it: Association[…] instead of <|…|>."""
    from wlnet.syntax.printer import input_form
    return normalise(input_form(_spell_associations(expr)))


_PAGE_ASSOC = Symbol("WlnetTestPageAssociation")


def _spell_associations(e):
    if type(e) is not Expr:
        return e
    head = _PAGE_ASSOC if e.head is S.Association else _spell_associations(e.head)
    return Expr(head, *(_spell_associations(a) for a in e.args))


def normalise(text: str) -> str:
    """Whitespace and random ids out of the way, so that page and ours compare."""
    text = text.replace(_PAGE_ASSOC.name + "[", "Association[")
    text = re.sub(r"\s+", " ", text)
    text = re.sub(r"([\[{(]) ", r"\1", text)
    text = re.sub(r" ([\]})])", r"\1", text)
    text = re.sub(r"LengthVar\[\d+(\]|$)", r"LengthVar[#\1", text)
    text = re.sub(r"\"SessionID\" -> \d+", '"SessionID" -> #', text)
    text = re.sub(r"\$\d+", "$#", text)
    return text.strip()


def page_fragments(out: str) -> tuple[str, str]:
    """The page's truncated Out `head ... tail` as (head, tail), the head cut before the
    first array value (random weights)."""
    head, tail = re.split(r"\s\.\.\.\s", out.strip(), maxsplit=1)
    head = re.split(r"RawArray\[|CompressedData\[", head)[0]
    return normalise(head), normalise(tail)


def assert_like_page(expr, page_out: str) -> None:
    ours = page_text(expr)
    head, tail = page_fragments(page_out)
    assert ours.startswith(head), f"\npage: {head}\nours: {ours[:len(head) + 80]}"
    assert ours.endswith(tail), f"\npage: …{tail}\nours: …{ours[-len(tail) - 80:]}"


# ---------------------------------------------------------------------------- data checks

def numbers(e):
    """Nested Python lists of floats of a (possibly MatrixForm-wrapped) numeric result."""
    if type(e) is Expr and e.head is S.MatrixForm:
        e = e.args[0]
    if type(e) is Expr and e.head is S.List:
        return [numbers(a) for a in e.args]
    assert type(e) in (Real, Integer), f"not a number: {e!r}"
    return float(e.value)


def dims(e) -> tuple:
    data = numbers(e)
    shape = []
    while isinstance(data, list):
        shape.append(len(data))
        data = data[0]
    return tuple(shape)


def is_matrix_form(e, rows: int, cols: int) -> bool:
    return type(e) is Expr and e.head is S.MatrixForm and dims(e) == (rows, cols)


def assoc_items(e) -> list:
    assert type(e) is Expr and e.head is S.Association, f"not an association: {e!r}"
    return [(a.args[0], a.args[1]) for a in e.args]


def close(a, b, tol=1e-5) -> bool:
    if isinstance(a, list):
        return len(a) == len(b) and all(close(x, y, tol) for x, y in zip(a, b))
    return abs(a - b) <= tol * max(1.0, abs(a), abs(b))


# ---------------------------------------------------------------------------- the page's Outs

GRU3_OUT = """
GatedRecurrentLayer[Association["Type" -> "GatedRecurrent", 
  "Arrays" -> Association["InputGateInputWeights" -> NeuralNetworks`TensorT[
      {3, NeuralNetworks`SizeT}, NeuralNetworks`RealT], "InputGateStateWeights" -> 
     NeuralNetworks`Tensor ...  NeuralNetworks`TensorT[
      {NeuralNetworks`LengthVar[1066052189], 3}, NeuralNetworks`RealT]], 
  "States" -> Association["State" -> NeuralNetworks`TensorT[{3}, NeuralNetworks`RealT]]], 
 Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

GRU3_INIT_OUT = """
GatedRecurrentLayer[Association["Type" -> "GatedRecurrent", 
  "Arrays" -> Association["InputGateInputWeights" -> RawArray["Real32", 
      {{-0.3594474792480469, -0.04992305114865303}, {-1.127055048942566, 1.086535930633545}, 
       {1.8936456441 ... NeuralNetworks`TensorT[{NeuralNetworks`LengthVar[1907867702], 3}, 
      NeuralNetworks`RealT]], "States" -> 
   Association["State" -> NeuralNetworks`TensorT[{3}, NeuralNetworks`RealT]]], 
 Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

GRU2_OUT = """
GatedRecurrentLayer[Association["Type" -> "GatedRecurrent", 
  "Arrays" -> Association["InputGateInputWeights" -> NeuralNetworks`TensorT[
      {2, NeuralNetworks`SizeT}, NeuralNetworks`RealT], "InputGateStateWeights" -> 
     NeuralNetworks`Tensor ...  NeuralNetworks`TensorT[{NeuralNetworks`LengthVar[715248120], 
       2}, NeuralNetworks`RealT]], 
  "States" -> Association["State" -> NeuralNetworks`TensorT[{2}, NeuralNetworks`RealT]]], 
 Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

GRU2_CHARACTERS_OUT = """
GatedRecurrentLayer[Association["Type" -> "GatedRecurrent", 
  "Arrays" -> Association["InputGateInputWeights" -> CompressedData["«1177»"], "InputGateStateWeights" -> 
     RawArray["Real32", {{-0.36914902925491333, -0.9783514142036438}, 
       {0 ...  NeuralNetworks`TensorT[{NeuralNetworks`LengthVar[546843100], 
       2}, NeuralNetworks`RealT]], 
  "States" -> Association["State" -> NeuralNetworks`TensorT[{2}, NeuralNetworks`RealT]]], 
 Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

CHAIN_SEQUENCE_LAST_OUT = """
NetChain[Association["Type" -> "Chain", 
  "Nodes" -> Association["1" -> Association["Type" -> "GatedRecurrent", 
      "Arrays" -> Association["InputGateInputWeights" -> RawArray["Real32", 
          {{-0.3594474792480469, -0.04992305114865303}, { ... sociation["Output" -> NeuralNetworks`TensorT[{3}, NeuralNetworks`RealT]], 
  "InteriorStates" -> Association[{1, "State"} -> NeuralNetworks`NetPath["Nodes", "1", "States", 
      "State"]]], Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

GRAPH_INITIAL_STATE_OUT = """
NetGraph[Association["Type" -> "Graph", 
  "Inputs" -> Association["InitialState" -> NeuralNetworks`TensorT[{2}, NeuralNetworks`RealT], 
    "Input" -> NeuralNetworks`TensorT[{NeuralNetworks`LengthVar[261246272], 2}, 
      NeuralNetworks`AtomT]],  ... 1", "Inputs", "Input"] -> NeuralNetworks`NetPath["Inputs", 
      "Input"], NeuralNetworks`NetPath["Outputs", "Output"] -> NeuralNetworks`NetPath["Nodes", "1", 
      "Outputs", "Output"]}], Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

GRAPH_FINAL_STATE_OUT = """
NetGraph[Association["Type" -> "Graph", 
  "Inputs" -> Association["Input" -> NeuralNetworks`TensorT[{NeuralNetworks`LengthVar[1394897790], 
       2}, NeuralNetworks`AtomT]], "Outputs" -> 
   Association["Output" -> NeuralNetworks`TensorT[{NeuralN ... tput"] -> NeuralNetworks`NetPath["Nodes", "1", "Outputs", 
      "Output"]}, "InteriorStates" -> Association[{1, "State"} -> NeuralNetworks`NetPath["Nodes", 
      "1", "States", "State"]]], Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

DROPOUT_SPEC_OUT = """
GatedRecurrentLayer[Association["Type" -> "GatedRecurrent", 
  "Arrays" -> Association["InputGateInputWeights" -> NeuralNetworks`TensorT[
      {2, NeuralNetworks`SizeT}, NeuralNetworks`RealT], "InputGateStateWeights" -> 
     NeuralNetworks`Tensor ...  NeuralNetworks`TensorT[{NeuralNetworks`LengthVar[358411299], 
       2}, NeuralNetworks`RealT]], 
  "States" -> Association["State" -> NeuralNetworks`TensorT[{2}, NeuralNetworks`RealT]]], 
 Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

DROPOUT_INIT_OUT = """
GatedRecurrentLayer[Association["Type" -> "GatedRecurrent", 
  "Arrays" -> Association["InputGateInputWeights" -> RawArray["Real32", 
      {{-0.3594474792480469, -0.04992305114865303}, {-1.127055048942566, 1.086535930633545}}], 
    "InputGateStat ... NeuralNetworks`TensorT[{NeuralNetworks`LengthVar[2036851800], 2}, 
      NeuralNetworks`RealT]], "States" -> 
   Association["State" -> NeuralNetworks`TensorT[{2}, NeuralNetworks`RealT]]], 
 Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

STATE_OBJECT_OUT = """
NetStateObject[Association["Net" -> GatedRecurrentLayer[Association["Type" -> "GatedRecurrent", 
     "Arrays" -> Association["InputGateInputWeights" -> RawArray["Real32", 
         {{-0.3594474792480469, -0.04992305114865303}, {-1.127055048942566, ... , "SessionID" -> 25650838974352026468, 
  "RecurrentStateKeys" -> {{"State"}}, "RecurrentStateArrays" -> 
   Hold[NeuralNetworks`Private`NetStateObject`state$19496], 
  "EvaluationCount" -> Hold[NeuralNetworks`Private`NetStateObject`evals$19496]]]
"""

ADDITION_TRAINED_OUT = """
NetChain[Association["Type" -> "Chain", 
  "Nodes" -> Association["1" -> Association["Type" -> "UnitVector", "Arrays" -> Association[], 
      "Parameters" -> Association["ClassCount" -> 11, "$Dimensions" -> 
         {NeuralNetworks`LengthVar[1437 ...   "InteriorStates" -> Association[{2, "State"} -> NeuralNetworks`NetPath["Nodes", "2", "States", 
      "State"], {3, "State"} -> NeuralNetworks`NetPath["Nodes", "3", "States", "State"]]], 
 Association["Version" -> "14.1.1", "Unstable" -> False]]
"""

COMPARE_TRAINED_OUT = """
NetChain[Association["Type" -> "Chain", 
  "Nodes" -> Association["1" -> Association["Type" -> "UnitVector", "Arrays" -> Association[], 
      "Parameters" -> Association["ClassCount" -> 3, "$Dimensions" -> 
         {NeuralNetworks`LengthVar[63169 ... n" -> "14.1.1"], NeuralNetworks`TensorT[{3}, 
       NeuralNetworks`RealT]]], "InteriorStates" -> 
   Association[{2, "State"} -> NeuralNetworks`NetPath["Nodes", "2", "States", "State"]]], 
 Association["Version" -> "14.1.1", "Unstable" -> False]]
"""


# ---------------------------------------------------------------------------- the examples

def test_every_page_example_has_a_file():
    missing = [n for n in PAGE_EXAMPLES if n not in APPLICATIONS and not (EXAMPLES / n).exists()]
    assert not missing


@pytest.mark.parametrize("name", [n for n in PAGE_EXAMPLES if n not in APPLICATIONS])
def test_runs_without_messages(name):
    run = example(name)
    assert run and not run.messages()


def _array_dims(net_expr) -> dict:
    """Array name -> dimensions of a single layer, unknown sizes as None."""
    from wlnet.net.wlform import net_from_expr
    net = net_from_expr(net_expr)
    return {path[-1]: tuple(d if isinstance(d, int) else None for d in dims)
            for path, dims in net.array_paths().items()}


GRU_ARRAYS = [f"{gate}Gate{kind}" for gate in ("Input", "Reset", "Memory")
              for kind in ("InputWeights", "StateWeights", "Biases")]


def test_basic_create():
    # the page: the nine arrays, n×k input weights with k not known yet, n×n state weights
    dims = _array_dims(example("basic_create.wl").at("GatedRecurrentLayer[3]").result)
    assert sorted(dims) == sorted(GRU_ARRAYS)
    assert dims["InputGateInputWeights"] == (3, None)
    assert dims["ResetGateStateWeights"] == (3, 3) and dims["MemoryGateBiases"] == (3,)


def test_basic_initialize_apply():
    run = example("basic_initialize_apply.wl")
    # the page: a 4×3 MatrixForm, values in the range of a tanh-bounded state
    out = run.at("gru[{{1, 2}, {0, 1}, {2, 1}, {1, 2}}]//MatrixForm").result
    assert is_matrix_form(out, 4, 3)
    assert all(abs(v) < 1 for row in numbers(out) for v in row)


def test_scope_arguments():
    dims = _array_dims(example("scope_arguments.wl").at("GatedRecurrentLayer[2]").result)
    assert dims["MemoryGateInputWeights"] == (2, None) and dims["InputGateStateWeights"] == (2, 2)


def test_ports_string_encoder():
    run = example("ports_string_encoder.wl")
    # one row per character of "hello world"
    assert is_matrix_form(run.at('gru["hello world"]').result, 11, 2)
    # {"good", "bye"}: a List of a 4×2 and a 3×2 MatrixForm
    batch = run.at('gru[{"good", "bye"}]').result
    assert batch.head is S.List and len(batch.args) == 2
    assert is_matrix_form(batch.args[0], 4, 2) and is_matrix_form(batch.args[1], 3, 2)
    # threading over a batch gives what each string gives alone
    for word, matrix in zip(("good", "bye"), batch.args):
        assert close(numbers(matrix), numbers(run.session.evaluate(f'gru["{word}"]')))


def test_ports_sequence_last():
    run = example("ports_sequence_last.wl")
    single = run.at("net[{{1, 2}, {2, 1}, {3, 0}}]").result
    batch = run.at("net[{{{1, 2}").result
    assert dims(single) == (3,) and dims(batch) == (2, 3)
    # the page: the batch's first row is the single call's result
    assert close(numbers(batch)[0], numbers(single))


def test_ports_initial_state():
    run = example("ports_initial_state.wl")
    assert dims(run.at("graph[<|").result) == (3, 2)


def test_ports_final_state():
    run = example("ports_final_state.wl")
    items = assoc_items(run.at("graph[{{1, 2}").result)
    assert [k for k, _ in items] == [String("FinalState"), String("Output")]
    assert dims(items[0][1]) == (2,) and dims(items[1][1]) == (3, 2)
    assert run.at('%[["FinalState"]] == %[["Output", -1]]').result == TRUE


def test_options_dropout_spec():
    run = example("options_dropout_spec.wl")
    net = run.at("net = GatedRecurrentLayer").result
    # the dropout methods and probabilities are kept as given
    assert '"Dropout" -> <|"VariationalInput" -> 0.2, "VariationalState" -> 0.5|>' \
        in _input_form(net) or \
        '"Dropout" -> {"VariationalInput" -> 0.2, "VariationalState" -> 0.5}' in _input_form(net)


def _input_form(e) -> str:
    from wlnet.syntax.printer import input_form
    return input_form(e)


def test_options_dropout_train():
    run = example("options_dropout_train.wl")
    test_mode = run.at("gru[data]//MatrixForm").result
    assert is_matrix_form(test_mode, 4, 2)
    assert run.at("gru[data] == gru2[data]").result == TRUE
    assert is_matrix_form(run.at("gru[data, NetEvaluationMode").result, 4, 2)
    # five MatrixPlots of 4×2 matrices, 30 pixels wide
    plots = run.at("Table[gru[").result
    assert plots.head is S.List and len(plots.args) == 5
    from wlnet.graphics import rasterize
    images = [rasterize(p, pytest.fail) for p in plots.args]
    assert all(p.head.name == "Graphics" for p in plots.args)
    assert all((img.width, img.height) == (30, 60) for img in images)


def test_dropout_train_mode_differs_from_test_mode():
    """Dropout 0.5 in train mode changes the result (the page's point); evaluated in the
    example's session, with the example's net."""
    from wlnet.core.session import Session
    session = Session(echo=False)
    session.evaluate((EXAMPLES / "options_dropout_train.wl").read_text(encoding="utf-8")
                     .split("(* Dropout has no effect")[0])
    test_mode = numbers(session.evaluate("gru[data]"))
    train_runs = [numbers(session.evaluate('gru[data, NetEvaluationMode -> "Train"]'))
                  for _ in range(5)]
    assert any(not close(r, test_mode) for r in train_runs)
    assert not session.messages


def test_properties_state_object():
    run = example("properties_state_object.wl")
    calls = [numbers(run.at("sobj[{{0, 0}, {1, 1}}]", i).result) for i in range(3)]
    assert all(len(c) == 2 and len(c[0]) == 2 for c in calls)
    # the first call starts from the zero state: a zero input keeps it {0., 0.}
    assert calls[0][0] == [0.0, 0.0]
    # later calls start from the state left by the previous one
    assert calls[1][0] != [0.0, 0.0] and not close(calls[1], calls[2], 1e-9)


def test_export_matrix_plot_png(tmp_path):
    """Export["f.png", MatrixPlot[…]] writes the plot drawn 40 pixels wide (its height:
    the square cells plus the frame ticks' labels); Import gives the pixels back."""
    from wlnet.core.session import Session
    session = Session(echo=False)
    path = str(tmp_path / "plot.png")
    session.evaluate(f'Export["{path}", MatrixPlot[{{{{1, -1}}, {{0, 2}}}}, ImageSize -> 40]]')
    assert not session.messages
    assert session.evaluate(f'ImageDimensions[Import["{path}"]][[1]]') == Integer(40)
    assert session.evaluate(f'Import["{path}"] == Image[MatrixPlot[{{{{1, -1}}, {{0, 2}}}}, '
                            f'ImageSize -> 40]]') == TRUE


def test_script_runner_prints_the_page_outs():
    """The files are meant for `wlnet -print all FILE.wl`: the results appear on stdout."""
    proc = subprocess.run([sys.executable, "-m", "wlnet.cli", "-print", "all",
                           str(EXAMPLES / "ports_final_state.wl")],
                          capture_output=True, text=True, timeout=120, cwd=REPO,
                          env={**os.environ, "PYTHONPATH": str(REPO)})
    assert proc.returncode == 0 and proc.stderr == ""
    lines = proc.stdout.strip().splitlines()
    assert lines[-1] == "True"
    assert lines[-2].startswith('<|"FinalState" -> {') and '"Output" -> {{' in lines[-2]


# ---------------------------------------------------------------------------- applications

ROUND_LOSSES = ("TrainingProgressReporting -> None, RandomSeeding -> 1234, "
                'TrainingProgressFunction -> ((roundLosses = Append[roundLosses, #["RoundLoss"]]) &)')


def fewer_rounds(rounds: int):
    def rewrite(source: str) -> str:
        source, count = re.subn(r"MaxTrainingRounds -> \d+",
                                f"MaxTrainingRounds -> {rounds}, {ROUND_LOSSES}", source)
        assert count == 1
        return "roundLosses = {};\n" + source
    return rewrite


APPLICATION_ROUNDS = 4


def application(name: str) -> Run:
    return example(name, APPLICATION_ROUNDS)


def _rules(e) -> list:
    """The (lhs, rhs) pairs of the page's `RandomSample[trainingData, 4]//InputForm`."""
    assert type(e) is Expr and e.head is S.InputForm
    data = e.args[0]
    assert data.head is S.List and len(data.args) == 4
    assert all(type(r) is Expr and r.head is S.Rule for r in data.args)
    return [(r.args[0], r.args[1]) for r in data.args]


def _round_losses(run: Run) -> list[float]:
    return [float(x.value) for x in run.session.evaluate("roundLosses").args]


def assert_loss_falls(losses: list[float]) -> None:
    """The trend of a few rounds: one loss per round, falling overall and in most rounds."""
    assert len(losses) == APPLICATION_ROUNDS
    assert losses[-1] < 0.9 * losses[0]
    falls = sum(b < a for a, b in zip(losses, losses[1:]))
    assert falls >= len(losses) - 2


def test_application_addition():
    run = application("gru_addition.wl")
    assert not run.messages()
    # {"18+41" -> 59, …}: strings of two numbers and their sum
    for lhs, rhs in _rules(run.at("RandomSample[trainingData, 4]//InputForm").result):
        a, b = lhs.value.split("+")
        assert rhs == Integer(int(a) + int(b))
    assert_loss_falls(_round_losses(run))
    # the page: {7, 35, 20, 88}, four integers
    rounded = run.at('Round@trained[{"5+2"').result
    assert rounded.head is S.List and len(rounded.args) == 4
    assert all(type(x) is Integer for x in rounded.args)


def test_application_compare_xy():
    run = application("gru_compare_xy.wl")
    assert not run.messages()
    classes = {Symbol("Less"), Symbol("Equal"), Symbol("Greater")}
    for lhs, rhs in _rules(run.at("RandomSample[trainingData, 4]//InputForm").result):
        x, y = lhs.value.count("x"), lhs.value.count("y")
        assert rhs == Symbol("Less" if x < y else "Greater" if x > y else "Equal")
    assert_loss_falls(_round_losses(run))
    # the page: {Greater, Less, Equal} and an accuracy of 1.
    decided = run.at('trained[{"xxy", "xyy", "xyxy"}]').result
    assert decided.head is S.List and len(decided.args) == 3
    assert all(d in classes for d in decided.args)
    accuracy = run.at("NetMeasurements[trained, trainingData").result
    assert type(accuracy) is Real and 0.0 <= accuracy.value <= 1.0


# ---------------------------------------------------------------------------- net structure

# (file, the statement's start, the page's Out)
NET_OUTS = [
    ("basic_create.wl", "GatedRecurrentLayer[3]", GRU3_OUT),
    ("basic_initialize_apply.wl", "gru = NetInitialize", GRU3_INIT_OUT),
    ("scope_arguments.wl", "GatedRecurrentLayer[2]", GRU2_OUT),
    ("ports_string_encoder.wl", "gru =", GRU2_CHARACTERS_OUT),
    ("ports_sequence_last.wl", "net = NetInitialize@NetChain", CHAIN_SEQUENCE_LAST_OUT),
    ("ports_initial_state.wl", "graph =", GRAPH_INITIAL_STATE_OUT),
    ("ports_final_state.wl", "graph =", GRAPH_FINAL_STATE_OUT),
    ("options_dropout_spec.wl", "net = GatedRecurrentLayer", DROPOUT_SPEC_OUT),
    ("options_dropout_train.wl", "gru = NetInitialize", DROPOUT_INIT_OUT),
    ("properties_state_object.wl", "sobj = NetStateObject", STATE_OBJECT_OUT),
    ("gru_addition.wl", "trained = NetTrain", ADDITION_TRAINED_OUT),
    ("gru_compare_xy.wl", "trained = NetTrain", COMPARE_TRAINED_OUT),
]


@pytest.mark.parametrize("name, statement, page_out", NET_OUTS)
def test_net_is_printed_as_on_the_page(name, statement, page_out):
    rounds = APPLICATION_ROUNDS if name in APPLICATIONS else None
    assert_like_page(example(name, rounds).at(statement).result, page_out)
