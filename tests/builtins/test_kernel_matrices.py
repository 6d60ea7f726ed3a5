"""GaussianMatrix, BoxMatrix, DiamondMatrix, CrossMatrix (wlnet.builtins.kernel_matrices)."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("kernel_matrices"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def array(session, text):
    session.messages.clear()
    got = session.evaluate(text)
    assert not session.messages, session.messages
    return np.asarray(to_python(got), dtype=float)


def test_gaussian_matrix_is_the_discrete_gaussian_summing_to_one(session):
    from scipy.special import iv
    g = array(session, "GaussianMatrix[2]")
    assert g.shape == (5, 5) and np.isclose(g.sum(), 1.0)
    # elements proportional to exp(-σ²) I_x(σ²) I_y(σ²) with σ = r/2 = 1
    x = np.arange(-2, 3)
    expected = np.outer(iv(np.abs(x), 1.0), iv(np.abs(x), 1.0))
    assert np.allclose(g, expected / expected.sum())
    assert np.allclose(g, g.T) and g[2, 2] == g.max()
    # Method -> "Gaussian" samples exp(-x²/(2σ²)); {r, σ}; a radius per direction
    sampled = array(session, 'GaussianMatrix[{1, 1}, Method -> "Gaussian"]')
    row = np.exp(-np.array([1, 0, 1]) / 2.0)
    assert np.allclose(sampled, np.outer(row, row) / np.outer(row, row).sum())
    assert array(session, "GaussianMatrix[{{1, 2}, 1}]").shape == (3, 5)
    assert array(session, "GaussianMatrix[{{3}, 1}]").shape == (7,)
    assert array(session, "GaussianMatrix[1.4]").shape == (3, 3)          # rounded
    raw = array(session, "GaussianMatrix[{1, 2}, Standardized -> False]")
    assert not np.isclose(raw.sum(), 1.0)


def test_disk_matrix_is_the_disk_to_the_middle_of_the_rim(session):
    for r in range(0, 5):
        disk = array(session, f"DiskMatrix[{r}]")
        x = np.arange(-r, r + 1)
        assert disk.tolist() == ((x[:, None] ** 2 + x[None, :] ** 2)
                                 <= (r + 0.5) ** 2).astype(int).tolist()
    ellipse = array(session, "DiskMatrix[{1, 3}]")
    assert ellipse.shape == (3, 7) and ellipse[1].all() and ellipse[:, 3].all()
    assert not ellipse[0, 0]


def test_structuring_matrices_as_morphology_neighbourhoods(session):
    session.evaluate("dot = Image[Table[If[i == 3 && j == 3, 1, 0], {i, 5}, {j, 5}]]")
    for matrix in ("DiamondMatrix[1]", "CrossMatrix[2]", "DiskMatrix[2]", "BoxMatrix[1]"):
        grown = array(session, f"ImageData[Dilation[dot, {matrix}]]")
        placed = array(session, f"PadLeft[{matrix}, {{5, 5}}, 0, "
                                f"Floor[(5 - Length[{matrix}])/2]]")
        assert grown.tolist() == placed.tolist(), matrix
    assert array(session, "ImageData[Erosion[Dilation[dot, DiskMatrix[1]], DiskMatrix[1]]]"
                 ).tolist() == array(session, "ImageData[dot]").tolist()


def test_structuring_matrices(session):
    assert array(session, "BoxMatrix[{1, 2}]").shape == (3, 5)
    assert array(session, "BoxMatrix[1]").sum() == 9
    assert array(session, "DiamondMatrix[2]").sum() == 13
    assert array(session, "CrossMatrix[2]").sum() == 9
    assert array(session, "CrossMatrix[1, 5]").tolist() == [
        [0, 0, 0, 0, 0], [0, 0, 1, 0, 0], [0, 1, 1, 1, 0], [0, 0, 1, 0, 0], [0, 0, 0, 0, 0]]
    assert array(session, "BoxMatrix[{1, 1, 1}]").shape == (3, 3, 3)


@pytest.mark.parametrize("text, tag", [
    ("GaussianMatrix[-1]", "GaussianMatrix::radius"),
    ("GaussianMatrix[{1, 0}]", "GaussianMatrix::radius"),
    ("GaussianMatrix[2, {1, 0}]", "GaussianMatrix::deriv"),
    ("GaussianMatrix[2, Foo -> 1]", "GaussianMatrix::optx"),
    ('GaussianMatrix[2, Method -> "Box"]', "GaussianMatrix::method"),
    ("BoxMatrix[x]", "BoxMatrix::radius"),
    ("BoxMatrix[1, 0]", "BoxMatrix::size"),
    ("Dilation[Image[{{1, 0}}], {{0, 0}}]", "Dilation::arg"),
])
def test_messages(session, text, tag):
    session.messages.clear()
    assert session.evaluate(text).head.name == text.split("[")[0]
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0]
            for m in session.messages] == [tag]
