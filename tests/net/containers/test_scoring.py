"""AttentionLayer[net, opts]: a scoring net of the user's (containers/scoring.py).  A net
computing the dot product must give AttentionLayer["Dot"]'s outputs under every option
(varying lengths, masks, heads, rescaling); gradients by finite differences reach the
scoring net's arrays and the inputs; its arrays have WL's paths, are initialised, trained,
round-trip through InputForm; wrong scoring nets give messages."""

import numpy as np
import pytest

from wlnet.core.expr import Symbol
from wlnet.core.session import Session
from wlnet.net.execute import Executor
from wlnet.net.values import Batch
from wlnet.net.wlform import net_from_expr
from wlnet.syntax.printer import output_form

from _gradcheck import check_gradients

# a dot product as a net of the user's (an identity after the dot: not WL's own "Dot" net,
# which AttentionLayer runs as its plain "Dot" layer, see the tests at the end)
DOT_NET = ('NetGraph[{DotLayer[], ElementwiseLayer[# &]}, '
           '{{NetPort["Input"], NetPort["Query"]} -> 1 -> 2}]')
WL_BILINEAR = ('NetGraph[<|"Linear" -> LinearLayer["Biases" -> None], "Dot" -> DotLayer[]|>, '
               '{NetPort["Input"] -> "Linear", {NetPort["Query"], "Linear"} -> "Dot"}]')
ADDITIVE = ('NetGraph[{LinearLayer[4, "Biases" -> None], LinearLayer[4, "Biases" -> None], '
            'ThreadingLayer[Tanh[#1 + #2] &], LinearLayer[{}, "Biases" -> None]}, '
            '{NetPort["Input"] -> 1 -> 3, NetPort["Query"] -> 2 -> 3 -> 4}]')


@pytest.fixture
def s():
    return Session()


def run(s, text):
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    return r


def ports(heads=None, k=3, v=2, q=None):
    h = f"{heads}, " if heads else ""
    multi = ', "MultiHead" -> True' if heads else ""
    return (f'"Key" -> {{"Varying", {h}{k}}}, "Value" -> {{"Varying", {h}{v}}}, '
            f'"Query" -> {{"Varying", {h}{q or k}}}{multi}')


def batches(rng, heads=None, k=3, v=2):
    h = (heads,) if heads else ()
    lengths = np.array([3, 1])
    return {"Key": Batch(rng.standard_normal((2, 3) + h + (k,)), lengths),
            "Value": Batch(rng.standard_normal((2, 3) + h + (v,)), lengths),
            "Query": Batch(rng.standard_normal((2, 3) + h + (k,)), np.array([2, 3]))}


@pytest.mark.parametrize("options", ["", '"ScoreRescaling" -> "DimensionSqrt", ',
                                     '"Mask" -> "Causal", ', '"Mask" -> "Causal" -> 2, '])
@pytest.mark.parametrize("heads", [None, 2])
def test_a_dot_product_net_scores_as_dot(s, options, heads):
    net = net_from_expr(run(s, f'NetInitialize[AttentionLayer[{DOT_NET}, {options}{ports(heads)}]]'))
    dot = net_from_expr(run(s, f'NetInitialize[AttentionLayer["Dot", {options}{ports(heads)}]]'))
    b = batches(np.random.default_rng(0), heads)
    got = Executor.for_net(net, "Real64").forward(dict(net.arrays), b).outputs["Output"]
    want = Executor.for_net(dot, "Real64").forward({}, b).outputs["Output"]
    np.testing.assert_allclose(got.data, want.data, rtol=1e-12, atol=1e-14)
    np.testing.assert_array_equal(got.lengths, want.lengths)


@pytest.mark.parametrize("heads", [None, 2])
def test_gradients_reach_the_scoring_net(s, heads):
    net = net_from_expr(run(s, f'AttentionLayer[{ADDITIVE}, "Mask" -> "Causal", '
                               f'"Dropout" -> 0.2, {ports(heads, k=2)}]'))
    rng = np.random.default_rng(1)
    arrays = {path: rng.uniform(-1, 1, dims) for path, dims in net.array_paths().items()}
    assert sorted(arrays) == [("Parameters", "ScoringNet", "Nodes", n, "Arrays", "Weights")
                              for n in ("1", "2", "4")]
    check_gradients(Executor.for_net(net, "Real64"), arrays, batches(rng, heads, k=2), rng_seed=3)


