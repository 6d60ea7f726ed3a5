"""The matrix-kind tests (wlnet/builtins/matrix_predicates.py)."""

import pytest

from tests.builtins._support import check_example, declared_examples, run
from wlnet.syntax.printer import output_form


@pytest.mark.parametrize("name, text, expected", declared_examples("matrix_predicates"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text, expected", [
    ("{SquareMatrixQ[{1, 2}], SquareMatrixQ[x], SymmetricMatrixQ[{{1, 2, 3}}]}",
     "{False, False, False}"),
    # symbolic entries compare as expressions
    ("{SymmetricMatrixQ[{{1, a}, {b, 2}}], AntisymmetricMatrixQ[{{0, a}, {-a, 0}}]}",
     "{False, True}"),
    # approximate entries: roundoff of a computed matrix passes, a real difference does not
    ("a = {{0, 1, 1}, {1, 0, 0}, {1, 0, 0}} + IdentityMatrix[3]; "
     "d = DiagonalMatrix[1/Sqrt[Total[a, {2}]]]; SymmetricMatrixQ[N[d . a . d]]", "True"),
    ("{SymmetricMatrixQ[{{1., 2.}, {2.1, 1.}}], "
     "SymmetricMatrixQ[{{1., 2.}, {2.1, 1.}}, Tolerance -> 0.2]}", "{False, True}"),
    ("{HermitianMatrixQ[{{1, I}, {-I, 2}}], HermitianMatrixQ[{{1, I}, {I, 2}}]}",
     "{True, False}"),
    # bands: k-th diagonals, non-square matrices, symbolic entries that are not zero
    ("{DiagonalMatrixQ[{{1, 0, 0}, {0, 2, 0}}], DiagonalMatrixQ[{{1, x}, {0, 2}}], "
     "UpperTriangularMatrixQ[{{1, 2, 3}, {4, 5, 6}, {0, 7, 8}}, -1], "
     "LowerTriangularMatrixQ[{{1, 2}, {0, 3}}]}", "{True, False, True, False}"),
    ("{OrthogonalMatrixQ[{{Cos[0.3], -Sin[0.3]}, {Sin[0.3], Cos[0.3]}}], "
     "OrthogonalMatrixQ[{{1, 1}, {0, 1}}], OrthogonalMatrixQ[{{1, 0, 0}, {0, 1, 0}}], "
     "UnitaryMatrixQ[{{1, 1}, {1, -1}}/Sqrt[2]]}", "{True, False, True, True}"),
    # definiteness of the Hermitian part (a non-symmetric matrix too)
    ("{PositiveDefiniteMatrixQ[{{1, 1}, {1, 1}}], PositiveDefiniteMatrixQ[{{1, 2}, {3, 4}}], "
     "PositiveDefiniteMatrixQ[{{1, 5}, {-5, 1}}], NegativeSemidefiniteMatrixQ[{{0, 0}, {0, -1}}]}",
     "{False, False, True, True}"),
])
def test_matrix_kinds(text, expected):
    assert output_form(run(text).value) == expected
