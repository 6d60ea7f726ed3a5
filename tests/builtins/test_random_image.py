"""RandomImage: sizes, value ranges, colour spaces, repeatability under SeedRandom, and the
messages for a bad range or size."""

import numpy as np
import pytest

from wlnet.core.image import Image
from wlnet.core.session import Session
from tests.builtins._support import check_example, declared_examples


@pytest.fixture
def session():
    return Session()


def test_size_range_and_type(session):
    img = session.evaluate("RandomImage[{0.2, 0.3}, {7, 4}]")
    assert type(img) is Image and (img.width, img.height) == (7, 4)
    values = img.reals()
    assert values.min() >= 0.2 and values.max() <= 0.3 and values.std() > 0
    assert session.evaluate("ImageDimensions[RandomImage[]]") == session.evaluate("{150, 150}")


def test_colour_space_draws_every_channel(session):
    img = session.evaluate('RandomImage[1, 6, ColorSpace -> "RGB"]')
    assert img.channels == 3
    data = img.reals()
    assert not np.allclose(data[..., 0], data[..., 1])


def test_seed_repeats_the_image(session):
    a = session.evaluate("SeedRandom[5]; ImageData[RandomImage[1, 4]]")
    b = session.evaluate("SeedRandom[5]; ImageData[RandomImage[1, 4]]")
    c = session.evaluate("ImageData[RandomImage[1, 4]]")
    assert a == b and a != c


@pytest.mark.parametrize("text, tag", [("RandomImage[x]", "RandomImage::range"),
                                       ("RandomImage[1, {0, 3}]", "RandomImage::size"),
                                       ('RandomImage[1, 3, ColorSpace -> "Nope"]', "RandomImage::space")])
def test_bad_arguments_stay_unevaluated(session, text, tag):
    r = session.evaluate(text)
    assert type(r) is not Image
    assert session.messages and session.messages[0].startswith(tag)


@pytest.mark.parametrize("name,text,expected", declared_examples("random_image"))
def test_declared_examples(name, text, expected):
    check_example(name, text, expected)


def test_random_image_from_a_distribution():
    from wlnet.core.session import Session
    session = Session(echo=False)
    session.evaluate("SeedRandom[3]")
    image = session.evaluate("RandomImage[NormalDistribution[0.5, 0.1], {50, 40}]")
    assert (image.width, image.height) == (50, 40) and not session.messages
    values = image.reals()
    assert abs(values.mean() - 0.5) < 0.02 and 0.07 < values.std() < 0.13
    session.evaluate("SeedRandom[3]")
    assert session.evaluate("RandomImage[NormalDistribution[0.5, 0.1], {50, 40}]") == image


@pytest.mark.parametrize("kind, values", [
    ("Bit", {0, 1}), ("Byte", None), ("Bit16", None), ("Real64", None)])
def test_a_third_argument_converts_to_that_type(session, kind, values):
    img = session.evaluate(f'RandomImage[1, {{40, 30}}, "{kind}"]')
    assert type(img) is Image and img.image_type == kind and (img.width, img.height) == (40, 30)
    if values is not None:
        assert set(np.unique(img.data.astype(int))) == values
    assert 0.3 < img.reals().mean() < 0.7


def test_a_multivariate_distribution_fills_one_channel_a_dimension(session):
    img = session.evaluate("RandomImage[MultinormalDistribution[{0, 5, 10, 15}, "
                           "IdentityMatrix[4]], {30, 20}]")
    assert img.channels == 4 and (img.width, img.height) == (30, 20)
    means = img.reals().reshape(-1, 4).mean(axis=0)
    assert np.allclose(means, [0, 5, 10, 15], atol=0.5)
    hsb = session.evaluate('RandomImage[NormalDistribution[], 8, ColorSpace -> "HSB"]')
    assert hsb.channels == 3 and hsb.color_space == "HSB"
    assert not np.allclose(hsb.reals()[..., 0], hsb.reals()[..., 1])


def test_a_type_that_is_not_one_is_a_message(session):
    assert type(session.evaluate('RandomImage[1, 3, "Foo"]')) is not Image
    assert len(session.messages) == 1 and session.messages[0].startswith("RandomImage::type")
