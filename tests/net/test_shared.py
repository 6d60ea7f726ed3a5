"""Shared arrays (wlnet/net/shared.py and the IR's ("SharedArrays", name) paths):
NetArray / NetSharedArray in layers, NetExtract and NetReplacePart of them, NetInsertSharedArrays,
NetInitialize and NetTrain treating every use as one array, surgery, Information, the
InputForm and .wlnet round trips, and the messages for bad specs."""

import numpy as np
import pytest

from wlnet.core.expr import Integer, String
from wlnet.net.initialize import initialize
from wlnet.net.net import sub_net
from wlnet.net.shared import insert_shared_arrays, shared_arrays
from wlnet.net.spec import shared_path
from wlnet.net.wlform import net_from_expr

from wlnet.core.expr import Expr, Symbol

from _netutil import WLSession, layer

SETUP = ('c = NetInitialize[NetChain[{LinearLayer[2, "Weights" -> NetArray["W"]], Tanh, '
         'LinearLayer[2, "Weights" -> NetSharedArray["W"]]}, "Input" -> 2], RandomSeeding -> 3];'
         'd = Table[{x, y} -> {Sin[x + y], Cos[x - y]}, {x, 0, 1, 0.25}, {y, 0, 1, 0.25}] // Flatten;')


@pytest.fixture(scope="module")
def wl():
    return WLSession(SETUP)


def test_net_shared_array_evaluates_to_net_array(wl):
    assert wl('NetSharedArray["w"]') == 'NetArray["w"]'


def test_every_use_sees_one_array_stored_once(wl):
    assert wl('NetExtract[c, {1, "Weights"}] === NetExtract[c, {3, "Weights"}] === '
              'NetExtract[c, NetArray["W"]]') == "True"
    assert wl('Head@NetExtract[c, NetArray["W"]]') == "NumericArray"
    assert wl('Information[c, "SharedArraysCount"]') == "1"
    assert wl('Information[c, "ArraysCount"]') == "3"             # W once, two bias vectors
    assert wl('Information[c, "ArraysTotalElementCount"]') == "8"
    assert wl('Keys@Information[c, "Arrays"]') == '{NetArray["W"], {1, "Biases"}, {3, "Biases"}}'
    assert wl('Keys@NetExtract[c, NetSharedArray[All]]') == '{NetArray["W"]}'


def test_layers_show_the_shared_array_by_name(wl):
    text = wl('NetExtract[c, 1]')
    assert '"Weights" -> NetArray["W"]' in text and '"SharedArrays" -> <|"W" -> NumericArray[' in text


def test_evaluation_uses_the_shared_values(wl):
    got = wl('c[{1., 2.}]')
    w = wl('Normal@NetExtract[c, NetArray["W"]]')
    assert got != "$Failed" and w != "$Failed"
    wl('c2 = NetReplacePart[c, {NetArray["W"] -> IdentityMatrix[2], {1, "Biases"} -> {0, 0}, '
       '{3, "Biases"} -> {0, 0}}];')
    assert wl.messages == []
    # the identity in both layers: Tanh of the input
    assert wl('Max@Abs[c2[{0.5, -1.}] - Tanh[{0.5, -1.}]] < 10^-6') == "True"
    assert wl('Normal@NetExtract[c2, {3, "Weights"}]') == "{{1., 0.}, {0., 1.}}"


def test_training_keeps_the_uses_identical_and_changes_them(wl):
    wl('t = NetTrain[c, d, MaxTrainingRounds -> 3, TrainingProgressReporting -> None, RandomSeeding -> 1];')
    assert wl.messages == []
    assert wl('NetExtract[t, {1, "Weights"}] === NetExtract[t, {3, "Weights"}]') == "True"
    assert wl('NetExtract[t, NetArray["W"]] === NetExtract[c, NetArray["W"]]') == "False"
    assert wl('Information[t, "SharedArraysCount"]') == "1"


