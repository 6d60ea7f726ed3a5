"""The text coders: "Tokens" encoder and decoder, the "Characters" table forms and decoder,
"Class" with "Multilabel", and the sampling properties of the decoders ("RandomSample" with
its temperature and cuts, repeatable with SeedRandom), on their own and through nets."""

import numpy as np
import pytest

from wlnet.core.session import Session
from wlnet.core.expr import String
from wlnet.net.coders.base import sampling_with
from wlnet.net.coders.decoders import decoder_from_spec, sample_index
from wlnet.net.coders.encoders import encoder_from_spec
from wlnet.net.types import IndexIntegerT
from wlnet.syntax.printer import output_form

from _netutil import lst


@pytest.fixture
def session():
    return Session()


def run(session, text):
    r = session.evaluate(text)
    assert not session.messages, (text, session.messages)
    return output_form(r)


def fails(session, text, tag):
    session.evaluate(text)
    assert session.messages and session.messages[0].startswith(tag), session.messages


# ---------------------------------------------------------------------------- encoders

def test_tokens_codes_and_unknown_token():
    enc = encoder_from_spec(lst("Tokens", lst("the", "cat", "sat")))
    assert enc.type.elem == IndexIntegerT(4)
    # words and punctuation marks; case ignored unless asked; 4 = not in the vocabulary
    assert enc.codes("The cat sat on the mat.") == [1, 2, 3, 4, 1, 4, 4]


@pytest.mark.parametrize("spec, text, want", [
    ('{"Tokens", {"a", "b"}, "TargetLength" -> 4, "IgnoreCase" -> False}', '"a B a"',
     "{1, 3, 1, 3}"),
    ('{"Tokens", {"a", "b"}, "TargetLength" -> 2}', '"b a b a"', "{2, 1}"),
    ('{"Tokens", {"a", "b"}, "SplitPattern" -> ","}', '"a,b,,c"', "{1, 2, 3}"),
    ('{"Tokens", {"a b", "c"}, "SplitPattern" -> None}', '"A B"', "{1}"),
    ('{"Characters", {"ab", "xyz" -> 2}}', '"axbz"', "{1, 2, 2, 2}"),
    ('{"Characters", {"ab", "c" -> 3, _}}', '"a?cb!"', "{1, 4, 3, 2, 4}"),
    ('{"Characters", {StartOfString, "ab", EndOfString}, "TargetLength" -> 5}', '"ab"',
     "{1, 2, 3, 4, 4}"),
    ('{"Characters", "ab", "IgnoreCase" -> True}', '"AbA"', "{1, 2, 1}"),
    # with no EndOfString, padding is the last code (the paclet's rule: the end-of-string
    # code if there is one, else the code count)
    ('{"Characters", "abc", "TargetLength" -> 5}', '"ab"', "{1, 2, 3, 3, 3}"),
    ('{"Class", {"x", "y", "z"}, "Multilabel" -> True}', '{"x", "z"}', "{1., 0., 1.}"),
    ('{"Class", {"x", "y", "z"}, "Multilabel" -> True}', '{{"x", "z"}, {"y"}}',
     "{{1., 0., 1.}, {0., 1., 0.}}"),
    ('{"Tokens", {"the", "cat"}}', '{"the cat", "dog"}', "{{1, 2}, {3}}"),
    # spans: codes n..m to the entries of a spec, new or merged into codes given before
    ('{"Characters", {1 ;; 3 -> "abc", "xyz" -> 3}}', '"abzcx"', "{1, 2, 3, 3, 3}"),
    ('{"Characters", {"ab", 2 ;; 4 -> {"x", "yz" -> Automatic, "w"}}}', '"axwz"',
     "{1, 2, 4, 3}"),
    ('{"Characters", {"ab", 3 ;; 12 -> DigitCharacter, 13 ;; 13 -> EndOfString}}', '"a19"',
     "{1, 4, 12, 13}"),
    # virtual characters -> Automatic: each its own code, after the characters
    ('{"Characters", {"abc", {StartOfString, EndOfString} -> Automatic}}', '"cab"',
     "{4, 3, 1, 2, 5}"),
    ('{"Characters", {"ab", EndOfString -> Automatic}}', '"ba"', "{2, 1, 3}"),
    # "UTF8": each byte b of the UTF-8 encoding is the code b + 1
    ('"UTF8"', '"hi"', "{105, 106}"),
    ('"UTF8"', '"\u00e9"', "{196, 170}"),
    ('"UTF8"', '{"a", "bc"}', "{{98}, {99, 100}}"),
    # a parameter named by a symbol, as IgnoreCase is written for the string functions
    ('{"Characters", "ab", IgnoreCase -> True}', '"AB"', "{1, 2}"),
    ('{"Tokens", {"a", "b"}, IgnoreCase -> False}', '"A b"', "{3, 2}"),
    ('{"Class", {"x", "y"}, Multilabel -> True}', '{"y"}', "{0., 1.}"),
])
def test_encodings(session, spec, text, want):
    assert run(session, f"NetEncoder[{spec}][{text}]") == want


