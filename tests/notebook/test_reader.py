"""Reading notebooks: cells in order (groups included), nb2wl output, a large generated
notebook, broken files, and the wlnet nb2wl / run subcommands."""

import os
import time

import pytest

from _nbgen import input_cell, notebook_text
from wlnet.cli import main
from wlnet.core.expr import Expr, Symbol
from wlnet.notebook import (NotebookError, cell_texts, input_texts, notebook_to_script,
                            read_notebook)
from wlnet.syntax.parser import parse, parse_script

STATEMENTS = [
    'x = 1',
    'f[n_] := n^2 + 1',
    'data = Table[{i, f[i]}, {i, 1, 10}]',
    'rules = {"a" -> 1, "b" :> 2}',
    'Map[#^2 &, {1, 2, 3}]',
    'Total /@ {{1, 2}, {3, 4}}',
    'If[x == 1, "one", "other"]',
    's = StringJoin["ab", "cd"] <> "ef"',
    'g @@ {1, 2}',
    'net = NetChain[{LinearLayer[3], Ramp, LinearLayer[1]}, "Input" -> 2]',
    'y = 1.5`*^3',
    'Module[{a = 2}, a*x + 3]',
]


def _cells(count: int) -> list[str]:
    """``count`` input cells cycling through STATEMENTS, some with two statements."""
    cells = []
    for n in range(count):
        first = STATEMENTS[n % len(STATEMENTS)]
        if n % 3 == 0:
            cells.append(([first + ";", STATEMENTS[(n + 5) % len(STATEMENTS)]], n + 1))
        else:
            cells.append(([first], n + 1))
    return cells


def _write(tmp_path, cells, extra=(), name="gen.nb"):
    text = notebook_text([input_cell(stmts, label) for stmts, label in cells] + list(extra))
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _same_statements(converted: str, statements) -> bool:
    return parse_script(converted) == [parse(s) for s in statements]


def test_each_input_cell_reads_back_as_its_statements(tmp_path):
    cells = _cells(len(STATEMENTS) * 2)
    texts = input_texts(_write(tmp_path, cells))
    assert len(texts) == len(cells)
    for text, (statements, _) in zip(texts, cells):
        assert _same_statements(text, statements), text


def test_cells_come_in_order_through_groups_and_skip_other_styles(tmp_path):
    grouped = ('Cell[CellGroupData[{\nCell["Section", "Section"],\n'
               + input_cell(["inGroup = 1"], 90) + ',\n'
               + 'Cell[CellGroupData[{' + input_cell(["nested = 2"], 91)
               + ',\nCell[BoxData["2"], "Output"]}, Open]]\n}, Closed]]')
    code = 'Cell[BoxData[RowBox[{"code", "=", "3"}]], "Code"]'
    text = 'Cell["prose", "Text"]'
    path = _write(tmp_path, [(["first = 0"], 1)], extra=[grouped, text, code])
    assert input_texts(path) == ["first = 0", "inGroup = 1", "nested = 2", "code = 3"]
    assert cell_texts(path, ("Text",)) == ["prose"]
    assert cell_texts(path, ("Section", "Output")) == ["Section", "2"]


def test_nb2wl_script_runs_as_the_cells_would(tmp_path):
    cells = [(["a = 2;", "b = a^3"], 1), (["c = {a, b} /. 2 -> two"], 2)]
    script = notebook_to_script(_write(tmp_path, cells))
    assert script.startswith("(* Input cells of gen.nb")
    statements = parse_script(script)
    assert statements == [parse(s) for s in ("a = 2;", "b = a^3", "c = {a, b} /. 2 -> two")]
    from wlnet.core.session import Session
    session = Session(echo=False)
    assert session.evaluate(script) == parse("{two, 8}")


def test_a_large_notebook(tmp_path):
    """Several hundred KB: every cell converted, in well under the suite's budget."""
    cells = _cells(1500)
    path = _write(tmp_path, cells, name="large.nb")
    assert os.path.getsize(path) > 300_000
    start = time.perf_counter()
    texts = input_texts(path)
    elapsed = time.perf_counter() - start
    assert len(texts) == len(cells)
    for k in (0, 1, 2, 777, len(cells) - 1):
        assert _same_statements(texts[k], cells[k][0])
    assert elapsed < 60, f"reading took {elapsed:.1f}s"


