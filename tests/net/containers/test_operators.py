"""NetMapOperator and NetBidirectionalOperator: shapes through the inner nets, numbers
against the inner nets run by hand, gradients (finite differences), file and InputForm
round trips, messages for bad inner nets, and the torch backend's agreement.  Containers
are not layers, so these are the registry's checks (tests/net/layers/test_registry.py)
written out for the operators."""

import numpy as np
import pytest

from wlnet.core.expr import S, to_python
from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.net import Net
from wlnet.net.types import FrozenDict, LengthVar
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients, random_arrays
from tests.net.layers.test_registry import SEQUENCE_LENGTHS, expected_shape, sample_batch

OPERATORS = {
    "map-linear": 'NetMapOperator[LinearLayer[2], "Input" -> {"Varying", 3}]',
    "map-fixed-length": 'NetMapOperator[LinearLayer[2, "Input" -> 3], "Input" -> {4, 3}]',
    "map-chain": 'NetMapOperator[NetChain[{LinearLayer[4], Tanh, LinearLayer[2]}], '
                 '"Input" -> {"Varying", 3}]',
    "map-summation": 'NetMapOperator[SummationLayer[], "Input" -> {"Varying", 2, 3}]',
    "map-recurrent": 'NetMapOperator[NetChain[{GatedRecurrentLayer[2], SequenceLastLayer[]}], '
                     '"Input" -> {"Varying", 4, 3}]',
    "bi-gru": 'NetBidirectionalOperator[GatedRecurrentLayer[3], "Input" -> {"Varying", 2}]',
    "bi-pair": 'NetBidirectionalOperator[{GatedRecurrentLayer[3], LongShortTermMemoryLayer[2]}, '
               '"Input" -> {"Varying", 2}]',
    "bi-total": 'NetBidirectionalOperator[{BasicRecurrentLayer[3], GatedRecurrentLayer[3]}, Total, '
                '"Input" -> {"Varying", 2}]',
    "bi-mean": 'NetBidirectionalOperator[GatedRecurrentLayer[2], Mean, "Input" -> {5, 2}]',
    # None: the two directions as two outputs, "ForwardOutput" and "BackwardOutput"
    "bi-separate": 'NetBidirectionalOperator[{GatedRecurrentLayer[2], BasicRecurrentLayer[3]}, None, '
                   '"Input" -> {"Varying", 2}]',
    "bi-chain": 'NetBidirectionalOperator[NetChain[{NetMapOperator[LinearLayer[3]], GatedRecurrentLayer[2]}], '
                '"Input" -> {"Varying", 2}]',
    "fold-total": 'NetFoldOperator[NetGraph[{TotalLayer[]}, {{NetPort["Input"], NetPort["State"]} -> 1}], '
                  '"Input" -> {"Varying", 2}]',
    "fold-rnn": 'NetFoldOperator[NetGraph[<|"cat" -> CatenateLayer[], "lin" -> LinearLayer[3], '
                '"t" -> Tanh|>, {{NetPort["Input"], NetPort["State"]} -> "cat" -> "lin" -> "t"}], '
                '"Input" -> {"Varying", 2}]',
    "fold-fixed": 'NetFoldOperator[NetGraph[<|"cat" -> CatenateLayer[], "lin" -> LinearLayer[2]|>, '
                  '{{NetPort["Input"], NetPort["State"]} -> "cat" -> "lin"}], "Input" -> {4, 3}]',
    # a constant input (the same at every step) and one returned output of two
    "fold-const": 'NetFoldOperator[NetGraph[<|"cat" -> CatenateLayer[], "lin" -> LinearLayer[2], '
                  '"d" -> ElementwiseLayer[2 # &]|>, {{NetPort["Input"], NetPort["State"], '
                  'NetPort["C"]} -> "cat" -> "lin" -> "d" -> NetPort["Double"], '
                  '"lin" -> NetPort["Output"]}], {"Output" -> "State"}, {"C"}, {"Double"}, '
                  '"Input" -> {"Varying", 2}, "C" -> 3]',
    "map-fold": 'NetMapOperator[NetFoldOperator[NetGraph[<|"cat" -> CatenateLayer[], '
                '"lin" -> LinearLayer[2]|>, {{NetPort["Input"], NetPort["State"]} -> "cat" -> "lin"}]], '
                '"Input" -> {"Varying", 3, 2}]',
    "mapthread-graph": 'NetMapThreadOperator[NetGraph[<|"lin" -> LinearLayer[2], "t" -> TotalLayer[]|>, '
                       '{NetPort["A"] -> "lin", {"lin", NetPort["B"]} -> "t"}], "A" -> {"Varying", 3}, '
                       '"B" -> {"Varying", 2}]',
    # depth 2: over the first two levels; <|"A" -> 1|>: "B" given once, replicated
    "mapthread-depth": 'NetMapThreadOperator[LinearLayer[2], 2, "Input" -> {"Varying", 3, 2}]',
    "mapthread-replicate": 'NetMapThreadOperator[NetGraph[<|"lin" -> LinearLayer[2], '
                           '"t" -> TotalLayer[]|>, {NetPort["A"] -> "lin", {"lin", NetPort["B"]} -> "t"}], '
                           '<|"A" -> 1|>, "A" -> {"Varying", 3}, "B" -> 2]',
    # inputs of mixed depths: A's i-th vector goes with each of B[[i]]'s (replicated over
    # B's second level)
    "mapthread-mixed": 'NetMapThreadOperator[NetGraph[<|"lin" -> LinearLayer[2], '
                       '"t" -> TotalLayer[]|>, {NetPort["A"] -> "lin", {"lin", NetPort["B"]} -> "t"}], '
                       '<|"A" -> 1, "B" -> 2|>, "A" -> {"Varying", 3}, "B" -> {"Varying", 4, 2}]',
    "nest-linear": 'NetNestOperator[LinearLayer[3, "Input" -> 3], 3]',
    "nest-chain": 'NetNestOperator[NetChain[{LinearLayer[2], Tanh}], 4, "Input" -> 2]',
}

EXAMPLE_INPUT = {"map-fixed-length": "{4, 3}", "bi-mean": "{5, 2}", "map-summation": "{2, 2, 3}",
                 "map-recurrent": "{2, 4, 3}", "fold-fixed": "{4, 3}", "map-fold": "{2, 3, 2}",
                 "nest-linear": "{3}", "nest-chain": "{2}", "map-linear": "{3, 3}",
                 "map-chain": "{3, 3}"}
EXAMPLE_DATA = {"mapthread-graph": '<|"A" -> RandomReal[1, {3, 3}], "B" -> RandomReal[1, {3, 2}]|>',
                "mapthread-depth": 'RandomReal[1, {4, 3, 2}]',
                "mapthread-replicate": '<|"A" -> RandomReal[1, {4, 3}], "B" -> RandomReal[1, 2]|>',
                "mapthread-mixed": '<|"A" -> RandomReal[1, {3, 3}], "B" -> RandomReal[1, {3, 4, 2}]|>',
                "fold-const": '<|"Input" -> RandomReal[1, {4, 2}], "C" -> RandomReal[1, 3]|>'}


