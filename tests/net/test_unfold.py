"""NetUnfold: one step of a folded net with its recurrent states as ports; folding it
back (NetFoldOperator) or looping it over a sequence gives what the folded net gives."""

import numpy as np
import pytest

from wlnet.core.expr import Symbol, to_python
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.fixture
def s():
    return Session()


def run(s, text):
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    return r


def values(s, text):
    return np.array(to_python(run(s, f"N[{text}, 10]")), dtype=float)


X = "{{1, 2}, {3, 1}, {0, 1}, {-1, 2}}"


@pytest.mark.parametrize("layer", ["GatedRecurrentLayer[3]", "BasicRecurrentLayer[3]"])
def test_a_recurrent_layer_folds_back(s, layer):
    run(s, f'r = NetInitialize[{layer[:-1]}, "Input" -> {{"Varying", 2}}], RandomSeeding -> 1]; '
           'u = NetUnfold[r];')
    assert output_form(run(s, 'Keys[Information[u, "InputPorts"]]')) == "{Input, State}"
    assert output_form(run(s, 'Keys[Information[u, "OutputPorts"]]')) == "{Output}"
    np.testing.assert_allclose(values(s, f"NetFoldOperator[u][{X}]"), values(s, f"r[{X}]"),
                               rtol=1e-5, atol=1e-6)


def test_an_lstm_exposes_its_cell_state(s):
    run(s, 'r = NetInitialize[LongShortTermMemoryLayer[3, "Input" -> {"Varying", 2}], '
           'RandomSeeding -> 2]; u = NetUnfold[r];')
    assert output_form(run(s, 'Keys[Information[u, "OutputPorts"]]')) == "{Output, CellState}"
    folded = f'NetFoldOperator[u, {{"Output" -> "State", "CellState" -> "CellState"}}][{X}]["Output"]'
    np.testing.assert_allclose(values(s, folded), values(s, f"r[{X}]"), rtol=1e-5, atol=1e-6)
    # one step from given states
    step = values(s, 'u[<|"Input" -> {1, 2}, "State" -> {0, 0, 0}, "CellState" -> {0, 0, 0}|>]["Output"]')
    np.testing.assert_allclose(step, values(s, "r[{{1, 2}}][[1]]"), rtol=1e-5, atol=1e-6)


def test_a_layer_of_a_fixed_length_unfolds_to_a_step(s):
    # "Input" -> {4, 2}: the step runs the layer on a sequence of one element (the fixed
    # length clashed with it: ReplicateLayer::tyinc)
    run(s, 'r = NetInitialize[LongShortTermMemoryLayer[3, "Input" -> {4, 2}], RandomSeeding -> 2]; '
           'u = NetUnfold[r];')
    assert output_form(run(s, 'Information[u, "InputPorts"]')) == \
        '<|"Input" -> 2, "State" -> 3, "CellState" -> 3|>'
    folded = f'NetFoldOperator[u, {{"Output" -> "State", "CellState" -> "CellState"}}][{X}]["Output"]'
    np.testing.assert_allclose(values(s, folded), values(s, f"r[{X}]"), rtol=1e-5, atol=1e-6)


def test_a_fold_operator_unfolds_to_its_net(s):
    assert run(s, 'NetUnfold[NetFoldOperator[ThreadingLayer[#Input + #State &]]] === '
                  'ThreadingLayer[#Input + #State &]') == Symbol("True")


def test_a_character_model_steps_through_its_states(s):
    """The sampling loop of the WL documentation: each step feeds the states back."""
    run(s, 'c = NetInitialize[NetChain[{EmbeddingLayer[4], LongShortTermMemoryLayer[5], '
           'GatedRecurrentLayer[4], SequenceLastLayer[], LinearLayer[3], SoftmaxLayer[]}, '
           '"Input" -> NetEncoder[{"Characters", "abc"}], '
           '"Output" -> NetDecoder[{"Class", {"a", "b", "c"}}]], RandomSeeding -> 3]; u = NetUnfold[c];')
    assert output_form(run(s, 'Keys[Information[u, "InputPorts"]]')) == \
        "{Input, State1, CellState1, State2}"
    run(s, 'st = <|"State1" -> ConstantArray[0, 5], "CellState1" -> ConstantArray[0, 5], '
           '"State2" -> ConstantArray[0, 4]|>; '
           'Do[r = u[Join[<|"Input" -> ch|>, st], None]; st = KeyDrop[r, "Output"], {ch, {"b", "a", "c"}}]')
    np.testing.assert_allclose(values(s, 'r["Output"]'), values(s, 'Values[c["bac", "Probabilities"]]'),
                               rtol=1e-5, atol=1e-6)


