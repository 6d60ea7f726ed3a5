"""net[data] through the WL face (wlnet.builtins.net_evaluation), driven by Session.

The seed page's evaluation examples run verbatim (their numbers depend on Wolfram's random
initialisation; shapes, structure and the properties the page states are checked), then
options, decoders, NumericArray, NetPort/NetPortGradient and the bad-data messages."""

import numpy as np
import pytest

from wlnet.core.expr import Expr, Integer, Real, S, String, Symbol
from wlnet.core.session import Session
from wlnet.core.numeric_array import NumericArray
from wlnet.syntax.printer import output_form


def run(s, text):
    """Evaluate and insist on no messages."""
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    return r


def failing(s, text):
    """Evaluate, expecting $Failed and exactly the messages issued; returns them."""
    s.messages.clear()
    r = s.evaluate(text)
    assert r == Symbol("$Failed"), (text, r)
    msgs = list(s.messages)
    s.messages.clear()
    assert msgs, text
    return msgs


def array(e):
    """A List of machine reals (nested) → numpy; checks every leaf is a Real."""
    if isinstance(e, NumericArray):
        return e.array
    if type(e) is Expr and e.head is S.List:
        return np.array([array(a) for a in e.args])
    assert type(e) is Real, e
    return e.value


@pytest.fixture()
def s():
    return Session()


# ---------------------------------------------------------------------------- the seed page

def test_seed_apply_to_sequence(s):
    run(s, 'gru = NetInitialize@GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]')
    r = run(s, 'gru[{{1, 2}, {0, 1}, {2, 1}, {1, 2}}]//MatrixForm')
    assert r.head == Symbol("MatrixForm")
    assert array(r.args[0]).shape == (4, 3)


def test_seed_characters_encoder_single_and_batch(s):
    run(s, 'gru = NetInitialize@GatedRecurrentLayer[2, "Input" -> NetEncoder[{"Characters", Automatic, "UnitVector"}]]')
    r = run(s, 'gru["hello world"]//MatrixForm')
    assert array(r.args[0]).shape == (11, 2)
    r = run(s, 'gru[{"good", "bye"}]//Map[MatrixForm]')
    assert [array(m.args[0]).shape for m in r.args] == [(4, 2), (3, 2)]
    # each example of the batch is exactly what it gives alone
    assert run(s, 'gru[{"good", "bye"}] == {gru["good"], gru["bye"]}') == Symbol("True")


def test_data_already_encoded_bypasses_the_encoder(s):
    # "An encoder is bypassed if the input already has the encoded form"
    run(s, 'gru = NetInitialize@GatedRecurrentLayer[2, "Input" -> NetEncoder[{"Characters", "abc", "UnitVector"}]]')
    assert run(s, 'gru[{{1, 0, 0}, {0, 1, 0}}] == gru["ab"]') == Symbol("True")
    run(s, 'net = NetInitialize@NetChain[{UnitVectorLayer[], GatedRecurrentLayer[2], SequenceLastLayer[]}, '
           '"Input" -> NetEncoder[{"Characters", "abc"}]]')
    assert run(s, 'net[{1, 2, 3}] == net["abc"]') == Symbol("True")
    # (a NumericArray anywhere in the input makes the outputs NumericArrays, as in WL)
    assert run(s, 'Normal /@ net[{"ab", {1, 2}, NumericArray[{3, 1}, "UnsignedInteger8"]}] == '
                  'net[{"ab", "ab", "ca"}]') == Symbol("True")
    run(s, 'cls = NetInitialize@NetChain[{LinearLayer[2]}, "Input" -> NetEncoder[{"Class", {"x", "y", "z"}, "UnitVector"}]]')
    assert run(s, 'cls[{0, 1, 0}] == cls["y"]') == Symbol("True")
    # not the encoded form either: still a message naming the port
    msgs = failing(s, 'net[{1, 4}]')
    assert len(msgs) == 1 and msgs[0].startswith("NetChain::invindata") and '"Input"' in msgs[0]


def test_seed_chain_single_and_batch(s):
    run(s, 'net = NetInitialize@NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], SequenceLastLayer[]}]')
    one = array(run(s, 'net[{{1, 2}, {2, 1}, {3, 0}}]'))
    two = array(run(s, 'net[{{{1, 2}, {2, 1}, {3, 0}}, {{3, 3}, {0, 0}}}]'))
    assert one.shape == (3,) and two.shape == (2, 3)
    np.testing.assert_allclose(two[0], one, rtol=1e-6)
    np.testing.assert_allclose(two[1], array(run(s, 'net[{{3, 3}, {0, 0}}]')), rtol=1e-6)