@pytest.fixture(scope="module")
def session():
    return Session()


def evaluate(session, text):
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return r


def sample(session, text):
    return net_from_expr(evaluate(session, f"NetInitialize[{text}, RandomSeeding -> 4]"))


def batches_for(net, rng):
    return {p: sample_batch(t, rng) for p, t in net.inputs().items()}


def sub_net(net: Net, name: str) -> Net:
    """The inner net ``name`` with its own arrays (paths without the operator's prefix)."""
    prefix = ("Parameters", name)
    arrays = {p[2:]: v for p, v in net.arrays.items() if p[:2] == prefix}
    return Net(net.root.nodes[name], FrozenDict(arrays))


def run(net: Net, data: np.ndarray, lengths=None) -> np.ndarray:
    ex = Executor.for_net(net, "Real64")
    arrays = ex.arrays_for(net)
    port = next(iter(net.inputs()))
    res = ex.forward(arrays, {port: Batch(np.asarray(data, np.float64), lengths)})
    return next(iter(res.outputs.values())).data


# ---------------------------------------------------------------------------- shapes and numbers

@pytest.mark.parametrize("text", OPERATORS.values(), ids=OPERATORS.keys())
def test_shapes_follow_the_port_types(session, text):
    net = sample(session, text)
    rng = np.random.default_rng(1)
    batches = batches_for(net, rng)
    res = Executor.for_net(net, "Real64").forward(random_arrays(net, rng), batches)
    lengths = next((b.lengths for b in batches.values() if b.lengths is not None), None)
    for port, t in net.outputs().items():
        assert res.outputs[port].data.shape == expected_shape(t, lengths)


def test_map_applies_the_net_to_every_valid_element(session):
    net = sample(session, OPERATORS["map-chain"])
    rng = np.random.default_rng(5)
    x = sample_batch(net.inputs()["Input"], rng)
    got = run(net, x.data, x.lengths)
    inner = sub_net(net, "Net")
    for i, n in enumerate(x.lengths):
        assert np.allclose(got[i, :n], run(inner, x.data[i, :n]), atol=1e-12)
        assert not np.any(got[i, n:])              # nothing past each example's length


def test_map_gives_each_element_its_own_recurrent_start(session):
    """A recurrent inner net runs on every element from a zero state."""
    net = sample(session, OPERATORS["map-recurrent"])
    x = sample_batch(net.inputs()["Input"], np.random.default_rng(6))
    got = run(net, x.data, x.lengths)
    inner = sub_net(net, "Net")
    for i, n in enumerate(x.lengths):
        assert np.allclose(got[i, :n], run(inner, x.data[i, :n]), atol=1e-12)
    assert Executor.for_net(net, "Real64").state_keys == []


@pytest.mark.parametrize("name", ["bi-gru", "bi-pair", "bi-total", "bi-chain"])
def test_bidirectional_runs_the_backward_net_on_each_sequence_reversed(session, name):
    net = sample(session, OPERATORS[name])
    x = sample_batch(net.inputs()["Input"], np.random.default_rng(7))
    got = run(net, x.data, x.lengths)
    fwd, bwd = sub_net(net, "ForwardNet"), sub_net(net, "BackwardNet")
    for i, n in enumerate(x.lengths):
        seq = x.data[i:i + 1, :n]
        f = run(fwd, seq)[0]
        b = run(bwd, seq[:, ::-1])[0][::-1]
        want = np.concatenate([f, b], -1) if net.root.aggregation == "Catenate" else f + b
        assert np.allclose(got[i, :n], want, atol=1e-12)


def test_bidirectional_mean_and_the_same_net_twice(session):
    net = sample(session, OPERATORS["bi-mean"])
    x = np.random.default_rng(8).normal(size=(2, 5, 2))
    fwd, bwd = sub_net(net, "ForwardNet"), sub_net(net, "BackwardNet")
    want = (run(fwd, x) + run(bwd, x[:, ::-1])[:, ::-1]) / 2
    assert np.allclose(run(net, x), want, atol=1e-12)
    # NetBidirectionalOperator[net]: two independently initialised copies
    assert not np.array_equal(fwd.arrays[("Arrays", "InputGateInputWeights")].array,
                              bwd.arrays[("Arrays", "InputGateInputWeights")].array)


def test_bidirectional_states_are_interior_states_with_their_direction(session):
    net = sample(session, OPERATORS["bi-pair"])
    ex = Executor.for_net(net, "Real64")
    assert ex.state_keys == [("ForwardNet", "State"), ("BackwardNet", "State"),
                             ("BackwardNet", "CellState")]
    text = session.evaluate(f'ToString[InputForm[{OPERATORS["bi-pair"]}]]').value
    assert '{"BackwardNet", "CellState"} -> NeuralNetworks`NetPath["Parameters", ' \
           '"BackwardNet", "States", "CellState"]' in text


# ---------------------------------------------------------------------------- shape inference

def test_map_infers_through_the_inner_net(session):
    net = net_from_expr(evaluate(session, 'NetMapOperator[LinearLayer[2], "Input" -> {"Varying", 3}]'))
    inner = net.root.net
    assert inner.array_shapes()["Weights"] == (2, 3)
    t = net.outputs()["Output"]
    assert isinstance(t.dims[0], LengthVar) and t.dims[1:] == (2,)
    assert t.dims[0] == net.inputs()["Input"].dims[0]


def test_map_of_a_layer_of_open_input_rank_takes_the_data_shape(session):
    """NetMapOperator[LinearLayer[3, "Weights" -> w]] leaves its elements' rank open (the
    weights only fix their size): one sequence of rows and a batch of them are both mapped
    row by row, the sequence length left to vary."""
    evaluate(session, 'w = {{1., 2.}, {0., 1.}, {3., -1.}}; '
                      'm = NetMapOperator[LinearLayer[3, "Weights" -> w, "Biases" -> {0, 0, 1}]];')
    rows = np.arange(8.).reshape(4, 2)
    want = rows @ np.array([[1, 2], [0, 1], [3, -1]]).T + [0, 0, 1]
    got = session.evaluate('m[{{0, 1}, {2, 3}, {4, 5}, {6, 7}}]')
    assert np.allclose(np.array(to_python(got)), want)
    batch = session.evaluate('m[ConstantArray[{{0, 1}, {2, 3}, {4, 5}, {6, 7}}, 3]]')
    assert np.allclose(np.array(to_python(batch)), [want] * 3)
    assert output_form(session.evaluate('Dimensions[m[RandomReal[1, {5, 2}]]]')) == "{5, 3}"
    # NetMapThreadOperator of one such net, and a map of a map, alike
    assert output_form(session.evaluate('Dimensions[NetMapThreadOperator[m[["Net"]]]['
                                        'RandomReal[1, {5, 4, 2}]]]')) == "{5, 4, 3}"
    assert output_form(session.evaluate('Dimensions[NetMapOperator[m][RandomReal[1, {4, 3, 2}]]]')) \
        == "{4, 3, 3}"
    assert not session.messages, session.messages


