"""Layer constructors as builtins (wlnet/builtins/net.py)."""

import pytest

from tests.builtins._support import run
from wlnet.core.expr import S


def test_a_nothing_argument_of_a_layer_is_no_argument():
    # GalAster's model packages: BN[p__ : Nothing] := BatchNormalizationLayer["Epsilon" -> 1*^-5, p]
    r = run('BN[p__ : Nothing] := BatchNormalizationLayer["Epsilon" -> 1*^-5, p]; '
            'NetExtract[BN[], "Epsilon"]')
    assert not r.messages
    assert r.value == run("1.*^-5").value
    r = run('NetExtract[ConvolutionLayer[4, Nothing, {3, 3}, Nothing], "OutputChannels"]')
    assert not r.messages and r.value == run("4").value


def test_graph_connections_whose_lists_hold_chains():
    # WolfDetector: {"anchors", "grid", NetPort["Input"] -> "reshape"} -> "breakout" and
    # "conv" -> {"final1", "final2" -> "reshape"} -> "combine"
    r = run('g = NetGraph[<|"a" -> LinearLayer[3], "b" -> LinearLayer[3], "r" -> Ramp, '
            '"cat" -> CatenateLayer[]|>, {{"a", NetPort["Input"] -> "b" -> "r"} -> "cat"}, '
            '"Input" -> 2]; g2 = NetGraph[<|"c" -> LinearLayer[3], "f1" -> LinearLayer[2], '
            '"f2" -> LinearLayer[2], "re" -> Ramp, "cat" -> CatenateLayer[]|>, '
            '{"c" -> {"f1", "f2" -> "re"} -> "cat"}, "Input" -> 2]; '
            '{NetExtract[g, "Output"], NetExtract[g2, "Output"], '
            'Length[Information[g2, "LayersList"]]}')
    assert not r.messages
    assert r.value == run("{6, 4, 5}").value
    # the same graph written edge by edge computes the same function
    r = run('g2 = NetInitialize[NetGraph[<|"c" -> LinearLayer[3], "f1" -> LinearLayer[2], '
            '"f2" -> LinearLayer[2], "re" -> Ramp, "cat" -> CatenateLayer[]|>, '
            '{"c" -> {"f1", "f2" -> "re"} -> "cat"}, "Input" -> 2], RandomSeeding -> 1]; '
            'g3 = NetGraph[<|"c" -> LinearLayer[3], "f1" -> LinearLayer[2], '
            '"f2" -> LinearLayer[2], "re" -> Ramp, "cat" -> CatenateLayer[]|>, '
            '{"c" -> "f1", "c" -> "f2", "f2" -> "re", "f1" -> "cat", "re" -> "cat"}, "Input" -> 2]; '
            'g3 = NetReplacePart[g3, Normal[Information[g2, "Arrays"]]]; '
            'Max[Abs[g2[{1., -2.}] - g3[{1., -2.}]]] < 10^-6')
    assert r.value == run("True").value, r.messages


def test_a_layer_head_alone_in_a_container_is_the_layer_with_its_defaults():
    # Mathematica SE 124970: NetGraph[{Tanh, DotPlusLayer}, {1 -> 2}, "Input" -> 3], the
    # linear layer's size then learnt from the training data
    r = run('g = NetGraph[{Tanh, DotPlusLayer}, {1 -> 2}, "Input" -> 3]; '
            't = NetTrain[g, {{1, 2, 3} -> {1., 0, 0}, {4, 5, 6} -> {0, 1., 0}}, '
            'MaxTrainingRounds -> 2, TrainingProgressReporting -> None]; '
            '{Head[NetExtract[g, 2]], Dimensions[t[{1, 2, 3}]], '
            'Information[NetChain[{LinearLayer, Ramp, SoftmaxLayer}, "Input" -> 2], "LayerTypeCounts"]}')
    assert not r.messages
    assert r.value == run('{LinearLayer, {3}, <|LinearLayer -> 1, ElementwiseLayer -> 1, '
                          'SoftmaxLayer -> 1|>}').value
    # a head whose layer needs arguments says so
    r = run('NetChain[{ConvolutionLayer, Ramp}]')
    assert [m.split(":")[0] for m in r.messages] == ["ConvolutionLayer"]