ADDITIVE = ('NetGraph[{LinearLayer[4], LinearLayer[4], ThreadingLayer[Tanh[#1 + #2] &], '
            'LinearLayer[{}]}, {NetPort["Input"] -> 1, NetPort["Query"] -> 2, {1, 2} -> 3 -> 4}]')


@pytest.mark.parametrize("scoring, heads", [('"Bilinear"', None), ('"Dot"', None),
                                            ('"Bilinear"', 2), (ADDITIVE, None)])
def test_a_causal_attention_layer_steps_through_its_keys(s, scoring, heads):
    """The documentation's transformer case: the states are the keys and values so far
    (empty at the first step); step t gives the t-th output of the masked layer."""
    h = f"{heads}, " if heads else ""
    run(s, f'a = NetInitialize[AttentionLayer[{scoring}, "Mask" -> "Causal", '
           f'"ScoreRescaling" -> "DimensionSqrt", "MultiHead" -> {bool(heads)}, '
           f'"Key" -> {{"Varying", {h}3}}, "Value" -> {{"Varying", {h}2}}, '
           f'"Query" -> {{"Varying", {h}3}}], RandomSeeding -> 4]; u = NetUnfold[a];')
    # each AppendLayer's element, then what it appends to; the query last (the graph's
    # inputs in the order its connections reach them)
    assert output_form(run(s, 'Keys[Information[u, "InputPorts"]]')) == "{Key, Keys, Value, Values, Query}"
    assert output_form(run(s, 'Keys[Information[u, "OutputPorts"]]')) == "{Output, Keys, Values}"
    shape = f"{{5, {h}" if heads else "{5, "
    run(s, f'SeedRandom[5]; ks = RandomReal[1, {shape}3}}]; vs = RandomReal[1, {shape}2}}]; '
           f'qs = RandomReal[1, {shape}3}}]; st = <|"Keys" -> {{}}, "Values" -> {{}}|>; '
           'outs = Table[r = u[Join[<|"Key" -> ks[[t]], "Value" -> vs[[t]], "Query" -> qs[[t]]|>, st]]; '
           'st = KeyDrop[r, "Output"]; r["Output"], {t, 5}];')
    np.testing.assert_allclose(values(s, "outs"),
                               values(s, 'a[<|"Key" -> ks, "Value" -> vs, "Query" -> qs|>]'),
                               rtol=1e-5, atol=1e-6)
    assert output_form(run(s, 'Dimensions[st["Keys"]]')) == (f"{{5, {h}3}}")


@pytest.mark.parametrize("text, tag", [
    ("NetUnfold[AttentionLayer[]]", "NetUnfold::unfoldx"),
    ('NetUnfold[AttentionLayer["Mask" -> "Causal" -> 2]]', "NetUnfold::unfoldwin"),
    ("NetUnfold[LinearLayer[3]]", "NetUnfold::unfoldx"),
    ("NetUnfold[3]", "NetUnfold::"),
    ("NetUnfold[GatedRecurrentLayer[2], 1]", "NetUnfold::argx"),
])
def test_messages(s, text, tag):
    assert s.evaluate(text) == Symbol("$Failed")
    assert s.messages and s.messages[0].startswith(tag), s.messages


def test_a_language_model_with_per_step_outputs_unfolds(s):
    """A model deciding every step (NetMapOperator[LinearLayer], SoftmaxLayer and a
    sequence "Class" decoder after the recurrent layers, no SequenceLastLayer): the layers
    after the last recurrent one act on the step's element as they did on each element
    (they kept their sequence types: SoftmaxLayer's rank clashed with the element)."""
    run(s, 'c = NetInitialize[NetChain[{EmbeddingLayer[4], LongShortTermMemoryLayer[5], '
           'GatedRecurrentLayer[4], NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, '
           '"Input" -> NetEncoder[{"Characters", "abc"}], '
           '"Output" -> NetDecoder[{"Class", {"a", "b", "c"}}]], RandomSeeding -> 3]; u = NetUnfold[c];')
    assert output_form(run(s, 'Keys[Information[u, "OutputPorts"]]')) == \
        "{Output, State1, CellState1, State2}"
    run(s, 'st = <|"State1" -> ConstantArray[0, 5], "CellState1" -> ConstantArray[0, 5], '
           '"State2" -> ConstantArray[0, 4]|>; '
           'ps = Table[r = u[Join[<|"Input" -> ch|>, st], None]; st = KeyDrop[r, "Output"]; '
           'r["Output"], {ch, {"b", "a", "c"}}]')
    np.testing.assert_allclose(values(s, "ps"), values(s, 'c["bac", None]'), rtol=1e-5, atol=1e-6)
    # the step decides its one element with the sequence decoder's classes
    assert output_form(run(s, 'u[Join[<|"Input" -> "a"|>, st]]["Output"]')) in ('"a"', '"b"', '"c"', "a", "b", "c")


