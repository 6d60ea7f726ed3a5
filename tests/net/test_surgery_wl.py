"""Net surgery through the WL face (wlnet/builtins/net.py over wlnet/net/surgery.py):
NetTake, NetDrop, NetJoin, NetAppend, NetPrepend, NetInsert, NetDelete, NetFlatten,
NetRename, NetReplace, NetExtract with lists of specs and NetReplacePart of ports and
coders, on chains and graphs; their messages; arrays kept and the original net unchanged."""

import pytest

from _netutil import WLSession

CHAIN = ('c = NetInitialize[NetChain[<|"a" -> LinearLayer[3], "b" -> Tanh, "c" -> LinearLayer[2]|>, '
         '"Input" -> 2], RandomSeeding -> 7];')
GRAPH = ('g = NetInitialize[NetGraph[{"lin1" -> LinearLayer[3], "act" -> Ramp, "lin2" -> LinearLayer[3], '
         '"sum" -> Plus, "out" -> LinearLayer[2]}, {"lin1" -> "act" -> "lin2", {"act", "lin2"} -> "sum" -> "out"}, '
         '"Input" -> 4], RandomSeeding -> 7];')


@pytest.fixture(scope="module")
def wl():
    return WLSession(CHAIN + GRAPH)


@pytest.mark.parametrize("text, expected", [
    ('Keys@Normal@NetTake[c, 2]', '{"a", "b"}'),
    ('Keys@Normal@NetTake[c, {"b", "c"}]', '{"b", "c"}'),
    ('Keys@Normal@NetTake[c, {-2, -1}]', '{"b", "c"}'),
    # a chain's ports stand for its ends, as a graph's do
    ('Keys@Normal@NetTake[c, {NetPort["Input"], "b"}]', '{"a", "b"}'),
    ('Keys@Normal@NetTake[c, {"b", NetPort["Output"]}]', '{"b", "c"}'),
    ('Keys@Normal@NetDrop[c, 1]', '{"b", "c"}'),
    ('Keys@Normal@NetDrop[c, -2]', '{"a"}'),
    ('Keys@Normal@NetDrop[c, {2, 2}]', '{"a", "c"}'),
    # Take and Drop of a chain pick its layers as they pick list elements
    ('Keys@Normal@Take[c, 2]', '{"a", "b"}'),
    ('Keys@Normal@Take[c, -1]', '{"c"}'),
    ('Keys@Normal@Take[c, {2, 3}]', '{"b", "c"}'),
    ('Keys@Normal@Drop[c, -1]', '{"a", "b"}'),
    ('Keys@Normal@Drop[c, 1]', '{"b", "c"}'),
    ('Keys@Normal@NetAppend[c, "d" -> Ramp]', '{"a", "b", "c", "d"}'),
    ('Keys@Normal@NetAppend[c, {Ramp, "e" -> Tanh}]', '{"a", "b", "c", "4", "e"}'),
    ('Keys@Normal@NetPrepend[c, "z" -> LinearLayer[2]]', '{"z", "a", "b", "c"}'),
    ('Keys@Normal@NetInsert[c, "x" -> Ramp, "b"]', '{"a", "x", "b", "c"}'),
    ('Keys@Normal@NetInsert[c, "x" -> Ramp, 4]', '{"a", "b", "c", "x"}'),
    # positions as Insert takes them: -1 appends, -4 puts the layer first
    ('Keys@Normal@NetInsert[c, "x" -> Ramp, -1]', '{"a", "b", "c", "x"}'),
    ('Keys@Normal@NetInsert[c, "x" -> LinearLayer[2], -4]', '{"x", "a", "b", "c"}'),
    ('Head /@ Normal@Insert[NetChain[{LinearLayer[3], Ramp}], Tanh, -2]',
     '{LinearLayer, ElementwiseLayer, ElementwiseLayer}'),
    ('Keys@Normal@NetDelete[c, "b"]', '{"a", "c"}'),
    ('Keys@Normal@NetDelete[c, {1, 2}]', '{"c"}'),
    ('Keys@Normal@NetRename[c, {"a" -> "first", "c" -> "last"}]', '{"first", "b", "last"}'),
    ('Keys@Normal@NetJoin[c, NetChain[<|"a" -> Ramp|>]]', '{"a", "b", "c", "a2"}'),
    ('Keys@Normal@NetFlatten[NetChain[{c, NetChain[{Ramp, Tanh}]}]]',
     '{"1/a", "1/b", "1/c", "2/1", "2/2"}'),
    ('Keys@Normal@NetFlatten[NetChain[{NetChain[{NetChain[{Ramp}]}]}], 1]', '{"1/1"}'),
    # the coders of spliced nets on the net's own ports stay (a geotagging program flattens
    # NetChain[{NetTake[model, "pool1"], LinearLayer[{}], LogisticSigmoid}] and trains it
    # on images)
    ('Information[NetFlatten[NetChain[{NetChain[{ConvolutionLayer[2, 3], FlattenLayer[]}, '
     '"Input" -> NetEncoder[{"Image", {5, 5}}]], LinearLayer[{}]}], 1], "InputPorts"]["Input"] === '
     'NetEncoder[{"Image", {5, 5}}]', 'True'),
    ('Information[NetFlatten[NetGraph[<|"x" -> Ramp, "y" -> NetChain[{LinearLayer[2], '
     'SoftmaxLayer[]}, "Output" -> NetDecoder[{"Class", {a, b}}]]|>, {"x" -> "y"}, "Input" -> 3]], '
     '"OutputPorts"]["Output"] === NetDecoder[{"Class", {a, b}}]', 'True'),
    ('Length@NetTake[NetChain[{1, Ramp, 2, Tanh}, "Input" -> 3], {2, 3}]', '2'),
    ('Head@NetExtract[NetTake[NetChain[{1, Ramp, 2, Tanh}, "Input" -> 3], {3, 4}], 1]', 'LinearLayer'),
])
def test_chain_surgery(wl, text, expected):
    assert wl(text) == expected
    assert wl.messages == []


NESTED = ('n = NetInitialize[NetGraph[<|"enc" -> NetChain[<|"a" -> LinearLayer[3], "b" -> Ramp|>], '
          '"out" -> LinearLayer[2], "cat" -> CatenateLayer[]|>, '
          '{"enc" -> "out", {"out", NetPort[{"enc", "a"}, "Output"]} -> "cat"}, "Input" -> 2], RandomSeeding -> 3];')