def test_shared_gradient_is_the_sum_over_uses():
    """The executor sums a shared array's gradient over its uses: compare with the sum of
    the gradients of the same net with two separate (equal) arrays."""
    from wlnet.net.execute import Executor
    from wlnet.net.values import Batch
    from wlnet.net.containers.chain import build_chain
    from wlnet.net.construct import construct_layer
    from wlnet.net.registry import spec_for_symbol
    from _netutil import rule, sym

    def lin(shared):
        opts = [rule("Input", 2)] + ([rule("Weights", Expr(Symbol("NetArray"), String("W")))] if shared else [])
        return construct_layer(spec_for_symbol("LinearLayer"), (Integer(2), *opts))

    shared = initialize(build_chain([("1", lin(True)), ("2", layer("ElementwiseLayer", sym("Tanh"))),
                                     ("3", lin(True))]), seed=5)
    w = shared.arrays[shared_path("W")]
    plain = build_chain([("1", lin(False)), ("2", layer("ElementwiseLayer", sym("Tanh"))), ("3", lin(False))])
    arrays = {p: v for p, v in shared.arrays.items() if p != shared_path("W")}
    arrays[("Nodes", "1", "Arrays", "Weights")] = w
    arrays[("Nodes", "3", "Arrays", "Weights")] = w
    x = {"Input": Batch(np.array([[0.3, -0.7], [1.0, 0.2]], np.float64), None)}

    def grads(net, arrs):
        ex = Executor(net.root, "Real64")
        res = ex.forward(arrs, x, keep=True)
        return ex.backward(res, {"Output": np.ones_like(res.outputs["Output"].data)}).arrays

    g_shared = grads(shared, {p: v.array for p, v in shared.arrays.items()})
    g_plain = grads(plain, {p: v.array for p, v in arrays.items()})
    expected = g_plain[("Nodes", "1", "Arrays", "Weights")] + g_plain[("Nodes", "3", "Arrays", "Weights")]
    assert np.allclose(g_shared[shared_path("W")], expected)
    assert ("Nodes", "1", "Arrays", "Weights") not in g_shared


def test_learning_rate_multiplier_by_shared_array_freezes_it(wl):
    wl('f = NetTrain[c, d, MaxTrainingRounds -> 2, TrainingProgressReporting -> None, '
       'LearningRateMultipliers -> {NetArray["W"] -> 0}];')
    assert wl.messages == []
    assert wl('NetExtract[f, NetArray["W"]] === NetExtract[c, NetArray["W"]]') == "True"
    assert wl('NetExtract[f, {1, "Biases"}] === NetExtract[c, {1, "Biases"}]') == "False"


def test_round_trips(wl, tmp_path):
    assert wl('ToExpression[ToString[c, InputForm]] === c') == "True"
    path = str(tmp_path / "shared.wlnet").replace("\\", "/")
    wl(f'Export["{path}", c];')
    assert wl(f'Import["{path}"] === c') == "True"
    assert wl(f'Information[Import["{path}"], "SharedArraysCount"]') == "1"


def test_surgery_keeps_shared_arrays(wl):
    assert wl('NetExtract[NetTake[c, 1], {1, "Weights"}] === NetExtract[c, NetArray["W"]]') == "True"
    assert wl('Keys@NetExtract[NetDrop[c, 2], NetArray[All]]') == '{NetArray["W"]}'
    assert wl('NetExtract[NetExtract[c, 3], "Weights"] === NetExtract[c, NetArray["W"]]') == "True"
    # a layer of another net joining: the union of the shared arrays
    assert wl('Keys@NetExtract[NetAppend[c, LinearLayer[2, "Biases" -> NetArray["b"]]], NetArray[All]]') \
        == '{NetArray["W"], NetArray["b"]}'
    # giving a layer its own values un-shares that use only
    wl('u = NetReplacePart[c, {1, "Weights"} -> {{1, 2}, {3, 4}}];')
    assert wl.messages == []
    assert wl('{Information[u, "SharedArraysCount"], Normal@NetExtract[u, {1, "Weights"}]}') \
        == '{1, {{1., 2.}, {3., 4.}}}'
    # removing the last use removes the shared array
    assert wl('Information[NetDelete[NetTake[c, 2], 1], "SharedArraysCount"]') == "0"


