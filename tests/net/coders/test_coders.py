"""NetEncoder / NetDecoder on their own (wlnet/net/coders/)."""

import numpy as np
import pytest

from wlnet.core.expr import Integer, String
from wlnet.net.coders.base import CoderError
from wlnet.net.coders.decoders import decoder_from_spec
from wlnet.net.coders.encoders import DEFAULT_ALPHABET, encoder_from_spec
from wlnet.net.errors import NetSpecError
from wlnet.net.types import IndexIntegerT, RealT
from wlnet.net.coders.expr import coder_from_expr
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form

from _netutil import lst, rule, sym


@pytest.mark.parametrize("alphabet, count", [
    (sym("Automatic"), 97), ("abc", 3), (sym("DigitCharacter"), 10), (sym("LetterCharacter"), 52),
    (lst(sym("DigitCharacter"), "+"), 11), (lst("x", "y", " "), 3),
])
def test_alphabet_sizes(alphabet, count):
    enc = encoder_from_spec(lst("Characters", alphabet))
    assert enc.count == count and enc.type.elem == IndexIntegerT(count)


def test_default_alphabet_codes():
    enc = encoder_from_spec(String("Characters"))
    assert len(DEFAULT_ALPHABET) == 97
    assert enc.codes("hello") == [75, 72, 79, 79, 82]
    assert enc.codes("\t\n ") == [1, 2, 3]


def test_digit_plus_codes():
    enc = encoder_from_spec(lst("Characters", lst(sym("DigitCharacter"), "+")))
    assert enc.codes("12+3") == [2, 3, 11, 4]


def test_unit_vector_form():
    enc = encoder_from_spec(lst("Characters", "ab", "UnitVector"))
    assert enc.type.dims[1] == 2 and enc.type.elem == RealT
    assert enc.encode_array(String("ba")).tolist() == [[0.0, 1.0], [1.0, 0.0]]


def test_invalid_character_fails():
    enc = encoder_from_spec(lst("Characters", "ab"))
    with pytest.raises(CoderError):
        enc.codes("abc")


def test_invalid_specs():
    for spec in (lst("Characters", Integer(3)), String("Bogus"), lst("Characters", "ab", "Nope")):
        with pytest.raises(NetSpecError):
            encoder_from_spec(spec)


def test_class_encoder():
    enc = encoder_from_spec(lst("Class", lst(sym("a"), sym("b"))))
    assert int(enc.encode_array(sym("b"))) == 2


def test_class_decoder_properties():
    dec = decoder_from_spec(lst("Class", lst(sym("a"), sym("b"), sym("c"))))
    p = np.array([0.1, 0.2, 0.7])
    assert dec.decode(p) is sym("c")
    top = dec.decode(p, "TopProbabilities")
    assert [r.args[0] for r in top.args] == [sym("c"), sym("b"), sym("a")]
    probs = dec.decode(p, "Probabilities")
    assert [r.args[1].value for r in probs.args] == [0.1, 0.2, 0.7]
    ent = dec.decode(p, "Entropy").value
    assert abs(ent - -(0.1 * np.log(0.1) + 0.2 * np.log(0.2) + 0.7 * np.log(0.7))) < 1e-12
    assert dec.decode(p, ("TopDecisions", 2)).args == (sym("c"), sym("b"))


def test_class_decoder_without_labels_gives_integers():
    dec = decoder_from_spec(String("Class"))
    assert dec.decode(np.array([0.3, 0.7])) == Integer(2)


def test_class_coder_parameters_by_name():
    # the positional parameters under the names Normal shows them by (a segmentation
    # package writes NetDecoder[{"Class", "Labels" -> Range[n], "InputDepth" -> d}])
    s = Session()
    assert s.evaluate('NetDecoder[{"Class", "Labels" -> {a, b}, "InputDepth" -> 2}]'
                      '[{{0.1, 0.9}, {0.8, 0.2}}]') == s.evaluate("{b, a}")
    assert s.evaluate('NetEncoder[{"Class", "Labels" -> {a, b}, "OutputForm" -> "UnitVector"}]'
                      '[b]') == s.evaluate("{0., 1.}")
    assert s.evaluate('Normal[NetEncoder[{"Class", "OutputForm" -> "UnitVector"}]]["Labels"]') \
        is sym("Automatic")
    with pytest.raises(NetSpecError):               # given both ways
        decoder_from_spec(lst("Class", lst(1, 2), rule("Labels", lst(1, 2))))


def test_coders_round_trip_through_wl_form():
    for c in (encoder_from_spec(lst("Characters", lst(sym("DigitCharacter"), "+"))),
              encoder_from_spec(lst("Class", lst(sym("a"), sym("b")), "UnitVector")),
              decoder_from_spec(lst("Class", lst(1, 2))), decoder_from_spec(String("Scalar"))):
        e = c.to_expr()
        assert coder_from_expr(e).to_expr() == e


# ---------------------------------------------------------------------------- messages
# A misspelt parameter or type is named, with what the coder takes, rather than the whole
# specification being called invalid (the project's wording; NetEncoder/NetDecoder pages
# list each type's parameters).

@pytest.mark.parametrize("code, tag, words", [
    ('NetEncoder[{"Class", {1, 2}, "Multilable" -> True}]', "NetEncoder::coderparam",
     ['"Multilable"', '"Class" encoder', '"Multilabel", "Dimensions"']),
    ('NetEncoder[{"Characters", "abc", "IgnoreCase" -> True, "Lenght" -> 3}]',
     "NetEncoder::coderparam", ['"Lenght"', '"IgnoreCase", "TargetLength"']),
    ('NetEncoder[{"Boolean", "TargetLength" -> 3}]', "NetEncoder::codernoparam",
     ['"TargetLength"', "takes none"]),
    ('NetDecoder[{"Class", {1, 2}, "Depth" -> 2}]', "NetDecoder::coderparam",
     ['"Depth"', '"Class" decoder', '"InputDepth"']),
    ('NetDecoder[{"CTCBeamSearch", {"a"}, "Beam" -> 1}]', "NetDecoder::coderparam",
     ['"BeamSize"']),
    ('NetEncoder[{"Function", f, {2}, "Batch" -> True}]', "NetEncoder::coderparam",
     ['"Batch"', '"Batched"']),
    ('NetEncoder["Imag"]', "NetEncoder::codertype", ['"Imag"', '"Image"', '"AudioMFCC"']),
    ('NetDecoder[{"Clas", {1, 2}}]', "NetDecoder::codertype", ['"Clas"', '"Class"']),
])
def test_an_unknown_parameter_or_type_is_named(code, tag, words):
    s = Session(echo=False)
    assert output_form(s.evaluate(code)) == "$Failed"
    [text] = s.messages
    assert text.startswith(tag + ":")
    assert all(w in text for w in words), text


def test_known_parameters_still_construct():
    s = Session(echo=False)
    for code in ('NetEncoder[{"Class", {1, 2}, "Multilabel" -> True}]',
                 'NetEncoder[{"Characters", "abc", "IgnoreCase" -> True, "TargetLength" -> 4}]',
                 'NetEncoder[{"Characters", "abc" -> 1}]',
                 'NetDecoder[{"Class", {1, 2}, "InputDepth" -> 2}]'):
        s.evaluate(code)
    assert s.messages == []
