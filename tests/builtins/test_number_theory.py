"""Integer functions against Mathics3 (and WL's documented values where it lacks them)."""

import pytest

from tests.builtins._support import MATHICS, MISSING_IN_MATHICS, check_example, \
    declared_examples, differential_table

CASES = [
    ("QuotientRemainder[17, 5]", MATHICS),
    ("QuotientRemainder[-17, 5]", MATHICS),
    ("QuotientRemainder[{7, 8}, 3]", MATHICS),
    ("QuotientRemainder[1, 0]", "QuotientRemainder[1, 0]", ["QuotientRemainder::divz"]),
    ("FactorInteger[360]", MATHICS),
    ("FactorInteger[-12]", MATHICS),
    ("FactorInteger[2^64 + 1]", MATHICS),
    ("Divisors[12]", MATHICS),
    ("DivisorSigma[1, 12]", MATHICS),
    ("EulerPhi[12]", MATHICS),
    ("PrimePi[100]", MATHICS),
    ("NextPrime[100]", MATHICS),
    ("NextPrime[100, -1]", "97", MISSING_IN_MATHICS),
    ("PowerMod[2, 100, 7]", MATHICS),
    ("PowerMod[3, -1, 7]", MATHICS),
    ("PowerMod[2, -1, 4]", "PowerMod[2, -1, 4]", ["PowerMod::ninv"]),
    ("ModularInverse[3, 7]", "5", MISSING_IN_MATHICS),
    ("IntegerExponent[1200]", MATHICS),
    ("IntegerExponent[48, 2]", MATHICS),
    ("CoprimeQ[8, 15]", MATHICS),
    ("CoprimeQ[6, 9]", MATHICS),
    ("ChineseRemainder[{2, 3}, {3, 5}]", "8", MISSING_IN_MATHICS),
    ("Multinomial[2, 3]", MATHICS),
    ("Divisors[x]", MATHICS),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "number_theory")


@pytest.mark.parametrize("name,text,expected", declared_examples("number_theory"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
