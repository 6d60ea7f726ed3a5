"""Every NetGraph form through the WL face (wlnet/builtins/net.py): layers as a list, an
association or a list of named rules; nested chains and graphs as vertices; functions as
vertices (Ramp → ElementwiseLayer, Plus and #1 + #2 & → ThreadingLayer, n → LinearLayer,
a list → NetChain); edges as chains a -> b -> c, {a, b} -> c, NetPort[…] in every form,
including NetPort paths into nested nets; and the messages for bad forms."""

import pytest

from _netutil import WLSession


@pytest.fixture(scope="module")
def wl():
    return WLSession()


@pytest.mark.parametrize("text, expected", [
    # named rules, an association, a list
    ('Keys@Information[NetGraph[{"conv1" -> LinearLayer[4], "act" -> Ramp, "out" -> LinearLayer[2]}, '
     '{"conv1" -> "act" -> "out"}, "Input" -> 3], "Layers"]', '{{"conv1"}, {"act"}, {"out"}}'),
    ('Keys@Information[NetGraph[<|"a" -> LinearLayer[4], "b" -> Ramp|>, {"a" -> "b"}, "Input" -> 3], "Layers"]',
     '{{"a"}, {"b"}}'),
    ('Information[NetGraph[{LinearLayer[4], Ramp}, {1 -> 2}, "Input" -> 3], "OutputPorts"]', '<|"Output" -> 4|>'),
    # shorthand vertices
    ('Head /@ Values@Information[NetGraph[{"f" -> Tanh, "n" -> 5, "c" -> {5, Ramp}, "p" -> Plus, '
     '"t" -> (#1 * #2 &)}, {"f" -> "n" -> "c", {"n", "c"} -> "p", {"p", "c"} -> "t"}, "Input" -> 3], "Layers"]',
     '{ElementwiseLayer, LinearLayer, LinearLayer, ElementwiseLayer, ThreadingLayer, ThreadingLayer}'),
    ('NetExtract[NetGraph[{"t" -> (#1 + #2 &)}, {}, "Input1" -> 2], {"t", "Function"}]', '#1 + #2 & '),
    # nested chains and graphs as vertices
    ('Information[NetGraph[{NetChain[{LinearLayer[3], Tanh}], NetGraph[{LinearLayer[2]}, {}]}, {1 -> 2}, '
     '"Input" -> 4], "OutputPorts"]', '<|"Output" -> 2|>'),
    # NetPort forms: graph ports, a layer's port by position and by name, nested paths
    ('Information[NetGraph[{"x" -> LinearLayer[2], "y" -> LinearLayer[2], "s" -> Plus}, '
     '{NetPort["a"] -> "x", NetPort["b"] -> "y", {"x", "y"} -> "s" -> NetPort["sum"]}, "a" -> 3, "b" -> 5], '
     '"InputPorts"]', '<|"a" -> 3, "b" -> 5|>'),
    ('Information[NetGraph[{CatenateLayer[InputPorts -> 2], LinearLayer[2]}, {NetPort["u"] -> NetPort[1, "Input1"], '
     'NetPort["v"] -> NetPort[{1, "Input2"}], 1 -> 2}, "u" -> 2, "v" -> 3], "InputPorts"]', '<|"u" -> 2, "v" -> 3|>'),
    ('Information[NetGraph[{NetChain[{LinearLayer[3], Tanh}], LinearLayer[3], TotalLayer[]}, '
     '{NetPort[{1, 1, "Output"}] -> 2, {1, 2} -> 3}, "Input" -> 4], "OutputPorts"]', '<|"Output" -> 3|>'),
    ('Information[NetGraph[{"c" -> NetChain[<|"lin" -> LinearLayer[3], "t" -> Tanh|>], "o" -> LinearLayer[2]}, '
     '{NetPort["c", "lin", "Output"] -> "o"}, "Input" -> 4], "OutputPorts"]', '<|"Output1" -> 3, "Output2" -> 2|>'),
    # muting an output
    ('Information[NetGraph[{LinearLayer[2], LinearLayer[3]}, {NetPort[1, "Output"] -> None}, "Input" -> 4], '
     '"OutputPorts"]', '<|"Output" -> 3|>'),
])
def test_graph_forms(wl, text, expected):
    assert wl(text) == expected
    assert wl.messages == []


def test_nested_port_feeds_the_value_of_the_inner_layer(wl):
    wl('g = NetInitialize[NetGraph[{NetChain[{LinearLayer[3], Tanh}], LinearLayer[3], TotalLayer[]}, '
       '{NetPort[{1, 1, "Output"}] -> 2, {1, 2} -> 3}, "Input" -> 4], RandomSeeding -> 3]; x = {1., -2., 3., 0.5};')
    assert wl('Max@Abs[g[x] - (NetExtract[g, 1][x] + NetExtract[g, 2][NetExtract[g, {1, 1}][x]])] < 10^-6') == "True"
    assert wl('ToExpression[ToString[g, InputForm]] === g') == "True"


