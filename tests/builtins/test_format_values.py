"""Format values: Format[f[x_]] := rhs (wlnet/builtins/format_values.py) and how the
printer shows them."""

from __future__ import annotations

import pytest

from tests.builtins._support import check_example, declared_examples, run


def _shown(runner, code: str) -> str:
    from wlnet.syntax.printer import output_form
    return output_form(runner.run(code))


def test_a_format_value_shows_in_outputs_print_and_tostring():
    r = run('Format[q[x_]] := {x, "q"}')
    assert r.messages == []
    assert _shown(r, "q[1]") == "{1, q}"
    assert _shown(r, "{q[1], q[a] + 2}") == "{{1, q}, 2 + {a, q}}"     # subexpressions too
    assert _shown(r, "ToString[q[2]]") == "{2, q}"
    r.run("Print[q[3]]")
    assert r.output == ["{3, q}"]


def test_the_rule_belongs_to_the_symbol_not_to_format():
    r = run("Format[q[x_]] := {x}")
    assert _shown(r, "FormatValues[q] // InputForm") == \
        "{HoldPattern[Format[q[x_]]] :> {x}}"
    assert _shown(r, "DownValues[Format]") == "{}"
    assert _shown(r, "q[1] // InputForm") == "q[1]"        # InputForm has no format values
    assert _shown(r, "q[1] // FullForm") == "q[1]"


@pytest.mark.parametrize("clear", ["Clear[q]", "ClearAll[q]", "Remove[q]"])
def test_clearing_the_symbol_removes_its_format(clear):
    r = run("Format[q[x_]] := {x}")
    r.run(clear)
    assert _shown(r, "q[1]") == "q[1]"
    assert _shown(r, "FormatValues[q]") == "{}"


def test_unset_removes_one_format():
    r = run("Format[q[x_]] := {x}; Format[q] := Q")
    r.run("Format[q[x_]] =.")
    assert _shown(r, "q[1]") == "Q[1]"                # the symbol's own format stays
    assert _shown(r, "Length[FormatValues[q]]") == "1"


def test_a_symbol_format_and_a_conditional_format():
    r = run("Format[kappa] := \\[Kappa]; Format[f[x__] /; Length[{x}] > 2] := Row[{x}, \"*\"]")
    assert _shown(r, "kappa + 1") == "1 + \u03ba"
    assert _shown(r, "{f[a, b], f[a, b, c]}") == "{f[a, b], a*b*c}"


def test_a_later_definition_for_the_same_pattern_replaces_the_earlier():
    r = run("Format[q[x_]] := {x}; Format[q[x_]] := {x, x}")
    assert _shown(r, "q[1]") == "{1, 1}"
    assert _shown(r, "Length[FormatValues[q]]") == "1"


def test_a_form_rule_applies_in_that_form_only():
    r = run('Format[xx, TraditionalForm] := "tx"; Format[yy, OutputForm] := "oy"')
    assert _shown(r, "{xx, TraditionalForm[xx], StandardForm[xx]}") == "{xx, tx, xx}"
    assert _shown(r, "{yy, StandardForm[yy]}") == "{oy, yy}"
    r.run('Format[zz, TeXForm] := "tz"')
    assert _shown(r, "zz") == "zz"


def test_a_format_that_contains_its_expression_does_not_loop():
    r = run("Format[p[x_]] := p[x] + 1; Format[h[x_]] := h[x + 1]")
    assert _shown(r, "p[2]") == "1 + p[2]"
    assert _shown(r, "h[1]") == "h[2]"


def test_format_of_an_expression_prints_as_the_expression():
    r = run("Format[q[x_]] := {x}")
    assert _shown(r, "Format[5]") == "5"
    assert _shown(r, "Format[q[3]]") == "{3}"


def test_messages_show_format_values():
    r = run('General::mine = "value `1`"; Format[w[x_]] := {x}; Message[General::mine, w[5]]')
    assert r.messages == ["General::mine: value {5}"]


