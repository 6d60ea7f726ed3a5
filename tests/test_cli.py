"""The wlnet command: scripts, -code, -print, exit codes, where failures happened."""
import subprocess
import sys

import pytest


def wlnet(*args, stdin=None):
    proc = subprocess.run([sys.executable, "-m", "wlnet.cli", *args], input=stdin,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture
def script(tmp_path):
    def write(text, name="s.wl"):
        path = tmp_path / name
        path.write_text(text)
        return str(path)
    return write


def test_code_prints_its_result():
    assert wlnet("-code", "Table[i^2, {i, 4}]") == (0, "{1, 4, 9, 16}\n", "")


def test_code_strings_print_without_quotes():
    code, out, _ = wlnet("-code", '"a" <> "b"')
    assert (code, out) == (0, "ab\n")


def test_script_results_are_not_printed_without_print_option(script):
    path = script('Print["hello"]\n1 + 1\n')
    assert wlnet(path) == (0, "hello\n", "")


def test_print_last_and_print_all(script):
    path = script("1 + 1\nx = 5;\nx^2\n")
    assert wlnet("-print", path)[1] == "25\n"
    assert wlnet("-print", "all", path)[1] == "2\n25\n"


def test_newline_rule_continues_incomplete_statements(script):
    path = script("a = 1 +\n  2\nb = {a,\n a}\nPrint[b]\n")
    assert wlnet(path)[1] == "{3, 3}\n"


def test_exit_code_and_rest_of_script_skipped(script):
    path = script('Print["before"]\nExit[3]\nPrint["after"]\n')
    assert wlnet(path)[:2] == (3, "before\n")


def test_shebang_line_and_script_command_line(script):
    path = script('#!/usr/bin/env wlnet\nPrint[Rest[$ScriptCommandLine]]\nPrint[$InputFileName]\n',
                  name="t.wls")
    code, out, _ = wlnet(path, "alpha", "beta")
    assert code == 0
    assert out.splitlines() == ["{alpha, beta}", path]


def test_message_goes_to_stderr_with_the_statement_location(script):
    path = script('x = 1;\n\nRange[1, 2, 3, 4]\nPrint["still running"]\n')
    code, out, err = wlnet(path)
    assert code == 0 and out == "still running\n"
    assert "Range::" in err
    assert f"{path}, line 3, column 1" in err


def test_fail_on_message_makes_any_message_exit_1(script):
    path = script("Range[1, 2, 3, 4]\n")
    assert wlnet("--fail-on-message", path)[0] == 1
    assert wlnet("--fail-on-message", script("Range[3]\n", name="ok.wl"))[0] == 0


def test_syntax_error_reports_file_line_and_column(script):
    path = script("x = 1\ny = (2 + ]\n")
    code, out, err = wlnet(path)
    assert code == 1 and out == ""
    assert err.startswith(f"{path}:2:")
    assert "Syntax::" in err and "^" in err


def test_missing_file_and_bad_option_are_reported_not_raised():
    code, _, err = wlnet("/nonexistent/file.wl")
    assert code == 2 and "cannot read" in err and "Traceback" not in err
    code, _, err = wlnet("-nonsense")
    assert code == 2 and "unknown option" in err


def test_help_lists_every_way_to_run():
    code, out, _ = wlnet("--help")
    assert code == 0
    for option in ("-code", "-print all", "--fail-on-message", "nb2wl", "run NB.nb"):
        assert option in out
    code, _, err = wlnet("--bogus")
    assert code == 2 and "unknown option --bogus" in err and "-code" in err


def test_code_with_a_syntax_error_exits_1_and_prints_no_result():
    code, out, err = wlnet("-code", "{1,2]")
    assert code == 1 and out == ""
    assert "Syntax::bktmcp" in err and "Traceback" not in err


def test_help_is_plain_text_with_version_and_environment():
    code, out, _ = wlnet("--help")
    assert code == 0
    assert "``" not in out                      # no raw markup
    for item in ("--version", "WLNET_DEBUG", "NUMBA_NUM_THREADS", "WLNET_HISTORY", "TERM=dumb"):
        assert item in out


def test_version_prints_the_package_version():
    from wlnet import __version__
    assert wlnet("--version") == (0, f"wlnet {__version__}\n", "")


def test_python_dash_m_wlnet_is_the_command():
    proc = subprocess.run([sys.executable, "-m", "wlnet", "-code", "1 + 1"],
                          capture_output=True, text=True, timeout=120)
    assert (proc.returncode, proc.stdout) == (0, "2\n")


def test_help_piped_into_a_closed_reader_prints_no_traceback():
    proc = subprocess.run(f'"{sys.executable}" -m wlnet --help | head -1', shell=True,
                          capture_output=True, text=True, timeout=120)
    assert proc.stdout.startswith("wlnet") and "Traceback" not in proc.stderr


def test_cli_and_notebook_commands_import_each_other_in_no_cycle():
    import ast
    from pathlib import Path
    root = Path(__file__).resolve().parent.parent / "wlnet"

    def imported(path):
        tree = ast.parse(path.read_text())
        return {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}

    assert "wlnet.notebook.commands" in imported(root / "cli.py")
    assert "wlnet.cli" not in imported(root / "notebook" / "commands.py")
    assert "wlnet.cli" not in imported(root / "scripts.py")


# ---------------------------------------------------------------------------- never a traceback

def wlnet_bytes(*args, stdin=b""):
    proc = subprocess.run([sys.executable, "-m", "wlnet.cli", *args], input=stdin,
                          capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8")


@pytest.mark.parametrize("code", ['"\\:d800"', "FromCharacterCode[55296]",
                                  "Print[FromCharacterCode[55296]]",
                                  'Message[f::x, FromCharacterCode[56320]]'])
def test_lone_surrogates_print_escaped(code):
    rc, out, err = wlnet_bytes("-code", code)
    assert "Traceback" not in err and "pyerr" not in err
    assert "\\:d800" in out or "\\:dc00" in err, (out, err)


def test_a_script_that_is_not_utf8_is_a_syntax_message(script, tmp_path):
    path = tmp_path / "latin1.wl"
    path.write_bytes(b'x = 1\ny = "caf\xe9"\n')
    rc, out, err = wlnet_bytes(str(path))
    assert rc == 1 and "Traceback" not in err
    assert f"{path}:2:9: Syntax::sntx: Invalid UTF-8: byte 0xe9" in err
    rc, out, err = wlnet_bytes("-code", f'Get["{path}"]')
    assert out == "$Failed\n" and "Syntax::sntx: Invalid UTF-8" in err


def test_code_that_is_not_utf8_is_a_syntax_message():
    rc, out, err = wlnet_bytes("-code", b"1 + \xff".decode("utf-8", "surrogateescape"))
    assert rc == 1 and out == "" and "Syntax::sntx: Invalid UTF-8: byte 0xff" in err


def test_a_long_result_into_a_closed_reader_ends_quietly():
    proc = subprocess.run(f'"{sys.executable}" -m wlnet -code "Range[10^5]" | head -c 10',
                          shell=True, capture_output=True, text=True, timeout=120)
    assert proc.stdout == "{1, 2, 3, " and proc.stderr == ""


def test_a_script_goes_on_after_a_syntax_error_as_get_reads_a_file(script):
    # Get "continues attempting to read a file even after a syntax error": the statements
    # before and after the bad one run, the error is reported in its place, the exit is 1
    path = script('Print["before"]\nx = 1 +;\nPrint["after"]\n')
    code, out, err = wlnet(path)
    assert code == 1 and out == "before\nafter\n"
    assert f"{path}:2:8: Syntax::sntx" in err


def test_reading_resumes_after_the_brackets_of_the_bad_statement(script):
    path = script('y = f[1,\n   2 +;\n   3]\nPrint[y]\nz = g[\nPrint["never"]\n')
    code, out, err = wlnet(path)
    # the whole bracketed statement is skipped; an unclosed bracket ends the reading
    assert code == 1 and out == "y\n"
    assert f"{path}:2:" in err and f"{path}:5:" in err and "bktmcp" in err


# ---------------------------------------------------------------------------- wolframscript forms

def test_format_writes_results_as_export_writes_the_format(script, tmp_path):
    assert wlnet("-code", "{1, 2}", "-format", "JSON") == (0, "[\n\t1,\n\t2\n]\n", "")
    path = script("x = 2\n{{x, x^2}}\n")
    assert wlnet("-print", "-format", "CSV", path)[1] == "2,4\n"
    # binary formats are written as they are: -format PNG > plot.png
    proc = subprocess.run([sys.executable, "-m", "wlnet.cli", "-code",
                           "Graphics[Disk[]]", "-format", "PNG"], capture_output=True,
                          timeout=120)
    assert proc.returncode == 0 and proc.stdout.startswith(b"\x89PNG\r\n")


def test_an_unknown_format_is_exports_message_and_exit_1():
    code, out, err = wlnet("-code", "1", "-format", "NoSuchFormat")
    assert (code, out) == (1, "")
    assert "Export::fmtnosup" in err


def test_code_takes_script_arguments_and_a_double_dash_ends_options():
    assert wlnet("-code", "Rest[$ScriptCommandLine]", "a", "b")[1] == "{a, b}\n"
    assert wlnet("-code", "Rest[$ScriptCommandLine]", "--", "-foo", "7")[1] == "{-foo, 7}\n"


def test_a_script_after_a_double_dash_gets_the_rest(script):
    path = script("Print[Rest[$ScriptCommandLine]]\n")
    assert wlnet("-file", path, "--", "-x", "1")[1] == "{-x, 1}\n"


def test_function_applies_to_arguments_read_by_their_signature():
    assert wlnet("-function", "StringReverse", "-args", "abc") == (0, "cba\n", "")
    assert wlnet("-function", "#1 + #2 &", "-signature", "Integer", "Real",
                 "-args", "2", "3.5")[1] == "5.5\n"
    assert wlnet("-function", "Head", "-signature", "Expression", "--", "f[x]")[1] == "f\n"
    code, _, err = wlnet("-function", "#1 &", "-signature", "Integer", "-args", "x")
    assert code == 1 and "not of the type Integer" in err
    code, _, err = wlnet("-function", "#1 &", "-signature", "Banana", "-args", "x")
    assert code == 2 and "unknown type Banana" in err
    code, _, err = wlnet("-function", "#1 &", "-signature", "Integer", "Integer", "-args", "1")
    assert code == 2 and "2 types for 1 arguments" in err


def test_linewise_evaluates_each_line_of_stdin():
    assert wlnet("-linewise", stdin="1 + 2\nx = 5;\n\nx^2\n") == (0, "3\n25\n", "")


def test_run_evaluates_before_the_repl_and_exit_ends_there():
    assert wlnet("-run", 'Print["hi"]; Exit[3]', stdin="") == (3, "hi\n", "")
    code, out, _ = wlnet("-run", "y = 40", "-noprompt", stdin="y + 2\nz = 1;\n")
    assert (code, out) == (0, "42\n")
    code, out, _ = wlnet("-run", "y = 40", stdin="y + 2\n")
    assert "Out[" in out and "42" in out
    assert wlnet("-run", "1", "-code", "2")[0] == 2


@pytest.mark.parametrize("args", [["-format"], ["-run"], ["-function"],
                                  ["-code", "1", "-signature", "Integer"]])
def test_incomplete_wolframscript_options_are_usage_errors(args):
    code, out, err = wlnet(*args)
    assert code == 2 and out == "" and "wlnet:" in err


def test_options_on_a_scripts_shebang_line_as_wolframscript_reads_them(script):
    # wolframscript's documented form: the file is a function of the script's arguments
    path = script("#!/usr/bin/env wolframscript -function -signature Integer Integer\n"
                  "#1 + #2 &\n", name="add.wls")
    assert wlnet(path, "2", "3") == (0, "5\n", "")
    path = script("#!/usr/bin/env wolframscript -function\nStringJoin[#1, \"!\"] &\n",
                  name="shout.wls")
    assert wlnet(path, "hey")[1] == "hey!\n"
    path = script("#!/usr/bin/env wlnet -print all\n1 + 1\n{2}\n", name="p.wls")
    assert wlnet(path)[1] == "2\n{2}\n"
    path = script("#!/usr/bin/env wolframscript -function -signature Apple\n# &\n",
                  name="bad.wls")
    code, _, err = wlnet(path, "x")
    assert code == 2 and "unknown type Apple" in err
