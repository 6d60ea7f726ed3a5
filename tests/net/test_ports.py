"""Port specifications (wlnet/net/ports.py)."""

import pytest

from wlnet.core.expr import Expr, Integer, String, Symbol
from wlnet.net.coders.decoders import ClassDecoder, ScalarDecoder
from wlnet.net.coders.encoders import CharactersEncoder
from wlnet.net.errors import NetSpecError
from wlnet.net.ports import port_spec
from wlnet.net.types import AtomT, IndexIntegerT, LengthVar, RealT, SizeVar, TensorT

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

from _netutil import lst, sym


@pytest.mark.parametrize("spec, check", [
    (Integer(3), lambda t: t == TensorT((3,), AtomT)),
    (lst(2, 3), lambda t: t.dims == (2, 3)),
    (lst("Varying", 2), lambda t: isinstance(t.dims[0], LengthVar) and t.dims[1] == 2),
    # a named length, as WL writes one: {"n", 16} is a sequence of 16-vectors
    (lst("n", 16), lambda t: isinstance(t.dims[0], LengthVar) and t.dims[1] == 16),
    (lst(5, sym("Automatic")), lambda t: t.dims[0] == 5 and isinstance(t.dims[1], SizeVar)),
    (String("Varying"), lambda t: len(t.dims) == 1 and isinstance(t.dims[0], LengthVar)),
    (String("Real"), lambda t: t == TensorT((), RealT)),
    (Expr(Symbol("Restricted"), String("Integer"), Integer(4)), lambda t: t.elem == IndexIntegerT(4)),
    (Expr(Symbol("Restricted"), String("Integer"), lst(0, 4)), lambda t: t.elem == IndexIntegerT(4, 0)),
    (lst("Varying", Expr(Symbol("Restricted"), String("Integer"), lst(-2, 2))),
     lambda t: isinstance(t.dims[0], LengthVar) and t.elem == IndexIntegerT(2, -2)),
    # RepeatingElement[spec]: a sequence of elements of spec (CTCLossLayer's "Target" form)
    (Expr(Symbol("RepeatingElement"), Expr(Symbol("Restricted"), String("Integer"), Integer(3))),
     lambda t: len(t.dims) == 1 and isinstance(t.dims[0], LengthVar) and t.elem == IndexIntegerT(3)),
    (Expr(Symbol("RepeatingElement"), lst(2, 2)),
     lambda t: isinstance(t.dims[0], LengthVar) and t.dims[1:] == (2, 2)),
])
def test_shape_specs(spec, check):
    assert check(port_spec(spec, True))


def test_automatic_is_no_constraint():
    assert port_spec(sym("Automatic"), True) is None


def test_an_automatic_first_dimension_may_be_a_sequence_length():
    # the NeuralNetworks` benchmark nets: LongShortTermMemoryLayer[n, "Input" -> {Automatic, 16}]
    # takes sequences of 16-vectors; in a fixed-size net the same spec is a plain size
    s = Session(echo=False)
    _true(s, 'Information[LongShortTermMemoryLayer[8, "Input" -> {Automatic, 3}], "InputPorts"] '
             '=== <|"Input" -> {"Varying", 3}|>')
    _true(s, 'Dimensions[NetInitialize[NetChain[Table[GatedRecurrentLayer[4], 2], '
             '"Input" -> {Automatic, 3}]][RandomReal[1, {5, 3}]]] == {5, 4}')
    _true(s, 'Information[NetChain[{LinearLayer[2]}, "Input" -> {Automatic, 3}], "InputPorts"] '
             '=== <|"Input" -> {Automatic, 3}|>')
    _true(s, 'Information[ConvolutionLayer[2, 3, "Input" -> {Automatic, 5, 5}], "InputPorts"] '
             '=== <|"Input" -> {Automatic, 5, 5}|>')


def test_coder_names():
    assert isinstance(port_spec(String("Characters"), True), CharactersEncoder)
    assert isinstance(port_spec(String("Class"), False), ClassDecoder)
    assert isinstance(port_spec(String("Scalar"), False), ScalarDecoder)


