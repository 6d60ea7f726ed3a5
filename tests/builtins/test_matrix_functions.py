"""Cross, Diagonal, MatrixPower, MatrixExp, PseudoInverse, NullSpace, RowReduce, QR and
Cholesky decompositions, Orthogonalize, Projection, ArrayFlatten, Fourier: exact matrices
against Mathics3 (or WL's documented values), machine ones against their defining
identities."""

import numpy as np
import pytest

from tests.builtins._support import MATHICS, check, check_example, close, declared_examples, \
    differential_table, run

ORDER = "Mathics3 orders terms differently; WL compares products and sums from their " \
    "last part"

CASES = [
    ("Cross[{1, 2, 3}, {4, 5, 6}]", MATHICS),
    ("Cross[{a, b, c}, {x, y, z}]", "{-c y + b z, c x - a z, -b x + a y}", ORDER),
    ("Cross[{1, 2}]", MATHICS),
    ("Diagonal[{{1, 2, 3}, {4, 5, 6}}]", MATHICS),
    ("Diagonal[{{1, 2, 3}, {4, 5, 6}}, 1]", MATHICS),
    ("Diagonal[{{1, 2, 3}, {4, 5, 6}}, -1]", MATHICS),
    ("UpperTriangularize[{{1, 2}, {3, 4}}]", "{{1, 2}, {0, 4}}", "not in Mathics3"),
    ("LowerTriangularize[{{1, 2}, {3, 4}}]", "{{1, 0}, {3, 4}}", "not in Mathics3"),
    ("UpperTriangularize[{{1, 2, 3}, {4, 5, 6}}, 1]", "{{0, 2, 3}, {0, 0, 6}}"),
    ("MatrixPower[{{1, 1}, {0, 1}}, 3]", MATHICS),
    ("MatrixPower[{{2, 0}, {0, 4}}, -1]", MATHICS),
    ("MatrixExp[{{0, 0}, {0, 0}}]", MATHICS),
    ("MatrixExp[{{0, 1}, {-1, 0}}]", "{{Cos[1], Sin[1]}, {-Sin[1], Cos[1]}}"),
    ("PseudoInverse[{{1, 2}, {2, 4}}]", MATHICS),
    ("NullSpace[{{1, 2}, {2, 4}}]", MATHICS),
    ("NullSpace[{{1, 0}, {0, 1}}]", MATHICS),
    ("RowReduce[{{1, 2, 3}, {4, 5, 6}}]", MATHICS),
    ("QRDecomposition[{{3, 0}, {4, 5}}]", "{{{3/5, 4/5}, {-4/5, 3/5}}, {{5, 4}, {0, 3}}}"),
    ("CholeskyDecomposition[{{4, 2}, {2, 2}}]", "{{2, 1}, {0, 1}}", "not in Mathics3"),
    ("CholeskyDecomposition[{{1, 2}, {2, 1}}]", "CholeskyDecomposition[{{1, 2}, {2, 1}}]",
     ["CholeskyDecomposition::posdef"]),
    ("Orthogonalize[{{3, 4}, {1, 0}}]", "{{3/5, 4/5}, {4/5, -3/5}}"),
    # an inner product of one's own: orthonormal under it
    ("Orthogonalize[{{1, 0}, {1, 1}}, #1 . {{2, 0}, {0, 1}} . #2 &]",
     "{{1/Sqrt[2], 0}, {0, 1}}"),
    ("Orthogonalize[{{3, 4}, {1, 0}}, Method -> \"Householder\"]", "{{3/5, 4/5}, {4/5, -3/5}}"),
    ("Orthogonalize[{{3, 4}}, Method -> \"Bogus\"]",
     "Orthogonalize[{{3, 4}}, Method -> \"Bogus\"]", ["Orthogonalize::method"]),
    ("Projection[{5, 6, 7}, {1, 0, 0}]", MATHICS),
    ("ArrayFlatten[{{{{1}}, {{2, 3}}}, {{{4}}, {{5, 6}}}}]", "{{1, 2, 3}, {4, 5, 6}}"),
    ("ArrayFlatten[{{{{1, 2}}, 0}, {0, {{3}}}}]", "{{1, 2, 0}, {0, 0, 3}}"),
    # the rank: r = 1 joins vectors, r = 3 joins blocks of rank 3 (0 a constant block)
    ("ArrayFlatten[{{1, 2}, {3}}, 1]", "{1, 2, 3}"),
    ("ArrayFlatten[{{{{1}}, {{2, 3}}}, {{{4}}, {{5, 6}}}}, 2]", "{{1, 2, 3}, {4, 5, 6}}"),
    ("ArrayFlatten[{{{{{{1, 2}}}, 0}}, {{{{{3, 4}}}, {{{x}}}}}}, 3]",
     "{{{1, 2, 0}}, {{3, 4, x}}}"),
    ("ArrayFlatten[{x, 0}, 1]", "ArrayFlatten[{x, 0}, 1]", ["ArrayFlatten::blocks"]),
    ("ArrayFlatten[{{1}}, 0]", "ArrayFlatten[{{1}}, 0]", ["ArrayFlatten::rank"]),
    ("Chop[Fourier[{1, 1, 1, 1}]]", "{2., 0, 0, 0}"),
    ("Chop[InverseFourier[Fourier[{1, 2, 3}]]]", "{1., 2., 3.}"),
    ("Cross[{1, 2}, {3, 4}]", "Cross[{1, 2}, {3, 4}]", ["Cross::vec3"]),
    ("Fourier[{}]", "Fourier[{}]", ["Fourier::fftl"]),
    # FourierParameters {a, b}, positions (the Fourier page's conventions)
    ("Chop[Fourier[{1, 2, 3, 4}, FourierParameters -> {1, -1}]]", "{10., -2. + 2. I, -2., "
     "-2. - 2. I}"),
    ("Chop[Fourier[{1, 2, 3, 4}, FourierParameters -> {-1, 1}]]", "{2.5, -0.5 - 0.5 I, "
     "-0.5, -0.5 + 0.5 I}"),
    ("Chop[InverseFourier[Fourier[{1, 2, 3}, FourierParameters -> {1, -1}], "
     "FourierParameters -> {1, -1}]]", "{1., 2., 3.}"),
    ("Chop[Fourier[{1, 2, 3, 4}, {2, 4}]]", "{-1. - 1. I, -1. + 1. I}"),
    ("Chop[Fourier[{{1, 2}, {3, 4}}, {{1, 2}, {2, 1}}]]", "{-1., -2.}"),
    ("Fourier[{1, 2}, FourierParameters -> {1, 0}]",
     "Fourier[{1, 2}, FourierParameters -> {1, 0}]", ["Fourier::fpopt"]),
    ("Fourier[{1, 2}, {3}]", "Fourier[{1, 2}, {3}]", ["Fourier::fpos"]),
    ("Fourier[{1, 2}, Foo -> 1]", "Fourier[{1, 2}, Foo -> 1]", ["Fourier::optx"]),
    # Tolerance drops the singular values below t times the largest (approximate matrices)
    ("PseudoInverse[{{1., 0.}, {0., 1.*^-8}}]", "{{1., 0.}, {0., 1.*^8}}"),
    ("PseudoInverse[{{1., 0.}, {0., 1.*^-8}}, Tolerance -> 1.*^-5]", "{{1., 0.}, {0., 0.}}"),
    ("PseudoInverse[{{1, 2}}, Foo -> 1]", "PseudoInverse[{{1, 2}}, Foo -> 1]",
     ["PseudoInverse::optx"]),
    ("PseudoInverse[{{1, 2}}, Tolerance -> -1]", "PseudoInverse[{{1, 2}}, Tolerance -> -1]",
     ["PseudoInverse::tolv"]),
    ("NullSpace[{{1., 0.}, {0., 1.*^-8}}]", "{}"),
    ("NullSpace[{{1., 0.}, {0., 1.*^-8}}, Tolerance -> 1.*^-5]", "{{0., 1.}}"),
    # Modulus: over the integers modulo a prime, residues 0 … p-1 (2 x1 + 4 x2 == x1 - x2
    # mod 5 vanishes at {3, 1}: 3 + 2 == 5, 6 + 4 == 10)
    ("NullSpace[{{1, 2}, {2, 4}}, Modulus -> 5]", "{{3, 1}}"),
    ("NullSpace[{{1, 2}, {3, 4}}, Modulus -> 2]", "{{0, 1}}"),
    ("NullSpace[{{1, 2}, {3, 4}}, Modulus -> 4]", "NullSpace[{{1, 2}, {3, 4}}, Modulus -> 4]",
     ["NullSpace::modp"]),
    ("NullSpace[{{1, 2}, {2, 4}}, Method -> \"OneStepRowReduction\"]", "{{-2, 1}}"),
    ("NullSpace[{{1, 2}}, Method -> \"Bogus\"]", "NullSpace[{{1, 2}}, Method -> \"Bogus\"]",
     ["NullSpace::mtd"]),
    # ZeroTest decides which pivots vanish: 1 - x^2 is zero where x == 1
    ("NullSpace[{{1, x}, {x, 1}}]", "{}"),
    ("NullSpace[{{1, x}, {x, 1}}, ZeroTest -> (Expand[# /. x -> 1] === 0 &)]", "{{-x, 1}}"),
    ("NullSpace[{{1, 2}}, Bar -> 1]", "NullSpace[{{1, 2}}, Bar -> 1]", ["NullSpace::optx"]),
    ("RowReduce[{{1, 2}, {3, 4}}, Modulus -> 2]", "{{1, 0}, {0, 0}}"),
    ("RowReduce[{{1, 2}, {3, 4}}, Modulus -> 5]", "{{1, 0}, {0, 1}}"),
    ("RowReduce[{{1.5, 2}, {3, 4}}, Modulus -> 5]", "RowReduce[{{1.5, 2}, {3, 4}}, Modulus -> 5]",
     ["RowReduce::modm"]),
    ("RowReduce[{{1., 2.}, {1., 2.001}}]", "{{1., 0.}, {0., 1.}}"),
    ("RowReduce[{{1., 2.}, {1., 2.001}}, Tolerance -> 0.01]", "{{1., 2.}, {0., 0.}}"),
    ("RowReduce[{{1, 2}}, Bar -> 1]", "RowReduce[{{1, 2}}, Bar -> 1]", ["RowReduce::optx"]),
    # Pivoting: the longest column first, m.p == ConjugateTranspose[q].r
    ("QRDecomposition[{{1, 0}, {0, 2}}, Pivoting -> True]",
     "{{{0, 1}, {1, 0}}, {{2, 0}, {0, 1}}, {{0, 1}, {1, 0}}}"),
    ("Module[{m = {{1, 2, 3}, {4, 5, 6}, {7, 8, 10}}, q, r, p}, "
     "{q, r, p} = QRDecomposition[m, Pivoting -> True]; {p, Simplify[Transpose[q] . r - m . p]}]",
     "{{{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}, {{0, 0, 0}, {0, 0, 0}, {0, 0, 0}}}"),
    ("QRDecomposition[{{1}, {1}}, Full]",
     "{{{1/Sqrt[2], 1/Sqrt[2]}, {1/Sqrt[2], -(1/Sqrt[2])}}, {{Sqrt[2]}, {0}}}"),
    ("Normal /@ QRDecomposition[{{3, 0}, {4, 5}}, TargetStructure -> \"Sparse\"]",
     "{{{3/5, 4/5}, {-4/5, 3/5}}, {{5, 4}, {0, 3}}}"),
    ("Head /@ QRDecomposition[{{3, 0}, {4, 5}}, TargetStructure -> \"Sparse\"]",
     "{SparseArray, SparseArray}"),
    ("QRDecomposition[{{3}}, TargetStructure -> \"Structured\"]",
     "QRDecomposition[{{3}}, TargetStructure -> \"Structured\"]", ["QRDecomposition::tgst"]),
    ("QRDecomposition[{{3}}, Pivoting -> 1]", "QRDecomposition[{{3}}, Pivoting -> 1]",
     ["QRDecomposition::pivb"]),
    ("QRDecomposition[{{3}}, 7]", "QRDecomposition[{{3}}, 7]", ["QRDecomposition::qrfull"]),
    ("QRDecomposition[{{3}}, Baz -> 1]", "QRDecomposition[{{3}}, Baz -> 1]",
     ["QRDecomposition::optx"]),
]