@pytest.mark.parametrize("spec, tag", [
    ('{"Tokens", {"a", "a"}}', "NetEncoder::invtokens"),
    ('{"Tokens", {}}', "NetEncoder::invtokens"),
    ('{"Tokens", {"a"}, "SplitPattern" -> 3}', "NetEncoder::invenc"),
    ('{"Tokens", {"a"}, "Multilabel" -> True}', "NetEncoder::coderparam"),
    ('{"Characters", {"ab", "c" -> 7}}', "NetEncoder::invalph"),
    ('{"Characters", {"ab", 3 ;; 4 -> "x"}}', "NetEncoder::invalph"),      # span too long
    ('{"Characters", {"ab", 4 ;; 5 -> "xy"}}', "NetEncoder::invalph"),     # code 3 skipped
    ('{"Characters", {"ab", 1 ;; 2 -> {"x", EndOfString}}}', "NetEncoder::invalph"),
    ('{"Class", {"x"}, "Multilabel" -> 2}', "NetEncoder::invenc"),
    ('{"Characters", "ab", Foo -> 1}', "NetEncoder::invenc"),
])
def test_bad_encoder_specs(session, spec, tag):
    fails(session, f"NetEncoder[{spec}]", tag)


@pytest.mark.parametrize("spec, param, coder", [
    # the page's parameters of "Characters" are "IgnoreCase" and "TargetLength"; only the
    # "Class" encoder has "Dimensions"
    ('{"Characters", "abc", "Dimensions" -> 5}', "Dimensions", "Characters"),
    ('{"Characters", "abc", "UnitVector", "Dimensions" -> {2}}', "Dimensions", "Characters"),
    ('{"Class", {1, 2}, "TargetLength" -> 3}', "TargetLength", "Class"),
    ('{"UTF8", "IgnoreCase" -> True}', "IgnoreCase", "UTF8"),
])
def test_a_parameter_the_encoder_lacks_is_named(session, spec, param, coder):
    tag = "NetEncoder::codernoparam" if coder == "UTF8" else "NetEncoder::coderparam"
    fails(session, f"NetEncoder[{spec}]", tag)
    assert f'is not a parameter of the "{coder}" encoder' in session.messages[0]
    assert param in session.messages[0]


def test_multilabel_class_refuses_unknown_labels(session):
    fails(session, 'NetEncoder[{"Class", {"x", "y"}, "Multilabel" -> True}][{"x", "w"}]',
          "NetEncoder::encfail")


def test_coders_round_trip_through_their_wl_form(session):
    for spec in ('NetEncoder[{"Tokens", {"a", "b"}, "SplitPattern" -> ",", "TargetLength" -> 3}]',
                 'NetEncoder[{"Characters", {"ab", "c" -> 2, _, EndOfString}}]',
                 'NetEncoder[{"Class", {"x", "y"}, "Multilabel" -> True}]',
                 'NetDecoder[{"Characters", "abc", "InputDepth" -> 1}]',
                 'NetDecoder[{"Tokens", {"a", "b"}}]',
                 'NetDecoder[{"Tokens", {"a", "b"}, "IgnoreCase" -> False}]',
                 'NetDecoder[{"Class", {"x", "y"}, "Multilabel" -> True}]'):
        assert run(session, f"c = {spec}; ToExpression[ToString[InputForm[c]]] === c") == "True"


