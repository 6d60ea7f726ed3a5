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


# ---------------------------------------------------------------------------- saved definitions

DEFINE = 'g[x_] := 2 x; f[x_] := {x, g[x]}; Attributes[h] = {Listable}; h[x_] := x + 1'


def test_the_definitions_the_function_uses_are_saved(session):
    run(session, DEFINE)
    run(session, 'enc = NetEncoder[{"Function", f, {2}}]')
    saved = run(session, 'enc[["Definitions"]]')
    assert "f[x_] := {x, g[x]}" in saved and "g[x_] := 2 x" in saved and "h[" not in saved
    assert run(session, 'NetEncoder[{"Function", f, {2}, SaveDefinitions -> False}]'
                        '[["Definitions"]]') == "{}"
    assert run(session, 'NetEncoder[{"Function", f, {2}, ExcludedContexts -> {"Global`"}}]'
                        '[["Definitions"]]') == "{}"
    assert run(session, 'Length[NetDecoder[{"Function", h[Total[Normal[#]]] &}]'
                        '[["Definitions"]]]') == "2"                 # attributes and rule
    fails(session, 'NetEncoder[{"Function", f, {2}, SaveDefinitions -> 1}]', "NetEncoder::invenc")


def test_saved_definitions_come_back_in_a_fresh_session(session, tmp_path):
    run(session, DEFINE)
    run(session, 'net = NetInitialize@NetChain[{LinearLayer[3]}, '
                 '"Input" -> NetEncoder[{"Function", f, {2}}], '
                 '"Output" -> NetDecoder[{"Function", h[Total[Normal[#]]] &}]]')
    want = run(session, "net[5]")
    run(session, f'Export["{tmp_path}/f.wlnet", net]')
    fresh = Session()
    assert run(fresh, f'Import["{tmp_path}/f.wlnet"][5]') == want
    assert run(fresh, "g[4]") == "8"                     # restored when first applied
    # a session with its own g keeps it
    other = Session()
    run(other, "g[x_] := 100")
    assert run(other, f'Import["{tmp_path}/f.wlnet"][5]') != want and run(other, "g[4]") == "100"


def test_initialization_runs_when_first_applied(session, tmp_path):
    run(session, 'net = NetInitialize@NetChain[{LinearLayer[1]}, "Input" -> '
                 'NetEncoder[{"Function", {# + k} &, {1}, Initialization :> (k = 10)}]]')
    run(session, f'Export["{tmp_path}/i.wlnet", net]')
    fresh = Session()
    run(fresh, f'n = Import["{tmp_path}/i.wlnet"]')
    assert run(fresh, "k") == "k"                        # not at import
    run(fresh, "n[1]")
    assert run(fresh, "k") == "10"


def test_a_net_file_may_not_carry_code_that_does_more_than_compute(session, tmp_path):
    run(session, 'net = NetInitialize@NetChain[{LinearLayer[1]}, "Input" -> '
                 'NetEncoder[{"Function", {Length[FileNames[#]]} &, {1}}]]')
    run(session, f'Export["{tmp_path}/bad.wlnet", net]')
    fails(session, f'Import["{tmp_path}/bad.wlnet"]', "Import::fmterr")
    assert "FileNames" in session.messages[0]