def test_map_learns_its_sizes_from_the_chain_around_it(session):
    text = ('NetChain[{NetMapOperator[LinearLayer[4]], GatedRecurrentLayer[3], '
            'SequenceLastLayer[]}, "Input" -> {"Varying", 2}]')
    net = net_from_expr(evaluate(session, text))
    assert net.root.nodes["1"].net.array_shapes()["Weights"] == (4, 2)
    assert net.root.nodes["2"].array_shapes()["InputGateInputWeights"] == (3, 4)


def test_wl_examples(session):
    evaluate(session, 'mapped = NetInitialize[NetMapOperator[LinearLayer[2, "Input" -> 3, '
                      '"Weights" -> {{1, 0, 0}, {0, 1, 1}}, "Biases" -> {0, 1}]]];')
    assert evaluate(session, 'mapped[{{1, 2, 3}, {4, 5, 6}}]') == \
        evaluate(session, '{{1., 6.}, {4., 12.}}')
    # threads over a batch of sequences of different lengths
    assert evaluate(session, 'mapped[{{{1, 2, 3}}, {{1, 1, 1}, {0, 0, 0}}}]') == \
        evaluate(session, '{{{1., 6.}}, {{1., 3.}, {0., 1.}}}')
    out = evaluate(session, 'Dimensions[NetInitialize[NetBidirectionalOperator['
                            'GatedRecurrentLayer[3], "Input" -> {"Varying", 2}]][{{1, 2}, {3, 4}, {5, 6}}]]')
    assert out == evaluate(session, '{3, 6}')


# ---------------------------------------------------------------------------- gradients, round trips

@pytest.mark.parametrize("text", OPERATORS.values(), ids=OPERATORS.keys())
def test_gradients_against_finite_differences(session, text):
    net = sample(session, text)
    rng = np.random.default_rng(2)
    check_gradients(Executor.for_net(net, "Real64"), random_arrays(net, rng), batches_for(net, rng))


@pytest.mark.parametrize("name", OPERATORS)
def test_file_and_input_form_round_trips(session, name, tmp_path):
    evaluate(session, f"net = NetInitialize[{OPERATORS[name]}];")
    path = str(tmp_path / "op.wlnet").replace("\\", "/")
    evaluate(session, f'Export["{path}", net]')
    assert evaluate(session, f'Import["{path}"] === net').name == "True"
    assert evaluate(session, "ToExpression[ToString[InputForm[net]]] === net").name == "True"
    data = EXAMPLE_DATA.get(name, f"RandomReal[1, {EXAMPLE_INPUT.get(name, '{3, 2}')}]")
    evaluate(session, f"x = {data};")
    assert evaluate(session, f'Import["{path}"][x] === net[x]').name == "True"


# ---------------------------------------------------------------------------- messages

@pytest.mark.parametrize("text, tag", [
    ("NetMapOperator[MeanSquaredLossLayer[]]", "NetMapOperator::opsingleport"),
    ('NetBidirectionalOperator[{GatedRecurrentLayer[2], CrossEntropyLossLayer["Index"]}]',
     "NetBidirectionalOperator::opsingleport"),
    ("NetBidirectionalOperator[GatedRecurrentLayer[2], Foo]", "NetBidirectionalOperator::opaggr"),
    ("NetBidirectionalOperator[{GatedRecurrentLayer[2]}]", "NetBidirectionalOperator::opnets"),
    ('NetMapOperator[LinearLayer[2, "Input" -> 3], "Input" -> {"Varying", 4}]', "NetMapOperator::tyinc"),
    # Catenate joins arrays along their last dimension: two numbers are not joined
    ('NetBidirectionalOperator[NetChain[{GatedRecurrentLayer[2], SequenceLastLayer[], '
     'LinearLayer[{}]}], "Input" -> {"Varying", 2}]', "NetBidirectionalOperator::opinc"),
    ('NetBidirectionalOperator[{BasicRecurrentLayer[1], BasicRecurrentLayer[3]}, Total, '
     '"Input" -> {"Varying", 3}]', "NetBidirectionalOperator::opinc"),
    ('NetBidirectionalOperator[{GatedRecurrentLayer[2], GatedRecurrentLayer[3]}, Total]',
     "NetBidirectionalOperator::opinc"),
    ('NetMapOperator[LinearLayer[2], "Foo" -> 3]', "NetMapOperator::invnetport"),
    # an evaluation option is named as one, not as a port the operator lacks
    ('NetMapOperator[LinearLayer[2], BatchSize -> 2]', "NetMapOperator::evalopt"),
    ('NetFoldOperator[GatedRecurrentLayer[2], TargetDevice -> "CPU"]', "NetFoldOperator::evalopt"),
    ('LinearLayer[2, WorkingPrecision -> "Real64"]', "LinearLayer::evalopt"),
    ("NetMapOperator[]", "NetMapOperator::argx"),
    ("NetMapOperator[Foo]", "NetMapOperator::"),
])
def test_bad_inner_nets_give_messages(text, tag):
    """Each failure is one WL message under the operator's head, and $Failed."""
    s = Session()
    result = s.evaluate(text)
    assert getattr(result, "name", None) == "$Failed"
    assert any(m.startswith(tag) for m in s.messages), s.messages


# ---------------------------------------------------------------------------- backends

@pytest.mark.parametrize("precision", ["Real64", "Real32"])
@pytest.mark.parametrize("text", OPERATORS.values(), ids=OPERATORS.keys())
def test_torch_backend_agrees(session, text, precision):
    pytest.importorskip("torch")
    from tests.net.backends.test_torch_backend import agree
    agree(sample(session, text), precision)


# ---------------------------------------------------------------------------- the WL face

def test_a_part_a_net_lacks_is_named_with_the_net_as_shown():
    # Part's message named the operator's internal association ("Part 3 of <||>")
    s = Session()
    s.evaluate('mapOp = NetMapOperator[LinearLayer[3], "Input" -> {4, 2}];')
    s.messages.clear()
    result = s.evaluate('mapOp[[1, 2, 3, 4, 5]]')
    assert s.messages == ["Part::partw: Part {1, 2, 3, 4, 5} of NetMapOperator[<1>] does not exist."]
    assert result.head.name == "Part"
    assert s.evaluate('Head[mapOp[["Net"]]]').name == "LinearLayer"     # what exists still reads


def test_net_extract_part_normal_and_replace_part_reach_the_inner_nets(session):
    evaluate(session, 'op = NetInitialize[NetMapOperator[LinearLayer[2, "Input" -> 3]], RandomSeeding -> 2];')
    assert evaluate(session, 'Head[NetExtract[op, "Net"]]').name == "LinearLayer"
    assert evaluate(session, 'NetExtract[op, {"Net", "Weights"}] === '
                             'NetExtract[NetExtract[op, "Net"], "Weights"]').name == "True"
    assert evaluate(session, 'op[["Net"]] === NetExtract[op, "Net"]').name == "True"
    assert evaluate(session, 'Keys[Normal[op]]') == evaluate(session, '{"Net"}')
    evaluate(session, 'op2 = NetReplacePart[op, {"Net", "Biases"} -> {1, 2}];')
    assert evaluate(session, 'op2[{{0, 0, 0}}]') == evaluate(session, '{{1., 2.}}')
    evaluate(session, 'bi = NetBidirectionalOperator[GatedRecurrentLayer[3], "Input" -> {"Varying", 2}];')
    assert evaluate(session, 'Head[NetExtract[bi, "BackwardNet"]]').name == "GatedRecurrentLayer"
    keys = evaluate(session, 'Keys[Information[NetInitialize[bi], "Arrays"]]')
    assert keys.args[0] == evaluate(session, '{"ForwardNet", "InputGateInputWeights"}')


