"""Coders applied on their own as the NetEncoder / NetDecoder reference pages show them
(the docscoders sweep): the None property, batches of the "Scalar" encoder, "InputDepth"
read back from a decoder mapped over a sequence."""

import pytest
from _netutil import quiet_output as run

from wlnet.core.expr import Symbol
from wlnet.core.session import Session


@pytest.fixture
def session():
    return Session()


@pytest.mark.parametrize("text, want", [
    # NetDecoder page: "net[input, None]" gives the raw output; the decoder pages list
    # None as the property that bypasses decoding and returns the input
    ('NetDecoder[{"Class", {"a", "b", "c"}}][{0.1, 0.7, 0.2}, None]', "{0.1, 0.7, 0.2}"),
    ('NetDecoder["Boolean"][{0.3, 0.9}, None]', "{0.3, 0.9}"),
    ('NetDecoder[{"Characters", "abc"}][{{0.1, 0.8, 0.1}}, None]', "{{0.1, 0.8, 0.1}}"),
    # NetEncoder page: enc[{input1, input2, …}] computes an output for each input
    ('NetEncoder["Scalar"][{1, 2.5}]', "{{1.}, {2.5}}"),
    ('NetEncoder["Scalar"][3]', "{3.}"),
    # "InputDepth" -> 2: the parameter reads back as given
    ('NetDecoder[{"Class", {"a", "b"}, "InputDepth" -> 2}][["InputDepth"]]', "2"),
    ('NetDecoder[{"Class", {"a", "b"}}][["InputDepth"]]', "1"),
    ('NetDecoder[{"Boolean", "InputDepth" -> 1}][["InputDepth"]]', "1"),
    ('NetDecoder["Boolean"][["InputDepth"]]', "0"),
])
def test_coders_on_their_own(session, text, want):
    assert run(session, text) == want


def test_none_property_keeps_the_decoder_usable(session):
    run(session, 'd = NetDecoder[{"Class", {"a", "b"}, "InputDepth" -> 2}]')
    assert run(session, 'd[{{0.1, 0.9}, {0.6, 0.4}}]') == "{b, a}"
    assert run(session, 'd[{{0.1, 0.9}, {0.6, 0.4}}, None]') == "{{0.1, 0.9}, {0.6, 0.4}}"


@pytest.mark.parametrize("text, want", [
    # "Tokens" decoder page: with "IgnoreCase" -> True (the default) the tokens are
    # converted to lower case after decoding
    ('NetDecoder[{"Tokens", {"Hello", "World"}}][{{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}}]',
     "hello world"),
    ('NetDecoder[{"Tokens", {"Hello", "World"}, "IgnoreCase" -> False}]'
     '[{{0.8, 0.1, 0.1}, {0.1, 0.8, 0.1}}]', "Hello World"),
    ('NetDecoder[{"Tokens", {"Hello", "World"}, "InputDepth" -> 1}][{0.1, 0.8, 0.1}]', "world"),
    ('NetDecoder[{"Tokens", {"Hello", "World"}}][["Tokens"]]', "{Hello, World}"),
])
def test_tokens_decoder_ignore_case(session, text, want):
    assert run(session, text) == want


def test_ctc_decodings_are_only_the_possible_ones(session):
    # four vectors cannot give "bbbb" (each repeat needs a blank between): the beam's
    # impossible candidates (negative log-likelihood Infinity) are not decodings
    run(session, 'x = {{0.1, 0.8, 0.1}, {0.1, 0.1, 0.8}, {0.7, 0.2, 0.1}, {0.6, 0.3, 0.1}}; '
                 'd = NetDecoder[{"CTCBeamSearch", {"a", "b"}}]')
    decodings = run(session, 'd[x, "Decodings"]')
    assert "bbbb" not in decodings and "bab" in decodings
    assert run(session, 'FreeQ[d[x, "NegativeLogLikelihoods"], Infinity]') == "True"
    assert run(session, 'Length[d[x, "Decodings"]] == Length[d[x, "NegativeLogLikelihoods"]]') \
        == "True"
    assert run(session, 'd[x]') == "ba"


def test_subword_text_processing_is_read_under_both_names(session):
    # the English page names the parameter "TextProcessing", the translated pages
    # "TextPreprocessing"
    run(session, 'toks = {"the", " cat", "s", "t", "h", "e", _}')
    plain = run(session, 'NetEncoder[{"SubwordTokens", toks, Method -> "WordPiece"}]["the cats"]')
    upper = run(session, 'NetEncoder[{"SubwordTokens", toks, Method -> "WordPiece"}]["THE CATS"]')
    assert plain != upper
    for name in ("TextProcessing", "TextPreprocessing"):
        assert run(session, f'NetEncoder[{{"SubwordTokens", toks, Method -> "WordPiece", '
                            f'"{name}" -> ToLowerCase}}]["THE CATS"]') == plain