@pytest.mark.parametrize("spec", [lst("Real", 2), lst(2, "n"), Integer(0), lst(2, "Varying"), String("Nope"), sym("foo"),
                                  Expr(Symbol("Restricted"), String("Integer"), lst(3, 1))])
def test_invalid_specs(spec):
    with pytest.raises(NetSpecError) as info:
        port_spec(spec, True, "Input")
    assert info.value.tag == "invportspec" and info.value.slots[1] == "Input"


def _true(s, text):
    s.messages.clear()
    r = s.evaluate(text)
    assert not s.messages, (text, s.messages)
    assert output_form(r) == "True", (text, output_form(r))


def test_an_integer_range_port_takes_integers_in_it():
    s = Session()
    s.evaluate('n = NetGraph[{ThreadingLayer[Times]}, {{NetPort["x"], NetPort["q"]} -> 1}, '
               '"q" -> Restricted["Integer", {0, 1}], "x" -> "Real"]')
    _true(s, 'n[<|"x" -> 2.5, "q" -> 0|>] == 0. && n[<|"x" -> 2.5, "q" -> 1|>] == 2.5')
    _true(s, 'Information[n, "InputPorts"]["q"] === Restricted["Integer", {0, 1}]')
    # the range survives the net's InputForm
    _true(s, 'Information[ToExpression[ToString[InputForm[n]]], "InputPorts"]["q"] === '
             'Restricted["Integer", {0, 1}]')
    s.evaluate('n[<|"x" -> 2.5, "q" -> 2|>]')
    assert s.messages and "between 0 and 1" in s.messages[-1]
    # a range from 0 is not class indices
    s.messages.clear()
    s.evaluate('NetChain[{EmbeddingLayer[3]}, "Input" -> Restricted["Integer", {0, 5}]]')
    assert s.messages and "::tyinc:" in s.messages[-1]



def test_fitted_coder_raises_a_coder_to_the_ports_sequence_level():
    from wlnet.net.coders.expr import coder_from_expr
    from wlnet.net.coders.mapped import MappedCoder
    from wlnet.net.ports import fitted_coder
    coder = coder_from_expr(Session().evaluate('NetEncoder[{"Class", {"a", "b", "c"}}]'))
    assert fitted_coder(coder, TensorT((), IndexIntegerT(3)), True) is coder   # it fits
    assert fitted_coder(coder, None, True) is coder              # the port is not known yet
    raised = fitted_coder(coder, TensorT((LengthVar(7),), IndexIntegerT(3)), True)
    assert isinstance(raised, MappedCoder) and isinstance(raised.dims[0], LengthVar)
    assert fitted_coder(coder, TensorT((4,), IndexIntegerT(3)), True).dims == (4,)
    # neither one label nor a list of labels fits a matrix of indices: left to inference
    assert fitted_coder(coder, TensorT((4, 2), IndexIntegerT(3)), True) is coder
    # a sequence coder is never raised to a sequence of sequences
    chars = coder_from_expr(Session().evaluate('NetEncoder[{"Characters", "abc"}]'))
    assert fitted_coder(chars, TensorT((LengthVar(3), LengthVar(4)), IndexIntegerT(3)), True) is chars


def test_a_decoders_free_leading_size_may_take_the_ports_sequence_length():
    from wlnet.net.coders.expr import coder_from_expr
    from wlnet.net.coders.mapped import MappedCoder
    from wlnet.net.ports import fitted_coder
    image = coder_from_expr(Session().evaluate('NetDecoder["Image"]'))
    port = TensorT((LengthVar(5), SizeVar(901), SizeVar(902)), RealT)
    fitted = fitted_coder(image, port, False)
    assert not isinstance(fitted, MappedCoder) and isinstance(fitted.type.dims[0], LengthVar)
    # a sequence of images (rank 4) is still the decoder mapped over the sequence
    raised = fitted_coder(image, TensorT((LengthVar(5), 3, 2, 2), RealT), False)
    assert isinstance(raised, MappedCoder)
    # a coder of one dimension (class probabilities) is mapped over the sequence as before
    classes = coder_from_expr(Session().evaluate('NetDecoder[{"Class", {"a", "b"}}]'))
    assert isinstance(fitted_coder(classes, TensorT((LengthVar(5), 2), RealT), False), MappedCoder)


