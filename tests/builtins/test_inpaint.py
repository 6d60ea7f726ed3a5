"""Inpaint (wlnet.builtins.inpaint)."""

import numpy as np
import pytest

from wlnet.builtins.inpaint import fast_marching_fill, harmonic_fill, total_variation_fill
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("inpaint"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_a_linear_ramp_is_restored_exactly():
    """A harmonic function (here a plane) under the mask comes back as it was."""
    y, x = np.mgrid[0:12, 0:15]
    ramp = 0.02 * x + 0.03 * y
    masked = np.zeros_like(ramp, dtype=bool)
    masked[3:8, 4:11] = True
    damaged = np.where(masked, 0.0, ramp)
    np.testing.assert_allclose(harmonic_fill(damaged, masked), ramp, atol=1e-10)


def test_unmasked_pixels_are_kept_and_cut_off_regions_too():
    plane = np.array([[0.3, 0.5]])
    np.testing.assert_array_equal(harmonic_fill(plane, np.ones((1, 2), bool)), plane)
    values = np.array([[1.0, 0.0, 1.0]])
    assert harmonic_fill(values, np.array([[False, True, False]]))[0, 1] == 1.0


def _step_with_a_hole():
    y, x = np.mgrid[0:40, 0:40]
    step = (x >= 20).astype(float)
    masked = np.zeros_like(step, dtype=bool)
    masked[15:25, 12:28] = True
    return step, masked


def test_total_variation_carries_an_edge_across_the_hole():
    step, masked = _step_with_a_hole()
    tv = total_variation_fill(np.where(masked, 0.5, step), masked)
    smooth = harmonic_fill(np.where(masked, 0.5, step), masked)
    assert np.abs(tv - step)[masked].max() < 0.05 < np.abs(smooth - step)[masked].max()
    np.testing.assert_array_equal(tv[~masked], step[~masked])


def test_fast_marching_fills_from_the_border_within_the_known_values():
    step, masked = _step_with_a_hole()
    out = fast_marching_fill(np.where(masked, 7.0, step), masked)
    np.testing.assert_array_equal(out[~masked], step[~masked])
    assert out[masked].min() >= 0 and out[masked].max() <= 1
    # far from the edge, each side keeps its value
    assert np.allclose(out[15:25, 12:15], 0, atol=0.01)
    assert np.allclose(out[15:25, 25:28], 1, atol=0.01)
    flat = np.full((9, 9), 0.25)
    hole = np.zeros((9, 9), bool)
    hole[2:7, 3:8] = True
    np.testing.assert_allclose(fast_marching_fill(np.where(hole, 0, flat), hole), flat)
    # a region with no known pixel keeps its values
    everything = np.ones((2, 2), bool)
    np.testing.assert_array_equal(fast_marching_fill(np.full((2, 2), 0.3), everything),
                                  np.full((2, 2), 0.3))


@pytest.mark.parametrize("method", ['"Diffusion"', '"TotalVariation"', '"FastMarching"'])
def test_methods_from_wl(session, method):
    out = session.evaluate(f"Inpaint[Image[{{{{1, 1, 1}}, {{1, 0, 1}}, {{1, 1, 1}}}}], "
                           f"{{{{0, 0, 0}}, {{0, 1, 0}}, {{0, 0, 0}}}}, Method -> {method}]")
    assert np.allclose(out.reals()[:, :, 0], 1.0)


def test_from_wl_with_an_image_mask_and_options_kept(session):
    out = session.evaluate("Inpaint[Image[{{1, 1, 1}, {1, 0, 1}, {1, 1, 1}}, ImageSize -> 9], "
                           "Image[{{0, 0, 0}, {0, 1, 0}, {0, 0, 0}}]]")
    assert np.allclose(out.reals()[:, :, 0], 1.0)
    assert [output_form(r) for r in out.options] == ["ImageSize -> 9"]


@pytest.mark.parametrize("text, tag", [
    ("Inpaint[3, {{1}}]", "imginv"),
    ("Inpaint[Image[{{0.3}}], {{1, 1}}]", "mask"),
    ('Inpaint[Image[{{0.3}}], {{1}}, Method -> "NavierStokes"]', "method"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(f"Inpaint::{tag}" in m for m in session.messages), session.messages
    assert out.startswith("Inpaint["), out


@pytest.mark.parametrize("mask", ["{{1}}", "{{0}}"])
def test_fast_marching_on_one_pixel(session, mask):
    out = session.evaluate(f'Inpaint[Image[{{{{0.5}}}}], {mask}, Method -> "FastMarching"]')
    assert not session.messages and out.reals()[0, 0, 0] == pytest.approx(0.5)
    row = session.evaluate('Inpaint[Image[{{0.2, 0.5, 0.8}}], {{0, 1, 0}}, '
                           'Method -> "FastMarching"]')
    assert row.reals()[0, 1, 0] == pytest.approx(0.5, abs=1e-6)