def test_summary_lists_the_inner_layers(session):
    from wlnet.net.information import summary_text
    net = net_from_expr(evaluate(session, OPERATORS["bi-chain"]))
    text = summary_text(net)
    assert text.startswith("NetBidirectionalOperator")
    lines = text.splitlines()
    # each sub-net is a row of its own, its parts one level deeper (not flattened)
    assert any(line.split()[:2] == ["ForwardNet", "NetChain"] for line in lines)
    assert any(line.startswith("        Net ") and "LinearLayer" in line for line in lines)
    assert any(line.split()[:2] == ["BackwardNet", "NetChain"] for line in lines)


def test_operators_train_in_a_chain_and_keep_states(session):
    evaluate(session, 'opnet = NetChain[{NetMapOperator[LinearLayer[4]], '
                      'NetBidirectionalOperator[GatedRecurrentLayer[3]], SequenceLastLayer[], '
                      'LinearLayer[1]}, "Input" -> {"Varying", 2}, "Output" -> "Scalar"];'
                      'opdata = Table[Table[{x, -x}, {n}] -> x, {x, 0., 1., 0.1}, {n, 2, 4}] // Flatten;')
    evaluate(session, 'opres = NetTrain[opnet, opdata, All, MaxTrainingRounds -> 60, '
                      'RandomSeeding -> 1, TrainingProgressReporting -> None];')
    losses = evaluate(session, 'opres["RoundLossList"]')
    assert losses.args[-1].value < losses.args[0].value / 2
    evaluate(session, 'so = NetStateObject[NetInitialize[NetBidirectionalOperator['
                      'GatedRecurrentLayer[3], "Input" -> {"Varying", 2}], RandomSeeding -> 1]];')
    evaluate(session, 'so[{{1, 2}, {3, 4}}];')
    states = evaluate(session, 'Keys[so[{{1, 2}}, NetPort[All, "States"]]]')
    assert states == evaluate(session, '{{"ForwardNet", "State"}, {"BackwardNet", "State"}}')


# ---------------------------------------------------------------------------- fold and nest

def test_fold_feeds_its_output_back_as_its_state(session):
    evaluate(session, f'fold = {OPERATORS["fold-total"]};')
    assert evaluate(session, 'fold[{{1, 2}, {3, 4}, {5, 6}}]') == \
        evaluate(session, '{{1., 2.}, {4., 6.}, {9., 12.}}')
    # each sequence at its own length; the final state is the one at that length
    assert evaluate(session, 'fold[{{{1, 2}, {3, 4}, {5, 6}}, {{1, 1}}}]') == \
        evaluate(session, '{{{1., 2.}, {4., 6.}, {9., 12.}}, {{1., 1.}}}')
    states = evaluate(session, 'fold[{{{1, 2}, {3, 4}, {5, 6}}, {{1, 1}}}, NetPort[All, "States"]]')
    assert states == evaluate(session, '{<|{"State"} -> {9., 12.}|>, <|{"State"} -> {1., 1.}|>}')


def test_fold_matches_its_step_net_run_by_hand(session):
    net = sample(session, OPERATORS["fold-rnn"])
    x = sample_batch(net.inputs()["Input"], np.random.default_rng(9))
    ex = Executor.for_net(net, "Real64")
    s0 = np.random.default_rng(10).normal(size=(len(SEQUENCE_LENGTHS), 3))
    res = ex.forward(ex.arrays_for(net), {"Input": x}, initial_states={("State",): s0})
    step = sub_net(net, "Net")
    step_ex = Executor.for_net(step, "Real64")
    for i, n in enumerate(x.lengths):
        s = s0[i:i + 1]
        for t in range(n):
            out = step_ex.forward(step_ex.arrays_for(step), {"Input": Batch(x.data[i:i + 1, t], None),
                                                           "State": Batch(s, None)})
            s = out.outputs["Output"].data
            assert np.allclose(res.outputs["Output"].data[i, t], s[0], atol=1e-12)
        assert np.allclose(res.final_states[("State",)][i], s[0], atol=1e-12)


def test_fold_gradients_reach_the_initial_state(session):
    net = sample(session, OPERATORS["fold-rnn"])
    rng = np.random.default_rng(11)
    states = {("State",): rng.normal(size=(len(SEQUENCE_LENGTHS), 3))}
    check_gradients(Executor.for_net(net, "Real64"), random_arrays(net, rng), batches_for(net, rng),
                    states=states)


def test_fold_state_is_a_port_in_a_graph(session):
    text = ('NetGraph[<|"fold" -> ' + OPERATORS["fold-total"] + '|>, '
            '{NetPort["Init"] -> NetPort["fold", "State"], NetPort["fold", "State"] -> NetPort["Final"]}]')
    evaluate(session, f'g = {text};')
    out = evaluate(session, 'g[<|"Input" -> {{1, 2}, {3, 4}}, "Init" -> {10, 20}|>]')
    assert out == evaluate(session, '<|"Final" -> {14., 26.}, "Output" -> {{11., 22.}, {14., 26.}}|>') or \
        out == evaluate(session, '<|"Output" -> {{11., 22.}, {14., 26.}}, "Final" -> {14., 26.}|>')


def test_nest_applies_the_net_n_times(session):
    assert evaluate(session, 'NetNestOperator[ElementwiseLayer[#*2 &], 4, "Input" -> 2][{1, 3}]') == \
        evaluate(session, '{16., 48.}')
    net = sample(session, OPERATORS["nest-chain"])
    x = np.random.default_rng(12).normal(size=(3, 2))
    inner, want = sub_net(net, "Net"), x
    for _ in range(4):
        want = run(inner, want)
    assert np.allclose(run(net, x), want, atol=1e-12)


