"""`.ci/run` performs the README's set-up and test commands exactly as written (issue 17: CI
must not pass where the README's path fails)."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CI = ROOT / ".ci" / "run"
README = ROOT / "README.md"

pytestmark = pytest.mark.skipif(not (CI.is_file() and README.is_file()),
                                reason="needs the source tree")


def _readme_commands() -> list[str]:
    """The indented command lines of the README's "Set up and test" section, in order."""
    section = README.read_text().split("## Set up and test", 1)[1].split("\n## ", 1)[0]
    return [line.strip() for line in section.splitlines()
            if line.startswith("    ") and line.strip()]


def _ci_commands() -> list[str]:
    return [line.strip() for line in CI.read_text().splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def test_readme_names_a_set_up_and_a_test_command():
    setup, test = _readme_commands()
    assert setup.startswith("python3 -m venv .venv") and "pip install" in setup
    assert test.endswith("-m pytest")


def test_ci_runs_the_readme_commands_verbatim_set_up_first():
    setup, test = _readme_commands()
    ci = _ci_commands()
    assert setup in ci and test in ci
    installs = [i for i, line in enumerate(ci) if "pip install" in line]
    assert installs[0] == ci.index(setup)          # nothing is installed before it
    assert ci.index(setup) < ci.index(test)
