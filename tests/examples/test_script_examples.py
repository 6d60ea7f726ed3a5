"""Examples that are scripts with a known output: every examples/NAME.wl that has an
examples/NAME.out beside it runs as a user runs it (`wlnet FILE`, a fresh process) and
prints exactly that output, with no messages.  The .out files state what each example is
meant to show (numbers a script rounds are the semantics it demonstrates, e.g. the slope and
intercept of the line it learns)."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
SCRIPTS = sorted(p for p in EXAMPLES.glob("*.wl") if p.with_suffix(".out").exists())


def test_there_are_script_examples():
    assert SCRIPTS


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.name)
def test_script_prints_its_expected_output(script, tmp_path):
    env = dict(os.environ, PYTHONPATH=str(EXAMPLES.parent))
    run_cli = "import sys; from wlnet.cli import main; sys.exit(main())"
    done = subprocess.run([sys.executable, "-c", run_cli, str(script)], capture_output=True,
                          text=True, cwd=tmp_path, env=env, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "", done.stderr
    assert done.stdout == script.with_suffix(".out").read_text()
