"""NetChain: inference forwards and backwards, port checks, interior states."""

import pytest

from wlnet.core.expr import String
from wlnet.net.coders.decoders import decoder_from_spec
from wlnet.net.coders.encoders import encoder_from_spec
from wlnet.net.containers.chain import build_chain, interior_states
from wlnet.net.errors import NetSpecError
from wlnet.net.shape import NetTypeError
from wlnet.net.types import RealT, TensorT

from _netutil import layer, lst, sym


def chain(*layers, **kw):
    return build_chain([(str(i), l) for i, l in enumerate(layers, 1)], **kw)


def test_seed_gru_then_sequence_last():
    net = chain(layer("GatedRecurrentLayer", 3, Input=["Varying", 2]), layer("SequenceLastLayer"))
    assert net.outputs() == {"Output": TensorT((3,), RealT)}
    assert interior_states(net.root) == [(("1", "State"), ("Nodes", "1", "States", "State"))]


def test_addition_net_unit_vector_learns_eleven_classes():
    enc = encoder_from_spec(lst("Characters", lst(sym("DigitCharacter"), "+")))
    net = chain(layer("UnitVectorLayer"), layer("GatedRecurrentLayer", 40),
                layer("GatedRecurrentLayer", 30), layer("SequenceLastLayer"), layer("LinearLayer", 1),
                coders={"Input": enc, "Output": decoder_from_spec(String("Scalar"))})
    nodes = net.root.nodes
    assert nodes["1"].params["ClassCount"] == 11
    assert nodes["2"].array_shapes()["InputGateInputWeights"] == (40, 11)
    assert nodes["3"].array_shapes()["InputGateInputWeights"] == (30, 40)
    assert nodes["5"].array_shapes()["Weights"] == (1, 30)
    assert net.is_initialized() is False


def test_classifier_chain_decoder_fixes_linear_size_backwards():
    # LinearLayer[] learns 3 from the Class decoder at the end of the chain
    dec = decoder_from_spec(lst("Class", lst(sym("Less"), sym("Equal"), sym("Greater"))))
    net = chain(layer("LinearLayer", Input=4), layer("SoftmaxLayer"), coders={"Output": dec})
    assert net.root.nodes["1"].array_shapes()["Weights"] == (3, 4)


def test_gru_learns_input_size_from_encoder():
    enc = encoder_from_spec(lst("Characters", sym("Automatic"), "UnitVector"))
    net = chain(layer("GatedRecurrentLayer", 2), coders={"Input": enc})
    assert net.root.nodes["1"].array_shapes()["InputGateInputWeights"] == (2, 97)


def test_sizes_flow_forwards_through_several_layers():
    net = chain(layer("LinearLayer", 5, Input=3), layer("ElementwiseLayer", sym("Tanh")),
                layer("LinearLayer", 2))
    assert net.root.nodes["3"].array_shapes()["Weights"] == (2, 5)


def test_mismatch_names_both_layers_and_types():
    with pytest.raises(NetTypeError) as info:
        chain(layer("LinearLayer", 3), layer("LinearLayer", 2, Input=4))
    err = info.value
    pa, na, node_a, pb, nb, node_b = err.where["chain"]
    assert (pa, pb, node_a.symbol, node_b.symbol) == (1, 2, "LinearLayer", "LinearLayer")
    assert err.first == TensorT((3,), RealT) and err.second.dims == (4,)


def test_sequence_into_vector_layer_fails():
    with pytest.raises(NetSpecError) as info:
        chain(layer("GatedRecurrentLayer", 3, Input=["Varying", 2]), layer("LinearLayer", 2))
    assert info.value.tag == "nodyn"


def test_empty_chain():
    with pytest.raises(NetSpecError) as info:
        build_chain([])
    assert info.value.tag == "netempty"


def test_interior_layer_must_have_one_input():
    with pytest.raises(NetSpecError) as info:
        chain(layer("LinearLayer", 2), layer("MeanSquaredLossLayer"))
    assert info.value.tag == "notuport"


def test_same_uninitialised_layer_twice_learns_different_sizes():
    lin = layer("LinearLayer", 4)
    net = chain(layer("LinearLayer", 3, Input=2), lin, lin)
    assert net.root.nodes["2"].array_shapes()["Weights"] == (4, 3)
    assert net.root.nodes["3"].array_shapes()["Weights"] == (4, 4)


def test_plan_lists_layers_in_order_with_array_paths():
    net = chain(layer("LinearLayer", 3, Input=2), layer("ElementwiseLayer", sym("Ramp")))
    plan = net.plan()
    assert [s.path for s in plan] == [("Nodes", "1"), ("Nodes", "2")]
    assert plan[0].array_paths["Weights"] == ("Nodes", "1", "Arrays", "Weights")


@pytest.mark.parametrize("text, message", [
    # the embedding's own rule finds its output (a 2-vector) against the next layer's input
    ('NetChain[{EmbeddingLayer[2, 3], LinearLayer[3, "Input" -> {4}]}]',
     "NetChain::ninctyp2: Incompatible sizes for output of layer 1 (EmbeddingLayer) and input "
     "to layer 2 (LinearLayer): a length-2 vector of real numbers cannot feed a length-4 "
     "vector of real numbers."),
    ('NetChain[{LinearLayer[3, "Input" -> 2], EmbeddingLayer[2, 3]}]',
     "NetChain::ninctyp2: Incompatible types for output of layer 1 (LinearLayer) and input to "
     "layer 2 (EmbeddingLayer): a length-3 vector of real numbers cannot feed a length-3 "
     "vector of integers between 1 and 3."),
])
def test_a_layer_rule_conflict_names_both_layers(text, message):
    """A conflict a layer's own rule finds after the ports were joined names the two layers
    and both types, as a conflict found joining them does (not the generic tyinc)."""
    from wlnet.core.session import Session
    s = Session()
    assert s.evaluate(text).name == "$Failed"
    assert s.messages == [message]
