"""LUDecomposition (wlnet/builtins/lu_decomposition.py): {lu, p, c} with l.u == m[[p]]."""

import pytest

from tests.builtins._support import check, check_example, declared_examples, run


def _factors_rebuild(matrix: str, n: int) -> str:
    """WL text that is True when l.u gives the rows of matrix in the order p."""
    return (f"mm = {matrix}; {{lu, p, c}} = LUDecomposition[mm]; "
            f"l = LowerTriangularize[lu, -1] + IdentityMatrix[{n}]; "
            f"u = UpperTriangularize[lu]; Simplify[Chop[l.u - mm[[p]]]] == "
            f"ConstantArray[0, {{{n}, {n}}}]")


@pytest.mark.parametrize("matrix, n", [
    ("{{1, 2, 3}, {1, 1, 1}, {3, 3, 1}}", 3),
    ("{{0, 1, 2}, {0, 3, 4}, {5, 6, 7}}", 3),           # exact: the first nonzero pivot
    ("{{1., 2., 3.}, {1., 1., 1.}, {3., 3., 1.}}", 3),   # machine: the largest pivot
    ("{{1. + I, 2}, {3, 4 I}}", 2),
    ("{{a, b}, {c, d}}", 2),
    ("{{x, 1, 0}, {1, x, 1}, {0, 1, x}}", 3),
])
def test_the_factors_rebuild_the_permuted_matrix(matrix, n):
    check(_factors_rebuild(matrix, n), "True")


@pytest.mark.parametrize("text, expected", [
    ("{lu, p, c} = LUDecomposition[{{1., 2., 3.}, {1., 1., 1.}, {3., 3., 1.}}]; "
     "{p, Round[c, 0.001]}", "{{3, 1, 2}, 42.}"),
    ("LUDecomposition[{{0, 1}, {2, 4}}]", "{{{2, 4}, {0, 1}}, {2, 1}, 0}"),
    ("LUDecomposition[{{0, 1}, {2, 4}}, Pivoting -> False]", "{{{0, 1}, {2, 4}}, {1, 2}, 0}"),
    ("LUDecomposition[{{1, 2}, {3, 4}}, Modulus -> 5]", "{{{1, 2}, {3, 3}}, {1, 2}, 0}"),
    ("LUDecomposition[{{1, 2, 3}, {4, 5, 6}}]", "{{{1, 2, 3}, {4, -3, -6}}, {1, 2}, 0}"),
    ("LUDecomposition[{{a, b}, {c, d}}]", "{{{a, b}, {c/a, d - b c/a}}, {1, 2}, 0}"),
])
def test_results(text, expected):
    check(text, expected, evaluate_expected=True,
          **({"messages": ["LUDecomposition::sing"]} if "Pivoting" in text else {}))


@pytest.mark.parametrize("text, tag", [
    ("LUDecomposition[{{1, 2}, {2, 4}}]", "LUDecomposition::sing"),
    ("LUDecomposition[{{1., 2.}, {2., 4.}}]", "LUDecomposition::sing"),     # no warning
    ("LUDecomposition[{1, 2}]", "LUDecomposition::matrix"),
    ("LUDecomposition[{{1, 2}, {3, 4}}, Pivoting -> 3]", "LUDecomposition::pivb"),
    ("LUDecomposition[{{1, 2}, {3, 4}}, Modulus -> 4]", "LUDecomposition::modp"),
    ("LUDecomposition[{{1, 2}, {3, 4}}, Foo -> 4]", "LUDecomposition::optx"),
])
def test_messages(text, tag):
    assert run(text).tags == [tag]


@pytest.mark.parametrize("name,text,expected", declared_examples("lu_decomposition"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)