@pytest.mark.parametrize("text, expected", [
    ('Keys@Normal@NetRename[n, "out" -> "o"]', '{"enc", "o", "cat"}'),
    ('Keys@Normal@NetRename[n, "out" -> "o", 1]', '{"enc", "o", "cat"}'),
    ('Keys@Normal@NetExtract[NetRename[n, "a" -> "first", {2}], "enc"]', '{"first", "b"}'),
    ('Keys@Normal@NetRename[n, "a" -> "first", {2}]', '{"enc", "out", "cat"}'),
    ('Keys /@ Normal /@ {#, #[["enc"]]} &@NetRename[n, {"a" -> "first", "out" -> "o"}, 2]',
     '{{"enc", "o", "cat"}, {"first", "b"}}'),
    ('Keys@Normal@NetExtract[NetRename[n, ("L" <> #) &, {1, 2}], "Lenc"]', '{"La", "Lb"}'),
    ('Keys@Normal@NetExtract[NetRename[n, ("L" <> #) &, {2}], "enc"]', '{"La", "Lb"}'),
    ('Keys@Normal@NetRename[n, ("L" <> #) &, {2}]', '{"enc", "out", "cat"}'),
    # the connection from the nested layer follows its new name, and the arrays stay
    ('NetRename[n, "a" -> "first", 2][{1, 2}] == n[{1, 2}]', 'True'),
    ('NetExtract[NetRename[n, "a" -> "first", 2], {"enc", "first", "Weights"}] === '
     'NetExtract[n, {"enc", "a", "Weights"}]', 'True'),
])
def test_rename_at_levels(wl, text, expected):
    wl(NESTED)
    assert wl(text) == expected
    assert wl.messages == []


def test_rename_ports_of_nested_nets(wl):
    wl('inner = NetGraph[<|"lin" -> LinearLayer[2], "cat" -> CatenateLayer[]|>, '
       '{NetPort["x"] -> "lin", {"lin", NetPort["y"]} -> "cat"}, "x" -> 3, "y" -> 2];'
       'o = NetInitialize[NetGraph[<|"pre" -> LinearLayer[2], "g" -> inner|>, {"pre" -> NetPort["g", "y"]}, '
       '"x" -> 3, "Input" -> 4], RandomSeeding -> 2];'
       'r = NetRename[o, {NetPort["y"] -> NetPort["why"], NetPort["Output"] -> NetPort["Out"]}, {2}];'
       'a = <|"x" -> {1., 2., 3.}, "Input" -> {1., 0., 2., -1.}|>;')
    assert wl.messages == []
    assert wl('Information[NetExtract[r, "g"], "InputPorts"]') == '<|"x" -> 3, "why" -> 2|>'
    assert wl('Information[NetExtract[r, "g"], "OutputPorts"]') == '<|"Out" -> 4|>'
    assert wl('r[a] == o[a]') == "True"          # the connection into "y" follows it to "why"
    assert wl('Information[NetRename[NetChain[{NetChain[{LinearLayer[2]}], Ramp}, "Input" -> 2], '
              'NetPort["Input"] -> NetPort["In"], {2}], "InputPorts"]') == '<|"In" -> 2|>'


@pytest.mark.parametrize("text, message", [
    ('NetRename[n, "a" -> "x"]', 'NetRename::nolayer'),                # level 1 only by default
    ('NetRename[n, "zz" -> "x", 2]', 'NetRename::nolayer'),
    ('NetRename[n, NetPort["zz"] -> NetPort["x"], 2]', 'NetRename::noparthere'),
    ('NetRename[n, "a" -> "x", {0}]', 'NetRename::netarg'),
    ('NetRename[n, "a" -> "x", "deep"]', 'NetRename::netarg'),
    ('NetRename[n, "a" -> "b", {2}]', 'NetRename::dupname'),
])
def test_rename_at_levels_bad_input(wl, text, message):
    wl(NESTED)
    before = wl('n')
    assert wl(text) == "$Failed"
    assert any(m.startswith(message) for m in wl.messages), wl.messages
    assert wl('n') == before


@pytest.mark.parametrize("text, expected", [
    ('Keys@Normal@NetTake[g, "lin2"]', '{"lin1", "act", "lin2"}'),
    ('Keys@Normal@NetTake[g, {"act", "sum"}]', '{"act", "lin2", "sum"}'),
    ('Information[NetTake[g, {"act", "sum"}], "InputPorts"]', '<|"Input" -> 3|>'),
    # Take of a graph is NetTake's subgraph (a public program's Take[netT, {1, 6}])
    ('Keys@Normal@Take[g, {"act", "sum"}]', '{"act", "lin2", "sum"}'),
    ('Keys@Normal@Take[g, {1, 3}]', '{"lin1", "act", "lin2"}'),
    ('Take[g, {"act", "sum"}][{1, 2, 3}] == NetTake[g, {"act", "sum"}][{1, 2, 3}]', 'True'),
    ('Information[NetTake[g, "lin2"], "OutputPorts"]', '<|"Output" -> 3|>'),
    ('Keys@Normal@NetDelete[g, "out"]', '{"lin1", "act", "lin2", "sum"}'),
    ('Keys@Normal@NetRename[g, "sum" -> "add"]', '{"lin1", "act", "lin2", "add", "out"}'),
    ('NetRename[g, "sum" -> "add"][{1, 2, 3, 4}] == g[{1, 2, 3, 4}]', 'True'),
    ('Keys@Normal@NetAppend[g, "soft" -> SoftmaxLayer[]]', '{"lin1", "act", "lin2", "sum", "out", "soft"}'),
    ('Head@NetAppend[g, "soft" -> SoftmaxLayer[]]', 'NetGraph'),
    ('Information[NetPrepend[g, "pre" -> LinearLayer[4], "Input" -> 6], "InputPorts"]', '<|"Input" -> 6|>'),
    ('Length@NetJoin[NetChain[{LinearLayer[4], Ramp}, "Input" -> 2], NetGraph[{LinearLayer[4], Tanh, Plus}, '
     '{1 -> 2, {1, 2} -> 3}], NetChain[{LinearLayer[1]}]]', '6'),
    ('Keys@Normal@NetFlatten[NetGraph[{"inner" -> NetGraph[{LinearLayer[3], Tanh}, {1 -> 2}], '
     '"o" -> LinearLayer[1]}, {"inner" -> "o"}, "Input" -> 2]]', '{"inner/1", "inner/2", "o"}'),
])
def test_graph_surgery(wl, text, expected):
    assert wl(text) == expected
    assert wl.messages == []


