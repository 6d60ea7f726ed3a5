"""PeronaMalikFilter (wlnet.builtins.image_diffusion)."""

import numpy as np
import pytest

from wlnet.builtins.image_diffusion import perona_malik
from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("image_diffusion"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def _noisy_step():
    step = np.where(np.arange(40) < 20, 0.2, 0.8)[None, :].repeat(30, axis=0)
    return step, step + np.random.default_rng(0).normal(0, 0.03, step.shape)


def test_noise_is_smoothed_and_the_edge_kept():
    step, noisy = _noisy_step()
    out = perona_malik(noisy, 5, 0.1, 1.0)
    assert np.abs(out - step)[:, 2:18].std() < 0.3 * np.abs(noisy - step)[:, 2:18].std()
    assert out[:, 20].mean() - out[:, 19].mean() > 0.5           # the jump of 0.6 stays
    # a huge k makes it the heat equation, which blurs the edge
    heat = perona_malik(noisy, 5, 1e6, 0.0)
    assert heat[:, 20].mean() - heat[:, 19].mean() < 0.2
    # no flux leaves the image: the total is conserved
    assert out.sum() == pytest.approx(noisy.sum(), rel=1e-12)


def test_from_wl_channels_and_alpha(session):
    out = session.evaluate("PeronaMalikFilter[Image[RandomReal[1, {12, 15, 4}], "
                           "ColorSpace -> \"RGB\"], 2, Automatic, 1]")
    assert (out.width, out.height, out.channels) == (15, 12, 4)
    session.evaluate("PeronaMalikFilter[Image[{{0.5}}], -1]")
    assert [m.split(":")[2] for m in session.messages] == ["arg"]
    assert session.evaluate("PeronaMalikFilter[x]").head.name == "PeronaMalikFilter"


def test_total_variation_operators_are_adjoint():
    from wlnet.builtins.image_diffusion import _divergence, _forward_differences
    rng = np.random.default_rng(1)
    u = rng.random((5, 6, 3))
    p = [rng.random((5, 6, 3)) for _ in range(3)]
    lhs = sum((g * q).sum() for g, q in zip(_forward_differences(u), p))
    assert lhs == pytest.approx(-(u * _divergence(p)).sum(), rel=1e-12)


@pytest.mark.parametrize("model, weight", [("Gaussian", 0.1), ("Laplacian", 0.8),
                                           ("Poisson", 0.1)])
def test_total_variation_denoises_and_keeps_the_edge(model, weight):
    from wlnet.builtins.image_diffusion import total_variation
    step, noisy = _noisy_step()
    out = total_variation(noisy, weight, model, 30)
    assert np.abs(out - step).mean() < 0.7 * np.abs(noisy - step).mean()
    assert out[:, 20].mean() - out[:, 19].mean() > 0.5


def test_laplacian_model_removes_salt_and_pepper():
    from wlnet.builtins.image_diffusion import total_variation
    step, _ = _noisy_step()
    rng = np.random.default_rng(2)
    salt = step.copy()
    hit = rng.random(step.shape) < 0.1
    salt[hit] = rng.integers(0, 2, hit.sum())
    assert np.abs(total_variation(salt, 0.8, "Laplacian", 100) - step).mean() < \
        0.1 * np.abs(salt - step).mean()


def test_total_variation_filter_from_wl(session):
    assert session.evaluate("TotalVariationFilter[{0.5, 0.5, 0.5}]").head.name == "List"
    image = session.evaluate('TotalVariationFilter[Image[RandomReal[1, {8, 9, 3}]], 0.2, '
                             'Method -> "Laplacian", MaxIterations -> 5]')
    assert (image.width, image.height, image.channels) == (9, 8, 3)
    session.evaluate('TotalVariationFilter[{1., 2.}, Method -> "Foo"]')
    assert [m.split(":")[2] for m in session.messages] == ["method"]


def test_curvature_flow_rounds_corners_keeps_edges_and_scales_with_the_values():
    from wlnet.builtins.image_diffusion import curvature_flow
    y, x = np.mgrid[0:41, 0:41]
    square = ((abs(x - 20) < 10) & (abs(y - 20) < 10)).astype(float)
    out = curvature_flow(square, 20, np.inf)
    assert out[11, 11] < 0.1 and out[20, 20] == pytest.approx(1.0)    # the corner goes
    np.testing.assert_allclose(curvature_flow(5 * square, 5, np.inf),
                               5 * curvature_flow(square, 5, np.inf), atol=1e-9)
    step, noisy = _noisy_step()
    smooth = curvature_flow(noisy, 3, np.inf)
    assert np.abs(smooth - step)[:, 3:17].mean() < 0.7 * np.abs(noisy - step)[:, 3:17].mean()
    assert smooth[:, 20].mean() - smooth[:, 19].mean() > 0.5


def test_curvature_flow_filter_from_wl_gives_a_real_image(session):
    out = session.evaluate('CurvatureFlowFilter[Image[RandomInteger[255, {8, 9}], "Byte"], 2, '
                           '0.5]')
    assert out.image_type == "Real32" and (out.width, out.height) == (9, 8)
    assert session.evaluate("CurvatureFlowFilter[Image[{{0.5}}], 1, Infinity]").width == 1


@pytest.mark.parametrize("text", ["PeronaMalikFilter[Image[{{0.5}}]]",
                                  "CurvatureFlowFilter[Image[{{0.5}}]]",
                                  "TotalVariationFilter[Image[{{0.5}}]]",
                                  "PeronaMalikFilter[Image[{{0.5, 0.7}}]]"])
def test_one_pixel_wide_images(session, text):
    out = session.evaluate(text)
    assert not session.messages and out.height == 1
