"""Compressed expression strings: wlnet's own Compress text and the Wolfram Language's
binary form (what notebooks' CompressedData and Mathematica's Compress hold).  The binary
payloads here are written by ``_binary`` below from the layout that
wlnet.core.compressed_data describes."""

import base64
import struct
import zlib

import numpy as np
import pytest

import wlnet
from wlnet.core.compressed_data import CompressedDataError, decode
from wlnet.core.numeric_array import NumericArray
from wlnet.syntax.printer import input_form


def _count(n):
    return struct.pack("<i", n)


def _sym(name):
    data = name.encode()
    return b"s" + _count(len(data)) + data


def _str(text):
    data = text.encode()
    return b"S" + _count(len(data)) + data


def _call(head, *parts):
    return b"f" + _count(len(parts)) + head + b"".join(parts)


def _array(token, arr):
    arr = np.asarray(arr)
    return (token + _count(arr.ndim) + b"".join(_count(d) for d in arr.shape)
            + arr.astype({b"b": "<i1", b"n": "<i4", b"l": "<f4", b"e": "<f8"}[token]).tobytes())


def _binary(body: bytes, wrap: int = 0) -> str:
    text = base64.b64encode(zlib.compress(b"!boR" + body)).decode("ascii")
    if wrap:                       # as a notebook breaks the string over lines
        text = "\n".join(text[i:i + wrap] for i in range(0, len(text), wrap))
    return "1:" + text


def test_calls_symbols_and_strings():
    e = decode(_binary(_call(_sym("List"), _sym("x"), _str("a b"), _sym("Global`y"))))
    assert input_form(e) == '{x, "a b", y}'


@pytest.mark.parametrize("token, values, shown", [
    (b"b", [[1, -2], [3, 4]], "{{1, -2}, {3, 4}}"),
    (b"n", [70000, -5], "{70000, -5}"),
    (b"e", [[0.5], [2.25]], "{{0.5}, {2.25}}"),
    (b"l", [0.5, -1.5], "{0.5, -1.5}"),
])
def test_packed_arrays_of_each_element_type(token, values, shown):
    assert input_form(decode(_binary(_array(token, values)))) == shown


def test_raw_arrays_take_their_bytes_in_their_own_type():
    # bytes 200 and 255 are stored as 8-bit integers; RawArray["UnsignedInteger8", …] reads
    # them unsigned
    data = np.array([[200, 255], [0, 7]], dtype=np.uint8).view(np.int8)
    e = decode(_binary(_call(_sym("RawArray"), _str("UnsignedInteger8"), _array(b"b", data))))
    assert type(e) is NumericArray and e.type_name == "UnsignedInteger8"
    assert e.array.tolist() == [[200, 255], [0, 7]]
    weights = decode(_binary(_call(_sym("RawArray"), _str("Real32"), _array(b"l", [0.25, 3]))))
    assert weights.type_name == "Real32" and weights.array.tolist() == [0.25, 3.0]


def test_line_breaks_inside_the_string_are_ignored():
    text = _binary(_array(b"n", list(range(40))), wrap=20)
    assert "\n" in text
    assert input_form(decode("\n" + text + "\n")) == input_form(decode(text.replace("\n", "")))


@pytest.mark.parametrize("text, reason", [
    ("2:abc", "1:"),
    ("1:not base64!", "damaged"),
    (_binary(b"f" + _count(2) + _sym("List") + _sym("x")), "ends inside"),
    (_binary(_sym("x") + b"junk"), "follow"),
    (_binary(b"Q"), "does not read"),
    (_binary(_array(b"e", [1.0])[:-3]), "ends inside"),
])
def test_damaged_or_unknown_data_is_an_error(text, reason):
    with pytest.raises(CompressedDataError) as err:
        decode(text)
    assert reason in err.value.reason


def test_uncompress_reads_both_forms_and_wraps():
    s = wlnet.Session()
    assert s.evaluate('Uncompress[Compress[{1, x, "a"}]]') == s.evaluate('{1, x, "a"}')
    s.evaluate(f'c = "{_binary(_call(_sym("Plus"), _array(b"n", [1, 2]), _array(b"n", [3, 4])))}"')
    assert input_form(s.evaluate("Uncompress[c]")) == "{4, 6}"
    assert input_form(s.evaluate("Uncompress[c, Hold]")) == "Hold[{1, 2} + {3, 4}]"
    not_an_expression = "1:" + base64.b64encode(zlib.compress(b"f[")).decode("ascii")
    result = s.evaluate(f'Uncompress["{not_an_expression}"]')
    assert input_form(result) == f'Uncompress["{not_an_expression}"]'
    assert "Uncompress::nocomp" in s.messages[-1]


def test_compressed_data_and_raw_array_as_notebooks_hold_net_weights():
    # an InterpretationBox of a net keeps RawArray["Real32", CompressedData["1:…"]]
    s = wlnet.Session()
    text = _binary(_array(b"l", [[0.5, -1.0], [2.0, 0.25]]))
    weights = s.evaluate(f'RawArray["Real32", CompressedData["{text}"]]')
    assert type(weights) is NumericArray and weights.type_name == "Real32"
    assert weights.array.tolist() == [[0.5, -1.0], [2.0, 0.25]]
    assert type(s.evaluate('RawArray["UnsignedInteger8", {1, 2}]')) is NumericArray


def test_a_net_in_the_wolfram_languages_form_with_raw_arrays_runs():
    s = wlnet.Session()
    s.evaluate('net = NetInitialize[NetChain[{LinearLayer[2], Tanh}, "Input" -> 3], '
               'RandomSeeding -> 1]')
    stored = s.evaluate('StringReplace[ToString[net, InputForm], "NumericArray[" ~~ '
                        'Shortest[d__] ~~ ", \\"Real32\\"]" :> "RawArray[\\"Real32\\", " <> d <> "]"]')
    assert "RawArray[" in stored.value and "NumericArray" not in stored.value
    s.evaluate(f"net2 = {stored.value}")
    assert input_form(s.evaluate("net2[{1, 2, 3}] == net[{1, 2, 3}]")) == "True"