def net_of(wl, text: str):
    """The Net a WL expression evaluates to."""
    from wlnet.syntax.parser import parse_script
    return net_from_expr(wl.session.evaluate(parse_script(text)[0]))


def test_net_initialize_gives_a_shared_array_values_once(wl):
    net = net_of(wl, 'NetChain[{LinearLayer[3, "Weights" -> NetArray["A"]], '
                     'LinearLayer[3, "Weights" -> NetArray["A"]]}, "Input" -> 3]')
    assert set(shared_arrays(net)) == {"A"} and not net.is_initialized()
    init = initialize(net, seed=2)
    assert init.is_initialized()
    assert sorted(p for p in init.arrays if p[0] == "SharedArrays") == [shared_path("A")]
    again = initialize(init, "all", seed=3)
    assert not np.array_equal(again.arrays[shared_path("A")].array, init.arrays[shared_path("A")].array)


def test_insert_shared_arrays_names_arrays_by_position(wl):
    # the keys are the NetArrays, whose Normal gives the name (a neural-logic package
    # hardens a net by Normal[key]["Name"] of each)
    assert wl('Normal[First@Keys@NetExtract[NetInsertSharedArrays[LinearLayer[2, "Input" -> 2]], '
              'NetArray[All]]]["Name"]') == '"Weights"'
    assert wl('Keys@NetExtract[NetInsertSharedArrays[LinearLayer[2, "Input" -> 2]], NetArray[All]]') \
        == '{NetArray["Weights"], NetArray["Biases"]}'
    assert wl('Keys@NetExtract[NetInsertSharedArrays[LinearLayer[2, "Input" -> 2], "Linear/"], NetArray[All]]') \
        == '{NetArray["Linear/Weights"], NetArray["Linear/Biases"]}'
    assert wl('Keys@NetExtract[NetInsertSharedArrays[NetChain[{2, Ramp, 3}, "Input" -> 1]], NetArray[All]]') \
        == '{NetArray["1/Weights"], NetArray["1/Biases"], NetArray["3/Weights"], NetArray["3/Biases"]}'
    # a layer used twice in a larger net: one set of weights
    wl('layer = NetInsertSharedArrays[LinearLayer[2, "Input" -> 2]];'
       'n2 = NetInitialize[NetChain[{layer, Ramp, layer}]];')
    assert wl('Information[n2, "ArraysTotalElementCount"] == Information[NetInitialize@layer, "ArraysTotalElementCount"]') == "True"
    assert wl('NetExtract[n2, {1, "Weights"}] === NetExtract[n2, {3, "Weights"}] === NetExtract[n2, NetSharedArray["Weights"]]') == "True"
    # values already there move to the shared arrays
    assert wl('NetExtract[NetInsertSharedArrays[c], NetArray["1/Biases"]] === NetExtract[c, {1, "Biases"}]') == "True"


def test_insert_shared_arrays_leaves_moving_statistics_alone():
    net = insert_shared_arrays(layer("BatchNormalizationLayer", Input=3))
    assert set(shared_arrays(net)) == {"Scaling", "Biases"}
    assert net.root.array_path((), "MovingMean") == ("Arrays", "MovingMean")


def test_sub_net_carries_the_shared_arrays_it_uses(wl):
    net = net_of(wl, "c")
    lin = sub_net(net, "1")
    assert shared_path("W") in lin.arrays
    assert sub_net(net, "2").arrays == {}


def test_net_array_forms(wl):
    assert wl('Information[LinearLayer[2, "Weights" -> NetArray[], "Input" -> 2], "SharedArraysCount"]') == "1"
    assert wl('Normal@NetExtract[LinearLayer[2, "Weights" -> NetArray["Name" -> "k", "Array" -> {{1, 0}, {0, 1}}], '
              '"Input" -> 2], NetArray["k"]]') == "{{1., 0.}, {0., 1.}}"
    assert wl('Information[LinearLayer[2, "Weights" -> NetArray["Name" -> "v", "Dimensions" -> {2, 2}], '
              '"Input" -> 2], "SharedArraysCount"]') == "1"
    assert wl('LinearLayer[2, "Biases" -> NetArray[<|"Name" -> "b", "Array" -> {1, 2}|>], "Weights" -> {{0, 0}, {0, 0}}][{3, 4}]') \
        == "{1., 2.}"


