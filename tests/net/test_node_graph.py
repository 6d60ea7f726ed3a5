"""Information[net, "MXNetNodeGraph" | "MXNetNodeGraphPlot"]: the graph of the operations
the net compiles to (wlnet/net/node_graph.py)."""

from wlnet.net.initialize import initialize
from wlnet.net.containers.chain import build_chain
from wlnet.net.node_graph import operations

from _netutil import WLSession, layer, sym


def test_the_operations_of_a_chain_and_what_they_read():
    net = initialize(build_chain([("1", layer("LinearLayer", 5, Input=3)),
                                  ("2", layer("ElementwiseLayer", sym("Ramp"))),
                                  ("3", layer("LinearLayer", 2)), ("4", layer("SoftmaxLayer"))]), seed=1)
    labels, edges = operations(net)
    # the input, the arrays, one operation per primitive, the output
    assert labels == ["Input", "1/Weights", "1/Biases", "linear", "map", "3/Weights", "3/Biases",
                      "linear", "softmax", "Output"]
    # the first operation reads the input and the first layer's arrays; each feeds the next
    assert sorted(u for u, v in edges if v == 4) == [1, 2, 3]
    assert (4, 5) in edges and (5, 8) in edges and (8, 9) in edges and (9, 10) in edges
    assert len(edges) == 9


def test_a_layer_that_runs_as_one_op_is_one_vertex():
    net = initialize(build_chain([("1", layer("GatedRecurrentLayer", 3, Input=["Varying", 2])),
                                  ("2", layer("SequenceLastLayer"))]), seed=1)
    labels, edges = operations(net)
    gru = labels.index("GatedRecurrent") + 1
    # the input and every array of the recurrent layer feed its one vertex
    assert len([u for u, v in edges if v == gru]) == 1 + 9


def test_through_information():
    wl = WLSession('net = NetInitialize@NetChain[{LinearLayer[5], Ramp}, "Input" -> 3];')
    assert wl('Head[Information[net, "MXNetNodeGraph"]]') == "Graph"
    assert wl('VertexCount[Information[net, "MXNetNodeGraphPlot"]]') == "6"
    assert wl('EdgeCount[Information[net, "MXNetNodeGraph"]]') == "5"
    assert not wl.messages
