"""ImageDeconvolve and ListDeconvolve (wlnet.builtins.image_deconvolution)."""

import numpy as np
import pytest

from wlnet.builtins.image_deconvolution import deconvolved
from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("image_deconvolution"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _blurred():
    from scipy import ndimage
    x = np.random.default_rng(0).random((12, 14))
    k = np.outer([1.0, 3, 1], [1.0, 3, 1]) / 25
    return x, k, ndimage.convolve(x, k, mode="wrap")


@pytest.mark.parametrize("method, p", [("Tikhonov", 1e-6), ("DampedLS", 1e-4),
                                       ("Wiener", 1e-9), ("TSVD", 1e-3)])
def test_spectral_methods_invert_a_periodic_blur(method, p):
    x, k, y = _blurred()
    assert np.abs(deconvolved(y, k, method, p, 10, dict(mode="wrap")) - x).max() < 1e-3


@pytest.mark.parametrize("method", ["RichardsonLucy", "SteepestDescent"])
def test_iterative_methods_get_closer_and_stay_nonnegative(method):
    x, k, y = _blurred()
    out = deconvolved(y, k, method, None, 100, dict(mode="wrap"))
    assert out.min() >= 0 and np.abs(out - x).mean() < 0.6 * np.abs(y - x).mean()


def test_an_asymmetric_kernel_is_centred_as_image_convolve_centres_it(session):
    out = session.evaluate('ImageDeconvolve[ImageConvolve[Image[{{0, 0, 1, 0, 0, 0}}], '
                           '{{1, 2, 0}}/3, Padding -> "Periodic"], {{1, 2, 0}}/3, '
                           'Method -> {"Tikhonov", 0}, Padding -> "Periodic"]')
    assert out.reals()[0, :, 0] == pytest.approx([0, 0, 1, 0, 0, 0], abs=1e-5)


def test_images_give_real_images_and_messages(session):
    out = session.evaluate('ImageDeconvolve[Image[RandomInteger[255, {8, 8, 3}], "Byte"], '
                           'GaussianMatrix[1]]')
    assert out.image_type == "Real32" and out.channels == 3
    for text, tag in [("ImageDeconvolve[Image[{{1}}], {{1, 2}}]", "kernel"),
                      ('ImageDeconvolve[Image[{{1, 2}}], {{1}}, Method -> "Foo"]', "method"),
                      ("ImageDeconvolve[Image[{{1, 2}}], {{1}}, MaxIterations -> 0]", "iter"),
                      ("ListDeconvolve[{1}, x]", "data")]:
        assert session.evaluate(text).head.name in ("ImageDeconvolve", "ListDeconvolve")
        assert [m.split(":")[2] for m in session.messages] == [tag]
