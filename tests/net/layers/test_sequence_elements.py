"""Integer codes through the layers that only move elements (SequenceReverseLayer,
SequenceMostLayer, SequenceRestLayer, SequenceLastLayer, AppendLayer, PrependLayer,
PartLayer, TransposeLayer, ReshapeLayer, FlattenLayer, ReplicateLayer, CatenateLayer, and
the net operators around them): their output has their input's element type ("$Element", an ElemVar), so a
"Characters" encoder or an integer port can feed an EmbeddingLayer or UnitVectorLayer
through them, and the codes stay integers on the way."""

import numpy as np
import pytest

from wlnet.core.expr import Expr, Integer, Real, S, Symbol
from wlnet.core.session import Session

ENC = 'NetEncoder[{"Characters", "abc"}]'


@pytest.fixture()
def s():
    return Session()


def run(s, text):
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    assert r != Symbol("$Failed"), text
    return r


def reals(e):
    if type(e) is Expr and e.head is S.List:
        return np.array([reals(a) for a in e.args])
    assert type(e) is Real, e
    return e.value


def embedding_rows(s, net, codes):
    """The rows of the net's EmbeddingLayer (the last layer) for the given codes."""
    w = reals(run(s, f'Normal@NetExtract[{net}, {{-1, "Weights"}}]'))
    return w[np.array(codes) - 1]


@pytest.mark.parametrize("layer, codes", [
    ("SequenceReverseLayer[]", [3, 2, 1]),
    ("SequenceMostLayer[]", [1, 2]),
    ("SequenceRestLayer[]", [2, 3]),
])
def test_characters_through_a_sequence_layer_into_an_embedding(s, layer, codes):
    run(s, f'n = NetInitialize@NetChain[{{{layer}, EmbeddingLayer[4]}}, "Input" -> {ENC}];')
    # the embedding learnt its vocabulary (3) from the encoder through the layer
    assert run(s, 'Dimensions@NetExtract[n, {2, "Weights"}]') == run(s, "{3, 4}")
    np.testing.assert_allclose(reals(run(s, 'n["abc"]')), embedding_rows(s, "n", codes), rtol=1e-6)


def test_an_integer_sequence_stays_integers(s):
    run(s, f'n = NetChain[{{SequenceReverseLayer[]}}, "Input" -> {ENC}];')
    assert run(s, 'n["cab"]') == Expr.from_args(S.List, [Integer(2), Integer(1), Integer(3)])
    assert run(s, 'Information[n, "OutputPorts"]') == run(
        s, '<|"Output" -> {"Varying", Restricted["Integer", 3]}|>')


def test_training_through_reverse_into_an_embedding(s):
    run(s, f'n = NetInitialize@NetChain[{{SequenceReverseLayer[], EmbeddingLayer[4]}}, "Input" -> {ENC}];')
    run(s, 't = NetTrain[n, {"abc" -> {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}}, '
           '"ba" -> {{1, 1, 0, 0}, {0, 1, 1, 0}}}, MaxTrainingRounds -> 3, RandomSeeding -> 1, '
           'TrainingProgressReporting -> None];')
    before = reals(run(s, 'Normal@NetExtract[n, {2, "Weights"}]'))
    after = reals(run(s, 'Normal@NetExtract[t, {2, "Weights"}]'))
    assert before.shape == after.shape == (3, 4) and not np.allclose(before, after)
    assert reals(run(s, 't["ab"]')).shape == (2, 4)


@pytest.mark.parametrize("layer, data, code", [
    ("SequenceLastLayer[]", '"abc"', 3), ("SequenceLastLayer[]", '"ba"', 1),
    ("PartLayer[1]", '"cab"', 3), ("PartLayer[-2]", '"cab"', 1),
])
def test_one_code_into_a_unit_vector(s, layer, data, code):
    r = reals(run(s, f'NetChain[{{{layer}, UnitVectorLayer[]}}, "Input" -> {ENC}][{data}]'))
    np.testing.assert_array_equal(r, np.eye(3)[code - 1])