def test_matching_coders(session):
    assert run(session, 'NetDecoder[NetEncoder[{"Tokens", {"hi", "there"}}]]'
                        '[{{0.1, 0.8, 0.1}, {0.9, 0.05, 0.05}}]') == "there hi"
    assert run(session, 'NetEncoder[NetDecoder[{"Characters", "xyz"}]]["zyx"]') == "{3, 2, 1}"


def test_tokens_decoder_carries_ignore_case_not_the_split_pattern(session):
    # WL's EncoderToDecoder/DecoderToEncoder pass the tokens and "IgnoreCase" only
    run(session, 'e = NetEncoder[{"Tokens", {"Hi", "there"}, "IgnoreCase" -> False, '
                 '"SplitPattern" -> ","}]')
    assert run(session, 'd = NetDecoder[e]; d[["IgnoreCase"]]') == "False"
    assert run(session, 'e2 = NetEncoder[d]; {e2[["IgnoreCase"]], e2[["SplitPattern"]]}') == \
        "{False, Automatic}"
    assert run(session, 'e2["Hi hi there"]') == "{1, 3, 2}"      # case kept: "hi" is unknown
    assert run(session, 'NetDecoder[{"Tokens", {"a"}}][["IgnoreCase"]]') == "True"
    fails(session, 'NetDecoder[{"Tokens", {"a"}, "IgnoreCase" -> 3}]', "NetDecoder::invdec")
    fails(session, 'NetDecoder[{"Tokens", {"a"}, "SplitPattern" -> ","}]',
          "NetDecoder::coderparam")


# ---------------------------------------------------------------------------- decoders

def test_sample_index_follows_temperature_and_cuts():
    rng = np.random.default_rng(0)
    probs = np.array([0.1, 0.2, 0.7])
    draws = [sample_index(probs, {}, rng) for _ in range(4000)]
    assert np.allclose(np.bincount(draws, minlength=3) / 4000, probs, atol=0.03)
    cold = {sample_index(probs, {"Temperature": 0.01}, rng) for _ in range(200)}
    assert cold == {2}
    hot = np.bincount([sample_index(probs, {"Temperature": 50.0}, rng) for _ in range(3000)])
    assert hot.min() > 800                      # nearly uniform
    top2 = {sample_index(probs, {"TopProbabilities": 2}, rng) for _ in range(300)}
    assert top2 == {1, 2}
    nucleus = {sample_index(probs, {"TotalProbabilityCutoff": 0.6}, rng) for _ in range(300)}
    assert nucleus == {2}


def test_random_sample_repeats_with_seed_random(session):
    text = ('d = NetDecoder[{"Class", {"a", "b", "c"}}]; SeedRandom[7]; '
            'Table[d[{0.3, 0.3, 0.4}, "RandomSample"], 12]')
    first = run(session, text)
    assert run(session, text) == first
    assert set(first.strip("{}").split(", ")) == {"a", "b", "c"}


@pytest.mark.parametrize("prop, want", [
    ('"RandomSample" -> 0.001', "c"),
    ('{"RandomSample", "Temperature" -> 0.001}', "c"),
    ('{"RandomSample", "TopProbabilities" -> 1, "Temperature" -> 5}', "c"),
    ('{"TopProbabilities", 2}', "{c -> 0.7, b -> 0.2}"),
    ('"TopDecisions" -> 2', "{c, b}"),
])
def test_class_decoder_properties(session, prop, want):
    assert run(session, f'NetDecoder[{{"Class", {{"a", "b", "c"}}}}][{{0.1, 0.2, 0.7}}, {prop}]') \
        == want


def test_bad_sampling_argument(session):
    fails(session, 'NetDecoder[{"Class", {"a", "b"}}][{0.5, 0.5}, "RandomSample" -> -1]',
          "NetDecoder::invprop")


