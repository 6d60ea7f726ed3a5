"""NetGraph: wiring, port order, state ports, errors."""

import pytest

from wlnet.net.containers.graph import build_graph
from wlnet.net.errors import NetSpecError
from wlnet.net.shape import NetTypeError
from wlnet.net.types import RealT, TensorT

from _netutil import layer, sym


def gru2():
    return layer("GatedRecurrentLayer", 2, Input=["Varying", 2])


def test_initial_state_port_comes_first():
    net = build_graph([("1", gru2())], [(("graph", "InitialState"), ("port", "1", "State"), "e")])
    assert list(net.inputs()) == ["InitialState", "Input"]
    assert net.inputs()["InitialState"] == TensorT((2,), RealT)
    assert net.root.fed_states() == {("Nodes", "1", "States", "State")}


def test_final_state_port_is_listed_after_the_layer_output_but_wired_first():
    # the seed page: the graph's "Outputs" print as Output, FinalState; evaluation (edge order)
    # returns <|"FinalState" -> …, "Output" -> …|>
    net = build_graph([("1", gru2())], [(("port", "1", "State"), ("graph", "FinalState"), "e")])
    assert list(net.outputs()) == ["Output", "FinalState"]
    assert [dst[1] for dst, _ in net.root.edges if dst[0] == "Outputs"] == ["FinalState", "Output"]
    assert net.root.fed_states() == frozenset()


def test_explicit_output_port_cannot_reuse_a_dangling_name():
    with pytest.raises(NetSpecError):
        build_graph([("1", gru2())], [(("port", "1", "State"), ("graph", "Output"), "e")])


def test_threading_onto_loss_ports_and_inference():
    layers = [("1", layer("LinearLayer", 3, Input=5)), ("2", layer("LinearLayer", 3, Input=5)),
              ("3", layer("MeanSquaredLossLayer"))]
    net = build_graph(layers, [(("layer", "1"), ("layer", "3"), "a"), (("layer", "2"), ("layer", "3"), "a")])
    assert list(net.inputs()) == ["Input"]            # both dangling "Input"s share one port
    assert list(net.outputs()) == ["Loss"]


def test_several_dangling_outputs_are_numbered():
    net = build_graph([("1", layer("LinearLayer", 2, Input=1)), ("2", layer("LinearLayer", 3, Input=1))], [])
    assert list(net.outputs()) == ["Output1", "Output2"]


def test_cycle_is_an_error():
    with pytest.raises(NetSpecError) as info:
        build_graph([("1", layer("LinearLayer", 2)), ("2", layer("LinearLayer", 2))],
                    [(("layer", "1"), ("layer", "2"), "e"), (("layer", "2"), ("layer", "1"), "e")])
    assert info.value.tag == "acyclic"


def test_doubly_connected_input():
    with pytest.raises(NetSpecError) as info:
        build_graph([("1", layer("LinearLayer", 2)), ("2", layer("LinearLayer", 2)),
                     ("3", layer("LinearLayer", 2))],
                    [(("layer", "1"), ("port", "3", "Input"), "e"),
                     (("layer", "2"), ("port", "3", "Input"), "e")])
    assert info.value.tag == "dupedges"


@pytest.mark.parametrize("conn, tag", [
    ((("layer", "7"), ("layer", "1"), "e"), "invnetvert"),
    ((("port", "1", "Nope"), ("graph", "Out"), "e"), "invport"),
])
def test_bad_vertices_and_ports(conn, tag):
    with pytest.raises(NetSpecError) as info:
        build_graph([("1", layer("LinearLayer", 2))], [conn])
    assert info.value.tag == tag


def test_graph_edge_type_mismatch():
    with pytest.raises(NetTypeError) as info:
        build_graph([("1", layer("LinearLayer", 3)), ("2", layer("LinearLayer", 2, Input=4))],
                    [(("layer", "1"), ("layer", "2"), "e")])
    assert "graph" in info.value.where


def test_topological_plan():
    layers = [("a", layer("LinearLayer", 2)), ("b", layer("LinearLayer", 3, Input=4))]
    net = build_graph(layers, [(("layer", "b"), ("layer", "a"), "e")])
    assert [s.path[1] for s in net.plan()] == ["b", "a"]
    assert net.root.nodes["a"].array_shapes()["Weights"] == (2, 3)