def test_an_elementwise_layer_after_the_recurrent_layer_keeps_the_state_an_output(s):
    run(s, 'r = NetInitialize[NetChain[{GatedRecurrentLayer[3], Tanh}, "Input" -> {"Varying", 2}], '
           'RandomSeeding -> 1]; u = NetUnfold[r];')
    assert output_form(run(s, 'Keys[Information[u, "OutputPorts"]]')) == "{Output, State}"
    folded = f'NetFoldOperator[u, {{"State" -> "State"}}][{X}]["Output"]'
    np.testing.assert_allclose(values(s, folded), values(s, f"r[{X}]"), rtol=1e-5, atol=1e-6)


TRANSFORMER = (
    'att = NetGraph[<|"k" -> NetMapOperator[LinearLayer[4]], "v" -> NetMapOperator[LinearLayer[4]], '
    '"q" -> NetMapOperator[LinearLayer[4]], "a" -> AttentionLayer["Dot", "Mask" -> "Causal", '
    '"ScoreRescaling" -> "DimensionSqrt"]|>, {NetPort["Input"] -> {"k", "v", "q"}, '
    '"k" -> NetPort["a", "Key"], "v" -> NetPort["a", "Value"], "q" -> NetPort["a", "Query"]}]; '
    'block = NetGraph[<|"att" -> att, "add" -> ThreadingLayer[Plus], "norm" -> NormalizationLayer[2, "Same"], '
    '"ff" -> NetMapOperator[LinearLayer[4]]|>, {NetPort["Input"] -> "att", '
    '{NetPort["Input"], "att"} -> "add" -> "norm" -> "ff"}];')


def test_a_transformer_of_nested_graphs_steps_through_its_keys_and_states(s):
    """The NetUnfold page's transformer case: a causal AttentionLayer inside a graph inside
    a block of a chain (and a recurrent layer after it) exposes its keys and values through
    every container; stepping through the tokens gives the model's outputs."""
    run(s, TRANSFORMER + ' lm = NetInitialize[NetChain[{EmbeddingLayer[4], block, '
           'GatedRecurrentLayer[4], NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, '
           '"Input" -> {"Varying", Restricted["Integer", 3]}], RandomSeeding -> 7]; u = NetUnfold[lm];')
    assert output_form(run(s, 'Keys[Information[u, "InputPorts"]]')) == "{Input, Keys1, Values1, State2}"
    assert output_form(run(s, 'Keys[Information[u, "OutputPorts"]]')) == "{Output, Keys1, Values1, State2}"
    run(s, 'st = <|"Keys1" -> {}, "Values1" -> {}, "State2" -> {0, 0, 0, 0}|>; '
           'outs = Table[r = u[Join[<|"Input" -> i|>, st]]; st = KeyDrop[r, "Output"]; r["Output"], '
           '{i, {1, 3, 2, 2}}];')
    np.testing.assert_allclose(values(s, "outs"), values(s, "lm[{1, 3, 2, 2}]"), rtol=1e-5, atol=1e-6)
    assert output_form(run(s, 'Dimensions[st["Keys1"]]')) == "{4, 4}"


