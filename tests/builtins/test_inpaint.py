"""Inpaint (wlnet.builtins.inpaint)."""

import numpy as np
import pytest

from wlnet.builtins.inpaint import harmonic_fill
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
