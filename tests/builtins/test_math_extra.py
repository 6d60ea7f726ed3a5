"""Sum, Product, norms, statistics, matrices and number theory
(wlnet/builtins/math_extra.py): a differential table against Mathics3 and message cases.

(input, None) compares with Mathics3's answer; (input, answer, why) carries the Wolfram
Language's answer written by hand where Mathics3 differs from it (and needs no Mathics3).
"""

from __future__ import annotations

import pytest

from tests.builtins._support import (
    ASSOC_IN_MATHICS, Runner, check, builtins_missing_from, builtins_of, check_example, check_row,
    close_to, declared_examples, parse, without_examples, without_usage)

MISSING = "not implemented in Mathics3"
NO_CLOSED_FORM = ("Wolfram (and Mathics3) find a closed form; wlnet leaves symbolic sums "
                  "unevaluated")

CASES = [
    # --- VectorAngle
    ("VectorAngle[{1, 0}, {1, 1}]", None),
    ("VectorAngle[{1, 2, 3}, {-3, 1, 4.}]", None),
    # --- Sum, Product
    ("Sum[i, {i, 100}]", None),
    ("Sum[1/i, {i, 4}]", None),
    ("Sum[i, {i, 1, 10, 3}]", None),
    ("Sum[i j, {i, 2}, {j, 3}]", None),
    ("Sum[i j, {i, 3}, {j, i}]", None),
    ("Sum[x^i, {i, 0, 3}]", None),
    ("Sum[i, {i, {a, b, c}}]", None),
    ("Sum[0.5 i, {i, 3}]", None),
    ("Sum[i, {i, 5, 1}]", None),
    ("Sum[k, {k, 1/2, 3}]", None),
    ("Sum[x, {3}]", None),
    ("Sum[i^2, {i, 10^4}]", None),
    ("Sum[i, {i, n}]", "Sum[i, {i, n}]", NO_CLOSED_FORM),
    ("Product[i, {i, 5}]", None),
    ("Product[1/i, {i, 3}]", None),
    ("Product[x + i, {i, 2}]", None),
    ("Product[i, {i, 0}]", None),
    ("Product[2, {i, 10}, {j, 2}]", None),
    # --- norms
    ("Norm[{3, 4}]", None),
    ("Norm[{1, -2, 2}, 1]", None),
    ("Norm[{1, -3}, Infinity]", None),
    ("Norm[{1., 2.}]", None),
    ("Norm[{1, 2, 2}, 3]", None),
    ("Norm[-2]", None),
    ("Norm[3 + 4 I]", None),
    ("Norm[{x, y}]", None),
    ("Norm[{x, y}, p]", None),
    ("Norm[{{1, 2}, {3, 4}}, \"Frobenius\"]", None),
    ("Normalize[{3, 4}]", None),
    ("Normalize[{1., 1.}]", None),
    ("Normalize[{0, 0}]", None),
    ("Normalize[-5]", None),
    ("Normalize[{x, y}]", "{x/Sqrt[Abs[x]^2 + Abs[y]^2], y/Sqrt[Abs[x]^2 + Abs[y]^2]}",
     "Mathics3 returns {x, y} unchanged; Wolfram divides by the symbolic norm"),
    ("Normalize[{1, 5, 2}, Max]", "{1/5, 1, 2/5}", "Normalize[expr, f] is expr/f[expr]"),
    ("Normalize[{{1, 2}, {3, 4}}, Total[#, 2] &]", "{{1/10, 1/5}, {3/10, 2/5}}",
     "the norm function may take a matrix"),
    ("Normalize[{1., 2.}, Norm[#, 1] &]", "{0.3333333333333333, 0.6666666666666666}", "a packed vector and a 1-norm"),
    ("Normalize[{0, 0}, Max]", "{0, 0}", "a zero norm leaves expr as it is"),
    ("Normalize[3 + 4 I, Abs]", "3/5 + (4 I)/5", "a complex number"),
    ("Normalize[{x, y}, f]", "{x/f[{x, y}], y/f[{x, y}]}", "a symbolic norm function"),
    # --- statistics
    ("Variance[{1, 2, 3, 4}]", None),
    ("Variance[{1., 2., 4.}]", None),
    ("Variance[{1/2, 1/3}]", None),
    ("Variance[{{1, 2}, {3, 6}}]", None),
    ("StandardDeviation[{1, 2, 3}]", None),
    ("StandardDeviation[{1, 2}]", "1/Sqrt[2]",
     "Wolfram's Sqrt[1/2] is 1/Sqrt[2]; Mathics3 writes Sqrt[2]/2"),
    ("StandardDeviation[{1., 2., 4.}]", None),
    ("StandardDeviation[{{1, 2}, {3, 6}}]", None),
    ("Variance[<|a -> 1, b -> 2|>]", "1/2", "an association's values: " + ASSOC_IN_MATHICS),
    ("StandardDeviation[<|a -> 1, b -> 3|>]", "Sqrt[2]", ASSOC_IN_MATHICS),
    # --- matrices
    ("Tr[{{1, 2}, {3, 4}}]", None),
    ("Tr[{{a, b}, {c, d}}]", None),
    ("Tr[{{a, b}, {c, d}}, List]", "{a, d}", "the combining function: " + MISSING),
    ("Tr[{{1, 2, 3}, {4, 5, 6}}]", "6", "Wolfram's Tr takes rectangular matrices; Mathics3 says Tr::matsq"),
    ("Tr[{1, 2, 3}]", "6", "Wolfram's Tr of a vector sums it; Mathics3 says Tr::matsq"),
    ("IdentityMatrix[3]", None),
    ("IdentityMatrix[0]", None),
    ("IdentityMatrix[{2, 3}]", "{{1, 0, 0}, {0, 1, 0}}", "rectangular: " + MISSING),
    ("DiagonalMatrix[{a, b}]", None),
    ("DiagonalMatrix[{a, b}, 1]", "{{0, a, 0}, {0, 0, b}, {0, 0, 0}}", "the offset: " + MISSING),
    ("DiagonalMatrix[{a, b}, -1]", "{{0, 0, 0}, {a, 0, 0}, {0, b, 0}}", "the offset: " + MISSING),
    ("Normal[DiagonalMatrix[SparseArray[{1, 2}]]] == {{1, 0}, {0, 2}} && "
     "Head[DiagonalMatrix[SparseArray[{1, 2}]]] === SparseArray", "True",
     "a sparse diagonal gives a sparse matrix (a Hamiltonian's potential term)"),
    ("Normal[DiagonalMatrix[SparseArray[{3}], -1]]", "{{0, 0}, {3, 0}}", "with an offset"),
    # --- combinatorics, primes
    ("Binomial[5, 2]", None),
    ("Binomial[10, {2, 3}]", None),
    ("Binomial[5, 7]", None),
    ("Binomial[5, -1]", None),
    ("Binomial[-3, 2]", None),
    ("Binomial[1/2, 2]", None),
    ("Binomial[100, 50]", None),
    ("Binomial[5.5, 2]", None),
    ("Binomial[n, 0]", None),
    ("Binomial[n, 1]", None),
    ("Binomial[n, n]", "1", "Wolfram simplifies Binomial[n, n] to 1; Mathics3 keeps it"),
    ("Binomial[-3, -5]", "6", "Wolfram's Binomial[n, n - k] for negative integers; Mathics3 0"),
    ("PrimeQ[7]", None),
    ("PrimeQ[1]", None),
    ("PrimeQ[0]", None),
    ("PrimeQ[-3]", None),
    ("PrimeQ[{1, 2, 3, 4, 5}]", None),
    ("PrimeQ[2^61 - 1]", None),
    ("PrimeQ[2^61 + 1]", None),
    ("PrimeQ[561]", None),
    ("PrimeQ[x]", None),
    ("PrimeQ[7.]", None),
    ("Prime[1]", None),
    ("Prime[{1, 2, 3, 10}]", None),
    ("Prime[1000]", None),
    ("Prime[100000]", None),
]


