"""Session builtins (wlnet/builtins/session_io.py)."""

from __future__ import annotations

import pytest

from tests.builtins._support import check, check_example, declared_examples, run, without_usage
from wlnet.core.expr import Integer, Real, S, String
from wlnet.core.session import Session


def test_print_and_echo_output():
    r = run("Print[\"a = \", 1 + 1]; Echo[3]; Echo[4, \"four:\"]; EchoFunction[#^2 &][5]")
    assert r.output == ["a = 2", ">> 3", ">> four: 4", ">> 25"]
    assert r.value == Integer(5)


def test_print_sets_an_expression_of_several_lines_beside_the_others():
    r = run('Print["m = ", MatrixForm[{{1, 2}, {3, 4}}]]')
    assert r.output == ["    1   2\nm =\n    3   4"]
    # a newline in a string still just starts a new line
    r = run('Print["a\\nb", 1]')
    assert r.output == ["a\nb1"]
    r = run('Echo[MatrixForm[{{1, 2}, {3, 4}}], "m:"];')
    assert r.output == ["      1   2\n>> m:\n      3   4"]
    # a summary (a Dataset, a net) reads on from the label's line
    r = run('Print["ds: ", Dataset[{1, 2}]]')
    assert r.output == ["ds: 1\n2"]


def test_echo_returns_its_argument():
    check("Echo[1 + 1] + 1", "3")


def test_timing():
    r = run("Timing[Do[1, {100}]; 5]")
    t, v = r.value.args
    assert type(t) is Real and t.value >= 0 and v == Integer(5)
    r = run("AbsoluteTiming[Pause[0]; 7]")
    assert r.value.args[1] == Integer(7)


def test_echo_timing_prints_the_seconds_and_gives_the_value():
    r = run('EchoTiming[Total[Range[10]], "sum:"]')
    assert r.value == Integer(55)
    (line,) = r.output
    assert line.startswith(">> sum: ") and float(line.split()[-1]) >= 0


def test_assert_is_off_as_in_wl_by_default():
    r = run("Assert[1 > 2]")
    assert r.value == S.Null and not r.messages


def test_information_prints_usage():
    r = run("Information[Table]")
    assert r.output and "Table" in r.output[0]
    r = run("f::usage = \"f[x] doubles.\"; f[x_] := 2 x; Information[f]")
    assert r.output[0].startswith("f[x] doubles.")
    assert "f[x_] := 2*x" in r.output[0] or "f[x_] := 2 x" in r.output[0]
    assert "Information::notfound" in run("Information[nosuchsymbolhere]").tags


@pytest.mark.parametrize("text, expected", [
    # a symbol's properties, whatever its value ($Failed printed the definition before)
    ('sim = $Failed; Information[sim, "OwnValues"]', "{HoldPattern[sim] :> $Failed}"),
    ('sim = $Failed; MemberQ[Information[sim, "Properties"], "Usage"]', "True"),
    ('f[x_] := x^2; Information[f, {"Name", "FullName", "DownValues"}]',
     '{"f", "Global`f", {HoldPattern[f[x_]] :> x^2}}'),
    ('Information[Plus, "Attributes"]', "Attributes[Plus]"),
    ('Information[nousage, "Usage"]', 'Missing["NotAvailable"]'),
])
def test_information_gives_a_property_of_a_symbol(text, expected):
    r = check(text, expected, evaluate_expected=True)
    assert r.output == []


def test_an_unknown_symbol_property_is_a_message():
    check('Information[x, "Foo"]', 'Information[x, "Foo"]', ["Information::nprop"])


def test_out_in_and_line():
    s = Session(echo=False)
    assert s.evaluate("$Line") == Integer(1)
    s.evaluate("1 + 1")
    s.evaluate("10")
    assert s.evaluate("%") == Integer(10)
    assert s.evaluate("%% + Out[2]") == Integer(12)      # %% is Out[3] on line 5
    assert s.evaluate("Out[2]") == Integer(2)
    assert s.evaluate("In[3]") == Integer(10)
    assert s.evaluate("$Line") == Integer(8)


def test_get_runs_a_file(tmp_path):
    path = tmp_path / "defs.wl"
    path.write_text("sq[x_] := x^2\nvalue = sq[4];\nvalue + 1\n")
    s = Session(echo=False)
    assert s.evaluate(f'Get["{path}"]') == Integer(17)
    assert s.evaluate("sq[3]") == Integer(9)
    assert s.evaluate(f'<< "{path}"') == Integer(17)
    assert s.evaluate('Get["/no/such/file.wl"]') is S["$Failed"]
    assert s.messages[0].startswith("Get::noopen")


def test_get_reports_an_unknown_character_with_its_text(tmp_path):
    path = tmp_path / "bad.wl"
    path.write_text('x = "\\[NoSuchShape] item";\n')
    s = Session(echo=False)
    s.evaluate(f'Get["{path}"]')
    assert s.messages[0].startswith("Syntax::sntufn: Unknown named character \\[NoSuchShape]")