def test_nested_port_as_a_destination_feeds_the_nested_net(wl):
    """NetPort[{"inner", "layer"}, "port"] -> is a connection to the nested net's input
    port that feeds that layer (through a chain's first layer, or a graph's edge)."""
    wl('inner = NetGraph[<|"lin" -> LinearLayer[2], "cat" -> CatenateLayer[]|>, '
       '{NetPort["x"] -> "lin", {"lin", NetPort["y"]} -> "cat"}, "x" -> 3, "y" -> 2];'
       'outer = NetInitialize[NetGraph[<|"pre" -> LinearLayer[2], "g" -> inner|>, '
       '{"pre" -> NetPort[{"g", "cat"}, "Input2"], NetPort["In"] -> NetPort[{"g", "lin"}, "Input"]}, '
       '"In" -> 3, "Input" -> 4], RandomSeeding -> 2];')
    assert wl.messages == []
    # "pre" (whose open "Input" it is) feeds g's first connection: its input comes first
    assert wl('Information[outer, "InputPorts"]') == '<|"Input" -> 4, "In" -> 3|>'
    assert wl('Information[outer, "OutputPorts"]') == '<|"Output" -> 4|>'
    # the same as connecting to the nested graph's ports "y" and "x"
    wl('same = NetGraph[<|"pre" -> NetExtract[outer, "pre"], "g" -> NetExtract[outer, "g"]|>, '
       '{"pre" -> NetPort["g", "y"], NetPort["In"] -> NetPort["g", "x"]}];')
    wl('args = <|"In" -> {1., 2., 3.}, "Input" -> {0.5, -1., 2., 0.}|>;')
    assert wl('outer[args] == same[args]') == "True"
    # through a chain: its first layer's input is the chain's input
    assert wl('Information[NetGraph[{NetChain[{LinearLayer[3], Tanh}], LinearLayer[3]}, '
              '{2 -> NetPort[{1, 1, "Input"}]}, "Input" -> 5], "InputPorts"]') == '<|"Input" -> 5|>'


def test_threading_vertex_computes_its_function(wl):
    wl('h = NetGraph[<|"m" -> (#1 * #2 + 1 &)|>, {NetPort["p"] -> NetPort["m", "Input1"], '
       'NetPort["q"] -> NetPort["m", "Input2"]}, "p" -> 2, "q" -> 2];')
    assert wl('h[<|"p" -> {1, 2}, "q" -> {3, 4}|>]') == "{4., 9.}"


@pytest.mark.parametrize("text, message", [
    ('NetGraph[{"a" -> Ramp, "a" -> Tanh}, {}]', 'NetGraph::netarg: "a" is not a valid layer name; each name may be given to one layer only.'),
    ('NetGraph[{"a" -> Ramp}, {"b" -> "a"}]', 'NetGraph::invnetvert: The vertex b, specified in the edge "b" -> "a", does not exist.'),
    ('NetGraph[{NetChain[{LinearLayer[3], Tanh}], LinearLayer[3]}, {NetPort[{1, 7, "Output"}] -> 2}]',
     'NetGraph::invport: The layer 7 inside the net at "1" (its layers are "1", "2") does not exist.'),
    ('NetGraph[{NetChain[{LinearLayer[3], Tanh}], LinearLayer[3]}, {NetPort[{1, 1, "Foo"}] -> 2}]',
     'NetGraph::invport: The output port "Foo" of the layer at "1/1" (its outputs are "Output") does not exist.'),
    ('NetGraph[{NetChain[{LinearLayer[3], Tanh}], LinearLayer[3]}, {2 -> NetPort[{1, 2, "Input"}]}]',
     'NetGraph::nestfed: In 2 -> NetPort[{1, 2, "Input"}], the input "Input" of the nested layer 2 is fed inside '
     'its net, so it cannot be connected from outside; the net\'s own inputs are "Input".'),
    ('NetGraph[{NetChain[{LinearLayer[3], Tanh}], LinearLayer[3]}, {2 -> NetPort[{1, 1, "Foo"}]}]',
     'NetGraph::invport: The input port "Foo" of the layer at "1/1" (its inputs are "Input") does not exist.'),
    ('NetGraph[{"a" -> Ramp}, {"a" -> "a"}]', 'NetGraph::acyclic:'),
])
def test_bad_graph_forms(wl, text, message):
    assert wl(text) == "$Failed"
    assert len(wl.messages) == 1 and message in wl.messages[0], wl.messages