def test_characters_decoder():
    dec = decoder_from_spec(lst("Characters", lst("ab", "c")))
    probs = np.array([[0.1, 0.8, 0.1], [0.9, 0.05, 0.05], [0.2, 0.2, 0.6]])
    assert dec.decode(probs) == String("bac")
    with sampling_with(np.random.default_rng(1)):
        assert dec.decode(probs, ("RandomSample", 0.001)) == String("bac")
    assert dec.properties() == ["Decision", "RandomSample"]


def test_coder_parameters_by_part(session):
    assert run(session, 'NetDecoder[{"Characters", "abc"}][["Alphabet"]]') == "{a, b, c}"
    assert run(session, 'NetEncoder[{"Characters", "abc"}][["Alphabet"]]') == "{a, b, c}"
    assert run(session, 'NetDecoder[{"CTCBeamSearch", {"x", "y"}}][["Alphabet"]]') == "{x, y}"
    assert run(session, 'NetDecoder[{"CTCBeamSearch", {"x", "y"}, "BeamSize" -> 4}][["BeamSize"]]') \
        == "4"


def test_characters_decoder_leaves_out_virtual_characters(session):
    assert run(session, 'NetDecoder[{"Characters", {"ab", EndOfString}}]'
                        '[{{1, 0, 0}, {0, 0, 1}, {0, 1, 0}}]') == "ab"
    assert run(session, 'NetDecoder[{"Characters", "abc", "InputDepth" -> 1}]'
                        '[{0.1, 0.8, 0.1}, "Decision"]') == "b"


def _ctc_brute_force(probs):
    """Every alignment's probability summed by its collapsed sequence (blank: last)."""
    import itertools
    blank = probs.shape[1] - 1
    totals = {}
    for path in itertools.product(range(probs.shape[1]), repeat=probs.shape[0]):
        codes = tuple(c for i, c in enumerate(path) if c != blank and (i == 0 or c != path[i - 1]))
        totals[codes] = totals.get(codes, 0.0) + np.prod(probs[np.arange(len(path)), path])
    return sorted(totals.items(), key=lambda kv: -kv[1])


def test_ctc_beam_search_sums_alignments():
    from wlnet.net.coders.decoders import ctc_beam_search
    probs = np.random.default_rng(3).dirichlet(np.ones(4), size=5)
    want = _ctc_brute_force(probs)
    got = ctc_beam_search(probs, 1000)          # a beam wide enough to keep every prefix
    assert [c for c, _ in got[:5]] == [c for c, _ in want[:5]]
    for (codes, nll), (_, p) in zip(got[:5], want[:5]):
        assert nll == pytest.approx(-np.log(p), rel=1e-9)
    # beam 1: the best class at each step, repeats merged, blanks removed
    greedy = np.array([[0.6, 0.3, 0.1], [0.7, 0.2, 0.1], [0.1, 0.1, 0.8], [0.6, 0.3, 0.1]])
    assert ctc_beam_search(greedy, 1)[0][0] == (0, 0)


def test_ctc_beam_search_decoder(session):
    run(session, 'd = NetDecoder[{"CTCBeamSearch", {"a", "b"}}]; '
                 'p = {{0.1, 0.6, 0.3}, {0.7, 0.2, 0.1}, {0.2, 0.2, 0.6}, {0.5, 0.4, 0.1}};')
    assert run(session, "d[p]") == "ba"
    assert run(session, 'd[p, "TopDecodings" -> 3]') == "{ba, bab, ab}"
    assert run(session, 'd[p, {"TopDecodings", 2}] === Take[d[p, "Decodings"], 2]') == "True"
    nll = run(session, 'd[p, "TopNegativeLogLikelihoods" -> 2]')
    assert nll.startswith("{ba -> 1.62") and "bab -> " in nll
    assert run(session, 'Length[d[p, "NegativeLogLikelihoods"]] == Length[d[p, "Decodings"]]') \
        == "True"
    assert run(session, "d[{p, p}]") == "{ba, ba}"
    # elements that are not strings give a list; beam 1 is greedy search
    assert run(session, 'NetDecoder[{"CTCBeamSearch", {x, y}, "BeamSize" -> 1}][p]') == "{y, x, x}"
    assert run(session, "ToExpression[ToString[InputForm[d]]] === d") == "True"
    # attached to a net's output: properties through net[data, prop], each example's length
    run(session, 'n = NetChain[{SoftmaxLayer[]}, "Input" -> {"Varying", 3}, "Output" -> d];')
    assert run(session, "n[{{1, 0, 0}, {0, 0, 2}, {0, 1, 0}}]") == "ab"
    assert run(session, 'Length[n[{{{1, 0, 0}}, {{0, 5, 0}, {0, 5, 0}}}, "TopDecodings" -> 2]]') \
        == "2"