def test_seed_graph_initial_state(s):
    run(s, 'graph = NetInitialize@NetGraph[{GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]}, '
           '{NetPort["InitialState"] -> NetPort[1, "State"]}]')
    r = array(run(s, 'graph[<|"Input" -> {{1, 2}, {2, 0}, {3, 1}}, "InitialState" -> {1, 1}|>]'))
    assert r.shape == (3, 2)
    zero = array(run(s, 'graph[<|"Input" -> {{1, 2}, {2, 0}, {3, 1}}, "InitialState" -> {0, 0}|>]'))
    assert not np.allclose(r, zero)
    # the same as the lone layer started from that state
    same = array(run(s, 'NetStateObject[NetExtract[graph, 1], <|{"State"} -> {1, 1}|>][{{1, 2}, {2, 0}, {3, 1}}]'))
    np.testing.assert_allclose(r, same, rtol=1e-6)


def test_seed_graph_final_state(s):
    run(s, 'graph = NetInitialize@NetGraph[{GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]}, '
           '{NetPort[1, "State"] -> NetPort["FinalState"]}]')
    r = run(s, 'graph[{{1, 2}, {2, 0}, {3, 1}}]')
    assert r.head is S.Association
    assert [rule.args[0] for rule in r.args] == [String("FinalState"), String("Output")]
    assert array(r.args[0].args[1]).shape == (2,) and array(r.args[1].args[1]).shape == (3, 2)
    assert run(s, '%[["FinalState"]] == %[["Output", -1]]') == Symbol("True")
    # a batch: an association of lists
    b = run(s, 'graph[{{{1, 2}, {2, 0}, {3, 1}}, {{1, 1}}}]')
    assert array(b.args[0].args[1]).shape == (2, 2)
    assert run(s, 'graph[{{{1, 2}, {2, 0}, {3, 1}}, {{1, 1}}}][["FinalState", 1]] == '
                  'graph[{{1, 2}, {2, 0}, {3, 1}}][["FinalState"]]') == Symbol("True")


def test_seed_dropout_test_and_train(s):
    run(s, 'gru = NetInitialize@GatedRecurrentLayer[2, "Dropout" -> 0.5, "Input" -> {"Varying", 2}]')
    r = run(s, 'data = {{1, 2}, {3, 4}, {1, 0}, {2, 2}};\ngru[data]//MatrixForm')
    test_mode = array(r.args[0])
    assert test_mode.shape == (4, 2)
    assert run(s, 'gru2 = NetReplacePart[gru, "Dropout" -> 0];\ngru[data] == gru2[data]') == Symbol("True")
    train = array(run(s, 'gru[data, NetEvaluationMode -> "Train"]//MatrixForm').args[0])
    assert train.shape == (4, 2) and not np.allclose(train, test_mode)
    np.testing.assert_array_equal(array(run(s, 'gru[data, NetEvaluationMode -> "Test"]')), test_mode)
    five = run(s, 'Table[gru[{{1, 2}, {3, 4}, {5, 6}, {7, 8}}, NetEvaluationMode -> "Train"], 5]'
                  '//Map[MatrixPlot[#, ImageSize -> 30, FrameTicks -> None]&]')
    assert len(five.args) == 5                   # five plots (or unevaluated MatrixPlot[…])
    values = [array(m) for m in run(s, 'Table[gru[{{1, 2}, {3, 4}, {5, 6}, {7, 8}}, '
                                       'NetEvaluationMode -> "Train"], 5]').args]
    assert any(not np.array_equal(values[0], v) for v in values[1:])


def test_seed_applications_nets_evaluate(s):
    """The application nets of the seed page, evaluated untrained (NetTrain is elsewhere)."""
    run(s, 'enc = NetEncoder[{"Characters", {DigitCharacter, "+"}}];')
    run(s, 'net = NetInitialize@NetChain[{UnitVectorLayer[], GatedRecurrentLayer[40], GatedRecurrentLayer[30], '
           'SequenceLastLayer[], LinearLayer[1]}, "Input" -> enc, "Output" -> "Scalar"];')
    r = run(s, 'Round@net[{"5+2", "10+25", "9+11", "44+44"}]')
    assert len(r.args) == 4 and all(type(a) is Integer for a in r.args)
    assert type(run(s, 'net["5+2"]')) is Real
    run(s, 'alphabet = {"x", "y", " "};')
    run(s, 'net = NetInitialize@NetChain[{UnitVectorLayer[], GatedRecurrentLayer[5], SequenceLastLayer[], '
           'LinearLayer[3], SoftmaxLayer[]}, "Input" -> NetEncoder[{"Characters", alphabet}], '
           '"Output" -> NetDecoder[{"Class", {Less, Equal, Greater}}]];')
    r = run(s, 'net[{"xxy", "xyy", "xyxy"}]')
    assert len(r.args) == 3 and all(a in (Symbol("Less"), Symbol("Equal"), Symbol("Greater")) for a in r.args)


# ---------------------------------------------------------------------------- decoders & ports