def test_graph_port_option_fixes_a_varying_sub_net_before_its_layers_check(wl):
    # a ViT block: a sub-net declared on {"Varying", 5}, fed the graph's fixed 4x5 input,
    # then NormalizationLayer (which takes no varying dimension): the graph's "Input" -> {4, 5}
    # fixes the length in the same inference
    wl('inner = NetChain[{NetMapOperator[LinearLayer[5]]}, "Input" -> {"Varying", 5}];')
    text = ('Information[NetGraph[<|"a" -> inner, "t" -> TotalLayer[], "n" -> NormalizationLayer[]|>, '
            '{NetPort["Input"] -> "a" -> "t", NetPort["Input"] -> "t" -> "n"}, "Input" -> {4, 5}], "OutputPorts"]')
    assert wl(text) == '<|"Output" -> {4, 5}|>', wl.messages
    assert not wl.messages
    # a port option naming no port of the graph is still an error
    assert wl('NetGraph[<|"a" -> inner|>, {NetPort["Input"] -> "a"}, "Foo" -> {4, 5}]') == "$Failed"
    assert wl.messages and wl.messages[0].startswith("NetGraph::")


def test_named_input_port_option_fixes_a_map_before_a_reshape(wl):
    # the onnx line's case: the mapped operator's varying length is the port's 5 before
    # ReshapeLayer (which takes no varying level) checks its input, as the NetChain form does
    text = ('Information[NetGraph[<|"m" -> NetMapOperator[LinearLayer[6]], '
            '"r" -> ReshapeLayer[{5, 2, 3}]|>, {NetPort["x"] -> "m" -> "r"}, "x" -> {5, 4}], '
            '"OutputPorts"]')
    assert wl(text) == '<|"Output" -> {5, 2, 3}|>', wl.messages
    assert not wl.messages


def test_nested_lists_of_edges_are_spliced(wl):
    # {Table[… -> …, {k, 2}], …}: a package builds its edges in lists of lists
    text = ('Information[NetGraph[{"a1" -> Ramp, "a2" -> Tanh, "t" -> TotalLayer[]}, '
            '{Table[NetPort["Input"] -> "a" <> ToString[k], {k, 2}], {Table["a" <> ToString[k] -> "t", {k, 2}]}}, '
            '"Input" -> 3], "OutputPorts"]')
    assert wl(text) == '<|"Output" -> 3|>', wl.messages


def test_a_chain_starting_with_a_port_list_layer_takes_the_edges_it_is_given(wl):
    # a ResNet block's "tot" -> {TotalLayer[]} fed by {"con", "skip"} (a segmentation
    # package): a chain has its first layer's input ports, opened by the connections
    text = ('Information[NetGraph[{"a" -> LinearLayer[3], "b" -> LinearLayer[3], '
            '"tot" -> {TotalLayer[], Ramp}}, {{"a", "b"} -> "tot"}, "Input" -> 2], "OutputPorts"]')
    assert wl(text) == '<|"Output" -> 3|>' and wl.messages == []
    # and applied to a list of arrays, one per port, as the layer alone is
    assert wl('NetChain[{CatenateLayer[], Ramp}][{{1, 2}, {-3}}]') == '{1., 2., 0.}'
    assert wl('NetChain[{NetChain[{ThreadingLayer[Times]}], Ramp}][{{1, -2}, {3, 1}}]') == '{3., 0.}'
    assert wl.messages == []


def test_input_ports_come_in_the_order_the_edges_write_them(wl):
    # a MIDI trainer's {NetPort["NoteData"], NetPort["Notes"] -> "Vectorize"} -> "Stack":
    # NoteData is written first, so it is the first port (and {a, b} -> rnn feeds it first)
    text = ('Keys@Information[NetGraph[<|"s" -> CatenateLayer[2], "v" -> UnitVectorLayer[]|>, '
            '{{NetPort["NoteData"], NetPort["Notes"] -> "v"} -> "s"}, '
            '"Notes" -> {"Varying", NetEncoder[{"Class", Range[5]}]}, "NoteData" -> {"Varying", 3}], '
            '"InputPorts"]')
    assert wl(text) == '{"NoteData", "Notes"}' and wl.messages == []
    # the catenation keeps the written order too: NoteData's 3 columns, then the 5 classes
    assert wl('Dimensions[NetGraph[<|"s" -> CatenateLayer[2], "v" -> UnitVectorLayer[]|>, '
              '{{NetPort["NoteData"], NetPort["Notes"] -> "v"} -> "s"}, '
              '"Notes" -> {"Varying", NetEncoder[{"Class", Range[5]}]}, "NoteData" -> {"Varying", 3}]'
              '[<|"NoteData" -> {{7., 8., 9.}}, "Notes" -> {2}|>]]') == "{1, 8}"


