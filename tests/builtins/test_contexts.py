"""Contexts and packages: $Context and $ContextPath through Begin/End and
BeginPackage/EndPackage as the Wolfram Language keeps them (Mathics3 agrees where it is
asked), and Needs/Get finding a package's file."""

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples
from tests.oracle_mathics import mathics_available, mathics_evaluate

needs_mathics = pytest.mark.skipif(not mathics_available(), reason="mathics3 is not installed")

PACKAGE = """BeginPackage["Geometry`"]
area::usage = "area[r] is the area of a disc."
Begin["`Private`"]
area[r_] := Pi r^2
inside = $Context
End[]
EndPackage[]
"""


@pytest.mark.parametrize("text", [
    "$Context",
    'Begin["test`"]; {$Context, Context[], End[], $Context}',
    'Begin["a`"]; Begin["`b`"]; {$Context, End[], End[], $Context}',
    'BeginPackage["pkg`"]; c = {$Context, $ContextPath}; EndPackage[]; '
    '{c, $Context, First[$ContextPath]}',
])
@needs_mathics
def test_context_bookkeeping(text):
    """Against Mathics3 in a fresh session, reset afterwards: these change its contexts."""
    try:
        want, _ = mathics_evaluate(text, fresh=True)
    finally:
        mathics_evaluate("Null", fresh=True)
    r = Runner()
    assert r.run(text) == want
    assert r.messages == []


def test_end_without_begin_and_a_bad_context():
    r = Runner()
    result = r.run("End[]")
    assert r.tags == ["End::noctx"]
    assert result == r.run("$Failed")
    r.run('Begin["1x"]')
    assert r.tags == ["Begin::cxt"]


def test_needs_reads_the_package_file_once(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "Geometry.wl").write_text(PACKAGE + "loads = If[ValueQ[loads], loads + 1, 1]\n")
    r = Runner()
    r.run('Needs["Geometry`"]')
    assert r.messages == []
    check("area[2]", "4 Pi", runner=r, evaluate_expected=True)
    check("inside", '"Geometry`Private`"', runner=r)
    check("$Context", '"Global`"', runner=r)
    check("First[$ContextPath]", '"Geometry`"', runner=r)
    r.run('Needs["Geometry`"]')
    check("loads", "1", runner=r)
    r.run("<< Geometry`")
    check("loads", "2", runner=r)


def test_a_package_in_a_folder_and_a_missing_one(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "My").mkdir()
    (tmp_path / "My" / "Tools.wl").write_text('BeginPackage["My`Tools`"]\ntwice[x_] := 2 x\n'
                                               "EndPackage[]\n")
    r = Runner()
    r.run('Needs["My`Tools`"]')
    check("twice[4]", "8", runner=r)
    check('Needs["NoSuchPackage`"]', "Null", runner=r)


@pytest.mark.parametrize("name,text,expected", declared_examples("contexts"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