def test_muted_output_is_not_exposed():
    layers = [("1", layer("LinearLayer", 2, Input=1)), ("2", layer("LinearLayer", 3, Input=1))]
    net = build_graph(layers, [(("port", "2", "Output"), None, "e")])
    assert list(net.outputs()) == ["Output"]


def test_fan_out_and_chained_rules_share_a_source():
    layers = [("1", layer("LinearLayer", 2, Input=3)), ("2", layer("ElementwiseLayer", sym("Ramp"))),
              ("3", layer("ElementwiseLayer", sym("Tanh")))]
    net = build_graph(layers, [(("layer", "1"), ("layer", "2"), "e"), (("layer", "1"), ("layer", "3"), "e")])
    assert list(net.outputs()) == ["Output1", "Output2"]
    assert net.outputs()["Output1"].dims == (2,) and net.outputs()["Output2"].dims == (2,)


def test_a_layer_rule_conflict_names_both_ends_of_the_connection():
    from wlnet.core.session import Session
    s = Session()
    assert s.evaluate('NetGraph[{EmbeddingLayer[2, 3], LinearLayer[3, "Input" -> 4]}, '
                      '{1 -> 2}]').name == "$Failed"
    assert s.messages == [
        'NetGraph::ninctyp: Incompatible sizes for output "Output" of layer 1 (EmbeddingLayer, '
        'a length-2 vector of real numbers) and input "Input" of layer 2 (LinearLayer, a '
        'length-4 vector of real numbers).']


def test_a_layer_message_inside_a_container_names_the_layer():
    # a layer's own rule failing inside a container: the container's message naming the
    # layer's place and head, the layer's text kept (WL: validation failed for a path)
    from wlnet import Session
    s = Session()
    s.evaluate('NetGraph[<|"a" -> LinearLayer[{3, 5}], "b" -> LinearLayer[{4, 2}], '
               '"cat" -> CatenateLayer[]|>, {NetPort["Input"] -> "a", NetPort["Input"] -> "b", '
               '{"a", "b"} -> "cat"}, "Input" -> 5]')
    assert s.messages == ['NetGraph::inlayer: Layer "cat" (CatenateLayer) of the net is not valid: '
                          'The inputs of CatenateLayer have incompatible dimensions {{3, 5}, '
                          '{4, 2}}: the dimensions off the catenated level must agree.']
    s.messages.clear()
    s.evaluate('NetChain[{LinearLayer[3], ConvolutionLayer[2, 3]}, "Input" -> 4]')
    assert len(s.messages) == 1 and s.messages[0].startswith(
        "NetChain::inlayer: Layer 2 (ConvolutionLayer) of the net is not valid: "), s.messages
    s.messages.clear()
    # nested: the path as NetExtract takes it
    s.evaluate('NetChain[{LinearLayer[3], NetChain[{Ramp, ConvolutionLayer[2, 3]}]}, "Input" -> 4]')
    assert len(s.messages) == 1 and s.messages[0].startswith(
        "NetChain::inlayer: Layer {2, 2} (ConvolutionLayer) of the net"), s.messages
    s.messages.clear()
    # a width the graph's own port contradicts (the layer's computed-port message)
    s.evaluate('NetGraph[{LinearLayer[3], LinearLayer[4], CatenateLayer[]}, {NetPort["Input"] -> 1, '
               'NetPort["Input"] -> 2, {1, 2} -> 3}, "Input" -> 5, "Output" -> 6]')
    assert s.messages == ["NetGraph::inlayer: Layer 3 (CatenateLayer) of the net is not valid: "
                          "The output of CatenateLayer ({6}) is inconsistent with dimensions "
                          "computed from its input ({7})."]
    s.messages.clear()
    # a layer alone keeps its own head
    s.evaluate('CatenateLayer["Inputs" -> {{3, 5}, {4, 2}}]')
    assert len(s.messages) == 1 and s.messages[0].startswith("CatenateLayer::catdims"), s.messages