def test_a_container_given_again_with_options_is_that_container(wl):
    """NetGraph[graph, opts] and NetChain[chain, opts] apply the options to the net given
    (NetGraph[graph, "Input" -> 3] nested the graph as a layer; NetChain[chain, …] was
    invlayer); its layers, names and coders are kept."""
    wl('g = NetGraph[<|"a" -> LinearLayer[2], "b" -> LinearLayer[2], "t" -> TotalLayer[]|>, '
       '{NetPort["Input"] -> "a" -> "t", NetPort["Input"] -> "b" -> "t"}];')
    assert wl('Keys@Information[NetGraph[g, "Input" -> 3], "Layers"]') == '{{"a"}, {"b"}, {"t"}}'
    assert wl('Information[NetGraph[g, "Input" -> 3], "InputPorts"]') == '<|"Input" -> 3|>'
    assert wl('NetGraph[g] === g') == "True"
    assert wl('Values@Information[NetGraph[NetGraph[g, "Input" -> 3], LearningRateMultipliers -> {"a" -> 0}], '
              '"ArraysLearningRateMultipliers"]') == "{0., 0., 1., 1.}"
    wl('c = NetChain[<|"lin" -> LinearLayer[2], "act" -> Ramp|>];')
    assert wl('Keys@Information[NetChain[c, "Input" -> 3], "Layers"]') == '{{"lin"}, {"act"}}'
    assert wl('Information[NetChain[c, "Input" -> 3], "InputPorts"]') == '<|"Input" -> 3|>'
    assert wl('Values@Information[NetChain[NetChain[c, "Input" -> 3], LearningRateMultipliers -> 0], '
              '"ArraysLearningRateMultipliers"]') == "{0., 0.}"
    assert wl('NetChain[NetInitialize[NetChain[c, "Input" -> 3], RandomSeeding -> 1], '
              '"Output" -> NetDecoder[{"Class", {"no", "yes"}}]][{1, 2, 3}] // Head') == "String"
    assert wl.messages == []
    assert wl('NetChain[LinearLayer[3], "Input" -> 2]') == "$Failed"
    assert any("NetChain::chainone" in str(m) for m in wl.messages)   # a layer, not a list


def test_input_ports_come_in_the_order_a_walk_of_the_connections_reaches_them(wl):
    """A loss graph's "Input" (open on the layer that feeds the loss's "Input") comes
    before its "Target" ({Target, Input} before): WL orders a graph's inputs by their
    first place in its topologically sorted connections; the seed page's explicit
    NetPort["InitialState"] -> NetPort[1, "State"] still comes before the layer's open
    "Input" (test_graph.py), and NoteData before Notes above."""
    assert wl('Keys@Information[NetGraph[{LinearLayer[1], MeanSquaredLossLayer[]}, '
              '{1 -> NetPort[2, "Input"], NetPort["Target"] -> NetPort[2, "Target"]}, "Input" -> 2], '
              '"InputPorts"]') == '{"Input", "Target"}'
    assert wl('Keys@Information[NetGraph[<|"lin" -> LinearLayer[1], "loss" -> MeanAbsoluteLossLayer[]|>, '
              '{"lin" -> NetPort["loss", "Input"], NetPort["Target"] -> NetPort["loss", "Target"]}, "Input" -> 3], '
              '"InputPorts"]') == '{"Input", "Target"}'
    # two inputs written into one layer keep the written order
    assert wl('Keys@Information[NetGraph[{CatenateLayer[]}, {{NetPort["b"], NetPort["a"]} -> 1}, '
              '"a" -> 1, "b" -> 2], "InputPorts"]') == '{"b", "a"}'
    assert wl.messages == []


@pytest.mark.parametrize("edges", [
    '{NetPort["Input"] -> "pos" -> "pe" -> "sum", NetPort["Input"] -> "emb" -> "sum"}',
    '{"emb" -> "sum", NetPort["Input"] -> "pos" -> "pe" -> "sum"}',
    '{NetPort["Input"] -> "emb" -> "sum", NetPort["Input"] -> "pos" -> "pe" -> "sum"}',
])
def test_an_input_feeding_sequence_indices_first_still_sizes_the_embedding(edges):
    # a transformer's token + position embedding: the SequenceIndicesLayer takes any element,
    # the EmbeddingLayer learns its class count from the input's encoder in any edge order
    wl = WLSession()
    out = wl('Information[NetInitialize[NetGraph[<|"emb" -> EmbeddingLayer[4], '
             '"pos" -> SequenceIndicesLayer[5], "pe" -> EmbeddingLayer[4], '
             f'"sum" -> ThreadingLayer[Plus]|>, {edges}, '
             '"Input" -> NetEncoder[{"Characters", {"a", "b", "c"}}]]], "ArraysDimensions"]')
    assert out == '<|{"emb", "Weights"} -> {3, 4}, {"pe", "Weights"} -> {5, 4}|>', wl.messages