@pytest.mark.parametrize("layer, codes", [("AppendLayer[]", [1, 2, 3]), ("PrependLayer[]", [3, 1, 2])])
def test_append_and_prepend_an_integer_element(s, layer, codes):
    run(s, f'g = NetInitialize@NetGraph[{{{layer}, EmbeddingLayer[2]}}, '
           '{NetPort["Element"] -> NetPort[1, "Element"], 1 -> 2}, '
           f'"Input" -> {ENC}, "Element" -> Restricted["Integer", 3]];')
    np.testing.assert_allclose(reals(run(s, 'g[<|"Input" -> "ab", "Element" -> 3|>]')),
                               embedding_rows(s, "g", codes), rtol=1e-6)


def test_an_integer_port_spec_with_a_bound(s):
    run(s, 'n = NetInitialize@NetChain[{SequenceLastLayer[], EmbeddingLayer[2]}, '
           '"Input" -> {"Varying", Restricted["Integer", 4]}];')
    assert run(s, 'Dimensions@NetExtract[n, {2, "Weights"}]') == run(s, "{4, 2}")
    np.testing.assert_allclose(reals(run(s, 'n[{{1, 2, 4}, {3}}]')),
                               embedding_rows(s, "n", [4, 3]), rtol=1e-6)
    s.messages.clear()
    assert s.evaluate('n[{1, 5}]') == Symbol("$Failed")
    assert len(s.messages) == 1 and "::invindata1:" in s.messages[0]


@pytest.mark.parametrize("net, tag", [
    # reals cannot become integer codes through a layer that only moves them
    ('NetChain[{LinearLayer[3], SequenceReverseLayer[], EmbeddingLayer[2]}]', "ninctyp2"),
    ('NetChain[{LinearLayer[{2, 3}], SequenceMostLayer[], UnitVectorLayer[3]}]', "ninctyp2"),
    # the bound travels too
    (f'NetChain[{{SequenceReverseLayer[], EmbeddingLayer[2, 5]}}, "Input" -> {ENC}]', "tyinc"),
])
def test_type_errors_are_messages(s, net, tag):
    assert s.evaluate(net) == Symbol("$Failed")
    assert len(s.messages) == 1 and f"::{tag}:" in s.messages[0], s.messages


def test_reals_still_give_reals(s):
    assert run(s, 'SequenceReverseLayer[][{{1, 2}, {3, 4}}]') == run(s, '{{3., 4.}, {1., 2.}}')
    assert run(s, 'NetChain[{LinearLayer[{2, 3}], SequenceRestLayer[], SequenceLastLayer[]}]'
                  '//Information[#, "OutputPorts"]&') == run(s, '<|"Output" -> 3|>')


@pytest.mark.parametrize("text", [
    'NetChain[{SequenceReverseLayer[], SequenceMostLayer[], EmbeddingLayer[3], SequenceLastLayer[]}, '
    '"Input" -> {"Varying", Restricted["Integer", 4]}]',
    'NetChain[{SequenceRestLayer[], PartLayer[1], UnitVectorLayer[]}, '
    '"Input" -> {"Varying", Restricted["Integer", 4]}]',
    'NetGraph[{PrependLayer[], AppendLayer[], EmbeddingLayer[2]}, {NetPort["Element"] -> '
    '{NetPort[1, "Element"], NetPort[2, "Element"]}, 1 -> 2 -> 3}, '
    '"Input" -> {"Varying", Restricted["Integer", 4]}, "Element" -> Restricted["Integer", 4]]',
    # codes passed on to layers that take reals
    'NetChain[{SequenceLastLayer[], LinearLayer[2]}, "Input" -> {"Varying", 3, Restricted["Integer", 4]}]',
    'NetChain[{SequenceMostLayer[], GatedRecurrentLayer[2]}, "Input" -> {"Varying", 3, Restricted["Integer", 4]}]',
])
def test_the_torch_backend_agrees_on_integer_codes(s, text):
    pytest.importorskip("torch")
    from tests.net.backends.test_torch_backend import agree
    from wlnet.net.wlform import net_from_expr
    agree(net_from_expr(run(s, f"NetInitialize[{text}]")), "Real64")