test_against_wolfram, test_every_builtin_of_the_module_is_in_the_table = differential_table(
    CASES, "matrix_functions", same=close)


@pytest.mark.parametrize("name,text,expected", declared_examples("matrix_functions"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected, same=close)


def _array(text):
    from wlnet.core.expr import Complex
    def value(e):
        if type(e) is Complex:
            return complex(value(e.re), value(e.im))
        if hasattr(e, "args") and e.head.name == "List":
            return [value(a) for a in e.args]
        return float(e.value)
    return np.array(value(run(text).value))


def test_machine_decompositions_satisfy_their_identities():
    """(and the pivoted and full QR decompositions of machine matrices)"""
    pivoted = "QRDecomposition[{{1., 2., 3.}, {4., 5., 6.}, {7., 8., 10.}}, Pivoting -> True]"
    q, r, p = (_array(f"{pivoted}[[{i}]]") for i in (1, 2, 3))
    m = np.array([[1., 2, 3], [4, 5, 6], [7, 8, 10]])
    assert np.allclose(m @ p, q.T @ r) and np.allclose(np.tril(r, -1), 0)
    assert np.allclose(p, [[0, 1, 0], [0, 0, 1], [1, 0, 0]])
    q, r = (_array(f"QRDecomposition[{{{{1.}}, {{1.}}}}, Full][[{i}]]") for i in (1, 2))
    assert q.shape == (2, 2) and np.allclose(q @ q.T, np.eye(2))
    assert np.allclose(q.T @ r, [[1.], [1.]])
    m = "m = {{2., 1., 0.}, {1., 3., 1.}, {0., 1., 4.}};"
    q, r = (_array(m + f"QRDecomposition[m][[{i}]]") for i in (1, 2))
    a = _array(m + "m")
    assert np.allclose(q.conj().T @ r, a) and np.allclose(np.triu(r), r)
    u = _array(m + "CholeskyDecomposition[m]")
    assert np.allclose(u.T @ u, a)
    e = _array(m + "MatrixExp[m]")
    from scipy.linalg import expm
    assert np.allclose(e, expm(a))


def test_fourier_parameters_give_the_general_transform():
    """b other than +-1 (no FFT applies) against the definition written out."""
    f = _array("Fourier[{1, 2, 3, 5}, FourierParameters -> {0.5, 0.3}]")
    u, n, a, b = np.array([1, 2, 3, 5]), 4, 0.5, 0.3
    wl = [sum(u[r] * np.exp(2j * np.pi * b * r * s / n) for r in range(n)) / n ** ((1 - a) / 2)
          for s in range(n)]
    assert np.allclose(f, wl)


def test_fourier_follows_wl_sign_convention():
    f = _array("Fourier[{1, 2, 3}]")
    n = 3
    u = np.array([1, 2, 3])
    wl = [sum(u[r] * np.exp(2j * np.pi * r * s / n) for r in range(n)) / np.sqrt(n)
          for s in range(n)]
    assert np.allclose(f, wl)