def test_arrays_paths_information_and_round_trip(s):
    run(s, f'a = NetInitialize[AttentionLayer[{ADDITIVE}, "Key" -> {{"Varying", 5}}, '
           '"Value" -> {"Varying", 2}, "Query" -> 3], RandomSeeding -> 1];')
    assert output_form(run(s, 'Keys[Information[a, "Arrays"]]')) == (
        '{{ScoringNet, 1, Weights}, {ScoringNet, 2, Weights}, {ScoringNet, 4, Weights}}')
    assert output_form(run(s, 'Dimensions[NetExtract[a, {"ScoringNet", 1, "Weights"}]]')) == "{4, 5}"
    assert output_form(run(s, 'Dimensions[NetExtract[a, {"ScoringNet", 2, "Weights"}]]')) == "{4, 3}"
    assert run(s, 'Head[NetExtract[a, "ScoringNet"]]') == Symbol("NetGraph")
    assert output_form(run(s, 'NetExtract[a, "ScoreRescaling"]')) == "None"
    assert output_form(run(s, 'NetExtract[a, "KeySize"]')) == "5"
    assert run(s, 'ToExpression[ToString[InputForm[a]]] === a') == Symbol("True")
    assert output_form(run(s, 'Dimensions[a[<|"Key" -> RandomReal[1, {4, 5}], '
                              '"Value" -> RandomReal[1, {4, 2}], "Query" -> {1, 2, 3}|>]]')) == "{2}"
    shown = output_form(run(s, "ToString[a]"))
    assert "ScoreRescaling" in shown
    lines = shown.splitlines()     # the scoring net is a row, its layers one level deeper
    assert any(line.split()[:2] == ["ScoringNet", "NetGraph"] for line in lines)
    assert any(line.startswith("      4 ") and "LinearLayer" in line for line in lines)


def test_training_changes_the_scoring_net(s):
    run(s, f'a = NetInitialize[AttentionLayer[{ADDITIVE}, "Key" -> {{3, 2}}, "Value" -> {{3, 1}}, '
           '"Query" -> 2], RandomSeeding -> 2];')
    run(s, 'data = Table[<|"Key" -> RandomReal[1, {3, 2}], "Value" -> {{1}, {0}, {0}}, '
           '"Query" -> RandomReal[1, 2], "Output" -> {1}|>, 8];')
    run(s, 't = NetTrain[a, data, MaxTrainingRounds -> 3, RandomSeeding -> 1, '
           'TrainingProgressReporting -> None];')
    before = run(s, 'Normal[NetExtract[a, {"ScoringNet", 4, "Weights"}]]')
    after = run(s, 'Normal[NetExtract[t, {"ScoringNet", 4, "Weights"}]]')
    assert before != after


def test_a_function_layer_scores(s):
    r = run(s, 'a = AttentionLayer[FunctionLayer[Total[#Input * #Query] &], "Key" -> {"Varying", 2}, '
               '"Value" -> {"Varying", 1}, "Query" -> 2]; '
               'a[<|"Key" -> {{1, 0}, {0, 1}}, "Value" -> {{1}, {3}}, "Query" -> {1, 0}|>]')
    assert output_form(r) == "{1.53788}"


def test_the_torch_backend_agrees(s):
    pytest.importorskip("torch")
    from tests.net.backends.test_torch_backend import agree
    agree(net_from_expr(run(s, f'NetInitialize[AttentionLayer[{ADDITIVE}, "Mask" -> "Causal", '
                               f'{ports(k=2)}]]')), "Real64")


@pytest.mark.parametrize("scoring, tag", [
    ('NetGraph[{DotLayer[]}, {{NetPort["A"], NetPort["Query"]} -> 1}]', "attnetports"),
    ('LinearLayer[3]', "attnetports"),
    ('NetGraph[{CatenateLayer[], LinearLayer[2]}, {{NetPort["Input"], NetPort["Query"]} -> 1 -> 2}]',
     "attnetout"),
    ('3.5', "invscore"),
])
def test_wrong_scoring_nets(s, scoring, tag):
    assert s.evaluate(f'AttentionLayer[{scoring}, "Key" -> {{"Varying", 2}}, "Query" -> 2]') \
        == Symbol("$Failed")
    assert s.messages and s.messages[0].startswith(f"AttentionLayer::{tag}"), s.messages


def test_a_wrong_key_size_for_the_scoring_net(s):
    s.evaluate('AttentionLayer[NetGraph[{LinearLayer[3, "Input" -> 4], DotLayer[]}, '
               '{NetPort["Input"] -> 1, {1, NetPort["Query"]} -> 2}], "Key" -> {"Varying", 2}]')
    assert s.messages and s.messages[0].startswith("AttentionLayer::attnetport"), s.messages