def test_a_layer_taken_out_of_a_net_keeps_its_integer_codes(s):
    run(s, f'n = NetInitialize@NetChain[{{SequenceReverseLayer[], EmbeddingLayer[4]}}, "Input" -> {ENC}];')
    assert run(s, 'NetExtract[n, 1][{1, 2, 3}]') == Expr.from_args(S.List, [Integer(3), Integer(2), Integer(1)])
    assert run(s, 'Information[NetExtract[n, 1], "OutputPorts"]') == run(
        s, '<|"Output" -> {"Varying", Restricted["Integer", 3]}|>')
    assert s.evaluate('NetExtract[n, 1][{1.5, 2, 3}]') == Symbol("$Failed")
    assert len(s.messages) == 1 and "::invindata1:" in s.messages[0]
    s.messages.clear()
    k = run(s, 'k = ToExpression[ToString[n, InputForm]]; k["abc"] == n["abc"]')
    assert k == Symbol("True")


def test_codes_through_the_array_layers_into_an_embedding(s):
    run(s, 'c = NetInitialize[NetChain[{ReshapeLayer[{2, 2}], TransposeLayer[], FlattenLayer[], '
           'ReplicateLayer[2], EmbeddingLayer[3]}, "Input" -> {4, Restricted["Integer", 5]}], '
           'RandomSeeding -> 1];')
    assert run(s, 'Information[NetExtract[c, 4], "OutputPorts"]') == run(
        s, '<|"Output" -> {2, 4, Restricted["Integer", 5]}|>')
    rows = embedding_rows(s, "c", [1, 3, 2, 5])          # {{1, 2}, {3, 5}} transposed
    np.testing.assert_allclose(reals(run(s, 'c[{1, 2, 3, 5}]')), np.stack([rows, rows]), rtol=1e-6)
    run(s, 't = NetTrain[c, {{1, 2, 3, 4} -> ConstantArray[1, {2, 4, 3}]}, MaxTrainingRounds -> 2, '
           'RandomSeeding -> 1, TrainingProgressReporting -> None];')
    assert not np.allclose(reals(run(s, 'Normal@NetExtract[t, {5, "Weights"}]')),
                           reals(run(s, 'Normal@NetExtract[c, {5, "Weights"}]')))


def test_catenated_codes_keep_the_largest_bound(s):
    run(s, 'g = NetInitialize[NetGraph[{CatenateLayer[], EmbeddingLayer[2]}, '
           '{{NetPort["A"], NetPort["B"]} -> 1 -> 2}, "A" -> NetEncoder[{"Characters", "abc", '
           '"TargetLength" -> 2}], "B" -> {3, Restricted["Integer", 5]}], RandomSeeding -> 1];')
    assert run(s, 'Dimensions@NetExtract[g, {2, "Weights"}]') == run(s, "{5, 2}")
    np.testing.assert_allclose(reals(run(s, 'g[<|"A" -> "ca", "B" -> {5, 4, 1}|>]')),
                               embedding_rows(s, "g", [3, 1, 5, 4, 1]), rtol=1e-6)
    # a real input makes the catenation real: it cannot feed an embedding
    assert s.evaluate('NetGraph[{CatenateLayer[], EmbeddingLayer[2]}, {{NetPort["A"], '
                      'NetPort["B"]} -> 1 -> 2}, "A" -> {2, Restricted["Integer", 3]}, '
                      '"B" -> {3, "Real"}]') == Symbol("$Failed")
    # (the layer's own message, under the graph's head naming the layer)
    assert len(s.messages) == 1 and s.messages[0].startswith("NetGraph::inlayer: Layer 1 "
                                                             "(CatenateLayer)") \
        and "so its output is real numbers" in s.messages[0], s.messages
    # (an integer port whose bound is not known yet reads "an integer", as "Integer" ports do)
    assert "where an integer is required" in s.messages[0]
    s.messages.clear()
    assert run(s, 'CatenateLayer[][{{1, 2}, {3}}]') == run(s, "{1., 2., 3.}")


def test_codes_through_an_operator(s):
    run(s, 'm = NetInitialize[NetChain[{NetMapOperator[SequenceReverseLayer[]], EmbeddingLayer[2]}, '
           '"Input" -> {2, 3, Restricted["Integer", 5]}], RandomSeeding -> 1];')
    np.testing.assert_allclose(reals(run(s, 'm[{{1, 2, 3}, {4, 5, 1}}]')),
                               embedding_rows(s, "m", [[3, 2, 1], [1, 5, 4]]), rtol=1e-6)


def test_a_sequence_of_any_elements_is_described_so(s):
    assert "a sequence of arrays" in str(run(s, 'ToString[SequenceReverseLayer[]]'))