def test_class_decoder_properties(s):
    run(s, 'net = NetInitialize@NetChain[{LinearLayer[3], SoftmaxLayer[]}, "Input" -> 2, '
           '"Output" -> NetDecoder[{"Class", {a, b, c}}]]')
    raw = array(run(s, 'net[{1, 2}, None]'))
    assert raw.shape == (3,) and raw.sum() == pytest.approx(1, abs=1e-6)
    labels = [Symbol("a"), Symbol("b"), Symbol("c")]
    assert run(s, 'net[{1, 2}]') == labels[int(np.argmax(raw))]
    probs = run(s, 'net[{1, 2}, "Probabilities"]')
    assert [r.args[0] for r in probs.args] == labels
    np.testing.assert_allclose([r.args[1].value for r in probs.args], raw, rtol=1e-6)
    assert run(s, 'net[{1, 2}, "Output" -> {"TopDecisions", 2}]') == Expr(
        S.List, *[labels[i] for i in np.argsort(-raw)[:2]])
    assert len(run(s, 'net[{{1, 2}, {3, 4}}, "Probabilities"]').args) == 2
    assert type(run(s, 'net[{1, 2}, "Entropy"]')) is Real
    assert failing(s, 'net[{1, 2}, "Nonsense"]')[0].startswith("NetChain::invoutspec")


def test_netport_outputs(s):
    run(s, 'graph = NetInitialize@NetGraph[{GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]}, '
           '{NetPort[1, "State"] -> NetPort["FinalState"]}]')
    assert run(s, 'graph[{{1, 2}, {3, 4}}, NetPort["FinalState"]] == graph[{{1, 2}, {3, 4}}][["FinalState"]]') \
        == Symbol("True")
    run(s, 'net = NetInitialize@NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], SequenceLastLayer[]}]')
    inner = array(run(s, 'net[{{1, 2}, {3, 4}}, NetPort[{1, "Output"}]]'))
    assert inner.shape == (2, 3)
    np.testing.assert_array_equal(inner[-1], array(run(s, 'net[{{1, 2}, {3, 4}}]')))
    both = run(s, 'net[{{1, 2}, {3, 4}}, {NetPort[1, "Output"], NetPort["Output"]}]')
    assert both.head is S.Association and len(both.args) == 2
    assert failing(s, 'net[{{1, 2}}, NetPort["Nope"]]')[0].startswith("NetChain::invoutport")


def test_numeric_array_in_numeric_array_out(s):
    run(s, 'gru = NetInitialize@GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]')
    r = run(s, 'gru[NumericArray[{{1, 2}, {3, 4}}, "Real32"]]')
    assert isinstance(r, NumericArray) and r.type_name == "Real32" and r.shape == (2, 3)
    lst = array(run(s, 'gru[{{1, 2}, {3, 4}}]'))
    np.testing.assert_array_equal(r.array, lst.astype(np.float32))
    r64 = run(s, 'gru[NumericArray[{{1, 2}, {3, 4}}, "Real32"], WorkingPrecision -> "Real64"]')
    assert r64.type_name == "Real64"
    batch = run(s, 'gru[NumericArray[{{{1, 2}, {3, 4}}, {{0, 1}, {1, 0}}}, "Real32"]]')
    # a batch given as one NumericArray gives one NumericArray (as in WL), a row per example
    assert isinstance(batch, NumericArray) and batch.shape == (2, 2, 3)
    np.testing.assert_array_equal(batch.array[0], r.array)


def test_working_precision_and_batch_size(s):
    run(s, 'net = NetInitialize@NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], SequenceLastLayer[]}]')
    run(s, 'data = Table[RandomReal[{-1, 1}, {n, 2}], {n, {3, 1, 4, 2, 5}}];')
    r32 = array(run(s, 'net[data]'))
    r64 = array(run(s, 'net[data, WorkingPrecision -> "Real64"]'))
    np.testing.assert_allclose(r32, r64, rtol=1e-5, atol=1e-6)
    assert not np.array_equal(r32, r64)
    # "Mixed" (Real16 for some layers on a GPU) is Real32 on the CPU
    np.testing.assert_array_equal(array(run(s, 'net[data, WorkingPrecision -> "Mixed"]')), r32)
    np.testing.assert_allclose(array(run(s, 'net[data, BatchSize -> 2]')), r32, rtol=1e-6, atol=1e-7)
    np.testing.assert_allclose(array(run(s, 'net[data, BatchSize -> 1]')), r32, rtol=1e-6, atol=1e-7)
    assert run(s, 'net[{}]') == Expr(S.List)