@pytest.mark.parametrize("text, head", [
    ('NetChain[{LinearLayer[3]}, "Input" -> 2, "Output" -> NetDecoder[{"Class", {"a", "b"}}]]',
     "NetChain"),
    ('LinearLayer[3, "Input" -> 2, "Output" -> NetDecoder[{"Class", {"a", "b"}}]]', "LinearLayer"),
    ('NetGraph[{LinearLayer[3]}, {}, "Input" -> 2, "Output" -> NetDecoder[{"Class", {"a", "b"}}]]',
     "NetGraph"),
])
def test_a_decoder_of_the_wrong_size_is_named_with_its_own_type(session, text, head):
    # the message names the decoder first: its type is the two-class vector, the port's
    # the layer's three (they were the other way round)
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith(f"{head}::tyinc")
    assert ('decoder on port "Output" (a length-2 vector of real numbers) is inconsistent with '
            'port "Output" (a length-3 vector of real numbers)') in session.messages[0]


@pytest.mark.parametrize("text, want", [
    # NetDecoder["Class"] numbers its classes 1, 2, …: "Probability" -> k takes such a class
    ('NetDecoder["Class"][{0.2, 0.8}, "Probability" -> 2]', "0.8"),
    ('NetDecoder["Class"][{{0.2, 0.8}, {0.6, 0.4}}, {"Probability", 1}]', "{0.2, 0.6}"),
    ('NetDecoder[{"Class", {1, 2, 3}}][{0.2, 0.5, 0.3}, "Probability" -> 3]', "0.3"),
    # "TopProbabilities" keeps the classes above a tenth of the largest probability
    ('NetDecoder[{"Class", {"a", "b", "c"}}][{0.05, 0.9, 0.05}, "TopProbabilities"]', "{b -> 0.9}"),
])
def test_class_decoder_probability_of_a_class(session, text, want):
    assert run(session, text) == want


@pytest.mark.parametrize("text, tag", [
    ('NetDecoder[{"Class", {"a", "b"}}][{0.2, 0.8}, "Probability" -> "z"]',
     "NetDecoder::notclassmember"),
    ('NetDecoder[{"Class", {"a", "b"}}][{0.2, 0.8}, "Foo"]', "NetDecoder::invprop"),
    ('NetDecoder["Class"][{0.2, 0.8}, "Probability" -> 3]', "NetDecoder::decfail"),
])
def test_class_decoder_property_messages(session, text, tag):
    assert session.evaluate(text) == Symbol("$Failed")
    assert session.messages and session.messages[0].startswith(tag)


def test_a_net_asked_the_probability_of_no_class(session):
    run(session, 'net = NetInitialize[NetChain[{LinearLayer[2], SoftmaxLayer[]}, "Input" -> 2, '
                 '"Output" -> NetDecoder[{"Class", {"a", "b"}}]], RandomSeeding -> 1];')
    assert float(run(session, 'net[{1, 2}, {"Probability", "a"}]')) > 0
    assert session.evaluate('net[{1, 2}, {"Probability", "z"}]') == Symbol("$Failed")
    assert session.messages and session.messages[0].startswith("NetChain::notclassmember")


def test_video_frames_encoder_says_what_is_missing_and_the_way_round(session):
    session.messages.clear()
    assert session.evaluate('NetEncoder[{"VideoFrames", {4, 3}}]') == Symbol("$Failed")
    assert len(session.messages) == 1 and "NetEncoder::videona" in session.messages[0]
    # the way round it names: a sequence of images
    run(session, 'n = NetInitialize[NetChain[{NetMapOperator[FlattenLayer[]], '
                 'LongShortTermMemoryLayer[2]}, "Input" -> {"Varying", NetEncoder[{"Image", {4, 3}}]}]]')
    assert run(session, 'Dimensions[n[Table[Image[RandomReal[1, {3, 4, 3}]], 5]]]') == "{5, 2}"


@pytest.mark.parametrize("text, want", [
    # a character group on the left of a rule stands for its characters, as "c1c2…" does
    ('NetEncoder[{"Characters", {LetterCharacter -> 1, DigitCharacter -> Automatic, " "}}]'
     '["ab1 9"]', "{1, 1, 2, 3, 2}"),
    ('NetEncoder[{"Characters", {"ab", DigitCharacter -> 2}}]["a5b"]', "{1, 2, 2}"),
    ('NetEncoder[{"Characters", {WhitespaceCharacter -> 1, "x"}}][["Count"]]', "2"),
])
def test_character_groups_as_rule_keys(session, text, want):
    assert run(session, text) == want
