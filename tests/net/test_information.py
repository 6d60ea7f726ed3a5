"""Information properties in the IR (wlnet/net/information.py)."""

import pytest

from wlnet.core.expr import Integer, S, String, Symbol
from wlnet.net.containers.chain import build_chain
from wlnet.net.information import information, summary_text
from wlnet.net.initialize import initialize
from wlnet.net.wlform import net_to_expr

from _netutil import WLSession, layer


def info(net, prop):
    return information(net, prop, net_to_expr)


def seed_chain():
    return build_chain([("1", layer("GatedRecurrentLayer", 3, Input=["Varying", 2])),
                        ("2", layer("SequenceLastLayer"))])


def test_counts_for_the_seed_chain():
    net = seed_chain()
    assert info(net, "ArraysCount") == Integer(9)
    assert info(net, "ArraysTotalElementCount") == Integer(3 * (3 * 2 + 3 * 3 + 3))
    assert info(net, "LayersCount") == Integer(2)
    assert info(net, "RecurrentStatesCount") == Integer(1)
    counts = info(net, "LayerTypeCounts")
    assert [(r.args[0], r.args[1]) for r in counts.args] == [
        (Symbol("GatedRecurrentLayer"), Integer(1)), (Symbol("SequenceLastLayer"), Integer(1))]


def test_array_keys_are_positions():
    keys = [r.args[0] for r in info(seed_chain(), "Arrays").args]
    assert keys[0] == S.List(Integer(1), String("InputGateInputWeights"))


def test_uninitialised_arrays_are_automatic_then_numeric():
    net = seed_chain()
    assert info(net, "Arrays").args[0].args[1] is Symbol("Automatic")
    net = initialize(net)
    assert info(net, "Arrays").args[0].args[1].shape == (3, 2)


def test_total_size_is_a_quantity_in_bytes():
    q = info(seed_chain(), "ArraysTotalSize")
    assert q.head is Symbol("Quantity") and q.args == (Integer(4 * 54), String("Bytes"))


def test_port_names_and_summary():
    net = seed_chain()
    assert info(net, "InputPortNames") == S.List(String("Input"))
    text = summary_text(net)
    assert "NetChain" in text and "GatedRecurrentLayer" in text and "uninitialized" in text
    assert "uninitialized" not in summary_text(initialize(net)).splitlines()[0]


def test_unknown_sizes_are_missing():
    net = layer("GatedRecurrentLayer", 3)
    assert info(net, "ArraysTotalElementCount").head is Symbol("Missing")


def test_summary_names_ports_once_and_shows_parameters():
    from wlnet.net.construct import construct_layer
    from wlnet.net.registry import spec_for_symbol
    from wlnet.core.expr import Integer
    net = construct_layer(spec_for_symbol("GatedRecurrentLayer"), (Integer(2),))
    lines = summary_text(net).splitlines()
    assert "  Parameters:" in lines and "    OutputSize    2" in lines
    assert "  Input port:" in lines
    assert not any(line.split()[:2] == ["Input", "Input"] for line in lines)


def test_summary_keeps_long_parameter_names_apart_from_their_values():
    from wlnet.net.construct import construct_layer
    from wlnet.net.registry import spec_for_symbol
    net = construct_layer(spec_for_symbol("NormalizationLayer"), ())
    lines = summary_text(net).splitlines()
    assert "    AggregationLevels  2 ;; All" in lines
    assert "    Epsilon            0.001" in lines


def test_summary_names_a_scalar_array():
    # ParametricRampLayer[{}] has one slope for every element: a rank-0 array
    from wlnet.net.construct import construct_layer
    from wlnet.net.registry import spec_for_symbol
    from wlnet.core.expr import Expr
    net = construct_layer(spec_for_symbol("ParametricRampLayer"), (Expr(S.List),))
    assert "    Slope                     scalar" in summary_text(net).splitlines()


def test_summary_keeps_long_layer_kinds_apart_from_their_outputs():
    net = build_chain([("1", layer("LongShortTermMemoryLayer", 3, Input=["Varying", 2])),
                       ("2", layer("SequenceLastLayer")), ("3", layer("LinearLayer", 2))])
    lines = summary_text(net).splitlines()
    assert any(line.startswith("    1     LongShortTermMemoryLayer a sequence") for line in lines)
    assert any(line.startswith("    3     LinearLayer              a length-2") for line in lines)


