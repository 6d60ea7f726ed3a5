"""BinarySerialize, BinaryDeserialize and the "WXF" format of Export/Import
(wlnet/builtins/wxf.py)."""

from __future__ import annotations

from tests.builtins._support import check, run
from wlnet.core.expr import S


def test_round_trip_of_every_kind_of_expression():
    data = ('{1, -300, 2^40, 2^100, 2.5, N[Pi, 30], 3/4, 1 + 2 I, "héllo", '
            '<|"a" -> {1, 2}, b :> 3|>, Range[5], RandomReal[1, {2, 3}], '
            'NumericArray[{1, 2}, "UnsignedInteger8"], ByteArray[{1, 2, 3}], f[g[x]], {}}')
    check(f"d = {data}; BinaryDeserialize[BinarySerialize[d]] === d", "True")
    check(f'd = {data}; BinaryDeserialize[BinarySerialize[d, PerformanceGoal -> "Size"]] === d',
          "True")


def test_the_documented_bytes():
    check("Normal[BinarySerialize[{1, x}]]",
          "{56, 58, 102, 2, 115, 4, 76, 105, 115, 116, 67, 1, 115, 8, 71, 108, 111, 98, 97, "
          "108, 96, 120}")
    check('Length[BinarySerialize[Range[1000], PerformanceGoal -> "Size"]] < '
          'Length[BinarySerialize[Range[1000]]]', "True")


def test_deserialize_evaluates_unless_wrapped():
    check("BinaryDeserialize[BinarySerialize[Unevaluated[1 + 1]]]", "2")
    check("BinaryDeserialize[BinarySerialize[Unevaluated[1 + 1]], HoldComplete]",
          "HoldComplete[1 + 1]")


def test_wlnet_atoms_round_trip():
    check("img = Image[{{0., 1.}, {0.5, 0.25}}]; BinaryDeserialize[BinarySerialize[img]] === img",
          "True")
    check('net = NetInitialize@NetChain[{LinearLayer[3], Ramp, LinearLayer[2]}, "Input" -> 4]; '
          "n2 = BinaryDeserialize[BinarySerialize[net]]; n2[{1, 2, 3, 4}] == net[{1, 2, 3, 4}]",
          "True")


def test_export_and_import_of_wxf_files(tmp_path):
    path = tmp_path / "data.wxf"
    check(f'Export["{path}", {{1, "a" -> 2.5, Range[3]}}]; Import["{path}"]',
          '{1, "a" -> 2.5, {1, 2, 3}}')
    check(f'Import["{path}", "WXF"] === Import["{path}", {{"WXF", "Expression"}}]', "True")


def test_bad_input_is_a_message_and_failed(tmp_path):
    r = run("BinaryDeserialize[ByteArray[{1, 2}]]")
    assert r.tags == ["BinaryDeserialize::invwxf"] and r.value == S["$Failed"]
    r = run("BinaryDeserialize[5]")
    assert r.tags == ["BinaryDeserialize::notba"]
    r = run('BinarySerialize[1, PerformanceGoal -> "Fast"]')
    assert r.tags == ["BinarySerialize::nonopt"]
    bad = tmp_path / "bad.wxf"
    bad.write_bytes(b"8:\x99")
    r = run(f'Import["{bad}"]')
    assert r.tags == ["Import::fmterr"] and r.value == S["$Failed"]


def test_export_byte_array_and_import_byte_array_of_any_format():
    check('ImportByteArray[ExportByteArray[{1, 2.5, <|"a" -> x|>}, "WXF"], "WXF"]',
          '{1, 2.5, <|"a" -> x|>}')
    check('ImportByteArray[ExportByteArray[{{1, 2}, {3, 4}}, "CSV"], "CSV"]', "{{1, 2}, {3, 4}}")
    check('ImportString[ExportString[{1, 2}, "WXF"], "WXF"]', "{1, 2}")
    assert run('ImportByteArray[3, "WXF"]').tags == ["ImportByteArray::nba"]
    assert run('ExportByteArray[1, "Nope"]').tags == ["ExportByteArray::fmtnosup"]
