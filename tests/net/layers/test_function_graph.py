"""FunctionLayer[f] whose function applies layers or nets (net/layers/_function_graph.py):
the function as a NetGraph of those layers and FunctionLayers around them, computing what
the function says, shown as WL shows it (a FunctionLayer keeping its function; NetGraph[f]
gives the graph)."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.fixture
def s():
    return Session()


def true(s, text):
    s.messages.clear()
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    assert output_form(r) == "True", (text, output_form(r))


def test_a_layer_applied_to_a_named_input(s):
    s.evaluate('f = NetInitialize[FunctionLayer[LinearLayer[3][#x] + #y &, "x" -> 2, "y" -> 3], '
               'RandomSeeding -> 1]; x = {1., 2.}; y = {1., -1., 2.}')
    true(s, 'Head[f] === FunctionLayer && Information[f, "InputPortNames"] == {"x", "y"}')
    # the graph's LinearLayer node is the one the function applies
    true(s, 'Max[Abs[f[<|"x" -> x, "y" -> y|>] - (NetExtract[f, 1][x] + y)]] < 10^-6')


def test_an_embedding_of_integers_and_a_net_held_by_a_symbol(s):
    s.evaluate('e = NetInitialize[FunctionLayer[EmbeddingLayer[8, 20][#Input] + 1 &, '
               '"Input" -> {"Varying", Restricted["Integer", 20]}], RandomSeeding -> 2]')
    true(s, 'Dimensions[e[{1, 5, 7}]] == {3, 8}')
    true(s, 'Max[Abs[e[{1, 5, 7}] - (NetExtract[e, 1][{1, 5, 7}] + 1)]] < 10^-6')
    s.evaluate('lin = NetInitialize[LinearLayer[4, "Input" -> 3], RandomSeeding -> 3]; '
               'g = FunctionLayer[Tanh[lin[#]] &]; m = FunctionLayer[Map[lin, #] &, "Input" -> {5, 3}]; '
               'x = {1., 0., 2.}')
    true(s, 'Max[Abs[g[x] - Tanh[lin[x]]]] < 10^-6')
    true(s, 'Max[Abs[m[{x, x, x, x, x}][[3]] - lin[x]]] < 10^-6')


def test_a_chain_inside_and_several_outputs(s):
    s.evaluate('c = NetInitialize[NetChain[{LinearLayer[2], Ramp}, "Input" -> 3], RandomSeeding -> 4]; '
               'h = FunctionLayer[<|"a" -> c[#], "b" -> Total[#], "c" -> c[#] . c[#]|> &]')
    true(s, 'Information[h, "OutputPortNames"] == {"a", "b", "c"}')
    true(s, 'With[{r = h[{1, 2, 3}]}, Max[Abs[r["a"] - c[{1, 2, 3}]]] < 10^-6 && r["b"] == 6. && '
            'Abs[r["c"] - c[{1, 2, 3}] . c[{1, 2, 3}]] < 10^-5]')
    # the same application used twice is one node
    true(s, 'Count[Information[h, "LayersList"], _LinearLayer] == 1')


def test_functions_without_nets_stay_function_layers(s):
    true(s, 'Head[FunctionLayer[Sin[#] + 1 &]] === FunctionLayer')
    s.evaluate('FunctionLayer[Foo[#] &]')
    assert s.messages and "FunctionLayer::" in s.messages[0]


def test_a_function_layer_of_nets_keeps_its_head_and_function(s):
    s.evaluate('f = NetInitialize[FunctionLayer[LinearLayer[3][#x] + #y &, "x" -> 2, "y" -> 3], '
               'RandomSeeding -> 1]; in = <|"x" -> {1., 2.}, "y" -> {1., -1., 2.}|>')
    true(s, 'NetExtract[f, "Function"] === (LinearLayer[3][#x] + #y &)')
    true(s, 'StringStartsQ[ToString[InputForm[f]], "FunctionLayer["]')
    # NetGraph[f] is the graph it runs as (WL: converts a function layer into a NetGraph)
    true(s, 'g = NetGraph[f]; Head[g] === NetGraph && g[in] == f[in]')
    # the stored form reads back to the same layer
    true(s, 'h = ToExpression[ToString[InputForm[f]]]; Head[h] === FunctionLayer && h[in] == f[in]')
    true(s, 'Head[NetExtract[f, 1]] === LinearLayer && Head[NetChain[{f}]] === NetChain')


def test_module_locals_in_the_function_are_put_in_place(s):
    # WL programs write the body with local names (ArXivExplore's embeddingVoc)
    s.evaluate('f = NetInitialize[FunctionLayer[Module[{e1, pos, e2}, e1 = EmbeddingLayer[4][#Input]; '
               'pos = SequenceIndicesLayer[8][#Input]; e2 = EmbeddingLayer[4][pos]; e1 + e2] &, '
               '"Input" -> {"Varying", Restricted["Integer", 5]}], RandomSeeding -> 3]')
    true(s, 'Head[f] === FunctionLayer && Length[NetGraph[f]] == 4')
    true(s, 'Dimensions[f[{1, 5, 2}]] == {3, 4}')
    true(s, 'Max[Abs[f[{1, 5, 2}] - (NetExtract[NetGraph[f], 1][{1, 5, 2}] + '
            'NetExtract[NetGraph[f], 3][{1, 2, 3}])]] < 10^-6')
    # With works the same way
    true(s, 'Head[FunctionLayer[With[{a = LinearLayer[2][#]}, Ramp[a]] &, "Input" -> 3]] '
            '=== FunctionLayer')


def test_a_local_net_value_used_twice_is_one_layer(s):
    # not put in place (that would make two layers with their own weights): one layer,
    # its value used twice
    s.evaluate('f = NetInitialize[FunctionLayer[Module[{a}, a = LinearLayer[2][#]; a + a] &, '
               '"Input" -> 3], RandomSeeding -> 4]; x = {1., 2., -1.}')
    true(s, 'Information[NetGraph[f], "LayersCount"] == 2')
    true(s, 'Max[Abs[f[x] - 2 NetExtract[NetGraph[f], 1][x]]] < 10^-6')


def test_applied_function_ports_follow_its_parameters_and_a_list_feeds_several_inputs(s):
    # WolfDetector's output layer: Apply[Function[{anchorsIn, grid, conv}, …]] uses conv
    # first, yet Input1 is anchorsIn's; its GIoU graph: ThreadingLayer[Min, 2][{#a, #b}]
    s.evaluate('f = FunctionLayer[Apply[Function[{g, c}, (c // TransposeLayer[1 <-> 2]) + g]]]')
    true(s, 'Information[f, "InputPortNames"] == {"Input1", "Input2"}')
    true(s, 'f[<|"Input1" -> {{1., 2.}, {3., 4.}}, "Input2" -> {{0., 1.}, {0., 0.}}|>] == '
            '{{1., 2.}, {4., 4.}}')
    s.evaluate('m = FunctionLayer[Apply[ThreadingLayer[Min, 2][{#a, #b}] - #b &]]')
    true(s, 'Dimensions[m[<|"Input1" -> RandomReal[1, {2, 3}], "Input2" -> {0.5, 0.5}|>]] == {2, 3}')
    true(s, 'Max[Abs[m[<|"Input1" -> {{0., 1.}, {2., 3.}}, "Input2" -> {0.5, 0.7}|>] - '
            '(ThreadingLayer[Min, 2][{{{0., 1.}, {2., 3.}}, {0.5, 0.7}}] - {{0.5, 0.5}, {0.7, 0.7}})]] '
            '< 10^-6')


def test_a_net_of_several_inputs_applied_to_as_many_arguments(s):
    # WolfDetector's GIoU graph (another version): ThreadingLayer[Max, 2][#a, #b] and a
    # two-input FunctionLayer held by a symbol applied as h[#p, #t]: the arguments feed the
    # inputs in order, as net[{x, y}] does
    s.evaluate('m = FunctionLayer[Ramp[ThreadingLayer[Min, 2][#a, #b] - '
               'ThreadingLayer[Max, 2][#c, #d]] &]; '
               'h = FunctionLayer[Apply[If[Abs[#1 - #2] < 1., 0.5 (#1 - #2)^2, Abs[#1 - #2] - 0.5] &]]; '
               'k = FunctionLayer[Total[h[#p, #t]] &]')
    true(s, 'Information[m, "InputPortNames"] == {"a", "b", "c", "d"}')
    true(s, 'Max[Abs[m[<|"a" -> {1., 2.}, "b" -> {0.5, 3.5}, "c" -> {0., 0.}, '
            '"d" -> {0.2, 0.1}|>] - {0.3, 1.9}]] < 10^-6')
    true(s, 'Abs[k[<|"p" -> {1., 2.}, "t" -> {0.5, 3.5}|>] - (0.125 + 1.)] < 10^-6')
    # the order of the arguments is the order of the inputs
    true(s, 'FunctionLayer[ThreadingLayer[#1 - #2 &, 2][#b, #a] &][<|"a" -> {1.}, "b" -> {3.}|>] '
            '== {2.}')
    # a net of one input given two arguments is not a net application
    s.messages.clear()
    r = s.evaluate('FunctionLayer[LinearLayer[2, "Input" -> 2][#a, #b] &]')
    assert output_form(r) == "$Failed" and any("FunctionLayer::fnpart" in m for m in s.messages)