def test_first_last_most_rest_of_a_chain_are_its_layers():
    # as Part, Take and Drop: First/Last give a layer, Most/Rest the chain without one
    r = run('c = NetChain[<|"a" -> LinearLayer[3], "t" -> Tanh, "b" -> LinearLayer[2]|>, "Input" -> 2]; '
            '{First[c] === c[[1]], Last[c] === c[["b"]], '
            'Keys[Normal[Most[c]]], Keys[Normal[Rest[c]]], Head[Rest[c]]}')
    assert not r.messages, r.messages
    assert r.value == run('{True, True, {"a", "t"}, {"t", "b"}, NetChain}').value
    r = run('g = NetGraph[<|"a" -> LinearLayer[3], "b" -> Tanh|>, {"a" -> "b"}, "Input" -> 2]; '
            '{First[g] === g[["a"]], Last[g] === g[["b"]]}')
    assert not r.messages and r.value == run('{True, True}').value
    r = run('Most[NetChain[{LinearLayer[3]}, "Input" -> 2]]')
    assert r.messages and r.messages[0].startswith("NetDrop::"), r.messages


def test_a_decoder_given_a_list_of_properties():
    # NetDecoder[…][x, {prop1, prop2}]: each property keyed by itself, as net[x, {…}] gives
    r = run('d = NetDecoder[{"Class", {"a", "b", "c"}}]; p = {0.2, 0.5, 0.3}; '
            'd[p, {"Decision", {"TopProbabilities", 2}}] === '
            '<|"Decision" -> d[p], {"TopProbabilities", 2} -> d[p, {"TopProbabilities", 2}]|>')
    assert not r.messages and r.value == run('True').value
    r = run('NetDecoder[{"Class", {"a", "b"}}][{0.3, 0.7}, {"Decision", "Nope"}]')
    assert r.messages and r.messages[0].startswith("NetDecoder::invprop"), r.messages


@pytest.mark.parametrize("outer", ["Most[g]", "Rest[g]", "Drop[g, 1]"])
def test_a_graph_is_not_cut_as_a_list(outer):
    r = run('g = NetGraph[<|"a" -> LinearLayer[3], "b" -> Tanh|>, {"a" -> "b"}, "Input" -> 2]; ' + outer)
    assert r.value == run("$Failed").value
    assert len(r.messages) == 1 and r.messages[0].startswith("NetGraph::notlist"), r.messages


def test_append_and_prepend_of_a_net_are_net_append_and_net_prepend():
    r = run('c = NetChain[{LinearLayer[3], Tanh}, "Input" -> 2]; '
            '{Append[c, LinearLayer[2]] === NetAppend[c, LinearLayer[2]], '
            'Prepend[c, "p" -> Ramp] === NetPrepend[c, "p" -> Ramp], '
            'Head[Append[LinearLayer[3, "Input" -> 2], Tanh]], Append[{1}, c] === {1, c}}')
    assert not r.messages, r.messages
    assert r.value == run('{True, True, NetChain, True}').value


def test_a_net_is_an_atom_to_the_list_functions():
    # a net's parts are its layers through Part/Normal/Length; Map, Apply and Scan never
    # reach its internal association, and messages show it short, not its insides
    r = run('c = NetChain[<|"a" -> LinearLayer[3], "b" -> Ramp|>, "Input" -> 4]; '
            'g = NetGraph[{LinearLayer[3], Ramp}, {1 -> 2}, "Input" -> 4]; '
            '{AtomQ[c], AtomQ[LinearLayer[3]], Map[f, c] === c, Map[f, g, {2}] === g, '
            'Apply[f, c] === c, Scan[Print, g], Length[c], Length[g], Length[LinearLayer[3]], '
            'Keys[Normal[c]], Map[Head, Normal[g]], Map[Ramp, {1, -1}], '
            '{Dimensions[c], Depth[g], LeafCount[c], Dimensions[{c, c}]}}')
    assert not r.messages, r.messages
    assert r.value == run('{True, True, True, True, True, Null, 2, 2, 0, {"a", "b"}, '
                          '{LinearLayer, ElementwiseLayer}, {1, 0}, {{}, 1, 1, {2}}}').value
    for text, head in (("Keys[c]", "Keys::invrl"), ("Values[g]", "Values::invrl"),
                       ("Reverse[c]", "Reverse::normal")):
        r = run('c = NetChain[<|"a" -> LinearLayer[3], "b" -> Ramp|>, "Input" -> 4]; '
                'g = NetGraph[{LinearLayer[3], Ramp}, {1 -> 2}, "Input" -> 4]; ' + text)
        assert len(r.messages) == 1 and r.messages[0].startswith(head), r.messages
        assert ("NetChain[<2>]" in r.messages[0] or "NetGraph[<2>]" in r.messages[0]) and \
            "Type" not in r.messages[0], r.messages