def test_a_graph_with_a_recurrent_layer_and_its_last_element(s):
    # a lone folded layer keeps its state's name; SequenceLastLayer on the step's one
    # element gives that element
    run(s, 'g = NetInitialize[NetGraph[<|"r" -> LongShortTermMemoryLayer[3], "last" -> SequenceLastLayer[], '
           '"out" -> LinearLayer[2]|>, {"r" -> "last" -> "out"}, "Input" -> {"Varying", 2}], '
           'RandomSeeding -> 2]; u = NetUnfold[g];')
    assert output_form(run(s, 'Keys[Information[u, "InputPorts"]]')) == "{Input, State, CellState}"
    run(s, f'st = <|"State" -> {{0, 0, 0}}, "CellState" -> {{0, 0, 0}}|>; '
           f'Do[r = u[Join[<|"Input" -> x|>, st]]; st = KeyDrop[r, "Output"], {{x, {X}}}]')
    np.testing.assert_allclose(values(s, 'r["Output"]'), values(s, f"g[{X}]"), rtol=1e-5, atol=1e-6)


def test_a_layer_acting_across_the_steps_cannot_be_unfolded(s):
    assert s.evaluate('NetUnfold[NetChain[{SequenceReverseLayer[], GatedRecurrentLayer[2]}, '
                      '"Input" -> {"Varying", 2}]]') == Symbol("$Failed")
    assert s.messages[0].startswith("NetUnfold::unfoldstep"), s.messages
    s.messages.clear()
    assert s.evaluate('NetUnfold[NetGraph[<|"m" -> SequenceMostLayer[], '
                      '"r" -> GatedRecurrentLayer[3]|>, {"m" -> "r"}, '
                      '"Input" -> {"Varying", 2}]]') == Symbol("$Failed")
    assert s.messages and s.messages[0].startswith("NetUnfold::unfoldstep"), s.messages


def test_a_fold_operator_inside_a_graph_is_refused_not_restarted_each_step(s):
    assert s.evaluate('NetUnfold[NetGraph[<|"f" -> NetFoldOperator[ThreadingLayer[#Input + #State &]], '
                      '"r" -> GatedRecurrentLayer[2]|>, {"f" -> "r"}, "Input" -> {"Varying", 2}]]') \
        == Symbol("$Failed")
    assert s.messages and s.messages[0].startswith("NetUnfold::unfoldstep"), s.messages


def test_multi_head_causal_attention_then_an_lstm_in_one_graph(s):
    run(s, 'g = NetInitialize[NetGraph[<|"k" -> NetMapOperator[LinearLayer[{2, 3}]], '
           '"v" -> NetMapOperator[LinearLayer[{2, 3}]], "q" -> NetMapOperator[LinearLayer[{2, 3}]], '
           '"a" -> AttentionLayer["Dot", "Mask" -> "Causal", "MultiHead" -> True], '
           '"m" -> NetMapOperator[FlattenLayer[]], "l" -> LongShortTermMemoryLayer[3]|>, '
           '{NetPort["Input"] -> {"k", "v", "q"}, "k" -> NetPort["a", "Key"], "v" -> NetPort["a", "Value"], '
           '"q" -> NetPort["a", "Query"], "a" -> "m" -> "l"}, "Input" -> {"Varying", 4}], RandomSeeding -> 3]; '
           'u = NetUnfold[g]; SeedRandom[2]; x = RandomReal[1, {5, 4}];')
    assert output_form(run(s, 'Keys[Information[u, "InputPorts"]]')) == \
        "{Input, Keys1, Values1, State2, CellState2}"
    run(s, 'st = <|"Keys1" -> {}, "Values1" -> {}, "State2" -> {0, 0, 0}, "CellState2" -> {0, 0, 0}|>; '
           'outs = Table[r = u[Join[<|"Input" -> x[[t]]|>, st]]; st = KeyDrop[r, "Output"]; r["Output"], {t, 5}];')
    np.testing.assert_allclose(values(s, "outs"), values(s, "g[x]"), rtol=1e-5, atol=1e-6)
    assert output_form(run(s, 'Dimensions[st["Keys1"]]')) == "{5, 2, 3}"


def test_a_character_model_with_a_graph_takes_one_character(s):
    # the graph unfolding gives the input a "Class" encoder of the characters, as a chain's does
    run(s, 'lm = NetInitialize[NetChain[{EmbeddingLayer[4], NetGraph[{GatedRecurrentLayer[4]}, {}], '
           'NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, "Input" -> NetEncoder[{"Characters", "abc"}], '
           '"Output" -> NetDecoder[{"Class", {"a", "b", "c"}}]], RandomSeeding -> 1]; u = NetUnfold[lm];')
    run(s, 'st = <|"State" -> {0, 0, 0, 0}|>; '
           'ps = Table[r = u[Join[<|"Input" -> ch|>, st], None]; st = KeyDrop[r, "Output"]; r["Output"], '
           '{ch, {"c", "a"}}];')
    np.testing.assert_allclose(values(s, "ps"), values(s, 'lm["ca", None]'), rtol=1e-5, atol=1e-6)


