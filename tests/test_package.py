"""Packaging: the grammar is kept once at the top level and shipped inside the package."""
import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_grammar_has_one_copy_in_the_repository():
    copies = [p for p in ROOT.rglob("*.lark")
              if ".venv" not in p.parts and "build" not in p.parts]
    assert copies == [ROOT / "grammar" / "wl.lark"]


def test_grammar_path_finds_the_top_level_grammar():
    from wlnet.syntax import grammar_path
    assert grammar_path().read_text() == (ROOT / "grammar" / "wl.lark").read_text()


def _requirement_name(requirement: str) -> str:
    return re.match(r"[A-Za-z0-9_.-]+", requirement).group(0).lower()


@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source tree")
def test_dev_extra_installs_the_build_requirements():
    """The wheel below is built without build isolation, from what `pip install -e '.[dev]'`
    installed: the dev extra must bring every build requirement (a fresh venv's setuptools
    cannot build wheels)."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())
    dev = {_requirement_name(r) for r in project["project"]["optional-dependencies"]["dev"]}
    build = {_requirement_name(r) for r in project["build-system"]["requires"]}
    assert build <= dev


@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source tree")
def test_built_wheel_ships_the_grammar(tmp_path):
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path), str(ROOT)], check=True,
                   capture_output=True)
    wheel = next(tmp_path.glob("wlnet-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "wlnet/grammar/wl.lark" in names
    assert "wlnet/syntax/parser.py" in names


def test_public_api_names_resolve():
    import wlnet
    for name in ("parse", "parse_script", "WLSyntaxError", "full_form", "input_form",
                 "Session", "evaluate"):
        assert callable(getattr(wlnet, name))
