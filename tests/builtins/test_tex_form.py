"""TeXForm (wlnet/builtins/tex_form.py): the TeX text of expressions in WL's notation."""

import pytest

from tests.builtins._support import run


@pytest.mark.parametrize("text, expected", [
    ("x^2 + Sqrt[y]", "x^2+\\sqrt{y}"),
    ("a/b", "\\frac{a}{b}"),
    ("-x/2", "-\\frac{x}{2}"),
    ("1/Sqrt[x]", "\\frac{1}{\\sqrt{x}}"),
    ("x^(1/3)", "\\sqrt[3]{x}"),
    ("x^(n + 1)", "x^{n+1}"),
    ("x^10", "x^{10}"),
    ("E^x", "e^x"),
    ("Exp[-x^2/2]", "e^{-\\frac{x^2}{2}}"),
    ("1 + x + x^2", "x^2+x+1"),                  # a polynomial: highest power first
    ("a x^2 + b x + c", "a x^2+b x+c"),
    ("a - b", "a-b"),
    ("x - 2 y", "x-2 y"),
    ("(a + b)^2", "(a+b)^2"),
    ("(a + b) c", "(a+b) c"),
    ("Sin[x] + Cos[2 x]", "\\cos (2 x)+\\sin (x)"),
    ("ArcTan[x]", "\\tan ^{-1}(x)"),
    ("Log[x]", "\\log (x)"),
    ("Abs[x]", "\\left| x\\right|"),
    ("f[x, y]", "f(x,y)"),
    ("f'[x]", "f'(x)"),
    ("Pi r^2", "\\pi  r^2"),
    ("\\[Alpha] + \\[CapitalOmega]", "\\alpha +\\Omega"),
    ("speed", "\\text{speed}"),
    ("\"hello\"", "\\text{hello}"),
    ("{1, 2, 3}", "\\{1,2,3\\}"),
    ("{{1, 2}, {3, 4}}",
     "\\left(\n\\begin{array}{cc}\n 1 & 2 \\\\\n 3 & 4 \\\\\n\\end{array}\n\\right)"),
    ("x == y", "x=y"),
    ("x <= 3", "x\\leq 3"),
    ("1/2", "\\frac{1}{2}"),
    ("3 + 2 I", "3+2 i"),
    ("Subscript[x, 1] + Subscript[x, 2]", "x_1+x_2"),
    ("n!", "n!"),
    ("1/(a + b)", "\\frac{1}{a+b}"),
    ("(a + b)/(c + d)", "\\frac{a+b}{c+d}"),
    ("x^(2/3)", "x^{2/3}"),
    ("x^(-2/3)", "\\frac{1}{x^{2/3}}"),
    ("Infinity", "\\infty"),
    ("-Infinity", "-\\infty"),
    # quantities: the magnitude, then upright unit symbols
    ('Quantity[3, "Meters"]', "3\\text{ m}"),
    ('Quantity[9.8, "Meters"/"Seconds"^2]', "9.8\\text{ m}/\\text{s}^2"),
    ('x + Quantity[3, "Meters"]', "x+3\\text{ m}"),
    # a sparse array is written out
    ("SparseArray[{1 -> 2, 3 -> 4}]", "\\{2,0,4\\}"),
])
def test_tex_text(text, expected):
    assert run(f"ToString[TeXForm[{text}]]").value.value == expected
    assert run(f"ToString[{text}, TeXForm]").value.value == expected


def test_tex_form_is_an_inert_wrapper():
    r = run("TeXForm[1 + 1]")
    assert r.value.head.name == "TeXForm" and r.value.args[0].value == 2


def test_texform_writes_texform_and_plain_format_values():
    r = run("Format[vq[x_], TeXForm] := Subscript[v, x]; Format[kq] := \\[Kappa]; "
            "Format[oq, OutputForm] := o")
    assert r.run("ToString[{vq[1] + kq^2, vq[2]/2, oq}, TeXForm]").value == \
        "\\{\\kappa ^2+v_1,\\frac{v_2}{2},\\text{oq}\\}"
    assert r.run("ToString[vq[1]]").value == "vq[1]"          # a TeXForm rule only there


def test_texform_of_a_format_containing_its_expression_stops():
    r = run("Format[pq[x_]] := pq[x] + 1")
    # pq[2] inside its own format is written as it is (the sum in the writer's order)
    assert r.run("ToString[pq[2], TeXForm]").value == "1+\\text{pq}(2)"


def test_texform_rules_come_before_traditionalform_rules():
    r = run('Format[tq, TraditionalForm] := "T"; Format[tq[x_], TraditionalForm] := x; '
            'Format[tq[x_], TeXForm] := {x}')
    assert r.run("ToString[{tq, tq[1]}, TeXForm]").value == "\\{\\text{T},\\{1\\}\\}"
