"""The REPL in a real pseudo-terminal (pexpect): the prompt_toolkit front end, multi-line
input, %, Ctrl-C aborting a long evaluation while keeping the session, and Quit."""
import os
import sys

import pytest

pexpect = pytest.importorskip("pexpect")

PROMPT = r"In\[(\d+)\]:="


def spawn_repl(tmp_path, term="xterm", columns=120):
    """The REPL in a pseudo-terminal of the given type and width, at its first prompt."""
    env = dict(os.environ, WLNET_HISTORY=str(tmp_path / "history"), TERM=term,
               PYTHONUNBUFFERED="1", PROMPT_TOOLKIT_NO_CPR="1")
    env.pop("WLNET_PLAIN_REPL", None)
    env.pop("COLUMNS", None)
    child = pexpect.spawn(sys.executable, ["-m", "wlnet.cli"], env=env, encoding="utf-8",
                          timeout=60, dimensions=(40, columns))
    child.expect(PROMPT)
    return child


@pytest.fixture
def term(tmp_path):
    child = spawn_repl(tmp_path)
    yield child
    if child.isalive():
        child.terminate(force=True)


def send_line(child, text):
    child.send(text + "\r")


def test_evaluates_and_numbers_outputs(term):
    send_line(term, "1 + 1")
    term.expect(r"Out\[1\]= 2")
    term.expect(PROMPT)
    send_line(term, "%^10")
    term.expect(r"Out\[2\]= 1024")


def test_incomplete_input_continues_on_the_next_line(term):
    send_line(term, "x = {1,")
    send_line(term, " 2}")
    term.expect(r"Out\[1\]= \{1, 2\}")


def test_ctrl_c_aborts_a_long_evaluation_and_keeps_the_session(term):
    send_line(term, "y = 5; While[True, y]")
    import time
    time.sleep(1.5)
    term.sendintr()
    term.expect(r"\$Aborted")
    term.expect(PROMPT)
    send_line(term, "y + 1")
    term.expect(r"Out\[\d+\]= 6")


@pytest.mark.parametrize("text, code", [("Quit[3]", 3), ("Quit", 0), ("Exit", 0)])
def test_quit_leaves_with_its_code(term, text, code):
    send_line(term, text)
    term.expect(pexpect.EOF)
    term.close()
    assert term.exitstatus == code


def test_history_is_kept_in_the_history_file(term, tmp_path):
    send_line(term, "Range[3]")
    term.expect(r"Out\[1\]= \{1, 2, 3\}")
    send_line(term, "Quit[]")
    term.expect(pexpect.EOF)
    assert "Range[3]" in (tmp_path / "history").read_text()


def test_a_net_shows_as_a_summary_panel(term):
    send_line(term, 'GatedRecurrentLayer[3, "Input" -> {"Varying", 2}]')
    term.expect(r"Out\[1\]=")
    term.expect("GatedRecurrentLayer")
    term.expect("uninitialized")
    term.expect("InputGateInputWeights")
    term.expect(PROMPT)


def test_ctrl_c_during_net_train_returns_the_net_so_far_and_keeps_the_session(term):
    send_line(term, 'net = NetChain[{LinearLayer[8, "Input" -> 2], Tanh, LinearLayer[1]}, '
                    '"Output" -> "Scalar"];')
    term.expect(PROMPT)
    send_line(term, "data = Table[{x, y} -> x y, {x, -1, 1, 0.05}, {y, -1, 1, 0.05}] // Flatten;")
    term.expect(PROMPT)
    send_line(term, "trained = NetTrain[net, data, MaxTrainingRounds -> 100000, "
                    "TrainingProgressReporting -> None];")
    import time
    time.sleep(4)
    term.sendintr()
    term.expect("NetTrain::")                 # the message that training was interrupted
    term.expect(PROMPT)
    send_line(term, "MatchQ[trained, _NetChain]")
    term.expect(r"Out\[\d+\]= True")
    send_line(term, "Round[trained[{0.5, 0.5}], 0.01] // NumberQ")
    term.expect(r"Out\[\d+\]= True")


def test_reverse_search_then_enter_takes_the_line_found(term):
    send_line(term, "Range[3] + 100")
    term.expect(r"Out\[1\]= \{101, 102, 103\}")
    term.expect(PROMPT)
    term.send("\x12")                      # Ctrl-R
    term.expect("I-search backward")
    term.send("Range")
    term.send("\r")                        # take the line found …
    term.send("\r")                        # … and evaluate it
    term.expect(r"Out\[2\]= \{101, 102, 103\}")


def test_a_syntax_error_keeps_the_input_number(term):
    send_line(term, "{1, 2]")
    term.expect("Syntax::bktmcp")
    term.expect(r"In\[1\]:=")
    assert "$Failed" not in term.before and "Out[" not in term.before
    send_line(term, "3 + 4")
    term.expect(r"Out\[1\]= 7")


def test_a_dumb_terminal_uses_its_real_width(tmp_path):
    child = spawn_repl(tmp_path, term="dumb", columns=150)
    send_line(child, 'Print[StringRepeat["ab", 55]]')      # 110 characters on one line
    child.expect("(ab){55}")
    child.terminate(force=True)