@pytest.mark.parametrize("text, tag", [
    ("NetFoldOperator[LinearLayer[3]]", "NetFoldOperator::opfeedback"),
    ('NetFoldOperator[ThreadingLayer[#Input + #State &], {"Output" -> "State"}, {"K"}]',
     "NetFoldOperator::opconst"),
    ('NetFoldOperator[ThreadingLayer[#Input + #State &], {"Output" -> "State"}, {"Input"}]',
     "NetFoldOperator::opnoseq"),
    ('NetFoldOperator[ThreadingLayer[#Input + #State &], {"Output" -> "State"}, {}, {"Out"}]',
     "NetFoldOperator::opreturn"),
    ('NetFoldOperator[NetGraph[{TotalLayer[]}, {{NetPort["Input"], NetPort["State"]} -> 1}], '
     '{"Output" -> "Input", "Output" -> "State"}]', "NetFoldOperator::opnoseq"),
    ('NetFoldOperator[NetGraph[<|"cat" -> CatenateLayer[], "lin" -> LinearLayer[2]|>, '
     '{{NetPort["Input"], NetPort["State"]} -> "cat" -> "lin"}], "Input" -> {"Varying", 2}, '
     '"State" -> 3]', "NetFoldOperator::invnetport"),
    ('NetNestOperator[LinearLayer[3, "Input" -> 2], 3]', "NetNestOperator::opinc"),
    ("NetNestOperator[LinearLayer[3], 0]", "NetNestOperator::opiter"),
    ("NetNestOperator[LinearLayer[3]]", "NetNestOperator::argr"),
])
def test_bad_fold_and_nest_give_messages(text, tag):
    s = Session()
    result = s.evaluate(text)
    assert getattr(result, "name", None) == "$Failed"
    assert any(m.startswith(tag) for m in s.messages), s.messages


def test_a_type_clash_names_both_sides():
    s = Session()
    s.evaluate('NetNestOperator[LinearLayer[3, "Input" -> 2], 3]')
    assert s.messages == ["NetNestOperator::opinc: The types do not fit: the output of the net is "
                          "a length-3 vector of real numbers, but its input is a length-2 vector "
                          "of numbers."]


def test_map_thread_maps_over_corresponding_elements(session):
    evaluate(session, 'mt = NetMapThreadOperator[NetGraph[{TotalLayer[]}, '
                      '{{NetPort["A"], NetPort["B"]} -> 1}], "A" -> {"Varying", 2}, "B" -> {"Varying", 2}];')
    assert evaluate(session, 'mt[<|"A" -> {{1, 2}, {3, 4}}, "B" -> {{1, 1}, {2, 2}}|>]') == \
        evaluate(session, '{{2., 3.}, {5., 6.}}')
    assert evaluate(session, 'mt[<|"A" -> {{{1, 2}, {3, 4}}, {{5, 5}}}, "B" -> {{{1, 1}, {2, 2}}, {{1, 1}}}|>]') == \
        evaluate(session, '{{{2., 3.}, {5., 6.}}, {{6., 6.}}}')
    net = sample(session, OPERATORS["mapthread-graph"])
    assert set(net.inputs()) == {"A", "B"}
    assert net.inputs()["A"].dims[0] == net.inputs()["B"].dims[0] == net.outputs()["Output"].dims[0]


def test_map_thread_inputs_of_different_lengths_give_a_message():
    s = Session()
    s.evaluate('mt = NetMapThreadOperator[NetGraph[{TotalLayer[]}, {{NetPort["A"], NetPort["B"]} -> 1}], '
               '"A" -> {"Varying", 2}, "B" -> {"Varying", 2}];')
    assert s.messages == []
    result = s.evaluate('mt[<|"A" -> {{1, 2}, {3, 4}}, "B" -> {{1, 1}}|>]')
    assert getattr(result, "name", None) == "$Failed"
    assert s.messages and s.messages[0].startswith("NetMapThreadOperator::") and '"B"' in s.messages[0]


def test_learning_rate_multipliers_reach_an_operators_net(session):
    evaluate(session, 'lrnet = NetInitialize[NetChain[{NetMapOperator[LinearLayer[2]], SequenceLastLayer[], '
                      'LinearLayer[1]}, "Input" -> {"Varying", 2}, "Output" -> "Scalar"], RandomSeeding -> 3];'
                      'lrdata = Table[{{x, 1 - x}, {x, x}} -> x, {x, 0., 1., 0.1}];')
    evaluate(session, 'lrtrained = NetTrain[lrnet, lrdata, MaxTrainingRounds -> 5, RandomSeeding -> 1, '
                      'TrainingProgressReporting -> None, LearningRateMultipliers -> {{1, "Net"} -> 0}];')
    frozen = 'NetExtract[%s, {1, "Net", "Weights"}]'
    assert evaluate(session, f'{frozen % "lrtrained"} === {frozen % "lrnet"}').name == "True"
    moved = 'NetExtract[%s, {3, "Weights"}]'
    assert evaluate(session, f'{moved % "lrtrained"} === {moved % "lrnet"}').name == "False"


def test_only_the_states_the_program_reports_are_interior_states(session):
    """InputForm's "InteriorStates" and the executor's state keys agree: a map's or a nest's
    net starts from zeros on every element or application; a fold's fed-back inputs are
    its states."""
    from wlnet.net.containers.chain import interior_states
    for name in OPERATORS:
        net = sample(session, OPERATORS[name])
        keys = [key for key, _ in interior_states(net.root)]
        assert keys == Executor.for_net(net, "Real64").state_keys, name
    net = sample(session, 'NetNestOperator[GatedRecurrentLayer[2, "Input" -> {3, 2}], 2]')
    assert interior_states(net.root) == [] == Executor.for_net(net, "Real64").state_keys


def test_a_bad_aggregation_is_shown_as_written():
    s = Session()
    s.evaluate('NetBidirectionalOperator[GatedRecurrentLayer[2], "Total"]')
    assert s.messages == ['NetBidirectionalOperator::opaggr: "Total" is not a valid aggregation '
                          'for NetBidirectionalOperator; use Catenate, Total, Mean or None.']


def test_map_thread_opens_the_ports_of_a_port_list_layer():
    """NetMapThreadOperator[ThreadingLayer[Plus]] before its ports are known: an association
    of inputs opens one port each; anything else is a message, not an internal error."""
    s = Session()
    r = s.evaluate('NetMapThreadOperator[ThreadingLayer[Plus]]'
                   '[<|"Input1" -> {{1}, {2}}, "Input2" -> {{3}, {4}}|>]')
    assert not s.messages and output_form(r) == "{{4.}, {6.}}"
    assert output_form(s.evaluate('NetMapThreadOperator[ThreadingLayer[Plus]][{1, 2}]')) == "$Failed"
    assert len(s.messages) == 1 and "::opnoports:" in s.messages[0], s.messages



def test_map_thread_depth_association_opens_the_ports_it_names():
    """NetMapThreadOperator[ThreadingLayer[Times], <|"Input1" -> 1, "Input2" -> 1|>]: the
    ports "Input1", "Input2" the association names are opened (were "not an input port;
    the input ports are ."); other names, with no ports to open, are opnoports."""
    s = Session()
    s.evaluate('mtd = NetMapThreadOperator[ThreadingLayer[Times], <|"Input1" -> 1, "Input2" -> 1|>]')
    assert not s.messages, s.messages
    r = s.evaluate('mtd[<|"Input1" -> {1, 2, 3}, "Input2" -> {4, 5, 6}|>]')
    assert output_form(r) == "{4., 10., 18.}"
    s.evaluate('NetMapThreadOperator[ThreadingLayer[Times], <|"a" -> 1|>]')
    assert len(s.messages) == 1 and "::opnoports:" in s.messages[0], s.messages