@pytest.mark.parametrize("spec", ['{"CTCBeamSearch", {"a", "a"}}',
                                  '{"CTCBeamSearch", {"a"}, "BeamSize" -> 0}',
                                  '{"CTCBeamSearch"}'])
def test_bad_ctc_decoder_specs(session, spec):
    fails(session, f"NetDecoder[{spec}]", "NetDecoder::invdec")


def test_bad_ctc_decoder_property(session):
    fails(session, 'NetDecoder[{"CTCBeamSearch", {"a"}}][{{0.5, 0.5}}, "TopDecodings" -> 0]',
          "NetDecoder::invprop")


def test_multilabel_decoder(session):
    assert run(session, 'NetDecoder[{"Class", {"a", "b", "c"}, "Multilabel" -> True}]'
                        '[{0.9, 0.2, 0.7}]') == "{a, c}"


# ---------------------------------------------------------------------------- through nets

CHAR_NET = ('net = NetInitialize[NetChain[{EmbeddingLayer[4], LongShortTermMemoryLayer[6], '
            'SequenceLastLayer[], LinearLayer[4], SoftmaxLayer[]}, "Input" -> NetEncoder[{'
            '"Characters", "abc "}], "Output" -> NetDecoder[{"Class", Characters["abc "]}]], '
            'RandomSeeding -> 3];')


def test_net_properties_and_seeded_sampling(session):
    run(session, CHAR_NET)
    sample = 'SeedRandom[5]; StringJoin[Table[net["ab", {"RandomSample", "Temperature" -> 2}], 20]]'
    first = run(session, sample)
    assert run(session, sample) == first and len(first) == 20
    assert run(session, 'net["ab", "RandomSample" -> 0.0001] === net["ab"]') == "True"
    assert run(session, 'Length[net[{"ab", "c"}, "Entropy"]]') == "2"
    assert run(session, 'Length[net["ab", "TopProbabilities" -> 2]]') == "2"


def test_sampling_loop_with_a_state_object(session):
    """The WL idiom: feed each sampled character back into a NetStateObject."""
    run(session, 'rnn = NetInitialize[NetChain[{EmbeddingLayer[4], LongShortTermMemoryLayer[6], '
                 'SequenceLastLayer[], LinearLayer[4], SoftmaxLayer[]}, "Input" -> NetEncoder[{'
                 '"Characters", "abc "}], "Output" -> NetDecoder[{"Class", Characters["abc "]}]], '
                 'RandomSeeding -> 3];')
    loop = ('SeedRandom[2]; s = NetStateObject[rnn]; c = "a"; '
            'StringJoin[Table[c = s[c, "RandomSample"], 15]]')
    first = run(session, loop)
    assert len(first) == 15 and run(session, loop) == first


def test_tokens_into_an_embedding(session):
    run(session, 'tok = NetInitialize[NetChain[{EmbeddingLayer[3], SequenceLastLayer[], '
                 'LinearLayer[2], SoftmaxLayer[]}, "Input" -> NetEncoder[{"Tokens", {"good", '
                 '"bad"}}], "Output" -> NetDecoder[{"Class", {"pos", "neg"}}]], RandomSeeding -> 1];')
    assert run(session, 'NetExtract[tok, {1, "ClassCount"}]') == "3"
    assert run(session, 'Length[tok[{"good movie", "bad", "so very good"}]]') == "3"


def test_characters_decoder_on_a_sequence_output(session):
    run(session, 'seq = NetInitialize[NetChain[{EmbeddingLayer[3], LongShortTermMemoryLayer[3], '
                 'SoftmaxLayer[]}, "Input" -> NetEncoder[{"Characters", "abc"}], '
                 '"Output" -> NetDecoder[{"Characters", "abc"}]], RandomSeeding -> 1];')
    out = run(session, 'seq[{"abc", "a"}]')
    words = out.strip("{}").split(", ")
    assert [len(w) for w in words] == [3, 1] and set("".join(words)) <= set("abc")


