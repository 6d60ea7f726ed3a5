"""wlnet.core.text: lone surrogates escaped on output, source bytes that are not UTF-8."""

import io

import pytest

from wlnet.core.text import SourceEncodingError, decode_source, escape_streams, escape_surrogates


def test_lone_surrogates_are_escaped_as_typed_back():
    assert escape_surrogates("a\ud800b\udfff") == "a\\:d800b\\:dfff"
    assert escape_surrogates("plain é ∀ 😀") == "plain é ∀ 😀"


def test_an_escaping_stream_writes_what_it_cannot_encode():
    raw = io.BytesIO()
    utf8 = io.TextIOWrapper(raw, "utf-8")
    escape_streams(utf8)
    utf8.write("x\ud800y")
    utf8.flush()
    assert raw.getvalue() == b"x\\:d800y"
    raw = io.BytesIO()
    ascii_ = io.TextIOWrapper(raw, "ascii")
    escape_streams(ascii_)
    ascii_.write("\u03b1\U0001F600")
    ascii_.flush()
    assert raw.getvalue() == b"\\:03b1\\|01f600"


def test_source_must_be_utf8_and_the_bad_byte_is_placed():
    assert decode_source("\ufeffx = 1".encode()) == "x = 1"
    with pytest.raises(SourceEncodingError) as err:
        decode_source(b"a = 1\nb = \"\xff\"")
    assert (err.value.line, err.value.column) == (2, 6)
    assert "0xff" in str(err.value)
