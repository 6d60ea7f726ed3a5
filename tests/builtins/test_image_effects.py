"""ImageEffect (wlnet.builtins.image_effects): noise, colour and blur effects."""

import numpy as np
import pytest

from wlnet.core.expr import to_python
from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture(scope="module")
def session():
    return Session(echo=False)


@pytest.mark.parametrize("name, text, expected", declared_examples("image_effects"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def data(session, text):
    session.messages.clear()
    got = session.evaluate(f"ImageData[{text}]")
    assert not session.messages, session.messages
    return np.asarray(to_python(got), dtype=float)


def test_noise_effects_are_random_and_repeatable(session):
    session.evaluate("grey = Image[ConstantArray[0.5, {60, 60}]]")
    first = data(session, 'SeedRandom[3]; ImageEffect[grey, {"Noise", 0.2}]')
    again = data(session, 'SeedRandom[3]; ImageEffect[grey, {"Noise", 0.2}]')
    assert np.array_equal(first, again) and np.abs(first - 0.5).max() <= 0.2
    assert abs(first.mean() - 0.5) < 0.02 and first.std() > 0.05
    gaussian = data(session, 'ImageEffect[grey, {"GaussianNoise", 0.1}]')
    assert abs(gaussian.std() - 0.1) < 0.01
    salted = data(session, 'ImageEffect[grey, {"SaltPepperNoise", 0.5}]')
    assert set(np.unique(salted)) == {0.0, 0.5, 1.0}
    assert abs((salted != 0.5).mean() - 0.5) < 0.05
    jittered = data(session, 'ImageEffect[Image[Table[j/10., {3}, {j, 10}]], {"Jitter", 1}]')
    assert np.abs(jittered - np.arange(1, 11) / 10).max() <= 0.1 + 1e-6


def test_colour_and_blur_effects(session):
    assert data(session, 'ImageEffect[Image[{{0., 0.3, 0.6, 1.}}], {"Posterization", 2}]'
                ).tolist() == [[0, 0, 1, 1]]
    assert np.allclose(data(session, 'ImageEffect[Image[{{0.2, 0.8}}], {"Solarization", 0.5}]'),
                       [[0.2, 0.2]])
    assert np.allclose(data(session, 'ImageEffect[Image[{{0, 0, 1, 0, 0}}], '
                                     '{"MotionBlur", 3, 0}]'), [[0, 1 / 3, 1 / 3, 1 / 3, 0]])
    vertical = data(session, 'ImageEffect[Image[{{0}, {0}, {1}, {0}, {0}}], '
                             '{"MotionBlur", 3, Pi/2}]')
    assert np.allclose(vertical[:, 0], [0, 1 / 3, 1 / 3, 1 / 3, 0])
    # alpha kept, a Byte image stays Byte (clipped)
    assert data(session, 'ImageEffect[Image[{{{0.2, 1.}}}], {"Solarization", 0.1}]'
                ).tolist() == [[[pytest.approx(0.8), 1.0]]]
    assert session.evaluate('ImageType[ImageEffect[Image[{{0, 255}}, "Byte"], '
                            '"GaussianNoise"]]').value == "Byte"


@pytest.mark.parametrize("text, tag", [
    ('ImageEffect[Image[{{0.5}}], "Sparkle"]', "ImageEffect::effect"),
    ('ImageEffect[Image[{{0.5}}], {"Posterization", 1}]', "ImageEffect::effect"),
    ('ImageEffect[Image[{{0.5}}], {"Noise", -1}]', "ImageEffect::effect"),
    ('ImageEffect[5, "Noise"]', "ImageEffect::imginv"),
])
def test_messages(session, text, tag):
    session.messages.clear()
    assert session.evaluate(text).head.name == "ImageEffect"
    assert [m.split(":")[0] + "::" + m.split("::")[1].split(":")[0]
            for m in session.messages] == [tag]
