"""OpenWrite, OpenAppend, Close, Put, PutAppend, Write, WriteString, ReadList, OpenRead,
ReadString, ReadLine (wlnet/builtins/streams.py): what a training script's log written
through a stream reads back as, a notebook's data file read through an input stream, and
the messages."""

from pathlib import Path

import pytest

from wlnet.core.expr import S
from wlnet.core.session import Session


@pytest.fixture
def session():
    return Session(echo=False)


def same(session, text, expected_text):
    got = session.evaluate(text)
    assert session.messages == [], session.messages
    assert got == session.evaluate(expected_text)


def p(path) -> str:
    return str(path).replace("\\", "/")


def test_a_log_written_through_a_temporary_stream_reads_back(session):
    # the CIFAR-10 freezing script: PutAppend[<|…|>, OpenWrite[]] per round, ReadList after
    same(session, 's = OpenWrite[]; PutAppend[<|"Loss" -> 0.5|>, s]; '
                  'PutAppend[<|"Loss" -> 0.25|>, s]; ReadList[s]',
         '{<|"Loss" -> 0.5|>, <|"Loss" -> 0.25|>}')
    path = session.evaluate("Close[s]").value
    assert Path(path).read_text() == '<|"Loss" -> 0.5|>\n<|"Loss" -> 0.25|>\n'


def test_put_replaces_put_append_appends_and_open_write_empties(session, tmp_path):
    f = p(tmp_path / "log.m")
    same(session, f'Put[{{1, 2}}, x + y, "{f}"]; ReadList["{f}"]', "{{1, 2}, x + y}")
    same(session, f'PutAppend[3, "{f}"]; ReadList["{f}"]', "{{1, 2}, x + y, 3}")
    same(session, f'Put[4, "{f}"]; ReadList["{f}"]', "{4}")
    same(session, f'Close[OpenAppend["{f}"]]; ReadList["{f}"]', "{4}")
    same(session, f'Close[OpenWrite["{f}"]]; ReadList["{f}"]', "{}")
    same(session, f'st = OpenWrite["{f}"]; Write[st, a, b]; WriteString[st, "c\\n"]; '
                  f'Close[st]; ReadList["{f}", String]', '{"ab", "c"}')


def test_read_list_types(session, tmp_path):
    f = tmp_path / "n.txt"
    f.write_text("1 2.5\n-3 4*^2\nwords here\n")
    same(session, f'ReadList["{p(f)}", Word, 3]', '{"1", "2.5", "-3"}')
    same(session, f'ReadList["{p(f)}", String]', '{"1 2.5", "-3 4*^2", "words here"}')
    f.write_text("1 2.5\n-3 4*^2\n")
    same(session, f'ReadList["{p(f)}", Number]', "{1, 2.5, -3, 400.}")


def test_a_data_file_read_through_an_input_stream(session, tmp_path):
    # the Physics Reports notebook: hnd = OpenRead[…]; ReadString[hnd]; Close[hnd]
    f = tmp_path / "data.txt"
    f.write_text("[[1,2],0]\nsecond\nthird")
    same(session, f'h = OpenRead["{p(f)}"]; ReadLine[h]', '"[[1,2],0]"')
    same(session, "ReadString[h]", '"second\nthird"')
    same(session, "ReadString[h]", "EndOfFile")
    same(session, "ReadLine[h]", "EndOfFile")
    assert session.evaluate("Close[h]").value == p(f)
    same(session, f'ReadString["{p(f)}"]', '"[[1,2],0]\nsecond\nthird"')
    same(session, f'{{ReadLine[h2 = OpenRead["{p(f)}"]], ReadLine[h2], ReadLine[h2]}}',
         '{"[[1,2],0]", "second", "third"}')


def test_string_to_stream_reads_a_string(session):
    # the CelebA attribute list: ReadList[StringToStream[Import[…]], String, RecordSeparators -> "\n"]
    same(session, 'ReadList[StringToStream["a b\\nc d"], String, RecordSeparators -> "\\n"]',
         '{"a b", "c d"}')
    same(session, 'ReadList[StringToStream["1 2\\n3.5"], Number]', "{1, 2, 3.5}")
    same(session, 'ReadList[StringToStream["a;b c;;d"], Record, RecordSeparators -> ";"]',
         '{"a", "b c", "d"}')
    same(session, 'ReadList[StringToStream["a;b c"], Word, WordSeparators -> {";", " "}]',
         '{"a", "b", "c"}')
    same(session, 'ReadList[StringToStream["x + 1\\n{2}"], Expression, 1]', "{x + 1}")
    same(session, 'Head[StringToStream["z"]]', "InputStream")