# ---------------------------------------------------------------------------- training

def test_train_with_a_characters_decoder_of_depth_one(session):
    run(session, 'net = NetChain[{EmbeddingLayer[4], LongShortTermMemoryLayer[8], '
                 'SequenceLastLayer[], LinearLayer[3], SoftmaxLayer[]}, "Input" -> NetEncoder[{'
                 '"Characters", "abc"}], "Output" -> NetDecoder[{"Characters", "abc", '
                 '"InputDepth" -> 1}]];')
    run(session, 't = NetTrain[net, {"ab" -> "c", "bc" -> "a", "ca" -> "b"}, MaxTrainingRounds '
                 '-> 300, RandomSeeding -> 1, TrainingProgressReporting -> None];')
    assert run(session, 't[{"ab", "bc", "ca"}]') == "{c, a, b}"
    fails(session, 'NetTrain[net, {"ab" -> "x"}, MaxTrainingRounds -> 1, '
                   'TrainingProgressReporting -> None]', "NetTrain::invtarget")


def test_train_sequence_to_sequence_with_text_decoders(session):
    """Targets of a "Tokens" (or "Characters") decoder on a sequence output are strings,
    encoded as the decoder's matching encoder does."""
    run(session, 'tok = NetChain[{EmbeddingLayer[4], LongShortTermMemoryLayer[8], '
                 'NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, "Input" -> NetEncoder[{'
                 '"Tokens", {"hi", "yo"}}], "Output" -> NetDecoder[{"Tokens", {"hi", "yo"}}]];')
    run(session, 't = NetTrain[tok, {"hi yo" -> "yo hi", "yo" -> "hi"}, MaxTrainingRounds -> 100, '
                 'RandomSeeding -> 2, TrainingProgressReporting -> None];')
    assert run(session, 't[{"hi yo", "yo"}]') == "{yo hi, hi}"
    run(session, 'seq = NetChain[{EmbeddingLayer[4], LongShortTermMemoryLayer[8], '
                 'NetMapOperator[LinearLayer[3]], SoftmaxLayer[]}, "Input" -> NetEncoder[{'
                 '"Characters", "abc"}], "Output" -> NetDecoder[{"Characters", "abc"}]];')
    fails(session, 'NetTrain[seq, {"ab" -> "xy"}, MaxTrainingRounds -> 1, '
                   'TrainingProgressReporting -> None]', "NetTrain::invtarget")


def test_utf8_encoder_is_to_character_code_plus_one(session):
    assert run(session, 'With[{s = "na\u00efve \u03b1"}, NetEncoder["UTF8"][s] == '
                        'ToCharacterCode[s, "UTF8"] + 1]') == "True"
    assert run(session, 'Dimensions[NetEncoder[{"UTF8", "UnitVector"}]["ab"]]') == "{2, 248}"


def test_utf8_encoder_feeds_a_recurrent_net(session):
    run(session, 'n = NetInitialize[NetChain[{EmbeddingLayer[3], LongShortTermMemoryLayer[2], '
                 'SequenceLastLayer[]}, "Input" -> NetEncoder["UTF8"]]]')
    assert run(session, 'Dimensions[n[{"hello", "\u00e9"}]]') == "{2, 2}"


# ---------------------------------------------------------------------------- "Tokens": split patterns, token lists, standard vocabularies