def test_net_replace_part_of_a_layer_keeps_the_port_types_it_allows():
    wl = WLSession('c = NetChain[{LinearLayer[3], Ramp, LinearLayer[2]}, "Input" -> 4]; '
                   'm = NetMapOperator[LinearLayer[2], "Input" -> {"Varying", 3}];')
    for text, expected in (
            ('Information[NetReplacePart[c, 1 -> LinearLayer[3]], "InputPorts"]', '<|"Input" -> 4|>'),
            # a new output size: the input stays
            ('Information[NetReplacePart[c, 3 -> LinearLayer[5]], "OutputPorts"]', '<|"Output" -> 5|>'),
            ('Information[NetReplacePart[m, "Net" -> LinearLayer[4]], "InputPorts"]',
             '<|"Input" -> {"Varying", 3}|>'),
            ('Information[NetReplacePart[m, "Net" -> LinearLayer[4]], "OutputPorts"]',
             '<|"Output" -> {"Varying", 4}|>'),
            # a new layer that takes another input: its own
            ('Information[NetReplacePart[c, 1 -> LinearLayer[3, "Input" -> 6]], "InputPorts"]',
             '<|"Input" -> 6|>')):
        assert wl(text) == expected, text
        assert wl.messages == []


def test_net_extract_of_a_coder_gives_its_type_and_array_side():
    # the NetExtract page: "extract the type of encoder", "the dimensions of its output"
    wl = WLSession('enc = NetEncoder[{"Image", {12, 12}}]; '
                   'l = LinearLayer[3, "Input" -> NetEncoder[{"Class", {x, y, z}, "UnitVector"}]];')
    for text, expected in (
            ('NetExtract[enc, "Type"]', '"Image"'),
            ('NetExtract[enc, "Output"]', '{3, 12, 12}'),
            ('NetExtract[enc, {{"Type"}, {"ColorSpace"}}]', '{"Image", "RGB"}'),
            ('NetExtract[l, {{"Input", "Type"}, {"Input", "Output"}}]', '{"Class", 3}'),
            ('NetExtract[NetDecoder[{"Class", {x, y}}], "Input"]', '2')):
        assert wl(text) == expected, text
        assert wl.messages == []


def test_net_flatten_reaches_inside_operators():
    # the NetFlatten page: "including within operators such as NetMapOperator and
    # NetFoldOperator"; the arrays stay with their layers
    wl = WLSession('m = NetInitialize[NetMapOperator[NetChain[{NetChain[{LinearLayer[3], Ramp}], '
                   'LinearLayer[2]}], "Input" -> {"Varying", 2}], RandomSeeding -> 2]; '
                   'x = {{1, 2}, {3, -1}, {0, 1}};')
    for text, expected in (
            ('Keys@Normal@NetExtract[NetFlatten[m], "Net"]', '{"1/1", "1/2", "2"}'),
            ('NetFlatten[m][x] == m[x]', 'True'),
            ('Head@NetFlatten[m]', 'NetMapOperator'),
            # one level: the operator's net is a level down, so NetFlatten[m, 1] leaves it
            ('Length@Normal@NetExtract[NetFlatten[m, 1], "Net"]', '2'),
            ('Keys@Normal@NetExtract[NetFlatten[NetChain[{m}]], {1, "Net"}]', '{"1/1", "1/2", "2"}'),
            ('Keys@Normal@NetExtract[NetFlatten[NetFoldOperator[NetGraph[<|"g" -> NetGraph[<|"p" -> '
             'ThreadingLayer[Plus]|>, {{NetPort["Input"], NetPort["State"]} -> "p"}]|>, '
             '{{NetPort["Input"], NetPort["State"]} -> "g"}]]], "Net"]', '{"g/p"}')):
        assert wl(text) == expected, text
        assert wl.messages == []


def test_part_of_a_chain_with_a_span_or_positions_is_a_chain_of_those_layers():
    wl = WLSession('d = NetChain[<|"a" -> 5, "b" -> Ramp, "c" -> 3, "d" -> SoftmaxLayer[]|>, '
                   '"Input" -> 2, "Output" -> NetDecoder[{"Class", {x, y, z}}]];')
    for text, expected in (
            ('Keys@Normal@d[[2 ;; 3]]', '{"b", "c"}'),
            ('Keys@Normal@d[[{1, 3}]]', '{"a", "c"}'),
            ('Keys@Normal@d[[;; ;; 2]]', '{"a", "c"}'),
            ('Keys@Normal@d[[-2 ;;]]', '{"c", "d"}'),
            ('Length@d[[{2, 2}]]', '2'),
            ('Head@d[[2 ;; 3, "b"]]', 'ElementwiseLayer'),
            # the chain's decoder comes with its last layer, its input type with its first
            ('Head@NetExtract[d[[3 ;;]], "Output"]', 'NetDecoder'),
            ('Information[d[[;; 2]], "InputPorts"]', '<|"Input" -> 2|>')):
        assert wl(text) == expected, text
        assert wl.messages == []
    wl('d[[5 ;; 6]]')
    assert any(m.startswith("Part::take") for m in wl.messages), wl.messages


def test_net_replace_of_a_chains_first_layer_keeps_the_chains_input():
    wl = WLSession('c = NetChain[{LinearLayer[3], Ramp, LinearLayer[2]}, "Input" -> 4];')
    for text, expected in (
            # spliced in as its layers (the chain's input type stays)
            ('Information[NetReplace[c, LinearLayer[3] -> NetChain[{LinearLayer[3], Sin}]], '
             '"InputPorts"]', '<|"Input" -> 4|>'),
            ('Length@NetReplace[c, LinearLayer[3] -> NetChain[{LinearLayer[3], Sin}]]', '4'),
            ('Information[NetReplace[c, LinearLayer[3] -> LinearLayer[3]], "InputPorts"]',
             '<|"Input" -> 4|>'),
            # a new first layer of another input size: its own
            ('Information[NetReplace[c, LinearLayer[3] -> LinearLayer[3, "Input" -> 5]], '
             '"InputPorts"]', '<|"Input" -> 5|>')):
        assert wl(text) == expected, text
        assert wl.messages == []


def test_graph_take_keeps_the_names_and_decoders_of_outputs_its_end_layers_feed():
    wl = WLSession('g = NetGraph[<|"a" -> LinearLayer[3], "b" -> LinearLayer[2], "s" -> SoftmaxLayer[]|>, '
                   '{NetPort["In"] -> "a" -> "b" -> "s" -> NetPort["Prob"], "a" -> NetPort["Hidden"]}, '
                   '"In" -> 4, "Prob" -> NetDecoder[{"Class", {x, y}}]];')
    for text, expected in (
            ('Keys@Information[NetTake[g, "s"], "OutputPorts"]', '{"Prob"}'),
            ('Head@NetExtract[NetTake[g, "s"], "Prob"]', 'NetDecoder'),
            ('Keys@Information[NetTake[g, {"b", "s"}], "OutputPorts"]', '{"Prob"}'),
            ('Keys@Information[NetTake[g, "a"], "OutputPorts"]', '{"Hidden"}'),
            # an interior layer feeds no output of the graph: its port stays "Output"
            ('Keys@Information[NetTake[g, "b"], "OutputPorts"]', '{"Output"}'),
            ('Keys@Information[NetTake[g, NetPort["Prob"]], "OutputPorts"]', '{"Prob"}')):
        assert wl(text) == expected, text
        assert wl.messages == []


