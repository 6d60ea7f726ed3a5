"""DerivativeFilter (wlnet.builtins.derivative_filter)."""

import numpy as np
import pytest

from wlnet.builtins.derivative_filter import basis_derivative, spline_derivative
from wlnet.core.expr import to_python
from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("derivative_filter"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_the_cubic_basis_and_its_derivatives_at_the_integers():
    np.testing.assert_allclose(basis_derivative(3, 0), [1 / 6, 2 / 3, 1 / 6])
    np.testing.assert_allclose(basis_derivative(3, 1), [0.5, 0, -0.5])
    np.testing.assert_allclose(basis_derivative(3, 2), [1, -2, 1])


@pytest.mark.parametrize("q, n, tolerance", [(3, 1, 1e-7), (3, 2, 1e-5), (5, 1, 1e-9),
                                             (5, 3, 1e-6)])
def test_periodic_sinusoid_derivatives(q, n, tolerance):
    k = np.arange(64)
    w = 2 * np.pi / 64
    f = np.sin(w * k)
    want = w ** n * np.sin(w * k + n * np.pi / 2)
    got = spline_derivative(f, (n,), q, dict(mode="wrap"))
    assert np.abs(got - want).max() < tolerance


def test_polynomials_inside_and_levels_of_a_matrix(session):
    x = np.arange(40.0)
    np.testing.assert_allclose(spline_derivative(x ** 2, (1,), 3, dict(mode="nearest"))[15:25],
                               2 * x[15:25], atol=1e-6)
    # a matrix: the first level runs down the rows
    rows = to_python(session.evaluate("DerivativeFilter[Table[N[3 i + j], {i, 30}, {j, 30}], "
                                      "{1, 0}]"))
    assert rows[15][15] == pytest.approx(3.0, abs=1e-6)
    several = to_python(session.evaluate("DerivativeFilter[N[Range[30]^2], {{1}, {2}}]"))
    assert several[0][14] == pytest.approx(30.0, abs=1e-5)
    assert several[1][14] == pytest.approx(2.0, abs=1e-5)


def test_gaussian_scale_images_and_messages(session):
    smooth = to_python(session.evaluate("DerivativeFilter[N[Range[30]], {1}, 2]"))
    assert smooth[15] == pytest.approx(1.0, abs=1e-3)         # the Gaussian is truncated
    image = session.evaluate('DerivativeFilter[Image[{{0, 1}, {0, 1}}, "Bit"], {0, 1}]')
    assert image.image_type == "Real32"
    for text, tag in [("DerivativeFilter[x, {1}]", "imginv"),
                      ("DerivativeFilter[{1., 2.}, {1, 1}]", "order"),
                      ("DerivativeFilter[{1., 2.}, {2}, InterpolationOrder -> 1]", "interp"),
                      ("DerivativeFilter[{1., 2.}, {1}, -1]", "sigma")]:
        assert session.evaluate(text).head.name == "DerivativeFilter"
        assert [m.split(":")[2] for m in session.messages] == [tag]