# machine reals up to rounding in the last bits (the order of floating-point operations
# differs between implementations)
_same = close_to(1e-13)


def _ids():
    return [c[0] for c in CASES]


@pytest.fixture(scope="module")
def runner():
    return Runner()


def test_every_builtin_of_the_module_is_in_the_table():
    assert not builtins_missing_from([c[0] for c in CASES], ["math_extra"])


@pytest.mark.parametrize("case", CASES, ids=_ids())
def test_against_wolfram(runner, case):
    check_row(case, runner=runner, evaluate_expected=True, same=_same)


def test_sums_are_exact_and_iterators_are_localised(runner):
    assert runner.run("Sum[1/2^k, {k, 0, 60}]") == runner.session.evaluate(
        parse("2305843009213693951/1152921504606846976"))
    assert runner.run("Sum[i j, {i, 3}, {j, i}]") == parse("25")     # inner bound uses i
    # a symbolic bound: the closed form, as WL gives it
    assert runner.run("Sum[i, {i, 3}, {j, n}]") == runner.session.evaluate(parse("6 n"))
    assert runner.run("i = 7; Sum[i, {i, 3}]; i") == parse("7")
    assert runner.run("Sum[i, {i, 10^6}]") == parse("500000500000")


# Bad arguments: the call stays unevaluated and says why.
MESSAGE_CASES = [
    ("Sum[i, {1, 2}]", "Sum::itraw"),
    ("Sum[i, {i, 1, 2, 0}]", "Sum::iterb"),
    ("Product[i, {}]", "Product::itform"),
    ("Sum[i]", "Sum::argmu"),             # WL: one argument has its own tag
    ("Norm[\"a\"]", "Norm::nvm"),
    ("Norm[{1, 2}, 0]", "Norm::ptype"),
    ("Norm[{1, 2}, \"x\"]", "Norm::ptype"),
    ("Variance[{1}]", "Variance::shlen"),
    ("Variance[{{1}, 2}]", "Variance::rectt"),
    ("StandardDeviation[x]", "StandardDeviation::shlen"),
    ("IdentityMatrix[-1]", "IdentityMatrix::inn"),
    ("IdentityMatrix[x]", "IdentityMatrix::inn"),
    ("Prime[0]", "Prime::intpp"),
    ("Prime[10^12]", "Prime::largp"),
    ("Binomial[1]", "Binomial::argr"),
]