def test_a_graphs_bare_class_encoder_on_a_port_that_takes_labels_in_sequence():
    # ArXivExplore's classifier: "InTitles" -> NetEncoder[{"Class", voc}] on a graph port
    # that feeds an EmbeddingLayer + LSTM chain (WL maps the encoder over the sequence)
    s = Session()
    s.evaluate('g = NetInitialize[NetGraph[{NetChain[{EmbeddingLayer[4, 10], '
               'LongShortTermMemoryLayer[3], SequenceLastLayer[]}]}, {NetPort["In"] -> 1}, '
               '"In" -> NetEncoder[{"Class", CharacterRange["a", "j"]}]], RandomSeeding -> 1]')
    assert not s.messages
    assert output_form(s.evaluate('Dimensions[g[{"a", "c", "j"}]]')) == "{3}"


@pytest.mark.parametrize("net", [
    'NetChain[{EmbeddingLayer[2, 3], LongShortTermMemoryLayer[4]}, "Input" -> enc]',
    'NetGraph[{EmbeddingLayer[2, 3], LongShortTermMemoryLayer[4]}, {1 -> 2}, "Input" -> enc]',
])
def test_a_port_that_becomes_a_sequence_later_in_inference_maps_a_bare_coder(net):
    """The chain's input is known to be a sequence only once the LSTM after the embedding
    is inferred: the Class encoder is mapped over the sequence then."""
    s = Session()
    s.evaluate('enc = NetEncoder[{"Class", {"x", "y", "z"}}];')
    s.evaluate(f'net = NetInitialize[{net}, RandomSeeding -> 1];')
    assert not s.messages
    assert output_form(s.evaluate('Dimensions[net[{"x", "z", "y", "x", "x"}]]')) == "{5, 4}"
    assert output_form(s.evaluate('Information[net, "InputPorts"]')).startswith(
        '<|"Input" -> {"Varying", NetEncoder[')


def test_a_coder_that_fits_no_level_of_the_port_still_fails():
    s = Session()
    s.evaluate('NetChain[{EmbeddingLayer[2, 3], LongShortTermMemoryLayer[4]}, '
               '"Input" -> NetEncoder[{"Class", {"x", "y"}}]]')
    assert [m.split(": ")[0] for m in s.messages] == ["NetChain::tyinc"]


def test_a_feature_extractor_function_is_an_input_shape():
    # NetChain's page lists FeatureExtractorFunction[…] among the port shapes: its
    # "FeatureExtractor" encoder (an output port cannot take one)
    s = Session()
    s.evaluate('fe = FeatureExtraction[{{1., 2.}, {3., 4.}, {5., 1.}}];')
    r = s.evaluate('Information[NetChain[{LinearLayer[2]}, "Input" -> fe], "InputPorts"]')
    assert output_form(r).startswith('<|"Input" -> NetEncoder["FeatureExtractor"')
    r = s.evaluate('Dimensions[NetInitialize[NetGraph[{LinearLayer[3]}, {}, "Input" -> fe]]'
                   '[{{1., 2.}, {5., 5.}}]]')
    assert output_form(r) == "{2, 3}" and not s.messages
    s.evaluate('NetChain[{LinearLayer[2]}, "Output" -> fe]')
    assert [m.split(": ")[0] for m in s.messages] == ["NetChain::invportspec"]


def test_a_coder_on_the_wrong_side_is_named_as_written():
    # the message names the coder as the user wrote it (not its internal form)
    s = Session()
    with pytest.raises(NetSpecError) as info:
        port_spec(s.evaluate('NetDecoder["Boolean"]'), True, "Input")
    assert info.value.tag == "codersideport"
    assert info.value.slots == ('NetDecoder["Boolean"]', "Input", "an input", "an encoder")
    s.evaluate('LinearLayer[2, "Output" -> NetEncoder[{"Class", {1, 2}}]]')
    assert s.messages == ['LinearLayer::codersideport: NetEncoder["Class"] cannot be attached to '
                          'the port "Output", which is an output port; it takes a decoder.']
