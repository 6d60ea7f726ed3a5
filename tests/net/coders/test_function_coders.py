"""The "Function" encoder and decoder: a WL function evaluated in the session, with the
encoder's "Pattern" and "Batched" parameters and the decoder's "Properties"; on their own,
attached to nets, through NetTrain and Export/Import."""

import pytest

from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

SQUARES = 'enc = NetEncoder[{"Function", {#, #^2} &, {2}}]'


@pytest.fixture
def session():
    return Session()


def run(session, text):
    session.messages.clear()
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return output_form(r)


def fails(session, text, tag):
    session.messages.clear()
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith(tag), session.messages


@pytest.mark.parametrize("text, want", [
    ('enc[3]', "{3., 9.}"),
    ('enc[{1, 2}]', "{{1., 1.}, {2., 4.}}"),            # f of the list is not 2-long: a batch
    ('NetEncoder[{"Function", Normal[#] &, {3}, "Pattern" -> {__Real}}][{1., 2., 3.}]',
     "{1., 2., 3.}"),
    ('NetEncoder[{"Function", Normal[#] &, {3}, "Pattern" -> {__Real}}]'
     '[{{1., 2., 3.}, {4., 5., 6.}}]', "{{1., 2., 3.}, {4., 5., 6.}}"),
    # "Batched": f is given the list of inputs
    ('NetEncoder[{"Function", Map[{#, 2 #} &, #] &, {2}, "Batched" -> True}][3]', "{3., 6.}"),
    ('NetDecoder[{"Function", Total[Normal[#]] &}][{1, 2, 3}]', "6."),
    ('ElementwiseLayer[Ramp, "Input" -> 3, "Output" -> NetDecoder[{"Function", Max[Normal[#]] &}]]'
     '[{{1, 2, 3}, {-1, -2, 0}}]', "{3., 0.}"),
])
def test_function_coders(session, text, want):
    run(session, SQUARES)
    assert run(session, text) == want


def test_decoder_properties(session):
    run(session, 'd = NetDecoder[{"Function", If[#2 === "Max", Max[Normal[#1]], '
                 'Min[Normal[#1]]] &, "Properties" -> {"Max", "Min"}}]')
    assert run(session, 'd[{1, 5, 2}]') == "5."                 # the first property
    assert run(session, 'd[{1, 5, 2}, "Min"]') == "1."
    assert run(session, 'd[{1, 5, 2}, "Properties"]') == "{Max, Min}"
    fails(session, 'd[{1, 5, 2}, "Mean"]', "NetDecoder::invprop")


def test_encoder_on_a_net_trains_and_survives_export(session, tmp_path):
    run(session, SQUARES)
    run(session, 'SeedRandom[1]; t = NetTrain[NetChain[{LinearLayer[1]}, "Input" -> enc, '
                 '"Output" -> "Scalar"], {1 -> 2., 2 -> 6., 3 -> 12., 0 -> 0.}, '
                 'MaxTrainingRounds -> 2000, LearningRate -> 0.05, '
                 'TrainingProgressReporting -> None]')
    assert abs(float(run(session, 't[4]')) - 20) < 0.5           # x + x^2
    f = str(tmp_path / "f.wlnet")
    run(session, f'Export["{f}", t]')
    assert run(session, f'Import["{f}"][4] == t[4]') == "True"


@pytest.mark.parametrize("text, tag", [
    ('NetEncoder[{"Function", f}]', "NetEncoder::invenc"),
    ('NetEncoder[{"Function", f, {0}}]', "NetEncoder::invenc"),
    ('NetEncoder[{"Function", f, {2}, "Batched" -> 1}]', "NetEncoder::invenc"),
    ('NetDecoder[{"Function"}]', "NetDecoder::invdec"),
    ('NetDecoder[{"Function", f, "Properties" -> {1}}]', "NetDecoder::invdec"),
    ('enc[x]', "NetEncoder::encfail"),               # f[x] is not an array of numbers
    ('NetEncoder[{"Function", Normal[#] &, {3}, "Pattern" -> {__Real}}][{1, 2, 3}]',
     "NetEncoder::encfail"),
])
def test_messages(session, text, tag):
    run(session, SQUARES)
    fails(session, text, tag)