def test_graph_take_gives_an_interior_port_named_like_a_coded_port_no_coder():
    # the interior layer's open port is "Output" too, but it is not the graph's "Output":
    # the Class decoder (and the Class encoder, for a take from inside) stays behind
    wl = WLSession('g = NetInitialize@NetGraph[<|"a" -> LinearLayer[3], "b" -> LinearLayer[2], '
                   '"s" -> SoftmaxLayer[]|>, {"a" -> "b" -> "s"}, '
                   '"Input" -> NetEncoder[{"Class", {u, v, w, z}, "UnitVector"}], '
                   '"Output" -> NetDecoder[{"Class", {x, y}}]];')
    for text, expected in (
            ('Length[NetTake[g, {NetPort["Input"], "a"}][u]]', '3'),
            ('NetTake[g, {NetPort["Input"], "s"}][u] === g[u]', 'True'),
            ('NetTake[g, {NetPort["Input"], NetPort["Output"]}][u] === g[u]', 'True'),
            ('Length[NetTake[g, {"b", "b"}][{1, 2, 3}]]', '2'),
            ('Head@NetExtract[NetTake[g, {"b", "s"}], "Output"]', 'NetDecoder')):
        assert wl(text) == expected, text
        assert wl.messages == []


@pytest.mark.parametrize("text", [
    'NetExtract[NetTake[c, 2], {"a", "Weights"}] == NetExtract[c, {"a", "Weights"}]',
    'NetExtract[NetDrop[c, 1], {"c", "Biases"}] == NetExtract[c, {"c", "Biases"}]',
    'NetExtract[NetRename[c, "a" -> "first"], {"first", "Weights"}] == NetExtract[c, {"a", "Weights"}]',
    'NetExtract[NetInsert[c, "x" -> Ramp, 2], {"c", "Weights"}] == NetExtract[c, {"c", "Weights"}]',
    'NetExtract[NetTake[g, "lin2"], {"lin2", "Weights"}] == NetExtract[g, {"lin2", "Weights"}]',
    'NetExtract[NetDelete[g, "out"], {"lin1", "Biases"}] == NetExtract[g, {"lin1", "Biases"}]',
    'NetExtract[NetFlatten[NetChain[{c}]], {"1/a", "Weights"}] == NetExtract[c, {"a", "Weights"}]',
    'NetExtract[NetJoin[c, c], {"a2", "Weights"}] == NetExtract[c, {"a", "Weights"}]',
    'NetTake[c, 3][{1, 2}] == c[{1, 2}]',
    'NetJoin[NetTake[c, 1], NetDrop[c, 1]][{1, 2}] == c[{1, 2}]',
])
def test_arrays_are_kept(wl, text):
    assert wl(text) == "True"
    assert wl.messages == []


def test_the_net_held_is_unchanged(wl):
    before = wl("c") + wl("g")
    wl('x = {NetDrop[c, 1], NetAppend[c, Ramp], NetRename[g, "act" -> "r"], NetDelete[g, 2], '
       'NetReplacePart[c, "Output" -> None], NetReplace[c, _ElementwiseLayer -> Ramp]};')
    assert wl("c") + wl("g") == before


def test_net_replace_patterns_over_layers(wl):
    assert wl('NetExtract[NetReplace[c, _ElementwiseLayer -> Ramp], {"b", "Function"}]') == "Ramp"
    assert wl('NetExtract[NetReplace[g, {_LinearLayer -> LinearLayer[3], _ElementwiseLayer -> Tanh}], '
              '{"act", "Function"}]') == "Tanh"
    # a replaced layer is a new one: its arrays are not initialised
    assert wl('NetExtract[NetReplace[g, _LinearLayer -> LinearLayer[3]], {"lin1", "Weights"}]') == "Automatic"
    # a nested layer is replaced too, and layers that match nothing are left as they are
    assert wl('NetExtract[NetReplace[NetChain[{NetChain[{Tanh}], Ramp}], '
              '_ElementwiseLayer -> LogisticSigmoid], {1, 1, "Function"}]') == "LogisticSigmoid"
    assert wl('NetExtract[NetReplace[c, _ElementwiseLayer -> Ramp], {"a", "Weights"}] == '
              'NetExtract[c, {"a", "Weights"}]') == "True"


def test_net_replace_drops_splices_and_matches_literal_layers(wl):
    assert wl('Keys@Normal@NetReplace[c, _ElementwiseLayer -> Nothing]') == '{"a", "c"}'
    # the ports a dropped layer leaves open become the graph's (outputs numbered)
    wl('h = NetGraph[{"x" -> LinearLayer[2], "y" -> LinearLayer[2], "s" -> Plus}, {{"x", "y"} -> "s"}, "Input" -> 3];')
    assert wl('Keys@Normal@NetReplace[h, _ThreadingLayer -> Nothing]') == '{"x", "y"}'
    assert wl('Keys@Information[NetDelete[h, "s"], "OutputPorts"]') == '{"Output1", "Output2"}'
    # a chain put in place of a layer of a chain is spliced into it
    assert wl('Length@NetReplace[c, _ElementwiseLayer -> NetChain[{Ramp, Tanh}]]') == "4"
    # a literal layer matches layers with the same parameters, whatever their sizes
    assert wl('NetExtract[NetReplace[c, ElementwiseLayer[Tanh] -> Ramp], {"b", "Function"}]') == "Ramp"
    assert wl('NetReplace[c, ElementwiseLayer[Ramp] -> Tanh] === c') == "True"
    assert wl.messages and wl.messages[0].startswith("NetReplace::norep:")


def test_net_replace_rule_that_gives_the_layer_back_matches(wl):
    # x_ :> x matches (no norep); a condition that fails does not
    wl.messages.clear()
    assert wl('NetReplace[c, e_ElementwiseLayer :> e] === c') == "True"
    assert wl.messages == []
    assert wl('NetReplace[c, e_LinearLayer /; False :> Ramp] === c') == "True"
    assert wl.messages and wl.messages[0].startswith("NetReplace::norep:")


