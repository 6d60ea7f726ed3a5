"""Information[coder] and Information[coder, prop]: the entries of the coder's summary
(type, public parameters, the array it makes or takes)."""

import pytest
from _netutil import quiet_output as run

from wlnet.core.expr import Symbol
from wlnet.core.session import Session


@pytest.fixture
def session():
    return Session()


@pytest.mark.parametrize("text, want", [
    ('Information[NetEncoder[{"Class", {a, b, c}}]]',
     '<|"Type" -> "Class", "Labels" -> {a, b, c}, "OutputForm" -> "Index", "Count" -> 3, '
     '"Output" -> Restricted["Integer", 3]|>'),
    ('Information[NetEncoder[{"Image", {4, 3}}], "ImageSize"]', "{4, 3}"),
    # an encoder's array is its "Output", {channels, height, width} for an image
    ('Information[NetEncoder[{"Image", {4, 3}}], "Output"]', "{3, 3, 4}"),
    ('Information[NetEncoder[{"Image", {4, 3}, "Grayscale"}], {"Type", "ColorChannels"}]',
     "{Image, 1}"),
    # a decoder's array is its "Input"; a size it learns from a net is not known yet
    ('Information[NetDecoder[{"Class", {a, b}}], "Input"]', "2"),
    ('Information[NetDecoder["Class"], "Input"]', "{Automatic}"),
    ('Information[NetDecoder["Boolean"], "Properties"]', "{Type, InputDepth, Input, Properties}"),
    ('Information[{NetDecoder[{"Class", {a, b}}], NetDecoder[{"Class", {x, y, z}}]}, "Input"]',
     "{2, 3}"),
])
def test_information_of_coders(session, text, want):
    assert run(session, text) == want


def test_information_of_an_encoder_is_its_entries(session):
    run(session, 'e = NetEncoder[{"Characters", "abc"}]')
    keys = run(session, 'Keys[Information[e]]')
    assert keys.startswith("{Type, ") and keys.endswith(", Output}")
    assert run(session, 'Information[e, "Output"]') == "{Varying, Restricted[Integer, 3]}"


def test_unknown_coder_property_is_a_message(session):
    session.messages.clear()
    out = session.evaluate('Information[NetEncoder["Boolean"], "Foo"]')
    assert out == Symbol("$Failed")
    assert [m.split(":")[0] for m in session.messages] == ["NetEncoder"]
    assert "::nocoderinfo" in session.messages[0]
