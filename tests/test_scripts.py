"""Running scripts and code (wlnet.scripts), through the wlnet command: where a syntax
error is reported, exit codes, bare Quit."""
import pytest

from tests.test_cli import script, wlnet  # noqa: F401  (script is a fixture)


def test_an_unclosed_bracket_is_reported_where_it_opens_not_at_the_end(script):
    path = script("a = 1;\nb = f[a;\nc = 3;\nd = 4\n")
    code, out, err = wlnet(path)
    assert code == 1 and out == ""
    assert err.startswith(f"{path}:2:6: Syntax::bktmcp:")
    assert 'no closing "]"' in err
    assert "b = f[a;\n     ^" in err          # the source line, the caret under "["


def test_the_outermost_open_bracket_is_the_one_reported(script):
    path = script("x = {1, f[2,\n  3\n")
    _, _, err = wlnet(path)
    assert err.startswith(f"{path}:1:5: ") and 'no closing "}"' in err


def test_an_unterminated_string_keeps_its_own_message(script):
    path = script('a = "abc\n')
    code, _, err = wlnet(path)
    assert code == 1 and "Syntax::" in err and "bktmcp" not in err


def test_code_reports_an_unclosed_bracket_and_exits_1():
    code, out, err = wlnet("-code", "f[1, 2")
    assert code == 1 and out == ""
    assert err.startswith("-code:1:2: Syntax::bktmcp")


@pytest.mark.parametrize("word", ["Quit", "Exit"])
def test_bare_quit_ends_a_script(script, word):
    path = script(f'Print["a"]\n{word}\nPrint["b"]\n')
    assert wlnet(path) == (0, "a\n", "")


def test_syntax_error_at_bracket_leaves_other_errors_alone():
    from wlnet.scripts import syntax_error_at_bracket
    from wlnet.syntax.parser import WLSyntaxError, parse_script
    with pytest.raises(WLSyntaxError) as info:
        parse_script("{1, 2]")
    assert syntax_error_at_bracket(info.value, "{1, 2]") is info.value
    with pytest.raises(WLSyntaxError) as info:
        parse_script("g[\n1 +")
    placed = syntax_error_at_bracket(info.value, "g[\n1 +")
    assert (placed.tag, placed.line, placed.column) == ("bktmcp", 1, 2)


@pytest.mark.parametrize("source", ["Print[1]; Quit; Print[2]", "Print[1];\nIf[True, Exit];\nPrint[2]\n",
                                    "Print[1]; Do[If[i == 1, Quit], {i, 3}]; Print[2]"])
def test_bare_quit_anywhere_ends_the_script(tmp_path, source):
    script = tmp_path / "q.wl"
    script.write_text(source)
    from wlnet.cli import main
    import contextlib
    import io
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main([str(script)])
    assert code == 0 and out.getvalue() == "1\n"


def test_a_net_file_given_as_a_script_says_how_to_read_it(script, tmp_path):
    net_path = str(tmp_path / "saved.wlnet").replace("\\", "/")
    code, _, err = wlnet("-code", f'Export["{net_path}", NetInitialize[LinearLayer[2, "Input" -> 3]]]')
    assert code == 0, err
    code, out, err = wlnet(net_path)
    assert code == 1 and out == ""
    assert "is a net saved by Export" in err and f'Import["{net_path}"]' in err
    # a text script with the same extension still runs as a script
    text = script('Print[1 + 1]\n', name="script.wlnet")
    assert wlnet(text) == (0, "2\n", "")
