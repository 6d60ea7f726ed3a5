"""BilateralFilter (wlnet.builtins.bilateral_filter)."""

import numpy as np
import pytest

from wlnet.builtins.bilateral_filter import bilateral
from wlnet.core.session import Session
from wlnet.syntax.printer import output_form
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("bilateral_filter"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_edges_are_kept_and_noise_smoothed():
    rng = np.random.default_rng(3)
    step = np.where(np.arange(40) < 20, 0.2, 0.8)[None, :].repeat(30, axis=0)
    noisy = step + rng.normal(0, 0.02, step.shape)
    out = bilateral(noisy[:, :, None], 2.0, 0.1, 1)[:, :, 0]
    assert np.abs(out - step).std() < 0.6 * np.abs(noisy - step).std()      # smoother
    assert out[:, :19].max() < 0.3 and out[:, 21:].min() > 0.7               # the edge stays


def test_a_wide_value_spread_is_a_gaussian_blur():
    values = np.zeros((1, 9, 1))
    values[0, 4, 0] = 1.0
    out = bilateral(values, 1.0, 1e6, 1)[0, :, 0]
    assert abs(out.sum() - 1.0) < 0.2 and out[4] < 1 and out[3] == out[5] > 0


def test_colour_images_keep_type_and_options(session):
    out = session.evaluate('BilateralFilter[Image[RandomReal[1, {6, 7, 3}], "Byte", '
                           'ImageSize -> 20], 1, 0.2]')
    assert out.image_type == "Byte" and out.channels == 3
    assert [output_form(r) for r in out.options] == ["ImageSize -> 20"]


@pytest.mark.parametrize("text, tag", [
    ("BilateralFilter[x, 1, 1]", "imginv"),
    ("BilateralFilter[{{1}}, 0, 1]", "spread"),
    ("BilateralFilter[{{1}}, 1, -2]", "spread"),
])
def test_bad_input_is_a_message_and_stays_unevaluated(session, text, tag):
    session.messages.clear()
    out = output_form(session.evaluate(text))
    assert any(f"BilateralFilter::{tag}" in m for m in session.messages), session.messages
    assert out.startswith("BilateralFilter["), out
