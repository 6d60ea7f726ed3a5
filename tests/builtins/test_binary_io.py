"""Binary files (wlnet/builtins/binary_io.py): BinaryWrite and BinaryReadList/BinaryRead
through file names and streams, byte orders, stream positions, FileByteCount, CreateUUID."""

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples


@pytest.mark.parametrize("name,text,expected", declared_examples("binary_io"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.fixture
def runner(tmp_path):
    r = Runner()
    r.run(f'f = "{tmp_path / "data.bin"}";')
    return r


def test_types_round_trip(runner):
    check('BinaryWrite[f, {1.5, -2.25}, "Real64"]; BinaryWrite[f, {-3, 70000}, "Integer32"]; '
          'BinaryWrite[f, "ab", "TerminatedString"]; Close[f]; '
          '{BinaryReadList[f, "Real64", 2], FileByteCount[f]}', "{{1.5, -2.25}, 27}",
          runner=runner)
    check('s = OpenRead[f, BinaryFormat -> True]; {BinaryRead[s, "Real64"], '
          'SetStreamPosition[s, 16]; BinaryReadList[s, "Integer32", 2], '
          'BinaryRead[s, "TerminatedString"], BinaryRead[s, "Byte"], StreamPosition[s]}',
          '{1.5, {-3, 70000}, "ab", EndOfFile, 27}', runner=runner)


def test_records_and_byte_order(runner):
    check('st = OpenWrite[f, BinaryFormat -> True, ByteOrdering -> 1]; '
          'BinaryWrite[st, {1, 2}, "Integer16"]; Close[st]; '
          '{BinaryReadList[f, "Byte"], BinaryReadList[f, "Integer16", ByteOrdering -> 1], '
          'BinaryReadList[f, {"Byte", "Byte"}]}',
          "{{0, 1, 0, 2}, {1, 2}, {{0, 1}, {0, 2}}}", runner=runner)


def test_what_does_not_fit_is_refused(runner):
    r = runner
    r.run('BinaryWrite[f, {300}, "Byte"]')
    assert any("BinaryWrite::nocoerce" in m for m in r.messages)
    r.run('BinaryReadList[f, "Real16"]')
    assert any("BinaryReadList::format" in m for m in r.messages)


def test_uuids_are_unique():
    check("Length[DeleteDuplicates[Table[CreateUUID[], 20]]]", "20")