@pytest.mark.parametrize("text, message", [
    ('NetChain[{LinearLayer[3, "Weights" -> NetArray["W"]], LinearLayer[4, "Weights" -> NetArray["W"]]}, "Input" -> 3]',
     'NetChain::sharedims'),
    # the same output size, other input sizes: the second layer's own rule meets the shared
    # matrix first, but the message is about the sharing
    ('NetChain[{LinearLayer[3, "Weights" -> NetArray["W"]], LinearLayer[3, "Weights" -> NetArray["W"]]}, "Input" -> 2]',
     'NetChain::sharedims'),
    ('NetGraph[{LinearLayer[3, "Weights" -> NetArray["W"], "Input" -> 2], '
     'LinearLayer[3, "Weights" -> NetArray["W"], "Input" -> 4]}, {NetPort["A"] -> 1, NetPort["B"] -> 2}]',
     'NetGraph::sharedims'),
    ('LinearLayer[2, "Weights" -> NetArray[1, 2, 3]]', 'LinearLayer::invshared'),
    ('BatchNormalizationLayer["MovingMean" -> NetArray["m"]]', 'BatchNormalizationLayer::sharestat'),
    ('NetExtract[c, NetArray["nope"]]', 'NetExtract::noshared'),
    ('NetReplacePart[c, NetArray["nope"] -> {1}]', 'NetReplacePart::noshared'),
    ('NetReplacePart[c, NetArray["W"] -> IdentityMatrix[3]]', 'NetReplacePart::arrdims'),
    ('NetInsertSharedArrays[c, 5]', 'NetInsertSharedArrays::netarg'),
    ('LinearLayer[2, "Weights" -> NetArray["Name" -> "v", "Dimensions" -> {3, 3}], "Input" -> 2]',
     'LinearLayer::arrdims'),
    ('LinearLayer[2, "Weights" -> NetArray["Name" -> "v", "Array" -> {1, 2}, "Dimensions" -> {3}]]',
     'LinearLayer::invshared'),
    ('NetInsertSharedArrays[5]', 'NetInsertSharedArrays::invlayer'),
])
def test_bad_specs_give_messages(wl, text, message):
    before = wl('c')
    assert wl(text) == "$Failed"
    assert any(m.startswith(message) for m in wl.messages), wl.messages
    assert wl('c') == before


def test_sharing_conflict_names_both_uses_dimensions(wl):
    wl('NetChain[{LinearLayer[3, "Weights" -> NetArray["W"]], '
       'LinearLayer[3, "Weights" -> NetArray["W"]]}, "Input" -> 2]')
    assert wl.messages == ['NetChain::sharedims: The uses of the shared array NetArray["W"] '
                           'need dimensions {3, 2} and {3, 3}, which cannot agree.']


def test_net_array_dimensions_fix_the_layers_unknown_sizes(wl):
    """NetArray's "Dimensions" are a constraint like the values' shape would be: the input
    size a LinearLayer could not know is inferred from them."""
    # the input's size (its rank stays open until data or a layer before it fixes it): a
    # vector of 3 does not fit, an array of 2 elements does
    assert wl('LinearLayer[3, "Weights" -> NetArray[<|"Name" -> "w", "Dimensions" -> {3, 2}|>], '
              '"Input" -> 3]') == "$Failed"
    assert wl('Information[LinearLayer[3, "Weights" -> NetArray[<|"Name" -> "w", '
              '"Dimensions" -> {3, 2}|>], "Input" -> {1, 2}], "InputPorts"]') == \
        '<|"Input" -> {1, 2}|>'
    assert wl('Dimensions[NetInitialize[LinearLayer[3, "Weights" -> NetArray['
              '"Name" -> "w", "Dimensions" -> {3, 2}]]][{1, 2}]]') == "{3}"
