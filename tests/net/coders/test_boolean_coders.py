"""The "Boolean" encoder (True -> 1, False -> 0, over arrays with {"Boolean", dims}) and
decoder (a probability of True; its properties; "InputDepth"), as the reference pages
use them: on their own, attached to layers, and in NetTrain targets."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form


@pytest.fixture
def session():
    return Session()


def run(session, text):
    session.messages.clear()
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return output_form(r)


@pytest.mark.parametrize("text, want", [
    ('NetEncoder["Boolean"][True]', "1"),
    ('NetEncoder["Boolean"][{True, False, False}]', "{1, 0, 0}"),       # a batch
    ('NetEncoder[{"Boolean", {3}}][{True, False, True}]', "{1, 0, 1}"),
    ('NetEncoder[{"Boolean", {3}}][{{True, False, True}, {False, False, False}}]',
     "{{1, 0, 1}, {0, 0, 0}}"),
    ('ElementwiseLayer[2 # &, "Input" -> NetEncoder["Boolean"]][{True, False}]', "{2., 0.}"),
    ('NetDecoder["Boolean"][0.7]', "True"),
    ('NetDecoder["Boolean"][{0.2, 0.5}]', "{False, True}"),
    ('NetDecoder["Boolean"][0.7, "Probability"]', "0.7"),
    ('NetDecoder["Boolean"][0.5, "Entropy"]', "0.693147"),
    ('NetDecoder["Boolean"][0.7, "Properties"]', "{Decision, Probability, Entropy, RandomSample}"),
    ('NetDecoder[{"Boolean", "InputDepth" -> 1}][{0.1, 0.9}]', "{False, True}"),
    ('ElementwiseLayer[LogisticSigmoid, "Output" -> NetDecoder["Boolean"]][{-1, 2}]',
     "{False, True}"),
    ('ElementwiseLayer[LogisticSigmoid, "Output" -> NetDecoder["Boolean"]][2, None]', "0.880797"),
    ('ElementwiseLayer[LogisticSigmoid, "Input" -> 3, "Output" -> '
     'NetDecoder[{"Boolean", "InputDepth" -> 1}]][{-1, 0, 1}]', "{False, True, True}"),
    ('NetEncoder[NetDecoder["Boolean"]]', 'NetEncoder["Boolean"]'),
    ('NetDecoder[NetEncoder["Boolean"]]', 'NetDecoder["Boolean"]'),
])
def test_boolean_coders(session, text, want):
    assert run(session, text) == want


def test_random_sample_follows_the_probability(session):
    run(session, 'SeedRandom[3]')
    samples = run(session, 'Table[NetDecoder["Boolean"][0.9, "RandomSample"], 200]')
    assert 150 < samples.count("True") < 200
    assert run(session, 'NetDecoder["Boolean"][1., "RandomSample"]') == "True"


def test_a_boolean_vector_input_feeds_a_chain(session):
    run(session, 'c = NetInitialize[NetChain[{LinearLayer[2]}, '
                 '"Input" -> NetEncoder[{"Boolean", {3}}]]]')
    assert run(session, 'c[{True, False, True}] == c[{1, 0, 1}]') == "True"


def test_true_false_targets_train_a_boolean_output(session):
    run(session, 'SeedRandom[2]; t = NetTrain[NetChain[{LinearLayer[], LogisticSigmoid}, '
                 '"Input" -> 1, "Output" -> NetDecoder["Boolean"]], {{1} -> True, {-1} -> False, '
                 '{2} -> True, {-2} -> False}, MaxTrainingRounds -> 3000, '
                 'TrainingProgressReporting -> None]')
    assert run(session, 't[{{3}, {-3}}]') == "{True, False}"


@pytest.mark.parametrize("text, tag", [
    ('NetEncoder["Boolean"][3]', "NetEncoder::encfail"),
    ('NetDecoder["Boolean"][1.5, "Entropy"]', "NetDecoder::decfail"),
    ('NetDecoder["Boolean"][-0.5, "RandomSample"]', "NetDecoder::decfail"),
    ('NetEncoder[{"Boolean", {0}}]', "NetEncoder::invenc"),
    ('NetDecoder[{"Boolean", "InputDepth" -> -1}]', "NetDecoder::invdec"),
    ('NetDecoder["Boolean"][0.5, "TopDecisions"]', "NetDecoder::invprop"),
])
def test_messages(session, text, tag):
    session.messages.clear()
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith(tag), session.messages


def test_the_decision_reads_any_number(session):
    # WL's decision is p >= 0.5 with no range check (a raw LinearLayer output decodes);
    # only the entropy and random samples need a probability
    session.messages.clear()
    assert run(session, 'NetDecoder["Boolean"][{1.5, 0.2, -3, 0.5}]') == "{True, False, False, True}"
    assert run(session, 'NetDecoder["Boolean"][1.5, "Probability"]') == "1.5"
    assert run(session, 'NetChain[{ElementwiseLayer[# - 5 &]}, "Input" -> "Real", '
                        '"Output" -> NetDecoder["Boolean"]][1.]') == "False"
    assert not session.messages


def test_a_target_that_does_not_fit_is_named_as_given(session):
    # the decoder raised to a length-1 output wants {False}: the message names False (was 0)
    session.messages.clear()
    session.evaluate('NetTrain[NetChain[{LinearLayer[1], LogisticSigmoid}, "Input" -> 3, '
                     '"Output" -> NetDecoder["Boolean"]], {{1, 2, 3} -> False, {3, 2, 1} -> True}, '
                     'MaxTrainingRounds -> 1, TrainingProgressReporting -> None]')
    assert session.messages and session.messages[0].startswith("NetTrain::invtarget")
    assert " was False," in session.messages[0]
    # and says what fits: a list of one decision, as the raised decoder gives
    assert "expected a length-1 list of True and False values" in session.messages[0]


def test_a_decoder_raised_to_a_length_1_output_trains_on_lists_of_one(session):
    # NetDecoder["Boolean"] reads a number; on a length-1 vector output it is raised to a
    # list of one decision ({True}), and NetTrain's targets take that same form
    run(session, 'SeedRandom[3]; t = NetTrain[NetChain[{LinearLayer[1], LogisticSigmoid}, '
                 '"Input" -> 1, "Output" -> NetDecoder["Boolean"]], {{1} -> {True}, '
                 '{-1} -> {False}, {2} -> {True}, {-2} -> {False}}, MaxTrainingRounds -> 3000, '
                 'TrainingProgressReporting -> None]')
    assert run(session, 't[{{3}, {-3}}]') == "{{True}, {False}}"
    assert run(session, 'Information[t, "OutputPorts"]') == '<|"Output" -> {1, NetDecoder["Boolean"]}|>'


def test_a_layer_raises_its_decoder_as_a_chain_does(session):
    # a decoder attached to a layer's output of open rank waits for the layer's shapes and
    # decodes each element of a list of what it reads (was tyinc for a single layer, while
    # a chain or a graph took it)
    assert run(session, 'ElementwiseLayer[LogisticSigmoid, "Input" -> {1}, '
                        '"Output" -> NetDecoder["Boolean"]][{0.3}]') == "{True}"
    assert run(session, 'ElementwiseLayer[LogisticSigmoid, "Input" -> 3, '
                        '"Output" -> NetDecoder["Boolean"]][{1, -1, 2}]') == "{True, False, True}"
    assert run(session, 'ElementwiseLayer[LogisticSigmoid, "Output" -> NetDecoder["Boolean"]][-1]') \
        == "False"
    assert run(session, 'SoftmaxLayer["Input" -> {"Varying", 3}, "Output" -> NetDecoder[{"Class", '
                        '{a, b, c}}]][{{1, 2, 3}, {3, 2, 1}}]') == "{c, a}"
    session.messages.clear()
    session.evaluate('ElementwiseLayer[LogisticSigmoid, "Input" -> "Real", '
                     '"Output" -> NetDecoder[{"Class", {a, b}}]]')
    assert session.messages and session.messages[0].startswith("ElementwiseLayer::tyinc")