def test_get_goes_on_reading_after_a_syntax_error_and_gives_failed(tmp_path):
    # the documented behaviour: Get keeps reading after a syntax error, and $Context and
    # $ContextPath are reset to their values at the call
    path = tmp_path / "pkg.wl"
    path.write_text('BeginPackage["Pk`"]\nbefore = 1\nbad[ +;\nafter = 2\n')
    s = Session(echo=False)
    assert s.evaluate(f'Get["{path}"]') is S["$Failed"]
    assert s.messages[0].startswith("Syntax::sntx") and "line 3" in s.messages[0]
    assert s.evaluate("{$Context, $ContextPath}") == s.evaluate('{"Global`", {"System`", "Global`"}}')
    assert s.evaluate("Pk`before") == Integer(1)
    assert s.evaluate("Pk`after") == S["Pk`after"]      # inside the unclosed bracket
    path.write_text('one = 1\ntwo = (2 + ]\nthree = 3\n')
    assert s.evaluate(f'Get["{path}"]') is S["$Failed"]
    assert s.evaluate("{one, two, three}") == s.evaluate("{1, two, 3}")


def test_get_reads_a_package_whose_usage_texts_use_shape_bullets(tmp_path):
    # REINFORCE.m (harveyThomas4692/Mathematica-RL) starts its usage lines with them
    path = tmp_path / "pkg.wl"
    path.write_text('f::usage = "\\[FilledSmallSquare] f[x] \\[FilledVerySmallSquare]";\n'
                    'StringLength[f::usage]\n')
    s = Session(echo=False)
    assert s.evaluate(f'Get["{path}"]') == Integer(8) and not s.messages
    assert s.evaluate('ToCharacterCode[StringTake[f::usage, 1]]') == s.evaluate("{9726}")


def test_get_finds_a_package_in_a_directory_added_to_path(tmp_path):
    # WolfDetector.m loads its sibling packages by context name, found through $Path
    (tmp_path / "MyPkg.m").write_text('BeginPackage["MyPkg`"];\nsq::usage = "";\n'
                                       'Begin["`Private`"];\nsq[x_] := x^2;\nEnd[];\nEndPackage[];\n')
    s = Session(echo=False)
    assert s.evaluate("ListQ[$Path] && AllTrue[$Path, StringQ]") == S["True"]
    s.evaluate(f'AppendTo[$Path, "{tmp_path}"]')
    s.evaluate('Get["MyPkg`"]')
    assert s.evaluate("sq[3]") == Integer(9) and not s.messages
    (tmp_path / "plain.wl").write_text("40 + 2\n")
    assert s.evaluate('Get["plain.wl"]') == Integer(42)


def test_needs_accepts_neural_networks():
    r = run('Needs["NeuralNetworks`"]; 1')
    assert r.value == Integer(1) and not r.messages


def test_needs_with_an_alias_names_the_package_context(tmp_path):
    """Needs["ctx`" -> "alias`"] loads the package and makes alias`f read as ctx`f."""
    path = tmp_path / "MyPkg.wl"
    path.write_text('BeginPackage["MyPkg`"]\ndouble::usage = "d"\nBegin["`Private`"]\n'
                    'double[x_] := 2 x\nEnd[]\nEndPackage[]\n')
    s = Session(echo=False)
    assert s.evaluate(f'Needs["MyPkg`" -> "mp`", "{path}"]') is S.Null
    assert s.evaluate("mp`double[4]") == Integer(8)
    assert s.evaluate('$ContextAliases["mp`"]') == String("MyPkg`")
    # the package is reached through its alias only: not on $ContextPath, so a short name
    # is a new Global` symbol (WL's $ContextAliases page)
    assert s.evaluate('MemberQ[$ContextPath, "MyPkg`"]') is S["False"]
    assert s.evaluate("Context[double]") == String("Global`")
    s.evaluate('Needs["Developer`" -> "Dev`"]')    # read before the next input, as in WL
    assert s.evaluate("Dev`PackedArrayQ[Range[10]]") is S["True"]
    assert s.messages == []


def test_needs_with_an_alias_keeps_a_context_already_on_the_path(tmp_path):
    (tmp_path / "MyPkg.wl").write_text('BeginPackage["MyPkg`"]\nsq::usage = "s"\n'
                                       'Begin["`Private`"]\nsq[x_] := x^2\nEnd[]\nEndPackage[]\n')
    s = Session(echo=False)
    s.evaluate(f'AppendTo[$Path, "{tmp_path}"]')
    s.evaluate('Needs["MyPkg`"]')
    s.evaluate('Needs["MyPkg`" -> "p`"]')
    assert s.evaluate('MemberQ[$ContextPath, "MyPkg`"]') is S["True"]
    assert s.evaluate("{sq[3], p`sq[4]}") == s.evaluate("{9, 16}")