def test_read_notebook_gives_the_expression_unevaluated(tmp_path):
    path = _write(tmp_path, [(['Print["never"]'], 1)])
    nb = read_notebook(path)
    assert type(nb) is Expr and nb.head is Symbol("Notebook")
    assert "never" in repr(nb)


@pytest.mark.parametrize("text, reason", [
    ("Notebook[{Cell[", "does not parse"),
    ("1 + 2", "not a Notebook"),
    ("Notebook[]", "not a Notebook"),
    ('Notebook[{Cell[BoxData[CheckboxBox[True]], "Input"]}]', "cell 1"),
])
def test_broken_notebooks_raise_notebook_error(tmp_path, text, reason):
    path = tmp_path / "bad.nb"
    path.write_text(text)
    with pytest.raises(NotebookError, match=reason):
        input_texts(path)


def test_a_missing_file_is_a_notebook_error(tmp_path):
    with pytest.raises(NotebookError, match="cannot read"):
        input_texts(tmp_path / "nope.nb")


# ---------------------------------------------------------------------------- commands

def test_nb2wl_to_stdout_and_to_a_file(tmp_path, capsys):
    path = _write(tmp_path, [(["x = 1 + 1"], 1)])
    assert main(["nb2wl", str(path)]) == 0
    assert "x = 1+1" in capsys.readouterr().out
    out = tmp_path / "out.wl"
    assert main(["nb2wl", str(path), "-o", str(out)]) == 0
    assert parse_script(out.read_text()) == [parse("x = 1 + 1")]


def test_nb2wl_reports_an_unreadable_notebook(tmp_path, capsys):
    bad = tmp_path / "bad.nb"
    bad.write_text("Notebook[{")
    assert main(["nb2wl", str(bad)]) == 2
    assert "cannot convert" in capsys.readouterr().err


def test_run_prints_each_cell_result_and_reports_messages(tmp_path, capsys):
    cells = [(["a = 6;"], 1), (["a*7"], 2), (['Print["hello"];'], 3), (["1/0;", "done"], 4)]
    path = _write(tmp_path, cells)
    assert main(["run", str(path)]) == 0
    captured = capsys.readouterr()
    assert captured.out.split() == ["42", "hello", "done"]
    assert "input cell 4" in captured.err


def test_run_prints_every_line_of_a_cell_as_its_own_output(tmp_path, capsys):
    # a cell of several lines shows an Out[n] for each line not ended by ';'
    path = _write(tmp_path, [(["a = 2", "b = 3;", "a + b", "Print[a]"], 1)])
    assert main(["run", str(path)]) == 0
    assert capsys.readouterr().out.split() == ["2", "5", "2"]


def test_quit_in_a_cell_leaves_the_later_cells_a_fresh_session(tmp_path, capsys):
    # Quit[] at the top clears what was defined; the cells after it still run, as the
    # front end starts a new kernel for the queued cells (the rest of the cell does not)
    cells = [(["x = 1"], 1), (["Quit[]", "Print[\"not run\"]"], 2), (["{x, 2}"], 3),
             (["Exit[4]"], 4), (["y = 5"], 5)]
    path = _write(tmp_path, cells)
    assert main(["run", str(path)]) == 0
    assert capsys.readouterr().out.split("\n") == ["1", "{x, 2}", "5", ""]