def test_a_translation_decoder_attends_to_the_whole_encoder_output(s):
    """Only the sequence the folded layers run over is stepped: the encoder's output a
    decoder attends to (an unmasked AttentionLayer, keys of another length) stays whole
    and each step's query attends to all of it; attention over the stepped sequence
    itself is refused."""
    run(s, 'dec = NetInitialize[NetGraph[<|"emb" -> EmbeddingLayer[4], "r" -> GatedRecurrentLayer[4], '
           '"x" -> AttentionLayer["Dot"], "cat" -> CatenateLayer[2], "out" -> NetMapOperator[LinearLayer[3]], '
           '"sm" -> SoftmaxLayer[]|>, {NetPort["Input"] -> "emb" -> "r", "r" -> NetPort["x", "Query"], '
           'NetPort["Enc"] -> NetPort["x", "Key"], NetPort["Enc"] -> NetPort["x", "Value"], '
           '{"r", "x"} -> "cat" -> "out" -> "sm"}, "Input" -> {"Varying", Restricted["Integer", 3]}, '
           '"Enc" -> {"Varying", 4}], RandomSeeding -> 4]; u = NetUnfold[dec]; SeedRandom[1]; '
           'enc = RandomReal[1, {5, 4}];')
    assert output_form(run(s, 'Keys[Information[u, "InputPorts"]]')) == "{Input, Enc, State}"
    run(s, 'st = <|"State" -> {0, 0, 0, 0}|>; outs = Table[r = u[Join[<|"Input" -> i, "Enc" -> enc|>, st]]; '
           'st = KeyDrop[r, "Output"]; r["Output"], {i, {1, 3, 2}}];')
    np.testing.assert_allclose(values(s, "outs"), values(s, 'dec[<|"Input" -> {1, 3, 2}, "Enc" -> enc|>]'),
                               rtol=1e-5, atol=1e-6)
    assert s.evaluate('NetUnfold[NetGraph[<|"r" -> GatedRecurrentLayer[4], "x" -> AttentionLayer["Dot"]|>, '
                      '{"r" -> NetPort["x", "Query"], "r" -> NetPort["x", "Key"], "r" -> NetPort["x", "Value"]}, '
                      '"Input" -> {"Varying", 2}]]') == Symbol("$Failed")
    assert s.messages[0].startswith("NetUnfold::unfoldstep"), s.messages


def test_a_transformer_with_positions_steps_through_their_indices(s):
    """Positions from a SequenceIndicesLayer (and an EmbeddingLayer of them) in a causal
    transformer: the step's index comes from the elements so far ("Elements", a state
    like the keys); past "Maximum" it stays there, as the layer clips."""
    run(s, TRANSFORMER + ' emb = NetGraph[<|"tok" -> EmbeddingLayer[4], "pos" -> NetChain[{'
           'SequenceIndicesLayer["Maximum" -> 3], EmbeddingLayer[4]}], "add" -> ThreadingLayer[Plus]|>, '
           '{NetPort["Input"] -> {"tok", "pos"}, {"tok", "pos"} -> "add"}]; '
           'lm = NetInitialize[NetChain[{emb, block, NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, '
           '"Input" -> {"Varying", Restricted["Integer", 3]}], RandomSeeding -> 5]; u = NetUnfold[lm];')
    assert output_form(run(s, 'Keys[Information[u, "InputPorts"]]')) == "{Input, Elements1, Keys2, Values2}"
    run(s, 'st = <|"Elements1" -> {}, "Keys2" -> {}, "Values2" -> {}|>; '
           'outs = Table[r = u[Join[<|"Input" -> i|>, st]]; st = KeyDrop[r, "Output"]; r["Output"], '
           '{i, {2, 1, 3, 3, 1}}];')
    np.testing.assert_allclose(values(s, "outs"), values(s, "lm[{2, 1, 3, 3, 1}]"), rtol=1e-5, atol=1e-6)