def test_fold_with_a_constant_input():
    s = Session()
    r = s.evaluate('NetFoldOperator[ThreadingLayer[#Input + #State + #Const &], {"Output" -> "State"}, '
                   '{"Const"}][<|"Input" -> {1, 2, 3}, "Const" -> 10|>]')
    assert not s.messages and output_form(r) == "{11., 23., 36.}"


def test_fold_feedback_given_as_one_rule_not_a_list():
    """NetFoldOperator[net, "Out" -> "State"]: a lone rule joining an output of net to one of its
    inputs is the feedback, the same as {"Out" -> "State"}; a port option after it stays one."""
    s = Session()
    s.evaluate('inner = NetGraph[{ThreadingLayer[Plus]}, {{NetPort["x"], NetPort["State"]} -> 1 -> '
               'NetPort["Out"]}]')
    r = s.evaluate('NetFoldOperator[inner, "Out" -> "State"][<|"x" -> {1, 2, 3}|>]')
    assert not s.messages and output_form(r) == "{1., 3., 6.}"
    r = s.evaluate('NetFoldOperator[inner, "Out" -> "State", "x" -> {"Varying", 2}]'
                   '[{{1, 1}, {2, 0}}]')
    assert not s.messages and output_form(r) == "{{1., 1.}, {3., 1.}}"
    # a rule that is not a feedback (no output "Input" of the net) stays a port option
    s.evaluate('NetFoldOperator[inner, "Input" -> "Varying"]')
    assert s.messages and "NetFoldOperator::" in s.messages[0]


def test_fold_states_of_any_rank_given_with_the_data_and_kept_by_a_state_object():
    # a fold's state is whatever its step net feeds back: a number, a matrix…
    s = Session()
    s.evaluate('step = NetGraph[<|"p" -> ThreadingLayer[Plus]|>, {{NetPort["Input"], '
               'NetPort["State"]} -> "p"}]; sf = NetFoldOperator[step, "Input" -> "Varying"]; '
               'mf = NetFoldOperator[step, "Input" -> {"Varying", 2, 2}]')
    for text, want in (
            ('sf[<|"Input" -> {1, 2, 3}, NetPort[All, "States"] -> <|{"State"} -> 10|>|>]',
             "{11., 13., 16.}"),
            ('sf[{<|"Input" -> {1, 2}, NetPort[All, "States"] -> <|{"State"} -> 10|>|>, '
             '<|"Input" -> {1, 1}, NetPort[All, "States"] -> <|{"State"} -> -1|>|>}]',
             "{{11., 13.}, {0., 1.}}"),
            ('mf[<|"Input" -> {{{1, 0}, {0, 1}}}, NetPort[All, "States"] -> '
             '<|{"State"} -> {{1, 2}, {3, 4}}|>|>]', "{{{2., 2.}, {3., 5.}}}"),
            ('so = NetStateObject[sf]; so[{1, 2}]; so[{1, 2}]; NetExtract[so, "States"]',
             '<|{"State"} -> 6.|>'),
            ('so2 = NetStateObject[mf, <|{"State"} -> {{1, 1}, {1, 1}}|>]; so2[{{{1, 0}, {0, 1}}}]; '
             'NetExtract[so2, "States"]', '<|{"State"} -> {{2., 1.}, {1., 2.}}|>')):
        assert output_form(s.evaluate(text)) == want, text
    assert not s.messages, s.messages
    s.evaluate('mf[<|"Input" -> {{{1, 0}, {0, 1}}}, NetPort[All, "States"] -> <|{"State"} -> {1, 2}|>|>]')
    assert len(s.messages) == 1 and "::invstateval:" in s.messages[0] and "{2, 2}" in s.messages[0]


def test_map_thread_at_depth_two_maps_every_element():
    s = Session()
    r = s.evaluate('m = NetInitialize[NetMapThreadOperator[LinearLayer[2, "Input" -> 3], 2]]; '
                   'x = RandomReal[1, {4, 5, 3}]; Max[Abs[m[x] - Map[NetExtract[m, "Net"], x, {2}]]] < 10^-6')
    assert not s.messages and output_form(r) == "True"
    r = s.evaluate('NetMapThreadOperator[ThreadingLayer[Plus, InputPorts -> {"A", "B"}], <|"A" -> 1|>]'
                   '[<|"A" -> {{1, 2}, {3, 4}}, "B" -> {10, 20}|>]')
    assert not s.messages and output_form(r) == "{{11., 22.}, {13., 24.}}"
    s.evaluate('NetMapThreadOperator[LinearLayer[2], 0]')
    assert s.messages and "::opdepth:" in s.messages[0]


def test_no_aggregation_gives_each_direction_its_own_output():
    s = Session()
    s.evaluate('b = NetInitialize[NetBidirectionalOperator[{GatedRecurrentLayer[2], '
               'GatedRecurrentLayer[2]}, None, "Input" -> {"Varying", 3}], RandomSeeding -> 1]; '
               'x = {{1., 2., 3.}, {0., 1., 0.}, {2., 2., 1.}}; r = b[x]')
    assert output_form(s.evaluate('Keys[r]')) == "{ForwardOutput, BackwardOutput}"
    # the forward output is the forward net's; the backward one its net's on x reversed
    fwd = 'NetExtract[b, "ForwardNet"][x]'
    bwd = 'Reverse[NetExtract[b, "BackwardNet"][Reverse[x]]]'
    assert output_form(s.evaluate(f'Max[Abs[r["ForwardOutput"] - {fwd}]] < 10^-6 && '
                                  f'Max[Abs[r["BackwardOutput"] - {bwd}]] < 10^-6')) == "True"
    assert not s.messages, s.messages


# ---------------------------------------------------------------------------- the net's coders

def _true(session, text):
    session.messages.clear()
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    assert output_form(r) == "True", (text, output_form(r))


IMAGE_NET = ('NetChain[{FlattenLayer[], LinearLayer[2]}, '
             '"Input" -> NetEncoder[{"Image", {3, 3}, ColorSpace -> "Grayscale"}]]')


def test_map_encodes_every_element_with_its_nets_encoder():
    s = Session()
    s.evaluate(f'inner = NetInitialize[{IMAGE_NET}, RandomSeeding -> 2]; m = NetMapOperator[inner]; '
               'imgs = Table[Image[RandomReal[1, {3, 3}]], 3]')
    _true(s, 'Max[Abs[m[imgs] - Map[inner, imgs]]] < 10^-6')
    # a batch of sequences of images; and data already encoded bypasses the encoder
    _true(s, 'Max[Abs[m[{imgs, Take[imgs, 1]}][[2]] - {inner[imgs[[1]]]}]] < 10^-6')
    _true(s, 'Max[Abs[m[Map[{ImageData[#]} &, imgs]] - m[imgs]]] < 10^-6')
    r = s.evaluate('Information[m, "InputPorts"]')
    assert 'NetEncoder["Image"]' in output_form(r)
    s.evaluate('m[{1, 2}]')
    assert s.messages and "NetMapOperator::" in s.messages[-1]