@pytest.mark.parametrize("text, expected", [
    ('Information[GatedRecurrentLayer[3, "Input" -> {"Varying", 2}], "InputPorts"]',
     '<|"Input" -> {"Varying", 2}|>'),
    ('Information[NetChain[{UnitVectorLayer[4], GatedRecurrentLayer[3]}, "Input" -> {"Varying"}], "InputPorts"]',
     '<|"Input" -> {"Varying", Restricted["Integer", 4]}|>'),
    ('Information[LinearLayer[3], "OutputPorts"]', '<|"Output" -> 3|>'),
    ('Information[LinearLayer[3], "InputPorts"]', '<|"Input" -> Automatic|>'),
    ('Information[LinearLayer[{2, 3}, "Input" -> "Real"], "OutputPorts"]', '<|"Output" -> {2, 3}|>'),
    ('Information[LinearLayer[{2, 3}, "Input" -> "Real"], "InputPorts"]', '<|"Input" -> "Real"|>'),
])
def test_ports_are_given_as_port_specifications(text, expected):
    """Port types come back in the form a user writes them (and port_spec reads)."""
    from wlnet.core.session import Session
    from wlnet.syntax.printer import input_form
    s = Session()
    assert input_form(s.evaluate(text)) == expected
    assert not s.messages


def test_summary_graphic_topology_hash_and_input_form():
    from wlnet.core.session import Session
    s = Session()
    s.evaluate('chain = NetChain[{LinearLayer[3], Tanh}, "Input" -> 2];')
    assert s.evaluate('Head@Information[chain, "SummaryGraphic"]') == Symbol("Graphics")
    same = s.evaluate('Information[NetInitialize@chain, "TopologyHash"] === '
                      'Information[chain, "TopologyHash"]')
    other = s.evaluate('Information[chain, "TopologyHash"] === '
                       'Information[NetChain[{LinearLayer[4], Tanh}, "Input" -> 2], "TopologyHash"]')
    assert (same, other) == (Symbol("True"), Symbol("False"))
    assert s.evaluate('Information[chain, "InputForm"]').head == Symbol("InputForm")
    assert not s.messages


def test_a_layer_wlnet_lacks_inside_a_container_is_not_blamed_on_the_user():
    from wlnet.core.session import Session
    s = Session()
    # (every layer head of the Wolfram Language exists now: a net-related function that
    # wlnet lacks stands in for one)
    s.evaluate('NetChain[{BatesDistribution[], LinearLayer[3]}]')
    assert "NetChain::wlnetna: BatesDistribution is not available in wlnet yet." in s.messages
    s.evaluate('NetChain[{foo[3]}]')
    assert s.messages == ["NetChain::invlayer: foo[3] is not a valid layer or net."]


@pytest.mark.parametrize("text, owner", [('Information[LinearLayer[2], "Bogus"]', "LinearLayer"),
                                         ('Information[NetChain[{Tanh}], 3]', "NetChain"),
                                         ('NetInformation[LinearLayer[2], "Bogus"]', "NetInformation")])
def test_an_unknown_property_is_a_message_with_its_text(text, owner):
    from wlnet.core.session import Session
    s = Session(echo=False)
    assert s.evaluate(text) == Symbol("$Failed")
    assert len(s.messages) == 1 and s.messages[0].startswith(f"{owner}::noinfo: ")
    assert "not found" not in s.messages[0]


def test_layers_graph_is_a_graph_of_which_layer_feeds_which():
    """Vertices are the keys of "Layers"; an edge for every layer output another layer
    reads, through nested chains and NetPort edges (drawn left to right, as WL draws it)."""
    wl = WLSession()
    wl('g = NetGraph[<|"a" -> LinearLayer[4], "b" -> LinearLayer[4], "c" -> ThreadingLayer[Plus], '
       '"d" -> NetChain[{LinearLayer[3], Tanh}]|>, {NetPort["Input"] -> {"a", "b"}, '
       '{"a", "b"} -> "c" -> "d"}, "Input" -> 2]; lg = Information[g, "LayersGraph"]')
    assert wl('GraphQ[lg]') == "True"
    assert wl('VertexList[lg] === Keys[Information[g, "Layers"]]') == "True"
    assert wl('EdgeList[lg]') == ('{DirectedEdge[{"a"}, {"c"}], DirectedEdge[{"b"}, {"c"}], '
                                  'DirectedEdge[{"c"}, {"d", 1}], DirectedEdge[{"d", 1}, {"d", 2}]}')
    assert wl('TopologicalSort[lg]') == '{{"a"}, {"b"}, {"c"}, {"d", 1}, {"d", 2}}'
    # a chain, an operator's inner net, an uninitialised net of unknown sizes
    assert wl('EdgeList[Information[NetChain[{LinearLayer[5], Ramp, LinearLayer[2]}], '
              '"LayersGraph"]]') == '{DirectedEdge[{1}, {2}], DirectedEdge[{2}, {3}]}'
    assert wl('EdgeList[Information[NetGraph[{NetMapOperator[LinearLayer[3]], '
              'SequenceLastLayer[]}, {1 -> 2}], "LayersGraph"]]') == \
        '{DirectedEdge[{1, "Net"}, {2}]}'
    assert wl('MemberQ[Information[LinearLayer[3], "Properties"], "LayersGraph"]') == "True"