def test_random_seeding_makes_train_mode_repeatable(s):
    run(s, 'gru = NetInitialize@GatedRecurrentLayer[4, "Dropout" -> {"StateUpdate" -> 0.5}, "Input" -> {"Varying", 2}]')
    run(s, 'data = {{1, 2}, {3, 4}, {1, 0}, {2, 2}};')
    assert run(s, 'gru[data, NetEvaluationMode -> "Train", RandomSeeding -> 7] == '
                  'gru[data, NetEvaluationMode -> "Train", RandomSeeding -> 7]') == Symbol("True")
    assert run(s, 'gru[data, NetEvaluationMode -> "Train", RandomSeeding -> 7] == '
                  'gru[data, NetEvaluationMode -> "Train", RandomSeeding -> 8]') == Symbol("False")


@pytest.mark.parametrize("method", ["VariationalWeights", "VariationalInput", "VariationalState",
                                    "StateUpdate"])
def test_each_gru_dropout_method_acts_only_in_train_mode(s, method):
    run(s, f'gru = NetInitialize@GatedRecurrentLayer[4, "Dropout" -> {{"{method}" -> 0.5}}, '
           '"Input" -> {"Varying", 3}]')
    run(s, 'plain = NetReplacePart[gru, "Dropout" -> None]; data = RandomReal[1, {5, 3}];')
    assert run(s, 'gru[data] == plain[data]') == Symbol("True")
    assert run(s, 'gru[data, NetEvaluationMode -> "Train", RandomSeeding -> 1] == plain[data]') \
        == Symbol("False")


def test_dropout_layer_modes(s):
    r = array(run(s, 'DropoutLayer[][Range[200] / 1., NetEvaluationMode -> "Train", RandomSeeding -> 3]'))
    kept = r != 0
    assert 50 < kept.sum() < 150
    np.testing.assert_allclose(r[kept], 2 * np.arange(1, 201)[kept])
    assert array(run(s, 'DropoutLayer[][{1, 2, 3}]')).tolist() == [1, 2, 3]


def test_simple_layers_on_data(s):
    cases = [
        ('SoftmaxLayer[][{1, 2, 3}]', [0.0900306, 0.244728, 0.665241]),
        ('UnitVectorLayer[3][2]', [0, 1, 0]),
        ('SequenceLastLayer[][{{1, 2}, {3, 4}}]', [3, 4]),
        ('ElementwiseLayer[LogisticSigmoid][{-1, 0, 1}]', [0.268941, 0.5, 0.731059]),
        ('CrossEntropyLossLayer["Index"][<|"Input" -> {0.1, 0.2, 0.7}, "Target" -> 3|>]', 0.356675),
        ('MeanSquaredLossLayer[][<|"Input" -> {1, 2, 3}, "Target" -> {1, 2, 4}|>]', 0.333333),
        ('MeanAbsoluteLossLayer[][<|"Input" -> {1, 2, 3}, "Target" -> {1, 2, 5}|>]', 0.666667),
        ('LinearLayer[2, "Weights" -> {{1, 2}, {3, 4}}, "Biases" -> {1, 1}][{1, 1}]', [4, 8]),
        ('LinearLayer[{}, "Weights" -> {{1, 2}}, "Biases" -> None][{1, 1}]', 3),
        ('LinearLayer["Real", "Weights" -> {{1, 2}}, "Biases" -> None][{1, 1}]', 3),
        ('ElementwiseLayer[Function[x, x^2 + 1]][{1, 2}]', [2, 5]),
        ('ElementwiseLayer["SoftPlus"][0]', np.log(2)),
    ]
    for text, expected in cases:
        np.testing.assert_allclose(array(run(s, text)), expected, rtol=1e-5, err_msg=text)


def test_port_gradient_against_finite_differences(s):
    run(s, 'net = NetInitialize@NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], '
           'SequenceLastLayer[], LinearLayer[2], ElementwiseLayer[Tanh]}]')
    x = np.array([[0.5, -1.0], [0.25, 2.0], [-0.75, 0.1]])
    grad = array(run(s, f'net[{_wl(x)}, NetPortGradient["Input"], WorkingPrecision -> "Real64"]'))
    assert grad.shape == x.shape
    eps = 1e-6
    numeric = np.zeros_like(x)
    for idx in np.ndindex(*x.shape):
        up, down = x.copy(), x.copy()
        up[idx] += eps
        down[idx] -= eps
        f = [array(run(s, f'Total[net[{_wl(v)}, WorkingPrecision -> "Real64"]]')) for v in (up, down)]
        numeric[idx] = (f[0] - f[1]) / (2 * eps)
    np.testing.assert_allclose(grad, numeric, rtol=1e-6, atol=1e-9)
    # batches of different lengths: one gradient per example, of its own length
    g = run(s, 'net[{{{1, 2}, {3, 4}}, {{1, 1}}}, NetPortGradient["Input"]]')
    assert [array(a).shape for a in g.args] == [(2, 2), (1, 2)]


