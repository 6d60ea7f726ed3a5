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
    assert "wlnet/core/system_names.txt" in names
    assert "wlnet/syntax/parser.py" in names


def test_public_api_names_resolve():
    import wlnet
    for name in ("parse", "parse_script", "WLSyntaxError", "full_form", "input_form",
                 "Session", "evaluate"):
        assert callable(getattr(wlnet, name))


def _third_party_imports() -> set[str]:
    """The top-level modules outside the standard library that wlnet's code imports."""
    import ast
    found = set()
    for path in (ROOT / "wlnet").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found.update(alias.name.split(".")[0] for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return {m for m in found if m not in sys.stdlib_module_names and m != "wlnet"}


# distributions whose import names differ from their name (matplotlib's wheel also ships
# mpl_toolkits, whose mplot3d draws Graphics3D)
_IMPORT_NAMES = {"pillow": ("PIL",), "matplotlib": ("matplotlib", "mpl_toolkits")}


def _requirement_names(requirements) -> set[str]:
    import re
    names = {re.match(r"[A-Za-z0-9_\-]+", d).group().lower().replace("-", "_")
             for d in requirements}
    return {i for n in names for i in _IMPORT_NAMES.get(n, (n,))}


def _runtime_dependencies() -> set[str]:
    import tomllib
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return _requirement_names(project["dependencies"])


def _optional_dependencies() -> set[str]:
    """What the optional extras (other than dev) add: imported only where they are used."""
    import tomllib
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["optional-dependencies"]
    return set().union(*(_requirement_names(reqs) for name, reqs in extras.items() if name != "dev"))


@pytest.mark.skipif(not (ROOT / "pyproject.toml").is_file(), reason="needs the source tree")
def test_runtime_dependencies_are_what_the_package_imports():
    imported = _third_party_imports()
    declared = _runtime_dependencies()
    # llvmlite comes with numba; tbb is loaded by numba's threading layer, not imported
    assert imported - {"llvmlite"} <= declared | _optional_dependencies()
    assert declared - {"tbb"} <= imported
    # test tools are dev extras only, and nothing at run time imports them
    assert not {"pytest", "hypothesis", "pexpect", "mathics"} & (declared | imported)


def test_the_system_names_file_is_package_data():
    import tomllib
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert "system_names.txt" in config["tool"]["setuptools"]["package-data"]["wlnet.core"]
    assert (ROOT / "wlnet" / "core" / "system_names.txt").is_file()
