"""FactorInteger, Divisors and the other integer functions, Conjugate and Arg: against
Mathics3 where it has them and agrees with the Wolfram Language, by hand elsewhere; the
factoring against the product of its factors."""

import math

import pytest
from hypothesis import given, settings, strategies as st

from tests.builtins._support import Runner, check_example, declared_examples, differential_table
from wlnet.builtins.number_theory import prime_factors
from wlnet.builtins.math_extra import _is_prime

WL_NOT_MATHICS = "WL's value (Mathics3 differs or lacks the function)"

CASES = [
    ("IntegerPartitions[4]", None),
    ("IntegerPartitions[5, 2]", None),
    ("IntegerPartitions[6, {2, 3}]", None),
    ("IntegerPartitions[10, {2}, {1, 3, 7}]", None),
    ("Length[IntegerPartitions[20]]", None),
    ("FactorInteger[360]", None),
    ("FactorInteger[-12]", None),
    ("FactorInteger[1]", "{{1, 1}}", WL_NOT_MATHICS),
    ("FactorInteger[2^64 + 1]", None),
    ("FactorInteger[1000000007 998244353]", None),
    ("FactorInteger[x]", None),
    ("Divisors[{1, 12, 97}]", None),
    ("DivisorSigma[1, 12]", None),
    ("Divisible[{416, 400, -64, 0}, 32]", None),
    ("Divisible[x, 3]", "Divisible[x, 3]", WL_NOT_MATHICS),
    ("EulerPhi[{1, 36, 97}]", None),
    ("MoebiusMu[{1, 6, 12, 7}]", None),
    ("PowerMod[2, 10, 7]", None),
    ("PowerMod[3, -1, 7]", None),
    ("PowerMod[-2, 3, 5]", None),
    ("ModularInverse[3, 7]", None),
    ("ExtendedGCD[12, 42]", "{6, {-3, 1}}", WL_NOT_MATHICS),
    ("ExtendedGCD[-12, 42]", "{6, {3, 1}}", WL_NOT_MATHICS),
    ("CoprimeQ[8, 15]", None),
    ("CoprimeQ[8, 12]", None),
    ("PrimePi[{100, 10.5, 1}]", None),
    ("NextPrime[10]", None),
    ("NextPrime[10, 2]", None),
    ("NextPrime[10, -1]", None),
    ("IntegerLength[{12345, 0}]", None),
    ("IntegerLength[255, 16]", None),
    ("IntegerExponent[1000]", None),
    ("IntegerExponent[48, 2]", None),
    ("DigitCount[1223]", None),
    ("DigitCount[255, 2, 1]", None),
    ("BitAnd[12, 10]", "8", WL_NOT_MATHICS),
    ("BitOr[12, 10]", "14", WL_NOT_MATHICS),
    ("BitXor[12, 10]", "6", WL_NOT_MATHICS),
    ("BitShiftLeft[5, 2]", "20", WL_NOT_MATHICS),
    ("BitShiftRight[20, 2]", "5", WL_NOT_MATHICS),
    ("KroneckerDelta[2, 2]", "1", WL_NOT_MATHICS),
    ("KroneckerDelta[1, 2]", "0", WL_NOT_MATHICS),
    ("Conjugate[3 + 4 I]", None),
    ("Conjugate[{2.5, 1. - 2. I}]", None),
    ("Arg[{1 + I, -2, 0, I}]", None),
    ("Arg[1. + I]", "0.7853981633974483", "a machine argument gives a machine angle in WL"),
    ("Arg[-2.5]", "3.141592653589793", "a machine argument gives a machine angle in WL"),
    ("QuotientRemainder[17, 5]", None),
    ("QuotientRemainder[-17, 5]", None),
    ("QuotientRemainder[{7, 8}, 3]", None),
    ("QuotientRemainder[1, 0]", "QuotientRemainder[1, 0]", ["QuotientRemainder::divz"]),
    ("ChineseRemainder[{2, 3}, {3, 5}]", "8", WL_NOT_MATHICS),
    ("Multinomial[2, 3]", None),
    # DiscreteDelta (Mathics3 lacks it): 1 when every argument is zero
    ("DiscreteDelta[0, 0]", "1", WL_NOT_MATHICS),
    ("DiscreteDelta[1, 0]", "0", WL_NOT_MATHICS),
    ("DiscreteDelta[0, 0.]", "1", WL_NOT_MATHICS),
    ("DiscreteDelta[]", "1", WL_NOT_MATHICS),
    ("DiscreteDelta[x]", "DiscreteDelta[x]", WL_NOT_MATHICS),
    ("DiscreteDelta[2, x]", "0", WL_NOT_MATHICS),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "number_theory")


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=2, max_value=10 ** 30))
def test_the_factors_are_primes_whose_product_is_the_number(n):
    factors = prime_factors(n)
    assert all(_is_prime(p) for p in factors)
    assert math.prod(p ** k for p, k in factors.items()) == n


def test_power_mod_of_a_non_invertible_number_says_so():
    r = Runner()
    r.run("PowerMod[2, -1, 4]")
    assert r.tags == ["PowerMod::ninv"]


@pytest.mark.parametrize("name,text,expected", declared_examples("number_theory"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