def test_port_gradient_of_graph_input_state(s):
    run(s, 'graph = NetInitialize@NetGraph[{GatedRecurrentLayer[2, "Input" -> {"Varying", 2}]}, '
           '{NetPort["InitialState"] -> NetPort[1, "State"]}]')
    g = array(run(s, 'graph[<|"Input" -> {{1, 2}, {2, 0}}, "InitialState" -> {1, 1}|>, '
                     'NetPortGradient["InitialState"]]'))
    assert g.shape == (2,) and np.any(g != 0)


def test_gradients_of_arrays_and_all_gradients(s):
    # the page's Scope: the gradients of the first layer's weights and biases, and all at once
    run(s, 'chain = NetInitialize[NetChain[{LinearLayer[2], Ramp, LinearLayer[1]}, "Input" -> 3], '
           'RandomSeeding -> 1]; x = {1., 2., 3.};')
    gw = array(run(s, 'chain[x, NetPortGradient[{1, "Weights"}], WorkingPrecision -> "Real64"]'))
    w = array(run(s, 'Normal[NetExtract[chain, {1, "Weights"}]]'))
    eps = 1e-2            # (the arrays are stored as Real32; the net is piecewise linear)
    for idx in np.ndindex(*w.shape):
        up, down = w.copy(), w.copy()
        up[idx] += eps
        down[idx] -= eps
        f = [array(run(s, f'First[NetReplacePart[chain, {{1, "Weights"}} -> {_wl(v)}][x, '
                          'WorkingPrecision -> "Real64"]]')) for v in (up, down)]
        assert gw[idx] == pytest.approx((f[0] - f[1]) / (2 * eps), abs=1e-4)
    both = run(s, 'chain[x, {NetPortGradient[{1, "Weights"}], NetPortGradient[{1, "Biases"}]}]')
    assert both.head is S.Association and len(both.args) == 2
    every = run(s, 'Keys[chain[x, NetPortGradient[All]]] === {NetPortGradient["Input"], '
                   'NetPortGradient[{1, "Weights"}], NetPortGradient[{1, "Biases"}], '
                   'NetPortGradient[{3, "Weights"}], NetPortGradient[{3, "Biases"}]}')
    assert output_form(every) == "True"
    # an array's gradient is summed over a batch; a layer's own array by its name
    np.testing.assert_allclose(array(run(s, 'chain[{x, x, x}, NetPortGradient[{3, "Biases"}]]')), [3.0])
    np.testing.assert_allclose(array(run(s, 'NetInitialize[LinearLayer[2, "Input" -> 3]][x, '
                                            'NetPortGradient["Weights"]]')), [[1, 2, 3], [1, 2, 3]])


def _wl(a):
    return "{" + ", ".join(_wl(r) for r in a) + "}" if isinstance(a, np.ndarray) and a.ndim else repr(float(a))


# ---------------------------------------------------------------------------- bad data & failures

BAD_DATA = [
    # (net, data, message head::tag, words the message must contain)
    ('NetInitialize@GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]', '{{1, 2, 3}}',
     "GatedRecurrentLayer::invindata1", ['"Input"', "1×3 matrix", "length-2 vectors"]),
    ('NetInitialize@GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]', '{{1, 2}, {3}}',
     "GatedRecurrentLayer::invindata1", ['"Input"', "ragged"]),
    ('NetInitialize@GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]', '"hello"',
     "GatedRecurrentLayer::invindata1", ['"Input"', "a string"]),
    ('NetInitialize@LinearLayer[2, "Input" -> 2]', '{1, 2, 3}',
     "LinearLayer::invindata1", ["length-3 vector", "length-2 vector"]),
    ('NetInitialize@LinearLayer[2, "Input" -> 2]', '{{1, 2}, {1, 2, 3}}',
     "LinearLayer::invindata1", ["length-3 vector"]),
    ('NetInitialize@GatedRecurrentLayer[2, "Input" -> NetEncoder[{"Characters", "abc", "UnitVector"}]]', '"abd"',
     "GatedRecurrentLayer::invindata3", ['"Input"', '"abd"', "invalid characters"]),
    ('NetInitialize@GatedRecurrentLayer[2, "Input" -> NetEncoder[{"Characters", "abc", "UnitVector"}]]', '{"ab", 3}',
     "GatedRecurrentLayer::invindata1", ["a number", "a string"]),
    ('NetInitialize@NetChain[{UnitVectorLayer[3], LinearLayer[2]}, "Input" -> "Integer"]', '4',
     "NetChain::invindata1", ["integer between 1 and 3"]),
    ('NetInitialize@NetChain[{UnitVectorLayer[4], GatedRecurrentLayer[2]}, "Input" -> "Varying"]', '{1, 5}',
     "NetChain::invindata1", ["length-2 vector containing 5", "integers between 1 and 4"]),
    ('MeanSquaredLossLayer[]', '<|"Input" -> {1, 2}|>',
     "MeanSquaredLossLayer::missinport", ['"Target"']),
    ('MeanSquaredLossLayer[]', '<|"Input" -> {1, 2}, "Target" -> {1, 2}, "Foo" -> 1|>',
     "MeanSquaredLossLayer::invinport", ['"Foo"']),
    ('GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]', '{{1, 2}}',
     "GatedRecurrentLayer::evaluninit", ["InputGateInputWeights", "NetInitialize"]),
    ('GatedRecurrentLayer[3]', '{{1, 2}}',
     "GatedRecurrentLayer::evalnfspec", ["InputGateInputWeights"]),
]