def test_a_closed_string_stream_cannot_be_read(session):
    session.evaluate('s = StringToStream["a"]; Close[s]; ReadList[s, String]')
    assert [m.split(":")[0] for m in session.messages] == ["ReadList"]


@pytest.mark.parametrize("call, tag", [
    ("ReadList[3]", "ReadList::strmi"),
    ('ReadList["{d}/w.txt", String, Banana -> 1]', "ReadList::optx"),
    ('ReadList["{d}/absent.txt"]', "ReadList::noopen"),
    ('ReadList["{d}/w.txt", Number]', "ReadList::readn"),
    ('ReadList["{d}/w.txt", Banana]', "ReadList::readt"),
    ("PutAppend[1, 2]", "PutAppend::strmi"),
    ('OpenWrite["{d}/no/such/dir/f"]', "OpenWrite::noopen"),
    ('Close["file"]', "Close::strmi"),
    ('OpenRead["{d}/absent.txt"]', "OpenRead::noopen"),
    ('ReadString[3]', "ReadString::strmi"),
    ('h = OpenRead["{d}/w.txt"]; Close[h]; ReadLine[h]', "ReadLine::openx"),
])
def test_failures_are_messages(session, tmp_path, call, tag):
    (tmp_path / "w.txt").write_text("one two\n")
    session.evaluate(call.format(d=p(tmp_path)))
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0]
            for m in session.messages] == [tag]


def test_save_appends_definitions_that_get_reads_back(session, tmp_path):
    f = p(tmp_path / "defs.wl")
    session.evaluate(f'ClearAll[sx, sf, sg]; sx = {{1, 2.5}}; sf[n_] := n^2; sf[0] = 7; '
                     f'SetAttributes[sg, Listable]; sg[y_] = y + 1; Save["{f}", {{sx, sf, "sg"}}]; '
                     f'sr = <|"a" -> 1|>; Save["{f}", sr]')
    assert session.messages == []
    session.evaluate("ClearAll[sx, sf, sg, sr]")
    same(session, f'Get["{f}"]; {{sx, sf[3], sf[0], sg[{{1, 2}}], sr["a"]}}', "{{1, 2.5}, 9, 7, {2, 3}, 1}")
    session.evaluate('Save["x.wl", 3]')
    assert session.messages and session.messages[0].startswith("Save::")


def test_save_writes_up_values_with_their_tag_format_values_and_options(session, tmp_path):
    f = p(tmp_path / "defs.wl")
    session.evaluate(f'ClearAll[su]; su /: Length[su[x_]] := 7; Format[su[x_]] := {{x}}; '
                     f'Options[su] = {{"Size" -> 2}}; Save["{f}", su]')
    assert session.messages == []
    text = (tmp_path / "defs.wl").read_text()
    assert "su /: Length[su[x_]] := 7" in text and "Format[su[x_]] := {x}" in text
    session.evaluate("ClearAll[su]")
    same(session, f'Get["{f}"]; {{Length[su[1]], ToString[su[2]], Options[su]}}',
         '{7, "{2}", {"Size" -> 2}}')
    assert session.messages == []


def test_string_and_file_streams_read_on_from_where_they_are(session, tmp_path):
    same(session, 's = StringToStream["a b\\nc\\nd"]; ReadLine[s]', '"a b"')
    same(session, "ReadList[s, String]", '{"c", "d"}')        # the rest, to the end
    same(session, "ReadLine[s]", "EndOfFile")
    same(session, "Close[s]", "String")
    f = tmp_path / "lines.txt"
    f.write_text("1\n2\n3\n")
    same(session, f'h = OpenRead["{p(f)}"]; ReadLine[h]', '"1"')
    same(session, "ReadList[h, Number]", "{2, 3}")
    same(session, "ReadString[h]", "EndOfFile")