def test_a_net_stored_inline_in_an_input_cell_runs(tmp_path, capsys):
    # a net's output pasted into an input cell: its summary boxes interpret as the net in
    # the Wolfram Language's form, weights as RawArray
    import wlnet
    session = wlnet.Session()
    session.evaluate('net = NetInitialize[NetChain[{LinearLayer[2]}, "Input" -> 3], '
                     'RandomSeeding -> 7]')
    stored = session.evaluate('StringReplace[ToString[net, InputForm], "NumericArray[" ~~ '
                              'Shortest[d__] ~~ ", \\"Real32\\"]" :> '
                              '"RawArray[\\"Real32\\", " <> d <> "]"]').value
    assert "RawArray[" in stored and "NumericArray" not in stored
    expected = session.evaluate("net[{1, 0, 2}]")
    cell = ('Cell[BoxData[RowBox[{RowBox[{"f", "=", InterpretationBox[RowBox[{"NetChain", "[", '
            f'"\\[Ellipsis]", "]"}}], {stored}]}}], ";"}}]], "Input"]')
    path = _write(tmp_path, [], extra=[cell, 'Cell[BoxData[RowBox[{"f", "[", RowBox[{"{", '
                                             'RowBox[{"1", ",", "0", ",", "2"}], "}"}], "]"}]], '
                                             '"Input"]'])
    assert main(["run", str(path)]) == 0
    from wlnet.syntax.printer import output_form
    assert capsys.readouterr().out == output_form(expected) + "\n"


def test_a_notebook_saved_with_crlf_line_ends_reads(tmp_path):
    # Windows line ends, also after the backslash that continues a long string
    text = ('Notebook[{\r\nCell["a note, \\\r\ncontinued", "Text"],\r\n'
            'Cell[BoxData[RowBox[{"x", "=", \r\n "1"}]], "Input"]\r\n}]\r\n')
    path = tmp_path / "crlf.nb"
    path.write_bytes(text.encode("ascii"))
    assert input_texts(path) == ["x = 1"]
    assert cell_texts(path, ("Text",)) == ["a note, continued"]


def test_run_skips_a_cell_that_does_not_parse_and_goes_on(tmp_path, capsys):
    bad = 'Cell[BoxData[RowBox[{"f", "["}]], "Input"]'
    after = 'Cell[BoxData[RowBox[{"2", "+", "3"}]], "Input"]'
    path = _write(tmp_path, [(["1 + 1"], 1)], extra=[bad, after])
    assert main(["run", str(path)]) == 1
    captured = capsys.readouterr()
    assert "input cell 2" in captured.err
    assert captured.out.split() == ["2", "5"]


def test_run_of_a_wl_script_is_the_script_runner(tmp_path, capsys):
    script = tmp_path / "s.wl"
    script.write_text('Print["from script"]\n')
    assert main(["run", str(script)]) == 0
    assert capsys.readouterr().out == "from script\n"


# ---------------------------------------------------------------------------- fuzzing

from hypothesis import HealthCheck, given, settings, strategies as st  # noqa: E402

EXAMPLE_TEXT = (os.path.join(os.path.dirname(__file__), "..", "..", "examples",
                             "gru_notebook.nb"))


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(where=st.floats(0, 1), cut=st.integers(0, 30),
       insert=st.text(alphabet='[]{}"\\<>,*()^ RowBox', max_size=6))
def test_damaged_notebooks_give_text_or_a_notebook_error(tmp_path, where, cut, insert):
    with open(EXAMPLE_TEXT, encoding="utf-8") as fh:
        text = fh.read()
    at = int(where * len(text))
    path = tmp_path / "damaged.nb"
    path.write_text(text[:at] + insert + text[at + cut:], encoding="utf-8")
    try:
        texts = input_texts(path)
    except NotebookError:
        return
    assert all(isinstance(t, str) for t in texts)


def test_named_operator_characters_in_cells(tmp_path):
    """The front end stores <| |> as \\[LeftAssociation] \\[RightAssociation] in every .nb,
    and writes <-> and ! as \\[TwoWayRule] and \\[Not]: the cells convert and parse."""
    nb = tmp_path / "assoc.nb"
    nb.write_text(
        'Notebook[{Cell[BoxData[RowBox[{"a", "=", RowBox[{"\\[LeftAssociation]", '
        'RowBox[{"\\"\\<k\\>\\"", "\\[Rule]", "1"}], "\\[RightAssociation]"}]}]], "Input"], '
        'Cell[BoxData[RowBox[{"x", "\\[TwoWayRule]", "y"}]], "Input"], '
        'Cell[BoxData[RowBox[{"\\[Not]", "p"}]], "Input"]}]', encoding="utf-8")
    statements = [parse(text) for text in input_texts(str(nb))]
    assert statements == [parse('a = <|"k" -> 1|>'), parse("x <-> y"), parse("!p")]