def test_net_rename_ports_and_by_function(wl):
    assert wl('Keys@Normal@NetRename[c, ToUpperCase]') == '{"A", "B", "C"}'
    assert wl('Information[NetRename[g, {NetPort["Input"] -> NetPort["x"], NetPort["Output"] -> NetPort["y"]}], '
              '"InputPorts"]') == '<|"x" -> 4|>'
    # a chain with a renamed port is the equivalent graph
    assert wl('Head@NetRename[c, NetPort["Output"] -> NetPort["y"]]') == "NetGraph"
    assert wl('NetRename[c, NetPort["Output"] -> NetPort["y"]][{1, 2}] == c[{1, 2}]') == "True"


def test_net_flatten_changes_container_kind_when_it_must(wl):
    assert wl('Head@NetFlatten[NetChain[<|"pre" -> LinearLayer[3], "g" -> NetGraph[{Tanh, Ramp, Plus}, '
              '{{1, 2} -> 3}]|>, "Input" -> 2]]') == "NetGraph"
    assert wl('Keys@Normal@NetFlatten[NetChain[<|"pre" -> LinearLayer[3], "g" -> NetGraph[{Tanh, Ramp, Plus}, '
              '{{1, 2} -> 3}]|>, "Input" -> 2]]') == '{"pre", "g/1", "g/2", "g/3"}'
    assert wl('Head@NetFlatten[NetGraph[{NetChain[{LinearLayer[3], Ramp}], LinearLayer[2]}, {1 -> 2}, '
              '"Input" -> 2]]') == "NetChain"
    assert wl('NetFlatten[NetChain[{g}]][{1, 2, 3, 4}] == g[{1, 2, 3, 4}]') == "True"


def test_net_delete_bridges_a_layer_of_a_graph_and_deletes_ports(wl):
    # "act" fed "lin2" and "sum": without it, "lin1" feeds them
    assert wl('Keys@Normal@NetDelete[g, "act"]') == '{"lin1", "lin2", "sum", "out"}'
    assert wl('Information[NetDelete[g, "act"], "InputPorts"]') == '<|"Input" -> 4|>'
    assert wl('NetExtract[NetDelete[g, "act"], {"lin2", "Weights"}] == NetExtract[g, {"lin2", "Weights"}]') == "True"
    wl('two = NetGraph[{"a" -> LinearLayer[2], "b" -> LinearLayer[3]}, {NetPort["a", "Output"] -> NetPort["x"], '
       'NetPort["b", "Output"] -> NetPort["y"]}, "Input" -> 2];')
    assert wl('Information[NetDelete[two, NetPort["x"]], "OutputPorts"]') == '<|"y" -> 3|>'
    wl('gru = NetGraph[{GatedRecurrentLayer[2]}, {NetPort["s"] -> NetPort[1, "State"]}, "Input" -> {"Varying", 2}];')
    assert wl('Keys@Information[NetDelete[gru, NetPort["s"]], "InputPorts"]') == '{"Input"}'
    assert wl('NetDelete[two, NetPort["Input"]]') == "$Failed"
    assert wl.messages == ['NetDelete::delport: NetPort["Input"] cannot be deleted: the ports that can be '
                           'deleted are NetPort["x"], NetPort["y"].']


def test_net_extract_lists_of_specs(wl):
    assert wl('Head /@ NetExtract[c, {{1}, {3}}]') == "{LinearLayer, LinearLayer}"
    assert wl('Dimensions /@ NetExtract[c, {{"a", "Weights"}, {"c", "Biases"}}]') == "{{3, 2}, {2}}"
    assert wl('Keys@NetExtract[c, All]') == '{"a", "b", "c"}'
    assert wl('NetExtract[NetChain[{c}], {1, "b", "Function"}]') == "Tanh"
    assert wl('NetExtract[c, NetPort[{"b", "Output"}]] === NetExtract[c, {"b", "Output"}]') == "True"


def test_net_extract_all_at_a_level_of_the_path(wl):
    # {All, "Weights"}: every layer's weights, Missing where a layer has none (a public
    # package's ExtractWeights selects the ones present)
    assert wl('Dimensions /@ NetExtract[c, {All, "Weights"}] // Keys') == '{"a", "b", "c"}'
    assert wl('Values[Head /@ NetExtract[c, {All, "Weights"}]]') \
        == '{NumericArray, Missing, NumericArray}'
    assert wl('NetExtract[c, {All, "Weights"}][["b"]]') == 'Missing["NotPresent"]'
    assert wl('Head /@ NetExtract[NetChain[{c, Ramp}], {All, "c", "Biases"}]') \
        == '{NumericArray, Missing}'
    assert wl.messages == []


def test_net_replace_part_of_ports_and_coders(wl):
    wl('d = NetChain[{LinearLayer[3], SoftmaxLayer[]}, "Input" -> 2, '
       '"Output" -> NetDecoder[{"Class", {"x", "y", "z"}}]];')
    assert wl('Head@NetExtract[NetReplacePart[d, "Output" -> None], "Output"]') != "NetDecoder"
    assert wl('Head@NetExtract[d, "Output"]') == "NetDecoder"
    assert wl('Head@NetExtract[NetReplacePart[d, "Input" -> NetEncoder[{"Characters", "ab"}]], "Input"]') \
        == "NetEncoder"
    assert wl('Information[NetReplacePart[NetChain[{LinearLayer[3]}], "Input" -> 5], "InputPorts"]') \
        == '<|"Input" -> 5|>'
    # a port keeps the shape it has: a new one must agree with it
    assert wl('NetReplacePart[LinearLayer[3, "Input" -> 2], "Input" -> 4]') == "$Failed"
    assert wl.messages and wl.messages[0].startswith("NetReplacePart::tyinc")
    assert wl('NetExtract[NetReplacePart[d, {1, "Biases"} -> None], {1, "Biases"}]') == "None"
    assert wl('Normal@NetExtract[NetReplacePart[d, {1, "Biases"} -> {1, 2, 3}], {1, "Biases"}]') \
        == "{1., 2., 3.}"