def test_positions_in_a_plain_chain_are_stepped_too(s):
    run(s, 'c = NetInitialize[NetChain[{SequenceIndicesLayer["Maximum" -> 4], EmbeddingLayer[3], '
           'GatedRecurrentLayer[2]}, "Input" -> {"Varying", 2}], RandomSeeding -> 1]; u = NetUnfold[c];')
    run(s, f'st = <|"Elements1" -> {{}}, "State2" -> {{0, 0}}|>; '
           f'outs = Table[r = u[Join[<|"Input" -> x|>, st]]; st = KeyDrop[r, "Output"]; r["Output"], {{x, {X}}}];')
    np.testing.assert_allclose(values(s, "outs"), values(s, f"c[{X}]"), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("after", ["AggregationLayer[Max, 1]", "SequenceRestLayer[]",
                                   "NetChain[{ElementwiseLayer[Tanh], AggregationLayer[Total, 1]}]"])
def test_a_layer_taking_the_steps_apart_after_the_attention_is_refused(s, after):
    # a step's sequence of one element would give the aggregate of that element alone
    run(s, 'b = NetGraph[<|"a" -> AttentionLayer["Dot", "Mask" -> "Causal"], '
           '"q" -> NetMapOperator[LinearLayer[4]]|>, {NetPort["Input"] -> {"q", NetPort["a", "Key"], '
           'NetPort["a", "Value"]}, "q" -> NetPort["a", "Query"]}, "Input" -> {"Varying", 4}]')
    assert s.evaluate(f'NetUnfold[NetChain[{{b, {after}}}]]') == Symbol("$Failed")
    assert s.messages and s.messages[0].startswith("NetUnfold::unfoldstep"), s.messages


def test_an_aggregation_over_the_steps_of_a_recurrent_chain_is_refused(s):
    assert s.evaluate('NetUnfold[NetChain[{GatedRecurrentLayer[3], AggregationLayer[Max, 1]}, '
                      '"Input" -> {"Varying", 2}]]') == Symbol("$Failed")
    assert s.messages and s.messages[0].startswith("NetUnfold::unfoldstep"), s.messages


def test_an_aggregation_of_each_element_is_stepped(s):
    run(s, 'g = NetInitialize[NetChain[{GatedRecurrentLayer[3], NetMapOperator[LinearLayer[{2, 2}]], '
           'AggregationLayer[Max, 2]}, "Input" -> {"Varying", 2}]]; u = NetUnfold[g]; '
           'st = <|"State" -> {0., 0., 0.}|>; '
           f'outs = Table[r = u[Join[<|"Input" -> x|>, st]]; st = <|"State" -> r["State"]|>; r["Output"], {{x, {X}}}]')
    np.testing.assert_allclose(values(s, "outs"), values(s, f"g[{X}]"), rtol=1e-5, atol=1e-6)


@pytest.mark.parametrize("alone", [True, False])
def test_causal_attention_with_one_input_for_keys_and_values_steps_through_them(s, alone):
    # SequenceAttentionLayer's form (one "Input" port giving keys and values): its step keeps
    # the keys and values so far as in the other form
    layer = ('SequenceAttentionLayer["Dot", "Mask" -> "Causal", "Input" -> {"Varying", 2}, '
             '"Query" -> {"Varying", 2}]')
    if alone:
        run(s, f'g = NetInitialize[{layer}]; u = NetUnfold[g]; st = <|"Keys" -> {{}}, "Values" -> {{}}|>; '
               f'outs = Table[r = u[Join[<|"Input" -> x, "Query" -> -x|>, st]]; '
               f'st = KeyDrop[r, "Output"]; r["Output"], {{x, {X}}}]')
        np.testing.assert_allclose(values(s, "outs"), values(s, f'g[<|"Input" -> {X}, "Query" -> -{X}|>]'),
                                   rtol=1e-5, atol=1e-6)
        return
    run(s, f'g = NetInitialize[NetGraph[<|"q" -> NetMapOperator[LinearLayer[2]], "a" -> {layer}|>, '
           '{NetPort["Input"] -> {"q", NetPort["a", "Input"]}, "q" -> NetPort["a", "Query"]}]]; '
           'u = NetUnfold[g]; st = <|"Keys" -> {}, "Values" -> {}|>; '
           f'outs = Table[r = u[Join[<|"Input" -> x|>, st]]; st = KeyDrop[r, "Output"]; r["Output"], {{x, {X}}}]')
    np.testing.assert_allclose(values(s, "outs"), values(s, f"g[{X}]"), rtol=1e-5, atol=1e-6)
