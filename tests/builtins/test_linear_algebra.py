"""Matrices and distances: exact matrices worked exactly, machine ones by LAPACK (numpy),
against Mathics3 where it agrees with WL and numpy's own results."""

import numpy as np
import pytest

from tests.builtins._support import Runner, check, check_example, declared_examples, differential_table

ORDER = "Mathics3 orders terms differently; WL compares products and sums from their " \
    "last part"

CASES = [
    ("ConjugateTranspose[{{1, I}, {2, 3 - I}}]", None),
    ("ConjugateTranspose[{{1, 2, 3}}]", "{{1}, {2}, {3}}",
     "Mathics3 flattens a one-row matrix; Transpose of {{1, 2, 3}} is {{1}, {2}, {3}}"),
    ("Det[{{1, 2}, {3, 4}}]", None),
    ("Det[{{2, 0, 1}, {1, 3, 2}, {1, 1, 1}}]", None),
    ("Det[{{a, b}, {c, d}}]", "-b c + a d", ORDER),
    ("Det[{{1, 2}, {3}}]", "Det[{{1, 2}, {3}}]", ["Det::matsq"]),
    ("Inverse[{{1, 2}, {3, 4}}]", None),
    ("Inverse[{{1, 2}, {2, 4}}]", None, ["Inverse::sing"]),
    ("Inverse[{{2, 0}, {0, 1/2}}]", None),
    ("LinearSolve[{{1, 1}, {1, -1}}, {3, 1}]", None),
    ("LinearSolve[{{1, 1}, {1, -1}}, {{3, 1}, {1, 1}}]", "{{2, 1}, {1, 0}}",
     "Mathics3 solves for vectors only"),
    ("MatrixRank[{{1, 2}, {2, 4}}]", None),
    ("MatrixRank[{{1, 2, 3}, {4, 5, 6}, {7, 8, 10}}]", None),
    ("Eigenvalues[{{2, 0}, {0, 3}}]", None),
    # a count: the first k, the last k (the smallest, as a ground state is found), UpTo[k]
    ("Eigenvalues[{{2, 0, 0}, {0, 3, 0}, {0, 0, 1}}, 2]", "{3, 2}", "WL"),
    ("Eigenvalues[{{2, 0, 0}, {0, 3, 0}, {0, 0, 1}}, -1]", "{1}", "WL"),
    ("Eigenvalues[{{2, 0}, {0, 3}}, UpTo[5]]", "{3, 2}", "WL"),
    ("Eigenvectors[{{2, 0, 0}, {0, 3, 0}, {0, 0, 1}}, -1]", "{{0, 0, 1}}", "WL"),
    ("Eigensystem[{{2, 0, 0}, {0, 3, 0}, {0, 0, 1}}, 1]", "{{3}, {{0, 1, 0}}}", "WL"),
    ("Eigenvalues[SparseArray[{{1, 1} -> 2, {2, 2} -> 5}], -1]", "{2}", "a sparse matrix"),
    ("Eigenvectors[SparseArray[{{1, 1} -> 2, {2, 2} -> 5}], 1]", "{{0, 1}}", "a sparse matrix"),
    ("Eigenvalues[{{2, 0}, {0, 3}}, 3]", "Eigenvalues[{{2, 0}, {0, 3}}, 3]",
     ["Eigenvalues::eivn"], "more than there are"),
    # exact matrices give exact roots, as WL (its documentation's {{1, 2}, {3, 4}})
    ("Eigenvalues[{{1, 2}, {3, 4}}]", "{1/2 (5 + Sqrt[33]), 1/2 (5 - Sqrt[33])}",
     "WL documentation"),
    ("Eigenvectors[{{1, 2}, {3, 4}}]", "{{1/6 (-3 + Sqrt[33]), 1}, {1/6 (-3 - Sqrt[33]), 1}}",
     "WL documentation"),
    ("Eigenvectors[{{2, 0}, {0, 3}}]", "{{0, 1}, {1, 0}}", "WL: exact for exact input"),
    ("Eigenvectors[{{1, 1}, {0, 1}}]", "{{1, 0}, {0, 0}}",
     "WL: a defective matrix's missing vectors are zero"),
    ("Eigenvectors[IdentityMatrix[3]]", "{{0, 0, 1}, {0, 1, 0}, {1, 0, 0}}", "WL"),
    ("Eigensystem[{{2, 1}, {1, 2}}]", "{{3, 1}, {{1, 1}, {-1, 1}}}", "WL"),
    ("Eigenvalues[{{0, 1}, {-1, 0}}]", "{I, -I}", "WL"),
    # a characteristic polynomial with an irreducible cubic factor: Root objects (WL's
    # Eigenvalues uses Cubics -> False), largest absolute value first
    ("Eigenvalues[{{1, 2, 3}, {4, 5, 6}, {7, 8, 10}}]",
     "{Root[3 - 12 #1 - 16 #1^2 + #1^3 &, 3], Root[3 - 12 #1 - 16 #1^2 + #1^3 &, 1], "
     "Root[3 - 12 #1 - 16 #1^2 + #1^3 &, 2]}", "WL: Cubics -> False"),
    ("Eigenvalues[{{2, 0, 0}, {0, 1, 2}, {0, 3, 4}}]", "{1/2 (5 + Sqrt[33]), 2, "
     "1/2 (5 - Sqrt[33])}", "WL"),

    ("First[Eigensystem[{{2., 0.}, {0., 3.}}]]", "{3., 2.}", "missing in Mathics3"),
    ("Last[Eigensystem[{{2., 0.}, {0., 3.}}]]", "{{0., 1.}, {1., 0.}}", "missing in Mathics3"),
    ("LeastSquares[{{1, 0}, {0, 1}, {1, 1}}, {1, 1, 3}]", "{4/3, 4/3}",
     "missing in Mathics3: the normal equations solved exactly"),
    ("Max[Abs[LeastSquares[{{1., 0.}, {0., 1.}, {1., 1.}}, {1, 1, 3}] - 4/3]] < 10^-12", "True",
     "missing in Mathics3"),
    ("Max[Abs[LeastSquares[{{1, 1}, {1, 1}}, {1, 3}] - 1]] < 10^-12", "True",
     "missing in Mathics3: rank-deficient, the least-norm solution (WL's is exact)"),
    ("TensorProduct[{a, b}, {c, d}]", "{{a c, a d}, {b c, b d}}", "missing in Mathics3"),
    ("TensorProduct[2, {1, 2}]", "{2, 4}", "missing in Mathics3"),
    ("KroneckerProduct[{{1, 2}}, {{0, 1}, {1, 0}}]", None),
    ("KroneckerProduct[{1, 2}, {a, b}]", None),
    ("EuclideanDistance[{0, 0}, {3, 4}]", None),
    ("EuclideanDistance[{a, b}, {c, d}]", None),
    ("SquaredEuclideanDistance[{0, 0}, {3, 4}]", None),
    ("ManhattanDistance[{0, 0}, {3, -4}]", None),
    ("ManhattanDistance[1, 4]", "3", "Mathics3 takes vectors only; WL numbers too"),
    ("EuclideanDistance[2, -1.5]", "3.5", "Mathics3 takes vectors only; WL numbers too"),
    ("ChessboardDistance[{0, 0}, {3, -4}]", None),
    ("CosineDistance[{1, 0}, {0, 1}]", None),
    ("EuclideanDistance[{1, 2}, {3}]", "EuclideanDistance[{1, 2}, {3}]", ["EuclideanDistance::vector"]),
    ("SingularValueList[{{3., 0.}, {0., 4.}}]", "{4., 3.}", "numbers from LAPACK"),
    ("Length[Eigenvectors[{{2., 0.}, {0., 3.}}]]", "2", "numbers from LAPACK"),
    ("Dimensions /@ SingularValueDecomposition[{{1., 2.}, {3., 4.}, {5., 6.}}]",
     "{{3, 3}, {3, 2}, {2, 2}}", "numbers from LAPACK"),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "linear_algebra")


