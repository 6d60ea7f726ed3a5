"""Permute, Cycles, PermutationList, InversePermutation, PermutationCycles, FindPermutation,
Signature (wlnet/builtins/permutations.py): against the Wolfram Language's documented answers."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, differential_table

CASES = [
    ("Permute[{a, b, c, d}, {2, 3, 1, 4}]", "{c, a, b, d}"),
    ("Permute[{a, b, c, d}, Cycles[{{1, 3}}]]", "{c, b, a, d}"),
    ("Permute[f[a, b, c], {3, 1, 2}]", "f[b, c, a]"),
    ("Permute[{a, b, c}, {1, 2}]", "{a, b, c}"),
    ("Permute[{a, b}, {1, 1}]", "Permute[{a, b}, {1, 1}]"),
    ("Cycles[{{3, 1}, {5}, {4, 2}}]", "Cycles[{{1, 3}, {2, 4}}]"),
    ("Cycles[{{2, 3, 1}}]", "Cycles[{{1, 2, 3}}]"),
    ("PermutationList[Cycles[{{1, 3, 2}}]]", "{3, 1, 2}"),
    ("PermutationList[Cycles[{{1, 3}}], 5]", "{3, 2, 1, 4, 5}"),
    ("PermutationList[Cycles[{}]]", "{}"),
    ("PermutationCycles[{2, 3, 1, 4}]", "Cycles[{{1, 2, 3}}]"),
    ("PermutationCycles[{1, 2}]", "Cycles[{}]"),
    ("InversePermutation[{2, 3, 1}]", "{3, 1, 2}"),
    ("InversePermutation[Cycles[{{1, 2, 3}}]]", "Cycles[{{1, 3, 2}}]"),
    ("FindPermutation[{a, b, c}, {c, a, b}]", "Cycles[{{1, 2, 3}}]"),
    ("FindPermutation[{c, a, b}]", "Cycles[{{1, 2, 3}}]"),
    ("FindPermutation[{a, b}, {a, c}]", "FindPermutation[{a, b}, {a, c}]"),
    ("Signature[{2, 1, 3}]", "-1"),
    ("Signature[{c, a, b}]", "1"),
    ("Signature[{a, b, a}]", "0"),
    # Permute of Range[n] by p puts i where p sends it: the inverse of p
    ("Permute[Range[5], {3, 1, 5, 2, 4}] === InversePermutation[{3, 1, 5, 2, 4}]", "True"),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = \
    differential_table(CASES, "permutations")


@pytest.mark.parametrize("name,text,expected", declared_examples("permutations"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_permute_and_find_permutation_agree():
    check("With[{p = {4, 1, 3, 2, 5}}, Permute[Permute[{a, b, c, d, e}, p], "
          "InversePermutation[p]]]", "{a, b, c, d, e}")
    check("With[{l = {x, y, z, w}}, Permute[l, FindPermutation[l, {w, z, y, x}]]]",
          "{w, z, y, x}")