@pytest.mark.parametrize("text, message", [
    ('NetTake[c, 5]', 'NetTake::nolayer: 5 does not name a layer of the net; valid are positions 1 '
                      'to 3 (or -3 to -1), or the names "a", "b", "c".'),
    ('NetDrop[c, 4]', 'NetDrop::nolayer: 4 does not name a layer of the net; valid are a count from -3 to 3.'),
    ('NetDrop[c, 3]', 'NetDrop::netempty: A NetChain needs at least one layer.'),
    ('NetDelete[c, "q"]', 'NetDelete::nolayer: "q" does not name a layer of the net'),
    ('NetInsert[c, "a" -> Ramp, 1]', 'NetInsert::dupname: The net already has a layer named "a"'),
    # a chain of named layers takes a named one, a numbered chain an unnamed one (as WL asks)
    ('NetInsert[c, Ramp, 2]', 'NetInsert::invnetins1: The chain\'s layers have names'),
    ('NetInsert[NetChain[{LinearLayer[3], Ramp}], "x" -> Tanh, 2]',
     'NetInsert::invnetins2: The chain\'s layers are numbered'),
    ('NetInsert[c, "x" -> Ramp, 5]', 'NetInsert::invnetins4: 5 is not a position to insert at: use 1 to 4'),
    ('NetAppend[c, "a" -> Ramp]', 'NetAppend::dupname: The net already has a layer named "a"'),
    ('NetAppend[NetGraph[{LinearLayer[2], LinearLayer[2]}, {}], Ramp]',
     'NetAppend::portnum: NetAppend needs a net with exactly one output port, but it has "Output1", "Output2".'),
    ('NetRename[c, "zz" -> "y"]', 'NetRename::nolayer: "zz" does not name a layer of the net'),
    ('NetRename[c, "a" -> "b"]', 'NetRename::dupname: The net already has a layer named "b"'),
    ('NetRename[c, 3]', 'NetRename::invrules: 3 is not a valid replacement rule'),
    ('NetRename[g, NetPort["In"] -> NetPort["x"]]', 'NetRename::invnetport: In is not a valid port of the net; '
     'the ports are "Input", "Output".'),
    ('NetRename[c, (1 &)]', 'NetRename::netarg: 1 is not a valid layer name; the function gave it for "a".'),
    ('NetReplace[c, 3]', 'NetReplace::invrules: 3 is not a valid replacement rule'),
    ('NetDrop[LinearLayer[2], 1]', 'NetDrop::notcontainer: NetDrop cannot be applied to a LinearLayer'),
    ('NetJoin[NetGraph[{LinearLayer[2], LinearLayer[2]}, {}], c]', 'NetJoin::portnum: NetJoin needs a '
     'net with exactly one output port, but it has "Output1", "Output2".'),
    ('NetAppend[c, LinearLayer[2, "Input" -> 7]]', 'NetAppend::ninctyp2:'),
    ('NetReplacePart[c, {7, "Weights"} -> 1]', 'NetReplacePart::nolayer: 7 does not name a layer'),
    ('NetReplacePart[c, {1, "Bias"} -> 1]', 'its arrays are "Weights", "Biases", its ports "Input", "Output"'),
    ('NetTake[1, 2]', 'NetTake::invlayer: 1 is not a valid layer or net.'),
    ('NetExtract[c, {"b", "Weights"}]', 'NetExtract::noparthere: {"b", "Weights"} does not exist in the net; '
     'valid there are the ports "Input", "Output"; the parameters "Function".'),
    ('NetExtract[c, {"z", "Weights"}]', 'valid there are the layers positions 1 to 3 (or -3 to -1), or the names '
     '"a", "b", "c", the ports "Input", "Output"'),
])
def test_bad_input_gives_a_message(wl, text, message):
    before = wl('{c, g}')
    assert wl(text) == "$Failed"
    assert len(wl.messages) == 1 and message in wl.messages[0], wl.messages
    assert wl('{c, g}') == before                      # a failed call changes nothing


def test_net_replace_part_resizes_an_initialized_fully_convolutional_net(wl):
    # WL's idiom for style transfer and DeepDream: a new input size for a trained fully
    # convolutional net; the sizes it had inferred give way, its weights' sizes stay
    wl('fc = NetInitialize@NetChain[{ConvolutionLayer[8, 3, PaddingSize -> 1], Ramp, '
       'ConvolutionLayer[3, 3, PaddingSize -> 1]}, "Input" -> NetEncoder[{"Image", {32, 32}}], '
       '"Output" -> NetDecoder["Image"]];')
    wl('fc2 = NetReplacePart[fc, "Input" -> NetEncoder[{"Image", {48, 40}}]];')
    assert not wl.messages
    assert wl('ImageDimensions[fc2[RandomImage[1, {48, 40}, ColorSpace -> "RGB"]]]') == "{48, 40}"
    assert wl('Normal[NetExtract[fc2, {1, "Weights"}]] == Normal[NetExtract[fc, {1, "Weights"}]]') \
        == "True"
    assert wl('Dimensions[NetReplacePart[fc, "Input" -> {3, 20, 24}][RandomReal[1, {3, 20, 24}], '
              'None]]') == "{3, 20, 24}"
    wl('g = NetInitialize@NetGraph[{ConvolutionLayer[4, 3, PaddingSize -> 1], ConvolutionLayer[4, 1], '
       'TotalLayer[], PoolingLayer[2, 2], DeconvolutionLayer[2, 2, "Stride" -> 2]}, '
       '{NetPort["Input"] -> {1, 2} -> 3 -> 4 -> 5}, "Input" -> {3, 8, 8}];')
    assert wl('Dimensions[NetReplacePart[g, "Input" -> {3, 12, 16}][RandomReal[1, {3, 12, 16}]]]') \
        == "{2, 12, 16}"
    # what the weights fix cannot change: channels, or sizes a LinearLayer's weights need
    assert wl('NetReplacePart[fc, "Input" -> {4, 20, 20}]') == "$Failed"
    assert wl.messages and wl.messages[0].startswith("NetReplacePart::tyinc")
    wl('lin = NetInitialize@NetChain[{ConvolutionLayer[8, 3], FlattenLayer[], LinearLayer[2]}, '
       '"Input" -> {3, 10, 10}];')
    assert wl('NetReplacePart[lin, "Input" -> {3, 12, 12}]') == "$Failed"
    assert wl.messages and wl.messages[0].startswith("NetReplacePart::tyinc")


def test_net_replace_part_input_sizes_of_an_uninitialized_net(wl):
    # the sizes inferred from the old "Input" give way as an initialised net's do (there
    # are no weights to keep them); Automatic leaves a size to inference, not at its old value
    wl('u = NetChain[{ConvolutionLayer[4, 3], Ramp}, "Input" -> {3, 32, 32}];')
    assert wl('NetExtract[NetReplacePart[u, "Input" -> {3, 20, 20}], "Output"]') == "{4, 18, 18}"
    assert not wl.messages
    assert wl('NetExtract[NetReplacePart[u, "Input" -> {3, Automatic, Automatic}], "Input"]') \
        == "{3, Automatic, Automatic}"
    assert not wl.messages
    assert wl('Dimensions[NetInitialize[NetReplacePart[u, "Input" -> {3, Automatic, Automatic}]]'
              '[RandomReal[1, {3, 9, 7}]]]') == "{4, 7, 5}"
    # the channels the weights of an initialised net fix stay
    wl('i = NetInitialize[u];')
    assert wl('NetExtract[NetReplacePart[i, "Input" -> {Automatic, 10, 12}], "Input"]') \
        == "{3, 10, 12}"