@pytest.mark.parametrize("text, tag", MESSAGE_CASES, ids=[c[0] for c in MESSAGE_CASES])
def test_bad_arguments_stay_unevaluated_with_a_message(runner, text, tag):
    got = runner.run(text)
    assert got.head == parse(text).head
    assert [m.split(": ", 1)[0] for m in runner.messages] == [tag]


# ---------------------------------------------------------------------------- declared examples

EXAMPLES = declared_examples("math_extra")


@pytest.mark.parametrize("name, text, expected", EXAMPLES, ids=[e[1] for e in EXAMPLES])
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_every_builtin_has_usage_and_examples():
    assert not without_usage("math_extra")
    assert builtins_of("math_extra") and not without_examples("math_extra")


def test_vector_angle_is_exact_for_exact_vectors_and_symbolic_for_symbols():
    # a map-projection program compares triangle angles: VectorAngle[leg1, -leg2]
    check("VectorAngle[{1, 2, 2}, {2, 1, -2}]", "Pi/2", evaluate_expected=True)
    check("VectorAngle[{1, 1}, {0, 2}]", "Pi/4", evaluate_expected=True)
    check("VectorAngle[{a, b}, {c, d}]",
          "ArcCos[(a c + b d)/(Sqrt[Abs[a]^2 + Abs[b]^2] Sqrt[Abs[c]^2 + Abs[d]^2])]",
          evaluate_expected=True)
    check("VectorAngle[{1, 2}, {1, 2, 3}]", "VectorAngle[{1, 2}, {1, 2, 3}]")


def test_matrix_norms():
    from tests.builtins._support import Runner
    r = Runner()
    assert r.run("Norm[{{1, 2}, {3, 4}}]") == r.run("Sqrt[15 + Sqrt[221]]")   # exact
    assert r.run("Norm[{{1., 2}, {3, 4}}]").value == pytest.approx(5.464985704219043)
    assert r.run("Norm[{{1, 2}, {3, 4}}, 1]").value == 6                     # column sums
    assert r.run("Norm[{{1, -2}, {3, 4}}, Infinity]").value == 7             # row sums
    assert r.run("Norm[{{1, I}, {0, 1}}] // N").value == pytest.approx((1 + 5 ** 0.5) / 2)
    assert r.run("Norm[{{a, b}, {c, d}}]").head.name == "Norm"               # symbolic
    assert not r.messages
