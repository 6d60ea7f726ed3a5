"""The differential table of wlnet/builtins/lists/joining.py (Append, AppendTo, Delete, Insert,
Join, Prepend, PrependTo, Reverse): see tests/builtins/_support.py."""

from tests.builtins._support import MISSING_IN_MATHICS, differential_table

CASES = [
    ("Join[{a, b}, {c}, {d, e}]", None),
    # Splice: into Lists only, or into the head it names
    ("{1, 2, Splice[{3, 4}], 5}", "{1, 2, 3, 4, 5}", MISSING_IN_MATHICS),
    ("Table[Splice[{i, -i}], {i, 3}]", "{1, -1, 2, -2, 3, -3}", MISSING_IN_MATHICS),
    ("f[1, Splice[{2, 3}]]", "f[1, Splice[{2, 3}]]", MISSING_IN_MATHICS),
    ("f[1, Splice[{2, 3}, f]]", "f[1, 2, 3]", MISSING_IN_MATHICS),
    ("g[Splice[{2, 3}, All]]", "g[2, 3]", MISSING_IN_MATHICS),
    ("Join[{{1}, {2}}, {{3}, {4}}, 2]", "{{1, 3}, {2, 4}}",
     "Join at a level: " + MISSING_IN_MATHICS),
    ("Append[{a, b}, c]", None),
    ("Prepend[{a, b}, c]", None),
    ("Append[c][{a, b}]", "{a, b, c}", "operator forms (§6)"),
    ("Insert[{a, b, c}, x, 2]", None),
    ("Insert[{a, b, c}, x, -1]", "{a, b, c, x}",
     "Mathics3 inserts at the front for -1; Wolfram inserts after the last element"),
    ("Insert[{a, b, c}, x, {{1}, {3}}]", "{x, a, b, x, c}",
     "several positions: " + MISSING_IN_MATHICS),
    ("Insert[{{a, b}, c}, x, {1, 2}]", "{{a, x, b}, c}", "deep positions: " + MISSING_IN_MATHICS),
    ("Delete[{a, b, c}, 2]", None),
    ("Delete[{a, b, c}, -1]", None),
    ("Delete[{a, b, c}, {{1}, {3}}]", None),
    ("Delete[{{a, b}, c}, {1, 2}]", None),
    ("Reverse[{a, b, c}]", None),
    ("Reverse[{{1, 2}, {3, 4}}, 2]", None),
    ("Append[<|a -> 1|>, b -> 2]", None),
    ("Append[<|a -> 1|>, a -> 2]", None),
    ("Join[<|a -> 1|>, <|b -> 2, a -> 3|>]", None),
    ("Append[{a}, {b}]", None),
    ("Reverse[f[a, b]]", None),
    ("Join[f[a], f[b]]", None),
]


# the assignments (AppendTo, PrependTo) are tested in lists/test_package.py
test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "lists.joining", exempt={"AppendTo", "PrependTo"})


# ---------------------------------------------------------------------------- growing lists

from wlnet.core.expr import Expr, S  # noqa: E402
from wlnet.core.session import Session  # noqa: E402


def test_a_grown_list_is_a_fixed_point_yet_follows_later_definitions():
    """Append and Join of evaluated lists give lists recorded as evaluated (a loop that
    grows a list does not walk it again each step); the symbols in it still count."""
    s = Session(echo=False)
    s.evaluate("l = Table[{i, 2 i}, {i, 40}]; Do[AppendTo[l, {i, x}], {i, 41, 60}]")
    assert s.evaluate("Length[l]").value == 60
    s.evaluate("x = 5")
    assert s.evaluate("l[[-1]]") == s.evaluate("{60, 5}")          # x's new value shows
    s.evaluate("m = Table[{i}, {i, 40}]; m = Join[m, {{y}}]; y = 7")
    assert s.evaluate("Last[m]") == s.evaluate("{7}")
    s.evaluate("p = Table[{i}, {i, 40}]; PrependTo[p, {z}]; z = 1")
    assert s.evaluate("First[p]") == s.evaluate("{1}")
    assert s.evaluate("Append[{1, 2}, Nothing]") == s.evaluate("{1, 2}")
    assert not s.messages


def test_append_records_its_result_as_evaluated_only_when_its_parts_are():
    from tests.builtins._support import parse
    s = Session(echo=False)
    ev = s.evaluator
    s.evaluate("t = Table[{i}, {i, 40}]")
    code = parse("Append[t, {41}]")
    assert ev.is_fixed_point(ev.evaluate(code))       # (a session's Out[n] = … would not)
    s.evaluate("q /: {___, q, ___} := \"up\"")        # an upvalue could rewrite a list
    t = ev.evaluate(parse("t"))
    joined = Expr.from_args(S.List, t.args + t.args)
    ev.mark_built_list(joined, (t, t))
    assert not ev.is_fixed_point(joined)
    assert s.evaluate("Last[Append[t, {q}]]").value == "up"