CLASSIFIER = ('k = NetInitialize[NetChain[<|"lin" -> LinearLayer[5], "ramp" -> Ramp, "out" -> LinearLayer[3], '
              '"sm" -> SoftmaxLayer[]|>, "Input" -> 4, "Output" -> NetDecoder[{"Class", {"a", "b", "c"}}]], '
              'RandomSeeding -> 3];')


def test_net_replace_part_of_a_layer_and_the_decoder_together(wl):
    # the page's way to train a classifier on other classes: neither replacement alone fits
    wl(CLASSIFIER)
    wl('k2 = NetReplacePart[k, {"out" -> LinearLayer[2], "Output" -> NetDecoder[{"Class", {"x", "y"}}]}]')
    assert not wl.messages
    assert wl('NetExtract[k2, {"Output", "Labels"}]') == '{"x", "y"}'
    assert wl('NetExtract[k2, {"lin", "Weights"}] === NetExtract[k, {"lin", "Weights"}]') == "True"
    assert wl('MemberQ[{"x", "y"}, NetInitialize[k2][{1, 2, 3, 4}]]') == "True"
    # alone, the new layer contradicts the decoder
    assert wl('NetReplacePart[k, "out" -> LinearLayer[2]]') == "$Failed"
    assert wl.messages[0].startswith("NetReplacePart::ninctyp2")


def test_net_replace_part_of_a_layer_parameter(wl):
    wl('u = NetChain[<|"lin" -> LinearLayer[5], "ramp" -> Ramp, "out" -> LinearLayer[2]|>, "Input" -> 3];')
    assert wl('NetExtract[NetReplacePart[u, {"lin", "OutputDimensions"} -> 7], {"out", "Input"}]') == "7"
    assert wl('NetExtract[NetReplacePart[u, {"ramp", "Function"} -> LogisticSigmoid], {"ramp", "Function"}]') \
        == "LogisticSigmoid"
    assert wl('NetExtract[NetReplacePart[DropoutLayer[], "DropoutProbability" -> 0.3], '
              '"DropoutProbability"]') == "0.3"
    # the layer's input stays; its output follows the new kernel
    assert wl('Information[NetReplacePart[ConvolutionLayer[4, {3, 3}, "Input" -> {1, 8, 8}], '
              '"KernelSize" -> {5, 5}], "OutputPorts"]') == '<|"Output" -> {4, 4, 4}|>'
    # an initialized net whose next layer's weights fix the old size cannot take a new one
    assert wl('NetReplacePart[NetInitialize[u], {"lin", "OutputDimensions"} -> 7]') == "$Failed"
    assert wl('NetReplacePart[DropoutLayer[], "DropoutProbability" -> "x"]') == "$Failed"
    assert wl.messages[0].startswith("NetReplacePart::invrepl")


def test_net_replace_part_of_coder_parameters(wl):
    wl(CLASSIFIER)
    assert wl('NetExtract[NetReplacePart[NetDecoder[{"Class", {"a", "b"}}], "Labels" -> {"x", "y", "z"}], '
              '"Count"]') == "3"
    assert wl('NetExtract[NetReplacePart[NetEncoder[{"Image", {4, 4}}], "ImageSize" -> {8, 6}], '
              '"ImageSize"]') == "{8, 6}"
    # {port, param} -> value inside a net
    assert wl('NetExtract[NetReplacePart[k, {"Output", "Labels"} -> {"p", "q", "r"}], "Output"][{0, 1, 0}]') == '"q"'
    assert wl('NetReplacePart[NetEncoder[{"Image", {4, 4}}], "Nope" -> 1]') == "$Failed"
    assert wl.messages[0].startswith("NetReplacePart::invrepl")
    assert wl('NetReplacePart[NetEncoder[{"Image", {4, 4}}], "ImageSize" -> "big"]') == "$Failed"


def test_net_extract_of_every_coder_parameter(wl):
    wl('enc = NetEncoder[{"Image", {4, 3}, ColorSpace -> "Grayscale"}];')
    # All gives an association of the parameters, as Normal does (NetExtract's page)
    assert wl('NetExtract[enc, All]["ImageSize"]') == "{4, 3}"
    assert wl('NetExtract[enc, All] === Normal[enc]') == "True"
    assert wl('Keys[Normal[NetDecoder[{"Class", {"a", "b"}}]]]') == '{"Labels", "InputDepth", "Count"}'
    # a list of specs that are lists: each one's value
    assert wl('NetExtract[enc, {{"ImageSize"}, {"ColorSpace"}}]') == '{{4, 3}, "Grayscale"}'


def test_deleting_a_layer_by_the_graph_input_that_changes_its_shape_leaves_its_consumer_open(wl):
    """NetDelete's page: a layer can be deleted at the periphery, or inside when its input
    and output have the same shape.  A layer fed by the graph input that changes the shape
    (b below, 3 -> 2, feeding TotalLayer) is not bridged (the graph "Input" feeding t at
    size 3 clashed with a's size 3 -> 2 output: ninctyp); t's input is a port of its own."""
    wl('tg = NetGraph[<|"a" -> LinearLayer[2], "b" -> LinearLayer[2], "t" -> TotalLayer[]|>, '
       '{NetPort["Input"] -> "a" -> "t", NetPort["Input"] -> "b" -> "t"}, "Input" -> 3];')
    assert wl('Information[NetDelete[tg, "b"], "InputPorts"]') == '<|"Input" -> 3, "Input2" -> 2|>'
    assert wl('Keys@Normal@NetDelete[tg, "b"]') == '{"a", "t"}'
    # a layer keeping the shape is still bridged: the graph input feeds t directly
    wl('tr = NetGraph[<|"a" -> LinearLayer[3], "b" -> Ramp, "t" -> TotalLayer[]|>, '
       '{NetPort["Input"] -> "a" -> "t", NetPort["Input"] -> "b" -> "t"}, "Input" -> 3];')
    assert wl('Information[NetDelete[tr, "b"], "InputPorts"]') == '<|"Input" -> 3|>'
    # and the last layer may change the shape (the periphery)
    assert wl('Information[NetDelete[NetGraph[<|"a" -> LinearLayer[2], "m" -> LinearLayer[4]|>, {"a" -> "m"}, '
              '"Input" -> 4], "m"], "OutputPorts"]') == '<|"Output" -> 2|>'
    assert wl.messages == []