@pytest.mark.parametrize("net", [
    'NetMapOperator[inner]',
    'NetChain[{NetMapOperator[inner], SequenceLastLayer[]}]',
    'NetGraph[{NetMapOperator[inner], SequenceLastLayer[]}, {1 -> 2}]',
])
def test_ports_show_the_coders_of_the_layers_that_own_them(net):
    """A container's port shows the encoder its data goes through, also when a layer or an
    operator inside owns it (an operator's net's encoder on every element)."""
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('inner = NetChain[{FlattenLayer[], LinearLayer[2]}, '
               '"Input" -> NetEncoder[{"Image", {2, 2}, ColorSpace -> "Grayscale"}]]')
    shown = output_form(s.evaluate(f'Information[{net}, "InputPorts"]'))
    assert shown == '<|"Input" -> {"Varying", NetEncoder["Image"]}|>', shown
    from wlnet.net.wlform import net_from_expr
    assert 'NetEncoder "Image"' in summary_text(net_from_expr(s.evaluate(net)))


def test_graph_summary_keeps_the_given_order_and_nests_containers():
    """A nested chain is one row with its own layers under it; the graph's vertices come in
    the order they were given, not the order they compute in."""
    from wlnet.core.session import Session
    from wlnet.net.wlform import net_from_expr
    s = Session()
    net = net_from_expr(s.evaluate(
        'NetGraph[{NetChain[{LinearLayer[5], Ramp}], LinearLayer[3], ElementwiseLayer[Tanh]}, '
        '{1 -> 3, 3 -> 2}, "Input" -> 4]'))
    lines = summary_text(net).splitlines()
    rows = lines[lines.index("  Layers:") + 1:]
    assert [row.split()[:2] for row in rows] == [
        ["1", "NetChain"], ["1", "LinearLayer"], ["2", "ElementwiseLayer"],
        ["2", "LinearLayer"], ["3", "ElementwiseLayer"]]
    assert rows[0].startswith("    1 ") and rows[1].startswith("      1 ")
    assert rows[0].endswith("a length-5 vector of real numbers (uninitialized)")
    assert rows[4].endswith("a length-5 vector of real numbers")


def test_arrays_print_as_numeric_array_summaries():
    """NetExtract of an array and Information[net, "Arrays"] show WL's NumericArray summary
    (dimensions and type), not the array's contents; the values are still there."""
    from wlnet.core.session import Session
    from wlnet.syntax.printer import output_form
    s = Session()
    s.evaluate('n = NetInitialize@LinearLayer[3, "Input" -> 2];')
    assert output_form(s.evaluate('NetExtract[n, "Weights"]')) == "NumericArray[<3,2>, Real32]"
    assert output_form(s.evaluate('Information[n, "Arrays"]')) == \
        '<|{"Weights"} -> NumericArray[<3,2>, Real32], {"Biases"} -> NumericArray[<3>, Real32]|>'
    assert s.evaluate('Dimensions@Normal@NetExtract[n, "Weights"]') == \
        s.evaluate("{3, 2}")


def test_function_layer_holding_nets_shows_its_function():
    """A FunctionLayer whose function applies nets is a graph inside; its summary still
    names the function, as a FunctionLayer's does."""
    from wlnet.core.session import Session
    from wlnet.net.wlform import net_from_expr
    s = Session()
    net = net_from_expr(s.evaluate(
        'FunctionLayer[LinearLayer[3][#x] + LinearLayer[3][#y] &, "x" -> 2, "y" -> 2]'))
    lines = summary_text(net).splitlines()
    assert lines[0].startswith("FunctionLayer") and lines[1] == "  Parameters:"
    assert lines[2].split(None, 1) == ["Function", "LinearLayer[3][#x] + LinearLayer[3][#y] & "]
    assert "  Layers:" in lines