def test_quit_stops_the_input():
    s = Session(echo=False)
    s.evaluate("x = 1; Quit[]; x = 2")
    assert s.quit_code == 0
    assert s.evaluate("x") == Integer(1)
    s.evaluate("Exit[3]")
    assert s.quit_code == 3


@pytest.mark.parametrize("name,text,expected", declared_examples("session_io"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_usage_declared():
    assert without_usage("session_io") == []


def test_question_mark_asks_for_information():
    s = Session(echo=False)
    s.evaluate("?Table")
    assert s.output and s.output[0].startswith("Table[")
    s.evaluate("g::usage = \"g is g.\"; g[x_] := x")
    s.evaluate("??g")
    assert s.output == ["g is g.\ng[x_] := x"]


def test_get_finds_files_beside_the_one_being_read(tmp_path):
    sub = tmp_path / "lib"
    sub.mkdir()
    (sub / "helper.wl").write_text("helper[x_] := x + 100\n")
    (sub / "main.wl").write_text('Get["helper.wl"]\nhelper[1]\n')
    s = Session(echo=False)
    assert s.evaluate(f'Get["{sub / "main.wl"}"]') == Integer(101)
    assert s.evaluate("$InputFileName") == String("")


def test_echo_label():
    r = run('EchoLabel["x"][5]')
    assert r.output == [">> x 5"] and r.value == Integer(5)


def test_a_built_in_package_goes_on_the_context_path():
    # <<Developer` (an Othello trainer's first line) makes ToPackedArray a short name
    s = Session(echo=False)
    s.evaluate('<<Developer`')
    assert s.evaluate('First[$ContextPath]') == String("Developer`")
    assert s.evaluate('Developer`PackedArrayQ[ToPackedArray[{1., 2.}]]') is S["True"]
    s.evaluate('Needs["Developer`"]')
    assert s.evaluate('Count[$ContextPath, "Developer`"]') == Integer(1) and not s.messages
    s.evaluate('<<NoSuchBuiltInPackage`')
    assert s.evaluate('MemberQ[$ContextPath, "NoSuchBuiltInPackage`"]') is S["False"]


def test_a_script_is_not_a_notebook():
    # If[$Notebooks, NotebookDirectory[], Directory[]] takes its script branch
    check("{$Notebooks, $FrontEnd, StringQ[$OperatingSystem], $Language}",
          "{False, Null, True, \"English\"}")
    check("Block[{$Notebooks = True}, If[$Notebooks, 1, 2]]", "1")
    check("If[$Notebooks, NotebookDirectory[], Directory[]] === Directory[]", "True")
    # programs choose between an API and its older form by the version
    check("{$VersionNumber >= 12.1, IntegerQ[$ReleaseNumber], StringQ[$Version]}",
          "{True, True, True}")


def test_environment_reads_the_process_environment(monkeypatch):
    monkeypatch.setenv("WLNET_TEST_ENVIRONMENT", "on")
    assert run('Environment["WLNET_TEST_ENVIRONMENT"]').value == String("on")
    monkeypatch.delenv("WLNET_TEST_ENVIRONMENT")
    assert run('Environment["WLNET_TEST_ENVIRONMENT"]').value == S["$Failed"]


def test_quiet_echo_and_echo_evaluation():
    r = run("QuietEcho[Echo[1]; EchoFunction[f][2]; Print[3]; 4]")
    assert r.output == ["3"] and r.value == Integer(4)
    r = run('EchoEvaluation[Range[3], "in:" -> "out:", Total]')
    assert r.output == [">> in: Range[3]", ">> out: 6"]
    assert r.value == run("{1, 2, 3}").value
    assert run("EchoEvaluation[1 + 1]").output == [">> 1 + 1", ">> 2"]


def test_notebook_evaluate_runs_the_input_cells_here(tmp_path):
    nb = tmp_path / "cells.nb"
    nb.write_text('Notebook[{Cell[BoxData[RowBox[{"a", "=", "6"}]], "Input"], '
                  'Cell["prose", "Text"], '
                  'Cell[BoxData[RowBox[{"dir", "=", RowBox[{"NotebookDirectory", "[", "]"}]}]], '
                  '"Input"], Cell[BoxData[RowBox[{"a", "*", "7"}]], "Input"]}]')
    s = Session(echo=False)
    assert s.evaluate(f'NotebookEvaluate[File["{nb}"]]') == Integer(42)
    assert s.evaluate("a") == Integer(6)
    assert s.evaluate("dir").value.rstrip("/") == str(tmp_path)
    assert s.evaluate(f'NotebookEvaluate["{nb}", InsertResults -> True]') == Integer(42)
    assert s.messages[-1].startswith("NotebookEvaluate::insres")
    s.evaluate('NotebookEvaluate["notes.txt"]')
    assert s.messages[-1].startswith("NotebookEvaluate::nbfile")