def test_a_protected_symbol_takes_no_format_and_other_sessions_see_none():
    r = run("Format[Sin[x_]] := 1")
    assert r.tags == ["SetDelayed::wrsym"]
    assert _shown(r, "Sin[a]") == "Sin[a]"
    run("Format[q[x_]] := {x}")
    assert _shown(run("1"), "q[1]") == "q[1]"


def test_images_show_briefly_in_messages():
    r = run('General::mine = "value `1`"; img = Image[{{0, 1}, {1, 0}}]; '
            'Message[General::mine, {img, 3}]')
    assert r.messages == ["General::mine: value {-Image-, 3}"]
    r.run("Message[General::mine, Graphics[Disk[]]]")
    assert r.messages == ["General::mine: value -Graphics-"]


@pytest.mark.parametrize("name,text,expected", declared_examples("format_values"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_a_tag_format_is_kept_with_the_tag_and_applies_to_its_parent():
    r = run('fq /: Format[g[fq]] := "g of fq"')
    assert r.messages == []
    assert _shown(r, "{g[fq], g[other], g[fq] + 1}") == "{g of fq, g[other], 1 + g of fq}"
    assert _shown(r, "FormatValues[fq] // InputForm") == \
        '{HoldPattern[Format[g[fq]]] :> "g of fq"}'
    assert _shown(r, "FormatValues[g]") == "{}"
    r.run("Format[g[fq]] =.")
    assert _shown(r, "g[fq]") == "g[fq]"
    r.run("fq /: Format[g[x_fq]] := x")
    assert _shown(r, "g[fq[1]]") == "fq[1]"
    r.run("Clear[fq]")
    assert _shown(r, "g[fq[1]]") == "g[fq[1]]"


def test_tag_unset_removes_a_format_kept_with_the_tag_only():
    r = run('fq /: Format[g[fq]] := "g of fq"; Format[fu[x_]] := {x}')
    r.run("other /: Format[g[fq]] =.")
    assert r.tags == ["TagUnset::norep"]
    assert _shown(r, "g[fq]") == "g of fq"
    r.run("fq /: Format[g[fq]] =.; fu /: Format[fu[x_]] =.")
    assert _shown(r, "{g[fq], fu[1], FormatValues[fq]}") == "{g[fq], fu[1], {}}"


def test_a_tag_not_in_the_format_is_refused():
    r = run("fq /: Format[g[other]] := 1")
    assert r.tags == ["TagSetDelayed::tagnf"]
    assert _shown(r, "{g[other], FormatValues[fq]}") == "{g[other], {}}"


def test_assigning_format_values_replaces_the_rules_in_that_order():
    r = run("Format[fw[x_]] := {x}")
    r.run('FormatValues[fw] = {HoldPattern[Format[fw[x_, y_]]] :> x + y, '
          'HoldPattern[Format[fw, TeXForm]] :> "W", fw[x_] :> {x, x}}')
    assert r.messages == []
    assert _shown(r, "{fw[1], fw[1, 2]}") == "{{1, 1}, 3}"
    assert _shown(r, "FormatValues[fw] // InputForm") == (
        '{HoldPattern[Format[fw[x_, y_]]] :> x + y, HoldPattern[Format[fw, TeXForm]] :> "W", '
        'HoldPattern[Format[fw[x_]]] :> {x, x}}')
    r.run("FormatValues[fw] = {}")
    assert _shown(r, "fw[1]") == "fw[1]"


def test_assigning_format_values_that_are_not_rules_changes_nothing():
    r = run("Format[fw[x_]] := {x}")
    r.run("FormatValues[fw] = {5}")
    assert r.tags == ["Set::vrule"]
    assert _shown(r, "fw[1]") == "{1}"
    r.run("FormatValues[Sin] = {}")
    assert r.tags == ["Set::wrsym"]