def test_map_decodes_every_element_with_its_nets_decoder():
    s = Session()
    s.evaluate('inner = NetInitialize[NetChain[{LinearLayer[3], SoftmaxLayer[]}, "Input" -> 2, '
               '"Output" -> NetDecoder[{"Class", {a, b, c}}]], RandomSeeding -> 3]; '
               'm = NetMapOperator[inner]; x = {{1, 2}, {3, -4}, {0, 1}}')
    _true(s, 'm[x] === Map[inner, x]')
    _true(s, 'm[x, "Probabilities"] === Map[inner[#, "Probabilities"] &, x]')
    _true(s, 'ArrayQ[m[x, None]] && Dimensions[m[x, None]] == {3, 3}')


def test_map_thread_encodes_only_its_mapped_inputs():
    s = Session()
    s.evaluate('g = NetGraph[{ThreadingLayer[Plus]}, {{NetPort["a"], NetPort["b"]} -> 1}, '
               '"a" -> NetEncoder[{"Class", {x, y}, "UnitVector"}], "b" -> 2]; '
               'mt = NetMapThreadOperator[g]; '
               'rep = NetMapThreadOperator[g, <|"b" -> 1|>]')
    _true(s, 'mt[<|"a" -> {x, y, y}, "b" -> {{1, 1}, {2, 2}, {3, 3}}|>] == '
             '{{2., 1.}, {2., 3.}, {3., 4.}}')
    # "a" is replicated, not mapped: one class label, encoded once
    _true(s, 'rep[<|"a" -> y, "b" -> {{1, 1}, {2, 2}}|>] == {{1., 2.}, {2., 3.}}')


def test_fold_and_bidirectional_use_their_nets_encoders():
    s = Session()
    s.evaluate('fold = NetFoldOperator[NetGraph[{ThreadingLayer[Plus]}, '
               '{{NetPort["Input"], NetPort["State"]} -> 1}, '
               '"Input" -> NetEncoder[{"Class", {x, y}, "UnitVector"}]]]; '
               'bi = NetInitialize[NetBidirectionalOperator[NetChain[{GatedRecurrentLayer[2]}, '
               '"Input" -> NetEncoder[{"Characters", "ab", "UnitVector"}]]], RandomSeeding -> 1]')
    _true(s, 'fold[{x, y, y}] == {{1., 0.}, {1., 1.}, {1., 2.}}')
    _true(s, 'Dimensions[bi["abba"]] == {4, 4}')


@pytest.mark.parametrize("text, counts", [
    ("NetMapOperator[MeanSquaredLossLayer[]]", "has 2 inputs and 1 output."),
    ("NetBidirectionalOperator[NetGraph[{Tanh, Sin}, {}]]", "has 1 input and 2 outputs."),
    ('NetGANOperator[{LinearLayer[2, "Input" -> 1], CatenateLayer["InputPorts" -> 3]}]',
     "has 3 inputs and 1 output."),
])
def test_port_counts_in_messages_are_counted_words(text, counts):
    s = Session()
    s.evaluate(text)
    assert any(m.endswith(counts) for m in s.messages), s.messages


def test_map_thread_inputs_of_mixed_depths():
    """NetMapThreadOperator[net, <|"a" -> 1, "b" -> 2|>] (the page: each input named is
    mapped at its own depth): the operator maps over the deepest, and a's i-th element goes
    with every element of b[[i]] (opdepth before)."""
    s = Session()
    evaluate(s, 'mt = NetMapThreadOperator[NetGraph[{CatenateLayer[]}, {{NetPort["a"], NetPort["b"]} -> 1}, '
                '"a" -> 2, "b" -> 3], <|"a" -> 1, "b" -> 2|>];')
    assert output_form(evaluate(s, 'Information[mt, "InputPorts"]')) == \
        '<|"a" -> {"Varying", 2}, "b" -> {"Varying", Automatic, 3}|>'
    got = evaluate(s, 'mt[<|"a" -> {{1, 2}, {3, 4}}, "b" -> {{{1, 2, 3}, {4, 5, 6}}, {{7, 8, 9}, {0, 0, 0}}}|>]')
    assert got == evaluate(s, '{{{1., 2., 1., 2., 3.}, {1., 2., 4., 5., 6.}}, '
                              '{{3., 4., 7., 8., 9.}, {3., 4., 0., 0., 0.}}}')
    # examples of different lengths in one batch, each a's element with its own b's row
    got = evaluate(s, 'mt[{<|"a" -> {{1, 2}}, "b" -> {{{1, 1, 1}, {2, 2, 2}}}|>, '
                      '<|"a" -> {{5, 6}, {7, 8}}, "b" -> {{{0, 0, 0}, {1, 1, 1}}, {{2, 2, 2}, {3, 3, 3}}}|>}]')
    assert got == evaluate(s, '{{{{1., 2., 1., 1., 1.}, {1., 2., 2., 2., 2.}}}, '
                              '{{{5., 6., 0., 0., 0.}, {5., 6., 1., 1., 1.}}, {{7., 8., 2., 2., 2.}, {7., 8., 3., 3., 3.}}}}')
    assert output_form(evaluate(s, 'ToExpression[ToString[mt, InputForm]] === mt')) == "True"
    s.evaluate('NetMapThreadOperator[LinearLayer[2], <|"Input" -> 0|>]')
    assert s.messages and "::opdepth:" in s.messages[0]


def test_bidirectional_state_ports_are_its_layers_states_with_their_direction(session):
    """NetPort[op, "ForwardState"] / "BackwardCellState" in a NetGraph: fed, the layer of
    that direction starts from it; read, it is that layer's final state (the backward one's
    after the reversed sequence)."""
    def to_list(e):
        return [to_list(a) for a in e.args] if e.head == S.List else e.value

    def values(text):
        return np.array(to_list(evaluate(session, text)), dtype=float)
    evaluate(session, 'bi = NetInitialize[NetBidirectionalOperator[LongShortTermMemoryLayer[3], '
                      '"Input" -> {"Varying", 2}], RandomSeeding -> 3]; x = {{1, 2}, {3, -4}, {0.5, 1}};'
                      'fw = NetExtract[bi, "ForwardNet"]; bw = NetExtract[bi, "BackwardNet"];')
    read = ('g = NetGraph[{bi}, {NetPort[1, "ForwardState"] -> NetPort["fs"], '
            'NetPort[1, "BackwardCellState"] -> NetPort["bcs"]}]; r = g[x];')
    evaluate(session, read)
    assert np.allclose(values('r["fs"]'), values('Last[fw[x]]'), atol=1e-5)
    backward = ('NetGraph[{bw}, {NetPort[1, "CellState"] -> NetPort["c"]}][Reverse[x]]["c"]')
    assert np.allclose(values('r["bcs"]'), values(backward), atol=1e-5)
    fed = 'NetGraph[{bi}, {NetPort["s0"] -> NetPort[1, "ForwardState"]}][<|"Input" -> x, "s0" -> {1, -1, 0.5}|>]'
    by_hand = ('NetGraph[{fw}, {NetPort["s0"] -> NetPort[1, "State"]}][<|"Input" -> x, "s0" -> {1, -1, 0.5}|>]')
    got, want_f = values(fed), values(by_hand)
    assert np.allclose(got[:, :3], want_f, atol=1e-5)
    assert np.allclose(got[:, 3:], values('Reverse[bw[Reverse[x]]]'), atol=1e-5)
    assert not np.allclose(got[:, :3], values('fw[x]'), atol=1e-3)   # the fed state counted


