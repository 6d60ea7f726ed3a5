"""NetEncoder / NetDecoder "SubwordTokens" (wlnet/net/coders/subword.py): BPE and WordPiece
segmentation, the parameters, SentencePiece model files, the matching decoder, and the
coder on a net's port through NetTrain and Export/Import."""

import struct

import numpy as np
import pytest

from wlnet.core.expr import Symbol, to_python
from wlnet.core.session import Session
from wlnet.net.coders.encoders import ANY
from wlnet.net.coders.subword import bpe_segments, read_sentencepiece_model

# BPE reaches a token only through tokens: " the" by " t" and " th"
TOKENS = ('{_, " the", " cat", " th", " t", " ca", "at", " c", "a", "t", " ", "h", "e", "c", '
          'StartOfString, EndOfString}')


@pytest.fixture
def session():
    s = Session(echo=False)
    s.evaluate(f"tokens = {TOKENS}")
    return s


def value(session, text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    return to_python(got)


def fails(session, text, tag):
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith(tag), session.messages


def test_bpe_merges_the_earliest_token_first():
    ranks = {"ab": 1, "bc": 2, "abc": 3, "cd": 4}
    assert bpe_segments("abcd", ranks) == ["abc", "d"]       # ab (rank 1), then abc
    assert bpe_segments("bcd", ranks) == ["bc", "d"]
    assert bpe_segments("xyz", ranks) == ["x", "y", "z"]
    assert bpe_segments("", ranks) == []


def test_encoder_codes_words_with_their_leading_space(session):
    session.evaluate('enc = NetEncoder[{"SubwordTokens", tokens}]')
    assert value(session, 'enc[" the cat"]') == [2, 3]
    # "the" at the start has no space before it: its characters (and "at" merged)
    assert value(session, 'enc["the cat"]') == [10, 12, 13, 3]
    assert value(session, 'enc["the dog"]') == [10, 12, 13, 11, 1, 1, 1]    # _ = unknown
    assert value(session, 'enc[{" cat", " the"}]') == [[3], [2]]             # a batch
    assert value(session, 'enc[["Count"]]') == 16
    assert value(session, 'enc[["IncludeTerminalTokens"]]') is False
    assert value(session, 'enc[["Tokens"]][[2 ;; 3]]') == [" the", " cat"]


@pytest.mark.parametrize("options, text, want", [
    ('"IncludeTerminalTokens" -> True', '" cat"', [15, 3, 16]),
    ('"TargetLength" -> 4', '" cat"', [3, 16, 16, 16]),               # padded with EndOfString
    ('"TargetLength" -> 1', '" the cat"', [2]),
    ('"IgnoreCase" -> True', '" THE"', [2]),
    ('"IgnoreCase" -> False', '" THE"', [11, 1, 1, 1]),
    ('Method -> {"BPE", "WhitespacePadding" -> Left}', '"the"', [2]),
    ('Method -> {"BPE", "CombineWhitespace" -> True}', '"   cat"', [3]),
    ('"UnicodeNormalization" -> "NFKC"', '" \uff43at"', [3]),           # fullwidth c
    ('"Vocabulary" -> {" the", "at", "a", "t", "h", "e", " "}', '" cat"', [11, 1, 7]),
    ('"TextPreprocessing" -> (StringReplace[#, "dog" -> "cat"] &)', '" dog"', [3]),
    ('Method -> "WordPiece"', '" cath"', [3, 12]),
])
def test_encoder_parameters(session, options, text, want):
    session.evaluate(f'enc = NetEncoder[{{"SubwordTokens", tokens, {options}}}]')
    assert value(session, f"enc[{text}]") == want


@pytest.mark.parametrize("spec", [
    '{"SubwordTokens", {"a", "b"}}',                                   # no _
    '{"SubwordTokens", {_, "a"}, "IncludeTerminalTokens" -> True}',   # no StartOfString
    '{"SubwordTokens", {_, "a", "a"}}',
    '{"SubwordTokens", {_, "a"}, "TargetLength" -> 0}',
    '{"SubwordTokens", {_, "a"}, "UnicodeNormalization" -> "NFX"}',
    '{"SubwordTokens", {_, "a"}, Method -> "Unigram"}',
    '{"SubwordTokens", File["/nonexistent/model"]}',
    '"SubwordTokens"',
])
def test_bad_specifications(session, spec):
    fails(session, f"NetEncoder[{spec}]", "NetEncoder::invenc")


def test_an_unknown_parameter_is_named(session):
    fails(session, 'NetEncoder[{"SubwordTokens", {_, "a"}, "Colour" -> 1}]',
          "NetEncoder::coderparam")
    # a suboption of Method is not a parameter of the encoder: the whole spec is refused
    fails(session, 'NetEncoder[{"SubwordTokens", {_, "a"}, Method -> {"BPE", "Colour" -> 1}}]',
          "NetEncoder::invenc")


def test_bad_input_is_a_message(session):
    session.evaluate('enc = NetEncoder[{"SubwordTokens", tokens}]')
    fails(session, "enc[3]", "NetEncoder::encfail")


def test_matching_decoder_joins_tokens_and_trims_padding(session):
    session.evaluate('enc = NetEncoder[{"SubwordTokens", tokens, '
                     'Method -> {"BPE", "WhitespacePadding" -> Left}}]')
    session.evaluate("dec = NetDecoder[enc]")
    assert value(session, "dec[UnitVector[16, #] & /@ {15, 2, 3, 1, 16}]") == "the cat"
    assert session.evaluate('dec[["WhitespaceTrimming"]]') == Symbol("Left")
    assert value(session, "NetEncoder[dec][\"the\"]") == [2]
    assert value(session, 'NetDecoder[{"SubwordTokens", tokens}][UnitVector[16, #] & /@ {2, 3}]') \
        == " the cat"
    fails(session, 'NetDecoder[{"SubwordTokens", {"a"}}]', "NetDecoder::invdec")
    fails(session, "dec[{1, 2}]", "NetDecoder::decfail")


def _proto_piece(text: str, kind: int) -> bytes:
    piece = text.encode()
    body = b"\x0a" + bytes([len(piece)]) + piece + b"\x15" + struct.pack("<f", 0.0) \
        + b"\x18" + bytes([kind])
    return b"\x0a" + bytes([len(body)]) + body


def test_sentencepiece_model_file(tmp_path, session):
    model = b"".join([_proto_piece("<unk>", 2), _proto_piece("<s>", 3), _proto_piece("</s>", 3),
                      _proto_piece("\u2581the", 1), _proto_piece("\u2581th", 1),
                      _proto_piece("\u2581t", 1), _proto_piece("t", 1), _proto_piece("h", 1),
                      _proto_piece("e", 1), _proto_piece("\u2581", 1)])
    assert read_sentencepiece_model(model) == (ANY, "StartOfString", "EndOfString", " the",
                                               " th", " t", "t", "h", "e", " ")
    with pytest.raises(ValueError):
        read_sentencepiece_model(b"\x0a\x05ab")
    path = tmp_path / "m.model"
    path.write_bytes(model)
    session.evaluate(f'enc = NetEncoder[{{"SubwordTokens", File["{path}"], '
                     '"IncludeTerminalTokens" -> True}]')
    assert value(session, 'enc[" the xe"]') == [2, 4, 10, 1, 9, 3]


def test_trains_on_a_net_and_survives_export(session, tmp_path):
    session.evaluate('net = NetChain[{EmbeddingLayer[4], SequenceLastLayer[], LinearLayer[2], '
                     'SoftmaxLayer[]}, "Input" -> NetEncoder[{"SubwordTokens", tokens}], '
                     '"Output" -> NetDecoder[{"Class", {"x", "y"}}]]')
    session.evaluate('trained = NetTrain[net, {" the cat" -> "x", " cat the" -> "y"}, '
                     'MaxTrainingRounds -> 300, RandomSeeding -> 7, '    # two examples: seeded
                     'TrainingProgressReporting -> None]')
    assert session.messages == []
    assert value(session, 'trained[{" the cat", " cat the"}]') == ["x", "y"]
    session.evaluate(f'Export["{tmp_path}/n.wlnet", trained]')
    session.evaluate(f'back = Import["{tmp_path}/n.wlnet"]')
    p = np.array(value(session, 'Values[back[" the cat", "Probabilities"]]'))
    q = np.array(value(session, 'Values[trained[" the cat", "Probabilities"]]'))
    assert np.allclose(p, q, atol=1e-5)