def test_machine_matrices_agree_with_numpy():
    rng = np.random.default_rng(3)
    m = rng.normal(size=(4, 4))
    r = Runner()
    text = str(m.tolist()).replace("[", "{").replace("]", "}").replace("e", "*^")
    r.run(f"m = {text};")
    assert abs(r.run("Det[m]").value - np.linalg.det(m)) < 1e-10
    inv = np.array([[x.value for x in row.args] for row in r.run("Inverse[m]").args])
    np.testing.assert_allclose(inv, np.linalg.inv(m), atol=1e-10)
    values = [complex(x.value) if hasattr(x, "value") else complex(x.re.value, x.im.value)
              for x in r.run("Eigenvalues[m]").args]
    assert sorted(abs(v) for v in values) == pytest.approx(sorted(abs(np.linalg.eigvals(m))))
    assert [abs(v) for v in values] == sorted((abs(v) for v in values), reverse=True)
    u, w, v = (np.array([[x.value for x in row.args] for row in part.args])
               for part in r.run("SingularValueDecomposition[m]").args)
    np.testing.assert_allclose(u @ w @ v.T, m, atol=1e-10)
    check("Norm[m . LinearSolve[m, {1., 2., 3., 4.}] - {1., 2., 3., 4.}] < 10.^-10", "True",
          runner=r)


