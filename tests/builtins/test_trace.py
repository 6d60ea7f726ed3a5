"""Trace, TracePrint and TraceScan (wlnet/builtins/trace.py): the evaluation chains as the
Wolfram Language shows them (the Trace page and the Mathematica book's examples)."""

from __future__ import annotations

import pytest

from tests.builtins._support import run

FAC = "fac[1] = 1; fac[n_] := n fac[n - 1]; "
FIB = "fib[0] = fib[1] = 1; fib[n_] := fib[n - 1] + fib[n - 2]; "

# (input, the chains as printed); each row in a new session
CASES = [
    ("Trace[1 + 1]", "{1 + 1, 2}"),
    ("Trace[2 3 + 4]", "{{2 3, 6}, 6 + 4, 10}"),
    ("Trace[f[1 + 2]]", "{{1 + 2, 3}, f[3]}"),
    ("x = 3; Trace[x^2 + 1]", "{{{x, 3}, 3^2, 9}, 9 + 1, 10}"),
    ("Trace[f[1]]", "{}"),
    ("Trace[y]", "{}"),
    ("Trace[b + a]", "{b + a, a + b}"),
    (FAC + "Trace[fac[3]]",
     "{fac[3], 3 fac[3 - 1], {{3 - 1, 2}, fac[2], 2 fac[2 - 1], {{2 - 1, 1}, fac[1], 1}, "
     "2 1, 2}, 3 2, 6}"),
    (FIB + "Trace[fib[3], fib[_]]", "{fib[3], {fib[2], {fib[1]}, {fib[0]}}, {fib[1]}}"),
    (FAC + "Trace[fac[3], fac[n_] -> n]", "{3, {2, {1}}}"),
    (FAC + "Trace[fac[3], fac]",
     "{fac[3], 3 fac[3 - 1], {fac[2], 2 fac[2 - 1], {fac[1], 1}}}"),
    (FAC + "Trace[fac[4], fac[_], TraceDepth -> 2]", "{fac[4], {fac[3]}}"),
    (FAC + "Trace[fac[3], fac[_], TraceForward -> True]",
     "{fac[3], 3 fac[3 - 1], {fac[2], 2 fac[2 - 1], {fac[1], 1}, 2 1, 2}, 3 2, 6}"),
    (FAC + "Trace[fac[3], 2 1, TraceBackward -> True]", "{{fac[2], 2 fac[2 - 1], 2 1}}"),
    ("Trace[1 + 1, TraceDepth -> 0]", "{}"),
    ("Trace[If[1 < 2, 1 + 1, 3]]", "{{1 < 2, True}, If[True, 1 + 1, 3], 1 + 1, 2}"),
    ("Trace[Table[i^2, {i, 2}]]",
     "{Table[i^2, {i, 2}], {{i, 1}, 1^2, 1}, {{i, 2}, 2^2, 4}, {1, 4}}"),
    ("g[x_] := x^2 /; x > 0; Trace[g[3]]", "{g[3], {3 > 0, True}, 3^2, 9}"),
    ("Trace[Sin[0.5] + 1, _Sin]", "{{Sin[0.5]}}"),
    ("Trace[f[1 + 2], f[_], TraceOff -> _Plus]", "{f[3]}"),
    ("Trace[f[1 + 2] + g[2 3], _Times, TraceOn -> g[_]]", "{{{2 3}}}"),
    ("Trace[Module[{k = 1}, k + 1], k]", "{{k$1, 1}}"),
    ("Trace[1 + 1, TraceOriginal -> True]", "{1 + 1, 2}"),
    ("Trace[f[1 + 2], TraceOriginal -> True]", "{f[1 + 2], {1 + 2, 3}, f[3]}"),
    # a head with a value: its own chain first
    ("f = g; Trace[f[1]]", "{{f, g}, g[1]}"),
    # then the arguments under the new head, with no form in between
    ("f = g; Trace[f[1 + 1]]", "{{f, g}, {1 + 1, 2}, g[2]}"),
    ("f = h; SetAttributes[h, HoldAll]; Trace[f[1 + 1]]", "{{f, h}, h[1 + 1]}"),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_trace_chains(text, expected):
    r = run(f"ToString[{text.rsplit('; ', 1)[-1]}]" if "; " not in text else
            text.rsplit("; ", 1)[0] + f"; ToString[{text.rsplit('; ', 1)[1]}]")
    assert r.messages == []
    assert r.value.value == expected


def test_entries_are_held():
    r = run("Trace[1 + 1] // InputForm // ToString")
    assert r.value.value == "{HoldForm[1 + 1], HoldForm[2]}"


def test_the_traced_evaluation_takes_effect():
    r = run("x = 3; t = Trace[x = x + 1]; ToString[{x, t}]")
    assert r.value.value == "{4, {{{x, 3}, 3 + 1, 4}, x = 4, 4}}"


def test_trace_ends_on_throw_and_evaluation_is_plain_again():
    r = run("Catch[Trace[Throw[1 + 1]]]; {Catch[Trace[Throw[5]]], Trace[2 + 2]} // ToString")
    assert r.value.value == "{5, {2 + 2, 4}}"


def test_trace_print_indents_forms_by_nesting():
    r = run("TracePrint[2 3 + 4]")
    assert r.value.value == 10
    assert r.output == [" 2 3 + 4", "  2 3", "  6", " 6 + 4", " 10"]


def test_trace_print_with_a_form():
    r = run(FAC + "TracePrint[fac[3], fac[_]]")
    assert r.value.value == 6
    assert [line.strip() for line in r.output] == ["fac[3]", "fac[3 - 1]", "fac[2]",
                                                    "fac[2 - 1]", "fac[1]"]


def test_trace_scan_applies_a_function_to_each_form():
    r = run("n = 0; TraceScan[(n++) &, 2 3 + 4, _Times]; n")
    assert r.value.value == 1
    r = run("TraceScan[Print, 2 3 + 4]")
    assert r.value.value == 10
    assert r.output == ["2 3 + 4", "2 3", "6", "6 + 4", "10"]


def test_trace_scan_applies_fp_to_each_expression_and_its_value():
    r = run("TraceScan[Null &, 2 3 + 4, _Times, Print[{##}] &]")
    assert r.value.value == 10
    assert r.output == ["{2 3, 6}"]
    r = run("k = 0; TraceScan[Null &, f[1 + 1], _, (k += 1) &]; k")
    assert r.value.value >= 2            # 1 + 1 -> 2, f[1 + 1] -> f[2], ...


@pytest.mark.parametrize("text, tag", [
    ("Trace[1 + 1, TraceDepth -> -1]", "Trace::tdep"),
    ("Trace[1 + 1, TraceForward -> 7]", "Trace::opttf"),
    ("Trace[1 + 1, a, b]", "Trace::nonopt"),
    ("Trace[]", "Trace::argm"),
    ("TraceScan[f]", "TraceScan::argmu"),
    ("TraceScan[f, 1 + 1, _, g, h]", "TraceScan::nonopt"),
])
def test_bad_calls_say_why_and_stay_unevaluated(text, tag):
    r = run(text)
    assert r.tags == [tag]
    assert r.value.head.name in ("Trace", "TraceScan")
