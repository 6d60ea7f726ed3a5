"""WXF bytes (wlnet/core/wxf.py): the format's documented tokens, both ways."""

from __future__ import annotations

import struct
import zlib

import numpy as np
import pytest

from wlnet.core.expr import Complex, Expr, Integer, Rational, Real, S, String, Symbol
from wlnet.core.numeric_array import NumericArray
from wlnet.core.packed import is_packed, pack, packed_array
from wlnet.core.wxf import WXFError, from_wxf, to_wxf


def test_the_documented_bytes_of_a_list_with_a_global_symbol():
    # WL's BinarySerialize[{1, x}]: 8: f 2 s "List" C 1 s "Global`x"
    data = to_wxf(Expr(S.List, Integer(1), Symbol("x")))
    assert list(data) == [56, 58, 102, 2, 115, 4, 76, 105, 115, 116, 67, 1, 115, 8, 71,
                          108, 111, 98, 97, 108, 96, 120]


@pytest.mark.parametrize("value, token, size", [
    (5, b"C", 1), (-128, b"C", 1), (300, b"j", 2), (-40000, b"i", 4), (2 ** 40, b"L", 8)])
def test_integers_take_the_narrowest_width(value, token, size):
    data = to_wxf(Integer(value))
    assert data[2:3] == token and len(data) == 3 + size
    assert from_wxf(data) == Integer(value)


def test_big_numbers_are_decimal_text():
    big = Integer(2 ** 100)
    data = to_wxf(big)
    assert data[2:3] == b"I" and data[4:] == str(2 ** 100).encode()
    assert from_wxf(data) == big
    bignum = Real("3.14159265358979323846264338328", 30)
    back = from_wxf(to_wxf(bignum))
    assert type(back) is Real and back.precision == pytest.approx(30)


def test_a_machine_real_is_a_little_endian_double():
    assert to_wxf(Real(2.5)) == b"8:r" + struct.pack("<d", 2.5)


def test_strings_are_utf8_with_a_varint_length():
    text = "é" * 100                       # 200 bytes: a two-byte varint
    data = to_wxf(String(text))
    assert data[2:5] == b"S\xc8\x01" and from_wxf(data) == String(text)


def test_packed_arrays_and_numeric_arrays():
    ints = pack(np.arange(6).reshape(2, 3))
    data = to_wxf(ints)
    assert data[2] == 0xC1 and data[3] == 0x00 and data[4:7] == bytes([2, 2, 3])
    back = from_wxf(data)
    assert is_packed(back) and np.array_equal(packed_array(back), np.arange(6).reshape(2, 3))
    reals = pack(np.linspace(0, 1, 4))
    assert from_wxf(to_wxf(reals)) == reals
    na = NumericArray(np.array([[1, 2], [3, 4]]), "UnsignedInteger16")
    data = to_wxf(na)
    assert data[2] == 0xC2 and data[3] == 0x11
    back = from_wxf(data)
    assert type(back) is NumericArray and back.type_name == "UnsignedInteger16" and back == na


def test_associations_rules_and_delayed_rules():
    assoc = Expr(S.Association, Expr(S.Rule, String("a"), Integer(1)),
                 Expr(S.RuleDelayed, Symbol("b"), Expr(S.Plus, Integer(1), Integer(1))))
    data = to_wxf(assoc)
    assert data[2:4] == b"A\x02" and data[4:5] == b"-"
    assert from_wxf(data) == assoc


def test_rationals_complex_numbers_and_byte_arrays():
    for e in (Rational(3, 4), Complex(Integer(1), Integer(2))):
        assert from_wxf(to_wxf(e)) == e
    ba = Expr(S.ByteArray, pack(np.array([0, 7, 255])))
    data = to_wxf(ba)
    assert data == b"8:B\x03\x00\x07\xff" and from_wxf(data) == ba


def test_compressed_form():
    e = pack(np.zeros(1000, dtype=np.int64))
    data = to_wxf(e, compress=True)
    assert data.startswith(b"8C:") and zlib.decompress(data[3:]) == to_wxf(e)[2:]
    assert from_wxf(data) == e and len(data) < len(to_wxf(e))


@pytest.mark.parametrize("data, reason", [
    (b"xx", "header"), (b"8:f\x02s\x04List", "ends inside"), (b"8:\x99", "unknown token"),
    (b"8:C\x01C\x02", "follow"), (b"8C:notzlib", "damaged")])
def test_bytes_that_are_not_wxf(data, reason):
    with pytest.raises(WXFError, match=reason):
        from_wxf(data)
