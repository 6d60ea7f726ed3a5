"""Contexts and packages: $Context and $ContextPath through Begin/End and
BeginPackage/EndPackage as the Wolfram Language keeps them (Mathics3 agrees where it is
asked), symbols made in and found through contexts, and Needs/Get finding a package's
file."""

import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, parse
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
    check("Geometry`Private`inside", '"Geometry`Private`"', runner=r)
    check("Context[inside]", '"Global`"', runner=r)        # the package's stays private
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


# ---------------------------------------------------------------------------- namespaces

def _loaded(text=PACKAGE):
    r = Runner()
    r.run(text)
    assert r.messages == []
    return r


def test_a_package_puts_its_symbols_in_its_contexts():
    r = _loaded()
    check("Context[area]", '"Geometry`"', runner=r)
    check("area[2]", "4 Pi", runner=r, evaluate_expected=True)
    # the private helpers and pattern names are out of sight, and print with their context
    check('Names["Geometry`Private`*"]', '{"Geometry`Private`inside", "Geometry`Private`r"}',
          runner=r)
    check('Names["Geometry`*"]', '{"area"}', runner=r)
    check("ToString[DownValues[area], InputForm]",
          '"{HoldPattern[area[Geometry`Private`r_]] :> Pi*Geometry`Private`r^2}"', runner=r)
    check("Context[inside]", '"Global`"', runner=r)
    check("ToString[Geometry`Private`r]", '"Geometry`Private`r"', runner=r)


def test_names_with_context_marks():
    r = Runner()
    check("Context[a`b`c]", '"a`b`"', runner=r)
    check("ToString[a`b`c]", '"a`b`c"', runner=r)
    check("a`x = 3; {a`x, x}", "{3, x}", runner=r)
    # `b is relative to the current context, the one when the line is read: one line is
    # read whole before it runs, the lines of an input one after the other
    check('Begin["work`"]; c = Context[`z]; End[]; c', '"Global`"', runner=r)
    check('Begin["work`"]\nc = Context[`z]\nEnd[]\nc', '"work`"', runner=r)
    check('Begin["work`"]\n`w = 7\nEnd[]\nwork`w', "7", runner=r)
    check("Global`q = 2; q", "2", runner=r)


def test_a_short_name_is_looked_for_on_the_path_before_the_current_context():
    r = Runner()
    r.run('Begin["tools`"]\ndouble[x_] := 2 x\nEnd[]')
    check("double[3]", "double[3]", runner=r)           # tools` is not on the path
    r.run('PrependTo[$ContextPath, "tools`"]')
    check("double[3]", "6", runner=r)
    check("Context[double]", '"tools`"', runner=r)
    check("ToString[double]", '"double"', runner=r)     # printed short: it reads back so


def test_a_shadowed_name_is_said_once_and_the_package_wins():
    r = Runner()
    r.run("area = 5")
    r.run(PACKAGE)
    assert r.tags == ["area::shdw"] or r.tags == ["Geometry`area::shdw"]
    assert "Geometry`" in r.messages[0] and "Global`" in r.messages[0]
    check("area[2]", "4 Pi", runner=r, evaluate_expected=True)
    check("Global`area", "5", runner=r)
    check("ToString[Global`area]", '"5"', runner=r)
    check("ToString[Unevaluated[Global`area]]", '"Global`area"', runner=r)


def test_symbol_context_and_remove_use_the_contexts():
    r = _loaded()
    check('Symbol["area"] === area', "True", runner=r)
    check('Context["area"]', '"Geometry`"', runner=r)
    check('Context["neverReadAnywhere"]', 'Context["neverReadAnywhere"]',
          ["Context::notfound"], runner=r)
    r.run("Remove[area]")
    check('Names["Geometry`*"]', "{}", runner=r)
    check("Context[area]", '"Global`"', runner=r)       # the name is read anew


def test_an_ordinary_session_keeps_global_names():
    r = Runner()
    check("x = 1; Context[x]", '"Global`"', runner=r)
    check("Context[Plus]", '"System`"', runner=r)
    check('Names["x"]', '{"x"}', runner=r)


def test_a_script_is_read_statement_by_statement(tmp_path):
    """In one input (a cell, a script), the lines after BeginPackage are read in the
    package's context, as the Wolfram Language reads them."""
    from wlnet.core.session import Session
    s = Session(echo=False)
    s.evaluate('BeginPackage["P`"]\nf::usage = "f"\nBegin["`Private`"]\n'
               'f[x_] := helper[x]\nhelper[x_] := x + 1\nEnd[]\nEndPackage[]\n'
               '{f[1], Context[f], Context[helper]}')
    assert s.messages == []
    from wlnet.syntax.printer import input_form
    assert input_form(s.outputs[1]) == '{2, "P`", "Global`"}'


def test_contexts_name_q_and_packages():
    r = _loaded()
    check('Contexts["Geometry*"]', '{"Geometry`", "Geometry`Private`"}', runner=r)
    check('MemberQ[Contexts[], "System`"]', "True", runner=r)
    check("First[$Packages]", '"Geometry`"', runner=r)
    check('{NameQ["area"], NameQ["Plus"], NameQ["neverReadAnywhere2"]}', "{True, True, False}",
          runner=r)


def test_context_aliases_stand_for_their_contexts():
    r = Runner()
    assert r.run("$ContextAliases") == parse("<||>")
    r.run('Context1`Context2`x = 5; $ContextAliases["C`"] = "Context1`Context2`";')
    assert r.run("C`x") == parse("5")
    r.run("C`x = 7;")
    assert r.run("Context1`Context2`x") == parse("7")
    assert r.run("Context[C`x]") == parse('"Context1`Context2`"')
    # the longest alias wins; removing an alias makes the name its own again
    r.run('$ContextAliases = <|"C`" -> "Other`", "C`D`" -> "Context1`Context2`"|>;')
    assert r.run("C`D`x") == parse("7")
    r.run("$ContextAliases = <||>;")
    assert r.run("Context[C`x]") == parse('"C`"')
    assert not r.messages


def test_a_layer_spelled_in_the_neuralnetworks_context_is_the_system_layer():
    # programs written before SequenceIndicesLayer moved to System` spell it
    # NeuralNetworks`SequenceIndicesLayer
    check("NeuralNetworks`SequenceIndicesLayer === SequenceIndicesLayer", "True")
    check("Head[NeuralNetworks`SequenceIndicesLayer[]]", "SequenceIndicesLayer")
    # a name that is not a layer stays in its context
    check("Context[NeuralNetworks`someHelper]", '"NeuralNetworks`"')