def test_deleting_an_interior_layer_that_changes_the_shape_is_a_message(wl):
    wl('tm = NetGraph[<|"a" -> LinearLayer[2], "m" -> LinearLayer[4], "t" -> TotalLayer[]|>, '
       '{NetPort["Input"] -> "a" -> "m" -> "t", NetPort["Input"] -> "t"}, "Input" -> 4];')
    assert wl('NetDelete[tm, "m"]') == "$Failed"
    assert len(wl.messages) == 1 and wl.messages[0].startswith("NetDelete::delshape:"), wl.messages
    assert wl('Keys@Normal@tm') == '{"a", "m", "t"}'


def test_joining_numbered_and_named_chains_is_a_message(wl):
    """WL joins numbered chains renumbered and named ones by their names, never a mix (the
    numbered layers were named by their position, "3" and "4")."""
    for text in ('NetJoin[c, NetChain[{LinearLayer[4], Tanh}]]', 'NetJoin[NetChain[{LinearLayer[3]}, "Input" -> 2], '
                 'NetChain[<|"x" -> LinearLayer[4]|>]]'):
        assert wl(text) == "$Failed"
        assert len(wl.messages) == 1 and wl.messages[0].startswith("NetJoin::mixedjoin:"), wl.messages
    # numbered chains are renumbered, named ones keep their names
    assert wl('Length@NetJoin[NetChain[{LinearLayer[3], Ramp}, "Input" -> 2], NetChain[{LinearLayer[4]}]]') \
        == '3'
    assert wl('Keys@Normal@NetJoin[c, NetChain[<|"d" -> Tanh|>]]') == '{"a", "b", "c", "d"}'


def test_join_of_chains_is_their_net_join(wl):
    """Join[chain1, chain2, …] joins them as NetJoin does (it spliced their arguments into
    NetChain[…] of four: NetChain::argx)."""
    assert wl('Length@Join[NetChain[{LinearLayer[2]}, "Input" -> 3], NetChain[{Ramp}], NetChain[{LinearLayer[4]}]]') \
        == '3'
    assert wl('Join[NetTake[c, 1], NetDrop[c, 1]] === NetJoin[NetTake[c, 1], NetDrop[c, 1]]') == "True"
    assert wl.messages == []
    assert wl('Join[{1}, {2, 3}]') == '{1, 2, 3}'


def test_take_from_an_input_port_that_feeds_several_layers():
    # a mixture-of-experts program: NetTake[moe, {NetPort["Input"], "gate"}] takes the gate
    # although the graph's input also feeds the experts listed before it
    wl = WLSession('m = NetInitialize[NetGraph[<|"e1" -> LinearLayer[1], "e2" -> LinearLayer[1], '
                   '"cat" -> CatenateLayer[], "gate" -> NetChain[{LinearLayer[2], SoftmaxLayer[]}], '
                   '"mix" -> DotLayer[]|>, {{"e1", "e2"} -> "cat", {"cat", "gate"} -> "mix"}, '
                   '"Input" -> 1], RandomSeeding -> 3];')
    assert wl('Keys@Normal@NetTake[m, {NetPort["Input"], "gate"}]') == '{"gate"}'
    assert wl('Keys@Normal@NetTake[m, {NetPort["Input"], "cat"}]') == '{"e1", "e2", "cat"}'
    assert wl('NetTake[m, {NetPort["Input"], "gate"}][{0.5}] == '
              'm[{0.5}, NetPort[{"gate", "Output"}]]') == 'True'


def test_take_exposes_a_state_fed_from_outside_the_taken_part():
    # the recurrent layer's "State" was fed by a layer left out: the taken graph takes it
    # as an input port of that name (it was dropped, the state starting from zeros)
    wl = WLSession('g = NetInitialize[NetGraph[<|"init" -> LinearLayer[3], '
                   '"lstm" -> LongShortTermMemoryLayer[3], "map" -> NetMapOperator[LinearLayer[2]]|>, '
                   '{NetPort["Input"] -> "lstm" -> "map", NetPort["Prev"] -> "init" -> NetPort["lstm", "State"]}, '
                   '"Input" -> {"Varying", 2}, "Prev" -> 4], RandomSeeding -> 5]; '
                   'x = {{0.1, 0.2}, {-0.3, 0.4}, {0.5, 0.6}}; p = {1., -1., 0.5, 2.};')
    assert wl('Keys@Information[NetTake[g, {"lstm", "map"}], "InputPorts"]') == '{"Input", "State"}'
    assert wl('Max[Abs[NetTake[g, {"lstm", "map"}][<|"Input" -> x, '
              '"State" -> g[<|"Input" -> x, "Prev" -> p|>, NetPort[{"init", "Output"}]]|>] - '
              'g[<|"Input" -> x, "Prev" -> p|>]]] < 10^-6') == 'True'
    # a state fed by a graph input stays fed by it
    assert wl('Keys@Information[NetTake[g, {NetPort["Prev"], "map"}], "InputPorts"]') == '{"Input", "Prev"}'


def test_net_flatten_keeps_the_order_of_the_ports(wl):
    # the spliced graph's edges reach "Noise" first, yet {a, b} -> flattened still feeds
    # "Input" then "Noise", as the graph it came from (a StyleGAN converter wires its
    # NetFlatten'ed blocks by lists)
    wl('inner = NetGraph[{"m" -> ThreadingLayer[Times], "s" -> ElementwiseLayer[# + 1 &]}, '
       '{{NetPort["Input"], "s"} -> "m", NetPort["Style"] -> "s"}, "Input" -> 3, "Style" -> 3]; '
       'g2 = NetGraph[{"z" -> ElementwiseLayer[2 # &], "n" -> ElementwiseLayer[3 # &], '
       '"in" -> inner}, {NetPort["Input"] -> "z", NetPort["Noise"] -> "n", {"z", "n"} -> "in"}, '
       '"Input" -> 3, "Noise" -> 3];')
    assert wl('Keys@Information[NetFlatten[g2], "InputPorts"]') == '{"Input", "Noise"}'
    assert wl('NetGraph[{"f" -> NetFlatten[g2]}, {{NetPort["A"], NetPort["B"]} -> "f"}, '
              '"A" -> 3, "B" -> 3][<|"A" -> {1, 2, 3}, "B" -> {0, 1, 2}|>]') == '{2., 16., 42.}'
    assert wl.messages == []