@pytest.mark.parametrize("spec, data, want", [
    # "SplitPattern" -> None: each input is already a list of tokens; a list of them a batch
    ('{"Tokens", {"the", "cat"}, "SplitPattern" -> None}', '{"The", "cat", "dog"}', "{1, 2, 3}"),
    ('{"Tokens", {"the", "cat"}, "SplitPattern" -> None}', '{{"cat"}, {"the", "the"}}',
     "{{2}, {1, 1}}"),
    # string patterns: split at the matches, pieces trimmed, empty ones dropped
    ('{"Tokens", {"the", "cat"}, "SplitPattern" -> WhitespaceCharacter..}', '"the  cat\\ndog"',
     "{1, 2, 3}"),
    ('{"Tokens", {"the", "cat"}, "SplitPattern" -> RegularExpression["[,;]"]}', '"the; cat,,x"',
     "{1, 2, 3}"),
    ('{"Tokens", {"the", "cat", "."}, "SplitPattern" -> WordBoundary}', '"the cat."',
     "{1, 2, 3}"),
    # a TextElement gives its tokens as they are
    ('{"Tokens", {"the", "cat"}}', 'TextElement[{"the", "cat", "the cat"}]', "{1, 2, 3}"),
    ('{"Tokens", {"the", "cat"}}', '{TextElement[{"cat"}], "the cat"}', "{{2}, {1, 2}}"),
])
def test_tokens_split_patterns_and_given_tokens(session, spec, data, want):
    run(session, f"enc = NetEncoder[{spec}]")
    assert run(session, f"enc[{data}]") == want


@pytest.mark.parametrize("text, tag", [
    ('NetEncoder["Tokens"]', "NetEncoder::tokvocab"),
    ('NetEncoder[{"Tokens", "German"}]', "NetEncoder::tokvocab"),
    ('NetDecoder["Tokens"]', "NetDecoder::tokvocab"),
    ('NetChain[{EmbeddingLayer[3]}, "Input" -> "Tokens"]', "NetChain::tokvocab"),
    ('NetEncoder[{"Tokens", {"a"}, "SplitPattern" -> f[x]}]', "NetEncoder::invenc"),
    ('NetEncoder[{"Tokens", {"a"}, "SplitPattern" -> ""}]', "NetEncoder::invenc"),
    ('NetEncoder[{"Tokens", {"a"}, {"b"}}]', "NetEncoder::invenc"),
])
def test_tokens_without_a_vocabulary_are_messages(session, text, tag):
    fails(session, text, tag)


def test_tokens_split_pattern_survives_export(session, tmp_path):
    run(session, 'net = NetInitialize@NetChain[{EmbeddingLayer[2]}, "Input" -> '
                 'NetEncoder[{"Tokens", {"a", "b"}, "SplitPattern" -> RegularExpression[";"]}]]')
    run(session, f'Export["{tmp_path}/t.wlnet", net]')
    assert run(session, f'Import["{tmp_path}/t.wlnet"]["a;b"] == net["a;b"]') == "True"


# ---------------------------------------------------------------------------- outputs and bypass
# WL's EncoderApply gives a packed array (a list) unless the input holds a NumericArray, and
# an encoder is bypassed by an input that is already its encoding (AllowBypass; for "Class"
# only when no label is an integer).

@pytest.mark.parametrize("enc, data", [
    ('NetEncoder[{"Tokens", {"a", "b"}}]', '"a b"'),
    ('NetEncoder[{"Characters", "abc"}]', '"cab"'),
    ('NetEncoder[{"Class", {"a", "b"}, "UnitVector"}]', '"b"'),
    ('NetEncoder[{"Image", {2, 2}}]', 'Image[{{0, 1}, {1, 0}}]'),
])
def test_encoder_outputs_are_lists(session, enc, data):
    assert run(session, f'Head[{enc}[{data}]]') == "List"


@pytest.mark.parametrize("enc, data", [
    ('NetEncoder[{"Tokens", {"a", "b"}}]', 'NumericArray[{1, 3, 2}, "UnsignedInteger8"]'),
    ('NetEncoder[{"Characters", "abc"}]', 'NumericArray[{3, 1}, "UnsignedInteger8"]'),
    # a batch of two codes
    ('NetEncoder[{"Class", {"a", "b"}}]', 'NumericArray[{2, 1}, "UnsignedInteger8"]'),
    ('NetEncoder[{"Image", {2, 2}}]', 'NumericArray[ConstantArray[0.5, {3, 2, 2}], "Real32"]'),
])
def test_an_encoding_given_as_a_numeric_array_passes_through(session, enc, data):
    assert run(session, f'{enc}[{data}] === {data}') == "True"