def test_sequence_attention_with_a_scoring_net(s):
    net = net_from_expr(run(s, f'NetInitialize[SequenceAttentionLayer[{ADDITIVE}, '
                               '"Input" -> {"Varying", 2}, "Query" -> {"Varying", 3}]]'))
    assert set(net.inputs()) == {"Input", "Query"}
    rng = np.random.default_rng(5)
    arrays = {path: rng.uniform(-1, 1, dims) for path, dims in net.array_paths().items()}
    check_gradients(Executor.for_net(net, "Real64"), arrays,
                    {"Input": Batch(rng.standard_normal((2, 3, 2)), np.array([3, 1])),
                     "Query": Batch(rng.standard_normal((2, 2, 3)), None)})


# ---------------------------------------------------------------------------- "Bilinear", "Dot"

def test_named_scorings_show_wl_nets(s):
    """WL normalises "Bilinear" and "Dot" to nets: NetExtract, Normal, Information and
    InputForm show them (the matrix of "Bilinear" is the "Linear" layer's, transposed)."""
    run(s, 'a = NetInitialize[AttentionLayer["Bilinear", "Key" -> {"Varying", 3}, '
           '"Value" -> {"Varying", 2}, "Query" -> 4], RandomSeeding -> 1];')
    assert run(s, 'Head[NetExtract[a, "ScoringNet"]]') == Symbol("NetGraph")
    assert output_form(run(s, 'Keys[Normal[NetExtract[a, "ScoringNet"]]]')) == "{Linear, Dot}"
    assert output_form(run(s, 'Information[NetExtract[a, "ScoringNet"], "InputPortNames"]')) \
        == "{Input, Query}"
    assert run(s, 'Normal[NetExtract[a, {"ScoringNet", "Linear", "Weights"}]] === '
                  'Transpose[Normal[NetExtract[a, "Weights"]]]') == Symbol("True")
    assert run(s, 'NetExtract[a, {"ScoringNet", "Linear", "Biases"}]') == Symbol("None")
    assert run(s, 'Head[Normal[a]["ScoringNet"]]') == Symbol("NetGraph")
    assert "NetGraph[{LinearLayer, DotLayer}]" in output_form(run(s, "ToString[a]"))
    form = output_form(run(s, "ToString[InputForm[a]]"))
    assert '"ScoringNet" -> <|"Type" -> "Graph"' in form and '"Linear" -> <|"Type" -> "Linear"' in form
    assert run(s, 'ToExpression[ToString[InputForm[a]]] === a') == Symbol("True")
    run(s, 'd = AttentionLayer["Dot", "Key" -> {"Varying", 3}, "Query" -> 3];')
    assert output_form(run(s, 'Information[NetExtract[d, "ScoringNet"], "LayerTypeCounts"]')) \
        == "<|DotLayer -> 1|>"
    assert "NetGraph[{DotLayer}]" in output_form(run(s, "ToString[d]"))
    assert run(s, 'ToExpression[ToString[InputForm[d]]] === d') == Symbol("True")


@pytest.mark.parametrize("heads", [None, 2])
def test_wl_scoring_nets_run_as_the_plain_layer(s, heads):
    """WL's two nets given to AttentionLayer are its "Bilinear"/"Dot" layer (fused); the
    same net wrapped so that it is not recognised runs through the scoring-net path: the
    outputs agree."""
    sized = WL_BILINEAR.replace('LinearLayer[', 'LinearLayer[4, ')[:-1] + ', "Input" -> 3]'
    run(s, f'sn = NetInitialize[{sized}, RandomSeeding -> 3];')
    plain = net_from_expr(run(s, f'AttentionLayer[sn, {ports(heads, q=4)}]'))
    general = net_from_expr(run(s, f'AttentionLayer[NetGraph[{{sn}}, {{}}], {ports(heads, q=4)}]'))
    assert plain.root.params["ScoringNet"] == "Bilinear" and general.root.type == "Attention"
    assert general.root.params["ScoringNet"] == "Net"
    b = batches(np.random.default_rng(4), heads, k=3)
    h = (heads,) if heads else ()
    b["Query"] = Batch(np.random.default_rng(5).standard_normal((2, 3) + h + (4,)), np.array([2, 3]))
    got = Executor.for_net(plain, "Real64").forward(dict(plain.arrays), b).outputs["Output"]
    want = Executor.for_net(general, "Real64").forward(dict(general.arrays), b).outputs["Output"]
    np.testing.assert_allclose(got.data, want.data, rtol=1e-12, atol=1e-14)
    dot = net_from_expr(run(s, 'AttentionLayer[NetGraph[{DotLayer[]}, '
                               '{{NetPort["Query"], NetPort["Input"]} -> 1}], "Key" -> {"Varying", 3}]'))
    assert dot.root.params["ScoringNet"] == "Dot"