def test_bidirectional_state_ports_of_folds(session):
    """A NetFoldOperator in a direction: its fed-back ports are the operator's states too."""
    evaluate(session, 'fold = NetFoldOperator[NetGraph[{ThreadingLayer[Plus]}, '
                      '{{NetPort["Input"], NetPort["State"]} -> 1}], "Input" -> {"Varying", 2}];'
                      'g = NetGraph[{NetBidirectionalOperator[fold]}, {NetPort["s0"] -> '
                      'NetPort[1, "BackwardState"], NetPort[1, "ForwardState"] -> NetPort["f"]}];')
    got = evaluate(session, 'g[<|"Input" -> {{1, 2}, {3, 4}}, "s0" -> {10, 100}|>]')
    # forward: running sums; backward: from {10, 100} over the reversed sequence, unreversed
    assert output_form(got) == ('<|"f" -> {4., 6.}, "Output" -> '
                                '{{1., 2., 14., 106.}, {4., 6., 13., 104.}}|>')


def test_bidirectional_state_ports_carry_gradients(session):
    """The gradient through a read final state and into a fed one is the finite
    difference's (float64)."""
    evaluate(session, 'bi = NetInitialize[NetBidirectionalOperator[GatedRecurrentLayer[2], '
                      '"Input" -> {"Varying", 2}], RandomSeeding -> 1]; x = {{1, 2}, {3, 4}}; h = 10.^-5;'
                      'g = NetGraph[{bi, SummationLayer[], SummationLayer[], TotalLayer[]}, '
                      '{NetPort["s0"] -> NetPort[1, "BackwardState"], NetPort[1, "ForwardState"] -> 2,'
                      ' NetPort[1, "Output"] -> 3, {2, 3} -> 4}];'
                      'f[d_, s_] := g[<|"Input" -> x + d, "s0" -> {0.1, 0.2} + s|>, WorkingPrecision -> "Real64"];'
                      'e[i_, n_] := UnitVector[n, i] h;')
    got = evaluate(session, 'g[<|"Input" -> x, "s0" -> {0.1, 0.2}|>, NetPortGradient["Input"], '
                            'WorkingPrecision -> "Real64"]')
    want = evaluate(session, 'Table[(f[ArrayReshape[e[k, 4], {2, 2}], 0] - '
                             'f[-ArrayReshape[e[k, 4], {2, 2}], 0])/(2 h), {k, 4}]')
    flat = [a.value for row in got.args for a in row.args]
    assert np.allclose(flat, [a.value for a in want.args], atol=1e-7)
    got = evaluate(session, 'g[<|"Input" -> x, "s0" -> {0.1, 0.2}|>, NetPortGradient["s0"], '
                            'WorkingPrecision -> "Real64"]')
    want = evaluate(session, 'Table[(f[0, e[k, 2]] - f[0, -e[k, 2]])/(2 h), {k, 2}]')
    assert np.allclose([a.value for a in got.args], [a.value for a in want.args], atol=1e-7)
    assert any(abs(a.value) > 1e-3 for a in got.args)


def test_a_fed_bidirectional_state_is_not_an_interior_state(session):
    evaluate(session, 'bi = NetInitialize@NetBidirectionalOperator[GatedRecurrentLayer[2], '
                      '"Input" -> {"Varying", 2}]; g = NetGraph[{bi}, {NetPort["s0"] -> '
                      'NetPort[1, "BackwardState"]}];')
    assert output_form(evaluate(session, 'Information[bi, "RecurrentStatesCount"]')) == "2"
    assert output_form(evaluate(session, 'Information[g, "RecurrentStatesCount"]')) == "1"
    assert output_form(evaluate(session, 'NetExtract[NetStateObject[g], "RecurrentStateKeys"]')) \
        == '{{1, ForwardNet, State}}'


def test_nets_whose_output_is_not_a_sequence_are_joined_as_they_are(session):
    """The nets' outputs need not be sequences: one ending in SequenceLastLayer (or a
    LinearLayer of the whole input) gives one array each, joined without reversing the
    backward one back; a sequence output keeps its own length (a strided convolution)."""
    same = lambda text: evaluate(session, text).name == "True"
    evaluate(session, 'x = {{1., 2.}, {3., 4.}, {5., 6.}}; '
                      'cat = NetBidirectionalOperator[SequenceLastLayer[], Catenate, '
                      '"Input" -> {"Varying", 2}]; '
                      'mean = NetBidirectionalOperator[SequenceLastLayer[], Mean, "Input" -> {3, 2}]')
    assert same("cat[x] == {5., 6., 1., 2.} && mean[x] == {3., 4.}")
    assert same('cat[{x, Take[x, 2]}] == {{5., 6., 1., 2.}, {3., 4., 1., 2.}}')
    evaluate(session, 'last[n_] := NetChain[{LongShortTermMemoryLayer[n], SequenceLastLayer[]}]; '
                      'b = NetInitialize[NetBidirectionalOperator[{last[1], last[2]}, '
                      '"Input" -> {"Varying", 2}], RandomSeeding -> 1]')
    assert same('b[x] == Join[NetExtract[b, "ForwardNet"][x], NetExtract[b, "BackwardNet"][Reverse[x]]]')
    evaluate(session, 'strided[n_] := NetChain[{LongShortTermMemoryLayer[1], '
                      'ConvolutionLayer[n, 2, 2, "Interleaving" -> True]}]; '
                      'c = NetInitialize[NetBidirectionalOperator[{strided[2], strided[3]}, '
                      '"Input" -> {4, 2}], RandomSeeding -> 2]; y = RandomReal[1, {4, 2}]')
    assert same('Dimensions[c[y]] == {2, 5}')
    assert same('c[y] == Join[NetExtract[c, "ForwardNet"][y], '
                'Reverse[NetExtract[c, "BackwardNet"][Reverse[y]]], 2]')
    # gradients reach both nets through the joined vector: the last step from the forward
    # part, the first (the reversed sequence's last) from the backward part
    assert same('cat[<|"Input" -> x, NetPortGradient["Output"] -> {1., 2., 3., 4.}|>, '
                'NetPortGradient["Input"]] == {{3., 4.}, {0., 0.}, {1., 2.}}')
    evaluate(session, 'g = NetInitialize[NetBidirectionalOperator[NetChain[{GatedRecurrentLayer[2], '
                      'SequenceLastLayer[]}], "Input" -> {"Varying", 2}], RandomSeeding -> 3]')
    assert same('Dimensions[g[<|"Input" -> x, NetPortGradient["Output"] -> {1., 0., 0., 1.}|>, '
                'NetPortGradient["Input"]]] == {3, 2}')
