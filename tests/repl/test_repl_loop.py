"""The REPL loop on piped input: prompts, multi-line inputs, %, ?Name, Quit."""
import subprocess
import sys


def repl(text):
    proc = subprocess.run([sys.executable, "-m", "wlnet.cli"], input=text,
                          capture_output=True, text=True, timeout=120)
    return proc.returncode, proc.stdout, proc.stderr


def test_prompts_and_out_numbers():
    code, out, _ = repl("1 + 1\n2 + 2\n")
    assert code == 0
    assert "In[1]:= Out[1]= 2" in out
    assert "In[2]:= Out[2]= 4" in out


def test_incomplete_input_continues_on_the_next_line():
    _, out, _ = repl("x = 2 +\n 3\nx^2\n")
    assert "Out[1]= 5" in out and "Out[2]= 25" in out


def test_percent_refers_to_previous_outputs_even_when_hidden():
    _, out, _ = repl("a = 7;\n%\n5\n6\n%% + %\nOut[3]^2\n")
    # a trailing ; hides Out[1] but sets it to the value before the ';' (a notebook's
    # Plot[…]; Show[%]): % then shows 7
    assert "Out[1]" not in out and "Out[2]= 7\n" in out
    assert "Out[5]= 11\n" in out        # %% is Out[3], % is Out[4]
    assert "Out[6]= 25\n" in out


def test_question_mark_shows_usage_and_wildcards():
    _, out, _ = repl("?Range\n?StringJ*\n")
    assert "Range[n]" in out
    assert "StringJoin" in out


def test_quit_with_code_ends_the_session():
    code, out, _ = repl("Print[1]\nQuit[5]\nPrint[2]\n")
    assert code == 5
    assert "1" in out and "2\n" not in out.split("Quit")[-1]


def test_messages_go_to_stderr_and_the_session_goes_on():
    code, out, err = repl("Range[1, 2, 3, 4]\n1 + 2\n")
    assert code == 0 and "Range::" in err and "Out[2]= 3" in out


def test_a_syntax_error_shows_no_output_and_keeps_the_input_number():
    code, out, err = repl("1 + 1\n{1, 2]\n2 + 2\n")
    assert code == 0
    assert "Syntax::bktmcp" in err
    assert "$Failed" not in out
    assert "In[2]:= \nIn[2]:= Out[2]= 4" in out      # asked again, then used once


def test_bare_quit_and_exit_end_the_session():
    for word in ("Quit", "Exit"):
        code, out, _ = repl(f"Print[1]\n{word}\nPrint[2]\n")
        assert code == 0 and "2" not in out.replace("In[2]", "")


def test_double_question_mark_shows_examples_and_options():
    _, out, _ = repl("??Range\n?NetTrain\n")
    assert "Examples:" in out and "In:  Range[4]" in out
    assert "MaxTrainingRounds -> Automatic" in out


def test_odd_question_mark_inputs_end_in_messages_and_the_session_goes_on():
    code, out, err = repl('?\n?"x"\n?FindTextualAnswer\n1 + 1\n')
    assert code == 0 and "Traceback" not in err
    assert "FindTextualAnswer::wlnetna" in err
    assert "Out[3]= 2" in out


def test_surrogates_and_bytes_that_are_not_utf8_keep_the_session():
    proc = subprocess.run([sys.executable, "-m", "wlnet.cli"],
                          input=b'x = 7;\n"\\:d800"\n1 + \xff\nx + 1\n',
                          capture_output=True, timeout=120)
    out, err = proc.stdout.decode(), proc.stderr.decode()
    assert proc.returncode == 0 and "Traceback" not in err
    assert "Out[2]= \\:d800" in out and "Out[3]= 8" in out
    assert "Syntax::sntx: Invalid UTF-8: byte 0xff" in err


def test_an_unexpected_exception_is_a_message_and_the_repl_goes_on(monkeypatch):
    from wlnet.repl.loop import Repl
    shown, messages = [], []
    repl = Repl(shown.append, messages.append)
    repl.handle("y = 5;")

    def broken(expr):
        raise RuntimeError("boom")
    monkeypatch.setattr(repl.session.evaluator, "run", broken)
    assert repl.handle("1 + 1") is None
    assert messages == ["General::pyerr: Internal error in the REPL: RuntimeError: boom; "
                        "the call is left unevaluated."]
    monkeypatch.undo()
    repl.handle("y + 1")
    assert shown[-1].endswith("= 6")