def test_part_of_a_net_head_graph_positions_and_unfitting_chains():
    # net[[0]] is the head; a graph's layers at a list of positions or a span are a list
    # (a chain's make a chain); a chain of picked layers that do not fit says so
    r = run('c = NetChain[<|"a" -> LinearLayer[3], "b" -> Ramp|>, "Input" -> 4]; '
            'g = NetGraph[{LinearLayer[3], Ramp}, {1 -> 2}, "Input" -> 4]; '
            '{c[[0]], g[[0]], LinearLayer[3][[0]], Head /@ g[[{2, 1}]], Head /@ g[[1 ;; 2]], '
            'g[[{2, 1}]] === {g[[2]], g[[1]]}}')
    assert not r.messages, r.messages
    assert r.value == run('{NetChain, NetGraph, LinearLayer, {ElementwiseLayer, LinearLayer}, '
                          '{LinearLayer, ElementwiseLayer}, True}').value
    r = run('c = NetChain[<|"a" -> LinearLayer[3], "b" -> Ramp|>, "Input" -> 4]; c[[{2, 1}]]')
    assert len(r.messages) == 1 and r.messages[0].startswith("NetChain::ninctyp2"), r.messages
    # the rest of a spec is taken from each picked layer, as Part takes it from a list
    r = run('g = NetGraph[{LinearLayer[3], Ramp}, {1 -> 2}, "Input" -> 4]; '
            '{g[[{1, 2}, "Output"]], g[[{2}, "Function"]]}')
    assert not r.messages, r.messages
    assert r.value == run('{{3, 3}, {Ramp}}').value
    r = run('g = NetGraph[{LinearLayer[3], Ramp}, {1 -> 2}, "Input" -> 4]; g[[{2, 1}, "Function"]]')
    assert len(r.messages) == 1 and r.messages[0].startswith("Part::partw") \
        and "LinearLayer[<>]" in r.messages[0], r.messages
    r = run('g = NetGraph[{LinearLayer[3], Ramp}, {1 -> 2}, "Input" -> 4]; g[[{1, 3}]]')
    assert len(r.messages) == 1 and r.messages[0].startswith("Part::partw"), r.messages
    assert "NetGraph[<2>]" in r.messages[0]


def test_part_of_a_net_never_reads_its_internal_association():
    # a net is an atom whose parts are NetExtract's (the NetExtract page: net[[s1, s2, …]]
    # is NetExtract[net, {s1, s2, …}]): layer[[1]] gave <|"Type" -> "Linear", …|> and
    # chain[[1, 5]] the first layer's "Outputs"; now Part's message about the net as shown
    for text, shown in (('LinearLayer[3, "Input" -> 2][[1]]', "Part 1 of LinearLayer[<>]"),
                        ('LinearLayer[3, "Input" -> 2][[2]]', "Part 2 of LinearLayer[<>]"),
                        ('NetChain[{LinearLayer[3], Ramp}, "Input" -> 2][[1, 5]]',
                         "Part {1, 5} of NetChain[<2>]")):
        r = run(text)
        assert len(r.messages) == 1 and r.messages[0].startswith("Part::partw") \
            and shown in r.messages[0], r.messages
        assert r.value.head is S.Part
    # what a layer has still reads, as NetExtract reads it
    r = run('l = LinearLayer[3, "Input" -> 2]; {l[["Weights"]], l[["OutputDimensions"]], '
            'NetChain[{l, Ramp}][[1, "Input"]]}')
    assert not r.messages, r.messages
    assert r.value == run('{Automatic, {3}, 2}').value