def test_an_encoding_given_as_a_list_passes_through(session):
    assert run(session, 'NetEncoder[{"Tokens", {"a", "b"}}][{{1, 2}, {3}}]') == "{{1, 2}, {3}}"
    assert run(session, 'NetEncoder[{"Class", {"a", "b", "c"}}][2]') == "2"
    # with integer labels an integer is a label, never a code
    fails(session, 'NetEncoder[{"Class", {5, 6, 7}}][2]', "NetEncoder::encfail")
    fails(session, 'NetEncoder[{"Tokens", {"a", "b"}}][{7}]', "NetEncoder::encfail")


def test_multilabel_is_false_when_not_set(session):
    # the parameter association leaves it out, but NetExtract and [[…]] give it (an export
    # script checks that a net's decoder is single-label)
    assert run(session, 'NetDecoder[{"Class", {"a", "b"}}][["Multilabel"]]') == "False"
    assert run(session, 'NetEncoder[{"Class", {"a", "b"}}][["Multilabel"]]') == "False"
    assert run(session, 'NetExtract[NetChain[{SoftmaxLayer[]}, "Input" -> 2, "Output" -> '
                        'NetDecoder[{"Class", {"a", "b"}}]], {"Output", "Multilabel"}]') == "False"
    assert run(session, 'NetDecoder[{"Class", {"a", "b"}, "Multilabel" -> True}][["Multilabel"]]'
               ) == "True"
    assert "Multilabel" not in run(session, 'Normal[NetDecoder[{"Class", {"a", "b"}}]]')


def test_a_code_several_characters_share_decodes_to_the_first_of_them(session):
    """The table's "c1c2…" -> n (and a group such as LetterCharacter -> n) maps every ci to
    code n: decoding gives one character per vector, the group's first (it gave all of
    them: "ab" for code 1, the 52 letters for LetterCharacter -> 1)."""
    assert run(session, 'NetDecoder[NetEncoder[{"Characters", {"a" -> 1, "b" -> 1, "c" -> 2}}]]'
                        '[{{1, 0}, {0, 1}, {0.9, 0.1}}]') == "aca"
    assert run(session, 'NetDecoder[{"Characters", {LetterCharacter -> 1, DigitCharacter -> 2}}]'
                        '[{{0.2, 0.8}, {0.7, 0.3}}]') == "0a"
    # a decoder of single vectors ("InputDepth" -> 1) gives that character too
    assert run(session, 'NetDecoder[{"Characters", {"xyz" -> 1, "q" -> 2}, "InputDepth" -> 1}][{0.9, 0.1}]') == "x"
    # the encoding itself keeps the groups
    assert run(session, 'NetEncoder[{"Characters", {"a" -> 1, "b" -> 1, "c" -> 2}}]["abc"]') == "{1, 1, 2}"


def test_sequence_decoders_take_one_vector_or_a_ragged_list_of_sequences(session):
    """The "Characters"/"Tokens" decoders' input is "either a vector of probabilities or a
    sequence of probability vectors" (their pages); a list of inputs may have sequences of
    different lengths."""
    assert run(session, 'NetDecoder[{"Characters", "abc"}][{0.1, 0.8, 0.1}]') == "b"
    assert run(session, 'NetDecoder[{"Tokens", {"x", "y"}}][{0.1, 0.2, 0.7}]') == ""   # unknown
    assert run(session, 'NetDecoder[{"Tokens", {"x", "y"}}][{0.1, 0.8, 0.1}]') == "y"
    assert run(session, 'NetDecoder[{"Characters", "abc"}][{{0.1, 0.8, 0.1}}]') == "b"
    assert run(session, 'NetDecoder[{"Characters", "abc"}][{{{0.1, 0.8, 0.1}}, '
                        '{{0.8, 0.1, 0.1}, {0.1, 0.1, 0.8}}}]') == "{b, ac}"
    fails(session, 'NetDecoder[{"Characters", "abc"}][{0.1, 0.8}]', "NetDecoder::decfail")
    session.messages.clear()
    fails(session, 'NetDecoder[{"Characters", "abc"}][{{{0.1, 0.8, 0.1}}, x}]', "NetDecoder::decfail")