@pytest.mark.parametrize("net, data, tag, words", BAD_DATA)
def test_bad_data_messages(s, net, data, tag, words):
    run(s, f"n = {net};")
    msgs = failing(s, f"n[{data}]")
    assert len(msgs) == 1 and msgs[0].startswith(tag + ":"), msgs
    for w in words:
        assert w in msgs[0], (w, msgs[0])


@pytest.mark.parametrize("option, tag", [
    ('NetEvaluationMode -> "Fast"', "netarg"), ('WorkingPrecision -> "Real16"', "netarg"),
    ('BatchSize -> 0', "netarg"), ('TargetDevice -> "TPU"', "invdevice"),
    ('TargetDevice -> {"GPU", 0}', "invdevice"), ('TargetDevice -> {"CPU", 2}', "invdevice"),
    ('RandomSeeding -> x', "seeding"),
])
def test_bad_options(s, option, tag):
    run(s, 'n = NetInitialize@LinearLayer[2, "Input" -> 2];')
    extra = ', NetEvaluationMode -> "Train"' if tag == "seeding" else ""
    msgs = failing(s, f'n[{{1, 2}}, {option}{extra}]')
    assert msgs[0].startswith(f"LinearLayer::{tag}")


def test_session_goes_on_after_failures(s):
    run(s, 'n = NetInitialize@LinearLayer[2, "Input" -> 2];')
    failing(s, 'n[{1, 2, 3}]')
    assert array(run(s, 'n[{1, 2}]')).shape == (2,)


def test_port_gradient_with_given_output_gradient(s):
    run(s, 'lin = LinearLayer[2, "Weights" -> {{1, 2}, {3, 4}}, "Biases" -> {1, 1}];')
    # d/dx of g.(W.x + b) is W^T g
    g = array(run(s, 'lin[<|"Input" -> {1, 1}, NetPortGradient["Output"] -> {1, -1}|>, NetPortGradient["Input"]]'))
    np.testing.assert_allclose(g, [1 - 3, 2 - 4])
    gs = array(run(s, 'lin[<|"Input" -> {{1, 1}, {0, 0}}, NetPortGradient["Output"] -> {{1, 0}, {0, 1}}|>, '
                      'NetPortGradient["Input"]]'))
    np.testing.assert_allclose(gs, [[1, 2], [3, 4]])
    np.testing.assert_allclose(array(run(s, 'lin[{1, 1}, NetPortGradient["Input"]]')), [4, 6])


def test_unknown_option(s):
    run(s, 'n = NetInitialize@LinearLayer[2, "Input" -> 2];')
    assert failing(s, 'n[{1, 2}, Foo -> 1]')[0].startswith("LinearLayer::optx")


def test_output_gradient_of_the_wrong_length(s):
    run(s, 'gru = NetInitialize@GatedRecurrentLayer[2, "Input" -> {"Varying", 2}];')
    msgs = failing(s, 'gru[<|"Input" -> {{1, 2}, {3, 4}}, NetPortGradient["Output"] -> {{1, 1}}|>, '
                      'NetPortGradient["Input"]]')
    assert msgs[0].startswith("GatedRecurrentLayer::gradshape")
    g = array(run(s, 'gru[<|"Input" -> {{1, 2}, {3, 4}}, NetPortGradient["Output"] -> {{0, 0}, {0, 0}}|>, '
                     'NetPortGradient["Input"]]'))
    assert g.shape == (2, 2) and not g.any()


