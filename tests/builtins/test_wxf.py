"""WXF (wlnet.builtins.wxf): BinarySerialize / BinaryDeserialize and Export / Import of
.wxf files: round trips of every kind of token, the bytes of small cases, compressed
bodies, nets and NumericArrays in files, and messages for bytes that are not WXF."""

import numpy as np
import pytest

from tests.builtins._support import check, check_example, declared_examples, run
from wlnet.builtins.wxf import WXFError, read_wxf, wxf_bytes
from wlnet.core.expr import Integer
from wlnet.core.session import Session


@pytest.mark.parametrize("name,text,expected", declared_examples("wxf"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text", [
    "0", "-128", "127", "128", "-32769", "2^40", "-2^70", "1.5", "-0.25", "N[Pi, 30]",
    '"text é"', "x", "Sin[x]", "f[g[1], {}]", "3/4", "1.5 - 2 I", "{1.5, 2.5, 3.5}",
    "Range[5]", '<|"a" -> 1, 2 :> y|>', "<||>", "{{1, 2}, {3, 4}}", "Hold[1 + 1]",
])
def test_round_trip(text):
    check(f"BinaryDeserialize[BinarySerialize[{text}]] === {text}", "True")


def test_the_bytes_of_small_cases():
    assert wxf_bytes(Integer(1)) == b"8:C\x01"
    assert wxf_bytes(Integer(300)) == b"8:j" + (300).to_bytes(2, "little")
    # a packed array: type, rank, dimensions, then the data
    r = run("Normal[BinarySerialize[Range[3]]]")
    assert [x.value for x in r.value.args] == [56, 58, 0xC1, 0x03, 1, 3] + list(
        np.array([1, 2, 3], "<i8").tobytes())


def test_compressed_bodies_and_bad_bytes():
    check('BinaryDeserialize[BinarySerialize[Table[i^2, {i, 50}], PerformanceGoal -> "Size"]] '
          '=== Table[i^2, {i, 50}]', "True")
    check("BinaryDeserialize[ByteArray[{1, 2}]]", "$Failed", ["BinaryDeserialize::notwxf"])
    with pytest.raises(WXFError):
        read_wxf(b"8:f\x02")


def test_files_keep_numeric_arrays_and_nets(tmp_path):
    # a segmentation trainer keeps its validation batches and trained nets in .wxf files
    s = Session(echo=False)
    f = tmp_path / "v.wxf"
    s.evaluate(f'Export["{f}", {{<|"Target" -> NumericArray[{{1, 2}}, "Integer8"]|>}}]')
    assert s.evaluate(f'Import["{f}"][[1, "Target"]] === NumericArray[{{1, 2}}, "Integer8"]').name == "True"
    s.evaluate('net = NetInitialize[NetChain[{LinearLayer[2], Ramp}, "Input" -> 3], RandomSeeding -> 1]')
    s.evaluate(f'Export["{f}", net]')
    assert s.evaluate(f'Import["{f}"][{{1, 2, 3}}] == net[{{1, 2, 3}}]').name == "True"
    assert not s.messages