@pytest.mark.parametrize("name,text,expected", declared_examples("linear_algebra"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


@pytest.mark.parametrize("text,expected", [
    # symbolic matrices: each entry one fraction, which m . x == b makes true
    ("LinearSolve[{{a, 1}, {1, b}}, {1, 0}]", "{b/(-1 + a b), -(1/(-1 + a b))}"),
    ("Simplify[{{a, 1}, {1, b}} . LinearSolve[{{a, 1}, {1, b}}, {{1, 0}, {0, 1}}]]",
     "{{1, 0}, {0, 1}}"),
    ("Simplify[{{a, 2}, {3, a}} . LinearSolve[{{a, 2}, {3, a}}, {x, y}] - {x, y}]", "{0, 0}"),
])
def test_symbolic_linear_solve(text, expected):
    check(text, expected, evaluate_expected=True)


def test_symbolic_singular_matrix_has_no_solution():
    check("LinearSolve[{{x, x}, {1, 1}}, {1, 2}]", "LinearSolve[{{x, x}, {1, 1}}, {1, 2}]",
          ["LinearSolve::nosol"])


def test_eigenvectors_with_root_eigenvalues():
    """A cubic characteristic polynomial without a simple radical form: exact vectors in
    Root objects, ending in 1, each an eigenvector of its eigenvalue."""
    r = Runner()
    r.run("m = {{1, 2, 0}, {0, 1, 3}, {1, 0, 1}}; {vals, vecs} = Eigensystem[m];")
    assert r.messages == []
    check("vals === Eigenvalues[m] && vecs === Eigenvectors[m]", "True", runner=r)
    check("Head[vals[[1]]]", "Root", runner=r)
    check("Last /@ vecs", "{1, 1, 1}", runner=r)
    check("Chop[N[Table[m . vecs[[i]] - vals[[i]] vecs[[i]], {i, 3}]]]",
          "{{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}", runner=r)
    # a rational eigenvalue beside the cubic factor
    check("Eigenvectors[{{2, 0, 0, 0}, {0, 1, 2, 0}, {0, 0, 1, 3}, {0, 1, 0, 1}}][[2]]",
          "{1, 0, 0, 0}")


def test_eigen_of_a_machine_matrix_with_exact_zeros_is_machine():
    """A matrix of machine reals with exact integers among them (Normal of a SparseArray)
    is read as one machine array, with the same answer as its N."""
    from tests.builtins._support import check
    check("Eigenvalues[{{2., 0}, {0, 1.}}]", "{2., 1.}")
    check("Eigenvalues[{{0, 1.}, {1., 0}}] == Eigenvalues[N[{{0, 1}, {1, 0}}]]", "True")
    check("Eigenvalues[{{2, 0}, {0, 3}}]", "{3, 2}")