def test_all_states_in_and_out(s):
    run(s, 'net = NetInitialize@NetChain[{GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], '
           'GatedRecurrentLayer[2], SequenceLastLayer[]}];')
    states = run(s, 'st = net[{{1, 2}, {3, 4}}, NetPort[All, "States"]]')
    assert [r.args[0] for r in states.args] == [Expr(S.List, Integer(1), String("State")),
                                                Expr(S.List, Integer(2), String("State"))]
    np.testing.assert_array_equal(array(states.args[1].args[1]), array(run(s, 'net[{{1, 2}, {3, 4}}]')))
    # feeding them back continues the sequence
    cont = array(run(s, 'net[<|"Input" -> {{5, 6}}, NetPort[All, "States"] -> st|>]'))
    np.testing.assert_allclose(cont, array(run(s, 'net[{{1, 2}, {3, 4}, {5, 6}}]')), rtol=1e-5)
    batch = run(s, 'net[{{{1, 2}}, {{3, 4}}}, NetPort[All, "States"]]')
    assert len(batch.args) == 2 and batch.args[0].head is S.Association
    per_example = run(s, 'net[<|"Input" -> {{{1, 2}}, {{1, 2}}}, NetPort[All, "States"] -> '
                         '<|{1, "State"} -> {{0, 0, 0}, {1, 1, 1}}|>|>]')
    a, b = array(per_example)
    np.testing.assert_array_equal(a, array(run(s, 'net[{{1, 2}}]')))
    assert not np.allclose(a, b)
    assert failing(s, 'net[<|"Input" -> {{1, 2}}, NetPort[All, "States"] -> <|{1, "State"} -> {1}|>|>]')[0] \
        .startswith("NetChain::invstateval")


def test_layer_without_an_op_gives_a_message(s, monkeypatch):
    from wlnet.net.layers.softmax import Softmax
    from wlnet.net.spec import LayerSpec
    monkeypatch.setattr(Softmax, "compose", LayerSpec.compose)   # a layer with no computation
    msgs = failing(s, 'SoftmaxLayer["Input" -> 17][Range[17]]')
    assert msgs[0].startswith("SoftmaxLayer::noexec") and "SoftmaxLayer" in msgs[0]


def test_index_cross_entropy_over_sequences_of_different_lengths(s):
    run(s, 'loss = CrossEntropyLossLayer["Index", "Input" -> {"Varying", 3}];')
    r = array(run(s, 'loss[<|"Input" -> {{{0.2, 0.3, 0.5}, {0.1, 0.1, 0.8}}, {{0.5, 0.25, 0.25}}}, '
                     '"Target" -> {{3, 3}, {1}}|>]'))
    np.testing.assert_allclose(r, [-(np.log(0.5) + np.log(0.8)) / 2, -np.log(0.5)], rtol=1e-6)


def test_no_gradient_for_integer_inputs(s):
    run(s, 'n = NetInitialize@NetChain[{UnitVectorLayer[3], GatedRecurrentLayer[2]}, "Input" -> "Varying"];')
    assert failing(s, 'n[{1, 2}, NetPortGradient["Input"]]')[0].startswith("NetChain::nograd")


def test_scalar_ports_and_unknown_rank_ports(s):
    run(s, 'lin = LinearLayer[2, "Input" -> "Real", "Weights" -> {{1}, {2}}, "Biases" -> None];')
    assert array(run(s, 'lin[3]')).tolist() == [3, 6]
    assert array(run(s, 'lin[{1, 2}]')).tolist() == [[1, 2], [2, 4]]      # a batch of reals
    assert array(run(s, 'ElementwiseLayer[Ramp][{{-1, 2}, {3, -4}}]')).tolist() == [[0, 2], [3, 0]]
    # examples of different shapes where the net leaves the sizes free: each runs alone (a
    # text GAN one-hot codes words of different lengths with UnitVectorLayer[n, "Input" ->
    # {Automatic}])
    assert output_form(run(s, 'ElementwiseLayer[Ramp][{{1, -2}, {-3}, {4, 5, -6}}]')) == \
        "{{1., 0.}, {0.}, {4., 5., 0.}}"
    r = run(s, 'UnitVectorLayer[3, "Input" -> {Automatic}][{{1, 3}, {2}}]')
    assert output_form(r) == "{{{1., 0., 0.}, {0., 0., 1.}}, {{0., 1., 0.}}}"
    # a size the net fixes still refuses another
    msgs = failing(s, 'UnitVectorLayer[3, "Input" -> {2}][{{1, 3}, {2}}]')
    assert msgs[0].startswith("UnitVectorLayer::invindata")


def test_decoder_property_arguments(s):
    run(s, 'net = NetInitialize@NetChain[{LinearLayer[3], SoftmaxLayer[]}, "Input" -> 2, "Output" -> "Class"];')
    p = array(run(s, 'net[{1, 2}, None]'))
    assert run(s, 'net[{1, 2}, "Probability" -> 3]').value == pytest.approx(p[2], rel=1e-6)
    assert len(run(s, 'net[{1, 2}, "TopProbabilities" -> 2]').args) == 2
    for bad in ('"Probability" -> 4', '"TopProbabilities" -> x', '"TopDecisions" -> 0', '"Entropy" -> 2'):
        assert failing(s, f'net[{{1, 2}}, {bad}]')[0].startswith("NetChain::invoutspec")
    run(s, 'loss = CrossEntropyLossLayer["Index"];')
    msgs = failing(s, 'loss[<|"Input" -> {0.5, 0.5}, "Target" -> 3|>]')
    assert msgs[0].startswith("CrossEntropyLossLayer::invindata1") and '"Target"' in msgs[0]


