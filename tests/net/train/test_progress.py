"""NetTrain's progress in real terminals (a pseudo-terminal, pexpect): a live panel where
the terminal redraws, plain progress lines under TERM=dumb; panels take the terminal's
width."""

import os
import sys

import pytest

from wlnet.net.train import progress as P

pexpect = pytest.importorskip("pexpect")

SCRIPT = ('net = NetChain[{LinearLayer[1]}, "Input" -> 1];\n'
          'NetTrain[net, Table[{x} -> {2 x}, {x, 0, 1, 0.01}], MaxTrainingRounds -> 3];\n'
          'Print["done"]\n')


def train_in_terminal(tmp_path, term):
    path = tmp_path / "train.wl"
    path.write_text(SCRIPT)
    env = dict(os.environ, TERM=term, PYTHONUNBUFFERED="1")
    env.pop("COLUMNS", None)
    child = pexpect.spawn(sys.executable, ["-m", "wlnet.cli", str(path)], env=env,
                          encoding="utf-8", timeout=300, dimensions=(40, 130))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0
    return child.before


def test_a_dumb_terminal_gets_progress_lines_not_a_panel(tmp_path):
    out = train_in_terminal(tmp_path, "dumb")
    assert "Training with ADAM" in out
    assert "round 3/3" in out and "remaining" in out and "round loss" in out
    assert "Training complete." in out and "done" in out
    assert "\u256d" not in out and "\x1b[" not in out          # no panel box, no redraws


def test_a_terminal_that_redraws_gets_the_live_panel(tmp_path):
    out = train_in_terminal(tmp_path, "xterm")
    assert "\u256d" in out and "NetTrain (ADAM)" in out and "done" in out


def test_automatic_form_follows_the_terminal(monkeypatch):
    monkeypatch.setattr(sys, "stdout", _Tty())
    monkeypatch.setenv("TERM", "xterm")
    assert P.automatic_form() == "Panel"
    monkeypatch.setenv("TERM", "dumb")
    assert P.automatic_form() == "Print"


def test_panels_take_the_terminal_width(monkeypatch):
    monkeypatch.setenv("COLUMNS", "150")
    assert P.terminal_width() == 150
    assert P.PanelReporter().live_console.width == 150
    monkeypatch.setenv("TERM", "dumb")              # rich alone would say 80 columns
    assert P.PanelReporter().live_console.width == 150
    widths = {}
    for columns in (70, 150):
        monkeypatch.setenv("COLUMNS", str(columns))
        widths[columns] = P._bar_width(P.PanelReporter().live_console)
    assert widths[150] > widths[70]


class _Tty:
    def isatty(self):
        return True

    def write(self, text):
        return len(text)

    def flush(self):
        pass


@pytest.mark.parametrize("form", ["Panel", "ProgressIndicator"])
def test_a_panel_written_to_a_file_ends_its_line(capsys, form):
    # not a terminal (a log file, a pipe): the last frame, then the closing line below it
    from wlnet.core.session import Session
    Session().evaluate('NetTrain[NetChain[{LinearLayer[1]}, "Input" -> 1], {{1} -> {2}}, '
                       f'MaxTrainingRounds -> 1, TrainingProgressReporting -> "{form}"]')
    out = capsys.readouterr().out
    assert "\nTraining complete." in out and "left" + "Training" not in out
    assert "\u256fTraining" not in out


@pytest.mark.parametrize("rate, text", [(0.0, "0"), (0.004, "0.004"), (0.25, "0.25"),
                                        (3.14159, "3.14"), (57.06, "57.1"), (1234.4, "1234")])
def test_a_slow_net_shows_its_fractional_rate(rate, text):
    # below one example a second the panel showed "0 examples/s"
    assert P.format_rate(rate) == text
