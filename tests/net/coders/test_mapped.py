"""Coders mapped over arrays of inputs: the ports ``{"Varying", NetEncoder[…]}`` and
``{n, NetDecoder[…]}``, and the "Class" encoder's "Dimensions" parameter."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

SEQ_NET = ('n = NetInitialize[NetChain[{EmbeddingLayer[4], LongShortTermMemoryLayer[3], '
           'SequenceLastLayer[]}, "Input" -> {"Varying", NetEncoder[{"Class", {"a", "b", "c"}}]}]]')
TAGGER = ('t = NetInitialize[NetChain[{NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, '
          '"Input" -> {"Varying", 2}, "Output" -> {"Varying", NetDecoder[{"Class", {x, y, z}}]}]]')


@pytest.fixture
def session():
    return Session()


def run(session, text):
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return output_form(r)


def test_sequence_of_class_labels_input(session):
    run(session, SEQ_NET)
    assert run(session, 'Dimensions[n[{"a", "b", "c", "a"}]]') == "{3}"
    # a batch of label sequences of different lengths
    assert run(session, 'Dimensions[n[{{"a", "b"}, {"c"}}]]') == "{2, 3}"
    # the same as giving the codes themselves (the encoder is bypassed)
    assert run(session, 'n[{"c", "a"}] == n[{3, 1}]') == "True"


def test_sequence_input_rejects_a_label_not_in_the_classes(session):
    run(session, SEQ_NET)
    session.evaluate('n[{"a", "q"}]')
    assert session.messages and "each element a class label" in session.messages[0]


def test_sequence_of_class_decisions_output(session):
    run(session, TAGGER)
    out = run(session, 't[{{1, 2}, {3, 4}, {5, 6}}]')
    assert out.count(",") == 2 and set(out.strip("{}").split(", ")) <= {"x", "y", "z"}
    probs = run(session, 't[{{1, 2}, {3, 4}}, "Probabilities"]')
    assert probs.count("<|") == 2
    assert run(session, 'Length /@ t[{{{1, 2}, {3, 4}}, {{0, 0}}}]') == "{2, 1}"


def test_mapped_coders_survive_export_and_import(session, tmp_path):
    run(session, TAGGER)
    f = str(tmp_path / "tagger.wlnet")
    run(session, f'Export["{f}", t]')
    assert run(session, f'Import["{f}"][{{{{1, 2}}, {{3, 4}}}}] == t[{{{{1, 2}}, {{3, 4}}}}]') == "True"


def test_training_on_label_sequences(session):
    run(session, 'n4 = NetChain[{EmbeddingLayer[4], NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, '
                 '"Input" -> {"Varying", NetEncoder[{"Class", {"a", "b", "c"}}]}, '
                 '"Output" -> {"Varying", NetDecoder[{"Class", {x, y, z}}]}]')
    run(session, 'SeedRandom[1]; t = NetTrain[n4, {{"a", "b"} -> {x, y}, {"c"} -> {z}, '
                 '{"a", "c", "b"} -> {x, z, y}}, MaxTrainingRounds -> 300, '
                 'TrainingProgressReporting -> None]')
    assert run(session, 't[{"a", "c", "b"}]') == "{x, z, y}"


def test_fixed_length_port_of_unit_vectors(session):
    run(session, 'c = NetChain[{FlattenLayer[], LinearLayer[3]}, '
                 '"Input" -> {2, NetEncoder[{"Class", {1, 2}, "UnitVector"}]}]')
    assert run(session, 'NetInitialize[c][{2, 1}] // Length') == "3"


def test_class_encoder_dimensions(session):
    assert run(session, 'NetEncoder[{"Class", {"a", "b"}, "Dimensions" -> {2, 2}}]'
                        '[{{"a", "b"}, {"b", "b"}}]') == "{{1, 2}, {2, 2}}"
    # a batch of 2×2 inputs
    assert run(session, 'NetEncoder[{"Class", {"a", "b"}, "Dimensions" -> {2}}]'
                        '[{{"a", "b"}, {"b", "b"}, {"a", "a"}}]') == "{{1, 2}, {2, 2}, {1, 1}}"


@pytest.mark.parametrize("spec", [
    '{"Real", NetEncoder[{"Class", {1, 2}}]}',             # a name is a length; "Real" is not
    '{2, NetDecoder["Class"]}',                 # a decoder on an input port
    '{0, NetEncoder[{"Class", {1, 2}}]}',
    '{"Varying", NetEncoder[{"Characters", "ab"}]}',       # only the first dimension varies
])
def test_invalid_mapped_port_specs(session, spec):
    session.evaluate(f'NetChain[{{LinearLayer[3]}}, "Input" -> {spec}]')
    assert session.messages and session.messages[0].startswith("NetChain::invportspec")


def test_class_decoder_input_depth(session):
    assert run(session, 'NetDecoder[{"Class", {a, b, c}, "InputDepth" -> 2}]'
                        '[{{0.6, 0.2, 0.2}, {0, 0, 1}}]') == "{a, c}"
    # on a sequence output, and on a fixed-length one
    for shape in ('{"Varying", 2}', '{3, 2}'):
        run(session, f't = NetInitialize[NetChain[{{NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}}, '
                     f'"Input" -> {shape}, "Output" -> NetDecoder[{{"Class", {{x, y, z}}, '
                     f'"InputDepth" -> 2}}]]]')
        out = run(session, 't[{{1, 2}, {3, 4}, {0, 0}}]')
        assert out.count(",") == 2 and set(out.strip("{}").split(", ")) <= {"x", "y", "z"}
    session.evaluate('NetDecoder[{"Class", {a, b}, "InputDepth" -> 0}]')
    assert session.messages and session.messages[0].startswith("NetDecoder::invdec")


def test_a_class_decoder_on_a_sequence_decodes_each_element(session):
    # the output's rank is known only once the layers' rules have run (the chain's "Input"
    # fixes it): the decoder is raised to the sequence level then, as a coder attached to a
    # port of known type is (see below), and as encoders waiting for their port's rank are;
    # "InputDepth" -> 2 is not needed (the chain was NetChain::tyinc before)
    run(session, 'sq = NetInitialize[NetChain[{NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, '
                 '"Input" -> {"Varying", 2}, "Output" -> NetDecoder[{"Class", {"x", "y", "z"}}]], '
                 'RandomSeeding -> 1]')
    assert not session.messages
    out = run(session, 'sq[{{1, 2}, {3, 4}, {0, 0}}]')
    assert out.count(",") == 2 and set(out.strip("{}").split(", ")) <= {"x", "y", "z"}
    assert run(session, 'sq[{{1, 2}, {3, 4}, {0, 0}}] === (NetDecoder[{"Class", {"x", "y", "z"}}] /@ '
                        'NetReplacePart[sq, "Output" -> None][{{1, 2}, {3, 4}, {0, 0}}])') == "True"
    assert run(session, 'Length /@ sq[{{{1, 2}}, {{3, 4}, {0, 0}}}]') == "{1, 2}"
    # a decoder that fits neither way is still the clash, named as written
    session.evaluate('NetChain[{NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, "Input" -> {"Varying", 2}, '
                     '"Output" -> NetDecoder[{"Class", {x, y}}]]')
    assert session.messages and session.messages[0].startswith("NetChain::tyinc")


def test_a_mapped_coder_shows_its_dimensions(session):
    run(session, SEQ_NET)
    assert run(session, 'Information[n, "InputPorts"]') == \
        '<|"Input" -> {"Varying", NetEncoder["Class", 3 classes, "Index"]}|>'
    assert run(session, 'NetEncoder[{"Class", {a, b}, "Dimensions" -> {2, 2}}]') == \
        '{2, 2, NetEncoder["Class", 2 classes, "Index"]}'


# A coder that is not a sequence coder, attached to a port that takes a sequence (or a fixed
# length list) of what it makes, is raised to that level as WL's ParseInputSpec/ParseOutputSpec
# do (checkType tries TensorT[{SizeT}, coder] when the coder alone does not fit).

CLASS_ENC = 'NetEncoder[{"Class", {"a", "b", "c"}}]'


def test_a_bare_class_encoder_on_a_varying_port_encodes_label_sequences(session):
    run(session, 'e = NetInitialize[EmbeddingLayer[2, 3, "Input" -> "Varying"]]')
    run(session, f'r = NetReplacePart[e, "Input" -> {CLASS_ENC}]')
    assert run(session, 'Information[r, "InputPorts"]') == \
        '<|"Input" -> {"Varying", NetEncoder["Class", 3 classes, "Index"]}|>'
    assert run(session, 'r[{"c", "a", "b"}] == e[{3, 1, 2}]') == "True"
    assert run(session, 'Dimensions /@ r[{{"a"}, {"b", "c"}}]') == "{{1, 2}, {2, 2}}"


def test_a_bare_class_encoder_given_to_a_chain_that_takes_sequences(session):
    run(session, 'n = NetInitialize[NetChain[{EmbeddingLayer[2, 3, "Input" -> "Varying"], '
                 f'LongShortTermMemoryLayer[4]}}, "Input" -> {CLASS_ENC}]]')
    assert run(session, 'Dimensions[n[{"a", "c", "b"}]]') == "{3, 4}"


def test_a_bare_class_encoder_on_a_fixed_length_port(session):
    run(session, 'e = NetInitialize[EmbeddingLayer[2, 3, "Input" -> 4]]')
    run(session, f'r = NetReplacePart[e, "Input" -> {CLASS_ENC}]')
    assert run(session, 'r[{"a", "b", "c", "a"}] == e[{1, 2, 3, 1}]') == "True"
    session.evaluate('r[{"a", "b"}]')                 # the length is the port's
    assert session.messages and "invindata" in session.messages[0]


def test_a_bare_class_decoder_on_a_known_sequence_output(session):
    run(session, 'c = NetInitialize[NetChain[{NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, '
                 '"Input" -> {"Varying", 2}]]')
    run(session, 'd = NetReplacePart[c, "Output" -> NetDecoder[{"Class", {x, y, z}}]]')
    out = run(session, 'd[{{1, 2}, {3, 4}}]')
    assert out.count(",") == 1 and set(out.strip("{}").split(", ")) <= {"x", "y", "z"}


def test_a_class_encoder_that_fits_neither_way_is_still_refused(session):
    # a sequence of 2-vectors of indices: neither one label nor a list of labels
    session.evaluate('NetReplacePart[EmbeddingLayer[2, 3, "Input" -> {"Varying", 2}], '
                     f'"Input" -> {CLASS_ENC}]')
    assert session.messages and session.messages[0].startswith("NetReplacePart::tyinc")


def test_a_unit_vector_class_encoder_on_a_recurrent_layer_encodes_sequences(session):
    # the layer's own port is a sequence of vectors: the one-hot encoder is raised to it
    run(session, 'l = NetInitialize[LongShortTermMemoryLayer[2, "Input" -> '
                 'NetEncoder[{"Class", {a, b, c}, "UnitVector"}]]]')
    assert run(session, 'Dimensions[l[{a, b, c, a}]]') == "{4, 2}"


# An encoder on a port whose rank only the layers after it decide waits for it inside shape
# inference (net.constrain_coders / settle_coders): the same in a chain, a graph,
# NetReplacePart and the operators, with no second build of the net.

@pytest.mark.parametrize("make", [
    f'NetChain[{{EmbeddingLayer[3], LongShortTermMemoryLayer[4]}}, "Input" -> {CLASS_ENC}]',
    f'NetGraph[{{EmbeddingLayer[3], LongShortTermMemoryLayer[4]}}, {{1 -> 2}}, "Input" -> {CLASS_ENC}]',
    f'NetReplacePart[NetChain[{{EmbeddingLayer[3], LongShortTermMemoryLayer[4]}}], "Input" -> {CLASS_ENC}]',
])
def test_an_encoder_waits_for_its_ports_rank(session, make):
    run(session, f"n = NetInitialize[{make}]")
    assert run(session, 'NetExtract[n, "Input"]') == '{"Varying", NetEncoder["Class", 3 classes, "Index"]}'
    assert run(session, 'Dimensions[n[{"a", "c", "b", "a"}]]') == "{4, 4}"


def test_an_operator_takes_a_waiting_encoder_over_its_sequence(session):
    run(session, f'm = NetInitialize[NetMapOperator[EmbeddingLayer[3], "Input" -> {CLASS_ENC}]]')
    assert run(session, 'Dimensions[m[{"a", "b"}]]') == "{2, 3}"


def test_an_encoder_whose_port_stays_open_decides_it(session):
    # nothing after the embedding asks for a sequence: one label, as the encoder makes
    run(session, f'n = NetInitialize[NetChain[{{EmbeddingLayer[3]}}, "Input" -> {CLASS_ENC}]]')
    assert run(session, 'NetExtract[n, "Input"]') == 'NetEncoder["Class", 3 classes, "Index"]'
    assert run(session, 'Dimensions[n["b"]]') == "{3}"


def test_a_per_pixel_class_decoder_after_a_transpose(session):
    # semantic segmentation: channels-first scores transposed to h x w x classes, one
    # decision per pixel ("InputDepth" -> 3); the decoder's levels take the net's sizes
    run(session, 'seg = NetInitialize@NetChain[{ConvolutionLayer[2, 3, "PaddingSize" -> 1], '
                 'TransposeLayer[{1 <-> 3, 1 <-> 2}], SoftmaxLayer[]}, "Input" -> {1, 4, 5}, '
                 '"Output" -> NetDecoder[{"Class", {"bg", "cell"}, "InputDepth" -> 3}]]')
    assert run(session, 'Dimensions[seg[RandomReal[1, {1, 4, 5}]]]') == "{4, 5}"
    assert run(session, 'Dimensions[seg[RandomReal[1, {1, 4, 5}], "Probabilities"]]') == "{4, 5}"
    # a sequence's level still may not move
    session.evaluate('NetChain[{TransposeLayer[{1 <-> 2}]}, "Input" -> {"Varying", 3}, '
                     '"Output" -> NetDecoder[{"Class", {a, b, c, d}, "InputDepth" -> 2}]]')
    assert any(m.startswith("NetChain::inlayer: Layer 1 (TransposeLayer)") and
               "cannot take an input with a varying dimension" in m for m in session.messages)
    session.messages.clear()


def test_per_pixel_decoders_fit_sizes_computed_after_an_image_encoder(session):
    # a segmentation head upsampled by ResizeLayer[Scaled[…]] after an Image encoder: the
    # output's sizes are computed from the encoder's, and the decoder's mapped dimensions
    # must take them (they were sequence lengths only: NetChain::tyinc)
    head = ('{ConvolutionLayer[2, 1], ResizeLayer[{Scaled[2], Scaled[2]}], '
            'TransposeLayer[{1 <-> 3, 1 <-> 2}], SoftmaxLayer[]}')
    run(session, f'seg = NetInitialize@NetChain[{head}, "Input" -> NetEncoder[{{"Image", {{4, 3}}}}], '
                 '"Output" -> NetDecoder[{"Class", {"bg", "fg"}, "InputDepth" -> 3}]]')
    assert run(session, 'Information[seg, "OutputPorts"]') == '<|"Output" -> {6, 8, NetDecoder["Class", 2 classes]}|>'
    assert run(session, 'Dimensions[seg[Image[RandomReal[1, {3, 4, 3}]]]]') == "{6, 8}"
    assert run(session, 'SubsetQ[{"bg", "fg"}, Union[Flatten[seg[Image[RandomReal[1, {3, 4, 3}]]]]]]') == "True"
    run(session, f'bin = NetInitialize@NetChain[{{ConvolutionLayer[1, 1], ResizeLayer[{{Scaled[2], Scaled[2]}}], '
                 'PartLayer[1], LogisticSigmoid}, "Input" -> NetEncoder[{"Image", {4, 3}}], '
                 '"Output" -> NetDecoder[{"Boolean", "InputDepth" -> 2}]]')
    assert run(session, 'Dimensions[bin[Image[RandomReal[1, {3, 4, 3}]]]]') == "{6, 8}"
    # the same decoder on a varying sequence still gives one decision per step
    run(session, 'tag = NetInitialize@NetChain[{NetMapOperator[LinearLayer[2]], SoftmaxLayer[]}, '
                 '"Input" -> {"Varying", 3}, "Output" -> NetDecoder[{"Class", {"p", "q"}, "InputDepth" -> 2}]]')
    assert run(session, 'Information[tag, "OutputPorts"]') == '<|"Output" -> {"Varying", NetDecoder["Class", 2 classes]}|>'
    assert run(session, 'Length /@ tag[{RandomReal[1, {4, 3}], RandomReal[1, {2, 3}]}]') == "{4, 2}"