# ---------------------------------------------------------------------------- TargetDevice

@pytest.mark.parametrize("device", ['"GPU"', '{"GPU", 2}', '{"GPU", All}'])
def test_gpu_evaluation_without_a_gpu_is_a_message(s, device):
    torch = pytest.importorskip("torch")
    if torch.cuda.is_available():
        pytest.skip("this machine has a GPU")
    run(s, 'n = NetInitialize@LinearLayer[2, "Input" -> 2];')
    msgs = failing(s, f'n[{{1, 2}}, TargetDevice -> {device}]')
    assert len(msgs) == 1 and msgs[0].startswith("LinearLayer::nogpu") and "GPU" in msgs[0]
    run(s, 'n[{1, 2}]')                       # nothing lost: the net still evaluates


@pytest.mark.parametrize("device", ['"CPU"', '"GPU"', '{"GPU", 1}', '"CUDA"'])
def test_evaluation_runs_on_the_device_target_device_names(s, monkeypatch, device):
    """The backend TargetDevice gives is the one that runs the net: here a stand-in
    "GPU" (the torch backend bound to the CPU) where the machine has none."""
    pytest.importorskip("torch")
    import wlnet.net.backends.torch as tb
    asked = []

    def on_gpu(spec, index):
        asked.append(index)
        return tb._OnDevice(tb.torch.device("cpu"))

    monkeypatch.setattr(tb, "on_gpu", on_gpu)
    run(s, 'n = NetInitialize@NetChain[{LinearLayer[3, "Input" -> 2], Tanh, SoftmaxLayer[]}];')
    here = array(run(s, 'n[{{1, 2}, {3, -1}}]'))
    there = array(run(s, f'n[{{{{1, 2}}, {{3, -1}}}}, TargetDevice -> {device}]'))
    np.testing.assert_allclose(there, here, rtol=1e-6)
    assert asked == ([] if device == '"CPU"' else [1])


def test_exact_numeric_quantities_are_numbers_and_nothing_else_is_evaluated_again():
    s = Session()
    run(s, 'n = NetInitialize[NetChain[{LinearLayer[2]}, "Input" -> 2], RandomSeeding -> 1]; '
           'c = NetInitialize[NetChain[{EmbeddingLayer[2]}, "Input" -> NetEncoder[{"Characters", {"a", "b"}}]]];')
    for text in ('n[{Pi/2, Sqrt[2]}] == n[N[{Pi/2, Sqrt[2]}]]',
                 'n[{{Pi, 1}, {E, 0}}] == n[{{N[Pi], 1.}, {N[E], 0}}]',
                 'n[<|"Input" -> {E, 1}|>] == n[{N[E], 1}]'):
        assert output_form(run(s, text)) == "True", text
    # a char-LM's sampling loop fed StringTake["d", -10], left unevaluated: the net says
    # what it was given, and StringTake is not evaluated again with -10. (no StringTake::mseqs)
    s.messages.clear()
    s.evaluate('c[StringTake["d", -10]]')
    assert [m.split(":")[0] for m in s.messages] == ["StringTake", "NetChain"], s.messages


def test_an_output_its_decoder_cannot_read_says_so_in_plain_words(s):
    # the message read "The input the output could not be decoded: …"
    s.evaluate('n = NetChain[{ElementwiseLayer[# + 5 &]}, "Input" -> "Real", '
               '"Output" -> NetDecoder["Boolean"]]')
    assert s.evaluate('n[1., "Entropy"]') == Symbol("$Failed")     # 6. is no probability
    assert s.messages[-1].startswith("NetChain::outdec: The net's output could not be decoded")


def test_a_dataset_is_its_rows():
    # net[Dataset[…]] as NetTrain and NetMeasurements take one: a list of rows (vectors or
    # associations of ports), or a keyed Dataset's rows (it was refused as non-numeric)
    s = Session()
    run(s, 'n = NetInitialize[NetChain[{LinearLayer[1]}, "Input" -> 2], RandomSeeding -> 1];')
    want = output_form(run(s, 'n[{{1, 2}, {3, 4}}]'))
    for data in ('Dataset[{{1, 2}, {3, 4}}]',
                 'Dataset[{<|"Input" -> {1, 2}|>, <|"Input" -> {3, 4}|>}]',
                 'Dataset[<|"a" -> <|"Input" -> {1, 2}|>, "b" -> <|"Input" -> {3, 4}|>|>]'):
        assert output_form(run(s, f'n[{data}]')) == want, data
    assert output_form(run(s, 'n[Dataset[{{1, 2}, {3, 4}}], NetPort["Output"]]')) == want
